"""Notebook helpers: Chinese labels, ranked tables, inline charts, street lists, what-ifs, Neo4j.

Everything the analysts' notebooks (``notebooks/*.ipynb``) do beyond one line lives here, so
a notebook cell stays short and the code is tested like the rest. Every name is exported by
the package: ``import liangxin as lx`` then ``lx.zh(result.uncovered)``.

- Labels: :func:`zh` / :func:`labels` turn English column names and code values (kinds,
  statuses, roles, finding codes, yes/no) into Chinese, from the labels the reports already use.
- Tables: :func:`overview`, :func:`by_organization`, :func:`uncovered_ranked`,
  :func:`chains_by_street`, :func:`coverage_table`, :func:`loads_table`, :func:`loads_summary`.
- Charts: :func:`coverage_chart`, :func:`loads_chart`, :func:`findings_chart`,
  :func:`comparison_chart` return a :class:`Chart`, shown inline as PNG whatever matplotlib's
  backend (Agg under test), never through pyplot's global state.
- Files: :func:`demo_workbook`, :func:`run_analyze`, :func:`files_table`, :func:`write_excel`
  (cells written as values, never formulas), :func:`street_sheets`, :func:`export_street`.
- What-if: :func:`with_capacity`, :func:`move_department` build a new network from an edited
  copy of the tables; :func:`compare` tells what changed between two analyses.
- Neo4j: :func:`neo4j_link` connects from ``NEO4J_URI`` … or, when no server is configured,
  returns a link whose every step says it was skipped instead of failing.

Pure functions: analyses and networks in, new DataFrames, networks and files out; nothing
given is changed.
"""

import dataclasses
import io
import logging
import math
import os
import re
from pathlib import Path

import numpy as np
import pandas as pd

from liangxin.errors import LiangxinInputError
from liangxin.graph.network import build_network
from liangxin.text import name_key, normalize_place
from liangxin.queries._tabulate import codes_per_organization
from liangxin.queries.chains import CHAIN_CODES
from liangxin.queries.coverage import RATE_COLUMNS, RATE_ZH
from liangxin.queries.loads import ROLE_ZH
from liangxin.queries.uncovered import UNCOVERED_CODES
from liangxin.viz.report import KIND_ZH, SCOPE_ZH, SEVERITY_ZH, STATUS_ZH
from liangxin.viz.safety import chart_text

__all__ = [
    "zh", "labels", "COLUMN_ZH", "VALUE_ZH", "FILE_ZH",
    "demo_workbook", "run_analyze", "Outputs", "files_table",
    "overview", "by_organization", "uncovered_ranked", "uncovered_by_street", "chains_by_street", "coverage_table",
    "loads_table", "loads_summary",
    "Chart", "coverage_chart", "loads_chart", "findings_chart", "comparison_chart",
    "street_names", "resolve_street", "street_sheets", "write_excel", "export_street",
    "with_capacity", "move_department", "compare", "Comparison",
    "show_network",
    "neo4j_link", "Neo4jLink", "Neo4jCheck", "Skipped",
]

log = logging.getLogger(__name__)

# ---------------------------------------------------------------------------------------------
# Chinese labels

#: English column name → Chinese column label (the report's wording where it has one).
COLUMN_ZH = {
    "org_id": "组织标识", "name": "组织名称", "credit_code": "统一社会信用代码", "kind": "组织类型",
    "street": "街道", "community": "社区", "employees": "从业人员数", "party_members": "党员数",
    "above_scale": "规模以上", "entity": "实体性", "status": "党组织状态", "party_org": "所在党组织",
    "has_union": "工会", "has_youth_league": "团组织", "has_womens_org": "妇组织", "key": "重点难点",
    "industry": "行业", "row": "行号", "name_key": "名称键", "party_org_key": "党组织名称键",
    "code": "问题代码", "label": "问题", "codes": "问题代码", "labels": "问题", "n_codes": "问题数",
    "open": "是否未覆盖", "rank": "排序",
    "unit": "单位", "unit_key": "单位名称键", "supervisory_unit": "所属业务主管单位", "node_id": "节点标识",
    "load": "负荷", "capacity": "容量", "linked": "联系组织数", "overloaded": "超负荷", "idle": "未落实",
    "ratio": "负荷率", "excess": "超出",
    "scope": "范围", "group": "名称", "required": "应建党组织数", "not_covered": "应建未建数",
    **RATE_ZH,
    "units": "单位数", "load_total": "负荷合计", "ratio_mean": "平均负荷率", "ratio_max": "最高负荷率",
    "default_capacity": "默认容量", "total": "组织数", "overloaded_units": "超负荷单位数",
    "idle_units": "未落实单位数", "in_street": "本街道挂点组织数",
    "department": "区直机关", "leader": "区领导", "instructor": "党建工作指导员", "mass_org": "群团组织",
    "liaison": "联络员", "phone": "联系电话", "task": "共建任务",
    "severity": "类别", "sheet": "工作表", "column": "列", "reason": "原因",
    "rows_read": "读取行数", "rows_loaded": "载入行数", "rows_rejected": "拒收行数",
    "before": "调整前", "after": "调整后", "change": "变化", "measure": "指标", "value": "数值",
    "load_before": "调整前负荷", "load_after": "调整后负荷", "load_change": "负荷变化",
    "capacity_before": "调整前容量", "capacity_after": "调整后容量",
    "overloaded_before": "调整前超负荷", "overloaded_after": "调整后超负荷",
    "idle_before": "调整前未落实", "idle_after": "调整后未落实",
    "category": "类别", "what": "变化", "query": "查询", "embedded_rows": "内置查询行数",
    "cypher_rows": "Cypher 行数", "differences": "差异数", "same": "一致",
    "file": "文件", "purpose": "用途", "size_kb": "大小（KB）", "path": "路径",
    "seq": "序号", "how": "调整方式代码", "how_zh": "调整方式", "from_unit": "调出单位", "to_unit": "接收单位",
    "from_load_before": "调出单位原负荷", "from_load_after": "调出单位新负荷", "to_load_before": "接收单位原负荷",
    "to_load_after": "接收单位新负荷", "from_capacity": "调出单位容量", "to_capacity": "接收单位容量",
    "moves_out": "调出组织数", "moves_in": "接收组织数", "note": "说明",
    **UNCOVERED_CODES, **CHAIN_CODES,
}

_CATEGORY_ZH = {"uncovered": "未覆盖", "broken_chain": "责任链断点", "chain": "责任链断点"}
_WHAT_ZH = {"opened": "新增", "closed": "消除"}
_CODE_ZH = {**UNCOVERED_CODES, **CHAIN_CODES, "OVERLOADED": "超负荷", "IDLE": "未落实"}
_GROUP_ZH = {"overall": "全区", **KIND_ZH}

#: Column → {code value → Chinese}, for the columns whose values are codes.
VALUE_ZH = {
    "status": STATUS_ZH, "scope": SCOPE_ZH, "group": _GROUP_ZH, "severity": SEVERITY_ZH,
    "category": _CATEGORY_ZH, "what": _WHAT_ZH, "code": _CODE_ZH,
}
_BOOLEAN_COLUMNS = ("above_scale", "entity", "has_union", "has_youth_league", "has_womens_org", "key", "open",
                    "overloaded", "idle", "overloaded_before", "overloaded_after", "idle_before", "idle_after",
                    "same")
