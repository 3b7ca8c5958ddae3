"""The campaign's progress on one snapshot, against a previous one if given: what a bulletin reports.

Every figure the bulletin (通报) prints is computed here, once, from the analyses; the bulletin
(:mod:`liangxin.viz.bulletin`) only words and lays it out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from liangxin.queries.scope import organization_scope
from liangxin.queries.snapshots.branches import branch_counts
from liangxin.queries.snapshots.departments import department_progress
from liangxin.queries.snapshots import (campaign_phase, compare_snapshots, largest_open_organizations, street_progress,
                                        target_figures, unit_progress)

if TYPE_CHECKING:  # pragma: no cover
    from liangxin.queries.analysis import Analysis
    from liangxin.queries.snapshots import SnapshotDiff

__all__ = ["CampaignProgress", "campaign_progress", "stuck_units"]


@dataclass
class CampaignProgress:
    """The figures of one bulletin.

    Attributes
    ----------
    has_previous : bool
        Whether the figures are compared with a previous snapshot (rankings by progress) or not
        (rankings by current coverage).
    diff : SnapshotDiff or None
        The comparison with the previous snapshot.
    targets, streets, units, largest : DataFrame
        :func:`~liangxin.queries.snapshots.target_figures`, :func:`~liangxin.queries.snapshots.street_progress`,
        :func:`~liangxin.queries.snapshots.unit_progress`,
        :func:`~liangxin.queries.snapshots.largest_open_organizations`.
    phase : tuple or None
        The seed plan's phase on the bulletin's date, ``(name, deadline)``.
    open_total : int
        Open organizations (未覆盖组织) in the district.
    per_street : int
        Largest open organizations listed per street (at most).
    branches : dict
        :func:`~liangxin.queries.snapshots.branches.branch_counts`: Party organizations counted as
        branches (a joint branch covering three organizations is one), and the new ones.
    departments : DataFrame
        :func:`~liangxin.queries.snapshots.departments.department_progress`: the 区直机关 ranked
        on whole organizations.
    stuck : DataFrame
        :func:`stuck_units`: the units with no progress (尚无进展的单位).
    """

    has_previous: bool
    diff: SnapshotDiff | None
    targets: pd.DataFrame
    streets: pd.DataFrame
    units: pd.DataFrame
    largest: pd.DataFrame
    phase: tuple | None
    open_total: int
    per_street: int
    branches: dict
    departments: pd.DataFrame
    stuck: pd.DataFrame


def campaign_progress(analysis: Analysis, previous: Analysis | None = None, diff: SnapshotDiff | None = None,
                      date: dt.date | None = None, per_street: int = 5) -> CampaignProgress:
    """Compute what the bulletin reports on `analysis`, compared with `previous` when given.

    Parameters
    ----------
    analysis : Analysis
        The current snapshot.
    previous : Analysis, optional
        The previous snapshot.
    diff : SnapshotDiff, optional
        Reused when given (else computed from `previous`).
    date : datetime.date, optional
        The bulletin's date (default today): decides the campaign's phase.
    per_street : int, optional
        Largest open organizations listed per street.

    Returns
    -------
    CampaignProgress

    Examples
    --------
    The hand-made workbook has 7 open organizations (A, C, E, F, H, I, Q: those with
    MEMBERS_REQUIRED or PARTY_ORG_REQUIRED in tests/test_handmade.py's EXPECTED_UNCOVERED);
    10 May 2019 falls in the push (攻坚) phase, which runs to 20 June:

    >>> import datetime
    >>> progress = campaign_progress(result, date=datetime.date(2019, 5, 10))
    >>> progress.open_total, progress.has_previous, progress.phase[0]
    (7, False, '攻坚阶段')

    Four organizations have a Party organization, in four branches (each alone in its own):

    >>> progress.branches["branches"], progress.branches["orgs_covered"]
    (4, 4)
    """
    if previous is not None and diff is None:
        diff = compare_snapshots(previous, analysis)
    units = unit_progress(analysis, previous, diff=diff)
    departments = department_progress(analysis, previous, diff=diff)
    return CampaignProgress(
        has_previous=previous is not None, diff=diff,
        targets=target_figures(analysis, previous),
        streets=street_progress(analysis, previous, diff=diff),
        units=units,
        largest=largest_open_organizations(analysis, per_street=per_street),
        phase=campaign_phase(date or dt.date.today(), analysis.rules),
        open_total=int(organization_scope(analysis.network, analysis.rules)["open"].sum()),
        per_street=per_street,
        branches=branch_counts(analysis, previous),
        departments=departments,
        stuck=stuck_units(units, departments),
    )


def stuck_units(units: pd.DataFrame, departments: pd.DataFrame) -> pd.DataFrame:
    """The units with no progress (尚无进展的单位), those with the most organizations left waiting first.

    Leaders and supervisory units by ``no_progress`` of :func:`~liangxin.queries.snapshots.unit_progress`;
    departments on whole organizations, as 表4 ranks them
    (:func:`~liangxin.queries.snapshots.departments.department_progress`: some answered for,
    none closed), or idle (linked to no organization).

    Returns
    -------
    DataFrame
        ``unit``, ``kind``, ``load`` (the open organizations it answers for now), ``overloaded``,
        ``idle`` and ``base`` (those it answered for, or those it must cover without a previous
        snapshot), by ``base`` then ``load`` (largest first), then ``unit``.

    Examples
    --------
    The hand-made workbook without a previous snapshot: 区司法局 is stationed in a street but
    linked to no organization (the idle unit of tests/test_handmade.py), so it is stuck, and
    last, with nothing to cover; 区民政局 is stuck both as a stationed department and as a
    supervisory unit:

    >>> progress = campaign_progress(result)
    >>> stuck = stuck_units(progress.units, progress.departments)
    >>> stuck[["unit", "kind", "idle"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['区民政局', 'department', False], ['区民政局', 'supervisory_unit', False], ['区司法局', 'department', True]]
    >>> stuck.equals(progress.stuck)
    True
    """
    people = units[units["no_progress"] & (units["kind"] != "department")]
    mine = units[units["kind"] == "department"].drop_duplicates("unit").set_index("unit")
    d = departments[departments["no_progress"]] if len(departments) else departments
    whole = pd.DataFrame({
        "unit": d["unit"].to_numpy(dtype=object), "kind": "department",
        "load": d["open"].to_numpy(dtype=float) if len(d) else [],  # whole organizations open now
        "overloaded": mine["overloaded"].reindex(d["unit"].to_numpy()).fillna(False).to_numpy(dtype=bool),
        "idle": False, "base": d["base"].to_numpy(dtype=float) if len(d) else []})
    idle = mine[mine["idle"] & ~mine.index.isin(set(whole["unit"]))].reset_index()
    stuck = pd.concat([people, whole, idle[[c for c in whole.columns if c in idle.columns]]], ignore_index=True)
    return stuck.sort_values(["base", "load", "unit"], ascending=[False, False, True], kind="stable").reset_index(drop=True)
