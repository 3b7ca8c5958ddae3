"""Read the raw cell grids of a workbook (.xlsx/.xls) or a folder of CSV files.

This is the only module of the loaders that touches files. It returns every
sheet as a grid of text cells (``None`` for empty), with the Excel row number of
the grid's first row, and leaves headers, names and numbers to
:mod:`liangxin.loaders.validate`.
"""

import errno
import logging
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from liangxin.errors import LiangxinInputError
from liangxin.loaders import limits as _limits
from liangxin.loaders.read_csv import decode_csv_bytes, read_csv_grid
from liangxin.loaders.read_excel import grid_from_rows as _grid_from_rows, read_workbook  # noqa: F401 (tests)

__all__ = ["RawSheet", "read_raw_sheets", "decode_csv_bytes", "EXCEL_SUFFIXES", "unreadable"]

log = logging.getLogger(__name__)

EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")


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
    #: What the reader noticed about single cells, for the sheet's 数据问题: dicts with the Excel
    #: ``row``, the cell as ``column`` (``H5``) and the ``reason`` (an Excel error value, a quote
    #: that made many lines one cell).
    notes: tuple = ()


def unreadable(path):
    """The error for a file that exists but cannot be opened."""
    return LiangxinInputError(f"无法读取文件 {path}：没有读取权限，或文件正被其他程序独占打开")


def _read_excel(path, limits):
    return {sheet.name: RawSheet(sheet.name, str(path), sheet.grid, hidden=sheet.hidden,
                                 merged_down=sheet.merged_down, notes=sheet.notes)
            for sheet in read_workbook(path, limits)}


def _read_csv(path, limits):
    grid, notes = read_csv_grid(path, limits)
    return RawSheet(path.stem, str(path), grid, notes=notes)


def _read_csv_folder(folder, limits):
    try:
        files = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".csv" and p.is_file())
    except OSError:
        raise unreadable(folder) from None
    if not files:
        raise LiangxinInputError(f"文件夹 {folder} 中没有 CSV 文件（每个工作表一个，如 两新组织.csv）")
    stems = {}
    for file in files:
        stems.setdefault(file.stem, []).append(file.name)
    for stem, names in stems.items():
        if len(names) > 1:  # 两新组织.CSV beside 两新组织.csv: which one is the table?
            raise LiangxinInputError(f"文件夹 {folder} 中有 {len(names)} 个文件都是工作表“{stem}”："
                                     f"{'、'.join(names)}；请只保留一个")
    return {p.stem: _read_csv(p, limits) for p in files}


def _check_path(path):
    """Refuse what is not a readable file or folder, saying what it is instead."""
    try:
        path.stat()
    except FileNotFoundError:
        if os.path.lexists(path):
            raise LiangxinInputError(f"无法读取文件 {path}：它是指向不存在位置的快捷方式（符号链接）") from None
        raise LiangxinInputError(f"找不到输入文件 {path}") from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise LiangxinInputError(f"无法读取文件 {path}：符号链接指向自身（循环链接）") from None
        raise unreadable(path) from None
    if not path.is_dir() and not path.is_file():
        raise LiangxinInputError(f"无法读取文件 {path}：它不是普通文件（可能是管道或设备），请给出工作簿或 CSV 文件夹")


def read_raw_sheets(path, limits=None):
    """Read every sheet of `path` as a grid of text cells.

    Parameters
    ----------
    path : str or Path
        A ``.xlsx``/``.xls`` workbook, or a folder holding one CSV file per sheet.
    limits : ReadLimits, optional
        What to refuse to read; by default :func:`liangxin.loaders.limits.current`.

    Returns
    -------
    dict of str to RawSheet
        Keyed by sheet name as written (file stem for CSV).

    Raises
    ------
    LiangxinInputError
        The file does not exist, is empty or is not a workbook, or reaches past `limits`.

    Examples
    --------
    >>> sheets = read_raw_sheets(handmade_path)  # tests/fixtures/handmade.py
    >>> list(sheets)
    ['街道社区', '两新组织', '挂点促建', '驻街保建', '主管包建', '党群共建', '责任容量']
    >>> sheets["两新组织"].grid.iloc[0, 0]  # a title above the header
    '两新组织基本情况表（2019年4月）'
    """
    path = Path(path)
    limits = limits or _limits.current()
    _check_path(path)
    if path.is_dir():
        return _read_csv_folder(path, limits)
    if path.stat().st_size == 0:
        raise LiangxinInputError(f"无法读取文件 {path}：文件是空的")
    if path.suffix.lower() == ".csv":
        return {path.stem: _read_csv(path, limits)}
    if path.suffix.lower() not in EXCEL_SUFFIXES:
        raise LiangxinInputError(
            f"无法读取文件 {path}：只支持 .xlsx、.xlsm、.xls、.ods 工作簿，CSV 文件或 CSV 文件夹"
        )
    log.debug("reading workbook %s (%d bytes)", path, os.path.getsize(path))
    return _read_excel(path, limits)
