"""The periodic bulletin's (定期通报) figures: targets, streets' and units' progress, the campaign's phase.

The seed plan runs in phases and the committee reports each unit's progress periodically;
:func:`target_figures`, :func:`street_progress`, :func:`unit_progress` and
:func:`largest_open_organizations` give the bulletin's figures, from one snapshot or from two
(with the :class:`~liangxin.queries.snapshots.SnapshotDiff` between them).
"""

import numpy as np
import pandas as pd

from liangxin.queries.loads import unit_attribution
from liangxin.queries.responsibility import responsible_units
from liangxin.queries.scope import organization_scope
from liangxin.queries.streets import street_rank
from liangxin.queries.snapshots.compare import _joined_codes, compare_snapshots
from liangxin.queries.rules import load_rules

__all__ = ["target_figures", "street_progress", "unit_progress", "largest_open_organizations", "campaign_phase",
           "answering_units"]

#: The seed's phases: (last month, last day, name, Chinese description of the deadline).


def _target_rows(analysis):
    rules = analysis.rules
    orgs = analysis.network.tables.organizations
    enterprise = orgs["kind"].eq("enterprise").to_numpy()
    employees = orgs["employees"].to_numpy()
    organized = orgs["status"].ne("none").to_numpy()
    scope = organization_scope(analysis.network, rules)
    required = scope["party_org_required"].to_numpy()
    rows = [
        ("members", f"{rules.members_required_min_employees}人以上非公企业有党员比例",
         enterprise & (employees >= rules.members_required_min_employees), orgs["party_members"].gt(0).to_numpy()),
        ("party_org_large", f"{rules.party_org_required_min_employees}人以上非公企业党组织覆盖率",
         enterprise & (employees >= rules.party_org_required_min_employees), organized),
    ]
    if rules.party_org_required_above_scale:
        rows.append(("party_org_above_scale", "规模以上非公企业党组织覆盖率",
                     enterprise & orgs["above_scale"].to_numpy(dtype=bool), organized))
    rows += [
        ("party_org_social", f"{rules.entity_social_org_min_employees}人以上实体性社会组织党组织覆盖率",
         orgs["kind"].eq("social_org").to_numpy() & orgs["entity"].to_numpy(dtype=bool)
         & (employees >= rules.entity_social_org_min_employees), organized),
        ("org_coverage", "应建党组织的两新组织组织覆盖率", required, organized),
        ("standalone_rate", "应建党组织的两新组织单独组建率", required, orgs["status"].eq("standalone").to_numpy()),
    ]
    return rows


def target_figures(analysis, previous=None) -> pd.DataFrame:
    """Return the headline figures against the seed plan's targets.

    The targets of the plan (实现50人以上非公企业有党员，100人以上非公企业、规模以上非公企业及30人
    以上实体性社会组织有党组织; thresholds as in the rules) are full coverage; the organization
    coverage and the standalone rate are over the party-org-required organizations (RULES.md).

    Parameters
    ----------
    analysis : Analysis
        The current snapshot.
    previous : Analysis, optional
        The earlier snapshot: adds ``*_before`` and ``rate_change`` columns.

    Returns
    -------
    DataFrame
        ``key, label, target`` (1.0: full coverage), ``required`` (organizations in the target's
        scope), ``achieved``, ``rate`` (NaN when ``required`` is 0), ``remaining``
        (``required - achieved``); with `previous` also ``required_before, achieved_before,
        rate_before, rate_change``.

    Examples
    --------
    The hand-made workbook (tests/test_handmade.py, EXPECTED_COVERAGE): 7 party-org-required
    organizations, of which B, D (joint) and G (standalone) are organized:

    >>> targets = target_figures(result).set_index("key")
    >>> targets.loc[["org_coverage", "standalone_rate"], ["required", "achieved", "remaining"]].values.tolist()
    [[7, 3, 4], [7, 1, 6]]
    """
    def table(a):
        rows = _target_rows(a)
        required = np.array([int(scope.sum()) for _, _, scope, _ in rows], dtype=np.int64)
        achieved = np.array([int((scope & hit).sum()) for _, _, scope, hit in rows], dtype=np.int64)
        return pd.DataFrame({"key": [r[0] for r in rows], "label": [r[1] for r in rows], "target": 1.0,
                             "required": required, "achieved": achieved,
                             "rate": np.where(required > 0, achieved / np.maximum(required, 1), np.nan),
                             "remaining": required - achieved})

    current = table(analysis)
    if previous is None:
        return current
    before = table(previous)[["key", "required", "achieved", "rate"]]
    merged = current.merge(before, on="key", how="left", suffixes=("", "_before"))
    merged["rate_change"] = merged["rate"] - merged["rate_before"]
    return merged


