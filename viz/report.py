"""The committee's Excel report, ``report.xlsx`` (OUTPUT.md).

Chinese sheets with the header frozen, filters on, widths fitted, numbers stored
as numbers and rates formatted as percentages. Every cell is a value: text is
written as text, so a name starting with ``=`` can never become a formula.
"""

import datetime as dt
import logging
from pathlib import Path

import numpy as np
import pandas as pd

from liangxin.queries._tabulate import table_rows
from liangxin.queries.coverage import RATE_COLUMNS, not_covered
from liangxin.queries.labels import (FIGURE_ZH, LOAD_STATE_ZH, RATE_ZH, RESPONSIBLE_ZH, ROLE_ZH, SEVERITY_ZH, group_zh,
                                    scope_level, scope_zh)
# (Imported as KIND_ZH and STATUS_ZH: viz/network.py and viz/diff_report.py still import those from here.)
from liangxin.queries.labels import ORG_KIND_ZH as KIND_ZH
from liangxin.queries.labels import PARTY_ORG_STATUS_ZH as STATUS_ZH
from liangxin.queries.responsibility import NONE_ZH, RESPONSIBLE_COLUMNS
from liangxin.queries.streets import sort_by_street, street_rank
from liangxin.queries.tables import (by_organization, coverage_by, load_margins, organizations_table, overview_figures,
                                     uncovered_ranked)
from liangxin.queries.uncovered import UNCOVERED_CODES
from liangxin.text import per_distinct
from liangxin.viz.districts import district_sheets
# The writing layer (engine, formats, print setup) is viz/xlsx.py; these names stay importable from here.
from liangxin.viz.xlsx import EXCEL_MAX_ROWS, display_width, write_sheets

__all__ = ["write_report_xlsx", "write_sheets", "report_sheets", "EXCEL_MAX_ROWS", "display_width", "date_zh"]

log = logging.getLogger(__name__)

def date_zh(day) -> str:
    """A date as a Chinese document writes it, built from its numbers (no strftime: Windows lacks its
    month without a leading zero).

    Examples
    --------
    >>> import datetime as dt
    >>> date_zh(dt.date(2019, 4, 26))
    '2019年4月26日'
    """
    return f"{day.year}年{day.month}月{day.day}日"


def _yes_no(flags):
    return np.where(np.asarray(flags, dtype=bool), "是", "否") if len(flags) else []


def _or_none(column):
    """Names joined with 、, or 无 where no unit of that role answers."""
    return column.fillna("").replace("", NONE_ZH)


#: Where to look next for each headline figure: the sheet that lists it.
_WHERE = {
    "open": "“未覆盖组织”表：逐个组织列出问题和责任单位，最急的在前",
    "improvement": "“提升项”表：已有党员或党组织，还可单独组建或建群团组织",
    "no_responsible_unit": "“未覆盖组织”表中责任单位全为“无”的组织；“全部组织”表可筛选",
    "key_no_leader": "“责任链断点”表中的“重点难点未挂点”；“全部组织”表可筛选",
    "overloaded": "“超负荷单位”表；全部单位见“责任负荷”表",
    "org_coverage": "“覆盖率”表（按街道、组织类型），另有“社区覆盖率”“行业覆盖率”表",
    "broken_chains": "“责任链断点”表",
    "idle": "“未落实单位”表",
    "rows_rejected": "“数据问题”表：工作表、行号、列和原因",
}


def _header_rows(analysis, date=None, source=None):
    """The rows naming the district, the date of the data and the source file, with their formats."""
    day = date or dt.date.today()
    source = Path(str(source if source is not None else analysis.network.tables.source)).name
    frame = pd.DataFrame({"指标": [scope_level(analysis.network.district), "数据日期", "来源文件"],
                          "数值": pd.Series([analysis.network.district, date_zh(day), source], dtype=object)})
    return frame, ["text"] * 3


