import numpy as np
import pandas as pd
import pytest

from liangxin.queries.loads import (LoadLinks, attribute_loads, idle_units, is_overloaded, load_links,
                                    overloaded_units, unit_attribution, unit_loads)
from liangxin.queries.scope import organization_scope
from tests.conftest import GEO, network_from_rows, org, workbook


def load_of(loads, unit, kind):
    return loads[(loads["unit"] == unit) & (loads["kind"] == kind)].iloc[0]


def overloaded(loads):
    return loads[loads["overloaded"]]


def test_department_load_is_direct_contacts_plus_an_equal_share_of_the_street_pool(queries):
    orgs = [org(f"开放{i}", employees=60) for i in range(5)] + [org("封闭", employees=60, members=1)]
    stations = [["区直机关", "驻点街道", "联系组织"],
                ["区教育局", "平湖街道", "开放0"],
                ["区教育局", "平湖街道", "封闭"],
                ["区发改局", "平湖街道", None],
                ["区财政局", "平湖街道", None]]
    loads = queries.loads(network_from_rows(workbook(orgs, 驻街保建=stations)))
    # pool: 开放1..4 (开放0 is contacted) = 4 open organizations, 3 departments: 4/3 each.
    assert load_of(loads, "区教育局", "department")["load"] == pytest.approx(1 + 4 / 3)
    assert load_of(loads, "区发改局", "department")["load"] == pytest.approx(4 / 3)


def test_overloaded_is_compared_before_rounding(queries):
    # 41 open organizations shared by 2 departments: 20.5 > 20 even though it prints as 20.5,
    # and 40.02/2 would round to 20.01 but 40 / 2 = 20.0 is not overloaded.
    orgs = [org(f"组织{i}", employees=60) for i in range(41)]
    stations = [["区直机关", "驻点街道"], ["甲局", "平湖街道"], ["乙局", "平湖街道"]]
    net = network_from_rows(workbook(orgs, 驻街保建=stations))
    assert set(overloaded(queries.loads(net))["unit"]) == {"甲局", "乙局"}
    net = network_from_rows(workbook(orgs[:40], 驻街保建=stations))
    assert overloaded(queries.loads(net)).empty


def test_capacity_override_applies_to_every_role_of_the_name(queries):
    orgs = [org(f"协会{i}", kind="社会组织", employees=40, entity="是") for i in range(3)]
    stations = [["区直机关", "驻点街道"], ["区民政局", "平湖街道"]]
    supervision = [["业务主管单位", "组织名称", "党建工作指导员"]] + [["区民政局", f"协会{i}", "刘洋"] for i in range(3)]
    capacities = [["单位", "容量"], ["区民政局", 2]]
    net = network_from_rows(workbook(orgs, 驻街保建=stations, 主管包建=supervision, 责任容量=capacities))
    loads = queries.loads(net).set_index(["kind", "unit"])
    assert loads.loc[("department", "区民政局"), "capacity"] == 2
    assert loads.loc[("supervisory_unit", "区民政局"), "capacity"] == 2
    assert loads.loc[("instructor", "刘洋"), "capacity"] == 8
    assert loads.loc[("supervisory_unit", "区民政局"), "load"] == 3
    assert loads.loc[("supervisory_unit", "区民政局"), "overloaded"]
    assert loads.loc[("department", "区民政局"), "overloaded"]  # 3 open in 平湖's pool, 1 department
    # one real unit, two roles: one node
    assert net.to_networkx().nodes["unit:区民政局"]["kinds"] == ("department", "supervisory_unit")


def test_instructor_load_counts_every_organization_guided_open_or_not(queries):
    orgs = [org("开放协会", kind="社会组织", employees=40, entity="是"),
            org("封闭协会", kind="社会组织", employees=40, entity="是", status="单独组建", party_org="支部", members=3)]
    supervision = [["业务主管单位", "组织名称", "党建工作指导员"], ["区民政局", "开放协会", "刘洋"],
                   ["区民政局", "封闭协会", "刘洋"]]
    loads = queries.loads(network_from_rows(workbook(orgs, 主管包建=supervision)))
    assert load_of(loads, "刘洋", "instructor")["load"] == 2
    assert load_of(loads, "区民政局", "supervisory_unit")["load"] == 1