def street_progress(analysis, previous=None, diff=None) -> pd.DataFrame:
    """Rank the streets by progress (with `previous`) or by current coverage (without).

    With a previous snapshot streets are ranked by the change of their organization coverage
    (组织覆盖率), then by the organizations formed, then by the current coverage; without, by the
    current organization coverage, then the standalone rate. Streets with no party-org-required
    organization rank last.

    Returns
    -------
    DataFrame
        ``rank, street, required, org_coverage, standalone_rate, work_coverage, open, formed``;
        with `previous` also ``org_coverage_before, org_coverage_change, standalone_rate_change,
        closed_orgs``.

    Examples
    --------
    Without a previous snapshot, by organization coverage (tests/test_handmade.py,
    EXPECTED_COVERAGE): 坂田 1/1, 平湖 1/3, 布吉 0/2; 横岗 has no required organization, last.

    >>> street_progress(result)[["rank", "street", "required"]].values.tolist()
    [[1, '坂田街道', 1], [2, '平湖街道', 3], [3, '布吉街道', 2], [4, '横岗街道', 0]]
    """
    if previous is not None or diff is not None:
        diff = diff if diff is not None else compare_snapshots(previous, analysis)
        s = diff.streets[diff.streets["scope"] == "street"]
        table = pd.DataFrame({
            "street": s["group"].to_numpy(), "required": s["required_after"].to_numpy(),
            "org_coverage": s["org_coverage_after"].to_numpy(), "standalone_rate": s["standalone_rate_after"].to_numpy(),
            "work_coverage": s["work_coverage_after"].to_numpy(), "open": s["open_after"].to_numpy(),
            "formed": s["formed"].to_numpy(), "closed_orgs": s["closed_orgs"].to_numpy(),
            "org_coverage_before": s["org_coverage_before"].to_numpy(),
            "org_coverage_change": s["org_coverage_change"].to_numpy(),
            "standalone_rate_change": s["standalone_rate_change"].to_numpy(),
        })
        keys = ["org_coverage_change", "formed", "org_coverage"]
    else:
        cov = analysis.coverage[analysis.coverage["scope"] == "street"]
        orgs = analysis.network.tables.organizations
        open_mask = organization_scope(analysis.network, analysis.rules)["open"]
        open_by_street = open_mask.groupby(orgs["street"].to_numpy()).sum()
        formed = pd.Series(0, index=cov["group"].to_numpy())
        table = pd.DataFrame({
            "street": cov["group"].to_numpy(), "required": cov["required"].to_numpy(),
            "org_coverage": cov["org_coverage"].to_numpy(), "standalone_rate": cov["standalone_rate"].to_numpy(),
            "work_coverage": cov["work_coverage"].to_numpy(),
            "open": cov["group"].map(open_by_street).fillna(0).astype(np.int64).to_numpy(),
            "formed": formed.to_numpy(),
        })
        keys = ["org_coverage", "standalone_rate"]
    ranked = table.assign(_empty=table["required"].eq(0)).sort_values(
        ["_empty", *keys, "street"], ascending=[True, *[False] * len(keys), True], kind="stable", na_position="last")
    ranked = ranked.drop(columns="_empty").reset_index(drop=True)
    ranked.insert(0, "rank", np.arange(1, len(ranked) + 1))
    return ranked


