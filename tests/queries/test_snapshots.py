"""Snapshot comparison on a hand-worked pair (tests/fixtures/snapshots.py), every figure by hand.

OLD is the hand-made workbook (tests/test_handmade.py lists its findings); NEW is the same
district later with the nine edits listed in tests/fixtures/snapshots.py. Organizations are
named A–Q as in tests/fixtures/handmade.py; R is the new one.
"""

import datetime

import numpy as np
import pandas as pd
import pytest

import liangxin as lx
from liangxin.queries.analysis import analyze_network
from liangxin.queries.loads import unit_loads
from liangxin.queries.scope import organization_scope
from liangxin.queries.snapshots import (campaign_phase, compare_snapshots, largest_open_organizations, match_organizations,
                               street_progress, target_figures, unit_attribution, unit_progress)
from tests.conftest import network_from_rows, org, workbook
from tests.fixtures.handmade import C1, C4, C5, C8
from tests.fixtures.snapshots import E_NEW_NAME, R_NAME, write_pair


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    old_path, new_path = write_pair(tmp_path_factory.mktemp("snapshots"))
    return lx.analyze(old_path), lx.analyze(new_path)


@pytest.fixture(scope="module")
def diff(pair):
    return compare_snapshots(*pair)


def test_counts(diff):
    assert diff.counts == {
        "organizations_before": 13, "organizations_after": 13,   # C removed, R added
        # by code: A D E G H N; by name: B F I O P Q (C's code is invalid, so C was keyed by name)
        "matched": 12, "matched_by_name": 6,
        "added": 1, "removed": 1, "renamed": 1,                   # R; C; E
        "closed_gaps": 9, "opened_gaps": 1, "closed_gap_orgs": 6, "opened_gap_orgs": 1,
        "closed_orgs": 4,                                         # A, H, I, Q are no longer open
        "opened_orgs": 0,
        "formed": 3, "formed_standalone": 1, "formed_joint": 1, "joint_to_standalone": 1,  # A; H; D
        "regressed": 0, "changed_orgs": 4,                        # A, E, I, Q
        # branches new since then: 甲's and 丁's own, 山厦社区联合党支部 (H's; nobody had it before)
        "new_branches": 3, "new_standalone_branches": 2, "new_joint_branches": 1,
    }


def test_gaps_closed_and_opened_per_code(diff):
    closed = set(zip(diff.closed_gaps["name"], diff.closed_gaps["code"]))
    assert closed == {
        # A formed its own branch with 3 members and a union: every code it had goes.
        ("甲科技有限公司", "MEMBERS_REQUIRED"), ("甲科技有限公司", "PARTY_ORG_REQUIRED"),
        ("甲科技有限公司", "MASS_ORG_FIRST"), ("甲科技有限公司", "MASS_ORG_MISSING"),
        ("丁制造有限公司", "STANDALONE_POSSIBLE"),      # D is standalone now (MASS_ORG_MISSING stays)
        (E_NEW_NAME, "STREET_MISMATCH"),                # E's street corrected to 坂田 ...
        ("平湖街道餐饮协会", "PARTY_ORG_REQUIRED"),      # H joined a joint branch
        ("布吉街道养老服务中心", "PARTY_ORG_REQUIRED"),  # I fell below 30 employees
        ("子餐饮有限公司", "MEMBERS_REQUIRED"),          # Q found a member
    }
    # ... and 坂田 has no department (财政局's row is rejected): a new chain break.
    assert diff.opened_gaps[["org_id", "category", "code"]].values.tolist() == [
        [C5, "broken_chain", "STREET_NO_DEPARTMENT"]]
    # identities and places are the new snapshot's; sorted by street, then org_id
    assert diff.closed_gaps["street"].tolist() == ["坂田街道", "坂田街道", "布吉街道"] + ["平湖街道"] * 6
    assert diff.closed_gaps["org_id"].tolist()[:2] == [C4, C5]


