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
from liangxin.loaders.markup_copy import write_copy
from liangxin.loaders.markup_sheet import listing_rows
from liangxin.loaders.markup_xlsx import mark_xlsx
from liangxin.loaders.matching import match_sheets
from liangxin.loaders.read import read_raw_sheets
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
    copy: Path
    rows_read: int
    rows_rejected: int
    warnings: int
    #: What stopped the rows from being checked at all: a required sheet or column missing.
    structural: tuple = ()

    @property
    def clean(self) -> bool:
        return not self.rows_rejected and not self.warnings and not self.structural


def _relative(source, root):
    root = Path(root)
    return Path(source).name if not root.is_dir() else Path(source).relative_to(root).as_posix()


def _sheets_by_file(raw_sheets, root, by_file):
    """``{(file, canonical sheet): RawSheet}`` as validation matched them."""
    found = {}
    if by_file:  # a folder of submissions: each file's sheets matched on their own
        groups = {}
        for name, raw in raw_sheets.items():
            groups.setdefault(raw.source, {})[name] = raw
        for source, group in groups.items():
            for sheet, raw in match_sheets(group)[0].items():
                found[(_relative(source, root), sheet)] = raw
        return found
    for sheet, raw in match_sheets(raw_sheets)[0].items():
        found[(_relative(raw.source, root), sheet)] = raw
    return found


def _columns(raw, sheet):
    """Canonical column name → grid column of `raw` read as `sheet` (empty when its header fails)."""
    header = read_header(raw, sheet_spec(sheet), [], [])
    columns = {}
    for col, name in (header.mapping.items() if header else ()):
        columns.setdefault(name, col)
    return columns


def locate(problems, raw_sheets, root):
    """The problems with the file, sheet as written and cell each is marked on.

    Returns `problems` with ``file``, ``raw_sheet`` (None where no sheet was read) and ``col``
    (0-based) added.

    Examples
    --------
    >>> raw = read_raw_sheets(handmade_path)
    >>> located = locate(validate_sheets(raw, "台账.xlsx").problems, raw, handmade_path)
    >>> first = located[located["code"] == "INVALID_CREDIT_CODE"].iloc[0]
    >>> first["raw_sheet"], int(first["row"]), int(first["col"]) # 两新组织!C5 (序号, 组织名称, then the code)
    ('两新组织', 5, 2)
    """
    by_file = "file" in problems.columns
    sheets = _sheets_by_file(raw_sheets, root, by_file)
    default_file = {sheet: file for file, sheet in sheets}
    files = problems["sheet"].map(default_file).fillna(_relative(root, root))
    if by_file:  # the file each problem names; where it names none (a single workbook), its sheet's
        named = problems["file"].astype(object)
        files = named.where(named.notna() & (named != ""), files)
    columns = {key: _columns(raw, key[1]) for key, raw in sheets.items()}
    raw_names, cols = [], []
    for file, sheet, column in zip(files, problems["sheet"], problems["column"]):
        raw = sheets.get((file, sheet))
        raw_names.append(raw.name if raw is not None else None)
        column = column if isinstance(column, str) else ""
        cell = _CELL_NAME.fullmatch(column)
        if cell:
            cols.append(_column_index(cell.group(1)))
        else:
            cols.append(columns.get((file, sheet), {}).get(column, 0))
    return problems.assign(file=list(files), raw_sheet=raw_names, col=np.array(cols, dtype=np.int64))


def _column_index(letters):
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def _copy_name(relative, taken):
    name = Path(relative)
    if name.suffix.lower() not in _PATCHED:
        name = name.with_suffix(".xlsx")
        if name.as_posix() in taken:  # 附件1.xls beside 附件1.xlsx
            name = name.with_name(f"{Path(relative).stem}（{Path(relative).suffix.lstrip('.')}）.xlsx")
    taken.add(name.as_posix())
    return name


