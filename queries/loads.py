"""Loads of responsible units, overloaded and idle units (RULES.md, "Overloaded responsible units").

The load rule is written once, in :func:`attribute_loads`: integer links between units and
organizations in, one figure per unit out. :func:`unit_loads` (the loads of every output),
:func:`unit_attribution` (the bulletin's and the diff's progress per unit),
:func:`liangxin.queries.recommend.rebalance_units` (the running loads of its moves) and the demo
generator's planted overloads (:mod:`liangxin.demo`) all call it.
"""

from dataclasses import dataclass, field
from types import SimpleNamespace

import numpy as np
import pandas as pd

from liangxin.graph.index import mark, positions, unit_links
from liangxin.graph.schema import UNIT_ROLES
from liangxin.queries.rules import load_rules
from liangxin.queries.scope import organization_scope

__all__ = ["LoadLinks", "attribute_loads", "load_links", "unit_attribution", "unit_loads", "overloaded_units",
           "idle_units", "is_overloaded", "LOAD_COLUMNS"]

LOAD_COLUMNS = ["kind", "unit", "unit_key", "supervisory_unit", "node_id", "load", "capacity", "linked",
                "overloaded", "idle"]
LOAD_TOLERANCE = 1e-9


@dataclass(frozen=True)
class LoadLinks:
    """What the load rule reads: responsible units linked to organizations, as integer arrays.

    Attributes
    ----------
    n_units : int
        Units are rows ``0 .. n_units - 1`` (one per (unit, role)).
    link_unit, link_org : ndarray of int
        One entry per link: the unit's row and the organization's row (-1: none, counts nothing).
        A unit with a station is a department, and its links are its direct contacts.
    station_unit, station_street : ndarray of int
        One entry per (department, street) of 驻街保建: the department's row and the street's
        code (-1: no street of 街道社区; such a station carries no share).
    org_street : ndarray of int
        Per organization, the code of the street on its own row (-1: none, or not on 街道社区).
    link_every : ndarray of bool, optional
        Per link, whether it counts every organization, open or not (an instructor's); default none.
    """

    n_units: int
    link_unit: np.ndarray
    link_org: np.ndarray
    station_unit: np.ndarray
    station_street: np.ndarray
    org_street: np.ndarray
    link_every: np.ndarray = field(default=None)


def attribute_loads(links: LoadLinks, weight, every=None) -> np.ndarray:
    """Return each unit's load: the weights of the organizations it answers for (RULES.md).

    A unit sums the weight of every organization it is linked to (a leader: attached; a
    department: contacted directly; a supervisory unit: supervised); a link of ``link_every``
    (an instructor's) takes `every` instead. A department also carries, for each street it is
    stationed in, an equal share of the weights of that street's organizations that no
    department contacts directly: the street's pool divided by the departments stationed there.

    Parameters
    ----------
    links : LoadLinks
    weight : array_like of float, shape (n_organizations,) or (n_organizations, k)
        Per organization: 1.0 open / 0.0 closed for the loads, or any figure a what-if or a
        progress count needs (then one column of the result per column of `weight`).
    every : array_like of float, optional
        The weight of the ``link_every`` links; default 1.0 for every organization (instructors
        count every organization they guide). Same shape as `weight`.

    Returns
    -------
    ndarray of float, shape (n_units,) or (n_units, k)
        Unrounded.

    Examples
    --------
    Unit 0 a leader, units 1 and 2 departments both stationed in street 0, unit 3 an
    instructor; organizations 0..3 in street 0, 4 in no known street; 3 is closed, the rest open:

    >>> links = LoadLinks(n_units=4, link_unit=np.array([0, 0, 1, 3]), link_org=np.array([0, 3, 1, 3]),
    ...                   station_unit=np.array([1, 2]), station_street=np.array([0, 0]),
    ...                   org_street=np.array([0, 0, 0, 0, -1]),
    ...                   link_every=np.array([False, False, False, True]))
    >>> attribute_loads(links, [1.0, 1.0, 1.0, 0.0, 1.0])
    array([1., 2., 1., 1.])

    The leader: 0 (open) + 3 (closed) = 1. Street 0's pool: its open organizations that no
    department contacts (1 is contacted by unit 1) = 0 and 2 = 2, shared by 2 departments:
    unit 1 = 1 (its contact) + 1 = 2, unit 2 = 1. The instructor guides 3: closed, but counted.
    Organization 4 is in no pool. (More in tests/queries/test_loads.py.)
    """
    weight = np.asarray(weight, dtype=float)
    if weight.ndim == 2:
        other = None if every is None else np.asarray(every, dtype=float)
        return np.column_stack([attribute_loads(links, weight[:, i], None if other is None else other[:, i])
                                for i in range(weight.shape[1])]).reshape(links.n_units, weight.shape[1])
    every = np.ones(len(weight)) if every is None else np.asarray(every, dtype=float)
    org = np.asarray(links.link_org, dtype=np.int64)
    linked = org >= 0
    per_link = np.zeros(len(org))
    per_link[linked] = weight[org[linked]]
    if links.link_every is not None:
        always = linked & links.link_every
        per_link[always] = every[org[always]]
    load = np.bincount(links.link_unit, weights=per_link, minlength=links.n_units).astype(float)
    return load + _street_shares(links, weight)


