"""queries.scope: which organizations the campaign's targets cover, and which are open.

Worked out by hand from RULES.md, "Scope":
- members-required (应有党员): an enterprise with employees >= 50;
- party-org-required (应建党组织): an enterprise with employees >= 100, or an above-scale
  enterprise, or an entity social organization with employees >= 30;
- open: members-required with no member, or party-org-required and 未组建.
"""

import pytest

from liangxin.queries.rules import load_rules
from liangxin.queries.scope import CODE_ORDER, organization_scope
from tests.conftest import network_from_rows, org, workbook

COLUMNS = ["members_required", "party_org_required", "members_gap", "party_org_gap", "open"]


def scope_of(*orgs, rules=None):
    """The scope table of a workbook holding `orgs`, indexed by organization name."""
    net = network_from_rows(workbook(list(orgs)))
    scope = organization_scope(net, rules)
    return scope.set_axis(net.tables.organizations["name"].tolist())


@pytest.mark.parametrize("employees, members_required, party_org_required", [
    (29, False, False), (30, False, False),       # 30 matters for social organizations only
    (49, False, False), (50, True, False),
    (99, True, False), (100, True, True),
])
def test_enterprise_boundaries(employees, members_required, party_org_required):
    row = scope_of(org("甲", employees=employees)).loc["甲"]
    assert (row["members_required"], row["party_org_required"]) == (members_required, party_org_required)


def test_an_above_scale_enterprise_is_party_org_required_whatever_its_size():
    scope = scope_of(org("规上", employees=5, above="是"), org("规下", employees=5, above="否"))
    assert scope.loc["规上", "party_org_required"] and not scope.loc["规上", "members_required"]
    assert not scope.loc["规下", "party_org_required"]


@pytest.mark.parametrize("entity, employees, party_org_required", [
    ("是", 29, False), ("是", 30, True), ("是", 500, True),
    ("否", 30, False), ("否", 500, False), (None, 500, False),   # not an entity: never required
])
def test_social_organization_boundaries(entity, employees, party_org_required):
    row = scope_of(org("协会", kind="社会组织", employees=employees, entity=entity)).loc["协会"]
    assert row["party_org_required"] == party_org_required
    assert not row["members_required"]      # members are a target for enterprises only


def test_an_above_scale_social_organization_is_not_required_for_that():
    row = scope_of(org("协会", kind="社会组织", employees=5, above="是", entity="是")).loc["协会"]
    assert not row["party_org_required"]


@pytest.mark.parametrize("members, status, party_org, expected", [
    # 120 employees: members-required and party-org-required
    (0, None, None, {"members_gap": True, "party_org_gap": True, "open": True}),
    (2, None, None, {"members_gap": False, "party_org_gap": True, "open": True}),
    (0, "联合组建", "联合党支部", {"members_gap": True, "party_org_gap": False, "open": True}),
    (3, "单独组建", "甲党支部", {"members_gap": False, "party_org_gap": False, "open": False}),
])
def test_gaps_and_open(members, status, party_org, expected):
    row = scope_of(org("甲", employees=120, members=members, status=status, party_org=party_org)).loc["甲"]
    assert {k: bool(row[k]) for k in expected} == expected


def test_out_of_scope_is_never_open():
    # 40 employees, no member, 未组建: no target applies, so nothing is missing.
    row = scope_of(org("小", employees=40, status="未组建")).loc["小"]
    assert not row[COLUMNS].any()


def test_the_rules_move_the_boundaries():
    rules = load_rules(members_required_min_employees=60, party_org_required_min_employees=150,
                       party_org_required_above_scale=False, entity_social_org_min_employees=50)
    scope = scope_of(org("五十", employees=50), org("六十", employees=60), org("一百", employees=100),
                     org("规上", employees=5, above="是"),
                     org("协会", kind="社会组织", employees=40, entity="是"), rules=rules)
    assert scope["members_required"].to_dict() == {"五十": False, "六十": True, "一百": True, "规上": False,
                                                   "协会": False}
    assert not scope["party_org_required"].any()


def test_the_table_is_indexed_like_the_organizations_with_boolean_columns(handmade_network):
    scope = organization_scope(handmade_network)
    assert list(scope.columns) == COLUMNS
    assert scope.index.equals(handmade_network.tables.organizations.index)
    assert all(dtype == bool for dtype in scope.dtypes)
    # tests/test_handmade.py: A C E F H I Q are open
    names = handmade_network.tables.organizations["name"]
    assert sorted(names[scope["open"]]) == sorted(["甲科技有限公司", "丙物流有限公司", "戊建筑有限公司", "己商贸有限公司",
                                                   "平湖街道餐饮协会", "布吉街道养老服务中心", "子餐饮有限公司"])


def test_computed_once_per_network_and_rules(handmade_network):
    assert organization_scope(handmade_network) is organization_scope(handmade_network, load_rules())
    assert organization_scope(handmade_network, load_rules(members_required_min_employees=60)) \
        is not organization_scope(handmade_network)


def test_code_order_is_rules_md_order():
    assert CODE_ORDER == ("MEMBERS_REQUIRED", "PARTY_ORG_REQUIRED", "STANDALONE_POSSIBLE", "NO_RESPONSIBLE_UNIT",
                          "MASS_ORG_MISSING", "MASS_ORG_FIRST")
