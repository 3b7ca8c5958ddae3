"""Integer positions behind the queries: relation rows → organization rows, organizations → streets.

Built once per network, when it is built (:func:`liangxin.graph.network.build_network` calls
:func:`build_index` before it writes the edge tables, then :func:`report_order` and
:func:`unit_links`): the integer adjacency of the columnar network, so that every query works
on numpy arrays (bincount, fancy indexing) instead of matching strings, and so that the edge
tables reuse the organization ids already matched instead of matching them again.
"""

from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

import liangxin.settings as settings
from liangxin.errors import SchemaError
from liangxin.factorize import distinct_positions, equal_to_each, factorize
from liangxin.graph.schema import NODE_KINDS
from liangxin.hashed import TextLookup, duplicated
from liangxin.text import text_column, text_index

__all__ = ["build_index", "district_codes", "positions", "mark", "memo", "report_order", "unit_links", "UNIT_COLUMNS"]

#: Columns of ``unit_links(network).table``: who the responsible units are, in report order.
UNIT_COLUMNS = ["kind", "unit", "unit_key", "supervisory_unit", "node_id", "linked", "capacity_override"]


def build_index(tables):
    """Return the integer index of validated `tables` (see the module docstring).

    Attributes of the result: ``n`` organizations; per organization the masks ``enterprise``,
    ``social_org``, ``standalone``, ``joint``, ``unorganized``, ``has_street``, ``has_community``
    and the codes ``org_street`` (into ``streets``, sorted), ``org_community`` (into
    ``communities``), ``geo_row`` (its row in 街道社区 by street and community; -1: none) and
    ``org_pair``; per street ``stationed`` (a department is stationed there) and per organization
    ``org_stationed`` (in such a street); per row of 驻街保建 ``station_street``; per relation row the organization row it names
    (``leader``, ``contact``, ``supervised``, ``guided``, ``mass``; -1 where none).

    Examples
    --------
    The hand-made workbook's 13 organizations and the 4 streets of its 街道社区 sheet (sorted);
    F has no street and G's 龙城街道 is not on the sheet, so both have street code -1:

    >>> index = build_index(net.tables)
    >>> index.n, index.streets.tolist()
    (13, ['坂田街道', '布吉街道', '平湖街道', '横岗街道'])
    >>> int((index.org_street < 0).sum())
    2
    """
    t = tables
    orgs, geo = t.organizations, t.geography
    ids = _org_ids(orgs)

    def org_rows(frame):
        return ids.get_indexer(frame["org_id"].to_numpy(dtype=object))

    streets = text_index(sorted(pd.unique(geo["street"].to_numpy(dtype=object))))
    communities = text_index(pd.unique(geo["community"].to_numpy(dtype=object)))
    org_street, has_street = distinct_positions(streets, orgs["street"])
    org_community, has_community = distinct_positions(communities, orgs["community"])
    geo_street = streets.get_indexer(text_index(geo["street"]))
    geo_community = communities.get_indexer(text_index(geo["community"]))
    station_street = streets.get_indexer(text_index(t.department_stations["street"]))
    stationed = np.zeros(len(streets), dtype=bool)
    stationed[station_street[station_street >= 0]] = True
    supervised = org_rows(t.supervision)
    guided = t.supervision["instructor_key"].notna().to_numpy()
    enterprise, social_org = equal_to_each(orgs["kind"], ["enterprise", "social_org"])
    standalone, joint, unorganized = equal_to_each(orgs["status"], ["standalone", "joint", "none"])
    # (street, community) pairs as one integer; an organization's row in 街道社区 by binary search.
    width = max(len(communities), 1)
    org_pair = np.where((org_street >= 0) & (org_community >= 0),
                        org_street.astype(np.int64) * width + org_community, -1)
    geo_pair = geo_street.astype(np.int64) * width + geo_community
    return SimpleNamespace(
        n=len(orgs),
        enterprise=enterprise, social_org=social_org, standalone=standalone, joint=joint, unorganized=unorganized,
        has_street=has_street, has_community=has_community,
        streets=streets, org_street=org_street, stationed=stationed,
        org_stationed=np.append(stationed, False)[org_street],  # code -1 (no known street) takes False
        communities=communities, org_community=org_community,
        org_pair=org_pair, geo_pair=geo_pair, geo_row=_rows_of_pairs(geo_pair, org_pair),
        leader=org_rows(t.leader_points), contact=org_rows(t.department_contacts),
        supervised=supervised, guided=supervised[guided], station_street=station_street,
        mass=org_rows(t.mass_org_tasks),
        org_ids=ids,  # hashed once: the outputs look ids up in it (queries._tabulate.organization_rows)
    )