def unit_progress(analysis, previous=None, diff=None,
                  kinds: tuple = ("leader", "department", "supervisory_unit")) -> pd.DataFrame:
    """Rank the responsible units by progress.

    With a previous snapshot: ``closed`` counts the organizations the unit answered for that
    were open then and are closed now, ``rate`` = closed / ``open_before`` (both by the load
    rules, so a department's street share is a fraction); ranked by rate, then closed. A unit
    that answered for at least one open organization and closed none, formed none, has
    ``no_progress`` (a department carrying only a fraction of a street's pool is not flagged).

    Without: ``answered`` counts the in-scope organizations (应有党员 or 应建党组织) the unit
    answers for, ``closed`` those of them no longer open, ``rate`` = closed / answered; a unit
    answering for at least one in-scope organization, none of them closed, has ``no_progress``.
    Idle units (未落实) always have ``no_progress``.

    Parameters
    ----------
    analysis : Analysis
    previous : Analysis, optional
    diff : SnapshotDiff, optional
        Reused when given (else computed from `previous`).
    kinds : tuple of str
        Roles to rank (instructors are left out by default: there are hundreds).

    Returns
    -------
    DataFrame
        ``rank, kind, unit, supervisory_unit, load, capacity, overloaded, idle, base, closed,
        formed, rate, no_progress`` where ``base`` is ``open_before`` (with previous) or
        ``answered`` (without); with previous also ``load_before``.

    Examples
    --------
    The hand-made workbook, without a previous snapshot: 张伟 is attached to A, C and E (open,
    load 3, tests/test_handmade.py) and to D (300 employees, 联合组建: in scope and covered), so
    it answers for 4 in-scope organizations of which 1 is covered.

    >>> progress = unit_progress(result).set_index(["kind", "unit"])
    >>> progress.loc[("leader", "张伟"), ["load", "base", "closed"]].tolist()
    [3.0, 4.0, 1.0]
    """
    if previous is not None or diff is not None:
        diff = diff if diff is not None else compare_snapshots(previous, analysis)
        table = _progress_since(diff, kinds)
    else:
        table = _progress_now(analysis, kinds)
    table["rate"] = np.where(table["base"] > 0, table["closed"] / np.maximum(table["base"], 1e-12), np.nan)
    ranked = table.sort_values(["no_progress", "rate", "closed", "load", "kind", "unit"],
                               ascending=[True, False, False, True, True, True], kind="stable", na_position="last")
    ranked = ranked.reset_index(drop=True)
    ranked.insert(0, "rank", np.arange(1, len(ranked) + 1))
    columns = ["rank", "kind", "unit", "supervisory_unit", "load", "capacity", "overloaded", "idle", "base",
               "closed", "formed", "rate", "no_progress"]
    if "load_before" in ranked:
        columns.append("load_before")
    return ranked[columns]


def _progress_since(diff, kinds):
    """Per unit of the new snapshot: the open organizations it answered for then, closed since, formed."""
    u = diff.units[(diff.units["presence"] != "removed") & diff.units["kind"].isin(kinds)]
    table = pd.DataFrame({
        "kind": u["kind"].to_numpy(), "unit": u["unit"].to_numpy(), "supervisory_unit": u["supervisory_unit"].to_numpy(),
        "load": u["load_after"].to_numpy(), "capacity": u["capacity_after"].to_numpy(),
        "overloaded": u["overloaded_after"].to_numpy(), "idle": u["idle_after"].to_numpy(),
        "base": u["open_before"].to_numpy(), "closed": u["closed"].to_numpy(), "formed": u["formed"].to_numpy(),
        "load_before": u["load_before"].to_numpy(),
    })
    table["no_progress"] = table["idle"] | ((table["base"] >= 1) & (table["closed"] == 0) & (table["formed"] == 0))
    return table


def _progress_now(analysis, kinds):
    """Per unit: the in-scope organizations it answers for and those of them no longer open."""
    loads = analysis.loads[analysis.loads["kind"].isin(kinds)]
    orgs = analysis.network.tables.organizations
    scope = organization_scope(analysis.network, analysis.rules)
    in_scope = (scope["members_required"] | scope["party_org_required"]).to_numpy()
    flags = pd.DataFrame({"answered": in_scope, "closed": in_scope & ~scope["open"].to_numpy()},
                         index=orgs["org_id"].to_numpy())
    attributed = unit_attribution(analysis.network, flags)
    loads = loads.merge(attributed, on=["kind", "node_id"], how="left")
    table = pd.DataFrame({
        "kind": loads["kind"].to_numpy(), "unit": loads["unit"].to_numpy(),
        "supervisory_unit": loads["supervisory_unit"].to_numpy(), "load": loads["load"].to_numpy(),
        "capacity": loads["capacity"].to_numpy(), "overloaded": loads["overloaded"].to_numpy(),
        "idle": loads["idle"].to_numpy(), "base": loads["answered"].fillna(0).to_numpy(),
        "closed": loads["closed"].fillna(0).to_numpy(), "formed": 0.0,
    })
    table["no_progress"] = table["idle"] | ((table["base"] >= 1) & (table["closed"] == 0))
    return table


