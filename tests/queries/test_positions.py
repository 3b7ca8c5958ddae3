"""The output queries work by organization position: the same answers as by id, also for finding
rows put together by hand (an id that names no organization, an organization's rows apart).

The hand-made workbook (tests/fixtures/handmade.py): A (91440307MA5DA0001P) is open, D
(91440307MA5DA00041) is only 提升项, F (己商贸) is reached by no unit.
"""

import dataclasses
import gc

import numpy as np
import pandas as pd
import pytest

from liangxin.queries._tabulate import _known_rows, first_seen, organization_rows, table_rows
from liangxin.queries.analysis import (analyze_network, findings_table, headline_figures, organizations_per_code,
                                      summary_object)
from liangxin.queries.labels import GAP_ZH, RESPONSIBLE_ZH
from liangxin.queries.responsibility import NONE_ZH, names_at, responsible_names, responsible_text
from liangxin.queries.tables import by_organization, organizations_table, uncovered_ranked

A, D = "91440307MA5DA0001P", "91440307MA5DA00041"
STRANGER = "NOT-AN-ORGANIZATION"


@pytest.fixture(scope="module")
def analysis(handmade_network):
    return analyze_network(handmade_network)


@pytest.fixture(scope="module")
def by_hand(analysis):
    """The analysis with a stranger's row added to ``uncovered``, and A's rows split apart."""
    rows = analysis.uncovered
    stranger = rows.iloc[[0]].assign(org_id=STRANGER, code="MASS_ORG_MISSING")
    a_rows = rows[rows["org_id"] == A]
    shuffled = pd.concat([a_rows.iloc[[0]], rows[rows["org_id"] != A], stranger, a_rows.iloc[1:]], ignore_index=True)
    return dataclasses.replace(analysis, uncovered=shuffled)


def test_organization_rows_are_positions(analysis):
    ids = analysis.network.tables.organizations["org_id"]
    assert organization_rows(analysis.network, ids).tolist() == list(range(len(ids)))
    assert organization_rows(analysis.network, [STRANGER, D]).tolist() == [-1, ids.tolist().index(D)]


def test_finding_tables_come_with_their_rows(analysis, by_hand):
    """The rows the query found are the rows of its ids; a table changed by hand is looked up afresh."""
    network = analysis.network
    ids = network.tables.organizations["org_id"].tolist()
    for table in (analysis.uncovered, analysis.broken_chains):
        assert id(table) in _known_rows(network)  # kept by the query, not looked up
        assert table_rows(network, table).tolist() == [ids.index(i) for i in table["org_id"]]
    shuffled = by_hand.uncovered
    assert table_rows(network, shuffled).tolist() == [ids.index(i) if i in ids else -1 for i in shuffled["org_id"]]
    assert table_rows(network, shuffled.iloc[1:]).tolist() == table_rows(network, shuffled)[1:].tolist()
    # kept or looked up, the same kind of array (a mix of the two is taken together by the network page)
    kept, looked_up = table_rows(network, analysis.uncovered), table_rows(network, shuffled)
    assert kept.dtype == looked_up.dtype == organization_rows(network, [A]).dtype
    assert not kept.flags.writeable and not looked_up.flags.writeable


def test_the_network_page_takes_a_table_given_by_hand_beside_one_of_the_query(analysis, by_hand):
    """by_hand's uncovered is looked up, its broken_chains kept from the query: the same findings per organization."""
    from liangxin.viz.network.findings import OrganizationFindings

    mixed, plain = OrganizationFindings(by_hand), OrganizationFindings(analysis)
    assert (mixed.organizations_with(chain=False), plain.organizations_with(chain=False)) == (10, 9)  # and the stranger
    assert mixed.organizations_with(chain=True) == plain.organizations_with(chain=True) == 7
    assert (mixed.bits == plain.bits).all() and (mixed.count == plain.count).all()


def test_rows_of_a_table_gone_are_not_kept(analysis):
    known = _known_rows(analysis.network)
    table = analysis.uncovered.copy()
    table_rows(analysis.network, table)
    key = id(table)
    assert key in known
    del table
    gc.collect()
    assert key not in known


def test_first_seen_numbers_like_factorize():
    keys = np.array([7, 3, 7, 9, 3])
    seen, distinct = first_seen(keys)
    assert seen.tolist() == pd.factorize(keys)[0].tolist() == [0, 1, 0, 2, 1]
    assert distinct.tolist() == [7, 3, 9]


def test_headline_counts_a_stranger_as_an_improvement(analysis, by_hand):
    before, after = headline_figures(analysis), headline_figures(by_hand)
    assert after["improvement"] == before["improvement"] + 1
    assert after["open"] == before["open"]