def test_added_removed_renamed(diff):
    assert diff.added[["org_id", "name", "street", "open", "codes"]].values.tolist() == [
        [R_NAME, R_NAME, "平湖街道", True, "MEMBERS_REQUIRED"]]       # 70 employees, no member
    assert diff.removed[["org_id", "open", "codes", "labels"]].values.tolist() == [
        ["丙物流有限公司", True, "MEMBERS_REQUIRED", "应有党员而无党员"]]
    assert diff.renamed[["org_id", "old_name", "name", "match_by"]].values.tolist() == [
        [C5, "戊建筑有限公司", E_NEW_NAME, "code"]]


def test_formed(diff):
    formed = diff.formed.set_index("org_id")
    assert formed["change"].to_dict() == {C4: "联合组建转单独组建", C8: "新建联合组建", C1: "新建单独组建"}
    assert formed.loc[C8, "party_org"] == "山厦社区联合党支部"
    assert diff.regressed.empty


def test_figure_changes(diff):
    rows = diff.changed[["name", "field", "old", "new", "scope_changed"]].values.tolist()
    assert rows == [
        [E_NEW_NAME, "street", "布吉街道", "坂田街道", False],
        ["布吉街道养老服务中心", "employees", 40, 25, True],   # out of the 30-employee scope
        ["甲科技有限公司", "party_members", 0, 3, False],
        ["子餐饮有限公司", "party_members", 0, 1, False],
    ]


def test_streets_before_and_after(diff):
    s = diff.streets.set_index("group")
    # After: required A B D E G H (I has 25 employees, R 70 and not above scale) = 6; organized
    # A D G standalone, B H joint = 5; standalone 3; work: E has a leader = 6 of 6.
    overall = s.loc["overall"]
    assert (overall["required_before"], overall["required_after"]) == (7, 6)
    assert overall["org_coverage_before"] == pytest.approx(3 / 7)
    assert overall["org_coverage_after"] == pytest.approx(5 / 6)
    assert overall["standalone_rate_after"] == pytest.approx(3 / 6)
    assert overall["work_coverage_after"] == pytest.approx(1.0)
    assert overall["org_coverage_change"] == pytest.approx(5 / 6 - 3 / 7)
    # Open before: A C E F H I Q; after: E F R.
    assert (overall["open_before"], overall["open_after"], overall["formed"], overall["closed_orgs"]) == (7, 3, 3, 4)
    # 平湖: A B H required both times; organized B → A B H.
    assert s.loc["平湖街道", "org_coverage_before"] == pytest.approx(1 / 3)
    assert s.loc["平湖街道", "org_coverage_after"] == pytest.approx(1.0)
    assert (s.loc["平湖街道", "open_before"], s.loc["平湖街道", "open_after"], s.loc["平湖街道", "formed"]) == (4, 1, 2)
    # 坂田: D; then D and E (moved in, unorganized).
    assert (s.loc["坂田街道", "required_before"], s.loc["坂田街道", "required_after"]) == (1, 2)
    assert s.loc["坂田街道", "org_coverage_change"] == pytest.approx(-0.5)
    # 布吉: E and I; then nothing required: the rate is empty, not 0.
    assert s.loc["布吉街道", "required_after"] == 0 and np.isnan(s.loc["布吉街道", "org_coverage_after"])
    assert s.loc["布吉街道", "closed_orgs"] == 1  # I
    assert list(s.index) == ["overall", "坂田街道", "布吉街道", "平湖街道", "横岗街道"]


