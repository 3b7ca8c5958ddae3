"""The committee's Excel report, ``report.xlsx`` (OUTPUT.md).

Chinese sheets with the header frozen, filters on, widths fitted, numbers stored
as numbers and rates formatted as percentages. Every cell is a value: text is
written as text, so a name starting with ``=`` can never become a formula.
"""

import logging
import math
from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter

from liangxin.queries._tabulate import codes_per_organization
from liangxin.queries.chains import CHAIN_CODES
from liangxin.queries.coverage import RATE_COLUMNS
from liangxin.queries.labels import GROUP_ZH, RATE_ZH, ROLE_ZH, SCOPE_ZH, SEVERITY_ZH
# (Imported as KIND_ZH and STATUS_ZH: viz/network.py and viz/diff_report.py still import those from here.)
from liangxin.queries.labels import ORG_KIND_ZH as KIND_ZH
from liangxin.queries.labels import PARTY_ORG_STATUS_ZH as STATUS_ZH
from liangxin.queries.tables import overview_figures
from liangxin.queries.uncovered import UNCOVERED_CODES
from liangxin.viz.districts import district_sheets

__all__ = ["write_report_xlsx", "write_sheets", "report_sheets", "EXCEL_MAX_ROWS", "display_width"]

log = logging.getLogger(__name__)

EXCEL_MAX_ROWS = 1_048_576
WIDTH_SAMPLE_ROWS = 2000


def display_width(text):
    """Width of `text` in Excel columns: CJK and full-width characters count two.

    Examples
    --------
    >>> display_width("平湖ab")
    6
    """
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))


def _joined_codes(rows, labels):
    """One row per organization with its codes and their Chinese labels joined."""
    folded = codes_per_organization(rows)
    folded["labels"] = ["、".join(labels[code] for code in codes) for codes in folded["codes"]]
    folded["codes"] = ["、".join(codes) for codes in folded["codes"]]
    return folded


def _overview(analysis):
    rows = overview_figures(analysis)
    frame = pd.DataFrame({"指标": [r[0] for r in rows], "数值": [r[1] for r in rows]})
    return frame, {"数值": [r[2] for r in rows]}


def report_sheets(analysis):
    """Return the report's sheets as ``(name, DataFrame, formats)`` triples, in order.

    ``formats`` maps a column to ``"int"``, ``"float"``, ``"rate"`` or ``"text"``
    (or to a list of those, one per row).

    Examples
    --------
    >>> sheets = report_sheets(result)
    >>> [name for name, _, _ in sheets]  # doctest: +NORMALIZE_WHITESPACE
    ['总览', '未覆盖组织', '超负荷单位', '责任链断点', '覆盖率', '数据问题', '责任负荷', '未落实单位',
     '读取统计']

    One row per uncovered organization and per overloaded unit of the hand-made workbook
    (9 and 3, tests/test_handmade.py):

    >>> frames = {name: frame for name, frame, _ in sheets}
    >>> len(frames["未覆盖组织"]), frames["超负荷单位"]["单位"].tolist()
    (9, ['区民政局', '刘洋', '张伟'])
    """
    overview, overview_formats = _overview(analysis)
    loads = analysis.loads
    all_loads = _unit_sheet(loads).assign(
        状态=np.select([loads["idle"], loads["overloaded"]], ["未落实", "超负荷"], "正常") if len(loads) else [])
    idle = pd.DataFrame({"单位": analysis.idle["unit"], "角色": analysis.idle["kind"].map(ROLE_ZH)})
    int_columns = {"从业人员数": "int", "党员数": "int", "行号": "int", "容量": "int", "联系组织数": "int",
                   "应建党组织数": "int", "读取行数": "int", "载入行数": "int", "拒收行数": "int",
                   "负荷": "float", "超出": "float", **{RATE_ZH[c]: "rate" for c in RATE_COLUMNS}}
    tables = analysis.network.tables
    sheets = [
        ("总览", overview, overview_formats),
        ("未覆盖组织", _uncovered_sheet(analysis), int_columns),
        ("超负荷单位", _unit_sheet(analysis.overloaded), int_columns),
        ("责任链断点", _chains_sheet(analysis), int_columns),
        ("覆盖率", _coverage_sheet(analysis.coverage), int_columns),
        *district_sheets(analysis),  # 各区, with several districts (viz.districts)
        ("数据问题", _problems_sheet(tables.problems), int_columns),
        ("责任负荷", all_loads, int_columns),
        ("未落实单位", idle, int_columns),
        ("读取统计", _rows_sheet(tables.row_counts), int_columns),
    ]
    return sheets


