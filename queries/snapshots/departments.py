"""区直机关 progress in whole organizations: those they contact and their streets' pools.

The load rule (RULES.md) gives a department a *share* of its street's pool (the street's open
organizations no department contacts directly, divided by the departments stationed there), so
its load can be 0.6 and a rate over it means little. The bulletin ranks departments on whole
numbers instead: the organizations a department contacts directly, and the organizations of the
pools of the streets it is stationed in (shared with the other departments stationed there).
"""

import numpy as np
import pandas as pd

from liangxin.queries.scope import organization_scope

__all__ = ["department_progress"]

_COLUMNS = ["rank", "unit", "streets", "contacted", "pool", "base", "closed", "open", "no_progress"]


def department_progress(analysis, previous=None, diff=None) -> pd.DataFrame:
    """Rank the 区直机关 by whole organizations closed, then by whole organizations still open.

    A department answers for the organizations it contacts directly and for its stations'
    pools: every organization of a street it is stationed in that no department contacts
    directly. Without `previous`, ``base`` counts those in the plan's scope (应有党员 or 应建党组织)
    and ``closed`` those of them no longer open; with `previous` (and `diff`, whose matches say
    which organization was which), ``base`` counts those open in the previous snapshot and
    ``closed`` those of them open no longer.

    Returns
    -------
    DataFrame
        ``rank, unit, streets`` (驻点街道 joined with 、), ``contacted`` (organizations it contacts
        directly), ``pool`` (open organizations of its streets' pools), ``base, closed``,
        ``open`` (open organizations it answers for now), ``no_progress`` (``base`` ≥ 1 and
        nothing closed); ranked by ``closed`` (most first), then ``open`` (fewest first), then name.

    Examples
    --------
    The hand-made workbook (tests/fixtures/handmade.py): 区教育局 contacts 甲 (A, open) and is
    stationed, with 区发展和改革局, in 平湖, whose pool holds the open C, H and Q (no department
    contacts them; F, open too, has no street): 4 open organizations for 区教育局, 3 for
    区发展和改革局 — whole organizations, where their loads are 1 + 3/2 and 3/2.

    >>> table = department_progress(result).set_index("unit")
    >>> table.loc[["区教育局", "区发展和改革局"], ["contacted", "pool", "open"]].values.tolist()
    [[1, 3, 4], [0, 3, 3]]
    """
    tables = analysis.network.tables
    orgs = tables.organizations
    scope = organization_scope(analysis.network, analysis.rules)
    open_now = pd.Series(scope["open"].to_numpy(), index=orgs["org_id"].to_numpy())
    pairs, stations, contacted = _answered(tables)
    if not len(stations) and not len(contacted):
        return pd.DataFrame({c: pd.Series(dtype=object) for c in _COLUMNS})
    base = _base(analysis, scope, previous, diff, pairs["org_id"].to_numpy())
    is_open = open_now.reindex(pairs["org_id"].to_numpy()).fillna(False).to_numpy(dtype=bool)
    flags = pd.DataFrame({"key": pairs["key"].to_numpy(), "base": base, "closed": base & ~is_open, "open": is_open,
                          "pool": is_open & pairs["via_pool"].to_numpy()})
    sums = flags.groupby("key").sum()
    names = pd.concat([stations[["key", "unit"]], contacted[["key", "unit"]]]).drop_duplicates("key").set_index("key")["unit"]
    table = pd.DataFrame({"unit": names})
    table["streets"] = stations.groupby("key")["street"].agg(lambda s: "、".join(dict.fromkeys(s))).reindex(table.index)
    table["contacted"] = contacted.groupby("key")["org_id"].nunique().reindex(table.index).fillna(0)
    for column in ("pool", "base", "closed", "open"):
        table[column] = sums[column].reindex(table.index).fillna(0)
    for column in ("contacted", "pool", "base", "closed", "open"):
        table[column] = table[column].astype(np.int64)
    table["streets"] = table["streets"].fillna("")
    table["no_progress"] = (table["base"] >= 1) & (table["closed"] == 0)
    table = table.sort_values(["closed", "open", "unit"], ascending=[False, True, True], kind="stable").reset_index(drop=True)
    table.insert(0, "rank", np.arange(1, len(table) + 1))
    return table[_COLUMNS]


def _base(analysis, scope, previous, diff, org_ids):
    """Per organization of `org_ids`: open in the previous snapshot (with it), else in the plan's scope."""
    if previous is not None:
        old_scope = organization_scope(previous.network, previous.rules)
        was_open = pd.Series(old_scope["open"].to_numpy(), index=previous.network.tables.organizations["org_id"].to_numpy())
        old_id = pd.Series(diff.matches["old_org_id"].to_numpy(), index=diff.matches["new_org_id"].to_numpy())
        return old_id.reindex(org_ids).map(was_open).fillna(False).to_numpy(dtype=bool)
    in_scope = (scope["members_required"] | scope["party_org_required"]).to_numpy()
    ids = analysis.network.tables.organizations["org_id"].to_numpy()
    return pd.Series(in_scope, index=ids).reindex(org_ids).fillna(False).to_numpy(dtype=bool)


def _answered(tables):
    """(department key, org_id, via_pool) pairs it answers for; its stations; its direct contacts."""
    stations = pd.DataFrame({"key": tables.department_stations["department_key"].to_numpy(dtype=object),
                             "unit": tables.department_stations["department"].to_numpy(dtype=object),
                             "street": tables.department_stations["street"].to_numpy(dtype=object)}).dropna(subset=["key"])
    contacted = pd.DataFrame({"key": tables.department_contacts["department_key"].to_numpy(dtype=object),
                              "unit": tables.department_contacts["department"].to_numpy(dtype=object),
                              "org_id": tables.department_contacts["org_id"].to_numpy(dtype=object)}).dropna()
    orgs = tables.organizations
    pool = orgs.loc[~orgs["org_id"].isin(set(contacted["org_id"])).to_numpy() & orgs["street"].notna().to_numpy(),
                    ["org_id", "street"]]
    via_pool = stations[["key", "street"]].drop_duplicates().merge(pool, on="street")[["key", "org_id"]]
    pairs = pd.concat([contacted[["key", "org_id"]].assign(via_pool=False), via_pool.assign(via_pool=True)],
                      ignore_index=True).drop_duplicates(["key", "org_id"])
    return pairs, stations, contacted
