"""Read the sheets of a workbook (.xlsx, .xlsm, .xls, .ods) as grids of text cells.

calamine does the reading. Before it opens a .xlsx package, :mod:`liangxin.loaders.xlsx_scan`
checks what could make it abort or swell (a far cell, a packed bomb, a password); before a sheet
of any format becomes Python objects, its extent is checked again.
"""

import logging
import math
import zipfile
from datetime import date, datetime, time

import numpy as np
import pandas as pd

from liangxin.errors import LiangxinInputError
from liangxin.loaders.limits import cell_name, current
from liangxin.loaders import xls_scan
from liangxin.loaders.ods_scan import ods_extents
from liangxin.loaders.xlsx_scan import SheetScan, check_package, is_encrypted_package, refuse_far, scan_sheets

__all__ = ["read_workbook", "cell_text", "grid_from_rows", "ExcelSheet"]

log = logging.getLogger(__name__)

#: Excel keeps 15 significant digits of a number; more were lost when the cell was typed.
_EXCEL_DIGITS = 15


class ExcelSheet:
    """One sheet as read: its name, text grid, whether hidden, merges and notes."""

    def __init__(self, name, grid, hidden, merged_down, notes):
        self.name, self.grid, self.hidden, self.merged_down, self.notes = name, grid, hidden, merged_down, notes


def _number_text(value):
    """A number cell as Excel shows it.

    A whole number of at most 15 significant digits is its digits. One of more (a credit code
    or an ID typed into a number cell) lost its last digits when it was typed, and reads as Excel
    shows it, ``9.14403001234588E+17``: not a code, so it fails the code check rather than
    becoming another organization's code.
    """
    if math.isnan(value) or math.isinf(value):
        return None
    if value.is_integer():
        digits = str(int(value))
        if len(digits.lstrip("-").rstrip("0")) <= _EXCEL_DIGITS:
            return digits
    text = format(value, f".{_EXCEL_DIGITS}g")
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    return f"{mantissa}E{exponent[0]}{int(exponent[1:]):02d}"


def cell_text(value):
    """Return a cell as Excel shows it in text form, or ``None`` when empty.

    Examples
    --------
    >>> cell_text(120.0), cell_text(12.5), cell_text(" 文本\u3000"), cell_text("")
    ('120', '12.5', '文本', None)
    >>> cell_text(914403001234588001.0), cell_text(0.1 + 0.2)
    ('9.14403001234588E+17', '0.3')
    """
    if value is None:
        return None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value.is_integer() and -1e15 < value < 1e15:  # most numbers: a count, a year
            return str(int(value))
        return _number_text(value)
    if isinstance(value, int):  # exact: its digits, however many
        return str(value)
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return str(value).strip() or None


def grid_from_rows(rows, where="", limits=None):
    """The grid of text cells of `rows` (lists of cell values as calamine gives them)."""
    limits = limits or current()
    width = max((len(row) for row in rows), default=0)
    cells = np.empty((len(rows), width), dtype=object)
    for r, row in enumerate(rows):
        texts = [cell_text(v) for v in row]
        if max(map(len, filter(None, texts)), default=0) > limits.max_cell_chars:
            _refuse_long_text(texts, r, where, limits)
        cells[r, :len(row)] = texts
    # object, not pandas' inferred "str": downstream code relies on None for empty cells
    return pd.DataFrame(cells, dtype=object)


def _refuse_long_text(texts, row, where, limits):
    column, length = max(enumerate(len(t or "") for t in texts), key=lambda item: item[1])
    raise LiangxinInputError(
        f"{where}的单元格 {cell_name(row, column)} 有 {length:,} 个字符，超过每格字符数上限 "
        f"{limits.max_cell_chars:,}（Excel 单元格最多 32,767 个字符；规则文件 [limits] 的 max_cell_chars）")


def _not_a_workbook(path):
    return LiangxinInputError(
        f"无法读取文件 {path}：不是有效的 Excel 工作簿（文件可能已损坏，或并非 Excel 文件；"
        "请用 Excel/WPS 打开后另存为 .xlsx）")


def _has_password(path):
    return LiangxinInputError(f"无法读取文件 {path}：工作簿设有打开密码。请在 Excel/WPS 中打开，"
                              "取消密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空）后另存，再运行")