def _uncovered_sheet(analysis):
    """未覆盖组织: one row per organization, its codes joined, with its size and status."""
    orgs = analysis.network.tables.organizations.set_index("org_id")
    uncovered = _joined_codes(analysis.uncovered, UNCOVERED_CODES)
    if len(uncovered):
        details = orgs.loc[uncovered["org_id"], ["employees", "party_members", "status", "key"]].reset_index(drop=True)
        uncovered = pd.concat([uncovered.reset_index(drop=True), details], axis=1)
    else:
        uncovered = uncovered.assign(employees=[], party_members=[], status=[], key=[])
    return pd.DataFrame({
        "组织标识": uncovered["org_id"], "组织名称": uncovered["name"],
        "组织类型": uncovered["kind"].map(KIND_ZH), "街道": uncovered["street"], "社区": uncovered["community"],
        "从业人员数": uncovered["employees"], "党员数": uncovered["party_members"],
        "党组织状态": uncovered["status"].map(STATUS_ZH),
        "重点难点": np.where(uncovered["key"].astype(bool), "是", "否") if len(uncovered) else [],
        "问题代码": uncovered["codes"], "问题": uncovered["labels"],
    })


def _unit_sheet(loads):
    """One row per (unit, role) of `loads` with its load, capacity and excess."""
    return pd.DataFrame({
        "单位": loads["unit"], "角色": loads["kind"].map(ROLE_ZH),
        "所属业务主管单位": loads["supervisory_unit"], "负荷": loads["load"].round(2),
        "容量": loads["capacity"], "超出": (loads["load"] - loads["capacity"]).round(2),
        "联系组织数": loads["linked"],
    })


def _chains_sheet(analysis):
    """责任链断点: one row per organization, its break codes joined."""
    chains = _joined_codes(analysis.broken_chains, CHAIN_CODES)
    return pd.DataFrame({
        "组织标识": chains["org_id"], "组织名称": chains["name"], "组织类型": chains["kind"].map(KIND_ZH),
        "街道": chains["street"], "社区": chains["community"], "断点代码": chains["codes"], "断点": chains["labels"],
    })


def _coverage_sheet(coverage):
    """覆盖率: overall, per street and per kind, with Chinese names."""
    return pd.DataFrame({
        "范围": coverage["scope"].map(SCOPE_ZH),
        "名称": coverage["group"].map(lambda g: GROUP_ZH.get(g, g)),
        "应建党组织数": coverage["required"],
        **{RATE_ZH[c]: coverage[c] for c in RATE_COLUMNS},
    })


def _problems_sheet(problems):
    """数据问题: every rejected row and warning with its file, sheet, row, column and reason."""
    return pd.DataFrame({
        "类别": problems["severity"].map(SEVERITY_ZH), "文件": problems.get("file"), "工作表": problems["sheet"],
        "行号": problems["row"],
        "列": problems["column"], "原因": problems["reason"],
    })


def _rows_sheet(rows):
    """读取统计: rows read, loaded and rejected per file and sheet."""
    return pd.DataFrame({"文件": rows.get("file"), "工作表": rows["sheet"], "读取行数": rows["rows_read"],
                         "载入行数": rows["rows_loaded"], "拒收行数": rows["rows_rejected"]})


class _Formats:
    def __init__(self, workbook):
        self.header = workbook.add_format({"bold": True, "bg_color": "#FDE7E7", "border": 1,
                                           "text_wrap": True, "valign": "vcenter"})
        self.rate = workbook.add_format({"num_format": "0.00%"})
        self.float = workbook.add_format({"num_format": "0.00"})
        self.int = workbook.add_format({"num_format": "0"})


def _write_chunk(worksheet, frame, formats, styles):
    """Write `frame` column by column (the workbook is not in constant-memory mode, so any order works)."""
    columns = list(frame.columns)
    worksheet.write_row(0, 0, columns, styles.header)
    for c, column in enumerate(columns):
        fmt = formats.get(column, "text")
        kinds = fmt if isinstance(fmt, list) else None
        values = frame[column].tolist()
        width = display_width(column)
        write_string, write_number = worksheet.write_string, worksheet.write_number
        for r, value in enumerate(values, start=1):
            if value is None or value != value or value is pd.NA:  # empty or NaN
                continue
            kind = kinds[r - 1] if kinds else fmt
            if kind == "text" or isinstance(value, str):
                write_string(r, c, str(value))
            else:
                write_number(r, c, float(value), getattr(styles, kind, None))
        sample = [v for v in values[:WIDTH_SAMPLE_ROWS] if not (v is None or v != v)]
        for value in sample:
            kind = kinds[0] if kinds else fmt
            width = max(width, 8 if kind == "rate" and not isinstance(value, str) else display_width(value))
        worksheet.set_column(c, c, min(max(width + 2, 6), 60))
    worksheet.freeze_panes(1, 0)
    worksheet.autofilter(0, 0, max(len(frame), 1), max(len(columns) - 1, 0))


