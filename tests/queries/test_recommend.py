"""Recommendations on small workbooks whose answers are worked out by hand.

Open (RULES.md): an enterprise with >= 50 employees and no member (MEMBERS_REQUIRED), or a
party-org-required organization (enterprise >= 100, above scale, entity social org >= 30) with
status 未组建 (PARTY_ORG_REQUIRED). So an open organization *with* members is party-org-required.
"""

import pytest

from liangxin.queries.analysis import analyze_network
from liangxin.queries.recommend import (data_conflicts, joint_formation_candidates, rebalance_units,
                               standalone_candidates)
from tests.conftest import network_from_rows

GEO = [["街道", "社区"], ["平湖街道", "山厦社区"], ["平湖街道", "白坭坑社区"], ["平湖街道", "新木社区"],
       ["布吉街道", "南岭社区"], ["坂田街道", "五和社区"]]
HEADER = ["组织名称", "组织类型", "街道", "社区", "从业人员数", "党员数", "实体性", "党组织状态", "重点难点", "行业"]


def row(name, street="平湖街道", community="山厦社区", employees=10, members=0, status=None, key=None, industry=None,
        kind="非公企业", entity=None):
    return [name, kind, street, community, employees, members, entity, status, key, industry]


def analysis_of(orgs, **sheets):
    return analyze_network(network_from_rows({"街道社区": GEO, "两新组织": [HEADER, *orgs], **sheets}))


# ---------------------------------------------------------------------------
# 联合组建建议
# ---------------------------------------------------------------------------

JOINT_ORGS = [
    row("T1制造", employees=120, members=2, industry="制造业"),      # open (应建未建), 2 members
    row("T2制造", employees=150, members=1, industry="制造业"),      # open, 1 member
    row("T3批发", employees=110, members=1, industry="批发零售"),
    row("T4餐饮", employees=130, members=1, industry="住宿餐饮"),
    row("P1文化", employees=20, members=1, industry="文化"),         # not open, 1 member: a partner
    row("Z1制造", employees=200, members=0, industry="制造业"),      # open, no member
    row("Z2物流", employees=55, members=0, industry="物流"),         # open (应有党员), no member
    row("T6信息", community="白坭坑社区", employees=100, members=2, industry="信息技术"),
    row("T8信息", community="新木社区", employees=100, members=1, industry="信息技术"),
    row("Z3", street="布吉街道", community="南岭社区", employees=60),  # open, no member, no industry
    row("P2", street="布吉街道", community="南岭社区", members=2),     # partners of 南岭
    row("P3", street="布吉街道", community="南岭社区", members=1),
    row("T9", street="坂田街道", community="五和社区", employees=100, members=1),  # alone in 坂田
    row("J1", employees=60, members=0, status="联合组建"),            # open but already in a joint branch
    row("S1", employees=120, members=5),                              # enough members: standalone list
]


def test_joint_groups_by_community_street_and_industry():
    groups = joint_formation_candidates(analysis_of(JOINT_ORGS))
    members = groups.groupby("group_id")["name"].agg(list).to_dict()
    assert members == {
        # Level 1, 山厦 + 制造业: T1 (2) + T2 (1); Z1 (制造业, no member) joins at the same level.
        "平湖街道-联建001": ["T1制造", "T2制造", "Z1制造"],
        # Level 2, 山厦: T3 (1) + T4 (1) leave a deficit of 1, filled by the partner P1; Z2 (物流)
        # finds no group of its industry and joins the group formed at the community level, not
        # 联建001, which keeps its 同社区同行业.
        "平湖街道-联建002": ["T4餐饮", "T3批发", "P1文化", "Z2物流"],   # listed by members, then employees
        # Level 3, 平湖 + 信息技术, across 白坭坑 and 新木: 2 + 1.
        "平湖街道-联建003": ["T6信息", "T8信息"],
        # Level 4... no: 南岭 has Z3 with no member; the partners P2 (2) + P3 (1) form a group for it.
        "布吉街道-联建001": ["P2", "P3", "Z3"],
    }
    by_group = groups.drop_duplicates("group_id").set_index("group_id")
    assert by_group["level"].to_dict() == {"平湖街道-联建001": "同社区同行业", "平湖街道-联建002": "同社区",
                                           "平湖街道-联建003": "同街道同行业", "布吉街道-联建001": "同社区"}
    assert by_group["group_members"].to_dict() == {"平湖街道-联建001": 3, "平湖街道-联建002": 3,
                                                   "平湖街道-联建003": 3, "布吉街道-联建001": 3}
    assert by_group.loc["平湖街道-联建003", "group_community"] == "跨社区"
    assert by_group.loc["平湖街道-联建003", "group_industry"] == "信息技术"
    assert by_group.loc["平湖街道-联建003", "reason"] == "平湖街道内跨社区、同属信息技术行业的2个组织共有正式党员3名，可联合组建党支部"
    roles = groups.set_index("name")["role"].to_dict()
    assert (roles["T1制造"], roles["P1文化"], roles["Z2物流"]) == ("target", "partner", "covered")
    # T9 is alone in 坂田; J1 is already joint; S1 can stand alone.
    assert not {"T9", "J1", "S1"} & set(groups["name"])