def test_units_before_after_and_progress(diff):
    u = diff.units.set_index(["kind", "unit"])
    expected = {
        # 张伟: C A E open of C D A E (3); then D A E with only E open (1). Open before C A E,
        # closed A (C was removed, E is still open); formed A and D.
        ("leader", "张伟"): (3.0, 1.0, True, False, 3.0, 1.0, 2.0),
        ("leader", "李娜"): (0.0, 0.0, False, False, 0.0, 0.0, 1.0),
        # 教育局 contacts A and shares 平湖's uncontacted open pool with 发改局:
        # before 1 + {C, H, Q}/2 = 2.5; after 0 + {R}/2 = 0.5. Closed: A + {H, Q}/2; formed A + H/2.
        ("department", "区教育局"): (2.5, 0.5, False, False, 2.5, 2.0, 1.5),
        ("department", "区发展和改革局"): (1.5, 0.5, False, False, 1.5, 1.0, 0.5),
        # 民政局 carries 布吉's pool {E, I} (capacity 1); then nothing: E moved to 坂田, I closed.
        ("department", "区民政局"): (2.0, 0.0, True, False, 2.0, 1.0, 0.0),
        ("supervisory_unit", "区民政局"): (1.0, 0.0, False, False, 1.0, 1.0, 1.0),
        ("instructor", "刘洋"): (1.0, 1.0, True, True, 1.0, 1.0, 1.0),
        ("department", "区司法局"): (0.0, 0.0, False, False, 0.0, 0.0, 0.0),
    }
    columns = ["load_before", "load_after", "overloaded_before", "overloaded_after", "open_before", "closed", "formed"]
    for key, values in expected.items():
        assert [float(v) for v in u.loc[key, columns]] == pytest.approx([float(v) for v in values]), key
    assert set(u["presence"]) == {"both"}
    assert u.loc[("department", "区司法局"), "idle_after"]


def test_target_figures(pair):
    old, new = pair
    t = target_figures(new, old).set_index("key")
    # 50+ enterprises A B D E F G Q R: members at A B D G Q (before B D G, C instead of R).
    assert tuple(t.loc["members", ["required", "achieved", "remaining"]]) == (8, 5, 3)
    assert t.loc["members", "rate_before"] == pytest.approx(3 / 8)
    assert tuple(t.loc["party_org_large", ["required", "achieved"]]) == (4, 3)           # A D E G
    assert tuple(t.loc["party_org_above_scale", ["required", "achieved"]]) == (1, 1)     # B
    assert tuple(t.loc["party_org_social", ["required", "achieved", "required_before"]]) == (1, 1, 2)  # H (I left)
    assert tuple(t.loc["org_coverage", ["required", "achieved"]]) == (6, 5)
    assert tuple(t.loc["standalone_rate", ["required", "achieved"]]) == (6, 3)
    assert t.loc["org_coverage", "rate_change"] == pytest.approx(5 / 6 - 3 / 7)
    assert t.loc["members", "label"] == "50人以上非公企业有党员比例"
    assert "rate_before" not in target_figures(new).columns


def test_street_and_unit_rankings(pair, diff):
    old, new = pair
    streets = street_progress(new, diff=diff)
    # by the change of organization coverage; streets with nothing required last
    assert streets["street"].tolist() == ["平湖街道", "坂田街道", "布吉街道", "横岗街道"]
    assert streets["rank"].tolist() == [1, 2, 3, 4]
    units = unit_progress(new, old)
    assert units[["kind", "unit"]].values.tolist() == [
        ["supervisory_unit", "区民政局"],   # 1 of 1
        ["department", "区教育局"],          # 2 of 2.5
        ["department", "区发展和改革局"],    # 1 of 1.5
        ["department", "区民政局"],          # 1 of 2
        ["leader", "张伟"],                  # 1 of 3
        ["leader", "李娜"],                  # nothing open before: no rate, yet not "no progress"
        ["department", "区司法局"],          # idle: no progress
    ]
    assert units["no_progress"].tolist() == [False] * 6 + [True]
    current = street_progress(new)
    assert current["street"].tolist()[:2] == ["平湖街道", "坂田街道"]   # 100% then 50%


def test_unit_progress_without_previous(pair):
    old, _ = pair
    units = unit_progress(old).set_index(["kind", "unit"])
    # 张伟 answers for C D A E, all in scope; only D is closed.
    assert tuple(units.loc[("leader", "张伟"), ["base", "closed"]]) == (4.0, 1.0)
    # 民政局 (department) answers for 布吉's E and I, neither closed: no progress.
    assert units.loc[("department", "区民政局"), "no_progress"]