def _street_shares(links, weight):
    """Per unit: its equal shares of the pools (uncontacted organizations' weights) of its streets."""
    org = np.asarray(links.link_org, dtype=np.int64)
    street, station_street, station_unit = links.org_street, links.station_street, links.station_unit
    n_streets = 1 + max(street.max(initial=-1), station_street.max(initial=-1))
    direct = np.isin(links.link_unit, station_unit)
    in_pool = (street >= 0) & ~mark(len(weight), org[direct])
    pool = np.bincount(street[in_pool], weights=weight[in_pool], minlength=n_streets)
    stationed = (station_street >= 0) & (station_unit >= 0)
    at = station_street[stationed]
    departments_per_street = np.bincount(at, minlength=n_streets)
    share = pool[at] / departments_per_street[at]
    return np.bincount(station_unit[stationed], weights=share, minlength=links.n_units)


def load_links(network) -> LoadLinks:
    """Return the :class:`LoadLinks` of `network`, its units in the order of :func:`unit_loads`.

    Examples
    --------
    >>> links = load_links(net)
    >>> links.n_units == len(unit_loads(net))
    True
    """
    units = unit_links(network)
    return LoadLinks(n_units=len(units.table), link_unit=units.link_unit, link_org=units.link_org,
                     station_unit=units.station_unit, station_street=units.station_street,
                     org_street=positions(network).org_street, link_every=~units.link_if_open)


def _network(network_or_tables):
    """A network, or a stand-in for validated tables (built here, so its index is built once)."""
    if hasattr(network_or_tables, "tables"):
        return network_or_tables
    cache = {}

    def memo(key, compute):
        if key not in cache:
            cache[key] = compute()
        return cache[key]

    return SimpleNamespace(tables=network_or_tables, memo=memo)