def _org_ids(orgs):
    """The organizations' ``org_id`` to look rows up by (:class:`~liangxin.hashed.TextLookup`); a
    :class:`SchemaError` when one is empty or repeated."""
    ids = TextLookup(orgs["org_id"].to_numpy(dtype=object))
    if ids.has_empty:
        raise SchemaError(f"the network does not follow graph.schema: organization: empty org_id in rows "
                          f"{np.flatnonzero(pd.isna(ids.values))[:5].tolist()}")
    if not ids.is_unique:  # validation makes them unique; tables built by hand may not be
        repeated = ids.values[duplicated(ids.values)]
        raise SchemaError(f"the network does not follow graph.schema: organization: duplicate org_id "
                          f"{repeated[:5].tolist()}")
    return ids


def _rows_of_pairs(table_pairs, pairs):
    """Row of each of `pairs` in `table_pairs` (its first, if repeated); -1 where absent or -1."""
    if not len(table_pairs):
        return np.full(len(pairs), -1, dtype=np.int64)
    # Each distinct pair searched once: a million organizations lie in a few thousand communities.
    codes, pairs = pd.factorize(pairs)
    order = np.argsort(table_pairs, kind="stable")
    at = np.searchsorted(table_pairs[order], pairs).clip(0, len(order) - 1)
    return np.where((pairs >= 0) & (table_pairs[order][at] == pairs), order[at], -1)[codes]


def memo(network, key, compute):
    """``network.memo(key, compute)``, or just ``compute()`` for a stand-in that has only ``tables``."""
    cache = getattr(network, "memo", None)
    return cache(key, compute) if cache else compute()


def positions(network):
    """Return the integer index of `network` (see :func:`build_index`), built once per network.

    Examples
    --------
    >>> positions(net) is positions(net), positions(net).n
    (True, 13)
    """
    return memo(network, "positions", lambda: build_index(network.tables))


def district_codes(network):
    """Return ``(districts, codes)``: the districts of 街道社区 in Unicode order (an object Index)
    and each organization's position among them, -1 where it has no known district. Built once
    per network. One district (no ``district`` columns): an empty Index and every code -1.

    The organizations' district cells are factorized first and only their few distinct values
    looked up: a city has millions of organizations and a handful of districts.

    Examples
    --------
    >>> districts, codes = district_codes(net)  # the hand-made workbook is one district
    >>> len(districts), int(codes.max())
    (0, -1)
    """
    return memo(network, "district_codes", lambda: _district_codes(network.tables))


def _district_codes(tables):
    geo, orgs = tables.geography, tables.organizations
    if "district" not in geo or "district" not in orgs:
        return text_index([]), np.full(len(orgs), -1, dtype=np.intp)
    districts = text_index(sorted(pd.unique(geo["district"].dropna().to_numpy(dtype=object))))
    return districts, distinct_positions(districts, orgs["district"])[0]


def mark(n, rows):
    """A boolean array of length `n`, True at `rows` (rows of -1, unmatched, are ignored).

    Examples
    --------
    >>> mark(4, np.array([2, -1, 0, 2])).tolist()
    [True, False, True, False]
    """
    flags = np.zeros(n, dtype=bool)
    flags[rows[rows >= 0]] = True
    return flags


def report_order(network):
    """Positions of the organizations sorted by street, then ``org_id`` (code-point order, no street first).

    Examples
    --------
    F (己商贸) has no street, so it comes first in the hand-made workbook's report order:

    >>> net.tables.organizations["name"].iloc[report_order(net)[0]]
    '己商贸有限公司'
    """
    return memo(network, "report_order", lambda: organization_order(network.tables.organizations))


def organization_order(orgs):
    """:func:`report_order` of the ``organizations`` table `orgs`."""
    return _street_then_id(orgs["street"].to_numpy(dtype=object), orgs["org_id"].to_numpy(dtype=object))