def test_largest_open_organizations(pair):
    _, new = pair
    top = largest_open_organizations(new, per_street=5)
    # open with a street: E (坂田, 张伟 attached; no department stationed in 坂田) and R (平湖,
    # nobody attached, contacted by no department: 平湖's stationed departments answer for it);
    # F has no street.
    # Streets in the order of 街道社区: 平湖, 布吉, 坂田, 横岗 (tests/fixtures/handmade.py).
    assert top[["street", "rank", "name", "responsible"]].values.tolist() == [
        ["平湖街道", 1, R_NAME, "区发展和改革局（驻点）、区教育局（驻点）"], ["坂田街道", 1, E_NEW_NAME, "张伟"]]
    assert top.set_index("name").loc[E_NEW_NAME, "labels"] == "应有党员而无党员、应建未建、街道无驻点机关"


def test_a_snapshot_against_itself_changes_nothing(pair):
    old, _ = pair
    same = compare_snapshots(old, old)
    assert same.counts["matched"] == 13 and same.counts["closed_gaps"] == 0 and same.counts["formed"] == 0
    for frame in (same.closed_gaps, same.opened_gaps, same.added, same.removed, same.renamed, same.changed):
        assert frame.empty
    assert (same.units["load_change"] == 0).all()


@pytest.mark.parametrize("later", [[org("丙公司"), org("丁公司")], []])
def test_snapshots_with_no_organization_in_common(later):
    # every organization renamed without a code, or a new sheet not filled in yet
    before = analyze_network(network_from_rows(workbook([org("甲公司"), org("乙公司", employees=80)])))
    after = analyze_network(network_from_rows(workbook(later)))
    d = compare_snapshots(before, after)
    assert d.counts["matched"] == 0 and len(d.removed) == 2 and len(d.added) == len(later)
    assert d.closed_gaps.empty and d.opened_gaps.empty


def test_matching_falls_back_to_the_name_when_a_code_is_added():
    code = "91440307MA5DA0001P"
    before = network_from_rows(workbook([org("甲科技有限公司", employees=120), org("乙公司", code=code)]))
    after = network_from_rows(workbook([org("甲科技 有限公司", employees=120, code="91440307MA5DA00054"),
                                        org("乙集团公司", code=code)]))
    matches = match_organizations(before.tables.organizations, after.tables.organizations)
    assert matches.sort_values("match_by").values.tolist() == [
        [code, code, "code"], ["甲科技有限公司", "91440307MA5DA00054", "name"]]
    d = compare_snapshots(analyze_network(before), analyze_network(after))
    # 乙 was renamed; 甲 kept its name and got a code, which is a figure change, not a new name.
    assert d.renamed[["old_name", "name", "match_by"]].values.tolist() == [["乙公司", "乙集团公司", "code"]]
    codes = d.changed[d.changed["field"] == "credit_code"]
    assert codes[["name", "field_zh", "old", "new"]].values.tolist() == [
        ["甲科技 有限公司", "统一社会信用代码", None, "91440307MA5DA00054"]]
    assert d.added.empty and d.removed.empty


def test_unit_attribution_is_the_load_rule(handmade_network):
    """With the open flag (instructors: every guided organization) it gives unit_loads' load."""
    analysis = analyze_network(handmade_network)
    orgs = handmade_network.tables.organizations
    scope = organization_scope(handmade_network)
    flags = pd.DataFrame({"open": scope["open"].to_numpy(), "all": True}, index=orgs["org_id"].to_numpy())
    attributed = unit_attribution(handmade_network.tables, flags)
    merged = unit_loads(handmade_network).merge(attributed, on=["kind", "node_id"])
    assert len(merged) == len(analysis.loads)
    expected = np.where(merged["kind"] == "instructor", merged["all"], merged["open"])
    assert merged["load"].to_numpy() == pytest.approx(expected)


