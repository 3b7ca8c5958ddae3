"""Loads of responsible units, overloaded and idle units (RULES.md, "Overloaded responsible units")."""

import numpy as np

from liangxin.graph.index import mark, positions, unit_links
from liangxin.graph.schema import UNIT_ROLES
from liangxin.queries.rules import load_rules
from liangxin.queries.scope import organization_scope

__all__ = ["unit_loads", "overloaded_units", "idle_units", "is_overloaded", "ROLE_ZH"]

from liangxin.queries.labels import ROLE_ZH  # noqa: E402 - the Chinese of each role lives in queries.labels

LOAD_COLUMNS = ["kind", "unit", "unit_key", "supervisory_unit", "node_id", "load", "capacity", "linked",
                "overloaded", "idle"]
LOAD_TOLERANCE = 1e-9


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
    index = positions(network)
    units = unit_links(network)
    table = units.table
    is_open = organization_scope(network, rules)["open"].to_numpy(dtype=bool)
    org = units.link_org
    counted = np.where(units.link_if_open, np.append(is_open, False)[org], True)  # org -1 takes False
    load = np.bincount(units.link_unit, weights=counted, minlength=len(table)).astype(float)
    # A department also carries an equal share of each of its streets' open organizations that no
    # department contacts directly.
    known = index.org_street >= 0
    uncontacted_open = is_open & ~mark(index.n, index.contact) & known
    pool = np.bincount(index.org_street[uncontacted_open], minlength=len(index.streets))
    street = units.station_street
    stationed = (street >= 0) & (units.station_unit >= 0)
    departments_per_street = np.bincount(street[stationed], minlength=len(index.streets))
    share = pool[street[stationed]] / departments_per_street[street[stationed]]
    load += np.bincount(units.station_unit[stationed], weights=share, minlength=len(table))

    kind = table["kind"].to_numpy(dtype=object)
    default = np.zeros(len(table))
    for role in UNIT_ROLES:
        default[kind == role] = rules.capacity(role)
    override = table["capacity_override"].to_numpy()
    capacity = np.where(np.isnan(override), default, override).astype(np.int64)
    linked = table["linked"].to_numpy()
    loads = table[LOAD_COLUMNS[:5]].copy()
    loads["load"] = load
    loads["capacity"] = capacity
    loads["linked"] = linked
    # A department's load is a sum of fractions (street shares); float rounding must not decide
    # whether exactly-at-capacity counts as over it, so compare with a tolerance far below 1/n.
    loads["overloaded"] = load > capacity + LOAD_TOLERANCE
    loads["idle"] = linked == 0
    return loads


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