def test_every_open_organization_with_members_gets_a_group_of_its_level_where_one_exists():
    """山厦 制造业: T1 (2) + T2 (1) make a branch; T3 (1) is left over at every level (alone, or
    with T4 for 2 members in 平湖 制造业) and joins that 同社区同行业 group at the end: 4 members.
    Z1 (no member, 山厦 批发) may not join it (the group would no longer be 同行业), nor may T4 of
    新木 (it would no longer be 同社区): no group of their level exists, so they get none."""
    orgs = [row("T1", employees=120, members=2, industry="制造业"), row("T2", employees=110, members=1, industry="制造业"),
            row("T3", employees=105, members=1, industry="制造业"), row("Z1", employees=100, industry="批发"),
            row("T4", community="新木社区", employees=100, members=1, industry="制造业")]
    groups = joint_formation_candidates(analysis_of(orgs))
    assert groups[["group_id", "level", "name", "role", "group_members"]].values.tolist() == [
        ["平湖街道-联建001", "同社区同行业", "T1", "target", 4],
        ["平湖街道-联建001", "同社区同行业", "T2", "target", 4],
        ["平湖街道-联建001", "同社区同行业", "T3", "target", 4],
    ]


def test_joint_groups_respect_the_size_cap_and_need_an_open_member():
    many = [row(f"Z{i}", employees=60 + i) for i in range(6)] + [row("T", employees=100, members=2),
                                                                 row("P", members=1)]
    groups = joint_formation_candidates(analysis_of(many), max_orgs_per_group=4)
    # T (2) + partner P (1) = 3 members; then the no-member Z's by priority (employees, largest
    # first) fill it up to 4 organizations.
    assert groups["name"].tolist() == ["T", "P", "Z5", "Z4"]
    # partners alone never make a group
    assert joint_formation_candidates(analysis_of([row("P1", members=2), row("P2", members=1)])).empty


def test_joint_groups_without_partners():
    groups = joint_formation_candidates(analysis_of(JOINT_ORGS), partners=False)
    assert "P1文化" not in set(groups["name"]) and "布吉街道-联建001" not in set(groups["group_id"])
    assert groups.groupby("group_id")["party_members"].sum().min() >= 3


# ---------------------------------------------------------------------------
# 成熟一个、组建一个
# ---------------------------------------------------------------------------

def test_standalone_list_and_its_ranking():
    orgs = [
        row("普通多党员", employees=20, members=8),
        row("应建", employees=120, members=4, status="联合组建"),
        row("重点", employees=60, members=3, key="是"),
        row("已单建", employees=300, members=9, status="单独组建"),
        row("两名党员", employees=200, members=2),
    ]
    table = standalone_candidates(analysis_of(orgs))
    # key first, then party-org-required, then members
    assert table[["rank", "name", "status_zh"]].values.tolist() == [
        [1, "重点", "未组建"], [2, "应建", "联合组建"], [3, "普通多党员", "未组建"]]
    assert table.iloc[1]["reason"] == "有正式党员4名，目前在联合党组织中，具备单独组建条件；属应建党组织范围"


# ---------------------------------------------------------------------------
# 负荷调整建议
# ---------------------------------------------------------------------------