def test_same_instructor_name_under_two_units_is_two_instructors(queries):
    orgs = [org("协会一", kind="社会组织"), org("协会二", kind="社会组织")]
    supervision = [["业务主管单位", "组织名称", "党建工作指导员"], ["区民政局", "协会一", "刘洋"],
                   ["区教育局", "协会二", "刘洋"]]
    loads = queries.loads(network_from_rows(workbook(orgs, 主管包建=supervision)))
    instructors = loads[loads["kind"] == "instructor"]
    assert list(instructors["supervisory_unit"]) == ["区教育局", "区民政局"]  # sorted by unit, then supervisory unit


def idle_network():
    geo = GEO + [["横岗街道", "四联社区"]]
    orgs = [org("封闭", employees=5), org("布吉组织", street="布吉街道", community="南岭社区", employees=5)]
    stations = [["区直机关", "驻点街道"], ["区司法局", "横岗街道"], ["区教育局", "平湖街道"]]
    leaders = [["区领导", "组织名称"], ["张伟", "封闭"]]
    sheets = workbook(orgs, 驻街保建=stations, 挂点促建=leaders)
    sheets["街道社区"] = geo
    return network_from_rows(sheets)


def test_idle_unit_is_linked_to_nothing_but_closed_only_unit_is_not_idle(queries):
    loads = queries.loads(idle_network())
    assert list(loads.loc[loads["idle"], "unit"]) == ["区司法局"]
    assert load_of(loads, "张伟", "leader")["load"] == 0
    assert load_of(loads, "区教育局", "department")["load"] == 0


def test_units_sorted_by_kind_then_unit_in_code_point_order(queries):
    orgs = [org("甲", employees=60)]
    sheets = workbook(orgs, 挂点促建=[["区领导", "组织名称"], ["王五", "甲"], ["张三", "甲"]],
                      驻街保建=[["区直机关", "驻点街道"], ["区教育局", "平湖街道"]])
    loads = queries.loads(network_from_rows(sheets))
    assert list(zip(loads["kind"], loads["unit"])) == [
        ("department", "区教育局"), ("leader", "张三"), ("leader", "王五")]


def test_every_unit_row_names_its_node(queries, handmade_network):
    loads = queries.loads(handmade_network)
    graph = handmade_network.to_networkx()
    for node, kind in zip(loads["node_id"], loads["kind"]):
        assert kind in graph.nodes[node]["kinds"]


def test_filtered_views_and_is_overloaded_agree_with_unit_loads():
    net = idle_network()
    loads = unit_loads(net)
    assert list(idle_units(net)["unit"]) == list(loads.loc[loads["idle"], "unit"]) == ["区司法局"]
    assert overloaded_units(net).empty
    assert not is_overloaded(net, "张伟", "leader")
    with pytest.raises(KeyError):
        is_overloaded(net, "不存在", "leader")


def test_department_linked_counts_each_organization_once():
    # 区教育局 contacts 甲, which also sits in 平湖, where it is stationed: linked once, not twice;
    # 乙 in 布吉 is contacted from outside its stations and counts too.
    orgs = [org("甲"), org("丙"), org("乙", street="布吉街道", community="南岭社区")]
    stations = [["区直机关", "驻点街道", "联系组织"], ["区教育局", "平湖街道", "甲"], ["区教育局", "平湖街道", "乙"]]
    loads = unit_loads(network_from_rows(workbook(orgs, 驻街保建=stations)))
    assert loads.set_index("unit").loc["区教育局", "linked"] == 3


# ---------------------------------------------------------------------------
# The load rule, written once: attribute_loads
# ---------------------------------------------------------------------------

def hand_district():
    """A small district whose loads are worked out by hand (RULES.md, "Overloaded responsible units").

    平湖 (山厦社区): A, B, D enterprises of 60 employees and no member (MEMBERS_REQUIRED: open),
    C an enterprise of 20 (closed), S an entity social organization of 40 (PARTY_ORG_REQUIRED:
    open), T a social organization of 10 (closed). 布吉 (南岭社区): E, 60 employees (open).
    """
    orgs = [org("A", employees=60), org("B", employees=60), org("C", employees=20), org("D", employees=60),
            org("S", kind="社会组织", employees=40, entity="是"), org("T", kind="社会组织", employees=10),
            org("E", street="布吉街道", community="南岭社区", employees=60)]
    leaders = [["区领导", "组织名称"], ["张伟", "A"], ["张伟", "C"]]
    stations = [["区直机关", "驻点街道", "联系组织"], ["甲局", "平湖街道", "B"], ["甲局", "平湖街道", "D"],
                ["乙局", "平湖街道", None], ["乙局", "布吉街道", None]]
    supervision = [["业务主管单位", "组织名称", "党建工作指导员"], ["区民政局", "S", "刘洋"], ["区民政局", "T", "刘洋"]]
    return network_from_rows(workbook(orgs, 挂点促建=leaders, 驻街保建=stations, 主管包建=supervision))


