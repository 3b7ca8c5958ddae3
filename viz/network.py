"""The analysts' interactive network view, ``network.html`` (OUTPUT.md).

One self-contained UTF-8 HTML file: vis-network's JavaScript and CSS (the copy bundled
with pyvis) are inlined and nothing is requested from any other host, so the file opens
from disk on an intranet machine. The page is rendered here rather than by pyvis's own
template, which still loads Bootstrap from a CDN with ``cdn_resources="in_line"``
(WestHealth/pyvis#229) and writes with the platform encoding.

A whole district is too big to draw node by node, so the default view aggregates:
streets and communities carry counts, the responsible units are drawn, and only the
organizations with findings are drawn one by one, most serious first, up to
``max_nodes``. ``street=`` or ``unit=`` draws one street or one unit in full instead.
The layout is computed here, relaxed briefly by vis-network's physics in the browser
and then frozen.

Names are user data: they reach the page only inside JSON that cannot close its
``<script>`` element, and the page puts them into the document as text only.
"""

import html
import json
import logging
import math
import re
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from liangxin.errors import LiangxinInputError
from liangxin.graph.index import positions
from liangxin.graph.network import node_id
from liangxin.graph.schema import EDGE_KINDS, NODE_KINDS
from liangxin.text import name_key, normalize_place, text_index
from liangxin.queries.coverage import RATE_COLUMNS, RATE_ZH
from liangxin.queries.loads import ROLE_ZH
from liangxin.viz.report import KIND_ZH, STATUS_ZH

__all__ = [
    "NetworkView",
    "NetworkDisplay",
    "network_view",
    "network_html",
    "write_network_html",
    "show_network",
    "DEFAULT_MAX_NODES",
    "FINDING_STYLE",
    "FINDING_PRIORITY",
    "script_json",
]

log = logging.getLogger(__name__)

#: Past a few thousand nodes vis-network stops being fluid on an office PC.
DEFAULT_MAX_NODES = 3000

#: How findings are marked on top of the node kind's own colour and shape.
FINDING_STYLE = {
    "uncovered": {"background": "#e11d48", "label_zh": "未覆盖组织（红色填充）"},
    "chain": {"border": "#f59e0b", "label_zh": "责任链断点（橙色虚线边框）"},
    "overloaded": {"border": "#be123c", "label_zh": "超负荷单位（放大，标注负荷/容量）"},
    "idle": {"border": "#6b7280", "label_zh": "未落实单位（灰色虚线边框）"},
}

HIERARCHY_KINDS = ("district", "street", "community", "organization")
UNIT_KINDS = tuple(kind for kind in NODE_KINDS if kind not in HIERARCHY_KINDS and kind != "party_org")
#: Edges from a responsible unit to an organization (ATTACHED_TO, CONTACTS, ...).
UNIT_LINK_TYPES = tuple(t for t, e in EDGE_KINDS.items() if e.target == "organization" and e.source in UNIT_KINDS)
#: Edge types the page draws beyond graph.schema's: a missing link in the chain, and the
#: organizations of a unit that are not drawn, summed per street.
BREAK_EDGE = {"type": "BREAK", "label_zh": "责任链断点"}
AGGREGATE_EDGE = {"type": "AGGREGATE", "label_zh": "未单独绘出的组织"}

#: Finding codes, most serious first (nobody responsible, no Party organization where one is due,
#: a chain broken at the street or community): the order organizations are drawn in under the cap.
FINDING_PRIORITY = ("NO_RESPONSIBLE_UNIT", "PARTY_ORG_REQUIRED", "UNKNOWN_STREET", "UNKNOWN_COMMUNITY", "NO_COMMUNITY",
                    "STREET_MISMATCH", "MEMBERS_REQUIRED", "NO_SUPERVISOR", "STREET_NO_DEPARTMENT", "COMMUNITY_NO_OWNER",
                    "STANDALONE_POSSIBLE", "MASS_ORG_FIRST", "MASS_ORG_MISSING")
_BASE_SIZE = {"district": 70, "street": 55, "community": 22, "organization": 9, "party_org": 9, "leader": 18,
              "department": 14, "supervisory_unit": 14, "instructor": 12, "mass_org": 16}
# Streets and communities keep readable labels when the whole district is in view.
_FONT_SIZE = {"district": 170, "street": 150, "community": 40}
_LABEL_RING = 3500.0
#: Kinds the browser's physics moves; organizations and Party organizations stay where they are laid out.
_PHYSICS_KINDS = ("district", "street", "community") + UNIT_KINDS
_PHYSICS_WORK = 45_000
_ORG_SPACING = 34.0
_GUARANTEED_PER_GROUP = 5
_LABEL_CHARS = 12
_FONT_STACK = ('"Microsoft YaHei", "微软雅黑", "PingFang SC", "Noto Sans CJK SC", "Noto Sans SC", '
               '"Source Han Sans SC", "WenQuanYi Micro Hei", SimHei, sans-serif')
_VIS_DIR = "vis-9.1.2"


@dataclass
class NetworkView:
    """What one ``network.html`` draws, before it is rendered.

    Attributes
    ----------
    title : str
    subtitle : str
        Headline figures of the district.
    nodes, edges : list of dict
        The drawn nodes and edges, as the page reads them (JSON-ready).
    legend : list of dict
        Per node kind: ``kind, label_zh, color, shape, total, drawn``.
    notes : list of str
        Chinese notes shown above the network (what is aggregated, what the cap left out).
    streets : list of str
        The streets the page's filter offers.
    omitted : int
        Organizations that qualified for the view but were not drawn because of the cap.
    """

    title: str
    subtitle: str
    nodes: list
    edges: list
    legend: list
    notes: list = field(default_factory=list)
    streets: list = field(default_factory=list)
    omitted: int = 0

    def __repr__(self):
        return f"<NetworkView {self.title}: {len(self.nodes)} 个节点, {len(self.edges)} 条连线>"


# ---------------------------------------------------------------------------------------------
# Which nodes to draw
#
# A district has up to a million organizations and the view draws a few thousand nodes: the
# per-organization work is done on integer positions (row ``i`` of the organization node table
# is row ``i`` of ``tables.organizations``, as :func:`liangxin.graph.index.positions` counts them) and
# strings (node ids, labels, tooltips) are only built for what is drawn.


