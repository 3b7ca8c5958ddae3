"""The responsibility network: columnar node and edge tables, networkx on demand.

The tables are the primary form: queries run on them and they scale to a
million organizations. :meth:`ResponsibilityNetwork.to_networkx` builds the
``networkx.MultiDiGraph`` only when a caller needs graph algorithms or drawing.
Every node and edge kind comes from :mod:`liangxin.graph.schema` and is checked when the
network is built.
"""

import logging
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import networkx as nx
import numpy as np
import pandas as pd

from liangxin.errors import SchemaError
from liangxin.factorize import equal_to
from liangxin.graph.index import build_index, organization_order, unit_links
from liangxin.graph.schema import EDGE_KINDS, NODE_KINDS
from liangxin.text import text_column, text_index

__all__ = ["ResponsibilityNetwork", "build_network", "node_id", "check_schema", "SHARED_UNIT_KINDS"]

log = logging.getLogger(__name__)

#: One real unit may be a department, a supervisory unit and a mass organization at once:
#: these kinds share one node per normalized name ("one node, several roles").
SHARED_UNIT_KINDS = ("department", "supervisory_unit", "mass_org")

def node_id(kind, key):
    """Return the node id of a node of `kind` with key `key` (vectorized over Series).

    Examples
    --------
    >>> node_id("street", "平湖街道")
    'street:平湖街道'
    >>> node_id("supervisory_unit", "区民政局") == node_id("department", "区民政局")
    True
    """
    return NODE_KINDS[kind].id_prefix + ":" + key


def community_node_id(street, community):
    """The node id of the community `community` of `street` (vectorized over Series).

    Examples
    --------
    >>> community_node_id("平湖街道", "山厦社区")
    'community:平湖街道/山厦社区'
    """
    return node_id("community", street + "/" + community)


def instructor_node_id(unit_key, instructor_key):
    """The node id of an instructor: its name under its supervisory unit (vectorized over Series).

    Examples
    --------
    >>> instructor_node_id("区民政局", "刘洋")
    'instructor:区民政局/刘洋'
    """
    return node_id("instructor", unit_key + "/" + instructor_key)


def _nodes(kind, ids, names, **attributes):
    frame = pd.DataFrame({"id": ids, "kind": kind, "name": names, **attributes})
    return frame.drop_duplicates("id").reset_index(drop=True)


def _org_attributes(orgs):
    """The organizations' columns kept as node attributes, renamed where a sheet's extra column
    (kept under its own header) would clash with a column of the node table."""
    attributes = orgs.drop(columns=["org_id", "name", "name_key", "party_org_key"])
    taken = {"id", "kind", "kinds", "name", "org_id", "org_kind"}  # kinds: to_networkx's own
    names = []
    for column in attributes.columns:
        if column == "kind":  # the organization's own kind: ``kind`` is the node kind
            names.append("org_kind")
            continue
        name = column
        while name in taken:
            name += "_"
        taken.add(name)
        names.append(name)
    return attributes.set_axis(names, axis=1)


def _edges(edge_type, sources, targets, unique=False):
    """One edge table; `unique` says no end is missing and no pair repeats (true by construction)."""
    if isinstance(sources, str):  # one source for every target (the district)
        sources = np.full(len(targets), sources, dtype=object)
    frame = pd.DataFrame({"source": text_column(sources), "target": text_column(targets)})
    if not unique:
        frame = frame.dropna().drop_duplicates()
    frame = frame.reset_index(drop=True)
    frame["type"] = edge_type
    return frame


