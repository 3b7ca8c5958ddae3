"""Turn raw sheets into validated :class:`~liangxin.tables.Tables` (INPUT.md).

Structural problems (a missing sheet or column) are collected and raised once
as :class:`~liangxin.errors.LiangxinInputError`. Row problems never raise: the
row is left out and listed with its sheet, Excel row, column, reason and reason
code (:mod:`liangxin.loaders.reasons`), so that for every sheet rows read = rows
loaded + rows rejected.

The steps, one module each: :mod:`~liangxin.loaders.matching` (which sheet is which),
:mod:`~liangxin.loaders.headers` (the header and its columns), :mod:`~liangxin.loaders.rows`
(the data rows, each column read by the parser of :mod:`~liangxin.loaders.parsers` its spec
declares), :mod:`~liangxin.loaders.references` (organizations and units named by other sheets)
and :mod:`~liangxin.loaders.build` (each table of :data:`liangxin.tables.TABLE_COLUMNS`).
"""

import logging
from pathlib import Path, PurePath

import numpy as np
import pandas as pd

from liangxin.errors import LiangxinInputError
from liangxin.loaders import build
from liangxin.loaders.districts import Streets, unused_district_notes
from liangxin.loaders.headers import loose_header_key, read_header, where
from liangxin.loaders.matching import match_sheets
from liangxin.loaders.problems import note
from liangxin.loaders.read import Submission, read_raw_sheets, read_submissions
from liangxin.loaders.references import OrgIndex
from liangxin.loaders.rows import Sheet, blank_sheet_row, read_rows
from liangxin.loaders.sheets import SHEETS
from liangxin.tables import PROBLEM_COLUMNS, ROW_COUNT_COLUMNS, Tables
from liangxin.text import name_key

__all__ = ["load_tables", "validate_sheets", "loose_header_key"]

log = logging.getLogger(__name__)


def _missing_sheet(spec, source):
    if Path(source).is_dir():
        return (f"文件夹 {source} 缺少必需的文件 {spec.name}.csv（{spec.alias}），"
                f"其中也没有哪个工作簿含有“{spec.name}”表")
    return f"文件 {source} 缺少必需的工作表“{spec.name}”（{spec.alias}）"


def _read_sheet(raw, spec, how, structural, notes, extra, failed):
    """The :class:`~liangxin.loaders.rows.Sheet` of `raw` as `spec`, or None (a sheet not given, or
    one that does not fit). `how` says how a sheet under another name was guessed (None: not);
    a guess that does not hold returns False and is said in `failed`, by sheet."""
    blank_at = None if spec.required else blank_sheet_row(raw.grid, spec)
    if blank_at is not None:
        # An optional sheet left empty (or holding only its title) is a sheet not given.
        notes.append(note(spec.name, blank_at, "", "SHEET_EMPTY", "工作表没有表头和数据，按未提供处理"))
        return None
    found, header_notes = [], []
    header = read_header(raw, spec, found, header_notes)
    if how is not None:
        if header is None:
            # A guess that does not hold: the sheet stays what it was, an extra sheet.
            extra[raw.name] = raw.grid
            why = f"工作表“{raw.name}”的{how}像“{spec.name}”，但{found[0].removeprefix(where(raw))}"
            notes.append(note(spec.name, 1, "", "SHEET_GUESS_FAILED", f"{why}，按额外工作表保留"))
            failed.setdefault(spec.name, why)
            return False
        notes.append(note(spec.name, 1, "", "SHEET_GUESSED", f"工作表“{raw.name}”按{how}识别为“{spec.name}”"))
    structural.extend(found)
    notes.extend(header_notes)
    # What the reader noticed in single cells: an Excel error value, a quote spanning many lines.
    notes.extend(note(spec.name, n["row"], n["column"], n["code"], n["reason"]) for n in raw.notes)
    if header is None:
        return None
    if raw.hidden:
        notes.append(note(spec.name, 1, "", "SHEET_HIDDEN", f"工作表“{raw.name}”在 Excel 中是隐藏的，仍按“{spec.name}”"
                                                            f"读取；请确认它是当前的台账"))
    return read_rows(raw, spec, header, raw.file)