def _overview(analysis, date=None, source=None):
    """总览: district, data date and source file, then the headline figures, each with where to look."""
    head, head_formats = _header_rows(analysis, date, source)
    keys = {FIGURE_ZH[key]: key for key in FIGURE_ZH}
    keys["拒收行数"] = "rows_rejected"
    figures = overview_figures(analysis)
    frame = pd.DataFrame({
        "指标": [*head["指标"], *(r[0] for r in figures)],
        "数值": pd.Series([*head["数值"], *(r[1] for r in figures)], dtype=object),
        "查看": [""] * len(head) + [_WHERE.get(keys.get(r[0]), "") for r in figures],
    })
    return frame, {"数值": [*head_formats, *(r[2] for r in figures)]}


def report_sheets(analysis, date=None, source=None):
    """Return the report's sheets as ``(name, DataFrame, formats)`` triples, in order.

    ``formats`` maps a column to ``"int"``, ``"float"``, ``"rate"`` or ``"text"``
    (or to a list of those, one per row).

    Parameters
    ----------
    analysis : queries.analysis.Analysis
    date : datetime.date, optional
        The date of the data, shown on 总览 (default today).
    source : str or Path, optional
        The input as given (default the analysis' source); 总览 shows its file name.

    Examples
    --------
    >>> sheets = report_sheets(result)
    >>> [name for name, _, _ in sheets]  # doctest: +NORMALIZE_WHITESPACE
    ['总览', '未覆盖组织', '提升项', '超负荷单位', '责任链断点', '覆盖率', '数据问题', '全部组织', '社区覆盖率',
     '行业覆盖率', '责任负荷', '未落实单位', '读取统计']

    The hand-made workbook (tests/test_handmade.py): 7 open organizations, 2 提升项, 3 overloaded units:

    >>> frames = {name: frame for name, frame, _ in sheets}
    >>> len(frames["未覆盖组织"]), len(frames["提升项"]), frames["超负荷单位"]["单位"].tolist()
    (7, 2, ['区民政局', '刘洋', '张伟'])
    """
    overview, overview_formats = _overview(analysis, date, source)
    ranked = uncovered_ranked(analysis)
    tables = analysis.network.tables
    streets = coverage_by(analysis, "community")
    open_sheet, improvement_sheet = _open_and_improvement(analysis, ranked)
    return [
        ("总览", overview, overview_formats),
        ("未覆盖组织", open_sheet, _FORMATS),
        ("提升项", improvement_sheet, _FORMATS),
        ("超负荷单位", _unit_sheet(analysis.overloaded), _FORMATS),
        ("责任链断点", _chains_sheet(analysis), _FORMATS),
        ("覆盖率", _coverage_sheet(analysis), _FORMATS),
        *district_sheets(analysis),  # 各区, with several districts (viz.districts)
        ("数据问题", _problems_sheet(tables.problems), _FORMATS),
        ("全部组织", _all_organizations_sheet(analysis), _FORMATS),
        ("社区覆盖率", _grouped_coverage(streets, {"street": "街道", "group": "社区"}), _FORMATS),
        ("行业覆盖率", _grouped_coverage(coverage_by(analysis, "industry"), {"group": "行业"}), _FORMATS),
        ("责任负荷", _all_loads_sheet(analysis), _FORMATS),
        ("未落实单位", pd.DataFrame({"单位": analysis.idle["unit"], "角色": analysis.idle["kind"].map(ROLE_ZH)}),
         _FORMATS),
        ("读取统计", _rows_sheet(tables.row_counts), _FORMATS),
    ]


#: Number formats of the report's columns (any sheet); other columns are text.
_FORMATS = {"序号": "int", "从业人员数": "int", "党员数": "int", "行号": "int", "容量": "int", "联系组织数": "int",
            "应建党组织数": "int", "应建未建数": "int", "两新组织数": "int", "读取行数": "int", "载入行数": "int",
            "拒收行数": "int", "负荷": "float", "超出容量": "float", "剩余容量": "float",
            **{RATE_ZH[c]: "rate" for c in RATE_COLUMNS}}


def _responsible_columns(table):
    return {RESPONSIBLE_ZH[role]: _or_none(table[role]) for role in RESPONSIBLE_COLUMNS}


def _in_rule_order(codes):
    """Codes joined with 、 (as by_organization gives them) as their labels, in RULES.md's table order."""
    order = list(UNCOVERED_CODES)
    return "、".join(UNCOVERED_CODES[c] for c in sorted(codes.split("、"), key=order.index))