class ResponsibilityNetwork:
    """The district's responsibility network.

    Attributes
    ----------
    tables : liangxin.tables.Tables
        The validated tables it was built from; queries read these.
    district : str
        The root of every chain (``龙岗区``).
    node_tables : dict of str to DataFrame
        Per node kind: ``id, kind, name`` and the kind's attributes.
    edge_tables : dict of str to DataFrame
        Per edge type: ``source, target, type``.
    """

    def __init__(self, tables, district, node_tables, edge_tables):
        self.tables = tables
        self.district = district
        self.node_tables = node_tables
        self.edge_tables = edge_tables
        self._graph = None
        self._memo = {}

    def memo(self, key, compute):
        """Return ``compute()``, computed once per `key` for this network.

        Queries share intermediate per-organization tables through this (scope, attachments,
        report order). A network is never changed after it is built: to try a what-if, edit a
        copy of the tables and build a new network.
        """
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    @property
    def nodes(self):
        """All nodes in one table (``id, kind, name``)."""
        return pd.concat([t[["id", "kind", "name"]] for t in self.node_tables.values()], ignore_index=True)

    @property
    def edges(self):
        """All edges in one table (``source, target, type``)."""
        return pd.concat(list(self.edge_tables.values()), ignore_index=True)

    def counts(self):
        """Number of nodes per kind and of edges per type."""
        return ({kind: len(t) for kind, t in self.node_tables.items()},
                {kind: len(t) for kind, t in self.edge_tables.items()})

    def to_networkx(self):
        """Return the network as a ``networkx.MultiDiGraph`` (built once, then cached).

        A unit with several roles is one node whose ``kinds`` lists them; ``kind`` is its first.

        Examples
        --------
        >>> G = net.to_networkx()
        >>> G.nodes["street:平湖街道"]["kind"]
        'street'

        区民政局 is stationed in 布吉 and supervises H in the hand-made workbook: one node, two roles.

        >>> G.nodes["unit:区民政局"]["kinds"]
        ('department', 'supervisory_unit')
        """
        if self._graph is None:
            graph = nx.MultiDiGraph(district=self.district)
            for kind, table in self.node_tables.items():
                records = table.to_dict("records")
                for record in records:
                    node = record.pop("id")
                    attributes = {k: v for k, v in record.items() if not _missing(v)}
                    if node in graph:
                        graph.nodes[node]["kinds"] = graph.nodes[node]["kinds"] + (kind,)
                        attributes.pop("kind", None)
                        for key, value in attributes.items():
                            graph.nodes[node].setdefault(key, value)
                    else:
                        graph.add_node(node, kinds=(kind,), **attributes)
            for edge_type, table in self.edge_tables.items():
                graph.add_edges_from(
                    (s, t, edge_type, {"type": edge_type})
                    for s, t in zip(table["source"].tolist(), table["target"].tolist())
                )
            self._graph = graph
        return self._graph

    def __repr__(self):
        nodes, edges = self.counts()
        return (f"<ResponsibilityNetwork {self.district}: {sum(nodes.values())} 个节点, "
                f"{sum(edges.values())} 条关系, {nodes.get('organization', 0)} 个两新组织>")


def _missing(value):
    return value is None or (isinstance(value, float) and np.isnan(value))


def check_schema(node_tables, edge_tables, by_construction=None):
    """Check node and edge tables against :mod:`liangxin.graph.schema`; raise once naming every problem.

    Parameters
    ----------
    node_tables, edge_tables : dict of str to DataFrame
        As :class:`ResponsibilityNetwork` holds them.
    by_construction : dict, optional
        What the caller made true by the way it built the tables, so that it is not hashed
        again: a node kind mapped to True (its ids are unique), an ``(edge_type, end)`` pair
        mapped to True (every end was taken by position from that end's node ids). At a million
        organizations this is most of the check's time.

    Raises
    ------
    SchemaError
        An unknown kind, a duplicate node id, or an edge whose ends are missing or of the wrong kind.
    """
    by_construction = by_construction or {}
    problems = []
    ids_by_kind = {}
    for kind, table in node_tables.items():
        if kind not in NODE_KINDS:
            problems.append(f"unknown node kind {kind!r}")
            continue
        ids_by_kind[kind] = table["id"]
        if by_construction.get(kind):
            continue
        ids = text_index(table["id"])
        if not ids.is_unique:
            problems.append(f"{kind}: duplicate node ids {ids[ids.duplicated()][:5].tolist()}")
    indexes = {}
    for edge_type, table in edge_tables.items():
        spec = EDGE_KINDS.get(edge_type)
        if spec is None:
            problems.append(f"unknown edge type {edge_type!r}")
            continue
        for end, kind in (("source", spec.source), ("target", spec.target)):
            if by_construction.get((edge_type, end)):
                continue
            if kind not in indexes:  # one hash table per kind, kept between edge types
                indexes[kind] = text_index(ids_by_kind.get(kind, []))
            known = indexes[kind]
            ends = text_index(table[end])
            found = known.get_indexer(ends) >= 0 if known.is_unique else ends.isin(known)
            stray = pd.Series(ends[~found], dtype=object)
            if len(stray):
                problems.append(f"{edge_type}: {len(stray)} {end}s are not {kind} nodes, "
                                f"e.g. {stray.head(3).tolist()}")
    if problems:
        raise SchemaError("the network does not follow graph.schema: " + "; ".join(problems))