def rebalance_case():
    orgs = [
        # 平湖: 张伟 carries X1..X4 (capacity 2), 李娜 X5.
        row("X1", employees=60), row("X2", employees=70), row("X3", employees=80), row("X4", employees=90, key="是"),
        row("X5", employees=95),
        # 布吉: 发改局 (capacity 1) contacts Y1 Y2; Y3 is in the street pool shared with 教育局.
        row("Y1", street="布吉街道", community="南岭社区", employees=55),
        row("Y2", street="布吉街道", community="南岭社区", employees=56),
        row("Y3", street="布吉街道", community="南岭社区", employees=57),
        # social organizations: 民政局 (capacity 1) supervises H1 H2 (open) and H4 (joint);
        # 卫健局 supervises H3 of the same industry; instructors 刘洋 (capacity 1) and 陈静.
        row("H1", kind="社会组织", entity="是", employees=35, industry="社会服务"),
        row("H2", kind="社会组织", entity="是", employees=36, industry="社会服务"),
        row("H3", kind="社会组织", employees=20, industry="社会服务"),
        row("H4", kind="社会组织", entity="是", employees=40, status="联合组建", industry="社会服务"),
        row("H5", kind="社会组织", employees=10, industry="社会服务"),
    ]
    leaders = [["区领导", "组织名称"], ["张伟", "X1"], ["张伟", "X2"], ["张伟", "X3"], ["张伟", "X4"], ["李娜", "X5"]]
    stations = [["区直机关", "驻点街道", "联系组织"], ["区发展和改革局", "布吉街道", "Y1"], ["区发展和改革局", "布吉街道", "Y2"],
                ["区教育局", "布吉街道", None]]
    supervision = [["业务主管单位", "组织名称", "党建工作指导员"], ["区民政局", "H1", "刘洋"], ["区民政局", "H2", "刘洋"],
                   ["区民政局", "H4", "刘洋"], ["区民政局", "H5", "陈静"], ["区卫生健康局", "H3", None]]
    capacities = [["单位", "容量"], ["张伟", 2], ["区发展和改革局", 1], ["区民政局", 1], ["刘洋", 1]]
    return analysis_of(orgs, 挂点促建=leaders, 驻街保建=stations, 主管包建=supervision, 责任容量=capacities)


def test_rebalancing_moves_and_loads():
    analysis = rebalance_case()
    assert set(zip(analysis.overloaded["kind"], analysis.overloaded["unit"])) == {
        ("leader", "张伟"), ("department", "区发展和改革局"), ("supervisory_unit", "区民政局"), ("instructor", "刘洋")}
    plan = rebalance_units(analysis)
    moves = plan.moves[["kind", "from_unit", "to_unit", "name", "from_load_before", "from_load_after",
                        "to_load_before", "to_load_after"]].values.tolist()
    assert moves == [
        # Roles in turn: leaders, departments, supervisory units, instructors.
        # 张伟 4 against 2: non-key, smaller first, to 李娜 (attached in the same street).
        ["leader", "张伟", "李娜", "X1", 4.0, 3.0, 1.0, 2.0],
        ["leader", "张伟", "李娜", "X2", 3.0, 2.0, 2.0, 3.0],
        # 发改局 2 + Y3/2 = 2.5 against 1: its contacts go to 教育局 (stationed in 布吉), smallest first.
        ["department", "区发展和改革局", "区教育局", "Y1", 2.5, 1.5, 0.5, 1.5],
        ["department", "区发展和改革局", "区教育局", "Y2", 1.5, 0.5, 1.5, 2.5],
        # 民政局 2 against 1: H1 to 卫健局, which supervises 社会服务 too; 刘洋 loses H1 with it.
        ["supervisory_unit", "区民政局", "区卫生健康局", "H1", 2.0, 1.0, 0.0, 1.0],
        # 刘洋 now guides H2, H4 (2) against 1: the open H2 goes to 陈静 of the same unit.
        ["instructor", "刘洋", "陈静", "H2", 2.0, 1.0, 1.0, 2.0],
    ]
    units = plan.units.set_index(["kind", "unit"])
    after = units["load_after"].to_dict()
    assert after[("leader", "张伟")] == 2 and after[("leader", "李娜")] == 3
    assert after[("department", "区发展和改革局")] == pytest.approx(0.5)
    assert after[("department", "区教育局")] == pytest.approx(2.5)
    assert after[("supervisory_unit", "区民政局")] == 1 and after[("supervisory_unit", "区卫生健康局")] == 1
    assert after[("instructor", "刘洋")] == 1 and after[("instructor", "陈静")] == 2
    assert not units["overloaded_after"].any()
    assert units.loc[("leader", "张伟"), "note"] == "调整后不再超负荷"
    assert plan.moves.iloc[2]["reason"].startswith("“区发展和改革局”负荷2.5超过容量1，建议将“Y1”移交驻布吉街道的“区教育局”直接联系")