def test_findings_of_a_stranger_name_no_unit(analysis, by_hand):
    findings = findings_table(by_hand)
    detail = findings.loc[findings["entity_id"] == STRANGER, "detail"].iloc[0]
    assert detail.endswith(f"（{GAP_ZH[False]}）；责任单位：{NONE_ZH}")
    # Everyone else reads as before, whatever the order of the rows.
    ordinary = findings[findings["entity_id"] != STRANGER]
    expected = findings_table(analysis)
    key = ["category", "code", "entity_id"]
    pd.testing.assert_frame_equal(ordinary.sort_values(key).reset_index(drop=True),
                                  expected.sort_values(key).reset_index(drop=True))


def test_summary_marks_a_stranger_not_open(by_hand):
    entries = {entry["org_id"]: entry for entry in summary_object(by_hand, "台账.xlsx")["uncovered"]}
    assert entries[STRANGER]["open"] is False and entries[A]["open"] is True


def test_rank_folds_rows_apart_and_a_stranger(analysis, by_hand):
    ranked = uncovered_ranked(by_hand)
    stranger = ranked[ranked["org_id"] == STRANGER].iloc[0]
    assert stranger["employees"] == 0 and not stranger["open"] and stranger["leader"] == ""
    # A's rows, apart in the table, fold into one row with all its codes, as before.
    pd.testing.assert_frame_equal(ranked[ranked["org_id"] != STRANGER].drop(columns="rank").reset_index(drop=True),
                                  uncovered_ranked(analysis).drop(columns="rank"))
    assert by_organization(by_hand.uncovered)["org_id"].tolist()[:2] == [A, by_hand.uncovered["org_id"].iloc[1]]


def test_names_and_text_by_position(analysis):
    names = responsible_names(analysis.network).set_axis(analysis.network.tables.organizations["org_id"])
    text = responsible_text(analysis.network, [A, STRANGER, A])
    assert text.index.tolist() == [A, STRANGER]
    assert text[STRANGER] == f"责任单位：{NONE_ZH}"
    assert f"{RESPONSIBLE_ZH['leader']} {names.loc[A, 'leader']}" in text[A]


def test_names_at_rows_are_the_names_of_those_organizations(analysis):
    """A (row 0): 张伟 attached, 区教育局 contacts it, 平湖 hosts 区发展和改革局 and 区教育局; F (row 5) has none;
    -1 (no organization) has none; the whole table is every row's."""
    network = analysis.network
    at = names_at(network, np.array([0, 5, -1, 0]))
    assert at["leader"].tolist() == ["张伟", "", "", "张伟"]
    assert at["street_department"].tolist() == ["区发展和改革局、区教育局", "", "", "区发展和改革局、区教育局"]
    assert (at.iloc[1:3] == "").all().all()
    whole = responsible_names(network)
    assert whole.index.equals(network.tables.organizations.index)
    pd.testing.assert_frame_equal(whole.reset_index(drop=True), names_at(network, np.arange(len(whole))))


def test_organizations_table_labels_by_position(analysis):
    table = organizations_table(analysis).set_index("org_id")
    folded = by_organization(analysis.uncovered).set_index("org_id")
    # The same labels per organization as by_organization gives, in code order.
    for org_id, labels in folded["labels"].items():
        assert table.loc[org_id, "uncovered_labels"].split("、") == labels.split("、")


def test_headline_kept_per_analysis_and_its_results(analysis, by_hand):
    first = headline_figures(analysis)
    first["open"] = -1  # a copy: the kept figures stay as they were
    assert headline_figures(analysis)["open"] != -1
    # Other results (dataclasses.replace) are worked out again, never read from the original's.
    assert headline_figures(by_hand)["improvement"] == headline_figures(analysis)["improvement"] + 1
    fewer = dataclasses.replace(analysis, uncovered=analysis.uncovered.iloc[:0])
    assert headline_figures(fewer)["improvement"] == 0


def test_organizations_per_code_counts_by_id(analysis, by_hand):
    """The chart's count per code: distinct organizations, as ``nunique`` counts them by id."""
    for case in (analysis, by_hand):
        expected = {}
        for table in (case.uncovered, case.broken_chains):
            expected.update(table.groupby("code")["org_id"].nunique().astype(int).to_dict())
        assert organizations_per_code(case) == expected
    # by hand: the stranger's MASS_ORG_MISSING row adds one organization to that code
    plain, mixed = organizations_per_code(analysis), organizations_per_code(by_hand)
    assert mixed["MASS_ORG_MISSING"] == plain.get("MASS_ORG_MISSING", 0) + 1


def test_text_arrow_cannot_hold_falls_back():
    """A lone surrogate (no UTF-8 for it) is sorted and taken the pandas way, not an Arrow error."""
    from liangxin.queries._tabulate import sorted_order
    from liangxin.queries.responsibility import _text_column

    assert sorted_order(pd.DataFrame({"name": ["b", "\ud800", "a"]}, dtype=object), ["name"]) is None
    assert list(_text_column(np.array([0, 1, 1]), ["甲", "\ud800乙"])) == ["甲", "\ud800乙", "\ud800乙"]