def _node_ids(tables, district):
    """The node ids that both the node and the edge tables use, each computed once."""
    geo, orgs, supervision = tables.geography, tables.organizations, tables.supervision
    is_covered = ~equal_to(orgs["status"], "none") & orgs["party_org_key"].notna().to_numpy()
    guided = supervision[supervision["instructor_key"].notna()]
    return SimpleNamespace(
        district=node_id("district", district),
        community=community_node_id(geo["street"], geo["community"]).to_numpy(dtype=object),
        org=node_id("organization", orgs["org_id"]).to_numpy(dtype=object),
        is_covered=is_covered, covered=orgs[is_covered],
        guided=guided, instructor=instructor_node_id(guided["unit_key"], guided["instructor_key"]),
    )


def _node_tables(tables, district, ids):
    """Per node kind, its table (``id, kind, name`` and the kind's attributes)."""
    geo, orgs = tables.geography, tables.organizations
    leaders, stations, supervision, mass = (tables.leader_points, tables.department_stations, tables.supervision,
                                            tables.mass_org_tasks)
    street_names = pd.Series(pd.unique(geo["street"]), dtype=object)
    # Several districts (a city): one node per district of 街道社区 after the dataset's own root.
    districts = pd.unique(geo["district"].dropna()).tolist() if "district" in geo else []
    covered, guided = ids.covered, ids.guided
    # The organization's own kind (enterprise / social_org) is ``org_kind``: ``kind`` is the node kind.
    org_attributes = _org_attributes(orgs)
    return {
        "district": _nodes("district", [ids.district, *node_id("district", pd.Series(districts, dtype=object))],
                           [district, *districts]),
        "street": _nodes("street", node_id("street", street_names), street_names),
        "community": _nodes("community", text_column(ids.community), geo["community"],
                            street=geo["street"], community_owner=geo["community_owner"]),
        "organization": pd.concat([
            pd.DataFrame({"id": text_column(ids.org), "kind": "organization", "name": text_column(orgs["name"]),
                          "org_id": text_column(orgs["org_id"])}),
            org_attributes.reset_index(drop=True)], axis=1),
        "party_org": _nodes("party_org", node_id("party_org", covered["party_org_key"]), covered["party_org"]),
        "leader": _nodes("leader", node_id("leader", leaders["leader_key"]), leaders["leader"]),
        "department": _nodes("department", node_id("department", stations["department_key"]),
                             stations["department"]),
        "supervisory_unit": _nodes("supervisory_unit", node_id("supervisory_unit", supervision["unit_key"]),
                                   supervision["supervisory_unit"]),
        "instructor": _nodes("instructor", ids.instructor, guided["instructor"],
                             supervisory_unit=guided["supervisory_unit"]),
        "mass_org": _nodes("mass_org", node_id("mass_org", mass["mass_org_key"]), mass["mass_org"]),
    }


