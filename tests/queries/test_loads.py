import pytest

from liangxin.queries.loads import idle_units, is_overloaded, overloaded_units, unit_loads
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
