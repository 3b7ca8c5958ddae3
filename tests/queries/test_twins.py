"""The Cypher twins give the embedded queries' answers: same columns, order and values.

Runs on every real Bolt server of tests/neo4j/server.py (ArcadeDB here; Neo4j 5 too when
NEO4J_URI is set): the hand-made workbook with its hand-worked figures, synthetic districts,
other rules, and orderings where databases and Python could disagree.
"""

import pandas as pd
import pytest

from liangxin.graph.network import build_network
from liangxin.demo import demo_sheets
from liangxin.queries.analysis import analyze_network, summary_object
from liangxin.queries.cypher import analysis_differences, analyze_cypher, dtype_family, network_counts_cypher
from liangxin.queries.rules import load_rules
from tests.conftest import GEO, network_from_rows, org, tables_from_rows, workbook
from tests.neo4j.twins import CypherQueries
from tests.test_handmade import (EXPECTED_BROKEN, EXPECTED_COUNTS, EXPECTED_COVERAGE, EXPECTED_OVERLOADED,
                                 EXPECTED_UNCOVERED)

FRAMES = ("uncovered", "loads", "broken_chains", "coverage")


@pytest.fixture
def cypher(bolt_server):
    return CypherQueries(bolt_server)


def assert_same_analysis(embedded, twin):
    for name in FRAMES:
        expected, actual = getattr(embedded, name), getattr(twin, name)
        # Text columns may be object or str (pandas 3 infers str): the values must be equal, and every
        # other dtype exactly the same.
        assert {c: dtype_family(expected[c]) for c in expected} == {c: dtype_family(actual[c]) for c in actual}, name
        pd.testing.assert_frame_equal(expected, actual, check_dtype=False, check_exact=False,
                                      rtol=1e-12, atol=1e-12, obj=name)
    assert embedded.counts == twin.counts
    assert analysis_differences(embedded, twin, "台账.xlsx") == []


def sheets_of(workbook_):
    """A synthetic workbook's DataFrames as lists of rows (header first), as tables_from_rows takes them."""
    sheets = {}
    for name, frame in workbook_.sheets.items():
        rows = frame.astype(object).where(frame.notna(), None).to_numpy().tolist()
        sheets[name] = [list(frame.columns)] + rows
    return sheets


def test_handmade_workbook_gives_the_hand_worked_figures_in_cypher(cypher, handmade_network):
    twin = cypher.analyze(handmade_network)
    summary = summary_object(twin, "台账.xlsx")
    assert summary["counts"] == EXPECTED_COUNTS
    assert summary["uncovered"] == EXPECTED_UNCOVERED
    assert summary["overloaded"] == EXPECTED_OVERLOADED
    assert summary["idle"] == [{"unit": "区司法局", "kind": "department"}]
    assert summary["broken_chains"] == EXPECTED_BROKEN
    assert summary["coverage"] == EXPECTED_COVERAGE
    assert_same_analysis(analyze_network(handmade_network), twin)


@pytest.mark.parametrize("n_orgs, seed, later", [(400, 1, False), (400, 1, True), (1500, 7, False)])
def test_synthetic_districts_agree(cypher, n_orgs, seed, later):
    net = build_network(tables_from_rows(sheets_of(demo_sheets(n_orgs, seed, later=later))))
    assert_same_analysis(analyze_network(net), cypher.analyze(net))


def test_other_rules_agree(cypher, handmade_network):
    rules = load_rules(members_required_min_employees=10, party_org_required_min_employees=40,
                       party_org_required_above_scale=False, entity_social_org_min_employees=0,
                       standalone_min_members=1, union_required_min_employees=20, capacity_leader=1,
                       capacity_department=0, capacity_supervisory_unit=0, capacity_instructor=1)
    assert_same_analysis(analyze_network(handmade_network, rules), cypher.analyze(handmade_network, rules))


def test_a_district_with_almost_nothing_agrees(cypher):
    net = network_from_rows({"街道社区": GEO, "两新组织": workbook([org("甲", employees=3)])["两新组织"]})
    embedded, twin = analyze_network(net), cypher.analyze(net)
    assert twin.loads.empty and twin.uncovered.empty
    assert_same_analysis(embedded, twin)


def test_code_point_order_wins_over_the_server_s_string_order(cypher):
    # U+20000 (beyond the BMP) sorts after U+E000 by code point, before it in UTF-16.
    names = ["\U00020000科技有限公司", "\ue000科技有限公司", "Ａ科技有限公司", "a科技有限公司"]
    orgs = [org(name, employees=60) for name in names]
    leaders = [["区领导", "组织名称"], ["\U00020001张", names[0]], ["\ue001李", names[1]]]
    net = network_from_rows(workbook(orgs, 挂点促建=leaders))
    twin = cypher.analyze(net)
    assert list(twin.uncovered["org_id"].drop_duplicates()) == sorted(names)
    assert list(twin.loads["unit"]) == sorted(["\U00020001张", "\ue001李"])
    assert_same_analysis(analyze_network(net), twin)


def test_counts_include_the_rows_read(cypher, handmade_network):
    district = cypher.district_of(handmade_network)
    assert network_counts_cypher(cypher.server.connection, district) == EXPECTED_COUNTS


def test_analyze_cypher_pulls_the_network_when_none_is_given(cypher, handmade_network):
    district = cypher.district_of(handmade_network)
    twin = analyze_cypher(cypher.server.connection, district)
    assert twin.network.counts() == handmade_network.counts()
    assert summary_object(twin, "x")["rejected"] == summary_object(analyze_network(handmade_network), "x")["rejected"]
