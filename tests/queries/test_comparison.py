"""queries/comparison.py: what changed between two analyses, on the hand-made workbook."""

import pytest

from liangxin.graph.whatif import move_department, with_capacity
from liangxin.queries.analysis import analyze_network
from liangxin.queries.comparison import Comparison, compare
from liangxin.queries.rules import load_rules
from tests.fixtures.handmade import C5


@pytest.fixture(scope="module")
def result(handmade_network):
    return analyze_network(handmade_network)


def test_the_same_analysis_has_no_change(result):
    same = compare(result, result)
    assert isinstance(same, Comparison)
    assert same.loads.empty and same.coverage.empty and same.gaps.empty
    assert (same.summary["before"] == same.summary["after"]).all()
    assert list(same.loads.columns) == ["kind", "unit", "supervisory_unit", "load_before", "load_after", "load_change",
                                        "capacity_before", "capacity_after", "overloaded_before", "overloaded_after",
                                        "idle_before", "idle_after"]
    assert list(same.gaps.columns) == ["what", "category", "org_id", "name", "street", "code", "label"]


def test_a_capacity_change(handmade_network, result):
    after = analyze_network(with_capacity(handmade_network, "张伟", 3))
    change = compare(result, after)
    summary = change.summary.set_index("measure")
    assert summary.loc["超负荷单位数", "before"] == 3 and summary.loc["超负荷单位数", "after"] == 2
    row = change.loads.set_index("unit").loc["张伟"]
    assert (row["capacity_before"], row["capacity_after"]) == (2, 3)
    assert row["overloaded_before"] and not row["overloaded_after"] and row["load_change"] == 0
    assert len(change.loads) == 1 and change.gaps.empty and change.coverage.empty


def test_a_moved_department(handmade_network, result):
    after = analyze_network(move_department(handmade_network, "区民政局", "平湖"))
    change = compare(result, after)
    assert change.loads[["unit", "load_before", "load_after", "load_change"]].values.tolist() == [
        ["区民政局", 2.0, 1.0, -1.0], ["区发展和改革局", 1.5, 1.0, -0.5], ["区教育局", 2.5, 2.0, -0.5]]
    assert change.gaps[["what", "category", "org_id", "code"]].values.tolist() == [
        ["opened", "broken_chain", C5, "STREET_NO_DEPARTMENT"],
        ["opened", "broken_chain", "布吉街道养老服务中心", "STREET_NO_DEPARTMENT"]]
    back = compare(after, result)
    assert set(back.gaps["what"]) == {"closed"} and len(back.gaps) == 2


def test_a_rules_change_closes_findings(handmade_network, result):
    # With 60 employees the threshold, F (55) and Q (50) are no longer members-required, so no longer
    # open: F loses NO_RESPONSIBLE_UNIT too, and both leave the uncovered list.
    after = analyze_network(handmade_network, load_rules(members_required_min_employees=60))
    change = compare(result, after)
    closed = change.gaps[change.gaps["what"] == "closed"]
    assert set(closed.loc[closed["code"] == "MEMBERS_REQUIRED", "name"]) == {"己商贸有限公司", "子餐饮有限公司"}
    assert set(closed.loc[closed["code"] == "NO_RESPONSIBLE_UNIT", "name"]) == {"己商贸有限公司"}
    assert change.summary.set_index("measure").loc["未覆盖组织数", "after"] == 7
    assert "调整前" in repr(change) and "<table" in change._repr_html_()
