"""The campaign over four weekly snapshots, every figure worked out by hand.

The series is tests/fixtures/series.py: four enterprises matter (E, 20 employees, is in no scope).
Party-org-required: ≥ 100 employees.

Open (MEMBERS_REQUIRED or PARTY_ORG_REQUIRED): A open until 05-24; B open, closed 05-10, open
again 05-17; C always; D never. So open = 3, 2, 3, 2.
Organization coverage over the 4 required: D; B, D; D; A, D → 0.25, 0.5, 0.25, 0.5.
Per street: 平湖 (A, B) 0, 0.5, 0, 0.5; 布吉 (C, D) 0.5 throughout — it stalls.
Leaders: 张伟 attached to A and C (load = open of those: 2, 2, 2, 1); 李娜 to B (1, 0, 1, 1).
"""

import datetime as dt

import pytest

from liangxin.queries.analysis import analyze_network
from liangxin.queries.trend import STATUS_GREEN, STATUS_RED, campaign_trend
from tests.conftest import network_from_rows
from tests.fixtures.series import DATES, GEO, sheets


@pytest.fixture(scope="module")
def trend():
    snapshots = [analyze_network(network_from_rows(sheets(week))) for week in range(4)]
    return campaign_trend(snapshots, DATES, [f"台账-{d}.xlsx" for d in DATES])


def test_headline_figures_per_snapshot(trend):
    s = trend.snapshots
    assert s["open"].tolist() == [3, 2, 3, 2]
    assert s["required"].tolist() == [4, 4, 4, 4]
    assert s["org_coverage"].tolist() == [0.25, 0.5, 0.25, 0.5]
    assert s["standalone_rate"].tolist() == [0.0, 0.0, 0.0, 0.25]      # A standalone on 05-24
    # 50人以上有党员: A, B, C, D have ≥ 50 employees; with members: D; B, D; B, D; A, B, D.
    assert s["target_members"].tolist() == [0.25, 0.5, 0.5, 0.75]
    assert s["overloaded"].tolist() == [0, 0, 0, 0]                     # loads ≤ 2, capacity 5
    assert s["no_responsible_unit"].tolist() == [0, 0, 0, 0]            # every open org has a leader


def test_streets_in_the_sheets_order_and_their_coverage(trend):
    last = trend.streets[trend.streets["date"] == DATES[-1]]
    assert last["street"].tolist() == [row[0] for row in GEO[1:]]       # 平湖, 布吉: the sheet's order
    by_street = trend.streets.pivot(index="date", columns="street", values="org_coverage")
    assert by_street["平湖街道"].tolist() == [0.0, 0.5, 0.0, 0.5]
    assert by_street["布吉街道"].tolist() == [0.5, 0.5, 0.5, 0.5]


def test_traffic_lights(trend):
    status = trend.status.set_index("group")
    # 平湖: 50% left; 05-24 → 06-20 is 27 days, 27/7 weeks: 0.5 / (27/7) = 0.1296 a week needed;
    # the last week made 0.5 → on course.
    assert status.at["平湖街道", "status"] == STATUS_GREEN
    assert status.at["平湖街道", "needed_per_week"] == pytest.approx(0.5 * 7 / 27)
    assert status.at["平湖街道", "pace_per_week"] == pytest.approx(0.5)
    # 布吉: no progress in the last two intervals.
    assert status.at["布吉街道", "status"] == STATUS_RED
    # 张伟: loads 2, 2, 2, 1 → closed one last week, 1 left needs 7/27 a week → on course.
    assert status.at["张伟", "status"] == STATUS_GREEN
    assert status.at["张伟", "value"] == 1.0
    # 李娜: loads 1, 0, 1, 1 → up, then flat: no progress in the last two intervals.
    assert status.at["李娜", "status"] == STATUS_RED


def test_each_organizations_open_spells(trend):
    spells = {(row.name, str(row.opened), str(row.closed) if row.closed else None, row.weeks, row.open_now)
              for row in trend.history.itertuples()}
    assert spells == {
        ("甲智能科技有限公司", "2019-05-03", "2019-05-24", 3.0, False),  # renamed: one organization by its code
        ("乙制造有限公司", "2019-05-03", "2019-05-10", 1.0, False),      # closed …
        ("乙制造有限公司", "2019-05-17", None, 1.0, True),               # … and opened again
        ("丙物流有限公司", "2019-05-03", None, 3.0, True),
    }
    assert trend.history["name"].iloc[0] == "丙物流有限公司"             # open now, longest first
    units = dict(zip(trend.history["name"] + trend.history["open_now"].map({True: "·now", False: ""}),
                     trend.history["units"]))
    assert units["丙物流有限公司·now"] == "张伟" and units["乙制造有限公司·now"] == "李娜"
    assert units["甲智能科技有限公司"] == ""                              # closed: nobody is asked


def test_units_holding_open_organizations_longest(trend):
    assert trend.longest[["unit", "open_orgs", "longest_weeks"]].values.tolist() == [
        ["张伟", 1, 3.0],   # C, open 3 weeks
        ["李娜", 1, 1.0],   # B, open again for 1 week
    ]


def test_snapshots_out_of_order_are_refused(trend):
    with pytest.raises(ValueError):
        campaign_trend([None, None], [DATES[1], DATES[0]])


def test_lights_at_the_edges():
    import math

    from liangxin.queries.trend import STATUS_YELLOW, pace_status

    days = [dt.date(2019, 6, 14), dt.date(2019, 6, 28)]
    # past the end of the push (20 June) and short of the target: never on course, however fast
    assert pace_status([0.2, 0.9], days, 1.0, dt.date(2019, 6, 20))[2] == STATUS_YELLOW
    # a unit new in the last snapshot has no past figure: not "no progress in two intervals"
    three = [dt.date(2019, 5, 3), dt.date(2019, 5, 10), dt.date(2019, 5, 17)]
    assert pace_status([math.nan, math.nan, 2.0], three, 0.0, dt.date(2019, 6, 20), lower_is_better=True)[2] \
        == STATUS_YELLOW


def test_an_organization_left_out_of_one_week_keeps_its_gap():
    """丙 (open all four weeks) is missing from the 05-10 workbook: one spell of 3 weeks, not closed and reopened."""
    weeks = [sheets(week) for week in range(4)]
    weeks[1]["两新组织"] = [row for row in weeks[1]["两新组织"] if row[0] != "丙物流有限公司"]
    trend = campaign_trend([analyze_network(network_from_rows(w)) for w in weeks], DATES)
    spells = trend.history[trend.history["name"] == "丙物流有限公司"]
    assert spells[["weeks", "open_now"]].values.tolist() == [[3.0, True]]
