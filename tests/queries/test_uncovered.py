import pytest

from liangxin.queries.rules import load_rules
from liangxin.queries.uncovered import is_uncovered, uncovered_codes, uncovered_organizations
from tests.conftest import network_from_rows, org, workbook
from tests.neo4j.twins import codes_by_name


def codes_of(queries, net, name, rules=None):
    return codes_by_name(queries.uncovered(net, rules), name)


@pytest.mark.parametrize("employees, expected", [
    (49, []),
    (50, ["MEMBERS_REQUIRED", "NO_RESPONSIBLE_UNIT"]),
    (99, ["MEMBERS_REQUIRED", "NO_RESPONSIBLE_UNIT"]),
    (100, ["MASS_ORG_FIRST", "MASS_ORG_MISSING", "MEMBERS_REQUIRED", "NO_RESPONSIBLE_UNIT", "PARTY_ORG_REQUIRED"]),
])
def test_enterprise_thresholds(queries, employees, expected):
    net = network_from_rows(workbook([org("甲", employees=employees)]))
    assert codes_of(queries, net, "甲") == expected


def test_above_scale_enterprise_is_party_org_required_whatever_its_size(queries):
    net = network_from_rows(workbook([org("甲", employees=5, members=1, above="是")]))
    assert codes_of(queries, net, "甲") == ["MASS_ORG_FIRST", "NO_RESPONSIBLE_UNIT", "PARTY_ORG_REQUIRED"]


@pytest.mark.parametrize("entity, employees, required", [("是", 30, True), ("是", 29, False), ("否", 300, False)])
def test_social_org_needs_entity_and_thirty_employees(queries, entity, employees, required):
    net = network_from_rows(workbook([org("协会", kind="社会组织", employees=employees, members=1, entity=entity)]))
    codes = codes_of(queries, net, "协会")
    assert ("PARTY_ORG_REQUIRED" in codes) is required
    # social organizations are never members-required
    assert "MEMBERS_REQUIRED" not in codes


@pytest.mark.parametrize("status, members, expected", [
    ("未组建", 3, True), ("联合组建", 3, True), ("单独组建", 3, False), ("联合组建", 2, False), (None, 7, True),
])
def test_standalone_possible_is_tested_on_its_own(queries, status, members, expected):
    net = network_from_rows(workbook([org("甲", employees=5, members=members, status=status, union="是")]))
    assert ("STANDALONE_POSSIBLE" in codes_of(queries, net, "甲")) is expected


def test_mass_org_missing_clauses(queries):
    net = network_from_rows(workbook([
        org("有党组织无群团", employees=10, status="联合组建", party_org="联合支部"),
        org("有党组织有团", employees=10, status="联合组建", party_org="联合支部", youth="是"),
        org("百人无工会已组建", employees=100, members=3, status="单独组建", party_org="支部", youth="是"),
        org("百人有工会", employees=100, members=3, status="单独组建", party_org="支部2", union="是"),
        org("社会组织百人无工会", kind="社会组织", employees=100, members=3, status="单独组建", party_org="支部3",
            women="是"),
    ]))
    rows = queries.uncovered(net)
    assert "MASS_ORG_MISSING" in codes_by_name(rows, "有党组织无群团")
    assert "MASS_ORG_MISSING" not in codes_by_name(rows, "有党组织有团")
    assert "MASS_ORG_MISSING" in codes_by_name(rows, "百人无工会已组建")
    assert "MASS_ORG_MISSING" not in codes_by_name(rows, "百人有工会")
    assert "MASS_ORG_MISSING" not in codes_by_name(rows, "社会组织百人无工会")


def test_mass_org_first_only_for_required_unorganized_with_few_members(queries):
    net = network_from_rows(workbook([
        org("应建少党员", employees=120, members=2),
        org("应建三党员", employees=120, members=3),
        org("应建有工会", employees=120, members=0, union="是"),
        org("不应建", employees=20, members=0),
    ]))
    rows = queries.uncovered(net)
    assert "MASS_ORG_FIRST" in codes_by_name(rows, "应建少党员")
    assert "MASS_ORG_FIRST" not in codes_by_name(rows, "应建三党员")
    assert "MASS_ORG_FIRST" not in codes_by_name(rows, "应建有工会")
    assert "MASS_ORG_FIRST" not in codes_by_name(rows, "不应建")


@pytest.mark.parametrize("sheet, rows", [
    ("挂点促建", [["区领导", "组织名称"], ["张伟", "甲"]]),
    ("驻街保建", [["区直机关", "驻点街道"], ["区教育局", "平湖街道"]]),
    ("驻街保建", [["区直机关", "驻点街道", "联系组织"], ["区教育局", "布吉街道", "甲"]]),
    ("党群共建", [["群团组织", "组织名称"], ["区总工会", "甲"]]),
])
def test_any_responsible_unit_removes_no_responsible_unit(queries, sheet, rows):
    orgs = [org("甲", employees=60)]
    assert "NO_RESPONSIBLE_UNIT" in codes_of(queries, network_from_rows(workbook(orgs)), "甲")
    assert "NO_RESPONSIBLE_UNIT" not in codes_of(queries, network_from_rows(workbook(orgs, **{sheet: rows})), "甲")


def test_supervisory_unit_removes_no_responsible_unit_for_social_orgs(queries):
    orgs = [org("协会", kind="社会组织", employees=60, entity="是")]
    supervision = [["业务主管单位", "组织名称"], ["区民政局", "协会"]]
    net = network_from_rows(workbook(orgs, 主管包建=supervision))
    assert "NO_RESPONSIBLE_UNIT" not in codes_of(queries, net, "协会")


def test_closed_organization_never_lacks_a_responsible_unit(queries):
    net = network_from_rows(workbook([org("甲", employees=60, members=1)]))
    assert codes_of(queries, net, "甲") == []


def test_rules_file_thresholds_apply(queries):
    net = network_from_rows(workbook([org("甲", employees=60)]))
    assert codes_of(queries, net, "甲", load_rules(members_required_min_employees=61)) == []


def sorting_network():
    return network_from_rows(workbook([
        org("乙", street="平湖街道", employees=60), org("甲", street="布吉街道", community="南岭社区", employees=60),
        org("丙", employees=5, members=1),
    ]))


def test_rows_sorted_by_street_then_id_then_code(queries):
    rows = queries.uncovered(sorting_network())
    assert list(zip(rows["name"], rows["code"])) == [
        ("甲", "MEMBERS_REQUIRED"), ("甲", "NO_RESPONSIBLE_UNIT"),
        ("乙", "MEMBERS_REQUIRED"), ("乙", "NO_RESPONSIBLE_UNIT")]
    assert set(rows["label"]) == {"应有党员而无党员", "无责任主体"}


def test_flags_and_is_uncovered_agree_with_the_rows():
    net = sorting_network()
    assert int(uncovered_codes(net).to_numpy().sum()) == len(uncovered_organizations(net))
    assert is_uncovered(net, "甲") and not is_uncovered(net, "丙")
    with pytest.raises(KeyError):
        is_uncovered(net, "不存在")
