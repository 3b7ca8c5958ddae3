"""Loads of responsible units, overloaded and idle units (RULES.md, "Overloaded responsible units")."""

import numpy as np
import pandas as pd

from graph.schema import UNIT_ROLES
from graph.index import mark, positions
from queries.rules import load_rules
from queries.scope import organization_scope

__all__ = ["unit_loads", "overloaded_units", "idle_units", "is_overloaded", "ROLE_ZH"]

ROLE_ZH = {"leader": "区领导", "department": "区直机关", "supervisory_unit": "业务主管单位",
           "instructor": "党建工作指导员"}

LOAD_COLUMNS = ["kind", "unit", "unit_key", "supervisory_unit", "node_id", "load", "capacity", "linked",
                "overloaded", "idle"]
LOAD_TOLERANCE = 1e-9
_NODE_PREFIX = {"leader": "leader:", "department": "unit:", "supervisory_unit": "unit:", "instructor": "instructor:"}


def _per_unit(pairs, key, name, flag):
    """Sum `flag` over (unit, organization) pairs, with the number of organizations linked."""
    frame = pd.DataFrame({"key": pairs[key].to_numpy(), "name": pairs[name].to_numpy(),
                          "flag": flag.to_numpy(dtype=float)})
    grouped = frame.groupby("key", sort=False)
    return pd.DataFrame({"unit": grouped["name"].first(), "load": grouped["flag"].sum(),
                         "linked": grouped.size()})


