"""queries.analysis: every query in one pass, and its summary.json object and findings.csv rows.

Figures are those worked out by hand for the hand-made workbook in tests/test_handmade.py;
here the pure functions are called directly (tests/test_handmade.py reads the written file).
"""

import pytest

from liangxin.queries.analysis import FINDING_COLUMNS, analyze_network, findings_table, network_counts, summary_object
from liangxin.queries.rules import load_rules
from tests.conftest import network_from_rows, org, workbook
from tests.test_handmade import (EXPECTED_BROKEN, EXPECTED_COUNTS, EXPECTED_COVERAGE, EXPECTED_OVERLOADED,
                                 EXPECTED_REJECTED, EXPECTED_UNCOVERED)


@pytest.fixture(scope="module")
def analysis(handmade_network):
    return analyze_network(handmade_network)


@pytest.fixture(scope="module")
def summary(analysis):
    return summary_object(analysis, "台账.xlsx")


def test_network_counts_are_the_contract_counts(handmade_network):
    assert network_counts(handmade_network) == EXPECTED_COUNTS
    assert list(network_counts(handmade_network)) == list(EXPECTED_COUNTS)


def test_analysis_holds_every_query_and_its_views(analysis):
    assert analysis.rules == load_rules()
    assert analysis.counts == EXPECTED_COUNTS
    # 8 (unit, role) rows: 4 departments, 刘洋, 张伟, 李娜, 区民政局 as supervisory unit
    assert len(analysis.loads) == 8
    assert analysis.overloaded[["unit", "kind"]].values.tolist() == [
        [e["unit"], e["kind"]] for e in EXPECTED_OVERLOADED]
    assert list(analysis.overloaded.index) == [0, 1, 2]       # a view with a fresh index
    assert analysis.idle[["unit", "kind"]].values.tolist() == [["区司法局", "department"]]
    assert analysis.uncovered["org_id"].nunique() == 9
    assert analysis.broken_chains["org_id"].nunique() == 7


def test_other_rules_reach_every_query(handmade_network):
    # With a department capacity of 1, 教育局 (load 2.5) and 发改局 (1.5) are overloaded too
    # (tests/cli/test_cli.py works the loads out); 民政局 keeps its own 责任容量 of 1.
    analysis = analyze_network(handmade_network, load_rules(capacity_department=1))
    departments = analysis.overloaded[analysis.overloaded["kind"] == "department"]
    assert departments["unit"].tolist() == ["区发展和改革局", "区教育局", "区民政局"]
    assert analysis.rules.capacity_department == 1


def test_summary_keys_and_orders(summary):
    assert list(summary) == ["input", "counts", "uncovered", "overloaded", "idle", "broken_chains", "coverage",
                             "rejected", "warnings"]
    assert summary["input"] == "台账.xlsx"
    assert list(summary["coverage"]) == ["overall", "by_street", "by_kind"]
    # streets in Unicode order (坂 U+5742, 布 U+5E03, 平 U+5E73, 横 U+6A2A)
    assert list(summary["coverage"]["by_street"]) == ["坂田街道", "布吉街道", "平湖街道", "横岗街道"]
    assert list(summary["coverage"]["by_kind"]) == ["enterprise", "social_org"]
    assert list(summary["uncovered"][0]) == ["org_id", "name", "street", "codes", "open"]
    assert list(summary["broken_chains"][0]) == ["org_id", "name", "codes"]
    assert list(summary["rejected"][0]) == ["sheet", "row", "column", "reason", "code", "file"]  # file: issue 15


def test_summary_figures(summary):
    assert summary["counts"] == EXPECTED_COUNTS
    assert summary["uncovered"] == EXPECTED_UNCOVERED
    assert summary["overloaded"] == EXPECTED_OVERLOADED
    assert summary["idle"] == [{"unit": "区司法局", "kind": "department"}]
    assert summary["broken_chains"] == EXPECTED_BROKEN
    assert summary["coverage"] == EXPECTED_COVERAGE      # rates rounded to 4 decimals, empty ones None
    assert [(e["sheet"], e["row"], e["column"], e["code"]) for e in summary["rejected"]] == EXPECTED_REJECTED
    assert len(summary["warnings"]) == 5


def test_summary_values_are_plain_python(summary):
    def walk(value):
        if isinstance(value, dict):
            for item in value.values():
                yield from walk(item)
        elif isinstance(value, list):
            for item in value:
                yield from walk(item)
        else:
            yield value

    assert {type(v) for v in walk(summary)} <= {str, int, float, bool, type(None)}  # bool: an entry's "open"


def test_findings_one_row_per_finding(analysis):
    findings = findings_table(analysis)
    assert list(findings.columns) == FINDING_COLUMNS
    # 16 codes of 9 uncovered organizations, 9 of 7 broken chains, 3 overloaded units, 1 idle one
    assert findings["category"].value_counts().to_dict() == {"uncovered": 16, "broken_chain": 9, "overloaded": 3,
                                                             "idle": 1}
    assert findings["category"].unique().tolist() == ["uncovered", "broken_chain", "overloaded", "idle"]
    uncovered = findings[findings["category"] == "uncovered"]
    assert uncovered["code"].tolist() == analysis.uncovered["code"].tolist()
    assert set(uncovered["entity_kind"]) == {"organization"}
    units = findings[findings["category"].isin(["overloaded", "idle"])]
    assert units[["code", "entity_kind", "entity_id", "name"]].values.tolist() == [
        ["OVERLOADED", "department", "区民政局", "区民政局"],
        ["OVERLOADED", "instructor", "区民政局/刘洋", "刘洋"],   # an instructor under its supervisory unit
        ["OVERLOADED", "leader", "张伟", "张伟"],
        ["IDLE", "department", "区司法局", "区司法局"],
    ]
    assert units["street"].isna().all() and units["community"].isna().all()
    assert findings["detail"].notna().all()


def test_findings_of_a_district_with_nothing_to_report():
    # One small enterprise in a street with a stationed department, an owned community and no
    # threshold reached: nothing uncovered, no break, the department linked to it.
    geo = [["街道", "社区", "社区责任人"], ["平湖街道", "山厦社区", "王芳"]]
    net = network_from_rows(workbook([org("甲", employees=10)], 街道社区=geo,
                                     驻街保建=[["区直机关", "驻点街道"], ["区教育局", "平湖街道"]]))
    findings = findings_table(analyze_network(net))
    assert findings.empty and list(findings.columns) == FINDING_COLUMNS
    summary = summary_object(analyze_network(net), "空.xlsx")
    assert summary["uncovered"] == summary["broken_chains"] == summary["overloaded"] == summary["idle"] == []
    assert summary["coverage"]["overall"] == {"required": 0, "org_coverage": None, "standalone_rate": None,
                                              "work_coverage": None}
