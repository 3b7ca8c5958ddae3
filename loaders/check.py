"""``liangxin check``: validate the input and return each file marked up, for 退回修改.

Validation only (INPUT.md): the loaders read and validate, nothing is built or analysed. Every
input file gets a copy in the output folder under the same relative name (a CSV, .xls or .ods
file an .xlsx copy), with each problem on its cell: a fill (light red where the row was
rejected, light yellow for a warning) and a comment giving the reason; a problem of a whole
row without a column is put on the row's first cell, one of a column on its header cell. A
问题清单 sheet in front lists them all with links to the cells. Values are never changed.

Where a required sheet or column is missing no row can be checked: each copy's 问题清单 then
lists what is missing, under the code ``STRUCTURAL`` (not a row problem of
:mod:`liangxin.loaders.reasons`: ``analyze`` stops on it with exit status 2).

Problems are grouped by their ``file`` where the problems table has that column (a folder of
submissions), else by the file each contract sheet was read from.
"""

import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from liangxin.errors import LiangxinInputError, OutputError
from liangxin.loaders.headers import read_header
from liangxin.loaders.limits import column_index
from liangxin.loaders.markup_copy import excel_sheet_names, write_copy
from liangxin.loaders.markup_sheet import listing_rows
from liangxin.loaders.markup_xlsx import mark_xlsx
from liangxin.loaders.matching import match_sheets
from liangxin.loaders.read import read_raw_sheets, read_submissions  # noqa: F401 (doctests)
from liangxin.loaders.rows import headers_as_written
from liangxin.loaders.sheets import sheet_spec
from liangxin.loaders.validate import validate_sheets

__all__ = ["FileCheck", "check_input", "locate"]

log = logging.getLogger(__name__)

#: A problem's column that names one cell (an Excel error value, a CSV cell over many lines).
_CELL_NAME = re.compile(r"([A-Z]{1,3})(\d+)")
#: Copies written as they are (patched); other files become an .xlsx copy.
_PATCHED = (".xlsx", ".xlsm")


@dataclass
class FileCheck:
    """What ``check`` found in one input file and where its marked-up copy is."""

    file: str
    copy: Path | None
    rows_read: int
    rows_rejected: int
    warnings: int
    #: What stopped the rows from being checked at all: a required sheet or column missing.
    structural: tuple = ()
    #: Why a file of the folder was not read (not a workbook or CSV file); it has no copy.
    skipped: str = ""

    @property
    def clean(self) -> bool:
        return not self.rows_rejected and not self.warnings and not self.structural


def _sheets_by_file(submissions):
    """``{(file, canonical sheet): RawSheet}``: each file's sheets matched as validation matches them."""
    return {(submission.file, sheet): raw for submission in submissions
            for sheet, raw in match_sheets(submission.sheets)[0].items()}


def _columns(raw, sheet):
    """Column name → grid column of `raw` read as `sheet`: the canonical names and the headers as
    written (a problem names its column so, ``党员人数`` read as 党员数); empty when the header fails."""
    header = read_header(raw, sheet_spec(sheet), [], [])
    if header is None:
        return {}
    columns = {}
    for col, name in header.mapping.items():
        columns.setdefault(name, col)
    for name, written in headers_as_written(raw.grid, header).items():
        columns.setdefault(written, columns.get(name))
    return columns


def locate(problems, submissions):
    """The problems with the sheet as written and the cell each is marked on.

    Returns `problems` with ``raw_sheet`` (None where no sheet was read) and ``col`` (0-based) added;
    a problem of a whole row or sheet without a column is put on the row's first cell.

    Examples
    --------
    >>> submissions = read_submissions(handmade_path)
    >>> located = locate(validate_sheets(submissions, str(handmade_path)).problems, submissions)
    >>> first = located[located["code"] == "INVALID_CREDIT_CODE"].iloc[0]
    >>> first["file"], first["raw_sheet"], int(first["row"]), int(first["col"])  # C5: 序号, 组织名称, the code
    ('handmade.xlsx', '两新组织', 5, 2)
    """
    sheets = _sheets_by_file(submissions)
    columns = {key: _columns(raw, key[1]) for key, raw in sheets.items()}
    raw_names, cols = [], []
    for file, sheet, column in zip(problems["file"], problems["sheet"], problems["column"]):
        raw = sheets.get((file, sheet))
        raw_names.append(raw.name if raw is not None else None)
        column = column if isinstance(column, str) else ""
        cell = _CELL_NAME.fullmatch(column)
        if cell:
            cols.append(column_index(cell.group(1)))
        else:
            cols.append(columns.get((file, sheet), {}).get(column) or 0)
    return problems.assign(raw_sheet=raw_names, col=np.array(cols, dtype=np.int64))


def _copy_name(relative, taken):
    """The copy's name: a workbook keeps its own; another file becomes .xlsx, named for its kind
    (附件1（xls）.xlsx) where that name is taken. Workbooks are named first (see :func:`_targets`)."""
    name = Path(relative)
    if name.suffix.lower() not in _PATCHED:
        name = name.with_suffix(".xlsx")
        if name.as_posix().lower() in taken:  # 附件1.xls beside 附件1.xlsx
            name = name.with_name(f"{Path(relative).stem}（{Path(relative).suffix.lstrip('.')}）.xlsx")
    taken.add(name.as_posix().lower())
    return name