def write_sheets(sheets, path, images=None, on_sheet=None):
    """Write ``(name, DataFrame, formats)`` sheets the way every liangxin workbook is written.

    Text cells stay text (never a formula), numbers are numbers, the header is frozen with filters
    on and widths fitted; a table longer than one Excel sheet continues on ``name(2)`` ….

    Parameters
    ----------
    sheets : iterable of (str, DataFrame, dict)
        ``formats`` maps a column to ``"int"``, ``"float"``, ``"rate"`` or ``"text"`` (or a list, one per row).
    path : str or Path
    images : dict of str to sequence of (str, Path), optional
        PNGs placed below the table of the named sheet, each under its title.
    on_sheet : callable, optional
        ``on_sheet(workbook, styles)`` before anything is written, to add formats (``styles.name``).

    Examples
    --------
    >>> from openpyxl import load_workbook
    >>> frame = pd.DataFrame({"街道": ["平湖街道", "=1+1"], "人数": [3, 5]})
    >>> write_sheets([("名单", frame, {"人数": "int"})], "名单.xlsx").name
    '名单.xlsx'
    >>> sheet = load_workbook("名单.xlsx")["名单"]
    >>> [[cell.value for cell in row] for row in sheet.iter_rows()]
    [['街道', '人数'], ['平湖街道', 3], ['=1+1', 5]]
    >>> sheet["A3"].data_type, sheet.freeze_panes
    ('s', 'A2')
    """
    path = Path(path)
    images = images or {}
    # Not constant_memory: cells are written column by column, and xlsxwriter is faster with its
    # shared-string table; a million-organization report fits in memory many times over.
    workbook = xlsxwriter.Workbook(str(path), {
        "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
    })
    styles = _Formats(workbook)
    if on_sheet:
        on_sheet(workbook, styles)
    per_sheet = EXCEL_MAX_ROWS - 1
    try:
        for name, frame, formats in sheets:
            for index in range(max(1, math.ceil(len(frame) / per_sheet))):
                part = slice(index * per_sheet, (index + 1) * per_sheet)
                chunk_formats = {k: (v[part] if isinstance(v, list) else v) for k, v in formats.items()}
                suffix = f"({index + 1})"
                worksheet = workbook.add_worksheet(name if index == 0 else f"{name[:31 - len(suffix)]}{suffix}")
                _write_chunk(worksheet, frame.iloc[part], chunk_formats, styles)
                if index == 0:
                    row = len(frame) + 3
                    for title, image in images.get(name, ()):
                        worksheet.write_string(row, 0, title, styles.header)
                        worksheet.insert_image(row + 1, 0, str(image), {"x_scale": 0.8, "y_scale": 0.8})
                        row += 26
    finally:
        workbook.close()
    log.info("wrote %s", path)
    return path


def write_report_xlsx(analysis, path, images=()):
    """Write ``report.xlsx`` for the committee.

    Parameters
    ----------
    analysis : queries.analysis.Analysis
    path : str or Path
    images : sequence of (str, Path), optional
        Chart PNGs to place on the 总览 sheet, as ``(title, path)``.

    A table longer than one Excel sheet continues on ``name(2)``, ``name(3)`` ….

    Examples
    --------
    The 总览 sheet's headline figures on the hand-made workbook (tests/test_handmade.py): 13
    organizations, 7 party-org-required of which 3 organized, 9 uncovered, 3 overloaded units:

    >>> from openpyxl import load_workbook
    >>> path = write_report_xlsx(result, "report.xlsx")
    >>> overview = dict(load_workbook(path)["总览"].iter_rows(min_row=2, values_only=True))
    >>> overview["两新组织数"], overview["应建党组织的组织数"], round(overview["组织覆盖率"], 4)
    (13, 7, 0.4286)
    >>> overview["未覆盖组织数"], overview["超负荷单位数"], overview["拒收行数"]
    (9, 3, 10)
    """
    return write_sheets(report_sheets(analysis), path, images={"总览": images})

