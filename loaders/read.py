"""Read the raw cell grids of a workbook (.xlsx/.xls) or a folder of CSV files.

This is the only module of the loaders that touches files. It returns every
sheet as a grid of text cells (``None`` for empty), with the Excel row number of
the grid's first row, and leaves headers, names and numbers to
:mod:`liangxin.loaders.validate`.
"""

import logging
import math
import os
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import numpy as np
import pandas as pd

from liangxin.errors import LiangxinInputError

__all__ = ["RawSheet", "read_raw_sheets", "decode_csv_bytes", "EXCEL_SUFFIXES"]

log = logging.getLogger(__name__)

EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
_WIDER_LINE = re.compile(r"Expected \d+ fields in line \d+, saw (\d+)")
_MAX_WIDTH_RETRIES = 20  # each retry widens to a line wider than all before it


@dataclass
class RawSheet:
    """A sheet as read: text cells, ``None`` where empty.

    ``grid`` row ``i`` is Excel row ``i + 1`` (the grid always starts at A1).
    """

    name: str
    source: str
    grid: pd.DataFrame
    hidden: bool = False  # hidden in Excel: an old copy, often
    #: Cells merged down one column, as ``(top row, column, bottom row)`` of ``grid``: only the
    #: top cell holds the value. Validation gives it to the data rows below (see there).
    merged_down: tuple = ()


def _cell_text(value):
    """Return a cell as Excel shows it in text form, or ``None`` when empty."""
    if value is None:
        return None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return str(value).strip() or None


def _grid_from_rows(rows):
    width = max((len(row) for row in rows), default=0)
    cells = np.empty((len(rows), width), dtype=object)
    for r, row in enumerate(rows):
        cells[r, :len(row)] = [_cell_text(v) for v in row]
    # object, not pandas' inferred "str": downstream code relies on None for empty cells
    return pd.DataFrame(cells, dtype=object)


def _read_excel(path):
    import python_calamine

    try:
        with open(path, "rb"):
            pass
    except OSError:
        raise _unreadable(path) from None
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as error:  # calamine raises its own classes for every unreadable file
        log.debug("calamine could not open %s: %s", path, error)
        raise LiangxinInputError(
            f"无法读取文件 {path}：不是有效的 Excel 工作簿（文件可能已损坏，或并非 Excel 文件；"
            "请用 Excel/WPS 打开后另存为 .xlsx）"
        ) from None
    sheets = {}
    hidden = _hidden_sheets(workbook)
    for name in workbook.sheet_names:
        try:
            sheet = workbook.get_sheet_by_name(name)
            rows = sheet.to_python(skip_empty_area=False)
        except Exception as error:
            log.debug("calamine could not read sheet %s of %s: %s", name, path, error)
            raise LiangxinInputError(f"无法读取文件 {path} 的工作表“{name}”：工作表已损坏，请用 Excel/WPS 打开后另存") \
                from None
        sheets[name] = RawSheet(name, str(path), _grid_from_rows(rows), hidden=name in hidden,
                                merged_down=_merged_down(sheet))
    return sheets


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


def decode_csv_bytes(data):
    """Return the encoding a CSV exported by Excel or WPS was written in.

    UTF-8 (with or without BOM) is tried first and strictly: GB18030 text
    almost never decodes as UTF-8, while GB18030 decodes nearly any bytes.

    Examples
    --------
    >>> decode_csv_bytes("街道".encode("gb18030"))
    'gb18030'
    >>> decode_csv_bytes("街道".encode("utf-8-sig"))
    'utf-8-sig'
    """
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8-sig"
    try:
        data.decode("gb18030")
    except UnicodeDecodeError as error:
        raise UnicodeDecodeError(error.encoding, error.object, error.start, error.end,
                                 "neither UTF-8 nor GB18030") from None
    return "gb18030"