_RATE_NAMES = frozenset([*RATE_COLUMNS, *RATE_ZH.values(), "ratio", "ratio_mean", "ratio_max",
                         *(f"{c}_{w}" for c in RATE_COLUMNS for w in ("before", "after", "change"))])


def _is_text(values):
    return values.dtype == object or pd.api.types.is_string_dtype(values.dtype)


def _kind_values(frame):
    """``kind`` holds organization kinds in finding tables and unit roles in load tables."""
    present = set(frame["kind"].dropna().unique())
    is_role = present <= set(ROLE_ZH) if present else ("unit" in frame.columns or "load" in frame.columns)
    return ("角色", ROLE_ZH) if is_role else (COLUMN_ZH["kind"], KIND_ZH)


def _yes_no(values):
    return values.map(lambda v: None if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))
                      else ("是" if bool(v) else "否"))


def _percent_text(values):
    return values.map(lambda v: "—" if v is None or pd.isna(v) else f"{v:.1%}")


def labels(frame, lang="zh", percent=False):
    """Return a copy of `frame` with Chinese column labels and code values (``lang="zh"``).

    Columns: :data:`COLUMN_ZH` (``kind`` becomes 组织类型 or, in a load table, 角色). Values:
    organization kinds, Party organization statuses, unit roles, coverage scopes and groups,
    yes/no flags (是/否). The ``code`` column keeps its stable codes when a ``label`` column
    already gives the Chinese; a column named after a code (``chains_by_street``) gets the
    code's Chinese label. Numbers stay numbers.

    Parameters
    ----------
    frame : DataFrame
    lang : {"zh", "en"}
        ``"en"`` returns an unchanged copy (the English names are the stable ones).
    percent : bool
        Also write rates (组织覆盖率 …) as text percentages such as ``63.4%`` (for display only).

    Examples
    --------
    >>> import pandas as pd
    >>> labels(pd.DataFrame({"kind": ["enterprise"], "status": ["none"], "key": [True]})).columns.tolist()
    ['组织类型', '党组织状态', '重点难点']
    >>> labels(pd.DataFrame({"kind": ["leader"], "load": [6.0]})).to_dict("records")
    [{'角色': '区领导', '负荷': 6.0}]
    """
    if lang == "en":
        return frame.copy()
    if lang != "zh":
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    out = frame.copy()
    has_label = "label" in out.columns or "labels" in out.columns
    names = {}
    for column in out.columns:
        if not isinstance(column, str):
            continue
        values = out[column]
        if column == "kind":
            names[column], mapping = _kind_values(frame)
            out[column] = values.map(lambda v: mapping.get(v, v))
        elif column == "code" and has_label:
            pass
        elif column in VALUE_ZH and _is_text(values):
            mapping = VALUE_ZH[column]
            out[column] = values.map(lambda v: mapping.get(v, v) if isinstance(v, str) else v)
        elif column in _BOOLEAN_COLUMNS and (values.dtype == bool or values.dtype == object
                                             or str(values.dtype) == "boolean"):
            out[column] = _yes_no(values)
        if percent and column in _RATE_NAMES:
            out[column] = _percent_text(out[column])
        names.setdefault(column, COLUMN_ZH.get(column, column))
    for suffix, word in (("_before", "（调整前）"), ("_after", "（调整后）"), ("_change", "（变化）")):
        for column in out.columns:
            if isinstance(column, str) and column.endswith(suffix) and column not in COLUMN_ZH:
                base = column[: -len(suffix)]
                if base in COLUMN_ZH:
                    names[column] = COLUMN_ZH[base] + word
    out = out.rename(columns=names)
    for axis in (out.index, out.columns):
        if isinstance(axis.name, str) and axis.name in COLUMN_ZH:
            axis.name = COLUMN_ZH[axis.name]
    return out


def zh(frame, percent=False):
    """Short for ``labels(frame, "zh")``: Chinese column labels and values.

    Examples
    --------
    >>> zh(result.uncovered).head()  # doctest: +SKIP
    >>> zh(coverage_table(result), percent=True)  # doctest: +SKIP
    """
    return labels(frame, "zh", percent=percent)


# ---------------------------------------------------------------------------------------------
# Files

#: Output file key (``run_analyze(...).files``) → what it is for.
FILE_ZH = {
    "report": "给领导小组的报告：总览、未覆盖组织、超负荷单位、责任链断点、覆盖率、数据问题（含图表）",
    "network": "交互式责任网络图：用浏览器直接打开，无需联网",
    "summary": "机器读取的汇总（summary.json）",
    "findings": "每条问题一行（findings.csv，Excel/WPS 可直接打开）",
}


def demo_workbook(folder="out", n_orgs=5000, seed=0):
    """Return the path of the demo workbook in `folder`, writing it first when it is missing.

    The synthetic Longgang workbook of ``liangxin demo`` (``folder/sample.xlsx``); the same seed
    always gives the same file. An existing file is reused as it is.

    Examples
    --------
    >>> demo_workbook("out")  # doctest: +SKIP
    PosixPath('out/sample.xlsx')
    """
    from liangxin.demo import write_demo

    folder = Path(folder)
    path = folder / "sample.xlsx"
    if path.exists():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    return Path(write_demo(folder, n_orgs=n_orgs, seed=seed))


@dataclasses.dataclass(repr=False)
class Outputs:
    """What :func:`run_analyze` wrote: the analysis, the summary object and the files.

    Attributes
    ----------
    analysis : queries.analysis.Analysis
    summary : dict
        ``summary.json``'s object.
    files : dict
        Key (``report``, ``network``, ``summary``, ``findings``, ``chart:<标题>``) → path.
    out_dir : Path
    """

    analysis: object
    summary: dict
    files: dict
    out_dir: Path

    def __repr__(self):
        return f"<Outputs {len(self.files)} 个文件 → {self.out_dir.resolve()}>"

    def _repr_html_(self):
        import html

        table = files_table(self.files).to_html(index=False, escape=True)
        return f"<p>结果文件夹：<code>{html.escape(str(self.out_dir.resolve()))}</code></p>{table}"


def run_analyze(input_path, out_dir, rules_path=None):
    """Analyze a workbook and write every output file, as ``liangxin analyze`` does.

    Returns
    -------
    Outputs
        ``.analysis`` (as :func:`liangxin.analyze`), ``.files`` and a readable table of them.

    Examples
    --------
    >>> out = run_analyze("out/sample.xlsx", "out/结果")  # doctest: +SKIP
    >>> out.files["report"]  # doctest: +SKIP
    """
    from liangxin.pipeline import run_analyze as _run

    result = _run(input_path, out_dir, rules_path, progress=False)
    return Outputs(analysis=result.analysis, summary=result.summary, files=dict(result.files), out_dir=Path(out_dir))