def test_rebalancing_through_the_street_pool():
    orgs = [row(f"Y{i}", street="布吉街道", community="南岭社区", employees=50 + i) for i in range(1, 5)]
    stations = [["区直机关", "驻点街道"], ["区发展和改革局", "布吉街道"], ["区教育局", "布吉街道"]]
    analysis = analysis_of(orgs, 驻街保建=stations, 责任容量=[["单位", "容量"], ["区发展和改革局", 1]])
    plan = rebalance_units(analysis)
    # Pool of 4 shared by 2: 2 each. Giving Y1 to 教育局 as a direct contact lowers both shares
    # by 1/2: 发改局 1.5, 教育局 1.5 + 1 = 2.5; then Y2: 1.0 and 3.0.
    assert plan.moves[["how", "name", "from_load_after", "to_load_after"]].values.tolist() == [
        ["department_pool", "Y1", 1.5, 2.5], ["department_pool", "Y2", 1.0, 3.0]]
    loads = plan.units.set_index("unit")["load_after"]
    assert loads["区发展和改革局"] == pytest.approx(1.0) and loads["区教育局"] == pytest.approx(3.0)


def test_rebalancing_with_no_receiver_says_so():
    orgs = [row("X1", employees=60), row("X2", employees=70)]
    analysis = analysis_of(orgs, 挂点促建=[["区领导", "组织名称"], ["张伟", "X1"], ["张伟", "X2"]],
                           责任容量=[["单位", "容量"], ["张伟", 1]])
    plan = rebalance_units(analysis)
    assert plan.moves.empty
    assert plan.units[["unit", "load_before", "load_after", "note"]].values.tolist() == [
        ["张伟", 2.0, 2.0, "无可承接单位：建议增派力量或调整容量"]]


def test_rebalanced_loads_are_the_load_rule():
    """The running loads of the greedy pass agree with unit_loads on the changed tables."""
    import logging
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    logging.getLogger("liangxin.queries.recommend").addHandler(handler)
    try:
        rebalance_units(rebalance_case())
    finally:
        logging.getLogger("liangxin.queries.recommend").removeHandler(handler)
    assert not [r for r in records if r.levelno >= logging.WARNING]


# ---------------------------------------------------------------------------
# 数据冲突
# ---------------------------------------------------------------------------

def test_conflicts_across_sheets():
    orgs = [row("甲", employees=60), row("H1", kind="社会组织", entity="是", employees=35, members=1)]
    leaders = [["区领导", "组织名称", "挂点街道"], ["张伟", "甲", "布吉"], ["李娜", "甲", "平湖"]]
    supervision = [["业务主管单位", "组织名称", "从业人员数", "党员数"], ["区民政局", "H1", "50人", 1]]
    table = data_conflicts(analysis_of(orgs, 挂点促建=leaders, 主管包建=supervision))
    assert table[["name", "field_zh", "value", "other_source", "other_row", "other_value"]].values.tolist() == [
        ["H1", "从业人员数", 35, "主管包建", 2, 50],   # 50人 read by the loaders as the count 50
        ["甲", "街道", "平湖街道", "挂点促建", 2, "布吉街道"],
    ]


