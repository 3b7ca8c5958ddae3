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
from pathlib import Path

import pandas as pd

from liangxin.errors import LiangxinInputError
from liangxin.loaders import build
from liangxin.loaders.districts import Streets
from liangxin.loaders.headers import loose_header_key, read_header, where
from liangxin.loaders.matching import match_sheets
from liangxin.loaders.problems import note
from liangxin.loaders.read import read_raw_sheets
from liangxin.loaders.references import OrgIndex
from liangxin.loaders.rows import blank_sheet_row, read_rows
from liangxin.loaders.sheets import SHEETS
from liangxin.tables import PROBLEM_COLUMNS, ROW_COUNT_COLUMNS, Tables

__all__ = ["load_tables", "validate_sheets", "loose_header_key"]

log = logging.getLogger(__name__)


def _missing_sheet(spec, source):
    if Path(source).is_dir():
        return f"文件夹 {source} 缺少必需的文件 {spec.name}.csv（{spec.alias}）"
    return f"文件 {source} 缺少必需的工作表“{spec.name}”（{spec.alias}）"


def _read_sheet(raw, spec, how, source, structural, notes, extra):
    """The :class:`~liangxin.loaders.rows.Sheet` of `raw` as `spec`, or None (a sheet not given, or
    one that does not fit). `how` says how a sheet under another name was guessed (None: not)."""
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
            if spec.required:
                structural.append(f"{_missing_sheet(spec, source)}（{why}）")
            return None
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
    return read_rows(raw, spec, header)


def _read_sheets(raw_sheets, source):
    """The contract's sheets read: ``(sheets, extra, notes)``; raises on structural problems."""
    matched, extra, notes, guessed = match_sheets(raw_sheets)
    structural = [_missing_sheet(spec, source) for spec in SHEETS if spec.required and spec.name not in matched]
    sheets = {}
    for spec in SHEETS:
        if spec.name in matched:
            sheet = _read_sheet(matched[spec.name], spec, guessed.get(spec.name), source, structural, notes, extra)
            if sheet is not None:
                sheets[spec.name] = sheet
    if structural:
        raise LiangxinInputError("；".join(structural), structural)
    return sheets, extra, notes


def _load(sheets):
    """Every validated table, by its name in :class:`~liangxin.tables.Tables`."""
    tables = {"geography": build.load_geography(sheets["街道社区"])}
    streets = Streets(tables["geography"])  # with several districts, keyed within each (loaders.districts)
    tables["organizations"] = build.load_organizations(sheets["两新组织"], streets)
    streets.know_organizations(tables["organizations"])
    index = OrgIndex(tables["organizations"])

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


def _problems(notes, sheets):
    """Every problem, in INPUT.md's sheet order, then row (notes first within a row)."""
    order = {spec.name: i for i, spec in enumerate(SHEETS)}
    problems = pd.concat([pd.DataFrame(notes, columns=PROBLEM_COLUMNS)] * bool(notes)
                         + [s.problems.frame() for s in sheets.values()], ignore_index=True)
    if len(problems):
        problems = problems.assign(_order=problems["sheet"].map(order)).sort_values(
            ["_order", "row"], kind="stable").drop(columns="_order").reset_index(drop=True)
    problems["row"] = problems["row"].astype("int64")
    return problems[PROBLEM_COLUMNS]


def _as_object(frame):
    """Store text as object columns with None for empty.

    pandas 3 infers an Arrow-backed ``str`` dtype after some operations; its ``isin`` against a
    large set is slow, and a mix of both dtypes compares oddly. The tables downstream see one form.
    """
    for column in frame.columns:
        if pd.api.types.is_string_dtype(frame[column]) and frame[column].dtype != object:
            values = frame[column].astype(object)
            frame[column] = values.where(values.notna(), None)
    return frame


def validate_sheets(raw_sheets: dict, source: str) -> Tables:
    """Validate raw sheets into :class:`~liangxin.tables.Tables`.

    Parameters
    ----------
    raw_sheets : dict of str to RawSheet
        As :func:`liangxin.loaders.read.read_raw_sheets` returns them.
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
    """
    sheets, extra, notes = _read_sheets(raw_sheets, source)
    tables = _load(sheets)
    problems = _problems(notes, sheets)
    row_counts = pd.DataFrame([s.row_count() for s in sheets.values()], columns=ROW_COUNT_COLUMNS)
    for _, counts in row_counts.iterrows():
        log.info("%s: %d rows read, %d loaded, %d rejected", counts["sheet"], counts["rows_read"],
                 counts["rows_loaded"], counts["rows_rejected"])
    return Tables(source=source, has_owner_column=sheets["街道社区"].has("社区责任人"), **tables,
                  problems=problems, row_counts=row_counts, extra_sheets=extra)


def load_tables(path) -> Tables:
    """Read and validate a workbook or CSV folder.

    Parameters
    ----------
    path : str or Path
        ``.xlsx``/``.xls`` workbook or a folder of CSV files named like the sheets.

    Returns
    -------
    Tables

    Raises
    ------
    LiangxinInputError
        The file cannot be read, or a required sheet or column is missing.

    Examples
    --------
    >>> tables = load_tables(handmade_path)
    >>> int(tables.row_counts["rows_read"].sum())  # test_handmade.py: 44 rows read
    44
    """
    return validate_sheets(read_raw_sheets(path), str(path))