def files_table(files):
    """One row per written file: ``file, purpose, size_kb, path`` (absolute).

    Examples
    --------
    >>> files_table(out.files)  # doctest: +SKIP
    """
    rows = []
    for key, path in files.items():
        path = Path(path)
        if key.startswith("chart:"):
            purpose = f"图表“{key.split(':', 1)[1]}”（PNG，也已放入 report.xlsx 的总览页）"
        else:
            purpose = FILE_ZH.get(key, key)
        size = round(path.stat().st_size / 1024, 1) if path.exists() else None
        rows.append({"file": path.name, "purpose": purpose, "size_kb": size, "path": str(path.resolve())})
    return labels(pd.DataFrame(rows, columns=["file", "purpose", "size_kb", "path"]))


# ---------------------------------------------------------------------------------------------
# Tables

def overview(analysis, percent=True):
    """The headline figures (指标, 数值), as on the report's 总览 sheet.

    Parameters
    ----------
    percent : bool
        Rates as text such as ``63.4%`` (default); with False they stay fractions.

    Examples
    --------
    >>> overview(result)  # doctest: +SKIP
    """
    from liangxin.viz.report import report_sheets

    _, frame, formats = report_sheets(analysis)[0]
    kinds = formats["数值"]
    values = [(f"{v:.1%}" if percent and not pd.isna(v) else float(v)) if kind == "rate" else int(v)
              for v, kind in zip(frame["数值"], kinds)]
    return pd.DataFrame({"指标": frame["指标"].tolist(), "数值": pd.Series(values, dtype=object)})


def by_organization(rows):
    """Fold finding rows (one per organization and code) into one row per organization.

    Parameters
    ----------
    rows : DataFrame
        ``analysis.uncovered`` or ``analysis.broken_chains`` (or rows filtered from them).

    Returns
    -------
    DataFrame
        ``org_id, name, kind, street, community, codes, labels, n_codes``: codes and their
        Chinese labels joined with ``、``.

    Examples
    --------
    >>> zh(by_organization(result.broken_chains))  # doctest: +SKIP
    """
    rows = rows.reset_index(drop=True)
    if len(rows):
        # Each organization's rows must be adjacent; they are in the analysis' order.
        order = pd.Index(pd.unique(rows["org_id"]))
        rows = rows.assign(_o=order.get_indexer(rows["org_id"])).sort_values(
            "_o", kind="stable").drop(columns="_o")
    folded = codes_per_organization(rows)
    folded["n_codes"] = [len(c) for c in folded["codes"]]
    folded["labels"] = ["、".join(_CODE_ZH.get(code, code) for code in codes) for codes in folded["codes"]]
    folded["codes"] = ["、".join(codes) for codes in folded["codes"]]
    columns = [c for c in ("org_id", "name", "kind", "street", "community") if c in folded.columns]
    return folded[[*columns, "codes", "labels", "n_codes"]].reset_index(drop=True)


_OPEN_CODES = ("MEMBERS_REQUIRED", "PARTY_ORG_REQUIRED")


def uncovered_ranked(analysis, street=None):
    """The uncovered organizations, one row each, most pressing first.

    Order: open organizations first (应有党员而无党员 or 应建未建: they count in coverage and
    loads), key/difficult ones (重点难点) first within each group, then by employees (largest
    first), then by the number of codes.

    Parameters
    ----------
    analysis : queries.analysis.Analysis
    street : str, optional
        Only this street (``"平湖"`` or ``"平湖街道"``).

    Returns
    -------
    DataFrame
        ``rank, org_id, name, kind, street, community, employees, party_members, status, key,
        open, codes, labels, n_codes``.

    Examples
    --------
    >>> zh(uncovered_ranked(result).head(20))  # doctest: +SKIP
    """
    rows = analysis.uncovered
    if street is not None:
        rows = rows[rows["street"] == resolve_street(analysis, street)]
    folded = by_organization(rows)
    orgs = analysis.network.tables.organizations.set_index("org_id")
    details = orgs.reindex(folded["org_id"])[["employees", "party_members", "status", "key"]].reset_index(drop=True)
    table = pd.concat([folded, details], axis=1)
    table["key"] = table["key"].fillna(False).astype(bool)
    table["open"] = pd.Series([any(code in codes.split("、") for code in _OPEN_CODES) for codes in table["codes"]],
                              index=table.index, dtype=bool)
    table["employees"] = table["employees"].fillna(0).astype(np.int64)
    table["party_members"] = table["party_members"].fillna(0).astype(np.int64)
    table = table.sort_values(["open", "key", "employees", "n_codes", "street", "org_id"],
                              ascending=[False, False, False, False, True, True], kind="stable", na_position="last")
    table.insert(0, "rank", np.arange(1, len(table) + 1))
    columns = ["rank", "org_id", "name", "kind", "street", "community", "employees", "party_members", "status",
               "key", "open", "codes", "labels", "n_codes"]
    return table[columns].reset_index(drop=True)


def _street_text(values):
    return values.fillna("（未填街道）")


def _by_street(rows, codes):
    street = _street_text(rows["street"])
    table = pd.crosstab(street, rows["code"]).reindex(columns=list(codes), fill_value=0)
    table["total"] = rows.groupby(street)["org_id"].nunique()
    table = table.sort_values(["total"], ascending=False, kind="stable")
    table.index.name = "street"
    table.columns.name = None
    return table.fillna(0).astype(np.int64)


def chains_by_street(analysis):
    """Organizations with a broken chain, per street (rows) and code (columns).

    Returns
    -------
    DataFrame
        Indexed by ``street`` (an organization's street as written; ``（未填街道）`` when
        empty), one column per chain code of RULES.md (organizations with that code) and
        ``total`` (organizations with any code), most broken street first.

    Examples
    --------
    >>> zh(chains_by_street(result))  # doctest: +SKIP
    """
    return _by_street(analysis.broken_chains, CHAIN_CODES)


def uncovered_by_street(analysis):
    """Uncovered organizations per street (rows) and code (columns), like :func:`chains_by_street`.

    ``total`` counts organizations with any code (one organization may have several).

    Examples
    --------
    >>> zh(uncovered_by_street(result))  # doctest: +SKIP
    """
    return _by_street(analysis.uncovered, UNCOVERED_CODES)


def coverage_table(analysis, by="street"):
    """Coverage rates of one scope, weakest organization coverage first.

    Parameters
    ----------
    by : {"street", "kind", "overall"}

    Returns
    -------
    DataFrame
        ``group, required, not_covered`` (应建未建: required organizations with no Party
        organization) and the three rates; a street with no required organization has NaN rates
        and comes last.

    Examples
    --------
    >>> zh(coverage_table(result), percent=True)  # doctest: +SKIP
    """
    if by not in SCOPE_ZH:
        raise ValueError(f"by must be one of {sorted(SCOPE_ZH)}, not {by!r}")
    coverage = analysis.coverage
    table = coverage[coverage["scope"] == by].drop(columns="scope").reset_index(drop=True)
    covered = (table["org_coverage"] * table["required"]).round().fillna(0).astype(np.int64)
    table.insert(2, "not_covered", table["required"] - covered)
    if by == "street":
        table = table.sort_values(["org_coverage", "group"], kind="stable", na_position="last")
    return table.reset_index(drop=True)