def unit_loads(network, rules=None):
    """Return the load and capacity of every responsible unit, one row per (unit, role).

    Load counts the *open* organizations a unit answers for (instructors: every organization
    guided); a department also carries, for each street it is stationed in, an equal share of
    that street's open organizations that no department contacts directly.

    Parameters
    ----------
    network : ResponsibilityNetwork
    rules : Rules, optional

    Returns
    -------
    DataFrame
        ``kind, unit, unit_key, supervisory_unit, node_id, load, capacity, linked, overloaded, idle``
        (``node_id`` is the unit's node in the network),
        sorted by kind, then unit (Unicode code-point order, as OUTPUT.md). ``load`` is unrounded; ``linked`` counts the
        organizations linked in any way (open or not); ``idle`` means none is (未落实).

    Examples
    --------
    >>> unit_loads(net).query("overloaded")  # doctest: +SKIP
    """
    rules = rules or load_rules()
    t = network.tables
    index = positions(network)
    is_open = organization_scope(network, rules)["open"].to_numpy(dtype=bool)

    def open_at(rows):
        return pd.Series(is_open[rows] & (rows >= 0))

    frames = {}
    lp = t.leader_points
    frames["leader"] = _per_unit(lp, "leader_key", "leader", open_at(index.leader))

    contacts, stations = t.department_contacts, t.department_stations
    direct = _per_unit(contacts, "department_key", "department", open_at(index.contact))
    known = index.org_street >= 0
    uncontacted_open = is_open & ~mark(index.n, index.contact) & known
    pool = np.bincount(index.org_street[uncontacted_open], minlength=len(index.streets))
    in_street = np.bincount(index.org_street[known], minlength=len(index.streets))
    station_street = index.streets.get_indexer(stations["street"].to_numpy(dtype=object))
    departments_per_street = np.bincount(station_street, minlength=len(index.streets))
    share = pool[station_street] / departments_per_street[station_street]
    station_frame = pd.DataFrame({"key": stations["department_key"].to_numpy(),
                                  "name": stations["department"].to_numpy(), "share": share,
                                  "orgs": in_street[station_street]})
    by_station = station_frame.groupby("key", sort=False).agg(unit=("name", "first"), share=("share", "sum"),
                                                              orgs=("orgs", "sum"))
    # Every contact comes from a station row, so every contacting department is stationed.
    department = by_station.join(direct[["load", "linked"]], how="left")
    department["load"] = department["load"].fillna(0) + department["share"].fillna(0)
    # Organizations linked: those in its streets, plus those it contacts outside them (each once).
    contact_street = np.where(index.contact >= 0, index.org_street[np.maximum(index.contact, 0)], -1)
    stationed_pairs = set(zip(stations["department_key"], station_street))
    inside = np.fromiter((pair in stationed_pairs for pair in zip(contacts["department_key"], contact_street)),
                         dtype=bool, count=len(contacts))
    outside = pd.Series(~inside, dtype=float).groupby(contacts["department_key"].to_numpy()).sum()
    department["linked"] = department["orgs"].fillna(0) + outside.reindex(department.index).fillna(0)
    frames["department"] = department[["unit", "load", "linked"]]

    sup = t.supervision
    frames["supervisory_unit"] = _per_unit(sup, "unit_key", "supervisory_unit", open_at(index.supervised))

    guided = sup[sup["instructor_key"].notna()]
    pair_key = guided["unit_key"] + "/" + guided["instructor_key"]
    instructors = _per_unit(guided.assign(pair=pair_key), "pair", "instructor",
                            pd.Series(1.0, index=guided.index))
    instructors["supervisory_unit"] = guided.groupby(pair_key.to_numpy(), sort=False)["supervisory_unit"].first()
    instructors["unit_key_override"] = guided.groupby(pair_key.to_numpy(), sort=False)["instructor_key"].first()
    instructors["node_key"] = instructors.index
    frames["instructor"] = instructors

    overrides = pd.Series(t.capacities["capacity"].to_numpy(), index=t.capacities["unit_key"].to_numpy())
    parts = []
    for kind in UNIT_ROLES:
        frame = frames[kind]
        if not len(frame):
            continue
        keys = frame["unit_key_override"] if "unit_key_override" in frame else pd.Series(frame.index, index=frame.index)
        part = pd.DataFrame({
            "kind": kind, "unit": frame["unit"].to_numpy(), "unit_key": keys.to_numpy(),
            "supervisory_unit": frame["supervisory_unit"].to_numpy() if "supervisory_unit" in frame else None,
            "load": frame["load"].to_numpy(dtype=float), "linked": frame["linked"].to_numpy(dtype=np.int64),
        })
        node_keys = frame["node_key"] if "node_key" in frame else pd.Series(frame.index, index=frame.index)
        part["node_id"] = _NODE_PREFIX[kind] + node_keys.to_numpy().astype(object)
        part["capacity"] = part["unit_key"].map(overrides).fillna(rules.capacity(kind)).astype(np.int64)
        parts.append(part)
    if not parts:
        return pd.DataFrame({
            "kind": pd.Series(dtype=object), "unit": pd.Series(dtype=object), "unit_key": pd.Series(dtype=object),
            "supervisory_unit": pd.Series(dtype=object), "node_id": pd.Series(dtype=object),
            "load": pd.Series(dtype=float),
            "capacity": pd.Series(dtype=np.int64), "linked": pd.Series(dtype=np.int64),
            "overloaded": pd.Series(dtype=bool), "idle": pd.Series(dtype=bool)})
    loads = pd.concat(parts, ignore_index=True)
    # A department's load is a sum of fractions (street shares); float rounding must not decide
    # whether exactly-at-capacity counts as over it, so compare with a tolerance far below 1/n.
    loads["overloaded"] = loads["load"] > loads["capacity"] + LOAD_TOLERANCE
    loads["idle"] = loads["linked"] == 0
    loads = loads.sort_values(["kind", "unit", "supervisory_unit"], kind="stable", na_position="first")
    return loads[LOAD_COLUMNS].reset_index(drop=True)


def overloaded_units(network, rules=None):
    """Return the units whose load exceeds their capacity (compared before rounding).

    Examples
    --------
    >>> overloaded_units(net)[["unit", "kind", "load", "capacity"]]  # doctest: +SKIP
    """
    loads = unit_loads(network, rules)
    return loads[loads["overloaded"]].reset_index(drop=True)


def idle_units(network, rules=None):
    """Return the units linked to no organization at all (未落实).

    Examples
    --------
    >>> idle_units(net)[["unit", "kind"]]  # doctest: +SKIP
    """
    loads = unit_loads(network, rules)
    return loads[loads["idle"]].reset_index(drop=True)


def is_overloaded(network, unit, kind, rules=None):
    """Return True when the unit named `unit` in role `kind` is overloaded.

    Examples
    --------
    >>> is_overloaded(net, "张伟", "leader")  # doctest: +SKIP
    True
    """
    loads = unit_loads(network, rules)
    match = loads[(loads["kind"] == kind) & (loads["unit"] == unit)]
    if not len(match):
        raise KeyError(f"no {kind} named {unit!r}")
    return bool(match["overloaded"].any())
