"""The network and its analysis as one view reads them: per-organization arrays and node lookups.

Built once per view, all vectorized. Organizations are integer positions throughout: row ``p``
of the organization node table is row ``p`` of ``tables.organizations``, as
:func:`liangxin.graph.index.positions` counts them, and ``org_node[p]`` is its node id.

Examples
--------
The hand-made workbook (tests/test_handmade.py) has 13 organizations in 4 streets and 6 communities.

>>> graph = GraphLookups(result)
>>> graph.n, len(graph.street_ids), len(graph.community_ids)
(13, 4, 6)
>>> graph.kinds_of("unit:区民政局")
('department', 'supervisory_unit')
"""

import numpy as np
import pandas as pd

from liangxin.graph.index import positions
from liangxin.graph.network import node_id
from liangxin.text import text_index
from liangxin.viz.network.columns import object_column, rows_of
from liangxin.viz.network.findings import OrganizationFindings
from liangxin.viz.network.kinds import UNIT_LINK_TYPES

__all__ = ["GraphLookups"]


class GraphLookups:
    """Per-view lookups over the network's tables and the analysis, built once.

    Parameters
    ----------
    analysis : queries.analysis.Analysis

    Attributes
    ----------
    orgs : DataFrame
        The organization node table; ``n`` its length, ``org_node`` its ids.
    findings : OrganizationFindings
    links, link_pos : dict
        Per unit-link edge type (:data:`~liangxin.viz.network.kinds.UNIT_LINK_TYPES`): its edge
        table, and the organization position of every edge's target (-1: none).
    street_ids, community_ids : ndarray of str
        The street and community node ids; ``org_street_row`` and ``org_community_row`` give
        each organization's row in them (-1: none).
    loads : DataFrame
        The analysis's loads with a ``ratio`` column (load / capacity, inf with no capacity);
        ``unit_overloaded`` and ``unit_idle`` are Series by node id.
    """

    def __init__(self, analysis):
        network = analysis.network
        self.analysis = analysis
        self.network = network
        self.tables = network.tables
        self.index = positions(network)
        self.orgs = network.node_tables["organization"]
        self.n = len(self.orgs)
        if self.index.n != self.n:
            raise ValueError("the organization nodes do not follow tables.organizations row by row")
        self.org_node = object_column(self.orgs, "id")
        # Kinds and names of the other nodes, looked up only for the nodes drawn (see learn).
        self._kinds, self._names, self._unknown = {}, {}, set()
        self.findings = OrganizationFindings(analysis)
        self.links, self.link_pos = self._unit_links()
        self.street_ids = object_column(network.node_tables["street"], "id")
        self.community_ids = object_column(network.node_tables["community"], "id")
        self.org_street_row = self._street_rows()
        self.org_community_row = self._community_rows()
        self.loads, self.unit_overloaded, self.unit_idle = _unit_flags(analysis.loads)

    def _unit_links(self):
        """The unit-link edge tables, and the organization position of each edge's target."""
        links = {t: e for t, e in self.network.edge_tables.items() if t in UNIT_LINK_TYPES}
        targets = [object_column(e, "target") for e in links.values()]
        rows = rows_of(self.org_node, targets)
        link_pos, start = {}, 0
        for edge_type, target in zip(links, targets):
            link_pos[edge_type] = rows[start:start + len(target)]
            start += len(target)
        return links, link_pos

    def _street_rows(self):
        """Row of ``street:<street>`` in the street node table, per organization (-1: none, or unknown)."""
        names = object_column(self.network.node_tables["street"], "name")
        if not all(node == node_id("street", name) for node, name in zip(self.street_ids, names)):
            wanted = text_index(node_id("street", self.orgs["street"]))
            return text_index(self.street_ids).get_indexer(wanted).astype(np.int64)
        codes = self.index.streets.get_indexer(names)
        row_of_code = np.full(len(self.index.streets) + 1, -1, dtype=np.int64)  # the last one: code -1
        row_of_code[codes[codes >= 0]] = np.flatnonzero(codes >= 0)
        return row_of_code[self.index.org_street]

    def _community_rows(self):
        """Row of the community node hosting each organization (-1: none), as HOSTS has it.

        HOSTS takes the id of the organization's own (street, community) row of 街道社区
        (:func:`liangxin.graph.network.build_network`); looking that id up keeps the view equal to the
        network even where a "/" in names makes two rows' ids one.
        """
        geo = self.network.tables.geography
        geo_ids = node_id("community", geo["street"] + "/" + geo["community"])
        rows_of_geo = text_index(self.community_ids).get_indexer(text_index(geo_ids)).astype(np.int64)
        return np.append(rows_of_geo, -1)[self.index.geo_row]  # geo_row -1 takes the last: -1

    def org_street_node(self, org_positions):
        """Street node id per organization (None where it has no known street)."""
        rows = self.org_street_row[org_positions]
        return np.append(self.street_ids, None)[rows]  # row -1 (no known street) takes None

    def learn(self, node_ids):
        """Look up the kinds and names of `node_ids` (organizations excepted) in the node tables."""
        missing = {node for node in node_ids if node not in self._kinds and node not in self._unknown}
        if not missing:
            return
        tables = [(k, t) for k, t in self.network.node_tables.items() if k != "organization"]
        tables.append(("organization", self.orgs))
        for kind, table in tables:
            if kind == "organization" and not (missing - self._kinds.keys()):
                break
            hit = table["id"].isin(missing).to_numpy()
            if not hit.any():
                continue
            for node, name in zip(object_column(table, "id")[hit], object_column(table, "name")[hit]):
                # A unit with several roles is one node; its first role (schema order) gives its colour.
                if node in self._kinds:
                    self._kinds[node] += (kind,)
                else:
                    self._kinds[node], self._names[node] = (kind,), name
        self._unknown |= missing - self._kinds.keys()

    def kinds_of(self, node):
        """Every role of `node`, its drawing kind first."""
        self.learn((node,))
        return self._kinds[node]

    def kind_of(self, node):
        """The drawing kind of `node` (None for a node not in the network)."""
        self.learn((node,))
        kinds = self._kinds.get(node)
        return kinds[0] if kinds else None

    def name_of(self, node, *default):
        """The name of `node` (`default`, if given, for a node not in the network)."""
        self.learn((node,))
        if default:
            return self._names.get(node, default[0])
        return self._names[node]

    def edges_of(self, edge_type):
        """The edges of one type (``source, target, type``)."""
        table = self.network.edge_tables.get(edge_type)
        if table is None:
            return pd.DataFrame({"source": pd.Series(dtype=object), "target": pd.Series(dtype=object),
                                 "type": pd.Series(dtype=object)})
        return table


def _unit_flags(loads):
    """`loads` with each row's ``ratio``, and per unit node whether any of its roles is overloaded, idle."""
    loads = loads.copy()
    loads["ratio"] = np.where(loads["capacity"] > 0, loads["load"] / loads["capacity"].where(
        loads["capacity"] > 0, 1), np.where(loads["load"] > 0, np.inf, 0.0))
    per_unit = loads.groupby("node_id", sort=False)
    return loads, per_unit["overloaded"].any(), per_unit["idle"].any()