def _counts(tables, file):
    counts = tables.row_counts[tables.row_counts["file"] == file]
    return int(counts["rows_read"].sum()), int(counts["rows_rejected"].sum())


def _write_one(source, target, located, raw_sheets):
    """Write the marked-up copy of `source` to `target`, whole or not at all."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.liangxin-partial")
    if source.suffix.lower() == ".csv":  # its sheet is named after the file: as Excel allows in the copy
        names = excel_sheet_names(raw.name for raw in raw_sheets.values())
        located = located.assign(raw_sheet=located["raw_sheet"].map(lambda n: names.get(n, n)))
    listing = listing_rows(located)
    try:
        if not (source.suffix.lower() in _PATCHED and target.suffix == source.suffix
                and mark_xlsx(source, partial, located, listing)):
            if target.suffix.lower() != ".xlsx":
                target = target.with_suffix(".xlsx")
            write_copy(source, partial, located, listing, raw_sheets)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def _targets(sources, root, out_dir):
    """Where each input file's copy goes (by its ``file``); never onto an input file, nor into the
    input folder (whose files, and subfolders, are the submissions: the copies would be read as more)."""
    if Path(root).is_dir() and Path(out_dir).resolve().is_relative_to(Path(root).resolve()):
        raise OutputError(f"输出文件夹 {out_dir} 在输入文件夹 {root} 里面，副本会被当作新的报送文件读入；"
                          "请用输入文件夹以外的文件夹作 --out")
    targets, taken = {}, set()
    # Workbooks keep their names, so they are named first: a converted 附件1.xls then yields to 附件1.xlsx.
    for file in sorted(sources, key=lambda f: Path(f).suffix.lower() not in _PATCHED):
        targets[file] = out_dir / _copy_name(file, taken)
    inputs = {s.resolve() for s in sources.values()}
    for target in targets.values():
        if target.resolve() in inputs:
            raise OutputError(f"输出文件 {target} 就是输入文件；请用另一个文件夹作 --out，以免改动原件")
    if len({t.as_posix().lower() for t in targets.values()}) < len(targets):
        raise OutputError(f"输入中有几个文件的检查结果副本同名，无法都写入 {out_dir}；请给这些文件改名后再检查")
    return {file: targets[file] for file in sources}


def _structural(messages, submissions, sources, targets):
    """Copies whose 问题清单 lists what is missing (each message names its file, sheet and column)."""
    located = pd.DataFrame({"severity": "rejected", "file": "", "sheet": "", "row": 0, "column": "",
                            "reason": list(messages), "code": "STRUCTURAL", "raw_sheet": None, "col": 0})
    results = []
    for submission in submissions:
        copy = _write_one(sources[submission.file], targets[submission.file],
                          located.assign(file=submission.file), submission.sheets)
        results.append(FileCheck(submission.file, copy, 0, 0, 0, tuple(messages)))
    return results


def check_input(path, out_dir) -> list:
    """Validate `path` and write each of its files, marked up, into `out_dir`.

    Returns
    -------
    list of FileCheck
        One per input file, in the order they are read (a file not read has no copy).

    Examples
    --------
    >>> [(c.file, c.rows_read, c.rows_rejected, c.copy.name) for c in check_input(handmade_path, "检查结果")]
    [('handmade.xlsx', 44, 10, 'handmade.xlsx')]
    """
    path, out_dir = Path(path), Path(out_dir)
    submissions = read_submissions(path)
    readable = [s for s in submissions if not s.skipped]
    sources = {s.file: (path / s.file if path.is_dir() else path) for s in readable}
    targets = _targets(sources, path, out_dir)
    try:
        tables = validate_sheets(submissions, str(path))
    except LiangxinInputError as error:  # a sheet or column missing: no row can be checked
        return _structural(error.problems, readable, sources, targets)
    located = locate(tables.problems, readable)
    counts = {s.file: _counts(tables, s.file) for s in readable}
    del tables  # the copies are written from the files: the tables, and grids but a CSV's, can go
    for submission in readable:
        for raw in submission.sheets.values():
            if Path(raw.source).suffix.lower() != ".csv":
                raw.grid = None
    results = []
    for submission in submissions:
        if submission.skipped:
            results.append(FileCheck(submission.file, None, 0, 0, 0, skipped=submission.skipped))
            continue
        # a problem about no file in particular is listed in every file's 问题清单
        mine = located[located["file"].isin([submission.file, ""])].reset_index(drop=True)
        copy = _write_one(sources[submission.file], targets[submission.file], mine, submission.sheets)
        read, rejected = counts[submission.file]
        results.append(FileCheck(submission.file, copy, read, rejected, int((mine["severity"] == "warning").sum())))
        log.info("checked %s: %d rows read, %d rejected → %s", submission.file, read, rejected, copy)
    return results
