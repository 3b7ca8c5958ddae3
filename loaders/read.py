"""Read the raw cell grids of a workbook (.xlsx/.xls) or a folder of CSV files.

This is the only module of the loaders that touches files. It returns every
sheet as a grid of text cells (``None`` for empty), with the Excel row number of
the grid's first row, and leaves headers, names and numbers to
:mod:`liangxin.loaders.validate`.
"""

import errno
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from liangxin.errors import LiangxinInputError
from liangxin.loaders import limits as _limits
from liangxin.loaders.read_csv import decode_csv_bytes, read_csv_grid
from liangxin.loaders.read_excel import grid_from_rows as _grid_from_rows, read_workbook  # noqa: F401 (tests)

__all__ = ["RawSheet", "Submission", "read_raw_sheets", "read_submissions", "decode_csv_bytes", "EXCEL_SUFFIXES",
           "unreadable"]

log = logging.getLogger(__name__)

EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
#: Files a folder of submissions holds that are nobody's submission: Excel's lock file of a
#: workbook open right now (``~$台账.xlsx``), Windows' and macOS' folder files. Passed over silently.
_NOT_SUBMISSIONS = re.compile(r"(?:~\$.*|\..*|thumbs\.db|desktop\.ini)", re.IGNORECASE)
#: What liangxin writes (analyze, diff, trend, bulletin): in a folder of submissions (an output
#: folder put inside it), listed as not read. report.xlsx's 未覆盖组织 has 两新组织's header, and
#: findings.csv's name/street/community columns fit 街道社区: read, they would double the data.
_OUR_OUTPUTS = ("report.xlsx", "findings.csv", "diff.xlsx", "trend.xlsx", "_附件名单.xlsx")


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
    #: How problems name the file the sheet came from (:class:`Submission`); None: by `source`.
    file: str = None


@dataclass
class Submission:
    """One file of the input, with its sheets.

    ``file`` names it in every problem: its path relative to the INPUT folder with ``/`` between
    folders (``平湖街道/两新组织.xlsx``), or the file's name when INPUT is one file.
    """

    file: str
    sheets: dict
    #: Set for a file in a folder that is no workbook or CSV file: why it was not read.
    skipped: str = ""


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


def _folder_files(folder):
    """The files of a folder of submissions and of its subfolders one level down, in the order of
    their paths' Unicode code points (INPUT.md: the first of two rows is then well defined);
    ``(files, deeper)``: deeper folders are not read."""
    files, deeper = [], []
    try:
        for entry in folder.iterdir():
            if _NOT_SUBMISSIONS.fullmatch(entry.name):
                continue
            if entry.is_dir():
                for inner in entry.iterdir():
                    if _NOT_SUBMISSIONS.fullmatch(inner.name):
                        continue
                    (deeper if inner.is_dir() else files).append(inner)
            else:
                files.append(entry)
    except OSError:
        raise unreadable(folder) from None
    return sorted(files, key=lambda p: p.relative_to(folder).as_posix()), sorted(deeper)


def _refuse_twin_csvs(folder, files):
    """两新组织.CSV beside 两新组织.csv in one folder: which one is the table?"""
    stems = {}
    for file in files:
        if file.suffix.lower() == ".csv":
            stems.setdefault((file.parent, file.stem), []).append(file.name)
    for (parent, stem), names in stems.items():
        if len(names) > 1:
            raise LiangxinInputError(f"文件夹 {parent} 中有 {len(names)} 个文件都是工作表“{stem}”："
                                     f"{'、'.join(names)}；请只保留一个")


def _read_file(path, limits):
    """The sheets of one workbook or CSV file."""
    if path.suffix.lower() == ".csv":
        return {path.stem: _read_csv(path, limits)}
    if path.stat().st_size == 0:
        raise LiangxinInputError(f"无法读取文件 {path}：文件是空的")
    log.debug("reading workbook %s (%d bytes)", path, os.path.getsize(path))
    return _read_excel(path, limits)


def read_submissions(path, limits=None) -> list:
    """Read every file of the input: a list of :class:`Submission`, in the order they are read.

    `path` is one workbook or CSV file, or a folder of submissions: any mix of .xlsx, .xls and
    CSV files, also in subfolders one level down (one per street), read in the order of
    their paths' Unicode code points, as INPUT.md fixes it. A file that cannot be read raises, naming it; a file
    of another kind (.docx, .pdf) and a folder two levels down are listed as skipped. Excel's lock
    files (``~$台账.xlsx``) and hidden files are passed over.

    Examples
    --------
    >>> [(s.file, list(s.sheets)[:2]) for s in read_submissions(handmade_path)]
    [('handmade.xlsx', ['街道社区', '两新组织'])]
    """
    path = Path(path)
    limits = limits or _limits.current()
    _check_path(path)
    if not path.is_dir():
        return [Submission(path.name, read_raw_sheets(path, limits))]
    files, deeper = _folder_files(path)
    readable = [f for f in files if f.suffix.lower() in (*EXCEL_SUFFIXES, ".csv")]
    if not readable:
        raise LiangxinInputError(f"文件夹 {path} 中没有 CSV 文件，也没有 Excel 工作簿（.xlsx、.xls）；"
                                 "请放入各单位报送的表格（如 两新组织.xlsx、附件1.xlsx）")
    _refuse_twin_csvs(path, readable)
    readable_set = set(readable)
    submissions = []
    for file in files:
        relative = file.relative_to(path).as_posix()
        if file.name.endswith(_OUR_OUTPUTS):
            submissions.append(Submission(relative, {}, skipped="是 liangxin 输出的结果文件"))
        elif file in readable_set:
            _check_path(file)
            submissions.append(Submission(relative, _read_file(file, limits)))
        else:
            submissions.append(Submission(relative, {}, skipped="不是 Excel 工作簿或 CSV 文件"))
    submissions.extend(Submission(p.relative_to(path).as_posix() + "/", {}, skipped="是第二层子文件夹，只读取第一层子文件夹")
                       for p in deeper)
    return submissions


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