def test_rebalancing_loads_are_attribute_loads_on_the_moved_links():
    """Before: the analysis' loads (attribute_loads); after: the rule on the tables with the moves made."""
    import dataclasses
    from types import SimpleNamespace

    from liangxin.queries.loads import attribute_loads, load_links, unit_loads
    from liangxin.queries.scope import organization_scope

    analysis = rebalance_case()
    plan = rebalance_units(analysis)
    is_open = organization_scope(analysis.network)["open"].to_numpy(dtype=float)
    before = dict(zip(analysis.loads["kind"] + "|" + analysis.loads["unit"],
                      attribute_loads(load_links(analysis.network), is_open)))
    assert all(before[k + "|" + u] == load for k, u, load in
               plan.units[["kind", "unit", "load_before"]].itertuples(index=False))
    # The last move of 张伟 (X2 to 李娜) leaves 张伟 with X3, X4 = 2 and 李娜 with X5, X1, X2 = 3.
    leader_points = analysis.network.tables.leader_points.copy()
    leader_points.loc[leader_points["org_id"].isin(["X1", "X2"]), ["leader", "leader_key"]] = "李娜"
    moved = dataclasses.replace(analysis.network.tables, leader_points=leader_points)
    loads = unit_loads(SimpleNamespace(tables=moved)).set_index(["kind", "unit"])["load"]
    assert loads[("leader", "张伟")] == plan.moves.iloc[1]["from_load_after"] == 2
    assert loads[("leader", "李娜")] == plan.moves.iloc[1]["to_load_after"] == 3


def test_a_change_between_snapshots_is_not_a_conflict_a_disagreement_within_one_is():
    """甲 has 27 employees in April and 31 in May (a 数据变动 of the comparison); in May 挂点促建 also
    gives 甲 the street 布吉 while 两新组织 says 平湖 (a 数据冲突 of May alone)."""
    from liangxin.queries.snapshots import compare_snapshots

    april = analysis_of([row("甲", employees=27)], 挂点促建=[["区领导", "组织名称"], ["张伟", "甲"]])
    may = analysis_of([row("甲", employees=31)], 挂点促建=[["区领导", "组织名称", "挂点街道"], ["张伟", "甲", "布吉"]])
    changed = compare_snapshots(april, may).changed
    assert changed[["name", "field", "old", "new"]].values.tolist() == [["甲", "employees", 27, 31]]
    conflicts = data_conflicts(may)
    assert conflicts[["name", "field", "value", "other_value", "other_row"]].values.tolist() == [
        ["甲", "street", "平湖街道", "布吉街道", 2]]
    assert data_conflicts(april).empty


def test_conflicting_figures_read_by_the_loaders_synonyms_and_bad_cells_only_warn():
    """党员人数 is a synonym of 党员数 (loaders/sheets.py); 约五十 is no count: a warning, the row stays."""
    orgs = [row("甲", employees=60, members=2), row("乙", employees=40, members=1)]
    leaders = [["区领导", "组织名称", "党员人数", "从业人数"], ["张伟", "甲", "2名", "约五十"], ["李娜", "乙", 3, 40]]
    analysis = analysis_of(orgs, 挂点促建=leaders)
    tables = analysis.network.tables
    assert len(tables.leader_points) == 2
    warned = tables.problems[tables.problems["sheet"] == "挂点促建"]
    assert sorted(warned["code"]) == ["HEADER_READ_AS", "HEADER_READ_AS", "NOT_A_COUNT"]  # two synonyms noted
    assert warned.loc[warned["code"] == "NOT_A_COUNT", ["severity", "row"]].values.tolist() == [["warning", 2]]
    table = data_conflicts(analysis)
    assert table[["name", "field", "value", "other_value"]].values.tolist() == [["乙", "party_members", 1, 3]]


def test_a_duplicate_with_other_figures_reported_by_the_loaders_is_a_conflict():
    """The folder loaders report one organization entered twice with different figures as
    CONFLICTING_DUPLICATE; a plain DUPLICATE (today's main) is no conflict."""
    import pandas as pd

    analysis = analysis_of([row("甲"), row("甲")])  # the same figures twice: a plain duplicate
    tables = analysis.network.tables
    assert "DUPLICATE" in set(tables.problems["code"])
    assert data_conflicts(analysis).empty
    extra = pd.DataFrame([{**{c: None for c in tables.problems.columns}, "severity": "rejected", "sheet": "两新组织",
                           "row": 3, "column": "从业人员数", "reason": "与第2行组织相同，但从业人员数不同", "code": "CONFLICTING_DUPLICATE",
                           "file": "布吉街道.xlsx"}])
    tables.problems = pd.concat([tables.problems, extra], ignore_index=True)
    table = data_conflicts(analysis)
    assert table[["field", "other_source", "other_row"]].values.tolist() == [["duplicate", "布吉街道.xlsx：两新组织", 3]]
