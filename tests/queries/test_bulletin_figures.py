"""The bulletin's figures on small snapshots worked out by hand: branches, departments in whole numbers."""

from liangxin.queries.analysis import analyze_network
from liangxin.queries.snapshots import compare_snapshots
from liangxin.queries.snapshots.branches import branch_counts, party_branches
from liangxin.queries.snapshots.departments import department_progress
from tests.conftest import GEO, ORG_HEADER, network_from_rows, org


def analysis_of(orgs, **sheets):
    return analyze_network(network_from_rows({"街道社区": GEO, "两新组织": [ORG_HEADER, *orgs], **sheets}))


def test_a_joint_branch_of_three_organizations_is_one_party_organization():
    """J1, J2, J3 in 山厦联合党支部 + S1 on its own = 2 branches covering 4 organizations; N1 has none."""
    orgs = [org("J1", status="联合组建", party_org="山厦联合党支部"), org("J2", status="联合组建", party_org="山厦联合党支部"),
            org("J3", street="布吉街道", community="南岭社区", status="联合组建", party_org="山厦联合党支部"),
            org("S1", status="单独组建", party_org="S1党支部"), org("N1")]
    analysis = analysis_of(orgs)
    assert branch_counts(analysis) == {"branches": 2, "standalone": 1, "joint": 1, "orgs_covered": 4}
    joint = party_branches(analysis).set_index("name").loc["山厦联合党支部"]
    assert (joint["status"], joint["orgs"], joint["streets"]) == ("joint", 3, "平湖街道、布吉街道")


def test_joining_an_existing_joint_branch_adds_an_organization_not_a_branch():
    """Before: J1, J2 in 山厦联合党支部. After: J3 joins it and S1 forms its own: one new branch
    (S1's, standalone), two more organizations covered."""
    before = analysis_of([org("J1", status="联合组建", party_org="山厦联合党支部"),
                          org("J2", status="联合组建", party_org="山厦联合党支部"), org("J3"), org("S1")])
    after = analysis_of([org("J1", status="联合组建", party_org="山厦联合党支部"),
                         org("J2", status="联合组建", party_org="山厦联合党支部"),
                         org("J3", status="联合组建", party_org="山厦联合党支部"),
                         org("S1", status="单独组建", party_org="S1党支部")])
    counts = branch_counts(after, before)
    assert (counts["branches"], counts["orgs_covered"]) == (2, 4)
    assert (counts["new_branches"], counts["new_standalone"], counts["new_joint"]) == (1, 1, 0)
    assert branch_counts(before)["orgs_covered"] == 2


STATIONS = [["区直机关", "驻点街道", "联系组织"], ["区甲局", "平湖街道", "O1"], ["区乙局", "平湖街道", None],
            ["区丙局", "布吉街道", None]]


def test_departments_are_ranked_on_whole_organizations():
    """All four open before (50+ employees, no member). After, O1 and O2 have a member (closed).
    区甲局 contacts O1 and shares 平湖's pool (O2, O3: no department contacts them) with 区乙局:
    甲 answered for 3 open then, 2 closed, 1 open now; 乙 for 2, 1 closed, 1 open; 丙 (布吉) for
    O4, none closed — where their loads by the rule are fractions (甲: 0 + 1/2 now)."""
    def orgs(members):
        return [org("O1", employees=60, members=members), org("O2", employees=60, members=members),
                org("O3", employees=120), org("O4", street="布吉街道", community="南岭社区", employees=60)]

    before, after = analysis_of(orgs(0), 驻街保建=STATIONS), analysis_of(orgs(1), 驻街保建=STATIONS)
    table = department_progress(after, before, diff=compare_snapshots(before, after))
    assert table[["rank", "unit", "contacted", "pool", "base", "closed", "open", "no_progress"]].values.tolist() == [
        [1, "区甲局", 1, 1, 3, 2, 1, False],
        [2, "区乙局", 0, 1, 2, 1, 1, False],
        [3, "区丙局", 0, 1, 1, 0, 1, True],
    ]
    loads = after.loads.set_index("unit")["load"]
    assert loads["区甲局"] == 0.5 and loads["区乙局"] == 0.5
    # without the previous snapshot: in-scope organizations answered for, and those no longer open
    now = department_progress(after).set_index("unit")
    assert now.loc["区甲局", ["base", "closed", "open"]].tolist() == [3, 2, 1]


def test_stationed_departments_answer_for_the_organizations_no_department_contacts():
    """S (平湖, contacted by no department) is in 平湖's pool: 区甲局 and 区乙局, stationed there,
    answer for it; O1 is contacted by 区甲局, so only 区甲局 is named; T (布吉) gets 区丙局."""
    from liangxin.queries.recommend import standalone_candidates

    analysis = analysis_of([org("O1", members=5), org("S", members=4),
                            org("T", street="布吉街道", community="南岭社区", members=3)], 驻街保建=STATIONS)
    table = standalone_candidates(analysis).set_index("name")["responsible"].to_dict()
    assert table == {"O1": "区甲局", "S": "区甲局（驻点）、区乙局（驻点）", "T": "区丙局（驻点）"}


def test_units_with_no_progress_judge_departments_on_whole_organizations():
    """The pair of snapshots of test_departments_are_ranked_on_whole_organizations: 区丙局 answered for O4 (open then and now),
    so it has no progress though by the load rule it carries the whole of 布吉's pool; 区甲局 and
    区乙局 closed O1/O2. Leaders and supervisory units: none here."""
    from liangxin.queries.progress import campaign_progress, stuck_units

    def orgs(members):
        return [org("O1", employees=60, members=members), org("O2", employees=60, members=members),
                org("O3", employees=120), org("O4", street="布吉街道", community="南岭社区", employees=60)]

    before, after = analysis_of(orgs(0), 驻街保建=STATIONS), analysis_of(orgs(1), 驻街保建=STATIONS)
    progress = campaign_progress(after, before, diff=compare_snapshots(before, after))
    stuck = stuck_units(progress.units, progress.departments)
    assert stuck.equals(progress.stuck)
    assert stuck[["unit", "kind", "base", "load"]].values.tolist() == [["区丙局", "department", 1.0, 1.0]]
