"""The committee's Excel report, ``report.xlsx`` (OUTPUT.md).

Chinese sheets with the header frozen, filters on, widths fitted, numbers stored
as numbers and rates formatted as percentages. Every cell is a value: text is
written as text, so a name starting with ``=`` can never become a formula.
"""

import logging
from pathlib import Path

import numpy as np
import pandas as pd

from liangxin.queries._tabulate import codes_per_organization
from liangxin.queries.chains import CHAIN_CODES
from liangxin.queries.coverage import RATE_COLUMNS
from liangxin.queries.labels import GROUP_ZH, RATE_ZH, ROLE_ZH, SCOPE_ZH, SEVERITY_ZH
# (Imported as KIND_ZH and STATUS_ZH: viz/network.py and viz/diff_report.py still import those from here.)
from liangxin.queries.labels import ORG_KIND_ZH as KIND_ZH
from liangxin.queries.labels import PARTY_ORG_STATUS_ZH as STATUS_ZH
from liangxin.queries.tables import overview_figures
from liangxin.queries.uncovered import UNCOVERED_CODES
# The writing layer (engine, formats, print setup) is viz/xlsx.py; these names stay importable from here.
from liangxin.viz.xlsx import EXCEL_MAX_ROWS, display_width, write_sheets

__all__ = ["write_report_xlsx", "write_sheets", "report_sheets", "EXCEL_MAX_ROWS", "display_width"]

log = logging.getLogger(__name__)

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
    """数据问题: every rejected row and warning with its sheet, row, column and reason."""
    return pd.DataFrame({
        "类别": problems["severity"].map(SEVERITY_ZH), "工作表": problems["sheet"], "行号": problems["row"],
        "列": problems["column"], "原因": problems["reason"],
    })


def _rows_sheet(rows):
    """读取统计: rows read, loaded and rejected per sheet."""
    return pd.DataFrame({"工作表": rows["sheet"], "读取行数": rows["rows_read"],
                         "载入行数": rows["rows_loaded"], "拒收行数": rows["rows_rejected"]})


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
    (13.0, 7.0, 0.4286)
    >>> overview["未覆盖组织数"], overview["超负荷单位数"], overview["拒收行数"]  # numbers (read back as floats)
    (9.0, 3.0, 10.0)
    """
    return write_sheets(report_sheets(analysis), path, images={"总览": images})