def largest_open_organizations(analysis, per_street: int = 5) -> pd.DataFrame:
    """Return each street's largest open organizations (by employees), for the bulletin.

    Returns
    -------
    DataFrame
        ``street, rank`` (within the street), ``org_id, name, kind, community, employees,
        party_members, status, key, labels`` (Chinese labels of its codes), ``responsible``
        (units answering for it, joined with 、, then — when no department contacts it directly —
        the departments stationed in its street, marked （驻点）; empty when none); streets in
        the order of 街道社区.
        Organizations with no street are left out.

    Examples
    --------
    The hand-made workbook's largest open organization per street: 戊建筑 (E, 150 employees) in
    布吉, attached to 张伟; 甲科技 (A, 120) in 平湖, attached to 张伟 and contacted by 区教育局
    (tests/fixtures/handmade.py); no department contacts 戊建筑, so 区民政局, stationed in 布吉,
    answers for it too:

    >>> largest_open_organizations(result, per_street=1)[["street", "name", "responsible"]].values.tolist()
    [['平湖街道', '甲科技有限公司', '张伟、区教育局'], ['布吉街道', '戊建筑有限公司', '张伟、区民政局（驻点）']]
    """
    orgs = analysis.network.tables.organizations
    scope = organization_scope(analysis.network, analysis.rules)
    open_orgs = orgs[scope["open"].to_numpy() & orgs["street"].notna().to_numpy()]
    # Streets in the order of 街道社区 (the district's own), the largest organizations first in each.
    ranked = open_orgs.assign(_street=street_rank(analysis, open_orgs["street"]))
    top = (ranked.sort_values(["_street", "employees", "org_id"], ascending=[True, False, True], kind="stable")
           .groupby("street", sort=False).head(per_street).drop(columns="_street").reset_index(drop=True))
    columns = ["street", "rank", "org_id", "name", "kind", "community", "employees", "party_members", "status",
               "key", "labels", "responsible"]
    if not len(top):
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    top["rank"] = top.groupby("street", sort=False).cumcount() + 1
    _, labels = _joined_codes(analysis, top["org_id"].to_numpy())
    top["labels"] = labels.to_numpy()
    top["responsible"] = answering_units(analysis.network.tables, top)
    return top[columns]


def answering_units(tables, orgs) -> list:
    """Per row of `orgs` (``org_id``, ``street``): the units answering for it, for a bulletin's table.

    :func:`~liangxin.queries.responsibility.responsible_units`, then — when no department
    contacts the organization directly, so that its street's stationed departments answer for it
    (RULES.md, the street pool) — those departments marked （驻点）, each unit named once; an
    empty string when nobody answers.
    """
    if not len(orgs):
        return []
    named = responsible_units(tables, orgs["org_id"]).reindex(orgs["org_id"].to_numpy()).fillna("").tolist()
    stations = tables.department_stations.dropna(subset=["street"])
    by_street = stations.groupby("street", sort=False)["department"].agg(lambda s: list(dict.fromkeys(s))).to_dict()
    pooled = ~orgs["org_id"].isin(set(tables.department_contacts["org_id"])).to_numpy()
    out = []
    for units, street, in_pool in zip(named, orgs["street"].tolist(), pooled):
        already = set(units.split("、")) if units else set()
        stationed = [f"{d}（驻点）" for d in by_street.get(street, []) if in_pool and d not in already
                     and f"{d}（驻点）" not in already]
        out.append("、".join([units] * bool(units) + stationed))
    return out


def campaign_phase(date, rules=None) -> tuple | None:
    """Return the campaign's phase on `date`, as ``(name, deadline)``, or None after it ended.

    The phases are the rules file's ``[campaign]`` (the seed plan's by default: 准备阶段 until
    15 April 2019, 攻坚阶段 until 20 June, 总结阶段 until 30 June).

    Examples
    --------
    >>> import datetime
    >>> campaign_phase(datetime.date(2019, 5, 8))
    ('攻坚阶段', '6月20日前')
    >>> campaign_phase(datetime.date(2019, 7, 1)) is None
    True
    """
    for name, last_day in (rules or load_rules()).phases:
        if date <= last_day:
            return name, f"{last_day.month}月{last_day.day}日前"
    return None