def _check(path, limits):
    """Everything looked at before calamine opens `path`; the scans of a .xlsx package's sheets.

    A check that cannot read what it looks for leaves the file to calamine, which then reads it
    or says what is wrong with it; only a file past the limits or with a password stops here.
    """
    try:
        if is_encrypted_package(path) or xls_scan.has_password(path):
            raise _has_password(path)
        extents = ods_extents(path) if path.suffix.lower() == ".ods" else xls_scan.declared_extents(path)
        for name, (rows, columns) in extents.items():  # .xls: what each sheet declares; .ods: its repeats
            if rows and columns:
                refuse_far(path, name, SheetScan(rows, columns, cell_name(rows - 1, columns - 1)), limits)
        if not zipfile.is_zipfile(path):
            return {}
        with zipfile.ZipFile(path) as archive:
            check_package(path, archive, limits)
            return scan_sheets(path, archive, limits)
    except LiangxinInputError:
        raise
    except Exception as error:  # zipfile, zlib, struct … on a damaged file: calamine will say so
        log.debug("could not look inside %s: %s", path, error)
        return {}


def _open(path, limits):
    """Check the file, then open it with calamine: ``(workbook, scans)``."""
    import python_calamine

    scans = _check(path, limits)
    try:
        return python_calamine.CalamineWorkbook.from_path(str(path)), scans
    except Exception as error:  # calamine raises its own classes for every unreadable file
        log.debug("calamine could not open %s: %s", path, error)
        if "password" in str(error).lower() or "encrypt" in str(error).lower():
            raise _has_password(path) from None
        raise _not_a_workbook(path) from None


def read_workbook(path, limits):
    """Read every sheet of the workbook `path`; a list of :class:`ExcelSheet`."""
    try:
        with open(path, "rb"):
            pass
    except OSError:
        from liangxin.loaders.read import unreadable

        raise unreadable(path) from None
    workbook, scans = _open(path, limits)
    hidden = _hidden_sheets(workbook)
    sheets = []
    for name in workbook.sheet_names:
        where = f"文件 {path} 的工作表“{name}”"
        try:
            sheet = workbook.get_sheet_by_name(name)
            _refuse_large(sheet, where, limits)
            rows = sheet.to_python(skip_empty_area=False)
        except LiangxinInputError:
            raise
        except Exception as error:
            log.debug("calamine could not read sheet %s of %s: %s", name, path, error)
            raise LiangxinInputError(f"无法读取{where}：工作表已损坏，请用 Excel/WPS 打开后另存") from None
        grid = grid_from_rows(rows, where, limits)
        del rows
        notes = _error_values(grid, scans.get(name, SheetScan()))
        sheets.append(ExcelSheet(name, grid, name in hidden, _merged_down(sheet), notes))
    return sheets


def _refuse_large(sheet, where, limits):
    """Before a sheet becomes Python objects: its extent within the limits (.xls and .ods have no scan)."""
    height, width = sheet.height, sheet.width
    if width > limits.max_columns or height * width > limits.max_cells:
        raise LiangxinInputError(
            f"{where}的内容一直延伸到 {cell_name(height - 1, width - 1)}（{height:,} 行 × {width:,} 列），"
            f"超过上限（{limits.max_columns:,} 列、{limits.max_cells:,} 个单元格，规则文件 [limits] 的 "
            "max_columns、max_cells）；请删除表格下方和右侧多余的单元格后另存")


def _error_values(grid, scan):
    """Put each Excel error value (#N/A …) in its cell as Excel shows it, and note where it is.

    calamine reads an error cell as empty: ``#N/A`` in 党组织状态 would read as 未组建.
    """
    notes = []
    for row, column, text in scan.errors:
        if row < grid.shape[0] and column < grid.shape[1] and grid.iat[row, column] is None:
            grid.iat[row, column] = text
            notes.append({"row": row + 1, "column": cell_name(row, column), "code": "EXCEL_ERROR_VALUE",
                          "reason": f"单元格 {cell_name(row, column)} 是 Excel 错误值 {text}（公式出错），"
                                    "按原样读取；请修正公式或填写数值"})
    return tuple(notes)


def _hidden_sheets(workbook):
    import python_calamine

    try:
        return {sheet.name for sheet in workbook.sheets_metadata
                if sheet.visible != python_calamine.SheetVisibleEnum.Visible}
    except Exception as error:  # a format without the flag
        log.debug("no sheet visibility: %s", error)
        return set()


def _merged_down(sheet):
    """The sheet's cells merged down one column: ``(top, column, bottom)``, 0-based.

    Merges across columns (titles, group headers) are left out: the header reading handles those.
    """
    try:
        ranges = sheet.merged_cell_ranges or []
    except Exception as error:  # a format calamine keeps no merges for
        log.debug("no merged cells for sheet %s: %s", sheet.name, error)
        return ()
    return tuple((top, left, bottom) for (top, left), (bottom, right) in ranges if left == right and bottom > top)
