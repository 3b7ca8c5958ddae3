"""The campaign over four weekly snapshots, every figure worked out by hand.

Four enterprises matter (E, 20 employees, is in no scope). Party-org-required: ≥ 100 employees.

| org | street | employees | 05-03 | 05-10 | 05-17 | 05-24 |
|---|---|---|---|---|---|---|
| A (code C1) | 平湖 | 120 | none, 0 members | same | renamed 甲智能科技, same | standalone, 3 members |
| B | 平湖 | 100 | none, 0 | joint, 1 member | none again, 1 | none, 1 |
| C | 布吉 | 150 | none, 0 | same | same | same |
| D | 布吉 | 200 | joint, 2 | same | same | same |

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
from tests.conftest import GEO, network_from_rows, org, workbook
from tests.fixtures.handmade import C1

DATES = [dt.date(2019, 5, 3), dt.date(2019, 5, 10), dt.date(2019, 5, 17), dt.date(2019, 5, 24)]
LEADER_HEADER = ["区领导", "组织名称", "统一社会信用代码"]


def _snapshot(a_name, a, b):
    """`a`, `b`: (status, members) of A and B."""
    orgs = [org(a_name, street="平湖街道", community="山厦社区", employees=120, members=a[1], status=a[0], code=C1),
            org("乙制造有限公司", street="平湖街道", community="山厦社区", employees=100, members=b[1], status=b[0]),
            org("丙物流有限公司", street="布吉街道", community="南岭社区", employees=150),
            org("丁电子有限公司", street="布吉街道", community="南岭社区", employees=200, members=2, status="联合组建"),
            org("戊餐饮有限公司", employees=20)]
    leaders = [LEADER_HEADER, ["张伟", a_name, C1], ["张伟", "丙物流有限公司", None], ["李娜", "乙制造有限公司", None]]
    return analyze_network(network_from_rows(workbook(orgs, 挂点促建=leaders)))


@pytest.fixture(scope="module")
def trend():
    snapshots = [_snapshot("甲科技有限公司", ("未组建", 0), ("未组建", 0)),
                 _snapshot("甲科技有限公司", ("未组建", 0), ("联合组建", 1)),
                 _snapshot("甲智能科技有限公司", ("未组建", 0), ("未组建", 1)),
                 _snapshot("甲智能科技有限公司", ("单独组建", 3), ("未组建", 1))]
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


def test_units_holding_open_organizations_longest(trend):
    assert trend.longest[["unit", "open_orgs", "longest_weeks"]].values.tolist() == [
        ["张伟", 1, 3.0],   # C, open 3 weeks
        ["李娜", 1, 1.0],   # B, open again for 1 week
    ]


def test_snapshots_out_of_order_are_refused(trend):
    with pytest.raises(ValueError):
        campaign_trend([None, None], [DATES[1], DATES[0]])