def _ratio(load, capacity):
    load, capacity = np.asarray(load, dtype=float), np.asarray(capacity, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(capacity > 0, load / np.where(capacity > 0, capacity, 1.0),
                        np.where(load > 0, np.inf, 0.0))


def loads_table(analysis, kind=None):
    """Every unit's load, heaviest (load / capacity) first.

    Parameters
    ----------
    kind : str, optional
        ``leader``, ``department``, ``supervisory_unit`` or ``instructor`` (or its Chinese name).

    Returns
    -------
    DataFrame
        ``kind, unit, supervisory_unit, load, capacity, ratio, excess, linked, overloaded, idle``;
        loads rounded to 2 decimals (compared before rounding).

    Examples
    --------
    >>> zh(loads_table(result, "leader").head(10))  # doctest: +SKIP
    """
    return _loads_view(analysis.loads, kind)


def _loads_view(loads, kind=None):
    if kind is not None:
        roles = {**{k: k for k in ROLE_ZH}, **{v: k for k, v in ROLE_ZH.items()}}
        if kind not in roles:
            raise ValueError(f"kind must be one of {list(ROLE_ZH)} (or {list(ROLE_ZH.values())}), not {kind!r}")
        loads = loads[loads["kind"] == roles[kind]]
    table = loads.assign(ratio=_ratio(loads["load"], loads["capacity"]),
                         excess=(loads["load"] - loads["capacity"]).clip(lower=0))
    table = table.sort_values(["ratio", "kind", "unit"], ascending=[False, True, True], kind="stable")
    table["load"] = table["load"].round(2)
    table["excess"] = table["excess"].round(2)
    table["ratio"] = table["ratio"].round(4)
    columns = ["kind", "unit", "supervisory_unit", "load", "capacity", "ratio", "excess", "linked", "overloaded", "idle"]
    if kind is not None and roles[kind] != "instructor":
        columns.remove("supervisory_unit")  # only instructors belong to a supervisory unit
    return table[columns].reset_index(drop=True)


def loads_summary(analysis):
    """Per role: units, overloaded, idle, total load, mean and highest load / capacity, default capacity.

    Examples
    --------
    >>> zh(loads_summary(result))  # doctest: +SKIP
    """
    loads = analysis.loads
    rows = []
    for kind in ROLE_ZH:
        part = loads[loads["kind"] == kind]
        ratio = _ratio(part["load"], part["capacity"])
        finite = ratio[np.isfinite(ratio)]
        rows.append({
            "kind": kind, "units": int(len(part)), "overloaded_units": int(part["overloaded"].sum()),
            "idle_units": int(part["idle"].sum()), "load_total": round(float(part["load"].sum()), 2),
            "ratio_mean": round(float(finite.mean()), 4) if len(finite) else float("nan"),
            "ratio_max": round(float(ratio.max()), 4) if len(ratio) else float("nan"),
            "default_capacity": int(analysis.rules.capacity(kind)),
        })
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------------------------
# Charts

class Chart:
    """A matplotlib figure that Jupyter shows inline as a PNG (any backend, no pyplot).

    Attributes
    ----------
    figure : matplotlib.figure.Figure
    title : str
    """

    def __init__(self, figure, title):
        self.figure = figure
        self.title = title

    def png(self):
        """The chart as PNG bytes."""
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        buffer = io.BytesIO()
        FigureCanvasAgg(self.figure).print_png(buffer)
        return buffer.getvalue()

    def _repr_png_(self):
        return self.png()

    def save(self, path):
        """Write the chart as a PNG file and return its path."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(self.png())
        return path

    def __repr__(self):
        return f"<Chart {self.title}>"


def _committee_chart(analysis, stem):
    from liangxin.viz.charts import chart_figures

    for title, chart_stem, figure in chart_figures(analysis):
        if chart_stem == stem:
            return Chart(figure, title)
    raise KeyError(stem)  # pragma: no cover - the stems are viz.charts'


def _font_settings():
    from liangxin.viz.charts import find_cjk_font

    settings = {"axes.unicode_minus": False, "axes.spines.top": False, "axes.spines.right": False}
    found = find_cjk_font()
    if found:
        settings["font.family"] = [found[0], "DejaVu Sans"]
    return settings


def coverage_chart(analysis, by="street"):
    """Coverage rates per street (the report's chart) or per kind of organization.

    Examples
    --------
    >>> coverage_chart(result)  # doctest: +SKIP
    >>> coverage_chart(result, by="kind")  # doctest: +SKIP
    """
    if by == "street":
        return _committee_chart(analysis, "coverage_by_street")
    if by != "kind":
        raise ValueError(f"by must be 'street' or 'kind', not {by!r}")
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.ticker import PercentFormatter

    table = coverage_table(analysis, "kind")
    with matplotlib.rc_context(_font_settings()):
        figure = Figure(figsize=(7.0, 4.2), dpi=100)
        axes = figure.subplots()
        positions = np.arange(len(table))
        width = 0.26
        for i, (column, color) in enumerate(zip(RATE_COLUMNS, ("#b91c1c", "#f97316", "#2563eb"))):
            values = np.nan_to_num(table[column].to_numpy(dtype=float))
            bars = axes.bar(positions + (i - 1) * width, values, width=width, color=color, label=RATE_ZH[column])
            for bar, value in zip(bars, values):
                axes.text(bar.get_x() + bar.get_width() / 2, value, f"{value:.0%}", ha="center", va="bottom",
                          fontsize=8)
        axes.set_xticks(positions, [f"{KIND_ZH.get(g, g)}\n应建 {r} 个" for g, r in
                                    zip(table["group"], table["required"])])
        axes.set_ylim(0, 1.1)
        axes.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        axes.set_title("按组织类型的覆盖率", pad=22)
        axes.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3, fontsize=8, frameon=False)
        figure.tight_layout()
    return Chart(figure, "按组织类型的覆盖率")


def loads_chart(analysis):
    """Load / capacity of every unit, per role (the report's chart).

    Examples
    --------
    >>> loads_chart(result)  # doctest: +SKIP
    """
    return _committee_chart(analysis, "unit_loads")


def findings_chart(analysis):
    """Number of organizations per finding code (the report's chart).

    Examples
    --------
    >>> findings_chart(result)  # doctest: +SKIP
    """
    return _committee_chart(analysis, "findings_by_code")


def comparison_chart(comparison, limit=15):
    """Load / capacity before and after a what-if, for the units whose load changed most.

    Examples
    --------
    >>> comparison_chart(compare(before, after))  # doctest: +SKIP
    """
    import matplotlib
    from matplotlib.figure import Figure

    changed = comparison.loads.head(limit)
    title = "调整前后的负荷率（负荷 / 容量）"
    with matplotlib.rc_context(_font_settings()):
        figure = Figure(figsize=(8.0, max(3.0, 0.42 * len(changed) + 1.6)), dpi=100)
        axes = figure.subplots()
        if not len(changed):
            axes.text(0.5, 0.5, "没有单位的负荷发生变化", ha="center", va="center", transform=axes.transAxes)
            axes.set_axis_off()
        else:
            positions = np.arange(len(changed))[::-1]
            before = _ratio(changed["load_before"], changed["capacity_before"])
            after = _ratio(changed["load_after"], changed["capacity_after"])
            before, after = np.nan_to_num(before, posinf=0.0), np.nan_to_num(after, posinf=0.0)
            axes.barh(positions + 0.2, before, height=0.38, color="#9ca3af", label="调整前")
            axes.barh(positions - 0.2, after, height=0.38, color="#2563eb", label="调整后")
            axes.axvline(1.0, color="#e11d48", linestyle="--", linewidth=1)
            axes.set_yticks(positions, chart_text(f"{u}（{ROLE_ZH.get(k, k)}）"
                                                  for u, k in zip(changed["unit"], changed["kind"])),
                            fontsize=8, parse_math=False)
            from matplotlib.ticker import PercentFormatter

            axes.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
            axes.set_xlabel("负荷率 = 负荷 / 容量（红线：容量）")
            axes.legend(loc="lower right", fontsize=8, frameon=False)
        axes.set_title(title)
        figure.tight_layout()
    return Chart(figure, title)


# ---------------------------------------------------------------------------------------------
# Streets and Excel

def street_names(analysis):
    """The streets of 街道社区, in code-point order."""
    return sorted(pd.unique(analysis.network.tables.geography["street"]).tolist())


def resolve_street(analysis, street):
    """Return the full name of `street` (``"平湖"`` → ``"平湖街道"``) as on 街道社区.

    Raises
    ------
    LiangxinInputError
        The street is not on 街道社区; the message lists the streets.
    """
    wanted = normalize_place(pd.Series([street], dtype=object), "街道").iloc[0]
    streets = street_names(analysis)
    if wanted not in streets:
        raise LiangxinInputError(f"找不到街道“{street}”：台账“街道社区”工作表中没有它。已有街道：{'、'.join(streets)}")
    return wanted


def street_sheets(analysis, street):
    """The sheets of one street's list for its secretary, in Chinese.

    Returns
    -------
    dict of str to DataFrame
        ``概况`` (the street's figures), ``未覆盖组织`` (ranked as :func:`uncovered_ranked`),
        ``责任链断点`` (one row per organization), ``驻街机关`` (departments stationed there, with
        their loads) and ``挂点区领导`` (leaders attached to the street's organizations).

    Examples
    --------
    >>> sheets = street_sheets(result, "平湖")  # doctest: +SKIP
    >>> sheets["未覆盖组织"].head()  # doctest: +SKIP
    """
    street = resolve_street(analysis, street)
    tables = analysis.network.tables
    orgs = tables.organizations
    uncovered = uncovered_ranked(analysis, street)
    chains = by_organization(analysis.broken_chains[analysis.broken_chains["street"] == street])
    coverage = analysis.coverage
    rates = coverage[(coverage["scope"] == "street") & (coverage["group"] == street)].iloc[0]
    loads = analysis.loads
    stationed = tables.department_stations.loc[tables.department_stations["street"] == street, "department_key"]
    departments = loads[(loads["kind"] == "department") & loads["unit_key"].isin(set(stationed))]
    in_street = set(orgs.loc[orgs["street"] == street, "org_id"])
    points = tables.leader_points[tables.leader_points["org_id"].isin(in_street)]
    leader_keys = set(points["leader_key"])
    leaders = loads[(loads["kind"] == "leader") & loads["unit_key"].isin(leader_keys)]
    per_leader = points.groupby("leader_key")["org_id"].nunique()

    def rate(value):
        return None if pd.isna(value) else float(value)

    summary = pd.DataFrame({
        "measure": ["街道", "两新组织数", "应建党组织的组织数", "组织覆盖率", "单独组建率", "工作覆盖率",
                    "未覆盖组织数", "其中重点难点", "责任链断点组织数", "驻街区直机关数"],
        "value": [street, int(len(in_street)), int(rates["required"]), rate(rates["org_coverage"]),
                  rate(rates["standalone_rate"]), rate(rates["work_coverage"]), int(len(uncovered)),
                  int(uncovered["key"].sum()), int(len(chains)), int(len(departments))],
    })
    leader_table = leaders.assign(in_street=leaders["unit_key"].map(per_leader).fillna(0).astype(np.int64))
    return {
        "概况": summary.rename(columns={"measure": "指标", "value": "数值"}),
        "未覆盖组织": zh(uncovered),
        "责任链断点": zh(chains),
        "驻街机关": zh(_loads_view(departments).drop(columns="supervisory_unit")),
        "挂点区领导": zh(leader_table.assign(load=leader_table["load"].round(2))[
            ["unit", "in_street", "load", "capacity", "overloaded"]].rename(columns={"unit": "leader"})
            .reset_index(drop=True)),
    }


_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def _sheet_name(name, used):
    base = _SHEET_BAD.sub("_", str(name)).strip("'") or "Sheet"
    base = base[:31]
    candidate, n = base, 2
    while candidate.lower() in used:
        suffix = f"({n})"
        candidate, n = base[:31 - len(suffix)] + suffix, n + 1
    used.add(candidate.lower())
    return candidate


def _value_format(value, is_rate):
    if isinstance(value, (bool, np.bool_)) or value is None or isinstance(value, str):
        return "text"
    if isinstance(value, (int, np.integer)):
        return "int"
    if isinstance(value, (float, np.floating)):
        return "rate" if is_rate else "float"
    return "text"


def _excel_formats(frame):
    """The frame with yes/no as 是/否, and the format of each column (or of each cell) for write_sheets_xlsx."""
    formats = {}
    converted = frame.copy()
    # A 指标/数值 table (overview, a street's figures, a comparison): a 指标 ending in 率 is a rate.
    measure = next((c for c in ("指标", "measure") if c in frame.columns), None)
    row_rate = (frame[measure].astype(str).str.endswith("率").to_numpy() if measure is not None
                else np.zeros(len(frame), dtype=bool))
    for column in frame.columns:
        values = frame[column]
        column_rate = str(column) in _RATE_NAMES or str(column).endswith("率")
        if values.dtype == bool or str(values.dtype) == "boolean":
            converted[column] = _yes_no(values.astype(object))
        elif pd.api.types.is_integer_dtype(values.dtype):
            formats[column] = "int"
        elif pd.api.types.is_float_dtype(values.dtype):
            formats[column] = "rate" if column_rate else "float"
        elif values.dtype == object:
            cells = [_value_format(v, column_rate or rate) for v, rate in zip(values, row_rate)]
            converted[column] = [("是" if v else "否") if isinstance(v, (bool, np.bool_)) else v for v in values]
            formats[column] = cells
    converted.columns = [str(c) for c in converted.columns]
    formats = {str(k): v for k, v in formats.items()}
    return converted, formats


def write_excel(sheets, path):
    """Write DataFrames to an .xlsx file the way ``report.xlsx`` is written.

    Every text cell is written as text (never a formula, a link or a number: a name starting
    with ``=`` stays text), numbers as numbers, rates as percentages, yes/no as 是/否; header
    frozen, filters on, widths fitted. Column names are written as they are: pass
    :func:`zh` tables for Chinese headers.

    Parameters
    ----------
    sheets : DataFrame or dict of str to DataFrame
        One table (sheet ``清单``) or sheet name → table; names are made valid for Excel.
    path : str or Path
        The .xlsx file (its folder is created when missing).

    Returns
    -------
    Path

    Examples
    --------
    >>> write_excel({"未覆盖组织": zh(uncovered_ranked(result))}, "out/未覆盖组织.xlsx")  # doctest: +SKIP
    """
    if isinstance(sheets, pd.DataFrame):
        sheets = {"清单": sheets}
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ValueError(f"the file must end with .xlsx: {path}")
    path.parent.mkdir(parents=True, exist_ok=True)
    used, prepared = set(), []
    for name, frame in sheets.items():
        frame = frame.reset_index() if frame.index.name is not None else frame.reset_index(drop=True)
        converted, formats = _excel_formats(frame)
        prepared.append((_sheet_name(name, used), converted, formats))
    return _write_sheets(prepared, path)


def _write_sheets(sheets, path):
    """Write ``(name, frame, formats)`` with the report's cell writer; a long table continues on ``name(2)`` ….

    Not in constant-memory mode, so the writer may fill cells in any order.
    """
    from liangxin.viz.report import write_sheets

    return write_sheets(sheets, path)


def export_street(analysis, street, folder="out"):
    """Write one street's list (:func:`street_sheets`) to ``folder/<街道>两新组织清单.xlsx``.

    Examples
    --------
    >>> export_street(result, "平湖", "out")  # doctest: +SKIP
    PosixPath('out/平湖街道两新组织清单.xlsx')
    """
    street = resolve_street(analysis, street)
    return write_excel(street_sheets(analysis, street), Path(folder) / _file_name(f"{street}两新组织清单.xlsx"))


def _file_name(text):
    """`text` as one file name in any folder: no path separators, nothing Windows refuses.

    Examples
    --------
    >>> _file_name("../平湖/街道:清单.xlsx")
    '_平湖_街道_清单.xlsx'
    """
    return re.sub(r'[\\/:*?"<>|\x00-\x1f\x7f]', "_", text).strip(" .") or "_"


# ---------------------------------------------------------------------------------------------
# What-if

def _rebuilt(network, **changes):
    tables = dataclasses.replace(network.tables, **changes)
    return build_network(tables, district=network.district)


def _known_units(tables):
    names = pd.concat([
        tables.leader_points[["leader", "leader_key"]].set_axis(["unit", "key"], axis=1),
        tables.department_stations[["department", "department_key"]].set_axis(["unit", "key"], axis=1),
        tables.supervision[["supervisory_unit", "unit_key"]].set_axis(["unit", "key"], axis=1),
        tables.supervision[["instructor", "instructor_key"]].dropna().set_axis(["unit", "key"], axis=1),
    ], ignore_index=True)
    return names.drop_duplicates("key")


def _unknown_unit(unit, names, what):
    import difflib

    close = difflib.get_close_matches(str(unit), names, n=5, cutoff=0.5)
    hint = f"相近的名称：{'、'.join(close)}" if close else "请检查名称是否与台账一致"
    return LiangxinInputError(f"找不到{what}“{unit}”。{hint}")


def with_capacity(network, unit, capacity):
    """A new network whose 责任容量 sheet gives `unit` the capacity `capacity`.

    As a 责任容量 row does, the capacity holds for every unit of that name in every role it
    has. `network` itself is not changed.

    Raises
    ------
    LiangxinInputError
        No leader, department, supervisory unit or instructor has that name.

    Examples
    --------
    >>> after = with_capacity(net, "区市场监督管理局", 40)  # doctest: +SKIP
    """
    if isinstance(capacity, bool) or not isinstance(capacity, (int, np.integer)) or capacity < 0:
        raise ValueError(f"capacity must be a non-negative integer, not {capacity!r}")
    tables = network.tables
    key = name_key(pd.Series([unit], dtype=object)).iloc[0]
    known = _known_units(tables)
    if key is None or key not in set(known["key"]):
        raise _unknown_unit(unit, known["unit"].tolist(), "区领导、区直机关、业务主管单位或党建工作指导员")
    name = known.loc[known["key"] == key, "unit"].iloc[0]
    capacities = tables.capacities
    kept = capacities[capacities["unit_key"] != key]
    row = pd.DataFrame({"unit": [name], "unit_key": [key], "capacity": [int(capacity)], "row": [None]},
                       dtype=object)
    new = pd.concat([kept, row.reindex(columns=capacities.columns)], ignore_index=True).astype(
        {c: object for c in capacities.columns if capacities[c].dtype == object})
    return _rebuilt(network, capacities=new)


def move_department(network, department, to_street, from_street=None):
    """A new network where `department` is stationed in `to_street` instead of `from_street`.

    The department keeps the organizations it contacts directly; its share of the old street's
    pool goes to the departments left there (or, when none is left, that street has no
    stationed department: 街道无驻点机关). `network` itself is not changed.

    Parameters
    ----------
    department : str
    to_street : str
        ``"平湖"`` or ``"平湖街道"``.
    from_street : str, optional
        Needed only when the department is stationed in several streets.

    Examples
    --------
    >>> after = move_department(net, "区市场监督管理局", "园山")  # doctest: +SKIP
    """
    tables = network.tables
    stations = tables.department_stations
    key = name_key(pd.Series([department], dtype=object)).iloc[0]
    if key is None or key not in set(stations["department_key"]):
        raise _unknown_unit(department, stations["department"].drop_duplicates().tolist(), "驻街区直机关")
    streets = sorted(pd.unique(tables.geography["street"]).tolist())

    def street_of(value, what):
        full = normalize_place(pd.Series([value], dtype=object), "街道").iloc[0]
        if full not in streets:
            raise LiangxinInputError(f"找不到{what}“{value}”：台账“街道社区”工作表中没有它。已有街道：{'、'.join(streets)}")
        return full

    to_street = street_of(to_street, "街道")
    mine = stations["department_key"] == key
    current = sorted(stations.loc[mine, "street"].tolist())
    if from_street is None:
        if len(current) > 1:
            raise LiangxinInputError(f"“{department}”驻点于多个街道（{'、'.join(current)}）：请用 from_street 指定从哪个街道调出")
        from_street = current[0]
    else:
        from_street = street_of(from_street, "街道")
        if from_street not in current:
            raise LiangxinInputError(f"“{department}”没有驻点于{from_street}（现驻点：{'、'.join(current)}）")
    moved = stations.copy()
    moved.loc[mine & (stations["street"] == from_street), "street"] = to_street
    moved = moved.drop_duplicates(["department_key", "street"]).reset_index(drop=True)
    return _rebuilt(network, department_stations=moved)


@dataclasses.dataclass(repr=False)
class Comparison:
    """What changed between two analyses of the same organizations (a what-if).

    Attributes
    ----------
    summary : DataFrame
        ``measure, before, after, change``: headline figures.
    loads : DataFrame
        Units whose load, capacity or state changed (largest change first): ``kind, unit,
        supervisory_unit, load_before, load_after, load_change, capacity_before,
        capacity_after, overloaded_before, overloaded_after, idle_before, idle_after``.
    coverage : DataFrame
        Scopes whose rates changed: ``scope, group, required`` and each rate before/after/change.
    gaps : DataFrame
        Findings that appeared (``what`` = opened) or disappeared (closed): ``what, category,
        org_id, name, street, code, label``.
    """

    summary: pd.DataFrame
    loads: pd.DataFrame
    coverage: pd.DataFrame
    gaps: pd.DataFrame

    def __repr__(self):
        lines = ["<Comparison 调整前 → 调整后"]
        for row in self.summary.itertuples(index=False):
            if row.before != row.after:
                lines.append(f"  {row.measure}: {_shown(row.before)} → {_shown(row.after)}")
        if len(lines) == 1:
            lines.append("  头条数字没有变化")
        lines.append(f"  负荷变化的单位 {len(self.loads)} 个，新增/消除的问题 {len(self.gaps)} 条>")
        return "\n".join(lines)

    def _repr_html_(self):
        shown = self.summary.copy()
        for column in ("before", "after", "change"):
            shown[column] = [_shown(v) for v in shown[column]]
        return (f"<p>负荷变化的单位 {len(self.loads)} 个，新增/消除的问题 {len(self.gaps)} 条"
                f"（详见 <code>.loads</code>、<code>.coverage</code>、<code>.gaps</code>）</p>"
                + zh(shown).to_html(index=False, escape=True))


def _shown(value):
    if isinstance(value, float):
        return "—" if math.isnan(value) else (f"{value:.1%}" if 0 <= value <= 1 and not value.is_integer()
                                              else f"{value:g}")
    return str(value)


def _headline(analysis):
    overall = analysis.coverage[analysis.coverage["scope"] == "overall"].iloc[0]
    loads = analysis.loads
    return {
        "超负荷单位数": int(loads["overloaded"].sum()),
        "未落实单位数": int(loads["idle"].sum()),
        "未覆盖组织数": int(analysis.uncovered["org_id"].nunique()),
        "责任链断点组织数": int(analysis.broken_chains["org_id"].nunique()),
        "应建党组织的组织数": int(overall["required"]),
        "组织覆盖率": float(overall["org_coverage"]),
        "单独组建率": float(overall["standalone_rate"]),
        "工作覆盖率": float(overall["work_coverage"]),
    }


def _finding_rows(analysis):
    return pd.concat([analysis.uncovered.assign(category="uncovered"),
                      analysis.broken_chains.assign(category="broken_chain")], ignore_index=True)


def compare(before, after):
    """Compare two analyses of the same workbook (before and after a what-if change).

    Parameters
    ----------
    before, after : queries.analysis.Analysis

    Returns
    -------
    Comparison

    Examples
    --------
    >>> before = lx.analyze(net)  # doctest: +SKIP
    >>> after = lx.analyze(with_capacity(net, "魏鹏雨", 10))  # doctest: +SKIP
    >>> compare(before, after).loads  # doctest: +SKIP
    """
    b, a = _headline(before), _headline(after)
    summary = pd.DataFrame({"measure": list(b), "before": list(b.values()), "after": [a[k] for k in b]},
                           dtype=object)
    summary["change"] = [round(y - x, 4) if isinstance(x, float) else y - x
                         for x, y in zip(summary["before"], summary["after"])]

    keep = ["kind", "unit", "supervisory_unit", "node_id", "load", "capacity", "overloaded", "idle"]
    loads = before.loads[keep].merge(after.loads[keep], on=["kind", "node_id"], how="outer",
                                     suffixes=("_before", "_after"))
    for column in ("unit", "supervisory_unit"):
        loads[column] = loads[f"{column}_after"].where(loads[f"{column}_after"].notna(), loads[f"{column}_before"])
    for column in ("load_before", "load_after"):
        loads[column] = loads[column].fillna(0.0)
    for column in ("overloaded_before", "overloaded_after", "idle_before", "idle_after"):
        loads[column] = loads[column].astype("boolean").fillna(False).astype(bool)
    loads["load_change"] = loads["load_after"] - loads["load_before"]
    changed = ((loads["load_change"].abs() > 1e-9) | (loads["capacity_before"] != loads["capacity_after"])
               | (loads["overloaded_before"] != loads["overloaded_after"]) | (loads["idle_before"] != loads["idle_after"]))
    # (The size is added before filtering: a Series assigned to an empty frame would give it its index.)
    loads = loads.assign(_size=loads["load_change"].abs())[changed]
    loads = loads.sort_values(["_size", "kind", "unit"], ascending=[False, True, True], kind="stable")
    for column in ("load_before", "load_after", "load_change"):
        loads[column] = loads[column].round(2)
    loads = loads[["kind", "unit", "supervisory_unit", "load_before", "load_after", "load_change", "capacity_before",
                   "capacity_after", "overloaded_before", "overloaded_after", "idle_before", "idle_after"]]

    rates = before.coverage.merge(after.coverage, on=["scope", "group"], suffixes=("_before", "_after"))
    moved = np.zeros(len(rates), dtype=bool)
    for column in RATE_COLUMNS:
        x, y = rates[f"{column}_before"], rates[f"{column}_after"]
        rates[f"{column}_change"] = (y - x).round(4)
        moved |= ~(np.isclose(x, y, equal_nan=True))
    moved |= (rates["required_before"] != rates["required_after"]).to_numpy()
    rates = rates[moved].rename(columns={"required_after": "required"})
    coverage = rates[["scope", "group", "required", *[f"{c}_{w}" for c in RATE_COLUMNS
                                                        for w in ("before", "after", "change")]]]

    old, new = _finding_rows(before), _finding_rows(after)
    closed = old.merge(new[["org_id", "code"]], on=["org_id", "code"], how="left", indicator=True)
    closed = closed[closed["_merge"] == "left_only"].assign(what="closed")
    opened = new.merge(old[["org_id", "code"]], on=["org_id", "code"], how="left", indicator=True)
    opened = opened[opened["_merge"] == "left_only"].assign(what="opened")
    gaps = pd.concat([opened, closed], ignore_index=True)
    gaps = gaps[["what", "category", "org_id", "name", "street", "code", "label"]].reset_index(drop=True)
    return Comparison(summary=summary, loads=loads.reset_index(drop=True), coverage=coverage.reset_index(drop=True),
                      gaps=gaps)


# ---------------------------------------------------------------------------------------------
# Network view

def show_network(analysis, height=720, **view_options):
    """The interactive network, inline in the notebook (:func:`liangxin.viz.network.show_network`).

    Options: ``street="平湖"`` or ``unit="区民政局"`` draws one street or one unit in full;
    ``max_nodes`` caps the drawing. ``.save("网络.html")`` writes the page.

    Examples
    --------
    >>> show_network(result, street="平湖")  # doctest: +SKIP
    """
    from liangxin.viz.network import show_network as _show

    return _show(analysis, height=height, **view_options)


# ---------------------------------------------------------------------------------------------
# Neo4j

class Skipped:
    """The result of a Neo4j step that was skipped because no server is configured."""

    def __init__(self, step, reason):
        self.step = step
        self.reason = reason

    def __bool__(self):
        return False

    def __repr__(self):
        return f"（已跳过“{self.step}”：{self.reason}）"


@dataclasses.dataclass(repr=False)
class Neo4jCheck:
    """The Cypher twins compared with the embedded queries.

    Attributes
    ----------
    table : DataFrame
        Per query: ``query, embedded_rows, cypher_rows, differences, same``.
    differences : list of str
        Every difference, in Chinese (empty when all agree).
    cypher : queries.analysis.Analysis
        The Cypher twins' result.
    """

    table: pd.DataFrame
    differences: list
    cypher: object

    @property
    def same(self):
        return not self.differences

    def __repr__(self):
        if self.same:
            return "一致：Cypher 查询与内置查询的结果逐行相同，读回的台账数据与本地相同"
        return f"{len(self.differences)} 处不一致：\n" + "\n".join(self.differences[:20])

    def _repr_html_(self):
        import html

        head = ("<p><b>一致</b>：Cypher 查询与内置查询的结果逐行相同，读回的台账数据与本地相同。</p>" if self.same else
                f"<p><b>{len(self.differences)} 处不一致</b>：</p><ul>"
                + "".join(f"<li>{html.escape(d)}</li>" for d in self.differences[:20]) + "</ul>")
        return head + zh(self.table).to_html(index=False, escape=True)


#: The query tables compared, with the titles :func:`liangxin.queries.cypher.analysis_differences` starts its lines with.
_CHECKED_ZH = {"uncovered": "未覆盖组织", "broken_chains": "责任链断点", "loads": "责任单位负荷", "coverage": "覆盖率"}

_NO_SERVER = ("未设置环境变量 NEO4J_URI，没有可用的 Neo4j 服务器：本笔记本以下各步都将跳过（不会报错）。"
              "要连接服务器，请在启动 Jupyter 前设置 NEO4J_URI（如 neo4j+s://xxxx.databases.neo4j.io 或 "
              "bolt://localhost:7687）、NEO4J_USER、NEO4J_PASSWORD，需要时再设 NEO4J_DATABASE。")


class Neo4jLink:
    """A connection to the committee's Neo4j server, or a stand-in that skips every step.

    Made by :func:`neo4j_link`. Each step returns its result, or a :class:`Skipped` (falsy)
    saying why nothing was done when no server is configured.

    Attributes
    ----------
    connection : liangxin.graph.neo4j.Neo4jConnection or None
    reason : str or None
        Why there is no connection.
    """

    def __init__(self, connection=None, reason=None):
        self.connection = connection
        self.reason = reason

    @property
    def configured(self):
        return self.connection is not None

    def __bool__(self):
        return self.configured

    def __repr__(self):
        if not self.configured:
            return self.reason
        s = self.connection.settings
        return f"已连接 Neo4j 服务器 {s.shown_uri}（用户 {s.user}，数据库 {s.database or '默认'}）"

    def _skip(self, step):
        log.info("skipped %s: no Neo4j server", step)
        return Skipped(step, "未配置 Neo4j 服务器（NEO4J_URI 未设置）")

    def push(self, network, **options):
        """Write `network` as its district's current snapshot (:func:`liangxin.graph.neo4j.push_network`)."""
        if not self.configured:
            return self._skip("载入 Neo4j")
        from liangxin.graph.neo4j import push_network

        return push_network(self.connection, network, progress=False, **options)

    def counts(self, district):
        """The district's nodes per kind and relationships per type on the server, as a Chinese table."""
        if not self.configured:
            return self._skip("统计节点和关系")
        from liangxin.graph.neo4j import district_counts
        from liangxin.graph.schema import EDGE_KINDS, NODE_KINDS

        nodes, relationships = district_counts(self.connection, district)
        rows = [("节点", NODE_KINDS[k].label_zh, k, n) for k, n in nodes.items()]
        rows += [("关系", EDGE_KINDS[t].label_zh, t, n) for t, n in relationships.items()]
        return pd.DataFrame(rows, columns=["类别", "名称", "标签或类型", "数量"])

    def pull(self, district):
        """Read the district back from the server as a network (:func:`liangxin.graph.neo4j.pull_network`)."""
        if not self.configured:
            return self._skip("从 Neo4j 读回")
        from liangxin.graph.neo4j import pull_network

        return pull_network(self.connection, district)

    def analyze(self, network, rules=None):
        """Run the Cypher twins of every query on the server (:func:`liangxin.queries.cypher.analyze_cypher`)."""
        if not self.configured:
            return self._skip("运行 Cypher 查询")
        from liangxin.queries.cypher import analyze_cypher

        return analyze_cypher(self.connection, network.district, rules, network=network)

    def check(self, network, rules=None, embedded=None):
        """Compare the server's answers with the embedded ones, as ``liangxin neo4j check`` does.

        Returns
        -------
        Neo4jCheck or Skipped
        """
        if not self.configured:
            return self._skip("核对 Cypher 与内置查询")
        from liangxin.queries.analysis import analyze_network
        from liangxin.queries.cypher import analysis_differences, analyze_cypher, tables_differences

        embedded = embedded if embedded is not None else analyze_network(network, rules)
        pulled = self.pull(network.district)
        cypher = analyze_cypher(self.connection, network.district, embedded.rules, network=pulled)
        differences = tables_differences(network.tables, pulled.tables)
        differences += analysis_differences(embedded, cypher, network.tables.source)
        rows = []
        for name, title in _CHECKED_ZH.items():
            mine, theirs = getattr(embedded, name), getattr(cypher, name)
            rows.append({"query": title, "embedded_rows": len(mine), "cypher_rows": len(theirs),
                         "differences": sum(d.startswith(title + "：") for d in differences)})
        counts_differ = sum(d.startswith("计数") for d in differences)
        rows.append({"query": "计数", "embedded_rows": len(embedded.counts), "cypher_rows": len(cypher.counts),
                     "differences": counts_differ})
        rows.append({"query": "读回的台账数据", "embedded_rows": None, "cypher_rows": None,
                     "differences": sum(d.startswith("从 Neo4j 读回") for d in differences)})
        table = pd.DataFrame(rows)
        table["same"] = table["differences"] == 0
        return Neo4jCheck(table=table, differences=differences, cypher=cypher)

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None
            self.reason = "连接已关闭"

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def neo4j_link(uri=None, user=None, database=None, *, password=None, environ=None):
    """Connect to the Neo4j server of ``NEO4J_URI`` …, or say that none is configured.

    With no URI (argument or ``NEO4J_URI``) this returns a :class:`Neo4jLink` whose repr
    says so and whose steps are skipped; a configured server that cannot be reached is an
    error (:class:`liangxin.errors.Neo4jConnectionError`, one Chinese line).

    Examples
    --------
    >>> neo = neo4j_link()  # doctest: +SKIP
    >>> neo.push(net)  # doctest: +SKIP
    """
    environ = os.environ if environ is None else environ
    if not (uri or (environ.get("NEO4J_URI") or "").strip()):
        return Neo4jLink(reason=_NO_SERVER)
    from liangxin.graph.neo4j import connect

    return Neo4jLink(connect(uri, user, database, password=password, environ=environ))
