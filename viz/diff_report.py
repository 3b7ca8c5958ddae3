"""The snapshot comparison's files: ``diff.json`` for machines and ``diff.xlsx`` for the committee.

``diff.xlsx`` has Chinese sheets (总览, 缺口关闭, 新增缺口, 新增组织, 减少组织, 更名组织, 新建党组织,
党组织状态倒退, 数据变动, 街道覆盖率变化, 单位负荷变化) and, when recommendations are given, the
recommendation sheets (联合组建建议, 单独组建名单, 负荷调整建议, 调整后负荷, 数据冲突) — written the
way ``report.xlsx`` is: header frozen, filters on, numbers as numbers, every text cell as text
(never a formula).
"""

import json
import logging
import math
from pathlib import Path

import numpy as np
import pandas as pd

from liangxin.queries.coverage import RATE_COLUMNS
from liangxin.queries.labels import CATEGORY_ZH as GAP_CATEGORY_ZH
from liangxin.queries.labels import ORG_KIND_ZH as KIND_ZH
from liangxin.queries.labels import PARTY_ORG_STATUS_ZH as STATUS_ZH
from liangxin.queries.labels import MATCH_ZH, PRESENCE_ZH, RATE_ZH, ROLE_ZH, group_zh, scope_zh
from liangxin.queries.recommend import Recommendations
from liangxin.viz.report import write_sheets

__all__ = ["Recommendations", "diff_object", "recommendation_object", "POINTS_FORMAT", "write_diff_json", "diff_sheets", "recommendation_sheets",
           "write_sheets_xlsx", "write_diff_xlsx", "DIFF_SHEETS", "RECOMMENDATION_SHEETS"]

log = logging.getLogger(__name__)

DIFF_SHEETS = ("总览", "缺口关闭", "新增缺口", "新增组织", "减少组织", "更名组织", "新建党组织", "党组织状态倒退",
               "数据变动", "街道覆盖率变化", "单位负荷变化")
RECOMMENDATION_SHEETS = ("联合组建建议", "单独组建名单", "负荷调整建议", "调整后负荷", "数据冲突")
#: A rate change as a person reads it: the cell holds percentage points (2.5), shown +2.5个百分点.
POINTS_FORMAT = '+0.0"个百分点";-0.0"个百分点";"持平"'


def _points(change):
    """A rate difference (0.025) as percentage points (2.5), for the ``change`` format."""
    return pd.to_numeric(pd.Series(change), errors="coerce").to_numpy(dtype=float) * 100


# ---------------------------------------------------------------------------
# diff.json
# ---------------------------------------------------------------------------

def _plain(value):
    """A JSON value: None for NaN, Python numbers for numpy ones."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return None if math.isnan(value) else float(value)
    return value


def _rate(value):
    value = _plain(value)
    return None if value is None else round(float(value), 4)


def _load(value):
    value = _plain(value)
    return None if value is None else round(float(value), 2)


def _gap_entries(rows):
    if not len(rows):
        return []
    grouped = rows.groupby("org_id", sort=False)
    first = grouped[["name", "street"]].first()
    codes = grouped["code"].agg(lambda c: sorted(c))
    return [{"org_id": org_id, "name": first.at[org_id, "name"], "street": _plain(first.at[org_id, "street"]),
             "codes": codes[org_id]} for org_id in pd.unique(rows["org_id"])]


def _records(frame, columns, convert=None):
    convert = convert or {}
    values = {c: frame[c].tolist() for c in columns}
    return [{c: convert.get(c, _plain)(values[c][i]) for c in columns} for i in range(len(frame))]


def recommendation_object(recommendations):
    """The ``recommendations`` and ``conflicts`` entries of ``diff.json``.

    ``recommendations``: ``joint`` (one entry per organization of a proposed joint branch),
    ``standalone``, ``rebalancing`` (``moves`` and ``units``), each entry the table's row with its
    columns as keys; ``conflicts``: the 数据冲突 of the new snapshot (within it, never against
    the previous one). Loads rounded to 2 decimals, empty values null.

    Examples
    --------
    >>> from liangxin.queries.recommend import recommend_all
    >>> data = recommendation_object(recommend_all(result))
    >>> sorted(data), sorted(data["recommendations"])
    (['conflicts', 'recommendations'], ['joint', 'rebalancing', 'standalone'])
    """
    def entries(frame):
        rounded = {c: _load for c in frame.columns if "load" in c}
        return _records(frame, list(frame.columns), rounded)

    r = recommendations
    return {"recommendations": {"joint": entries(r.joint), "standalone": entries(r.standalone),
                                "rebalancing": {"moves": entries(r.rebalancing.moves),
                                                "units": entries(r.rebalancing.units)}},
            "conflicts": entries(r.conflicts)}


def _street_entries(diff):
    """``diff.json``'s ``streets``: overall and each street, before and after."""
    streets = {}
    for row in diff.streets.to_dict("records"):
        side = {}
        for when in ("before", "after"):
            side[when] = {"required": int(row[f"required_{when}"]),
                          **{c: _rate(row[f"{c}_{when}"]) for c in RATE_COLUMNS},
                          "open": int(row[f"open_{when}"])}
        streets[row["group"]] = {**side, "formed": int(row["formed"]), "closed_orgs": int(row["closed_orgs"]),
                                 "opened_orgs": int(row["opened_orgs"])}
    return streets