def _street_then_id(streets, org_ids):
    """Positions sorted by street (code-point order, none or empty first), then by id.

    The few streets are ranked in Python; the rows are grouped by that rank (a stable integer
    sort), and each street's ids sorted by Arrow on their own (UTF-8 bytes: code-point order).
    One Arrow sort on both keys took 2.5 times as long at 1,000,000 organizations (1.85 s →
    0.74 s): each street's sort stays in cache. From
    :data:`~liangxin.settings.THREADED_SORT_MIN_ORGANIZATIONS` on, the streets are sorted on
    several threads (Arrow's sort lets go of the interpreter).

    Examples
    --------
    >>> _street_then_id(np.array(["乙街道", None, "甲街道", "乙街道"], dtype=object),
    ...                 np.array(["b", "c", "z", "a"], dtype=object)).tolist()
    [1, 3, 0, 2]
    """
    codes, uniques = factorize(streets)
    rank = np.zeros(len(uniques) + 1, dtype=np.int64)  # code -1 (no street) takes the last entry: 0
    ranked = sorted((street, code) for code, street in enumerate(uniques) if street != "")
    rank[np.array([code for _, code in ranked], dtype=np.int64)] = np.arange(1, len(ranked) + 1)
    street_rank = rank[codes]
    grouped = np.argsort(street_rank, kind="stable")
    ids = pa.array(org_ids, pa.string())
    bounds = np.flatnonzero(np.diff(street_rank[grouped])) + 1
    groups = np.split(grouped, bounds)

    def sorted_group(group):
        return group[pc.sort_indices(ids.take(pa.array(group))).to_numpy()]

    threads = min(settings.usable_cores(), len(groups), 8)
    if threads < 2 or len(org_ids) < settings.THREADED_SORT_MIN_ORGANIZATIONS:
        parts = [sorted_group(group) for group in groups]
    else:
        with ThreadPoolExecutor(max_workers=threads) as pool:
            parts = list(pool.map(sorted_group, groups))  # in the streets' order, whichever ends first
    return np.concatenate(parts).astype(np.uint64)  # as Arrow's sort_indices gives it


def unit_links(network):
    """Return the responsible units and their links to organizations, as integer arrays.

    The part of the loads (RULES.md, "Overloaded responsible units") that no rule changes.

    Returns
    -------
    SimpleNamespace
        ``table``: one row per (unit, role), columns :data:`UNIT_COLUMNS`, sorted by kind, then
        unit, then supervisory unit (code-point order, none first); ``linked`` counts the
        organizations linked in any way and ``capacity_override`` is 责任容量's figure (NaN: none).
        ``link_unit``, ``link_org``, ``link_if_open``: one entry per link, the row in ``table``,
        the organization row (-1: none) and whether it counts only while the organization is
        open (instructors count every organization guided). ``station_unit``,
        ``station_street``: per row of 驻街保建, the department's row in ``table`` and the
        street code.

    Examples
    --------
    The hand-made workbook's units, by kind then name: four departments (财政局's only row is
    rejected), the instructor 刘洋, the leaders 张伟 and 李娜, and 区民政局 once more as a
    supervisory unit:

    >>> units = unit_links(net).table
    >>> units[["kind", "unit"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['department', '区发展和改革局'], ['department', '区司法局'], ['department', '区教育局'],
     ['department', '区民政局'], ['instructor', '刘洋'], ['leader', '张伟'], ['leader', '李娜'],
     ['supervisory_unit', '区民政局']]

    张伟 is linked to A, C, D and E, open or not:

    >>> int(units.set_index("unit").loc["张伟", "linked"])
    4
    """
    return memo(network, "unit_links", lambda: _unit_links(network.tables, positions(network)))


def _grouped(keys):
    """Codes of `keys` in order of first appearance, and the first row of each code.

    The keys are units' normalized names, never empty: validation rejects a row without one.
    """
    codes, _ = pd.factorize(np.asarray(keys, dtype=object))
    first = np.unique(codes, return_index=True)[1] if len(codes) else np.array([], dtype=np.int64)
    return codes, first


class _Units:
    """The (unit, role) rows collected so far, and their links to organization rows."""

    def __init__(self):
        self.parts, self.links, self.offset = [], [], 0

    def add(self, kind, first, names, keys, node_keys, linked, supervisory=None):
        """Add the units whose first rows are `first`; return the row of the first in the table."""
        text = text_column
        self.parts.append(pd.DataFrame({
            "kind": text(np.full(len(first), kind, dtype=object)), "unit": text(names[first]),
            "unit_key": text(keys[first]),
            "supervisory_unit": text(supervisory[first] if supervisory is not None else [None] * len(first)),
            "node_id": NODE_KINDS[kind].id_prefix + ":" + text(node_keys[first]),
            "linked": linked}))
        start = self.offset
        self.offset += len(first)
        return start


def _objects(frame, column):
    return frame[column].to_numpy(dtype=object)


def _add_leaders(units, t, index):
    """挂点促建: a leader's load is the open organizations attached."""
    codes, first = _grouped(t.leader_points["leader_key"])
    if len(first):
        keys = _objects(t.leader_points, "leader_key")
        start = units.add("leader", first, _objects(t.leader_points, "leader"), keys, keys,
                          np.bincount(codes, minlength=len(first)))
        units.links.append((start + codes, index.leader, True))