def _arrow_text(values):
    """`values` (an object array of str) as an Arrow string array; None when one is not text."""
    try:
        return pa.array(values, type=pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None


def _rows_of(keys, queries):
    """Row in `keys` of every text in `queries` (``-1`` where none is equal).

    `keys` (an object array, or its Arrow strings) are unique: node ids. `queries` is a list of
    object arrays or Arrow string arrays, looked up as one. Arrow hashes the distinct queries and scans the keys once,
    which costs far less than a pandas hash table over a million Python strings.
    """
    keys_arrow = keys if isinstance(keys, pa.Array) else _arrow_text(keys)
    parts = [q if isinstance(q, pa.Array) else _arrow_text(q) for q in queries] if keys_arrow is not None else [None]
    if any(part is None for part in parts):
        values = [q.to_numpy(zero_copy_only=False) if isinstance(q, pa.Array) else q for q in queries]
        values = np.concatenate(values) if values else np.array([], dtype=object)
        keys = keys.to_numpy(zero_copy_only=False) if isinstance(keys, pa.Array) else keys
        return text_index(keys).get_indexer(text_index(values)).astype(np.int64)
    encoded = (pa.concat_arrays(parts) if parts else pa.array([], pa.string())).dictionary_encode()
    hits = pc.fill_null(pc.index_in(keys_arrow, value_set=encoded.dictionary), -1).to_numpy()
    found = np.flatnonzero(hits >= 0)
    row_of = np.full(len(encoded.dictionary) + 1, -1, dtype=np.int64)  # the last one stands for a null
    row_of[hits[found]] = found
    return row_of[pc.fill_null(encoded.indices, -1).to_numpy()]


def _object_column(frame, column):
    return frame[column].to_numpy(dtype=object)


class _Graph:
    """Per-view lookups over the network's tables, built once (all vectorized).

    Organizations are integer positions throughout; ``org_node[p]`` is the node id of position ``p``.
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
        self.org_node = _object_column(self.orgs, "id")
        # Kinds and names of the other nodes, looked up only for the nodes drawn (see learn).
        self._kinds, self._names, self._unknown = {}, {}, set()

        # Findings, one row each: uncovered first, then broken chains (the order codes are listed in).
        frames = (("uncovered", analysis.uncovered), ("chain", analysis.broken_chains))
        self.f_org_id = np.concatenate([_object_column(f, "org_id") for _, f in frames])
        self.f_code = np.concatenate([_object_column(f, "code") for _, f in frames])
        self.f_label = np.concatenate([_object_column(f, "label") for _, f in frames])
        self.f_category = np.concatenate([np.full(len(f), c, dtype=object) for c, f in frames])
        self.f_chain = self.f_category == "chain"
        codes, uniques = pd.factorize(self.f_code)
        rank = {code: i for i, code in enumerate(FINDING_PRIORITY)}
        unique_rank = np.array([rank.get(code, len(FINDING_PRIORITY)) for code in uniques] + [len(FINDING_PRIORITY)],
                               dtype=np.int64)
        self.f_rank = unique_rank[codes]  # code -1 (missing) takes the last entry

        # Organization positions of the findings and of the targets of every unit link, in one lookup.
        self.links = {t: e for t, e in network.edge_tables.items() if t in UNIT_LINK_TYPES}
        targets = [_object_column(e, "target") for e in self.links.values()]
        # Organization node ids are org:<org_id> (graph.network.node_id).
        f_ids = _arrow_text(self.f_org_id)
        f_nodes = (pc.binary_join_element_wise("org:", f_ids, "") if f_ids is not None else
                   np.array(["org:" + v if isinstance(v, str) else None for v in self.f_org_id], dtype=object))
        self.org_node_text = _arrow_text(self.org_node)  # None when an id is not text
        rows = _rows_of(self.org_node_text if self.org_node_text is not None else self.org_node, [f_nodes] + targets)
        self.f_pos = rows[:len(f_nodes)]
        self.link_pos, start = {}, len(f_nodes)
        for edge_type, target in zip(self.links, targets):
            self.link_pos[edge_type] = rows[start:start + len(target)]
            start += len(target)

        n, found = self.n, self.f_pos >= 0
        self.org_codes = np.bincount(self.f_pos[found], minlength=n)
        self.org_rank = np.full(n, len(FINDING_PRIORITY) + 1, dtype=np.int64)
        np.minimum.at(self.org_rank, self.f_pos[found], self.f_rank[found])
        self.org_uncovered = np.bincount(self.f_pos[found & ~self.f_chain], minlength=n) > 0
        self.org_chain = np.bincount(self.f_pos[found & self.f_chain], minlength=n) > 0
        self.org_has_finding = self.org_uncovered | self.org_chain

        # Places: the street node and the community node of every organization, as row numbers.
        nt = network.node_tables
        self.street_ids = _object_column(nt["street"], "id")
        self.community_ids = _object_column(nt["community"], "id")
        self.org_street_row = self._street_rows()
        self.org_community_row = self._community_rows()

        loads = analysis.loads.copy()
        loads["ratio"] = np.where(loads["capacity"] > 0, loads["load"] / loads["capacity"].where(
            loads["capacity"] > 0, 1), np.where(loads["load"] > 0, np.inf, 0.0))
        self.loads = loads
        per_unit = loads.groupby("node_id", sort=False)
        self.unit_overloaded = per_unit["overloaded"].any()
        self.unit_idle = per_unit["idle"].any()

    def organizations_with(self, chain):
        """How many organizations have uncovered findings (or broken chains): ``org_id.nunique()``."""
        rows = self.f_chain == chain
        stray = self.f_org_id[rows & (self.f_pos < 0)]
        flags = self.org_chain if chain else self.org_uncovered
        return int(flags.sum()) + (pd.Series(stray, dtype=object).nunique() if len(stray) else 0)

    def _street_rows(self):
        """Row of ``street:<street>`` in the street node table, per organization (-1: none, or unknown)."""
        names = _object_column(self.network.node_tables["street"], "name")
        if not all(node == f"street:{name}" for node, name in zip(self.street_ids, names)):
            return self._rows_by_text(self.street_ids, "street:" + self.orgs["street"])
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

    @staticmethod
    def _rows_by_text(node_ids, text):
        rows = text_index(node_ids).get_indexer(text_index(text))
        return rows.astype(np.int64)

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
            for node, name in zip(_object_column(table, "id")[hit], _object_column(table, "name")[hit]):
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
        self.learn((node,))
        kinds = self._kinds.get(node)
        return kinds[0] if kinds else None

    def name_of(self, node, *default):
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

    def priority_order(self, mask):
        """Positions of the organizations in `mask`, in the order they are drawn.

        Most serious finding first (then key organizations, more codes, more employees), except
        that the first few of every (most serious code, street) group come before all the rest,
        taking turns, so a rare code or a small street is never crowded out by thousands of
        commoner findings.
        """
        positions = np.flatnonzero(mask)
        rank = self.org_rank[positions]
        employees = -pd.Series(self.orgs["employees"].to_numpy()[positions]).fillna(0).to_numpy(dtype=float)
        not_key = ~pd.Series(self.orgs["key"].to_numpy()[positions]).fillna(False).to_numpy(dtype=bool)
        codes = -self.org_codes[positions]
        # org:<org_id> sorts as org_id does; Arrow compares UTF-8 bytes, i.e. code points, as numpy does.
        ids = self.org_node_text.take(positions) if self.org_node_text is not None else None
        if ids is not None and ids.null_count == 0:
            order = pc.sort_indices(pa.table({"rank": rank, "codes": codes, "key": not_key, "employees": employees,
                                              "id": ids}),
                                    sort_keys=[("rank", "ascending"), ("codes", "ascending"), ("key", "ascending"),
                                               ("employees", "ascending"), ("id", "ascending")]).to_numpy()
        else:
            org_ids = _object_column(self.orgs, "org_id")[positions]
            order = np.lexsort((org_ids.astype(str), employees, not_key, codes, rank))
        street = self.group_streets(positions)
        turn = _cumcount(rank[order].astype(np.int64) * (street.max(initial=0) + 1) + street[order])
        early = turn < _GUARANTEED_PER_GROUP
        # The early ones take turns: the first of every group, then the second of every group, ...
        early_order = order[early][np.lexsort((rank[order][early], turn[early]))]
        return positions[np.concatenate([early_order, order[~early]])]

    def group_streets(self, org_positions):
        """An integer per organization, equal where ``street.fillna("")`` is equal."""
        rows = self.org_street_row[org_positions]
        other = np.flatnonzero(rows < 0)
        if len(other):
            codes, _ = pd.factorize(pd.Series(_object_column(self.orgs, "street")[org_positions[other]],
                                              dtype=object).fillna(""))
            rows = rows.copy()
            rows[other] = len(self.street_ids) + codes
        return rows

    def unit_neighbours(self, org_node_ids):
        """(organization, node) pairs: every unit and Party organization linked to the organizations.

        An instructor brings the supervisory unit that appoints it.
        """
        wanted = set(org_node_ids)
        linked = [e[e["target"].isin(wanted)] for t, e in self.network.edge_tables.items()
                  if t in UNIT_LINK_TYPES + ("COVERS",)]
        linked = pd.concat(linked, ignore_index=True) if linked else self.edges_of(None)
        pairs = pd.DataFrame({"org": linked["target"].to_numpy(dtype=object),
                              "node": linked["source"].to_numpy(dtype=object)})
        appoints = self.edges_of("APPOINTS")
        sup_of = pd.Series(appoints["source"].to_numpy(dtype=object), index=appoints["target"].to_numpy(dtype=object))
        guided = pairs[pairs["node"].str.startswith("instructor:")]
        via = pd.DataFrame({"org": guided["org"].to_numpy(dtype=object),
                            "node": guided["node"].map(sup_of).to_numpy(dtype=object)})
        return pd.concat([pairs, via.dropna()], ignore_index=True)


def _cumcount(keys):
    """How many earlier entries have the same key, for every entry (``groupby.cumcount``)."""
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]]) if len(keys) else np.array([], int)
    run = np.arange(len(keys)) - np.repeat(starts, np.diff(np.r_[starts, len(keys)]))
    turn = np.empty(len(keys), dtype=np.int64)
    turn[order] = run
    return turn


def _resolve_street(graph, street):
    wanted = normalize_place(pd.Series([street], dtype=object), "街道").iloc[0]
    streets = graph.network.node_tables["street"]["name"].tolist()
    if wanted not in streets:
        raise LiangxinInputError(
            f"找不到街道“{street}”：台账“街道社区”工作表中没有它。已有街道：{'、'.join(sorted(streets))}")
    return wanted


def _resolve_unit(graph, unit):
    """Node ids named `unit`: a leader, department, supervisory unit, mass organization or instructor."""
    key = name_key(pd.Series([unit], dtype=object)).iloc[0]
    if key is None:
        raise LiangxinInputError("--unit 不能为空：请写区领导、区直机关、业务主管单位、党建工作指导员或群团组织的名称")
    units = pd.concat([graph.network.node_tables[k][["id", "name"]] for k in UNIT_KINDS], ignore_index=True)
    units = units.drop_duplicates("id")
    own_key = units["id"].str.split(":", n=1).str[1]
    instructor_key = own_key.str.rsplit("/", n=1).str[-1]
    is_instructor = units["id"].str.startswith("instructor:")
    found = units.loc[own_key.eq(key) | (is_instructor & instructor_key.eq(key)), "id"]
    if len(found):
        return found.tolist()
    import difflib

    close = difflib.get_close_matches(str(unit), units["name"].dropna().unique().tolist(), n=5, cutoff=0.5)
    hint = f"相近的名称：{'、'.join(close)}" if close else "请检查名称是否与台账一致"
    raise LiangxinInputError(f"找不到单位“{unit}”：台账中没有这个区领导、区直机关、业务主管单位、"
                             f"党建工作指导员或群团组织。{hint}")


def _take_within_budget(order, dependents, budget):
    """Take organizations in `order` while they and the nodes they bring fit in `budget`.

    Parameters
    ----------
    order : ndarray of str
        Organization node ids, most important first.
    dependents : DataFrame
        ``org, node`` pairs: drawing the organization also draws the node.
    budget : int

    Returns
    -------
    taken : ndarray of str
    brought : list of str
    """
    if budget <= 0 or not len(order):
        return order[:0], []
    rank = pd.Series(np.arange(len(order)), index=order)
    first_needed = dependents.assign(rank=dependents["org"].map(rank)).dropna(subset=["rank"])
    first_needed = first_needed.groupby("node")["rank"].min().astype(int)
    new_nodes = np.bincount(first_needed.to_numpy(), minlength=len(order))
    cost = np.arange(1, len(order) + 1) + np.cumsum(new_nodes)
    taken = int(np.searchsorted(cost, budget, side="right"))
    return order[:taken], first_needed.index[first_needed < taken].tolist()


def _unit_orgs(graph, unit_ids):
    """Positions of the organizations the units answer for, directly or through their instructors."""
    appoints = graph.edges_of("APPOINTS")
    instructors = appoints.loc[appoints["source"].isin(unit_ids), "target"]
    sources = set(unit_ids) | set(instructors)
    mask = np.zeros(graph.n, dtype=bool)
    for edge_type, edges in graph.links.items():
        rows = graph.link_pos[edge_type][edges["source"].isin(sources).to_numpy()]
        mask[rows[rows >= 0]] = True
    return mask


def _select(graph, street, unit_ids, max_nodes):
    """Decide what to draw.

    Returns ``(fixed node ids, organization positions, node ids they bring, mode, organizations left
    out, fixed nodes left out)``: the fixed nodes (district, places, units) come first, then
    organizations in priority order with what they bring, while all fits in `max_nodes`.
    """
    nt = graph.network.node_tables
    district = nt["district"]["id"].tolist()
    in_street = None
    if street is not None:
        rows = np.flatnonzero(graph.street_ids == f"street:{street}")
        in_street = np.isin(graph.org_street_row, rows) if len(rows) else np.zeros(graph.n, dtype=bool)
    if unit_ids:
        mask = _unit_orgs(graph, unit_ids)
        if street is not None:
            mask &= in_street
        stations = graph.edges_of("STATIONED_IN")
        stationed = stations.loc[stations["source"].isin(unit_ids), "target"]
        if street is not None:
            stationed = stationed[stationed == f"street:{street}"]
        appoints = graph.edges_of("APPOINTS")
        appointed = appoints.loc[appoints["source"].isin(unit_ids), "target"]
        fixed = district + list(dict.fromkeys(unit_ids)) + sorted(set(stationed)) + appointed.tolist()
        mode = "unit"
    elif street is not None:
        mask = in_street
        communities = nt["community"]
        fixed = district + [f"street:{street}"] + communities.loc[communities["street"] == street, "id"].tolist()
        mode = "street"
    else:
        mask = graph.org_has_finding.copy()
        flagged_units = graph.unit_overloaded | graph.unit_idle
        instructors = nt["instructor"]["id"]
        units = [nt[k]["id"] for k in UNIT_KINDS if k != "instructor"]
        fixed = (district + nt["street"]["id"].tolist() + nt["community"]["id"].tolist()
                 + pd.concat(units).tolist()
                 + instructors[instructors.isin(flagged_units.index[flagged_units.to_numpy(dtype=bool)])].tolist())
        mode = "district"
    fixed = list(dict.fromkeys(fixed))
    cut = max(0, len(fixed) - max_nodes)
    fixed = fixed[:max_nodes]
    positions = graph.priority_order(mask)
    # Every organization costs at least one node: only the first `budget` can be taken.
    budget = max_nodes - len(fixed)
    candidates = positions[:max(budget, 0)]
    order = graph.org_node[candidates]
    if mode == "district":
        dependents = pd.DataFrame({"org": pd.Series(dtype=object), "node": pd.Series(dtype=object)})
    else:
        dependents = graph.unit_neighbours(order)
        if mode == "unit":
            # Only the places of the organizations drawn are drawn.
            orgs = graph.orgs.take(candidates)
            community = ("community:" + orgs["street"].fillna("") + "/" + orgs["community"].fillna("")).to_numpy(
                dtype=object)
            street_node = ("street:" + orgs["street"]).where(orgs["street"].notna(), None).to_numpy(dtype=object)
            places = pd.concat([pd.DataFrame({"org": order, "node": community}),
                                pd.DataFrame({"org": order, "node": street_node})], ignore_index=True)
            known = pd.concat([nt["community"]["id"], nt["street"]["id"]])
            dependents = pd.concat([places[places["node"].isin(known)], dependents], ignore_index=True)
        dependents = dependents[~dependents["node"].isin(fixed)]
    taken, brought = _take_within_budget(order, dependents, budget)
    return fixed, candidates[:len(taken)], brought, mode, len(positions) - len(taken), cut


# ---------------------------------------------------------------------------------------------
# What each node says


def _count_text(n):
    return f"{int(n):,}"


def _rate_text(value):
    return "—" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.1%}"


def _short(name):
    name = str(name)
    return name if len(name) <= _LABEL_CHARS else name[:_LABEL_CHARS - 1] + "…"


def _joined(values, limit=8):
    values = [str(v) for v in dict.fromkeys(v for v in values if v is not None and v == v)]
    if len(values) > limit:
        return "、".join(values[:limit]) + f" 等 {len(values)} 个"
    return "、".join(values)


def _place_counts(graph):
    """Organizations, uncovered and chain-broken organizations per street and per community node.

    Returns two dicts, node id -> ``(orgs, uncovered, chain)``, for the places with organizations.
    """
    def per_place(rows, node_ids):
        placed = rows >= 0
        counts = [np.bincount(rows[placed & flag], minlength=len(node_ids))
                  for flag in (np.ones(len(rows), dtype=bool), graph.org_uncovered, graph.org_chain)]
        return {node_ids[row]: (int(counts[0][row]), int(counts[1][row]), int(counts[2][row]))
                for row in np.flatnonzero(counts[0])}

    return (per_place(graph.org_street_row, graph.street_ids),
            per_place(graph.org_community_row, graph.community_ids))


def _org_records(graph, org_positions):
    org_positions = np.sort(org_positions)
    drawn = np.zeros(graph.n, dtype=bool)
    drawn[org_positions] = True
    orgs = graph.orgs.take(org_positions)
    tables = graph.tables
    rows = np.flatnonzero((graph.f_pos >= 0) & drawn[graph.f_pos.clip(0)])
    # Uncovered codes before chain codes, each by priority (a stable sort).
    rows = rows[np.lexsort((graph.f_rank[rows], graph.f_chain[rows]))]
    codes = {}
    for org_id, label, code, category in zip(graph.f_org_id[rows].tolist(), graph.f_label[rows].tolist(),
                                             graph.f_code[rows].tolist(), graph.f_category[rows].tolist()):
        codes.setdefault(org_id, []).append([label, code, category])

    lp, dc, sup, mt = tables.leader_points, tables.department_contacts, tables.supervision, tables.mass_org_tasks
    index = graph.index
    roles = {
        NODE_KINDS["leader"].label_zh: (lp, "leader", index.leader),
        "直接联系的" + NODE_KINDS["department"].label_zh: (dc, "department", index.contact),
        NODE_KINDS["supervisory_unit"].label_zh: (sup, "supervisory_unit", index.supervised),
        NODE_KINDS["instructor"].label_zh: (sup, "instructor", index.supervised),
        NODE_KINDS["mass_org"].label_zh: (mt, "mass_org", index.mass),
    }
    by_org = {}
    for role, (table, column, org_rows) in roles.items():
        mine = (org_rows >= 0) & drawn[org_rows.clip(0)]
        org_ids, names = _object_column(table, "org_id")[mine], _object_column(table, column)[mine]
        given = ~(pd.isna(org_ids) | pd.isna(names))
        for org_id, name in zip(org_ids[given].tolist(), names[given].tolist()):
            by_org.setdefault((org_id, role), []).append(name)
    by_org = {key: _joined(names) for key, names in by_org.items()}

    stations = tables.department_stations.groupby("street")["department"].agg(_joined).to_dict()
    records = []
    columns = ["id", "org_id", "name", "org_kind", "credit_code", "street", "community", "employees",
               "party_members", "status", "party_org", "key", "has_union", "has_youth_league", "has_womens_org"]
    rows = zip(orgs[columns].itertuples(index=False), graph.org_uncovered[org_positions],
               graph.org_chain[org_positions])
    for (node, org_id, name, kind, code, street, community, employees, members, status, party_org, key,
         union, youth, women), uncovered, chain in rows:
        status_text = STATUS_ZH.get(status, "未组建")
        if party_org and status != "none":
            status_text += f"：{party_org}"
        branches = [label for flag, label in ((union, "工会"), (youth, "团组织"), (women, "妇组织")) if flag is True]
        info = [
            ["类型", KIND_ZH.get(kind, kind or "")],
            ["统一社会信用代码", code or "无"],
            ["街道 / 社区", f"{street or '（空）'} / {community or '（空）'}"],
            ["从业人员 / 党员", f"{_count_text(employees or 0)} 人 / {_count_text(members or 0)} 名"],
            ["党组织", status_text],
            ["群团组织", "、".join(branches) or "无"],
        ]
        if key is True:
            info.append(["重点难点", "是"])
        for role in roles:
            names = by_org.get((org_id, role))
            if names:
                info.append([role, names])
        if street is not None and street in stations:
            info.append(["驻街区直机关", stations[street]])
        gaps = [gap for gap, flag in (("uncovered", uncovered), ("chain", chain)) if flag]
        records.append({"id": node, "kind": "organization", "name": name, "label": _short(name),
                        "street": street, "gaps": gaps, "info": info, "codes": codes.get(org_id, [])})
    return records


def _contacts(graph, unit_node_ids):
    """Contact names and phones of the unit nodes (shown only with ``show_contacts``): two dicts."""
    tables = graph.tables
    wanted = set(unit_node_ids)
    lp = tables.leader_points
    # Supervision rows give a phone to unit:<unit key>, or to instructor:<unit key>/<instructor key>
    # when they name an instructor: only the rows that can be one of these units are looked at.
    unit_keys, instructor_keys = set(), set()
    for node in wanted:
        if node.startswith("unit:"):
            unit_keys.add(node[len("unit:"):])
        elif node.startswith("instructor:"):
            rest = node[len("instructor:"):]
            instructor_keys.update((rest[:i], rest[i + 1:]) for i, char in enumerate(rest) if char == "/")
    sup = tables.supervision
    named = sup["instructor_key"].notna()
    candidates = ((~named & sup["unit_key"].isin(unit_keys))
                  | (named & sup["unit_key"].isin({u for u, _ in instructor_keys})
                     & sup["instructor_key"].isin({i for _, i in instructor_keys})))
    sup = sup[candidates]
    instructor_node = ("instructor:" + sup["unit_key"] + "/" + sup["instructor_key"]).where(
        sup["instructor_key"].notna(), "unit:" + sup["unit_key"])
    nodes = np.concatenate([("leader:" + lp["leader_key"]).to_numpy(dtype=object),
                            instructor_node.to_numpy(dtype=object)])
    liaison = np.concatenate([_object_column(lp, "liaison"), np.full(len(sup), None, dtype=object)])
    phone = np.concatenate([_object_column(lp, "phone"), _object_column(sup, "phone")])
    liaisons, phones = {}, {}
    for node, name, number in zip(nodes.tolist(), liaison.tolist(), phone.tolist()):
        if node in wanted:
            liaisons.setdefault(node, []).append(name)
            phones.setdefault(node, []).append(number)
    return ({node: _joined(names, 3) for node, names in liaisons.items()},
            {node: _joined(numbers, 3) for node, numbers in phones.items()})


def _unit_records(graph, unit_node_ids, show_contacts):
    graph.learn(unit_node_ids)
    loads = graph.loads[graph.loads["node_id"].isin(unit_node_ids)]
    by_node = {}
    for row, node in enumerate(loads["node_id"].tolist()):
        by_node.setdefault(node, []).append(row)
    load_rows = list(zip(*(loads[c].tolist() for c in ("kind", "load", "capacity", "linked", "overloaded", "idle"))))
    stations = graph.edges_of("STATIONED_IN")
    stationed = stations.groupby("source")["target"].agg(lambda s: _joined(t.split(":", 1)[1] for t in s))
    appoints = graph.edges_of("APPOINTS")
    appointing = appoints[appoints["source"].isin(unit_node_ids)]
    instructor_counts = appointing.groupby("source").size()
    overloaded_instructors = appointing[appointing["target"].map(graph.unit_overloaded).fillna(False).astype(bool)]
    overloaded_instructors = overloaded_instructors.groupby("source").size()

    def per_source(edge_type):
        edges = graph.edges_of(edge_type)
        return edges[edges["source"].isin(unit_node_ids)].groupby("source").size()

    co_builds, covers = per_source("CO_BUILDS"), per_source("COVERS")
    appointed = appoints[appoints["target"].isin(unit_node_ids)]
    supervisor_of = pd.Series(appointed["source"].to_numpy(dtype=object),
                              index=appointed["target"].to_numpy(dtype=object))
    graph.learn(supervisor_of.tolist())
    liaisons, phones = _contacts(graph, unit_node_ids) if show_contacts else ({}, {})

    records = []
    for node in unit_node_ids:
        kinds = graph.kinds_of(node)
        name = graph.name_of(node)
        info = [["角色", "、".join(NODE_KINDS[k].label_zh for k in kinds)]]
        gaps, scale, label = [], 1.0, _short(name)
        rows = by_node.get(node)
        if rows is not None:
            for kind, load, capacity, linked, overloaded, idle in (load_rows[row] for row in rows):
                state = "（超负荷）" if overloaded else "（未落实）" if idle else ""
                info.append([f"{ROLE_ZH[kind]}负荷", f"{load:.4g} / 容量 {capacity}{state}"])
                info.append([f"{ROLE_ZH[kind]}联系组织", f"{_count_text(linked)} 个"])
            if any(load_rows[row][4] for row in rows):
                worst = loads.iloc[rows].sort_values("ratio", ascending=False).iloc[0]
                gaps.append("overloaded")
                ratio = worst["ratio"] if np.isfinite(worst["ratio"]) else 4.0
                scale = float(np.clip(math.sqrt(ratio), 1.4, 3.0))
                label = f"{label}\n负荷 {worst['load']:.4g}/{worst['capacity']}"
            if any(load_rows[row][5] for row in rows):
                gaps.append("idle")
                label = f"{label}\n（未落实）"
        if node in stationed.index:
            info.append(["驻点街道", stationed[node]])
        if node in supervisor_of.index:
            info.append(["所属业务主管单位", graph.name_of(supervisor_of[node], "")])
        if node in instructor_counts.index:
            text = f"{_count_text(instructor_counts[node])} 名"
            if node in overloaded_instructors.index:
                text += f"（超负荷 {overloaded_instructors[node]} 名）"
            info.append(["选派指导员", text])
        if node in co_builds.index:
            info.append(["党群共建组织", f"{_count_text(co_builds[node])} 个"])
        if node in covers.index:
            info.append(["覆盖组织", f"{_count_text(covers[node])} 个"])
        if show_contacts:
            if liaisons.get(node):
                info.append(["联络员", liaisons[node]])
            if phones.get(node):
                info.append(["联系电话", phones[node]])
        records.append({"id": node, "kind": kinds[0], "kinds": list(kinds), "name": name, "label": label,
                        "street": None, "gaps": gaps, "scale": scale, "info": info, "codes": []})
    return records


def _place_records(graph, node_ids, drawn_per_place, show_contacts):
    network = graph.network
    coverage = graph.analysis.coverage
    by_street, by_community = _place_counts(graph)
    rates = coverage.set_index("group")
    stations = graph.tables.department_stations.groupby("street")["department"].agg(_joined)
    has_owner_column = graph.tables.has_owner_column

    def counts_info(counts, node):
        orgs, uncovered, chain = counts.get(node, (0, 0, 0))
        return orgs, [
            ["两新组织", f"{_count_text(orgs)} 个"],
            ["未覆盖组织", f"{_count_text(uncovered)} 个"],
            ["责任链断点组织", f"{_count_text(chain)} 个"],
            ["本图逐个绘出", f"{_count_text(drawn_per_place.get(node, 0))} 个"],
        ]

    def rate_info(group):
        if group not in rates.index:
            return []
        row = rates.loc[group]
        return [["应建党组织数", _count_text(row["required"])]] + [[RATE_ZH[c], _rate_text(row[c])]
                                                               for c in RATE_COLUMNS]

    records = []
    wanted = set(node_ids)
    district = network.node_tables["district"]
    for node, name in zip(district["id"], district["name"]):
        if node in wanted:
            info = [["街道", f"{len(network.node_tables['street'])} 个"],
                    ["社区", f"{len(network.node_tables['community'])} 个"],
                    ["两新组织", f"{_count_text(len(graph.orgs))} 个"]] + rate_info("overall")
            records.append({"id": node, "kind": "district", "name": name, "label": name, "street": None,
                            "gaps": [], "scale": 1.0, "info": info, "codes": []})
    streets = network.node_tables["street"]
    for node, name in zip(streets["id"], streets["name"]):
        if node not in wanted:
            continue
        orgs, info = counts_info(by_street, node)
        info = [["社区", f"{int((network.node_tables['community']['street'] == name).sum())} 个"]] + info
        info += rate_info(name)
        stationed = stations.get(name)
        info.append(["驻街区直机关", stationed or "无（责任链断点）"])
        records.append({"id": node, "kind": "street", "name": name, "label": f"{name}\n组织 {_count_text(orgs)}",
                        "street": name, "gaps": [] if stationed else ["chain"],
                        "scale": 1.0 + 0.15 * math.log10(1 + orgs), "info": info, "codes": []})
    communities = network.node_tables["community"]
    for node, name, street, owner in zip(communities["id"], communities["name"], communities["street"],
                                         communities["community_owner"]):
        if node not in wanted:
            continue
        orgs, info = counts_info(by_community, node)
        info = [["街道", street]] + info
        no_owner = has_owner_column and owner is None
        if has_owner_column:
            info.append(["社区责任人", "未明确（责任链断点）" if no_owner else owner if show_contacts else "已明确"])
        records.append({"id": node, "kind": "community", "name": name,
                        "label": f"{name}\n组织 {_count_text(orgs)}", "street": street,
                        "gaps": ["chain"] if no_owner else [], "scale": 1.0 + 0.2 * math.log10(1 + orgs),
                        "info": info, "codes": []})
    return records


def _party_org_records(graph, node_ids):
    graph.learn(node_ids)
    covers = graph.edges_of("COVERS")
    counts = covers[covers["source"].isin(node_ids)].groupby("source").size()
    return [{"id": node, "kind": "party_org", "name": graph.name_of(node), "label": _short(graph.name_of(node)),
             "street": None, "gaps": [], "scale": 1.0, "info": [["覆盖组织", f"{_count_text(counts.get(node, 0))} 个"]],
             "codes": []} for node in node_ids]


# ---------------------------------------------------------------------------------------------
# Edges and layout


def _edge_records(graph, drawn, org_positions):
    records, hosted = [], set()
    for edge_type, edges in graph.network.edge_tables.items():
        # Most edges end at an organization, and only a few thousand of those are drawn.
        both = edges[edges["target"].isin(drawn)]
        both = both[both["source"].isin(drawn)]
        records += [{"from": s, "to": t, "type": k} for s, t, k in
                    zip(both["source"].tolist(), both["target"].tolist(), both["type"].tolist())]
        hosted.update(both.loc[both["type"] == "HOSTS", "target"])

    # An organization with no drawn community hangs from its street (or the district): the break shows.
    org_positions = np.sort(org_positions)
    loose = org_positions[[node not in hosted for node in graph.org_node[org_positions]]]
    district = graph.network.node_tables["district"]["id"].iloc[0]
    street_node = graph.org_street_node(loose)
    parent = [up if up is not None and up in drawn else district for up in street_node]
    is_loose = np.zeros(graph.n, dtype=bool)
    is_loose[loose] = True
    rows = np.flatnonzero(graph.f_chain & (graph.f_pos >= 0) & is_loose[graph.f_pos.clip(0)])
    labels = {}
    for org_id, label in zip(graph.f_org_id[rows], graph.f_label[rows]):
        labels.setdefault(org_id, []).append(label)
    labels = {org_id: _joined(values) for org_id, values in labels.items()}
    for org, org_id, up in zip(graph.org_node[loose], _object_column(graph.orgs, "org_id")[loose], parent):
        records.append({"from": up, "to": org, "type": BREAK_EDGE["type"],
                        "note": labels.get(org_id, BREAK_EDGE["label_zh"])})

    # A drawn unit's organizations that are not drawn: one edge per (unit, street, type) with the count.
    is_drawn = np.zeros(graph.n, dtype=bool)
    is_drawn[org_positions] = True
    street_drawn = np.array([node in drawn for node in graph.street_ids] + [False], dtype=bool)
    places = len(graph.street_ids) + 1
    groups = []
    for edge_type, edges in graph.links.items():
        target = graph.link_pos[edge_type]
        found = target >= 0
        target_drawn = found & is_drawn[target.clip(0)]
        if not found.all():  # not an organization node: cannot happen in a checked network
            target_drawn[~found] = [node in drawn for node in _object_column(edges, "target")[~found]]
        links = edges["source"].isin(drawn).to_numpy() & ~target_drawn
        if not links.any():
            continue
        sources, source_names = pd.factorize(_object_column(edges, "source")[links])
        street = np.where(found[links], graph.org_street_row[target[links].clip(0)], -1)
        place = np.where(street_drawn[street], street, places - 1)  # the last place stands for the district
        keys, counts = np.unique(sources.astype(np.int64) * places + place, return_counts=True)
        for key, count in zip(keys, counts):
            row = key % places
            groups.append((source_names[key // places], district if row == places - 1 else graph.street_ids[row],
                           edge_type, int(count)))
    for source, place, edge_type, count in sorted(groups, key=lambda group: group[:3]):
        records.append({"from": source, "to": place, "type": AGGREGATE_EDGE["type"], "via": edge_type,
                        "count": count})
    return records


def _sunflower(n, spacing):
    """`n` points filling a disc evenly (Vogel's spiral), centred on the origin."""
    index = np.arange(n) + 0.5
    radius = spacing * 0.55 * np.sqrt(index)
    angle = index * math.pi * (3 - math.sqrt(5))
    return radius * np.cos(angle), radius * np.sin(angle)


def _layout(nodes, edges):
    """Set ``x, y`` on every node: a radial district → street → community tree, organizations in discs.

    Units sit between the places they answer for. The browser only relaxes this a little.
    Returns the radius of the ring of communities.
    """
    by_id = {n["id"]: n for n in nodes}
    parent = {}
    for edge in edges:
        if edge["type"] in ("HAS_STREET", "HAS_COMMUNITY", "HOSTS", BREAK_EDGE["type"]):
            parent[edge["to"]] = edge["from"]
    children = {}
    for child, up in parent.items():
        children.setdefault(up, []).append(child)
    roots = [n["id"] for n in nodes if n["kind"] == "district"]
    streets = [n["id"] for n in nodes if n["kind"] == "street"]
    if not roots:
        roots = streets
    # Groups of organizations that share a disc: per community, or hung from a street or the district.
    groups = []  # (community, or the street or district they hang from; [organizations])
    street_order = streets + [r for r in roots if r not in streets]
    for place in street_order:
        kids = children.get(place, [])
        for community in [k for k in kids if by_id[k]["kind"] == "community"]:
            groups.append((community, [o for o in children.get(community, []) if by_id[o]["kind"] == "organization"]))
        direct = [k for k in kids if by_id[k]["kind"] == "organization"]
        if direct:
            groups.append((place, direct))
    placed_communities = {g[0] for g in groups}
    for community in [n["id"] for n in nodes if n["kind"] == "community" and n["id"] not in placed_communities]:
        groups.append((community, []))

    disc = [_ORG_SPACING * 0.55 * math.sqrt(len(orgs) + 0.5) + _ORG_SPACING for _, orgs in groups]
    widths = [2 * r + _ORG_SPACING for r in disc]
    ring = max(500.0, sum(widths) / (2 * math.pi))
    position = {r: (0.0, 0.0) for r in roots}
    angle_of = {}
    start = 0.0
    for (anchor, orgs), r, width in zip(groups, disc, widths):
        theta = 2 * math.pi * (start + width / 2) / sum(widths)
        start += width
        cx, cy = (ring + r) * math.cos(theta), (ring + r) * math.sin(theta)
        xs, ys = _sunflower(len(orgs), _ORG_SPACING)
        for org, x, y in zip(orgs, xs, ys):
            position[org] = (cx + x, cy + y)
        if by_id[anchor]["kind"] == "community":
            position[anchor] = (0.8 * ring * math.cos(theta), 0.8 * ring * math.sin(theta))
        angle_of.setdefault(parent.get(anchor, anchor) if by_id[anchor]["kind"] == "community" else anchor,
                            []).append(theta)
    if len(streets) == 1 and streets[0] not in roots:
        # One street drawn in full: it takes the centre, the district stands above it.
        position[streets[0]] = (0.0, 0.0)
        for root in roots:
            position[root] = (0.0, -0.4 * ring)
    else:
        for street in streets:
            thetas = angle_of.get(street)
            theta = math.atan2(np.mean(np.sin(thetas)), np.mean(np.cos(thetas))) if thetas else 0.0
            if street not in roots:
                position[street] = (0.45 * ring * math.cos(theta), 0.45 * ring * math.sin(theta))

    # Everything else (units, Party organizations) goes where its drawn neighbours are.
    neighbours = {}
    for edge in edges:
        neighbours.setdefault(edge["from"], []).append(edge["to"])
        neighbours.setdefault(edge["to"], []).append(edge["from"])
    rest = [n for n in nodes if n["id"] not in position]
    # Instructors and Party organizations first: a supervisory unit then stands among its instructors.
    rest.sort(key=lambda n: n["kind"] not in ("instructor", "party_org"))
    for node in rest:
        near = [position[m] for m in neighbours.get(node["id"], []) if m in position]
        if near:
            x, y = np.mean(near, axis=0)
            jitter = (_hash_fraction(node["id"]) - 0.5) * 0.3
            if node["kind"] in ("instructor", "party_org"):
                position[node["id"]] = (x * 0.95 + jitter * 60, y * 0.95 - jitter * 60)
            else:
                theta = math.atan2(y, x) + jitter
                radius = ring * (0.55 + 0.25 * _hash_fraction(node["id"][::-1]))
                position[node["id"]] = (radius * math.cos(theta), radius * math.sin(theta))
        else:
            theta = 2 * math.pi * _hash_fraction(node["id"])
            position[node["id"]] = (1.5 * ring * math.cos(theta), 1.5 * ring * math.sin(theta))
    for node in nodes:
        x, y = position[node["id"]]
        node["x"], node["y"] = round(float(x), 1), round(float(y), 1)
    return ring


def _hash_fraction(text):
    """A stable number in [0, 1) from `text` (Python's ``hash`` changes between runs).

    Examples
    --------
    >>> 0 <= _hash_fraction("unit:区民政局") < 1
    True
    """
    return zlib.crc32(str(text).encode("utf-8")) / 2**32


# ---------------------------------------------------------------------------------------------
# The view


def network_view(analysis, *, street=None, unit=None, show_contacts=False, max_nodes=DEFAULT_MAX_NODES):
    """Decide what the network page draws.

    Parameters
    ----------
    analysis : queries.analysis.Analysis
    street : str, optional
        Draw this street in full (``平湖`` or ``平湖街道``).
    unit : str, optional
        Draw this responsible unit in full: a leader, department, supervisory unit, instructor
        or mass organization, by name. With `street` too, only its organizations in that street.
    show_contacts : bool, optional
        Put liaison names and phone numbers (and community owners' names) in the tooltips.
    max_nodes : int, optional
        At most this many nodes are drawn; organizations with the most serious findings come first.

    Returns
    -------
    NetworkView

    Raises
    ------
    LiangxinInputError
        `street` or `unit` is not in the workbook.

    Examples
    --------
    >>> view = network_view(result, street="平湖")  # doctest: +SKIP
    >>> len(view.nodes) <= DEFAULT_MAX_NODES  # doctest: +SKIP
    True
    """
    if max_nodes < 1:
        raise ValueError("max_nodes must be at least 1")
    graph = _Graph(analysis)
    network = analysis.network
    street_name = _resolve_street(graph, street) if street not in (None, "") else None
    unit_ids = _resolve_unit(graph, unit) if unit not in (None, "") else []
    fixed, taken, brought, mode, omitted, cut = _select(graph, street_name, unit_ids, max_nodes)
    org_nodes = graph.org_node[taken].tolist()
    drawn = list(dict.fromkeys(fixed + org_nodes + brought))
    drawn_set = set(drawn)
    org_set = set(org_nodes)
    graph.learn([node for node in drawn if node not in org_set])
    kinds = ["organization" if node in org_set else graph.kind_of(node) for node in drawn]

    drawn_per_place = {}
    for rows, node_ids in ((graph.org_community_row[taken], graph.community_ids),
                           (graph.org_street_row[taken], graph.street_ids)):
        places, counts = np.unique(rows[rows >= 0], return_counts=True)
        drawn_per_place.update(zip(node_ids[places].tolist(), counts.tolist()))
    place_nodes = [n for n, k in zip(drawn, kinds) if k in ("district", "street", "community")]
    unit_nodes = [n for n, k in zip(drawn, kinds) if k in UNIT_KINDS]
    party_nodes = [n for n, k in zip(drawn, kinds) if k == "party_org"]
    records = (_place_records(graph, place_nodes, drawn_per_place, show_contacts)
               + _unit_records(graph, unit_nodes, show_contacts)
               + _party_org_records(graph, party_nodes)
               + _org_records(graph, taken))
    order = {node: i for i, node in enumerate(drawn)}
    records.sort(key=lambda r: order[r["id"]])
    for record in records:
        record.setdefault("scale", 1.0)
    edges = _edge_records(graph, drawn_set, taken)
    ring = _layout(records, edges)
    # Place labels big enough to read with the whole view in sight, whatever its size.
    label_scale = float(np.clip(ring / _LABEL_RING, 0.2, 1.0))
    for record in records:
        if record["kind"] in _FONT_SIZE:
            record["fontSize"] = round(max(16.0, _FONT_SIZE[record["kind"]] * label_scale))

    legend = []
    drawn_roles = pd.Series([k for r in records for k in r.get("kinds", [r["kind"]])]).value_counts()
    totals, _ = network.counts()
    for kind, spec in NODE_KINDS.items():
        legend.append({"kind": kind, "label_zh": spec.label_zh, "color": spec.color, "shape": spec.shape,
                       "total": int(totals.get(kind, 0)), "drawn": int(drawn_roles.get(kind, 0))})

    counts = analysis.counts
    title = {"district": f"{network.district}两新组织党建责任网络",
             "street": f"{network.district}{street_name}两新组织党建责任网络",
             "unit": f"{graph.name_of(unit_ids[0]) if unit_ids else ''}的责任网络"
                     + (f"（{street_name}）" if street_name else "")}[mode]
    subtitle = (f"两新组织 {_count_text(counts['organizations'])} 个 · 未覆盖 "
                f"{_count_text(graph.organizations_with(chain=False))} 个 · 责任链断点 "
                f"{_count_text(graph.organizations_with(chain=True))} 个 · 超负荷单位 "
                f"{_count_text(len(analysis.overloaded))} 个 · 未落实单位 {_count_text(len(analysis.idle))} 个")
    drawn_count = len(org_set)
    qualified = drawn_count + omitted
    notes = []
    if mode == "district":
        notes.append(f"全区视图：街道、社区只显示汇总数字；有问题（未覆盖或责任链断点）的组织共 {_count_text(qualified)} 个，"
                     f"逐个绘出 {_count_text(drawn_count)} 个。党建工作指导员并入其业务主管单位，超负荷或未落实的单独绘出。")
    elif mode == "street":
        notes.append(f"{street_name}全部组织 {_count_text(qualified)} 个，绘出 {_count_text(drawn_count)} 个。")
    else:
        notes.append(f"该单位负责的组织 {_count_text(qualified)} 个，绘出 {_count_text(drawn_count)} 个。")
    if omitted:
        notes.append(f"为保持流畅，最多绘出 {_count_text(max_nodes)} 个节点：另有 {_count_text(omitted)} 个组织未单独绘出"
                     "（已计入街道、社区的统计和单位的虚线汇总连线）。问题越严重的组织越先绘出；"
                     f"每个街道的每类问题先轮流各绘出至多 {_GUARANTEED_PER_GROUP} 个，少见的问题不会被淹没。"
                     "要看全部，可用 liangxin viz 台账.xlsx --street 街道名 或 --unit 单位名，或用 --max-nodes 提高上限。")
    if cut:
        notes.append(f"上限 {_count_text(max_nodes)} 太小：还有 {_count_text(cut)} 个街道、社区或责任单位没有画出，"
                     "请用 --max-nodes 提高上限。")
    if not show_contacts:
        notes.append("联络员、联系电话和社区责任人姓名未显示（需要时加 --show-contacts）。")
    streets = sorted({r["street"] for r in records if r["street"] and r["kind"] in ("street", "community",
                                                                                   "organization")})
    log.info("network view %s: %d nodes, %d edges, %d organizations omitted", mode, len(records), len(edges), omitted)
    return NetworkView(title=title, subtitle=subtitle, nodes=records, edges=edges, legend=legend, notes=notes,
                       streets=streets, omitted=omitted)


# ---------------------------------------------------------------------------------------------
# The page


@lru_cache(maxsize=1)
def _vis_assets():
    """vis-network's JavaScript and CSS, from the copy bundled with pyvis."""
    from importlib.util import find_spec

    # Found without importing pyvis (and the Jinja templates it loads): only its files are read.
    spec = find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        import pyvis  # raises the usual ImportError

        package = Path(pyvis.__file__).parent
    else:
        package = Path(list(spec.submodule_search_locations)[0])
    folder = package / "lib" / _VIS_DIR
    try:
        script = (folder / "vis-network.min.js").read_text(encoding="utf-8")
        style = (folder / "vis-network.css").read_text(encoding="utf-8")
    except OSError as error:
        raise RuntimeError(f"pyvis 自带的 vis-network 文件缺失（{folder}）：请重新安装 pyvis 0.3.2") from error
    if "</script" in script.lower() or "</style" in style.lower():
        raise RuntimeError(f"{folder} 中的 vis-network 文件不能内嵌到页面中")
    return script, style


def script_json(value):
    """Return `value` as JSON that is safe inside an HTML ``<script>`` element.

    ``<``, ``>`` and ``&`` are written as ``\\u003c``-style escapes, so a name containing
    ``</script>`` or ``<!--`` cannot end the script; JavaScript reads the same string back.

    Examples
    --------
    >>> script_json({"name": "</script><b>"})
    '{"name":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False, default=_json_default)
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


def _json_default(value):
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"cannot put {type(value).__name__} into the page")


_SHAPE_SVG = {
    "dot": '<circle cx="9" cy="9" r="6.5"{a}/>',
    "square": '<rect x="3" y="3" width="12" height="12"{a}/>',
    "box": '<rect x="1.5" y="4" width="15" height="10" rx="2"{a}/>',
    "ellipse": '<ellipse cx="9" cy="9" rx="7.5" ry="5"{a}/>',
    "triangle": '<polygon points="9,2 16,15.5 2,15.5"{a}/>',
    "diamond": '<polygon points="9,1.5 16.5,9 9,16.5 1.5,9"{a}/>',
    "hexagon": '<polygon points="16,9 12.5,15.1 5.5,15.1 2,9 5.5,2.9 12.5,2.9"{a}/>',
    "star": '<polygon points="9,1.5 10.9,6.6 16.1,6.7 12,10 13.4,15.3 9,12.2 4.6,15.3 6,10 1.9,6.7 7.1,6.6"{a}/>',
}


def _icon(shape, fill, stroke=None, dashed=False, width=1.5):
    attributes = f' fill="{html.escape(fill)}" stroke="{html.escape(stroke or fill)}" stroke-width="{width}"'
    if dashed:
        attributes += ' stroke-dasharray="3 2"'
    body = _SHAPE_SVG.get(shape, _SHAPE_SVG["dot"]).format(a=attributes)
    return f'<svg class="lx-icon" width="18" height="18" viewBox="0 0 18 18" aria-hidden="true">{body}</svg>'


def _line_icon(color, dash):
    return (f'<svg class="lx-icon" width="18" height="18" viewBox="0 0 18 18" aria-hidden="true"><line x1="1" y1="9" '
            f'x2="17" y2="9" stroke="{html.escape(color)}" stroke-width="2" stroke-dasharray="{dash}"/></svg>')


def _legend_html(view):
    rows = []
    for entry in view.legend:
        if not entry["total"] and not entry["drawn"]:
            continue
        count = _count_text(entry["total"])
        if entry["drawn"] != entry["total"]:
            count += f"（绘出 {_count_text(entry['drawn'])}）"
        rows.append(f'<li data-kind="{html.escape(entry["kind"])}">{_icon(entry["shape"], entry["color"])}'
                    f'<span class="lx-legend-name">{html.escape(entry["label_zh"])}</span>'
                    f'<span class="lx-legend-count">{html.escape(count)}</span></li>')
    organization = NODE_KINDS["organization"].color
    marks = [
        (_icon("dot", FINDING_STYLE["uncovered"]["background"]), FINDING_STYLE["uncovered"]["label_zh"]),
        (_icon("dot", organization, FINDING_STYLE["chain"]["border"], dashed=True, width=3),
         FINDING_STYLE["chain"]["label_zh"]),
        (_icon("box", NODE_KINDS["department"].color, FINDING_STYLE["overloaded"]["border"], width=3),
         FINDING_STYLE["overloaded"]["label_zh"]),
        (_icon("box", NODE_KINDS["department"].color, FINDING_STYLE["idle"]["border"], dashed=True, width=3),
         FINDING_STYLE["idle"]["label_zh"]),
        (_line_icon(FINDING_STYLE["chain"]["border"], "5 3"), "断开的责任链（挂在上一级）"),
        (_line_icon("#6b7280", "2 3"), "虚线汇总：未单独绘出的组织数"),
    ]
    rows.append('<li class="lx-legend-heading">问题标记</li>')
    rows += [f'<li>{icon}<span class="lx-legend-name">{html.escape(text)}</span></li>' for icon, text in marks]
    return ('<div class="lx-legend-title">图例（数量为全区）</div><ul>' + "".join(rows) + "</ul>"
            '<div class="lx-legend-hint">点击节点：高亮其责任链（区 → 街道 → 社区 → 组织及责任单位）；点击空白处取消。</div>')


def _page_data(view):
    big = len(view.nodes) > 1000
    moving = sum(node["kind"] in _PHYSICS_KINDS for node in view.nodes)
    return {
        "kinds": {kind: {"label": spec.label_zh, "color": spec.color, "shape": spec.shape,
                         "size": _BASE_SIZE.get(kind, 12), "fontSize": 14}
                  for kind, spec in NODE_KINDS.items()},
        "edgeLabels": {**{t: e.label_zh for t, e in EDGE_KINDS.items()},
                       BREAK_EDGE["type"]: BREAK_EDGE["label_zh"], AGGREGATE_EDGE["type"]: AGGREGATE_EDGE["label_zh"]},
        "findingStyle": FINDING_STYLE,
        "font": _FONT_STACK,
        "physicsKinds": {kind: True for kind in _PHYSICS_KINDS},
        # About the same work whatever the view: fewer rounds when more nodes move.
        "iterations": int(np.clip(_PHYSICS_WORK // max(moving, 1), 40, 300)),
        "big": big,
        "streets": view.streets,
        "nodes": view.nodes,
        "edges": view.edges,
    }


def network_html(view_or_analysis, **view_options):
    """Return the network page as one self-contained HTML string.

    Parameters
    ----------
    view_or_analysis : NetworkView or queries.analysis.Analysis
        An analysis is first turned into a view with :func:`network_view`.
    **view_options
        Passed to :func:`network_view` (``street``, ``unit``, ``show_contacts``, ``max_nodes``).

    Examples
    --------
    >>> page = network_html(result, street="平湖")  # doctest: +SKIP
    >>> "https://" in page  # doctest: +SKIP
    False
    """
    view = view_or_analysis
    if not isinstance(view, NetworkView):
        view = network_view(view_or_analysis, **view_options)
    elif view_options:
        raise TypeError("view options only apply when an analysis is given")
    vis_script, vis_style = _vis_assets()
    data_script = f"window.LIANGXIN_DATA = {script_json(_page_data(view))};"
    scripts = [vis_script, data_script, _PAGE_SCRIPT]
    import base64
    import hashlib

    hashes = " ".join("'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode("ascii") + "'"
                      for s in scripts)
    notes = "".join(f"<li>{html.escape(note)}</li>" for note in view.notes)
    parts = {
        "CSP": html.escape(f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:"),
        "TITLE": html.escape(view.title),
        "SUBTITLE": html.escape(view.subtitle),
        "NOTES": notes,
        "LEGEND": _legend_html(view),
        "FONT": _FONT_STACK,
        "VIS_CSS": vis_style,
        "PAGE_CSS": _PAGE_STYLE,
        "VIS_JS": vis_script,
        "DATA_JS": data_script,
        "PAGE_JS": _PAGE_SCRIPT,
    }
    return re.sub(r"@@([A-Z_]+)@@", lambda m: parts[m.group(1)], _PAGE_TEMPLATE)


def write_network_html(analysis, path, *, street=None, unit=None, show_contacts=False, max_nodes=DEFAULT_MAX_NODES):
    """Write ``network.html``: the interactive network, one file that opens from disk offline.

    Parameters
    ----------
    analysis : queries.analysis.Analysis
    path : str or Path
        The HTML file to write (its folder is created when missing).
    street, unit, show_contacts, max_nodes
        As :func:`network_view`: by default the whole district, aggregated.

    Returns
    -------
    Path

    Raises
    ------
    LiangxinInputError
        `street` or `unit` is not in the workbook.

    Examples
    --------
    >>> write_network_html(result, "out/network.html")  # doctest: +SKIP
    PosixPath('out/network.html')
    >>> write_network_html(result, "out/平湖.html", street="平湖")  # doctest: +SKIP
    PosixPath('out/平湖.html')
    """
    view = network_view(analysis, street=street, unit=unit, show_contacts=show_contacts, max_nodes=max_nodes)
    page = network_html(view)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Bytes, not text: no platform encoding (GBK on Chinese Windows) and no newline translation.
    path.write_bytes(page.encode("utf-8"))
    log.info("wrote %s: %d nodes, %d edges, %.1f MB", path, len(view.nodes), len(view.edges),
             len(page.encode("utf-8")) / 1e6)
    return path


class NetworkDisplay:
    """The network page shown inline by Jupyter (an ``<iframe srcdoc>``, no web server).

    Attributes
    ----------
    html : str
        The whole page, as :func:`network_html` returns it.
    height : int
        Height of the frame in pixels.
    """

    def __init__(self, page, height=720):
        self.html = page
        self.height = height

    def _repr_html_(self):
        # The page runs in a sandbox of its own: its scripts cannot reach the notebook.
        return (f'<iframe srcdoc="{html.escape(self.html, quote=True)}" sandbox="allow-scripts" '
                f'style="width:100%;height:{int(self.height)}px;border:1px solid #d1d5db" '
                f'title="两新组织党建责任网络"></iframe>')

    def save(self, path):
        """Write the page to `path` as UTF-8 and return the path."""
        path = Path(path)
        path.write_bytes(self.html.encode("utf-8"))
        return path

    def __repr__(self):
        return f"<NetworkDisplay {len(self.html.encode('utf-8')) / 1e6:.1f} MB>"


def show_network(analysis, height=720, **view_options):
    """Return the network for display in a Jupyter notebook cell.

    Parameters
    ----------
    analysis : queries.analysis.Analysis
    height : int, optional
        Height of the inline frame in pixels.
    **view_options
        As :func:`network_view` (``street``, ``unit``, ``show_contacts``, ``max_nodes``).

    Returns
    -------
    NetworkDisplay
        Jupyter shows it inline through its ``_repr_html_``; IPython is not needed to build it.

    Examples
    --------
    >>> show_network(result, street="平湖")  # doctest: +SKIP
    """
    return NetworkDisplay(network_html(analysis, **view_options), height=height)


_PAGE_TEMPLATE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="@@CSP@@">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>@@TITLE@@</title>
<style>@@VIS_CSS@@</style>
<style>@@PAGE_CSS@@</style>
</head>
<body>
<header id="lx-header">
  <h1>@@TITLE@@</h1>
  <div id="lx-subtitle">@@SUBTITLE@@</div>
  <div id="lx-controls">
    <label>搜索 <input id="lx-search" type="search" placeholder="输入名称，查找已绘出的节点" autocomplete="off"></label>
    <label>街道 <select id="lx-street"><option value="">全部街道</option></select></label>
    <button id="lx-reset" type="button">重置视图</button>
    <span id="lx-status" role="status"></span>
  </div>
  <ul id="lx-notes">@@NOTES@@</ul>
</header>
<main id="lx-main">
  <div id="lx-network"></div>
  <div id="lx-results" hidden></div>
  <aside id="lx-legend">@@LEGEND@@</aside>
  <div id="lx-loading"><div>正在计算布局… <span id="lx-progress">0%</span></div></div>
</main>
<script>@@VIS_JS@@</script>
<script>@@DATA_JS@@</script>
<script>@@PAGE_JS@@</script>
</body>
</html>
"""

_PAGE_STYLE = """
html, body { margin: 0; height: 100%; font-family: @@FONT@@; color: #1f2937; background: #f9fafb; }
body { display: flex; flex-direction: column; }
#lx-header { padding: 8px 14px 4px; background: #fff; border-bottom: 1px solid #e5e7eb; }
#lx-header h1 { font-size: 18px; margin: 0 0 2px; color: #7f1d1d; }
#lx-subtitle { font-size: 13px; color: #4b5563; }
#lx-controls { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; margin: 6px 0 2px; font-size: 14px; }
#lx-controls input, #lx-controls select, #lx-controls button { font: inherit; padding: 3px 6px; }
#lx-search { width: 260px; }
#lx-status { color: #b91c1c; }
#lx-notes { margin: 2px 0 0; padding-left: 18px; font-size: 12px; color: #92400e; }
#lx-main { position: relative; flex: 1; min-height: 420px; display: flex; }
#lx-network { position: relative; flex: 1; background: #fff; }
#lx-legend { flex: none; width: 270px; overflow: auto; background: #fff; border-left: 1px solid #e5e7eb;
  padding: 8px 12px; font-size: 13px; box-sizing: border-box; }
#lx-legend ul { list-style: none; margin: 4px 0; padding: 0; }
#lx-legend li { display: flex; align-items: center; gap: 6px; margin: 3px 0; }
.lx-legend-title { font-weight: bold; }
.lx-legend-heading { font-weight: bold; margin-top: 8px !important; }
.lx-legend-name { flex: 1; }
.lx-legend-count { color: #4b5563; font-variant-numeric: tabular-nums; }
.lx-legend-hint { font-size: 12px; color: #6b7280; margin-top: 6px; }
.lx-icon { flex: none; }
#lx-results { position: absolute; left: 10px; top: 10px; width: 330px; max-height: 60%; overflow: auto;
  background: #fff; border: 1px solid #d1d5db; border-radius: 6px; box-shadow: 0 2px 8px rgba(0,0,0,0.12);
  z-index: 5; font-size: 13px; }
#lx-results button { display: block; width: 100%; text-align: left; border: 0; border-bottom: 1px solid #f3f4f6;
  background: none; padding: 5px 8px; cursor: pointer; font: inherit; }
#lx-results button:hover { background: #fef2f2; }
#lx-results .lx-result-kind { color: #6b7280; margin-left: 6px; font-size: 12px; }
#lx-loading { position: absolute; inset: 0; display: flex; align-items: center; justify-content: center;
  background: rgba(255,255,255,0.85); font-size: 16px; z-index: 10; }
#lx-loading[hidden] { display: none; }
div.vis-tooltip { font-family: @@FONT@@; white-space: normal; max-width: 420px; padding: 8px 10px;
  background: #fff; border: 1px solid #d1d5db; box-shadow: 0 2px 8px rgba(0,0,0,0.15); color: #1f2937; }
.lx-tip-name { font-weight: bold; font-size: 14px; }
.lx-tip-kind { color: #6b7280; font-size: 12px; margin-bottom: 4px; }
.lx-tip-row { display: flex; gap: 8px; font-size: 12px; line-height: 1.5; }
.lx-tip-key { color: #6b7280; flex: none; min-width: 84px; }
.lx-tip-codes { margin: 2px 0 0; padding-left: 16px; font-size: 12px; }
.lx-code-uncovered { color: #be123c; }
.lx-code-chain { color: #b45309; }
""".replace("@@FONT@@", _FONT_STACK)

_PAGE_SCRIPT = r"""
(function () {
  "use strict";
  var DATA = window.LIANGXIN_DATA;
  var KINDS = DATA.kinds, GAPS = DATA.findingStyle, EDGE_LABELS = DATA.edgeLabels;
  var PLACE = {district: true, street: true, community: true, organization: true};
  var LABEL_INSIDE = {box: true, ellipse: true, circle: true, database: true, text: true};
  var state = {settled: false, settleMs: null, query: "", street: "", focus: null,
               timing: {start: performance.now()}};
  var byId = new Map(), adjacency = new Map(), parentOf = new Map();

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function has(list, value) { return (list || []).indexOf(value) >= 0; }
  function normal(text) { return String(text || "").normalize("NFKC").replace(/\s+/g, "").toLowerCase(); }

  // Tooltips are elements (vis-network inserts them as they are): every user string goes in as text.
  function tooltip(node) {
    var box = element("div", "lx-tip");
    box.appendChild(element("div", "lx-tip-name", node.name));
    box.appendChild(element("div", "lx-tip-kind",
      (node.kinds || [node.kind]).map(function (k) { return KINDS[k].label; }).join("、")));
    (node.info || []).forEach(function (pair) {
      var row = element("div", "lx-tip-row");
      row.appendChild(element("span", "lx-tip-key", pair[0]));
      row.appendChild(element("span", "lx-tip-value", pair[1]));
      box.appendChild(row);
    });
    if (node.codes && node.codes.length) {
      box.appendChild(element("div", "lx-tip-key", "问题"));
      var list = element("ul", "lx-tip-codes");
      node.codes.forEach(function (code) {
        list.appendChild(element("li", code[2] === "chain" ? "lx-code-chain" : "lx-code-uncovered",
          code[0] + "（" + code[1] + "）"));
      });
      box.appendChild(list);
    }
    return box;
  }

  function nodeStyle(node) {
    var kind = KINDS[node.kind], gaps = node.gaps || [], scale = node.scale || 1;
    var fill = has(gaps, "uncovered") ? GAPS.uncovered.background : kind.color;
    var border = fill, width = 1, dashes = false;
    if (has(gaps, "chain")) { border = GAPS.chain.border; width = 3; dashes = [5, 4]; }
    if (has(gaps, "idle")) { border = GAPS.idle.border; width = 3; dashes = [2, 3]; }
    if (has(gaps, "overloaded")) { border = GAPS.overloaded.border; width = 4; }
    var style = {
      id: node.id, label: node.kind === "organization" ? "" : node.label, shape: kind.shape, x: node.x, y: node.y, title: tooltip(node),
      borderWidth: width, borderWidthSelected: width + 2, shapeProperties: {borderDashes: dashes},
      color: {background: fill, border: border, highlight: {background: fill, border: "#111827"},
              hover: {background: fill, border: "#111827"}},
      font: {size: node.fontSize || kind.fontSize, color: "#1f2937", strokeWidth: node.fontSize ? 5 : 0,
             strokeColor: "#ffffff"}
    };
    // Organizations (and their Party organizations) keep the places computed for them, in discs
    // that never overlap; the physics only spreads the few hundred places and units, so it
    // settles fast at any size.
    if (!DATA.physicsKinds[node.kind]) { style.physics = false; }
    if (LABEL_INSIDE[kind.shape]) {
      style.font = {size: Math.round(13 * scale), color: "#ffffff"};
      style.margin = Math.round(5 * scale);
    } else {
      style.size = kind.size * scale;
    }
    node.fontColor = style.font.color;
    return style;
  }

  function edgeStyle(edge, index) {
    var from = byId.get(edge.from), to = byId.get(edge.to);
    var dx = from.x - to.x, dy = from.y - to.y;
    var style = {id: "e" + index, from: edge.from, to: edge.to, smooth: false, width: 1,
                 length: Math.max(30, Math.sqrt(dx * dx + dy * dy)),
                 color: {color: KINDS[from.kind].color, opacity: 0.45}};
    if (edge.type === "BREAK") {
      style.dashes = [6, 4]; style.width = 2;
      style.color = {color: GAPS.chain.border, opacity: 0.9};
      style.title = EDGE_LABELS.BREAK + "：" + edge.note;
    } else if (edge.type === "AGGREGATE") {
      style.dashes = [2, 4]; style.width = 1 + Math.log10(edge.count);
      style.color.opacity = 0.3;
      style.title = EDGE_LABELS[edge.via] + "：另有 " + edge.count + " 个组织未单独绘出";
    } else {
      style.title = EDGE_LABELS[edge.type];
    }
    edge.baseColor = style.color;
    return style;
  }

  DATA.nodes.forEach(function (node) { byId.set(node.id, node); adjacency.set(node.id, []); });
  DATA.edges.forEach(function (edge) {
    adjacency.get(edge.from).push({id: edge.to, type: edge.type});
    adjacency.get(edge.to).push({id: edge.from, type: edge.type});
    if (edge.type === "HAS_STREET" || edge.type === "HAS_COMMUNITY" || edge.type === "HOSTS" ||
        edge.type === "BREAK") {
      parentOf.set(edge.to, edge.from);
    }
  });

  var nodes = new vis.DataSet(DATA.nodes.map(nodeStyle));
  var edges = new vis.DataSet(DATA.edges.map(edgeStyle));
  var container = document.getElementById("lx-network");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, {
    autoResize: true,
    layout: {improvedLayout: false, randomSeed: 7},
    nodes: {font: {face: DATA.font}},
    edges: {smooth: false, selectionWidth: 2},
    interaction: {hover: true, tooltipDelay: 150, hideEdgesOnDrag: DATA.big, hideEdgesOnZoom: DATA.big,
                  keyboard: false, multiselect: false},
    physics: {
      enabled: true, solver: "barnesHut", maxVelocity: 40, minVelocity: 1, timestep: 0.5,
      barnesHut: {gravitationalConstant: -1200, centralGravity: 0, springConstant: 0.03, damping: 0.5,
                  avoidOverlap: 0.3},
      stabilization: {enabled: true, iterations: DATA.iterations, updateInterval: 10, fit: true}
    }
  });

  state.timing.created = performance.now();
  var loading = document.getElementById("lx-loading");
  var progress = document.getElementById("lx-progress");
  var status = document.getElementById("lx-status");
  var results = document.getElementById("lx-results");
  var searchBox = document.getElementById("lx-search");
  var streetBox = document.getElementById("lx-street");

  network.on("stabilizationProgress", function (params) {
    progress.textContent = Math.round(100 * params.iterations / params.total) + "%";
  });
  network.once("stabilizationIterationsDone", function () {
    // Freeze: from here on nothing moves unless the analyst drags it.
    network.setOptions({physics: {enabled: false}});
    loading.hidden = true;
    state.settled = true;
    state.settleMs = performance.now();
    network.fit();
  });

  // --- what is hidden (street filter) and what is dimmed (search, responsibility chain)
  var hidden = new Set(), shown = new Map(), edgeShown = new Map();

  // Organizations are too many and too close for their names: they get a label only while
  // they are among a few hundred highlighted nodes (search results, a responsibility chain).
  var LABELLED_FOCUS = 400;

  function apply() {
    var nodeUpdates = [], edgeUpdates = [];
    var labelled = state.focus !== null && state.focus.size <= LABELLED_FOCUS;
    DATA.nodes.forEach(function (node) {
      var isHidden = hidden.has(node.id);
      var dim = !isHidden && state.focus !== null && !state.focus.has(node.id);
      var named = node.kind !== "organization" || (labelled && !dim);
      var key = (isHidden ? "h" : "") + (dim ? "d" : "") + (named ? "n" : "");
      if ((shown.get(node.id) || (node.kind === "organization" ? "" : "n")) !== key) {
        shown.set(node.id, key);
        var font = {color: dim ? "rgba(156,163,175,0.35)" : node.fontColor};
        if (node.kind === "organization") { font.size = named ? 24 : KINDS.organization.fontSize; }
        nodeUpdates.push({id: node.id, hidden: isHidden, opacity: dim ? 0.15 : 1, label: named ? node.label : "",
                          font: font});
      }
    });
    DATA.edges.forEach(function (edge, index) {
      var dim = state.focus !== null && !(state.focus.has(edge.from) && state.focus.has(edge.to));
      if ((edgeShown.get(index) || false) !== dim) {
        edgeShown.set(index, dim);
        edgeUpdates.push({id: "e" + index, color: dim ? {color: "#d1d5db", opacity: 0.12} : edge.baseColor});
      }
    });
    if (nodeUpdates.length) { nodes.update(nodeUpdates); }
    if (edgeUpdates.length) { edges.update(edgeUpdates); }
  }

  function ancestors(id) {
    var list = [], up = parentOf.get(id);
    while (up !== undefined && list.indexOf(up) < 0) { list.push(up); up = parentOf.get(up); }
    return list;
  }

  // The responsibility chain: district → street → community → organization, and the units at each level.
  function chainOf(id) {
    var chain = new Set([id]), node = byId.get(id);
    function addUnit(other) {
      chain.add(other.id);
      if (byId.get(other.id).kind === "instructor") {
        adjacency.get(other.id).forEach(function (up) { if (up.type === "APPOINTS") { chain.add(up.id); } });
      }
    }
    ancestors(id).forEach(function (up) {
      chain.add(up);
      adjacency.get(up).forEach(function (other) {
        if (!PLACE[byId.get(other.id).kind] && other.type !== "AGGREGATE") { addUnit(other); }
      });
    });
    if (PLACE[node.kind]) {
      adjacency.get(id).forEach(addUnit);
    } else {
      adjacency.get(id).forEach(function (other) {
        addUnit(other);
        ancestors(other.id).forEach(function (up) { chain.add(up); });
      });
    }
    return chain;
  }

  function say(text) { status.textContent = text; }

  function fitTo(ids) {
    if (!ids.length) { return; }
    network.fit({nodes: ids.slice(0, 500), animation: false});
    if (network.getScale() > 1.2) { network.moveTo({scale: 1.2}); }
  }

  function selectNode(id) {
    if (!byId.has(id)) { return; }
    state.focus = chainOf(id);
    apply();
    network.selectNodes([id]);
    fitTo(Array.from(state.focus).filter(function (other) { return !hidden.has(other); }));
    say("责任链：" + byId.get(id).name + "（" + state.focus.size + " 个节点）");
  }

  function clearFocus() {
    state.focus = null;
    network.unselectAll();
    apply();
    say("");
  }

  function showResults(matches) {
    results.textContent = "";
    matches.slice(0, 30).forEach(function (id) {
      var node = byId.get(id), button = element("button", "", node.name);
      button.type = "button";
      button.appendChild(element("span", "lx-result-kind", KINDS[node.kind].label));
      button.addEventListener("click", function () { results.hidden = true; selectNode(id); });
      results.appendChild(button);
    });
    if (matches.length > 30) { results.appendChild(element("div", "lx-result-kind", "……共 " + matches.length + " 个")); }
    results.hidden = matches.length === 0;
  }

  function search(query) {
    state.query = query;
    var key = normal(query);
    if (!key) { results.hidden = true; clearFocus(); return []; }
    var matches = DATA.nodes.filter(function (node) {
      return !hidden.has(node.id) && node.searchKey.indexOf(key) >= 0;
    }).map(function (node) { return node.id; });
    state.focus = new Set(matches);
    apply();
    showResults(matches);
    fitTo(matches);
    say(matches.length ? "找到 " + matches.length + " 个节点" : "没有找到名称含“" + query + "”的已绘出节点");
    return matches;
  }

  function filterStreet(street) {
    state.street = street;
    hidden = new Set();
    if (street) {
      var keep = new Set();
      DATA.nodes.forEach(function (node) {
        if (node.kind === "district" || (PLACE[node.kind] && node.street === street)) { keep.add(node.id); }
      });
      Array.from(keep).forEach(function (id) {
        if (byId.get(id).kind === "district") { return; }
        adjacency.get(id).forEach(function (other) {
          if (!PLACE[byId.get(other.id).kind]) { keep.add(other.id); }
        });
      });
      Array.from(keep).forEach(function (id) {
        if (byId.get(id).kind !== "instructor") { return; }
        adjacency.get(id).forEach(function (other) { if (other.type === "APPOINTS") { keep.add(other.id); } });
      });
      DATA.nodes.forEach(function (node) { if (!keep.has(node.id)) { hidden.add(node.id); } });
    }
    if (state.query) { search(state.query); } else { state.focus = null; apply(); }
    var visible = DATA.nodes.filter(function (node) { return !hidden.has(node.id); })
      .map(function (node) { return node.id; });
    // Frame the street itself; its units may stand anywhere in the district.
    fitTo(street ? visible.filter(function (id) { return byId.get(id).street === street; }) : visible);
    say(street ? street + "：显示 " + visible.length + " 个节点" : "");
    return visible;
  }

  DATA.nodes.forEach(function (node) { node.searchKey = normal(node.name); });
  DATA.streets.forEach(function (street) { streetBox.appendChild(new Option(street, street)); });

  var typing = null;
  searchBox.addEventListener("input", function () {
    clearTimeout(typing);
    typing = setTimeout(function () { search(searchBox.value); }, 200);
  });
  searchBox.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      clearTimeout(typing);
      var matches = search(searchBox.value);
      if (matches.length) { results.hidden = true; selectNode(matches[0]); }
    } else if (event.key === "Escape") {
      searchBox.value = ""; search("");
    }
  });
  streetBox.addEventListener("change", function () { filterStreet(streetBox.value); });
  document.getElementById("lx-reset").addEventListener("click", function () {
    searchBox.value = ""; streetBox.value = ""; results.hidden = true;
    state.query = ""; filterStreet(""); clearFocus(); network.fit();
  });
  network.on("click", function (params) {
    results.hidden = true;
    if (params.nodes.length) { selectNode(params.nodes[0]); } else { clearFocus(); }
  });

  // For the browser tests and for analysts who want the console.
  window.liangxin = {
    network: network, nodes: nodes, edges: edges, state: state, drawn: DATA.nodes.length,
    search: search, filterStreet: filterStreet, selectNode: selectNode, clearFocus: clearFocus,
    visibleIds: function () {
      return DATA.nodes.filter(function (node) {
        return !hidden.has(node.id) && (state.focus === null || state.focus.has(node.id));
      }).map(function (node) { return node.id; });
    },
    hiddenIds: function () { return Array.from(hidden); }
  };
})();
"""
