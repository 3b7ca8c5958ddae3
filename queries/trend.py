"""The campaign over time (RULES.md, "Campaign over time"): every snapshot, the phases, the targets.

Analysts keep a dated copy of the workbook each week. :func:`campaign_trend` takes those snapshots
(analyses, oldest first) and returns, per snapshot, the headline figures overall, per street and
per responsible unit; per street and unit the weekly pace needed from the last snapshot to reach
the target by the end of the push, and a traffic light; and each organization's history of being
open (未覆盖: MEMBERS_REQUIRED or PARTY_ORG_REQUIRED), matched across snapshots by credit code,
else by name (a renamed organization with the same code stays one organization).

Status (as district platforms rate progress): 绿 on course — at the target, or the last interval's
pace meets the pace needed; 黄 behind; 红 no progress in the last two intervals. A street's figure
is its organization coverage (组织覆盖率, target ``rules.campaign_target``); a unit's is the open
organizations it answers for (its load with instructors, too, counting open organizations only),
whose target is none left. A unit new in the workbook has no past figure, not a figure of 0. With one snapshot
there is no pace yet (黄 unless at the target); with two, one interval: 红 needs two.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from liangxin.queries.loads import attribute_loads, load_links
from liangxin.queries.scope import organization_scope
from liangxin.queries.snapshots import match_organizations, responsible_units, target_figures

if TYPE_CHECKING:  # pragma: no cover
    from liangxin.queries.analysis import Analysis

__all__ = ["Trend", "campaign_trend", "pace_status", "HEADLINE_COLUMNS", "STATUS_GREEN", "STATUS_YELLOW",
           "STATUS_RED"]

STATUS_GREEN, STATUS_YELLOW, STATUS_RED = "绿", "黄", "红"

#: The overall figures of each snapshot, in trend.json's order (OUTPUT.md), then the plan's targets.
HEADLINE_COLUMNS = ["open", "required", "org_coverage", "standalone_rate", "work_coverage", "no_responsible_unit",
                    "key_no_leader", "overloaded"]
_TARGET_KEYS = ["members", "party_org_large", "party_org_above_scale", "party_org_social"]


@dataclass
class Trend:
    """The campaign over a series of snapshots.

    Attributes
    ----------
    snapshots : DataFrame
        One row per snapshot: ``date, input``, :data:`HEADLINE_COLUMNS`, and the rate of each of
        the plan's targets (``target_members`` …, NaN where nothing is in its scope).
    streets : DataFrame
        One row per (snapshot, street of 街道社区, in that sheet's order): ``date, street, open,
        required, org_coverage, standalone_rate, work_coverage``.
    units : DataFrame
        One row per (snapshot, unit and role): ``date, node_id, kind, unit, supervisory_unit``
        (an instructor's), ``load, capacity, overloaded`` (RULES.md) and ``open_orgs``, the open
        organizations it answers for (an instructor's load counts every guided one). A unit is its node (one name may be a
        department and a supervisory unit, or an instructor under two units).
    status : DataFrame
        One row per street and per unit of the last snapshot: ``scope`` (``street``/``unit``),
        ``kind``, ``group`` (the street or unit name), ``node_id`` (a unit's), ``supervisory_unit``
        (an instructor's), ``value`` (last figure), ``target``, ``needed_per_week``,
        ``pace_per_week`` (last interval; NaN with one snapshot), ``status`` (绿/黄/红).
    history : DataFrame
        One row per spell an organization was open: ``org_id`` (as in the last snapshot it
        appears in), ``name, street, opened, closed`` (the first snapshot no longer open, NaT
        while open), ``weeks`` (to ``closed``, or to the last snapshot), ``open_now``, ``units``
        (the units answering for it now, joined with 、; "" when closed or when none does).
    longest : DataFrame
        The responsible units of the organizations open now, by the longest-open of them:
        ``unit, open_orgs, longest_weeks, org_name``.
    """

    snapshots: pd.DataFrame
    streets: pd.DataFrame
    units: pd.DataFrame
    status: pd.DataFrame
    history: pd.DataFrame
    longest: pd.DataFrame


def _overall(analysis: Analysis) -> dict:
    scope = organization_scope(analysis.network, analysis.rules)
    overall = analysis.coverage[analysis.coverage["scope"] == "overall"].iloc[0]
    targets = target_figures(analysis).set_index("key")["rate"]
    row = {"open": int(scope["open"].sum()), "required": int(overall["required"]),
           **{rate: overall[rate] for rate in ("org_coverage", "standalone_rate", "work_coverage")},
           "no_responsible_unit": int(analysis.uncovered["code"].eq("NO_RESPONSIBLE_UNIT").sum()),
           "key_no_leader": int(analysis.broken_chains["code"].eq("KEY_NO_LEADER").sum()),
           "overloaded": int(analysis.loads["overloaded"].sum())}
    return {**row, **{f"target_{key}": targets.get(key, np.nan) for key in _TARGET_KEYS}}


def _streets(analysis: Analysis) -> pd.DataFrame:
    order = pd.unique(analysis.network.tables.geography["street"].dropna().to_numpy(dtype=object))
    coverage = analysis.coverage[analysis.coverage["scope"] == "street"].set_index("group")
    orgs = analysis.network.tables.organizations
    is_open = organization_scope(analysis.network, analysis.rules)["open"].to_numpy(dtype=bool)
    open_by_street = orgs.loc[is_open, "street"].value_counts()
    table = coverage.reindex(order)[["required", "org_coverage", "standalone_rate", "work_coverage"]]
    table.insert(0, "open", open_by_street.reindex(order).fillna(0).astype(int).to_numpy())
    table["required"] = table["required"].fillna(0).astype(int)
    return table.rename_axis("street").reset_index()


def _history_ids(analyses: list[Analysis]) -> list[pd.Series]:
    """Per snapshot, each organization's key across the series (its org_id where it first appears)."""
    keys = []
    for i, analysis in enumerate(analyses):
        orgs = analysis.network.tables.organizations
        key = pd.Series(orgs["org_id"].to_numpy(dtype=object), index=orgs["org_id"].to_numpy(dtype=object))
        if i:
            previous = analyses[i - 1].network.tables.organizations
            matches = match_organizations(previous, orgs)
            carried = pd.Series(keys[-1].reindex(matches["old_org_id"].to_numpy()).to_numpy(),
                                index=matches["new_org_id"].to_numpy())
            key.loc[carried.index] = carried.to_numpy()
        keys.append(key)
    return keys


def _open_matrix(analyses: list[Analysis]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Which organization (by series key) is open in which snapshot, and its last name/street/id."""
    flags, last = [], []
    for i, (analysis, key) in enumerate(zip(analyses, _history_ids(analyses))):
        orgs = analysis.network.tables.organizations
        is_open = organization_scope(analysis.network, analysis.rules)["open"].to_numpy(dtype=bool)
        flags.append(pd.Series(is_open, index=key.to_numpy(), name=i))
        last.append(pd.DataFrame({"key": key.to_numpy(), "org_id": orgs["org_id"].to_numpy(dtype=object),
                                  "name": orgs["name"].to_numpy(dtype=object),
                                  "street": orgs["street"].to_numpy(dtype=object)}))
    matrix = pd.concat([f[~f.index.duplicated()].astype(float) for f in flags], axis=1)
    # An organization missing from a snapshot between two it is in keeps its state (a workbook that
    # left it out did not close its gap); before it appears and after it is removed it is not open.
    matrix = matrix.ffill(axis=1).where(matrix.bfill(axis=1).notna()).fillna(0).astype(bool)
    identity = pd.concat(last, ignore_index=True).drop_duplicates("key", keep="last").set_index("key")
    return matrix, identity


def _spells(matrix: pd.DataFrame, dates: list[dt.date]) -> pd.DataFrame:
    """Each run of consecutive open snapshots of each organization, column-wise (a city has millions)."""
    flags = matrix.to_numpy(dtype=np.int8)
    padded = np.pad(flags, ((0, 0), (1, 1)))
    change = np.diff(padded, axis=1)          # +1 where a spell starts, -1 at the first snapshot after it
    rows, starts = np.nonzero(change == 1)    # both in row order, then column order: they pair up
    _, ends = np.nonzero(change == -1)
    day = np.array([np.datetime64(d) for d in dates])
    last = len(dates) - 1
    open_now = ends > last
    until = day[np.minimum(ends, last)]
    weeks = (until - day[starts]).astype("timedelta64[D]").astype(float) / 7
    closed = np.array([dates[e] if e <= last else None for e in ends], dtype=object)
    return pd.DataFrame({"key": matrix.index.to_numpy()[rows], "opened": [dates[s] for s in starts],
                         "closed": closed, "weeks": weeks, "open_now": open_now})


def _history(analyses: list[Analysis], dates: list[dt.date]) -> pd.DataFrame:
    matrix, identity = _open_matrix(analyses)
    spells = _spells(matrix, dates)
    table = spells.join(identity, on="key")
    table = table.sort_values(["open_now", "weeks", "org_id"], ascending=[False, False, True], kind="stable")
    return table[["org_id", "name", "street", "opened", "closed", "weeks", "open_now"]].reset_index(drop=True)


def _with_units(analysis: Analysis, history: pd.DataFrame) -> pd.DataFrame:
    now = history["open_now"].to_numpy(dtype=bool)
    units = responsible_units(analysis.network.tables, history.loc[now, "org_id"]) if now.any() else pd.Series(dtype=object)
    named = history["org_id"].map(units).fillna("").to_numpy(dtype=object)
    return history.assign(units=pd.Series(named, index=history.index, dtype=object).where(now, ""))


def _longest(history: pd.DataFrame) -> pd.DataFrame:
    now = history[history["open_now"]]
    if not len(now):
        return pd.DataFrame({"unit": pd.Series(dtype=object), "open_orgs": pd.Series(dtype=int),
                             "longest_weeks": pd.Series(dtype=float), "org_name": pd.Series(dtype=object)})
    held = now.assign(unit=now["units"].str.split("、")).explode("unit")
    held = held[held["unit"].ne("")].sort_values(["weeks", "org_id"], ascending=[False, True], kind="stable")
    grouped = held.groupby("unit", sort=False).agg(open_orgs=("org_id", "nunique"), longest_weeks=("weeks", "max"),
                                                   org_name=("name", "first"))
    grouped = grouped.reset_index().sort_values(["longest_weeks", "open_orgs", "unit"], ascending=[False, False, True],
                                                kind="stable")
    return grouped.reset_index(drop=True)


def pace_status(values, dates, target, deadline, lower_is_better=False):
    """Rate one figure's progress toward `target` by `deadline`.

    Parameters
    ----------
    values : sequence of float
        The figure at each snapshot, oldest first (NaN: nothing to measure, e.g. no organization
        of the street must have a Party organization).
    dates : sequence of datetime.date
        The snapshots' dates.
    target : float
        A rate to reach (coverage), or a count to come down to (a unit's open organizations: 0).
    deadline : datetime.date
        The end of the push. From a snapshot after it, all that remains is needed within a week, and
        a figure short of its target is never 绿.
    lower_is_better : bool, optional
        True for counts that should fall.

    Returns
    -------
    needed_per_week, pace_per_week : float
        The change needed each week from the last snapshot, and the last interval's change per
        week (NaN with one snapshot), both as progress (positive = toward the target).
    status : str
        绿, 黄 or 红.

    Examples
    --------
    Coverage 40% on 10 May with 50% on 3 May, target 100% by 20 June (6 weeks left): 10 points a
    week needed, 10 points a week made — on course:

    >>> import datetime as dt
    >>> days = [dt.date(2019, 5, 3), dt.date(2019, 5, 10)]
    >>> pace_status([0.3, 0.4], days, 1.0, dt.date(2019, 6, 21))
    (0.1, 0.1, '绿')

    A unit with 6 open organizations left and 3 weeks to go needs 2 a week; it closed 1 last week:

    >>> pace_status([7, 6], days, 0, dt.date(2019, 5, 31), lower_is_better=True)
    (2.0, 1.0, '黄')

    No progress in the last two intervals:

    >>> pace_status([0.5, 0.5, 0.5], [dt.date(2019, 5, d) for d in (3, 10, 17)], 1.0, dt.date(2019, 6, 20))[2]
    '红'
    """
    sign = -1.0 if lower_is_better else 1.0
    values = [float(v) for v in values]
    last = values[-1]
    if math.isnan(last):
        return 0.0, math.nan, STATUS_GREEN
    remaining = max(sign * (target - last), 0.0)
    weeks_left = max((deadline - dates[-1]).days / 7, 1.0)
    needed = round(remaining / weeks_left, 10)
    steps = [sign * (b - a) for a, b in zip(values[:-1], values[1:])]
    pace = math.nan
    if steps and not math.isnan(steps[-1]):
        pace = round(steps[-1] / max((dates[-1] - dates[-2]).days / 7, 1 / 7), 10)
    return needed, pace, _light(remaining, steps, pace, needed, overdue=dates[-1] > deadline)


def _light(remaining, steps, pace, needed, overdue=False):
    if remaining <= 1e-9:
        return STATUS_GREEN
    last_two = steps[-2:]
    if len(last_two) == 2 and all(not math.isnan(step) and step <= 1e-12 for step in last_two):
        return STATUS_RED  # no progress in the last two intervals
    if overdue:  # past the end of the push and short of the target: not on course, whatever the pace
        return STATUS_YELLOW
    return STATUS_GREEN if pace >= needed - 1e-9 else STATUS_YELLOW


def _open_load(analysis: Analysis) -> np.ndarray:
    """The open organizations each unit answers for, by the load rule with every link weighed by
    open (an instructor's load counts every guided organization, which never falls to 0)."""
    is_open = organization_scope(analysis.network, analysis.rules)["open"].to_numpy(dtype=float)
    return attribute_loads(load_links(analysis.network), is_open, every=is_open)


def _status(streets: pd.DataFrame, units: pd.DataFrame, dates: list[dt.date], rules) -> pd.DataFrame:
    rows = []
    deadline, target = rules.campaign_push_end, rules.campaign_target
    for street, rows_of in streets.groupby("street", sort=False):
        values = rows_of.set_index("date")["org_coverage"].reindex(dates).to_numpy(dtype=float)
        rows.append(("street", None, street, None, None, values[-1], target,
                     *pace_status(values, dates, target, deadline)))
    last = units[units["date"] == dates[-1]].drop_duplicates("node_id")
    loads = units.pivot_table(index="node_id", columns="date", values="open_orgs", aggfunc="first").reindex(columns=dates)
    for unit in last.itertuples(index=False):  # a unit no longer in the workbook is not rated
        values = loads.loc[unit.node_id].to_numpy(dtype=float)  # NaN before a unit appears: not "no progress"
        rows.append(("unit", unit.kind, unit.unit, unit.node_id, unit.supervisory_unit, values[-1], 0.0,
                     *pace_status(values, dates, 0.0, deadline, lower_is_better=True)))
    return pd.DataFrame(rows, columns=["scope", "kind", "group", "node_id", "supervisory_unit", "value", "target",
                                       "needed_per_week", "pace_per_week", "status"])


def campaign_trend(analyses: list[Analysis], dates: list[dt.date], inputs: list[str] | None = None,
                   rules=None) -> Trend:
    """The campaign over a series of snapshots (RULES.md, "Campaign over time").

    Parameters
    ----------
    analyses : list of Analysis
        One per snapshot, in date order.
    dates : list of datetime.date
        Each snapshot's date, ascending.
    inputs : list of str, optional
        Each snapshot's file as given (kept in the table).
    rules : Rules, optional
        The campaign's push deadline and target (default: the last analysis's rules).

    Returns
    -------
    Trend

    Examples
    --------
    The hand-made workbook twice, a week apart: nothing changed, so no street made progress.
    Its 7 open organizations (tests/test_handmade.py) have been open one week:

    >>> import datetime as dt
    >>> trend = campaign_trend([result, result], [dt.date(2019, 5, 3), dt.date(2019, 5, 10)])
    >>> trend.snapshots["open"].tolist(), int(trend.history["open_now"].sum()), float(trend.history["weeks"].max())
    ([7, 7], 7, 1.0)
    """
    if len(analyses) != len(dates) or not analyses:
        raise ValueError("one date per snapshot, at least one snapshot")
    if list(dates) != sorted(dates):
        raise ValueError("snapshots must be in date order")
    rules = rules or analyses[-1].rules
    inputs = list(inputs) if inputs is not None else [""] * len(analyses)
    snapshots = pd.DataFrame([{"date": day, "input": name, **_overall(a)}
                              for a, day, name in zip(analyses, dates, inputs)])
    streets = pd.concat([_streets(a).assign(date=day) for a, day in zip(analyses, dates)], ignore_index=True)
    streets = streets[["date", *streets.columns[:-1]]]
    columns = ["node_id", "kind", "unit", "supervisory_unit", "load", "capacity", "overloaded"]
    units = pd.concat([a.loads[columns].assign(open_orgs=_open_load(a), date=day) for a, day in zip(analyses, dates)],
                      ignore_index=True)
    units = units[["date", *columns, "open_orgs"]]
    history = _with_units(analyses[-1], _history(analyses, list(dates)))
    return Trend(snapshots=snapshots, streets=streets, units=units, status=_status(streets, units, list(dates), rules),
                 history=history, longest=_longest(history))