def _org_ends(org_ids, rows, frame):
    """A relation's organization ends: the organization's own node id (the same string object)
    wherever the index matched it, else the id the relation row names."""
    ends = org_ids[np.maximum(rows, 0)] if len(org_ids) else np.full(len(rows), None, dtype=object)
    if (rows < 0).any():
        ends = np.where(rows >= 0, ends, node_id("organization", frame["org_id"]).to_numpy(dtype=object))
    return ends


def _edge_tables(tables, index, ids, street_ids):
    """Per edge type, its table (``source, target, type``)."""
    geo, leaders, stations, contacts, supervision, mass = (
        tables.geography, tables.leader_points, tables.department_stations, tables.department_contacts,
        tables.supervision, tables.mass_org_tasks)
    org_ids, community_ids, guided = ids.org, ids.community, ids.guided
    hosted = index.geo_row >= 0
    return {
        "HAS_STREET": _edges("HAS_STREET", _street_districts(geo, ids.district, street_ids), street_ids),
        "HAS_COMMUNITY": _edges("HAS_COMMUNITY", node_id("street", geo["street"]), community_ids),
        # One row per organization on each side: neither repeats nor misses an end.
        "HOSTS": _edges("HOSTS", community_ids[index.geo_row[hosted]], org_ids[hosted], unique=True),
        "COVERS": _edges("COVERS", node_id("party_org", ids.covered["party_org_key"]).to_numpy(dtype=object),
                         org_ids[ids.is_covered], unique=True),
        "ATTACHED_TO": _org_edges("ATTACHED_TO", "leader", leaders["leader_key"], org_ids, index.leader, leaders),
        "STATIONED_IN": _edges("STATIONED_IN", node_id("department", stations["department_key"]),
                               node_id("street", stations["street"])),
        "CONTACTS": _org_edges("CONTACTS", "department", contacts["department_key"], org_ids, index.contact,
                               contacts),
        "SUPERVISES": _org_edges("SUPERVISES", "supervisory_unit", supervision["unit_key"], org_ids,
                                 index.supervised, supervision),
        **_instructor_edges(ids.instructor, guided, org_ids, index.guided),
        "CO_BUILDS": _org_edges("CO_BUILDS", "mass_org", mass["mass_org_key"], org_ids, index.mass, mass),
    }


def _first_pairs(left, right, width):
    """Positions of the first row of each (`left`, `right`) pair of integer codes, in row order;
    rows where either code is -1 (empty) are left out, as ``dropna().drop_duplicates()`` leaves them."""
    at = np.flatnonzero((left >= 0) & (right >= 0))
    pairs = left[at].astype(np.int64) * (width + 1) + right[at]
    return at[~pd.Series(pairs).duplicated().to_numpy()]


def _instructor_edges(instructors, guided, org_ids, rows):
    """APPOINTS (supervisory unit → instructor) and GUIDES (instructor → organization), each pair once.

    The instructors' ids are factorized once for both, and each pair is two integer codes (the
    organization its row, where every guided row names a known one), so no column of ids is hashed
    twice and a unit's node id is built once, not per row.
    """
    codes, distinct = pd.factorize(np.asarray(instructors, dtype=object), use_na_sentinel=True)
    distinct = np.asarray(distinct, dtype=object)
    unit_codes, units = pd.factorize(guided["unit_key"].to_numpy(dtype=object), use_na_sentinel=True)
    unit_ids = node_id("supervisory_unit", pd.Series(units, dtype=object)).to_numpy(dtype=object)
    appoint = _first_pairs(unit_codes, codes, len(distinct))
    edges = {"APPOINTS": _edges("APPOINTS", unit_ids[unit_codes[appoint]], distinct[codes[appoint]], unique=True)}
    if not len(rows) or (rows < 0).any():
        edges["GUIDES"] = _edges("GUIDES", instructors, _org_ends(org_ids, rows, guided))
    else:
        guide = _first_pairs(codes, rows, len(org_ids))
        edges["GUIDES"] = _edges("GUIDES", distinct[codes[guide]], org_ids[rows[guide]], unique=True)
    return edges