def _add_departments(units, t, index):
    """驻街保建: contacts, plus a share of the uncontacted open organizations of each street stationed in.

    Returns each 驻街保建 row's department row (before sorting; -1 when there is none).
    """
    stations, contacts = t.department_stations, t.department_contacts
    station_street = index.station_street
    codes, first = _grouped(stations["department_key"])
    if not len(first):
        return np.full(len(stations), -1, dtype=np.int64)
    keys = _objects(stations, "department_key")
    contact_code = text_index(keys[first]).get_indexer(text_index(contacts["department_key"]))
    # Organizations linked: those in its streets, plus those it contacts outside them (each once).
    contact_street = np.append(index.org_street, -1)[index.contact]  # contact -1 takes street -1
    station_pairs = set(zip(codes.tolist(), station_street.tolist()))
    outside = np.fromiter((pair not in station_pairs for pair in zip(contact_code.tolist(),
                                                                      contact_street.tolist())),
                          dtype=bool, count=len(contacts))
    known = index.org_street >= 0
    in_street = np.bincount(index.org_street[known], minlength=len(index.streets))
    street_orgs = np.append(in_street, 0)[station_street]  # street -1 takes 0
    linked = (np.bincount(codes, weights=street_orgs, minlength=len(first))
              + np.bincount(contact_code[outside & (contact_code >= 0)], minlength=len(first)))
    start = units.add("department", first, _objects(stations, "department"), keys, keys, linked)
    # Every contact comes from a station row, so every contacting department is stationed.
    direct = contact_code >= 0
    units.links.append((start + contact_code[direct], index.contact[direct], True))
    return start + codes


def _add_supervision(units, t, index):
    """主管包建: a supervisory unit's load is the open organizations it supervises; an instructor's
    (one per supervisory unit and name) is every organization guided."""
    sup = t.supervision
    codes, first = _grouped(sup["unit_key"])
    if len(first):
        keys = _objects(sup, "unit_key")
        start = units.add("supervisory_unit", first, _objects(sup, "supervisory_unit"), keys, keys,
                          np.bincount(codes, minlength=len(first)))
        units.links.append((start + codes, index.supervised, True))
    guided = sup[sup["instructor_key"].notna().to_numpy()]
    instructor_pair = (guided["unit_key"] + "/" + guided["instructor_key"]).to_numpy(dtype=object)
    codes, first = _grouped(instructor_pair)
    if len(first):
        start = units.add("instructor", first, _objects(guided, "instructor"), _objects(guided, "instructor_key"),
                          instructor_pair, np.bincount(codes, minlength=len(first)),
                          supervisory=_objects(guided, "supervisory_unit"))
        units.links.append((start + codes, index.guided, False))


def _unit_table(parts, capacities):
    """The units in report order with 责任容量's figures, and each collected row's row in it."""
    if parts:
        table = pd.concat(parts, ignore_index=True)
    else:
        table = pd.DataFrame({column: pd.Series(dtype=object) for column in UNIT_COLUMNS[:5]})
        table["linked"] = pd.Series(dtype=np.int64)
    table["linked"] = table["linked"].to_numpy().astype(np.int64)
    # 责任容量 names a unit by its key, whatever its role; its first row counts.
    override_keys = text_index(capacities["unit_key"])
    first = ~override_keys.duplicated()
    figures = np.append(capacities["capacity"].to_numpy(dtype=float)[first], np.nan)
    table["capacity_override"] = figures[override_keys[first].get_indexer(text_index(table["unit_key"]))]
    order = table.sort_values(["kind", "unit", "supervisory_unit"], kind="stable", na_position="first").index
    row_in_sorted = np.empty(len(table), dtype=np.int64)
    row_in_sorted[order.to_numpy()] = np.arange(len(table))
    return table.loc[order, UNIT_COLUMNS].reset_index(drop=True), row_in_sorted


def _unit_links(tables, index):
    units = _Units()
    _add_leaders(units, tables, index)
    station_unit = _add_departments(units, tables, index)
    _add_supervision(units, tables, index)
    table, row_in_sorted = _unit_table(units.parts, tables.capacities)

    def concat(arrays, dtype):
        return np.concatenate(arrays).astype(dtype) if arrays else np.array([], dtype=dtype)

    links = units.links
    return SimpleNamespace(
        table=table,
        link_unit=row_in_sorted[concat([unit for unit, _, _ in links], np.int64)],
        link_org=concat([org for _, org, _ in links], np.int64),
        link_if_open=concat([np.full(len(org), flag) for _, org, flag in links], bool),
        station_unit=np.where(station_unit >= 0, row_in_sorted[np.maximum(station_unit, 0)], -1)
        if len(table) else station_unit,
        station_street=index.station_street,
    )