def unit_attribution(network, flags) -> pd.DataFrame:
    """Sum per-organization flags over each responsible unit, by the load rule (:func:`attribute_loads`).

    Every link takes the flag of its organization, an instructor's too; a department also
    takes an equal share of the flags of its streets' organizations no department contacts.
    With ``flags`` = open for every unit but the instructors (all of theirs: 1) this is
    :func:`unit_loads`'s ``load``.

    Parameters
    ----------
    network : ResponsibilityNetwork or liangxin.tables.Tables
    flags : DataFrame
        Indexed by ``org_id``; numeric or boolean columns (an organization absent counts 0).

    Returns
    -------
    DataFrame
        ``kind, node_id`` and one float column per flag column; one row per (unit, role), in
        the order of :func:`unit_loads`.

    Examples
    --------
    The hand-made workbook (tests/test_handmade.py): 张伟 is attached to three open
    organizations and a closed one; 区民政局 as a department carries 布吉's two open ones.

    >>> orgs = net.tables.organizations
    >>> flags = pd.DataFrame({"one": 1.0}, index=orgs["org_id"])
    >>> flags["open"] = lx.queries.scope.organization_scope(net)["open"].to_numpy()
    >>> attributed = unit_attribution(net, flags).set_index("node_id")
    >>> attributed.loc["leader:张伟", ["one", "open"]].tolist()
    [4.0, 3.0]
    >>> attributed.loc[attributed["kind"] == "department"].loc["unit:区民政局", "open"]
    np.float64(2.0)
    """
    network = _network(network)
    orgs = network.tables.organizations
    values = flags.astype(float).reindex(orgs["org_id"].to_numpy()).fillna(0.0).to_numpy()
    table = unit_links(network).table
    attributed = attribute_loads(load_links(network), values, every=values)
    frame = pd.DataFrame(attributed, columns=list(flags.columns))
    frame.insert(0, "node_id", table["node_id"].to_numpy(dtype=object))
    frame.insert(0, "kind", table["kind"].to_numpy(dtype=object))
    return frame


def _capacities(table, rules):
    """Capacity per unit: 责任容量's figure, else the role's default."""
    kind = table["kind"].to_numpy(dtype=object)
    default = np.zeros(len(table))
    for role in UNIT_ROLES:
        default[kind == role] = rules.capacity(role)
    override = table["capacity_override"].to_numpy()
    return np.where(np.isnan(override), default, override).astype(np.int64)


def unit_loads(network, rules=None) -> pd.DataFrame:
    """Return the load and capacity of every responsible unit, one row per (unit, role).

    Load counts the *open* organizations a unit answers for (instructors: every organization
    guided); a department also carries, for each street it is stationed in, an equal share of
    that street's open organizations that no department contacts directly
    (:func:`attribute_loads`).

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
    The hand-made workbook's overloaded units (tests/test_handmade.py, EXPECTED_OVERLOADED):

    >>> loads = unit_loads(net)
    >>> loads.loc[loads["overloaded"], ["kind", "unit", "load", "capacity"]].values.tolist()
    [['department', '区民政局', 2.0, 1], ['instructor', '刘洋', 1.0, 0], ['leader', '张伟', 3.0, 2]]
    """
    rules = rules or load_rules()
    table = unit_links(network).table
    is_open = organization_scope(network, rules)["open"].to_numpy(dtype=bool)
    load = attribute_loads(load_links(network), is_open.astype(float))
    capacity = _capacities(table, rules)
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


def overloaded_units(network, rules=None) -> pd.DataFrame:
    """Return the units whose load exceeds their capacity (compared before rounding).

    Examples
    --------
    >>> overloaded_units(net)["unit"].tolist()  # tests/test_handmade.py, EXPECTED_OVERLOADED
    ['区民政局', '刘洋', '张伟']
    """
    loads = unit_loads(network, rules)
    return loads[loads["overloaded"]].reset_index(drop=True)


def idle_units(network, rules=None) -> pd.DataFrame:
    """Return the units linked to no organization at all (未落实).

    Examples
    --------
    区司法局 is stationed in 横岗, which has no organization (tests/fixtures/handmade.py):

    >>> idle_units(net)[["unit", "kind"]].values.tolist()
    [['区司法局', 'department']]
    """
    loads = unit_loads(network, rules)
    return loads[loads["idle"]].reset_index(drop=True)


def is_overloaded(network, unit, kind, rules=None) -> bool:
    """Return True when the unit named `unit` in role `kind` is overloaded.

    Examples
    --------
    >>> is_overloaded(net, "张伟", "leader")  # 3 open organizations > capacity 2
    True
    """
    loads = unit_loads(network, rules)
    match = loads[(loads["kind"] == kind) & (loads["unit"] == unit)]
    if not len(match):
        raise KeyError(f"no {kind} named {unit!r}")
    return bool(match["overloaded"].any())