def _stripped(column):
    """Trim a column of text cells (None where empty), each distinct value once."""
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    trimmed = np.array([value.strip() if isinstance(value, str) else None for value in uniques], dtype=object)
    trimmed[trimmed == ""] = None
    result = np.full(len(codes), None, dtype=object)
    present = codes >= 0
    result[present] = trimmed[codes[present]]
    return result


def _unreadable(path):
    return LiangxinInputError(f"无法读取文件 {path}：没有读取权限，或文件正被其他程序独占打开")


def _read_csv(path):
    try:
        data = path.read_bytes()
    except OSError:
        raise _unreadable(path) from None
    try:
        encoding = decode_csv_bytes(data)
    except UnicodeDecodeError:
        raise LiangxinInputError(
            f"无法读取文件 {path}：编码既不是 UTF-8 也不是 GB18030，请在 Excel 中另存为“CSV UTF-8”"
        ) from None
    if not data.strip():
        return pd.DataFrame(dtype=object)
    del data
    width = None
    for _ in range(_MAX_WIDTH_RETRIES):
        try:
            grid = pd.read_csv(path, header=None, names=range(width) if width else None, dtype=object,
                               encoding=encoding, keep_default_na=False, na_filter=False,
                               skip_blank_lines=False, engine="c")
            break
        except pd.errors.ParserError as error:
            # pandas takes the width from the first line; a title row written without the
            # trailing commas of the table below it is still a valid CSV file: read it again as
            # wide as the wider line pandas names. Any other parser error is a broken file.
            wider = _WIDER_LINE.search(str(error))
            log.debug("pandas could not parse %s: %s", path, error)
            if not wider:
                raise _not_a_csv(path) from None
            width = int(wider.group(1))
        except Exception as error:
            log.debug("pandas could not parse %s: %s", path, error)
            raise _not_a_csv(path) from None
    else:
        raise _not_a_csv(path)
    return pd.DataFrame({i: _stripped(grid[column]) for i, column in enumerate(grid.columns)}, dtype=object)


def _not_a_csv(path):
    return LiangxinInputError(f"无法读取文件 {path}：不是有效的 CSV 文件（请用 Excel/WPS 另存为“CSV UTF-8”）")


def _read_csv_folder(folder):
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".csv" and p.is_file())
    if not files:
        raise LiangxinInputError(f"文件夹 {folder} 中没有 CSV 文件（每个工作表一个，如 两新组织.csv）")
    return {p.stem: RawSheet(p.stem, str(p), _read_csv(p)) for p in files}


def read_raw_sheets(path):
    """Read every sheet of `path` as a grid of text cells.

    Parameters
    ----------
    path : str or Path
        A ``.xlsx``/``.xls`` workbook, or a folder holding one CSV file per sheet.

    Returns
    -------
    dict of str to RawSheet
        Keyed by sheet name as written (file stem for CSV).

    Raises
    ------
    LiangxinInputError
        The file does not exist, is empty or is not a workbook.

    Examples
    --------
    >>> sheets = read_raw_sheets(handmade_path)  # tests/fixtures/handmade.py
    >>> list(sheets)
    ['街道社区', '两新组织', '挂点促建', '驻街保建', '主管包建', '党群共建', '责任容量']
    >>> sheets["两新组织"].grid.iloc[0, 0]  # a title above the header
    '两新组织基本情况表（2019年4月）'
    """
    path = Path(path)
    if not path.exists():
        raise LiangxinInputError(f"找不到输入文件 {path}")
    if path.is_dir():
        return _read_csv_folder(path)
    if path.stat().st_size == 0:
        raise LiangxinInputError(f"无法读取文件 {path}：文件是空的")
    if path.suffix.lower() == ".csv":
        return {path.stem: RawSheet(path.stem, str(path), _read_csv(path))}
    if path.suffix.lower() not in EXCEL_SUFFIXES:
        raise LiangxinInputError(
            f"无法读取文件 {path}：只支持 .xlsx、.xls 工作簿或 CSV 文件夹"
        )
    log.debug("reading workbook %s (%d bytes)", path, os.path.getsize(path))
    return _read_excel(path)