def _label(column, labels):
    """`column` through the dict `labels` (None where a value has no label), one look-up per distinct value."""
    return per_distinct(column, labels.get)


def _credit_codes(analysis, table):
    """The 统一社会信用代码 of `table`'s organizations (None where unknown), by their rows (kept with a
    ranked table; else its ids looked up in the queries' own index, not a second one)."""
    orgs = analysis.network.tables.organizations
    return np.append(orgs["credit_code"].to_numpy(dtype=object), None)[table_rows(analysis.network, table)]


def _organizations_sheet(analysis, ranked):
    """未覆盖组织 / 提升项: one row per organization, most pressing first, with who answers for it."""
    return pd.DataFrame({
        "序号": np.arange(1, len(ranked) + 1), "组织名称": ranked["name"].array,
        "统一社会信用代码": _credit_codes(analysis, ranked), "组织类型": _label(ranked["kind"], KIND_ZH),
        "街道": ranked["street"].array, "社区": ranked["community"].array,
        "从业人员数": ranked["employees"].to_numpy(), "党员数": ranked["party_members"].to_numpy(),
        "党组织状态": _label(ranked["status"], STATUS_ZH), "重点难点": _yes_no(ranked["key"]),
        "问题": per_distinct(ranked["codes"], lambda codes: None if codes is None else _in_rule_order(codes)),
        # .array, not .to_numpy(): Arrow text stays Arrow text (a copy to Python strings costs more than the sheet)
        **{name: column.array for name, column in _responsible_columns(ranked).items()},
    })


def _open_and_improvement(analysis, ranked):
    """The 未覆盖组织 and 提升项 sheets of `ranked`: one table built once, split by ``open``."""
    table = _organizations_sheet(analysis, ranked)
    is_open = ranked["open"].to_numpy(dtype=bool)
    first = int(is_open.sum())
    if is_open[:first].all():  # open first, as uncovered_ranked orders them: two slices, nothing copied
        parts = (table.iloc[:first], table.iloc[first:])
    else:
        parts = (table.take(np.flatnonzero(is_open)), table.take(np.flatnonzero(~is_open)))
    sheets = []
    for part in parts:
        sheet = part.reset_index(drop=True)
        sheet["序号"] = np.arange(1, len(sheet) + 1)
        sheets.append(sheet)
    return sheets


def _all_organizations_sheet(analysis, table=None):
    """全部组织: every organization, its flags and responsible units, for the analyst's own pivots.

    Past :data:`liangxin.settings.REPORT_ALL_ORGANIZATIONS_MAX` organizations, one row saying where they are.
    """
    import liangxin.settings as settings

    if table is None:
        count = len(analysis.network.tables.organizations)
        if count > settings.REPORT_ALL_ORGANIZATIONS_MAX:
            return pd.DataFrame({"说明": [
                f"两新组织共 {count:,} 个，超过本表逐个列出的上限 {settings.REPORT_ALL_ORGANIZATIONS_MAX:,} 个"
                f"（liangxin/settings.py 的 REPORT_ALL_ORGANIZATIONS_MAX）。各街道工作簿（analyze --by-street）"
                f"逐个列出本街道的全部组织；未覆盖组织和提升项见各自的工作表。"]})
        table = organizations_table(analysis)
    flags = {"应建党组织": "party_org_required", "未覆盖": "open", "提升项": "improvement",
             "无责任主体": "no_responsible_unit", "重点难点未挂点": "key_no_leader", "重点难点": "key"}
    return pd.DataFrame({
        "组织名称": table["name"], "统一社会信用代码": _credit_codes(analysis, table),
        "组织类型": _label(table["kind"], KIND_ZH), "街道": table["street"], "社区": table["community"],
        "行业": table["industry"], "从业人员数": table["employees"], "党员数": table["party_members"],
        "党组织状态": _label(table["status"], STATUS_ZH),
        **{name: _yes_no(table[column]) for name, column in flags.items()},
        "问题": table["uncovered_labels"].where(table["uncovered_labels"] != "", None),
        "责任链断点": table["chain_labels"].where(table["chain_labels"] != "", None),
        **_responsible_columns(table),
    })