def test_attribute_loads_by_hand():
    net = hand_district()
    loads = unit_loads(net).set_index(["kind", "unit"])["load"]
    # 张伟: A (open) + C (closed) = 1.
    assert loads[("leader", "张伟")] == 1
    # 平湖's pool: its open organizations no department contacts = A and S (B, D are 甲局's
    # contacts; C, T closed) = 2, shared by 甲局 and 乙局: 1 each. 布吉's pool: E = 1, 乙局 alone.
    # 甲局 = B + D + 1 = 3; 乙局 = 1 + 1 = 2.
    assert loads[("department", "甲局")] == 3
    assert loads[("department", "乙局")] == 2
    # 区民政局 supervises S (open) and T (closed) = 1; 刘洋 guides both, open or not = 2.
    assert loads[("supervisory_unit", "区民政局")] == 1
    assert loads[("instructor", "刘洋")] == 2
    # unit_loads is attribute_loads with weight = open.
    is_open = organization_scope(net)["open"].to_numpy(dtype=float)
    assert attribute_loads(load_links(net), is_open).tolist() == unit_loads(net)["load"].tolist()


def test_attribute_loads_with_a_what_if_weight():
    net = hand_district()
    links = load_links(net)
    units = unit_loads(net)
    half = np.full(len(net.tables.organizations), 0.5)
    by_unit = dict(zip(zip(units["kind"], units["unit"]), attribute_loads(links, half)))
    # Every organization weighs 0.5. 张伟: A + C = 1. 平湖's pool: A, C, S, T (uncontacted) = 2,
    # 1 each; 甲局 = B + D (1) + 1 = 2, 乙局 = 1 + 布吉's E (0.5) = 1.5. 区民政局: S + T = 1.
    # 刘洋 counts every organization it guides at 1 (`every` defaults to 1): 2.
    assert by_unit == {("department", "甲局"): 2.0, ("department", "乙局"): 1.5, ("instructor", "刘洋"): 2.0,
                       ("leader", "张伟"): 1.0, ("supervisory_unit", "区民政局"): 1.0}
    # With every = weight the instructor's links take the weight too: 0.5 + 0.5.
    assert attribute_loads(links, half, every=half)[units["kind"].eq("instructor").to_numpy()].tolist() == [1.0]
    # Several weights at once: one column each.
    both = attribute_loads(links, np.column_stack([half, 2 * half]), every=np.column_stack([half, 2 * half]))
    assert both.shape == (len(units), 2) and both[:, 1].tolist() == (2 * both[:, 0]).tolist()


def test_a_link_or_station_without_an_organization_or_street_counts_nothing():
    # Unit 0 linked to no organization (-1); unit 1 stationed in no known street (-1).
    links = LoadLinks(n_units=2, link_unit=np.array([0]), link_org=np.array([-1]), station_unit=np.array([1]),
                      station_street=np.array([-1]), org_street=np.array([0]),
                      link_every=np.array([True]))
    assert attribute_loads(links, [1.0]).tolist() == [0.0, 0.0]


def test_unit_attribution_is_the_load_rule_over_flags():
    net = hand_district()
    orgs = net.tables.organizations
    is_open = organization_scope(net)["open"].to_numpy()
    flags = pd.DataFrame({"open": is_open, "all": 1.0}, index=orgs["org_id"].to_numpy())
    attributed = unit_attribution(net, flags)
    loads = unit_loads(net)
    assert attributed[["kind", "node_id"]].values.tolist() == loads[["kind", "node_id"]].values.tolist()
    # Instructors count every organization: the "all" flag; the others the open one.
    expected = np.where(loads["kind"] == "instructor", attributed["all"], attributed["open"])
    assert loads["load"].tolist() == expected.tolist()
    # The tables alone give the same (a stand-in network is built for them).
    assert unit_attribution(net.tables, flags).equals(attributed)