def test_campaign_phase():
    assert campaign_phase(datetime.date(2019, 4, 1)) == ("准备阶段", "4月15日前")
    assert campaign_phase(datetime.date(2019, 4, 16)) == ("攻坚阶段", "6月20日前")
    assert campaign_phase(datetime.date(2019, 6, 20)) == ("攻坚阶段", "6月20日前")
    assert campaign_phase(datetime.date(2019, 6, 21)) == ("总结阶段", "6月30日前")
    assert campaign_phase(datetime.date(2019, 7, 1)) is None
    # the phases are the rules file's [campaign]
    from liangxin.queries.rules import load_rules

    later = load_rules(campaign_push_end=datetime.date(2019, 7, 15), campaign_summary_end=datetime.date(2019, 7, 31))
    assert campaign_phase(datetime.date(2019, 7, 1), later) == ("攻坚阶段", "7月15日前")


def test_the_demo_later_snapshot_is_found_as_planted():
    """The synthetic district a few weeks on: what the generator planted is what the diff finds."""
    from liangxin.graph.network import build_network
    from liangxin.demo import demo_sheets
    from tests.conftest import tables_from_rows

    def analysis(workbook):
        sheets = {name: [list(frame.columns)] + frame.astype(object).where(frame.notna(), None).values.tolist()
                  for name, frame in workbook.sheets.items()}
        return analyze_network(build_network(tables_from_rows(sheets)))

    before, after = demo_sheets(1000, seed=5), demo_sheets(1000, seed=5, later=True)
    d = compare_snapshots(analysis(before), analysis(after))
    code, old_name, new_name = after.notable["later_renamed"]
    assert d.renamed[["org_id", "old_name", "name", "match_by"]].values.tolist() == [[code, old_name, new_name, "code"]]
    assert sorted(d.removed["name"].str.strip()) == sorted(n.strip() for n in after.notable["later_removed"])
    assert len(d.added) == len(after.planted["later_added"][1])
    assert len(d.formed) == len(after.planted["later_formed"][1])
    assert d.regressed.empty
    # the generator forms a Party organization only in open organizations: each of them closes
    closing = d.closed_gaps[d.closed_gaps["code"].isin(["MEMBERS_REQUIRED", "PARTY_ORG_REQUIRED"])]
    assert set(d.formed["org_id"]) <= set(closing["org_id"])
    assert d.counts["closed_orgs"] == len(d.formed)


def test_the_demo_overloaded_units_are_the_same_everywhere():
    """Console, bulletin ranking and rebalancing read the one load rule on the demo district.

    The bulletin ranks leaders, departments and supervisory units only (``unit_progress``'s
    default ``kinds``): its overloaded count leaves out an overloaded instructor, which is why a
    bulletin saying 3 where the console says 4 is not a difference of load figures.
    """
    from liangxin.demo import demo_sheets
    from liangxin.graph.network import build_network
    from liangxin.queries.recommend import rebalance_units
    from tests.conftest import tables_from_rows

    workbook = demo_sheets(1000, seed=5)
    sheets = {name: [list(frame.columns)] + frame.astype(object).where(frame.notna(), None).values.tolist()
              for name, frame in workbook.sheets.items()}
    a = analyze_network(build_network(tables_from_rows(sheets)))
    console = set(zip(a.overloaded["kind"], a.overloaded["unit"]))
    assert "instructor" in {kind for kind, _ in console}
    every_kind = ("leader", "department", "supervisory_unit", "instructor")
    ranked = unit_progress(a, kinds=every_kind)
    assert set(zip(ranked.loc[ranked["overloaded"], "kind"], ranked.loc[ranked["overloaded"], "unit"])) == console
    default = unit_progress(a)
    assert set(zip(default.loc[default["overloaded"], "kind"], default.loc[default["overloaded"], "unit"])) == {
        (kind, unit) for kind, unit in console if kind != "instructor"}
    plan = rebalance_units(a)
    assert set(zip(plan.units.loc[plan.units["overloaded_before"], "kind"],
                   plan.units.loc[plan.units["overloaded_before"], "unit"])) == console