def diff_object(diff, old_input, new_input, recommendations=None):
    """Return the ``diff.json`` object of a :class:`~liangxin.queries.snapshots.SnapshotDiff`.

    Keys: ``old``, ``new`` (paths as given), ``counts``, ``closed_gaps`` and ``opened_gaps``
    (one entry per organization with its codes, as ``summary.json``'s ``uncovered``), ``added``,
    ``removed``, ``renamed``, ``formed``, ``regressed``, ``changed``, ``streets`` (``overall``
    and each street: ``before`` and ``after`` with ``required``, the three rates and ``open``,
    plus ``formed``, ``closed_orgs``, ``opened_orgs``) and ``units``. Rates are rounded to 4
    decimals, loads to 2; empty values are null. With `recommendations` (the new snapshot's,
    :class:`~liangxin.queries.recommend.Recommendations`) also ``recommendations`` and
    ``conflicts`` (:func:`recommendation_object`).

    Examples
    --------
    The hand-worked snapshot pair of tests/fixtures/snapshots.py: A formed its own branch, H
    joined a joint one and D went from joint to standalone (3 formed); A, H, I and Q are no
    longer open; the new R is the one organization added (tests/queries/test_snapshots.py):

    >>> from liangxin.queries.snapshots import compare_snapshots
    >>> from tests.fixtures.snapshots import write_pair
    >>> old, new = write_pair(tmp)
    >>> diff = compare_snapshots(lx.analyze(old), lx.analyze(new))
    >>> data = diff_object(diff, "4月.xlsx", "5月.xlsx")
    >>> data["counts"]["formed"], data["counts"]["closed_orgs"], [e["name"] for e in data["added"]]
    (3, 4, ['丑物业有限公司'])
    """
    org_columns = ["org_id", "name", "kind", "street", "community", "employees", "party_members", "status", "open"]

    def org_entries(frame):
        entries = _records(frame, org_columns)
        for entry, codes in zip(entries, frame["codes"].tolist()):
            entry["codes"] = sorted(c for c in codes.split("、") if c)
        return entries

    streets = _street_entries(diff)
    unit_columns = ["kind", "unit", "supervisory_unit", "presence", "load_before", "load_after", "capacity_before",
                    "capacity_after", "overloaded_before", "overloaded_after", "idle_before", "idle_after",
                    "open_before", "closed", "formed"]
    loads = {c: _load for c in ("load_before", "load_after", "open_before", "closed", "formed")}
    extra = {} if recommendations is None else recommendation_object(recommendations)
    return {
        "old": str(old_input), "new": str(new_input),
        "counts": dict(diff.counts),
        "closed_gaps": _gap_entries(diff.closed_gaps),
        "opened_gaps": _gap_entries(diff.opened_gaps),
        "added": org_entries(diff.added),
        "removed": org_entries(diff.removed),
        "renamed": _records(diff.renamed, ["org_id", "old_org_id", "old_name", "name", "street", "match_by"]),
        "formed": _records(diff.formed, ["org_id", "name", "street", "old_status", "status", "change", "party_org"]),
        "regressed": _records(diff.regressed, ["org_id", "name", "street", "old_status", "status", "change"]),
        "changed": _records(diff.changed, ["org_id", "name", "street", "field", "old", "new", "scope_changed"]),
        "streets": streets,
        "units": _records(diff.units, unit_columns, {**loads, "capacity_before": _plain, "capacity_after": _plain}),
        **extra,
    }