def _read_submission(submission, parts, structural, notes, extra, failed):
    """Match and read the sheets of one file, adding each contract sheet's rows to `parts`."""
    file_notes = []
    if submission.skipped:
        file_notes.append(note("", 1, "", "FILE_IGNORED", f"文件 {submission.file} {submission.skipped}，未读取"))
    else:
        for raw in submission.sheets.values():
            raw.file = submission.file
        matched, file_extra, match_notes, guessed = match_sheets(submission.sheets)
        file_notes.extend(match_notes)
        found = {}
        for spec in SHEETS:
            if spec.name in matched:
                sheet = _read_sheet(matched[spec.name], spec, guessed.get(spec.name), structural, file_notes,
                                    file_extra, failed)
                if sheet:
                    found[spec.name] = sheet
                if sheet is not False:
                    parts[spec.name].append(sheet)
        for name, grid in file_extra.items():
            extra[name if name not in extra else f"{name}（{submission.file}）"] = grid
        if not found and not any(n["code"] == "SHEET_EMPTY" for n in file_notes):
            names = "、".join(f"“{name}”" for name in submission.sheets) or "（没有工作表）"
            file_notes.append(note("", 1, "", "FILE_IGNORED", f"文件 {submission.file} 的工作表 {names} 都不是台账中的表"
                                                            "（按表名或表头都未能识别），未读取"))
    for entry in file_notes:
        entry["file"] = entry["file"] or submission.file
    notes.extend(file_notes)


def _read_sheets(submissions, source):
    """The contract's sheets read from every file: ``(sheets, extra, notes)``; raises on structural problems.

    A contract sheet several files carry (one 两新组织 list per street) is one sheet of their
    rows, in the order of the files.
    """
    parts = {spec.name: [] for spec in SHEETS}
    structural, notes, extra, failed = [], [], {}, {}
    for submission in submissions:
        _read_submission(submission, parts, structural, notes, extra, failed)
    for spec in SHEETS:
        if spec.required and not parts[spec.name]:
            missing = _missing_sheet(spec, source)
            structural.append(f"{missing}（{failed[spec.name]}）" if spec.name in failed else missing)
    if structural:
        raise LiangxinInputError("；".join(structural), structural)
    sheets = {name: Sheet.combine([s for s in found if s is not None]) for name, found in parts.items()
              if any(s is not None for s in found)}
    if len(submissions) > 1:  # "looks like a missing sheet" said of a file, where another file has that sheet
        notes = [n for n in notes if not (n["code"] == "SHEET_UNRECOGNIZED" and n["sheet"] in sheets)]
    return sheets, extra, notes


def _load(sheets):
    """Every validated table, by its name in :class:`~liangxin.tables.Tables`."""
    tables = {"geography": build.load_geography(sheets["街道社区"])}
    streets = Streets(tables["geography"])  # with several districts, keyed within each (loaders.districts)
    tables["organizations"] = build.load_organizations(sheets["两新组织"], streets)
    index = OrgIndex(tables["organizations"], _rejected_organizations(sheets["两新组织"]))

    def optional(sheet, name, loader, *args):
        return loader(sheets[sheet], *args) if sheet in sheets else build.empty_table(name)

    tables["leader_points"] = optional("挂点促建", "leader_points", build.load_leader_points, index, streets)
    if "驻街保建" in sheets:
        tables["department_stations"], tables["department_contacts"] = build.load_stations(
            sheets["驻街保建"], index, streets)
    else:
        tables["department_stations"] = build.empty_table("department_stations")
        tables["department_contacts"] = build.empty_table("department_contacts")
    tables["supervision"] = optional("主管包建", "supervision", build.load_supervision, index)
    tables["mass_org_tasks"] = optional("党群共建", "mass_org_tasks", build.load_mass_org_tasks, index)
    known_units = (set(tables["leader_points"]["leader_key"]) | set(tables["department_stations"]["department_key"])
                   | set(tables["supervision"]["unit_key"]) | set(tables["supervision"]["instructor_key"].dropna()))
    tables["capacities"] = optional("责任容量", "capacities", build.load_capacities, known_units)
    return {name: _as_object(table) for name, table in tables.items()}


def _rejected_organizations(sheet):
    """The rejected rows of 两新组织 (not the repeats of a loaded row): whom a reference may still name."""
    at = np.flatnonzero(sheet.problems.rejected)
    at = at[~np.isin(sheet.problems.reject_code[at].astype(str), ["DUPLICATE", "CONFLICTING_DUPLICATE", "TOTAL_ROW"])]
    return pd.DataFrame({"name_key": name_key(sheet.text("组织名称").iloc[at]).to_numpy(),
                         "credit_code": sheet.parse("统一社会信用代码").iloc[at].to_numpy(),
                         "row": sheet.rows[at], "file": sheet.file_at(at),
                         "reason": sheet.problems.reject_reason[at]})


