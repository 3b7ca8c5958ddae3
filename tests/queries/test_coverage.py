import math

import pytest

from tests.conftest import network_from_rows, org, workbook


def test_rates_over_required_organizations_only(queries):
    orgs = [
        org("单建", employees=120, members=3, status="单独组建", party_org="甲支部"),
        org("联建", employees=120, status="联合组建", party_org="联合支部"),
        org("未建有领导", employees=120),
        org("未建无人", employees=120, street="布吉街道", community="南岭社区"),
        org("小企业不计", employees=10, status="单独组建", party_org="乙支部"),
    ]
    sheets = workbook(orgs, 挂点促建=[["区领导", "组织名称"], ["张伟", "未建有领导"]])
    rates = queries.coverage(network_from_rows(sheets)).set_index(["scope", "group"])
    overall = rates.loc[("overall", "overall")]
    assert overall["required"] == 4
    assert overall["org_coverage"] == pytest.approx(2 / 4)
    assert overall["standalone_rate"] == pytest.approx(1 / 4)
    assert overall["work_coverage"] == pytest.approx(3 / 4)
    assert rates.loc[("street", "布吉街道"), "work_coverage"] == 0
    assert rates.loc[("street", "平湖街道"), "required"] == 3
    social = rates.loc[("kind", "social_org")]
    assert social["required"] == 0 and math.isnan(social["org_coverage"])


def test_unknown_street_counts_overall_and_by_kind_only(queries):
    orgs = [org("外街", street="龙城街道", employees=120)]
    rates = queries.coverage(network_from_rows(workbook(orgs))).set_index(["scope", "group"])
    assert rates.loc[("overall", "overall"), "required"] == 1
    assert rates.loc[("kind", "enterprise"), "required"] == 1
    assert list(rates.loc["street"].index) == ["布吉街道", "平湖街道"]
    assert (rates.loc["street", "required"] == 0).all()


def test_not_covered_is_required_less_organized(handmade_network):
    """应建未建数 on the hand-made workbook (tests/test_handmade.py's EXPECTED_COVERAGE): 7 required,
    B D G organized; 坂田 1 of 1 organized, 布吉 0 of 2, 平湖 1 of 3, 横岗 none required;
    enterprises 3 of 5, social organizations 0 of 2."""
    from liangxin.queries.coverage import coverage_rates, not_covered

    rates = coverage_rates(handmade_network)
    got = dict(zip(rates["group"], not_covered(rates).tolist()))
    assert got == {"overall": 4, "坂田街道": 0, "布吉街道": 2, "平湖街道": 2, "横岗街道": 0, "enterprise": 2,
                   "social_org": 2}