def write_diff_json(obj, path):
    """Write the ``diff.json`` object as UTF-8 JSON with Chinese left readable.

    Examples
    --------
    >>> import json
    >>> from liangxin.queries.snapshots import compare_snapshots
    >>> from tests.fixtures.snapshots import write_pair
    >>> old, new = write_pair(tmp)
    >>> diff = compare_snapshots(lx.analyze(old), lx.analyze(new))
    >>> path = write_diff_json(diff_object(diff, "4月.xlsx", "5月.xlsx"), "diff.json")
    >>> json.loads(path.read_text(encoding="utf-8"))["counts"]["renamed"]  # E, 戊建筑 → 戊建筑集团
    1
    """
    path = Path(path)
    path.write_text(json.dumps(obj, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    log.info("wrote %s", path)
    return path


# ---------------------------------------------------------------------------
# diff.xlsx
# ---------------------------------------------------------------------------

def _yes(values):
    return np.where(pd.Series(values, dtype=object).fillna(False).astype(bool), "是", "否")


def _org_sheet(frame):
    return pd.DataFrame({
        "组织标识": frame["org_id"], "组织名称": frame["name"], "组织类型": frame["kind"].map(KIND_ZH),
        "街道": frame["street"], "社区": frame["community"], "从业人员数": frame["employees"],
        "党员数": frame["party_members"], "党组织状态": frame["status"].map(STATUS_ZH),
        "是否未覆盖": _yes(frame["open"]) if len(frame) else [], "问题代码": frame["codes"], "问题": frame["labels"],
    })


def _gap_sheet(frame):
    return pd.DataFrame({
        "组织标识": frame["org_id"], "组织名称": frame["name"], "组织类型": frame["kind"].map(KIND_ZH),
        "街道": frame["street"], "社区": frame["community"], "类别": frame["category"].map(GAP_CATEGORY_ZH),
        "问题代码": frame["code"], "问题": frame["label"],
    })


def _status_sheet(frame):
    return pd.DataFrame({
        "组织标识": frame["org_id"], "组织名称": frame["name"], "组织类型": frame["kind"].map(KIND_ZH),
        "街道": frame["street"], "社区": frame["community"], "从业人员数": frame["employees"],
        "党员数": frame["party_members"], "上期状态": frame["old_status"].map(STATUS_ZH),
        "本期状态": frame["status"].map(STATUS_ZH), "变化": frame["change"], "所在党组织": frame["party_org"],
    })


def _overview(diff):
    c = diff.counts
    streets = diff.streets
    overall = streets[streets["scope"] == "overall"].iloc[0]
    rows = [
        ("两新组织数", c["organizations_before"], c["organizations_after"], "int"),
        ("应建党组织的组织数", overall["required_before"], overall["required_after"], "int"),
        *[(RATE_ZH[r], overall[f"{r}_before"], overall[f"{r}_after"], "rate") for r in RATE_COLUMNS],
        ("未覆盖组织数（应有党员或应建未建）", overall["open_before"], overall["open_after"], "int"),
    ]
    frame = pd.DataFrame({"指标": [r[0] for r in rows], "上期": [r[1] for r in rows], "本期": [r[2] for r in rows]})
    rate_rows = np.array([r[3] == "rate" for r in rows])
    difference = frame["本期"].astype(float) - frame["上期"].astype(float)
    frame["变化"] = np.where(rate_rows, _points(difference), difference)  # rates in 百分点
    formats = {"上期": [r[3] for r in rows], "本期": [r[3] for r in rows],
               "变化": ["change" if r[3] == "rate" else "int" for r in rows]}
    counts = [
        ("两期均有的组织数", c["matched"]), ("其中按名称识别（无有效统一社会信用代码）", c["matched_by_name"]),
        ("新增组织数", c["added"]), ("减少组织数", c["removed"]), ("更名组织数", c["renamed"]),
        ("缺口关闭的组织数", c["closed_gap_orgs"]), ("缺口关闭条数", c["closed_gaps"]),
        ("新增缺口的组织数", c["opened_gap_orgs"]), ("新增缺口条数", c["opened_gaps"]),
        ("不再未覆盖的组织数", c["closed_orgs"]), ("新成为未覆盖的组织数", c["opened_orgs"]),
        ("新建党组织数（按党支部计）", c["new_branches"]), ("其中单独组建", c["new_standalone_branches"]),
        ("其中联合党支部", c["new_joint_branches"]),
        ("党组织组建推进的组织数", c["formed"]), ("其中新建单独组建的组织", c["formed_standalone"]),
        ("其中加入联合组建的组织", c["formed_joint"]), ("其中联合组建转单独组建的组织", c["joint_to_standalone"]),
        ("党组织状态倒退的组织数", c["regressed"]), ("数据变动的组织数", c["changed_orgs"]),
    ]
    extra = pd.DataFrame({"指标": [r[0] for r in counts], "上期": None, "本期": [r[1] for r in counts], "变化": None})
    for column in ("上期", "本期", "变化"):
        formats[column] = formats[column] + ["int"] * len(counts)
    return pd.concat([frame, extra], ignore_index=True), formats


def _street_sheet(diff):
    s = diff.streets
    scopes, groups = scope_zh(diff.district), group_zh(diff.district)  # as report.xlsx's 覆盖率
    sheet = pd.DataFrame({"范围": s["scope"].map(scopes), "名称": s["group"].map(lambda g: groups.get(g, g))})
    formats = {}
    for base, label, kind in (("required", "应建党组织数", "int"), *[(r, RATE_ZH[r], "rate") for r in RATE_COLUMNS]):
        sheet[f"{label}（上期）"] = s[f"{base}_before"]
        sheet[f"{label}（本期）"] = s[f"{base}_after"]
        sheet[f"{label}变化"] = _points(s[f"{base}_change"]) if kind == "rate" else s[f"{base}_change"]
        formats.update({f"{label}（上期）": kind, f"{label}（本期）": kind,
                        f"{label}变化": "change" if kind == "rate" else "int"})
    for column, label in (("open_before", "未覆盖组织数（上期）"), ("open_after", "未覆盖组织数（本期）"),
                          ("formed", "党组织组建推进的组织数"), ("closed_orgs", "不再未覆盖的组织数"),
                          ("opened_orgs", "新成为未覆盖的组织数")):
        sheet[label] = s[column]
        formats[label] = "int"
    return sheet, formats


def _unit_sheet(diff):
    u = diff.units
    sheet = pd.DataFrame({
        "单位": u["unit"], "角色": u["kind"].map(ROLE_ZH), "所属业务主管单位": u["supervisory_unit"],
        "两期情况": u["presence"].map(PRESENCE_ZH),
        "负荷（上期）": u["load_before"].round(2), "负荷（本期）": u["load_after"].round(2),
        "负荷变化": u["load_change"].round(2), "容量（上期）": u["capacity_before"], "容量（本期）": u["capacity_after"],
        "超负荷（上期）": _yes(u["overloaded_before"]) if len(u) else [],
        "超负荷（本期）": _yes(u["overloaded_after"]) if len(u) else [],
        "上期负责的未覆盖组织": u["open_before"].round(2), "其中已不再未覆盖": u["closed"].round(2),
        "负责组织中新建党组织": u["formed"].round(2),
    })
    formats = {c: "float" for c in ("负荷（上期）", "负荷（本期）", "负荷变化", "上期负责的未覆盖组织", "其中已不再未覆盖",
                                     "负责组织中新建党组织")}
    formats.update({"容量（上期）": "int", "容量（本期）": "int"})
    return sheet, formats


def diff_sheets(diff):
    """Return the comparison's sheets as ``(name, DataFrame, formats)`` triples, in order.

    ``formats`` maps a column to ``int``, ``float``, ``rate``, ``change`` (a rate difference in
    percentage points, shown +2.5个百分点) or ``text`` (or to a list, one per row), as :mod:`liangxin.viz.report`.

    Examples
    --------
    The hand-worked snapshot pair (tests/queries/test_snapshots.py): 9 gaps closed, 1 opened.

    >>> from liangxin.queries.snapshots import compare_snapshots
    >>> from tests.fixtures.snapshots import write_pair
    >>> old, new = write_pair(tmp)
    >>> diff = compare_snapshots(lx.analyze(old), lx.analyze(new))
    >>> sheets = diff_sheets(diff)
    >>> [name for name, _, _ in sheets][:3]
    ['总览', '缺口关闭', '新增缺口']
    >>> frames = {name: frame for name, frame, _ in sheets}
    >>> len(frames["缺口关闭"]), len(frames["新增缺口"])
    (9, 1)
    """
    ints = {"从业人员数": "int", "党员数": "int"}
    overview, overview_formats = _overview(diff)
    renamed = pd.DataFrame({
        "组织标识": diff.renamed["org_id"], "原组织标识": diff.renamed["old_org_id"], "原名称": diff.renamed["old_name"],
        "现名称": diff.renamed["name"], "街道": diff.renamed["street"], "识别依据": diff.renamed["match_by"].map(MATCH_ZH),
    })
    changed = pd.DataFrame({
        "组织标识": diff.changed["org_id"], "组织名称": diff.changed["name"], "街道": diff.changed["street"],
        "项目": diff.changed["field_zh"], "上期": diff.changed["old"].map(_shown), "本期": diff.changed["new"].map(_shown),
        "影响应建范围": _yes(diff.changed["scope_changed"]) if len(diff.changed) else [],
    })
    streets, street_formats = _street_sheet(diff)
    units, unit_formats = _unit_sheet(diff)
    return [
        ("总览", overview, overview_formats),
        ("缺口关闭", _gap_sheet(diff.closed_gaps), {}),
        ("新增缺口", _gap_sheet(diff.opened_gaps), {}),
        ("新增组织", _org_sheet(diff.added), ints),
        ("减少组织", _org_sheet(diff.removed), ints),
        ("更名组织", renamed, {}),
        ("新建党组织", _status_sheet(diff.formed), ints),
        ("党组织状态倒退", _status_sheet(diff.regressed), ints),
        ("数据变动", changed, {"上期": "text", "本期": "text"}),
        ("街道覆盖率变化", streets, street_formats),
        ("单位负荷变化", units, unit_formats),
    ]


def _shown(value):
    """A figure as the analyst reads it (是/否 for flags)."""
    value = _plain(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    return None if value is None else str(value)


def recommendation_sheets(recommendations):
    """Return the recommendation sheets as ``(name, DataFrame, formats)`` triples.

    Examples
    --------
    >>> from liangxin.queries.recommend import recommend_all
    >>> [name for name, _, _ in recommendation_sheets(recommend_all(result))]
    ['联合组建建议', '单独组建名单', '负荷调整建议', '调整后负荷', '数据冲突']
    """
    j = recommendations.joint
    joint = pd.DataFrame({
        "建议编号": j["group_id"], "联合范围": j["level"], "街道": j["street"], "联合社区": j["group_community"],
        "联合行业": j["group_industry"], "组内组织数": j["group_orgs"], "党员合计": j["group_members"],
        "组织标识": j["org_id"], "组织名称": j["name"], "组织类型": j["kind"].map(KIND_ZH), "所在社区": j["community"],
        "行业": j["industry"], "从业人员数": j["employees"], "党员数": j["party_members"],
        "是否未覆盖": _yes(j["open"]) if len(j) else [], "在组中的作用": j["role_zh"], "理由": j["reason"],
    })
    s = recommendations.standalone
    standalone = pd.DataFrame({
        "排名": s["rank"], "组织标识": s["org_id"], "组织名称": s["name"], "组织类型": s["kind"].map(KIND_ZH),
        "街道": s["street"], "社区": s["community"], "行业": s["industry"], "从业人员数": s["employees"],
        "党员数": s["party_members"], "党组织状态": s["status_zh"], "重点难点": _yes(s["key"]) if len(s) else [],
        "属应建党组织范围": _yes(s["party_org_required"]) if len(s) else [], "责任单位": s["responsible"],
        "理由": s["reason"],
    })
    m = recommendations.rebalancing.moves
    moves = pd.DataFrame({
        "序号": m["seq"], "角色": m["kind"].map(ROLE_ZH), "调整方式": m["how_zh"], "调出单位": m["from_unit"],
        "调入单位": m["to_unit"], "所属业务主管单位": m["supervisory_unit"], "组织标识": m["org_id"],
        "组织名称": m["name"], "街道": m["street"], "社区": m["community"], "行业": m["industry"],
        "调出单位负荷（调整前）": m["from_load_before"].round(2), "调出单位负荷（调整后）": m["from_load_after"].round(2),
        "调出单位容量": m["from_capacity"], "调入单位负荷（调整前）": m["to_load_before"].round(2),
        "调入单位负荷（调整后）": m["to_load_after"].round(2), "调入单位容量": m["to_capacity"], "理由": m["reason"],
    })
    u = recommendations.rebalancing.units
    after = pd.DataFrame({
        "单位": u["unit"], "角色": u["kind"].map(ROLE_ZH), "所属业务主管单位": u["supervisory_unit"],
        "调整前负荷": u["load_before"].round(2), "调整后负荷": u["load_after"].round(2), "容量": u["capacity"],
        "调整前超负荷": _yes(u["overloaded_before"]) if len(u) else [],
        "调整后超负荷": _yes(u["overloaded_after"]) if len(u) else [],
        "调出组织数": u["moves_out"], "调入组织数": u["moves_in"], "说明": u["note"],
    })
    c = recommendations.conflicts
    conflicts = pd.DataFrame({
        "组织标识": c["org_id"], "组织名称": c["name"], "街道": c["street"], "项目": c["field_zh"],
        "两新组织表数值": c["value"].map(_shown), "另一来源": c["other_source"], "来源行号": c["other_row"],
        "另一来源数值": c["other_value"].map(_shown), "说明": c["note"],
    })
    numbers = {c: "float" for c in moves.columns if "负荷" in c}
    numbers.update({c: "int" for c in ("调出单位容量", "调入单位容量", "容量", "调出组织数", "调入组织数", "来源行号", "排名",
                                       "序号", "组内组织数", "党员合计", "从业人员数", "党员数")})
    numbers.update({"调整前负荷": "float", "调整后负荷": "float", "两新组织表数值": "text", "另一来源数值": "text"})
    return [("联合组建建议", joint, numbers), ("单独组建名单", standalone, numbers), ("负荷调整建议", moves, numbers),
            ("调整后负荷", after, numbers), ("数据冲突", conflicts, numbers)]


def write_sheets_xlsx(sheets, path):
    """Write ``(name, DataFrame, formats)`` sheets to `path` the way ``report.xlsx`` is written.

    Text cells are written as text (``strings_to_formulas`` off); a table longer than one sheet
    continues on ``name(2)`` ….

    Examples
    --------
    >>> from openpyxl import load_workbook
    >>> from liangxin.queries.snapshots import compare_snapshots
    >>> from tests.fixtures.snapshots import write_pair
    >>> old, new = write_pair(tmp)
    >>> diff = compare_snapshots(lx.analyze(old), lx.analyze(new))
    >>> path = write_sheets_xlsx(diff_sheets(diff), "diff.xlsx")
    >>> load_workbook(path).sheetnames == list(DIFF_SHEETS)
    True
    """
    def add_change_format(workbook, styles):
        styles.change = workbook.add_format({"num_format": POINTS_FORMAT})
    return write_sheets(sheets, path, on_sheet=add_change_format)


def write_diff_xlsx(diff, path, recommendations=None):
    """Write ``diff.xlsx``: the comparison's sheets, then the recommendation sheets if given.

    Examples
    --------
    The 总览 sheet on the hand-worked pair (tests/queries/test_snapshots.py): 13 organizations
    both times (C closed, R new), 3 Party organizations formed.

    >>> from openpyxl import load_workbook
    >>> from liangxin.queries.snapshots import compare_snapshots
    >>> from tests.fixtures.snapshots import write_pair
    >>> old, new = write_pair(tmp)
    >>> diff = compare_snapshots(lx.analyze(old), lx.analyze(new))
    >>> book = load_workbook(write_diff_xlsx(diff, "diff.xlsx"))
    >>> overview = {row[0]: row[1:] for row in book["总览"].iter_rows(min_row=2, values_only=True)}
    >>> overview["两新组织数"], overview["新建党组织数（按党支部计）"][1]
    ((13, 13, 0), 3)
    """
    sheets = diff_sheets(diff)
    if recommendations is not None:
        sheets += recommendation_sheets(recommendations)
    return write_sheets_xlsx(sheets, path)