def _unit_sheet(loads):
    """One row per (unit, role) of `loads` with its load, capacity and what is over or left of it."""
    margins = load_margins(loads)
    return pd.DataFrame({
        "单位": loads["unit"], "角色": loads["kind"].map(ROLE_ZH),
        "所属业务主管单位": loads["supervisory_unit"], "负荷": loads["load"].round(2),
        "容量": loads["capacity"], "超出容量": margins["excess"], "剩余容量": margins["spare"],
        "联系组织数": loads["linked"],
    })


def _all_loads_sheet(analysis):
    loads = analysis.loads
    return _unit_sheet(loads).assign(状态=load_margins(loads)["state"].map(LOAD_STATE_ZH))


def _chains_sheet(analysis, street=None):
    """责任链断点: one row per organization, its breaks in Chinese, in the district's street order."""
    rows = analysis.broken_chains
    chains = by_organization(rows if street is None else rows[rows["street"] == street], analysis.network)
    chains = sort_by_street(chains, analysis) if len(chains) else chains
    return pd.DataFrame({
        "组织名称": chains["name"], "组织类型": _label(chains["kind"], KIND_ZH),
        "街道": chains["street"], "社区": chains["community"], "断点": chains["labels"],
    })


def _coverage_sheet(analysis):
    """覆盖率: overall, per street (the district's order) and per kind, with Chinese names."""
    coverage = analysis.coverage
    rank = np.where(coverage["scope"] == "street", street_rank(analysis, coverage["group"]), -1)
    scope = coverage["scope"].map({"overall": 0, "street": 1, "kind": 2, "district": 3})
    coverage = coverage.assign(_s=scope, _r=rank).sort_values(["_s", "_r"], kind="stable")
    scopes, groups = scope_zh(analysis.network.district), group_zh(analysis.network.district)
    return pd.DataFrame({
        "范围": coverage["scope"].map(scopes),
        "名称": coverage["group"].map(lambda g: groups.get(g, g)),
        "应建党组织数": coverage["required"], "应建未建数": not_covered(coverage),
        **{RATE_ZH[c]: coverage[c] for c in RATE_COLUMNS},
    })


def _grouped_coverage(table, names):
    """社区覆盖率 / 行业覆盖率 from :func:`liangxin.queries.tables.coverage_by`."""
    return pd.DataFrame({
        **{zh: table[column] for column, zh in names.items()},
        "两新组织数": table["organizations"], "应建党组织数": table["required"], "应建未建数": table["not_covered"],
        **{RATE_ZH[c]: table[c] for c in RATE_COLUMNS},
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


def write_report_xlsx(analysis, path, images=(), date=None, source=None):
    """Write ``report.xlsx`` for the committee.

    Parameters
    ----------
    analysis : queries.analysis.Analysis
    path : str or Path
    images : sequence of (str, Path), optional
        Chart PNGs to place on the 总览 sheet, as ``(title, path)``.
    date : datetime.date, optional
        The date of the data (default today), in 总览's title rows.
    source : str or Path, optional
        The input as given.

    A table longer than one Excel sheet continues on ``name(2)``, ``name(3)`` ….

    Examples
    --------
    The 总览 sheet on the hand-made workbook (tests/test_handmade.py): 13 organizations, 7
    party-org-required of which 3 organized, 7 未覆盖 (open) and 2 提升项, 3 overloaded units:

    >>> import datetime as dt
    >>> from openpyxl import load_workbook
    >>> path = write_report_xlsx(result, "report.xlsx", date=dt.date(2019, 4, 26))
    >>> overview = {row[0]: row[1] for row in load_workbook(path)["总览"].iter_rows(min_row=2, values_only=True)}
    >>> overview["区"], overview["数据日期"], overview["两新组织数"], round(overview["组织覆盖率"], 4)
    ('龙岗区', '2019年4月26日', 13.0, 0.4286)
    >>> overview["未覆盖组织数"], overview["提升项组织数"], overview["超负荷单位数"], overview["拒收行数"]  # numbers, read back as floats
    (7.0, 2.0, 3.0, 10.0)
    """
    return write_sheets(report_sheets(analysis, date=date, source=source), path, images={"总览": images})