def _as_written(sheet):
    """The sheet's row problems, each naming its column by the header as written in its file
    (``党员人数``, not 党员数), so a problem points at a cell the analyst can find."""
    problems = sheet.problems.frame()
    for file, written in sheet.written_headers().items():
        if written and len(problems):
            at = problems["file"] == file
            problems.loc[at, "column"] = problems.loc[at, "column"].map(lambda c, w=written: w.get(c, c))
    return problems


def _problems(notes, sheets, files):
    """Every problem, in INPUT.md's sheet order, then file (in the order read), then row (notes first
    within a row); problems about a whole file last. A row problem names its column by the header as
    written; a note about the sheet or its header by the column's name."""
    order = {spec.name: i for i, spec in enumerate(SHEETS)}
    file_order = {file: i for i, file in enumerate(files)}
    problems = pd.concat([pd.DataFrame(notes, columns=PROBLEM_COLUMNS)] * bool(notes)
                         + [_as_written(s) for s in sheets.values()], ignore_index=True)
    if len(problems):
        problems = problems.assign(_order=problems["sheet"].map(order).fillna(len(order)),
                                   _file=problems["file"].map(file_order)).sort_values(
            ["_order", "_file", "row"], kind="stable").drop(columns=["_order", "_file"]).reset_index(drop=True)
    problems["row"] = problems["row"].astype("int64")
    return problems[PROBLEM_COLUMNS]


def _as_object(frame):
    """Store text as object columns with None for empty.

    pandas 3 infers an Arrow-backed ``str`` dtype after some operations; its ``isin`` against a
    large set is slow, and a mix of both dtypes compares oddly. The tables downstream see one form.
    """
    for column in frame.columns:
        # The dtype first: is_string_dtype of an object column looks at every value.
        if frame[column].dtype != object and pd.api.types.is_string_dtype(frame[column]):
            values = frame[column].astype(object)
            frame[column] = values.where(values.notna(), None)
    return frame


def validate_sheets(raw_sheets, source: str) -> Tables:
    """Validate raw sheets into :class:`~liangxin.tables.Tables`.

    Parameters
    ----------
    raw_sheets : dict of str to RawSheet, or list of Submission
        The sheets of one file, as :func:`liangxin.loaders.read.read_raw_sheets` returns them, or
        every file of a folder of submissions (:func:`liangxin.loaders.read.read_submissions`).
    source : str
        The input path as given, used in messages.

    Raises
    ------
    LiangxinInputError
        A required sheet or column is missing; every such problem is named.

    Examples
    --------
    >>> tables = validate_sheets(read_raw_sheets(handmade_path), "台账.xlsx")
    >>> len(tables.organizations), len(tables.rejected)  # test_handmade.py: 13 loaded, 10 rejected
    (13, 10)
    >>> first = tables.rejected.loc[0]  # every problem names its file: here the workbook
    >>> first["file"], first["sheet"], int(first["row"])
    ('台账.xlsx', '两新组织', 12)
    """
    if isinstance(raw_sheets, dict):
        raw_sheets = [Submission(PurePath(str(source)).name, raw_sheets)]
    sheets, extra, notes = _read_sheets(raw_sheets, source)
    tables = _load(sheets)
    notes += unused_district_notes(sheets, tables["geography"])
    problems = _problems(notes, sheets, [s.file for s in raw_sheets])
    row_counts = pd.DataFrame([c for s in sheets.values() for c in s.row_counts()], columns=ROW_COUNT_COLUMNS)
    for _, counts in row_counts.iterrows():
        log.info("%s %s: %d rows read, %d loaded, %d rejected", counts["file"], counts["sheet"], counts["rows_read"],
                 counts["rows_loaded"], counts["rows_rejected"])
    return Tables(source=source, has_owner_column=sheets["街道社区"].has("社区责任人"), **tables,
                  problems=problems, row_counts=row_counts, extra_sheets=extra)


def load_tables(path) -> Tables:
    """Read and validate a workbook, a CSV folder or a folder of submissions.

    Parameters
    ----------
    path : str or Path
        ``.xlsx``/``.xls`` workbook, a folder of CSV files named like the sheets, or a folder of
        submissions (workbooks and CSV files, subfolders one level down): see
        :func:`liangxin.loaders.read.read_submissions`.

    Returns
    -------
    Tables

    Raises
    ------
    LiangxinInputError
        A file cannot be read, or a required sheet or column is missing.

    Examples
    --------
    >>> tables = load_tables(handmade_path)
    >>> int(tables.row_counts["rows_read"].sum())  # test_handmade.py: 44 rows read
    44
    """
    return validate_sheets(read_submissions(path), str(path))