def _counts(tables, sheets, file):
    counts = tables.row_counts
    if "file" in counts.columns:
        counts = counts[counts["file"] == file]
    else:
        counts = counts[counts["sheet"].isin([s for f, s in sheets if f == file])]
    return int(counts["rows_read"].sum()), int(counts["rows_rejected"].sum())


def _write_one(source, target, located, raw_sheets):
    """Write the marked-up copy of `source` to `target`, whole or not at all."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.liangxin-partial")
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
    """Where each input file's copy goes; never onto an input file, nor into the input folder (whose
    files, and subfolders, are the submissions: the copies would be read as more of them)."""
    if Path(root).is_dir() and Path(out_dir).resolve().is_relative_to(Path(root).resolve()):
        raise OutputError(f"输出文件夹 {out_dir} 在输入文件夹 {root} 里面，副本会被当作新的报送文件读入；"
                          "请用输入文件夹以外的文件夹作 --out")
    targets, taken = {}, set()
    for source in sources:
        target = out_dir / _copy_name(_relative(source, root), taken)
        if target.resolve() in {s.resolve() for s in sources}:
            raise OutputError(f"输出文件 {target} 就是输入文件；请用另一个文件夹作 --out，以免改动原件")
        targets[source] = target
    return targets


def _structural(messages, raw_sheets, sources, targets, root):
    """Copies whose 问题清单 lists what is missing (each message names its file, sheet and column)."""
    located = pd.DataFrame({"severity": "rejected", "sheet": "", "row": 0, "column": "", "reason": list(messages),
                            "code": "STRUCTURAL", "file": "", "raw_sheet": None, "col": 0})
    results = []
    for source in sources:
        by_source = {name: raw for name, raw in raw_sheets.items() if Path(raw.source) == source}
        mine = located.assign(file=_relative(source, root))
        copy = _write_one(source, targets[source], mine, by_source)
        results.append(FileCheck(_relative(source, root), copy, 0, 0, 0, tuple(messages)))
    return results


def check_input(path, out_dir) -> list:
    """Validate `path` and write each of its files, marked up, into `out_dir`.

    Returns
    -------
    list of FileCheck
        One per input file, in the order of their paths.

    Examples
    --------
    >>> [(c.file, c.rows_read, c.rows_rejected, c.copy.name) for c in check_input(handmade_path, "检查结果")]
    [('handmade.xlsx', 44, 10, 'handmade.xlsx')]
    """
    path, out_dir = Path(path), Path(out_dir)
    raw_sheets = read_raw_sheets(path)
    sources = sorted({Path(raw.source) for raw in raw_sheets.values()}, key=lambda p: p.as_posix())
    targets = _targets(sources, path, out_dir)
    try:
        tables = validate_sheets(raw_sheets, str(path))
    except LiangxinInputError as error:  # a sheet or column missing: no row can be checked
        return _structural(error.problems, raw_sheets, sources, targets, path)
    located = locate(tables.problems, raw_sheets, path)
    sheets = _sheets_by_file(raw_sheets, path, "file" in tables.problems.columns)
    counts = {source: _counts(tables, sheets, _relative(source, path)) for source in sources}
    del tables, sheets  # the copies are written from the files: the tables, and grids but a CSV's, can go
    for raw in raw_sheets.values():
        if Path(raw.source).suffix.lower() != ".csv":
            raw.grid = None
    results, unassigned = [], _relative(path, path)
    for source in sources:
        file = _relative(source, path)
        # a problem no file was found for (a sheet not read) is listed in every file's 问题清单
        mine = located[located["file"].isin([file, unassigned])].reset_index(drop=True)
        by_source = {name: raw for name, raw in raw_sheets.items() if Path(raw.source) == source}
        copy = _write_one(source, targets[source], mine, by_source)
        read, rejected = counts[source]
        results.append(FileCheck(file, copy, read, rejected, int((mine["severity"] == "warning").sum())))
        log.info("checked %s: %d rows read, %d rejected → %s", file, read, rejected, copy)
    return results