def _org_edges(edge_type, kind, keys, org_ids, rows, frame):
    """The edges from the units of `kind` named by `keys` to the organizations a relation sheet's
    rows name (`rows` into `org_ids`, as :func:`_org_ends`), each pair once.

    Where every row named a known organization, a pair is two integers (the unit's code among
    the few distinct keys, the organization's row): no text of a row is hashed, and only the
    distinct units' node ids are built. Else as :func:`_edges` does on the ids themselves.
    """
    if not len(rows) or (rows < 0).any():
        return _edges(edge_type, node_id(kind, keys), _org_ends(org_ids, rows, frame))
    codes, units = pd.factorize(keys.to_numpy(dtype=object), use_na_sentinel=True)
    pairs = pd.Series(codes.astype(np.int64) * (len(org_ids) + 1) + rows)  # a missing key's pair is < 0
    first = (codes >= 0) & ~pairs.duplicated().to_numpy()
    sources = node_id(kind, pd.Series(units, dtype=object)).to_numpy(dtype=object)
    return _edges(edge_type, sources[codes[first]], org_ids[rows[first]], unique=True)


def _street_districts(geo, root, street_ids):
    """The district node above each street: its own district's with several districts, else the root."""
    if "district" not in geo:
        return root
    first = geo.drop_duplicates("street")
    district = pd.Series(first["district"].to_numpy(dtype=object), index=node_id("street", first["street"]))
    above = node_id("district", district.reindex(street_ids.to_numpy()))
    return above.where(above.notna(), root).to_numpy(dtype=object)


def _by_construction(index):
    """What :func:`check_schema` need not check again (see its ``by_construction``).

    Taken by position from the node ids, so nodes by construction: the organizations (whose
    org_id build_index found unique), the ends of HOSTS and COVERS, and every relation's
    organization end when each of its rows named a known organization.
    """
    by_construction = {"organization": True, ("HOSTS", "source"): True, ("HOSTS", "target"): True,
                       ("COVERS", "source"): True, ("COVERS", "target"): True}
    for edge_type, rows in (("ATTACHED_TO", index.leader), ("CONTACTS", index.contact),
                            ("SUPERVISES", index.supervised), ("GUIDES", index.guided), ("CO_BUILDS", index.mass)):
        by_construction[(edge_type, "target")] = bool((rows >= 0).all())
    return by_construction


def build_network(tables, district="龙岗区"):
    """Build the responsibility network of DOMAIN.md from validated tables.

    Parameters
    ----------
    tables : liangxin.tables.Tables
        As :func:`liangxin.loaders.load_tables` returns them.
    district : str, optional
        Name of the root node.

    Returns
    -------
    ResponsibilityNetwork

    Examples
    --------
    The hand-made workbook (tests/test_handmade.py): 4 streets on its 街道社区 sheet, 13
    organizations loaded, 3 Party organizations (B's and D's joint branches, G's own):

    >>> from liangxin.loaders.validate import load_tables
    >>> network = build_network(load_tables(handmade_path))
    >>> nodes, edges = network.counts()
    >>> nodes["street"], nodes["organization"], nodes["party_org"], edges["COVERS"]
    (4, 13, 3, 3)
    """
    # The report order's sorts let go of the interpreter: they run beside the rest of the build.
    with ThreadPoolExecutor(max_workers=1) as pool:
        order = pool.submit(organization_order, tables.organizations)
        index = build_index(tables)
        ids = _node_ids(tables, district)
        node_tables = _node_tables(tables, district, ids)
        edge_tables = _edge_tables(tables, index, ids, node_tables["street"]["id"])
        check_schema(node_tables, edge_tables, _by_construction(index))
        network = ResponsibilityNetwork(tables, district, node_tables, edge_tables)
        # The integer adjacency, the report order and the responsible units are part of the columnar
        # network: built here, once, so that queries only do arithmetic on them.
        network.memo("positions", lambda: index)
        network.memo("report_order", order.result)
    unit_links(network)
    log.info("built %r", network)
    return network
