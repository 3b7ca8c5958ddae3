"""What each drawn responsible unit and Party organization says: loads, marks and tooltip.

An overloaded unit is drawn larger and labelled with its load and capacity, an idle one is
marked 未落实; contacts (liaison names and phone numbers) appear only with ``show_contacts``.

Examples
--------
区民政局 is overloaded as a department (load 2, capacity 1) and 区司法局 idle
(tests/test_handmade.py, EXPECTED_OVERLOADED and the idle list):

>>> from liangxin.viz.network.lookups import GraphLookups
>>> graph = GraphLookups(result)
>>> civil, justice = unit_records(graph, ["unit:区民政局", "unit:区司法局"], show_contacts=False)
>>> civil["gaps"], civil["label"]
(['overloaded'], '区民政局\\n负荷 2/1')
>>> justice["gaps"], justice["label"]
(['idle'], '区司法局\\n（未落实）')
"""

import math

import numpy as np
import pandas as pd

from liangxin.graph.network import instructor_node_id, node_id
from liangxin.graph.schema import NODE_KINDS
from liangxin.queries.labels import ROLE_ZH
from liangxin.viz.network.columns import object_column
from liangxin.viz.network.labels import count_text, joined, short_label

__all__ = ["unit_records", "party_org_records"]


def unit_records(graph, unit_node_ids, show_contacts):
    """The page's records of the responsible units `unit_node_ids`, in that order.

    Parameters
    ----------
    graph : GraphLookups
    unit_node_ids : list of str
    show_contacts : bool
        Put liaison names and phone numbers in the tooltips.

    Returns
    -------
    list of dict
        ``id, kind, kinds, name, label, street, gaps, scale, info, codes`` per unit.
    """
    graph.learn(unit_node_ids)
    facts = _UnitFacts(graph, unit_node_ids, show_contacts)
    records = []
    for node in unit_node_ids:
        kinds = graph.kinds_of(node)
        name = graph.name_of(node)
        info = [["角色", "、".join(NODE_KINDS[k].label_zh for k in kinds)]]
        gaps, scale, label = facts.load_marks(node, short_label(name), info)
        info += facts.rows(node)
        records.append({"id": node, "kind": kinds[0], "kinds": list(kinds), "name": name, "label": label,
                        "street": None, "gaps": gaps, "scale": scale, "info": info, "codes": []})
    return records


class _UnitFacts:
    """The tooltip rows of the units beyond their loads, looked up for all of them at once."""

    def __init__(self, graph, unit_node_ids, show_contacts):
        self.graph = graph
        self.loads = graph.loads[graph.loads["node_id"].isin(unit_node_ids)]
        self.load_rows = {}
        for row, node in enumerate(self.loads["node_id"].tolist()):
            self.load_rows.setdefault(node, []).append(row)
        self.load_values = list(zip(*(self.loads[c].tolist()
                                      for c in ("kind", "load", "capacity", "linked", "overloaded", "idle",
                                                "ratio"))))
        stations = graph.edges_of("STATIONED_IN")
        self.stationed = stations.groupby("source")["target"].agg(lambda s: joined(t.split(":", 1)[1] for t in s))
        appoints = graph.edges_of("APPOINTS")
        appointing = appoints[appoints["source"].isin(unit_node_ids)]
        self.instructor_counts = appointing.groupby("source").size()
        overloaded = appointing[appointing["target"].map(graph.unit_overloaded).fillna(False).astype(bool)]
        self.overloaded_instructors = overloaded.groupby("source").size()
        self.co_builds, self.covers = (self._per_source(t, unit_node_ids) for t in ("CO_BUILDS", "COVERS"))
        appointed = appoints[appoints["target"].isin(unit_node_ids)]
        self.supervisor_of = pd.Series(appointed["source"].to_numpy(dtype=object),
                                       index=appointed["target"].to_numpy(dtype=object))
        graph.learn(self.supervisor_of.tolist())
        self.show_contacts = show_contacts
        self.liaisons, self.phones = _contacts(graph, unit_node_ids) if show_contacts else ({}, {})

    def load_marks(self, node, label, info):
        """Marks, scale and label of the unit `node` from its loads; adds its load rows to `info`."""
        gaps, scale, rows = [], 1.0, self.load_rows.get(node)
        if rows is None:
            return gaps, scale, label
        values = [self.load_values[row] for row in rows]
        for kind, load, capacity, linked, overloaded, idle, _ in values:
            state = "（超负荷）" if overloaded else "（未落实）" if idle else ""
            info.append([f"{ROLE_ZH[kind]}负荷", f"{load:.4g} / 容量 {capacity}{state}"])
            info.append([f"{ROLE_ZH[kind]}联系组织", f"{count_text(linked)} 个"])
        if any(value[4] for value in values):
            _, load, capacity, *_, worst = max(values, key=lambda value: value[6])  # the first of the highest ratio
            gaps.append("overloaded")
            scale = float(np.clip(math.sqrt(worst if np.isfinite(worst) else 4.0), 1.4, 3.0))
            label = f"{label}\n负荷 {load:.4g}/{capacity}"
        if any(value[5] for value in values):
            gaps.append("idle")
            label = f"{label}\n（未落实）"
        return gaps, scale, label

    def _per_source(self, edge_type, unit_node_ids):
        edges = self.graph.edges_of(edge_type)
        return edges[edges["source"].isin(unit_node_ids)].groupby("source").size()

    def rows(self, node):
        """Tooltip rows of `node`: streets stationed in, supervisor, instructors, co-built and covered
        organizations, contacts."""
        info = []
        if node in self.stationed.index:
            info.append(["驻点街道", self.stationed[node]])
        if node in self.supervisor_of.index:
            info.append(["所属业务主管单位", self.graph.name_of(self.supervisor_of[node], "")])
        if node in self.instructor_counts.index:
            text = f"{count_text(self.instructor_counts[node])} 名"
            if node in self.overloaded_instructors.index:
                text += f"（超负荷 {self.overloaded_instructors[node]} 名）"
            info.append(["选派指导员", text])
        if node in self.co_builds.index:
            info.append(["党群共建组织", f"{count_text(self.co_builds[node])} 个"])
        if node in self.covers.index:
            info.append(["覆盖组织", f"{count_text(self.covers[node])} 个"])
        if self.show_contacts:
            if self.liaisons.get(node):
                info.append(["联络员", self.liaisons[node]])
            if self.phones.get(node):
                info.append(["联系电话", self.phones[node]])
        return info


def _contacts(graph, unit_node_ids):
    """Contact names and phones of the unit nodes (shown only with ``show_contacts``): two dicts."""
    tables = graph.tables
    wanted = set(unit_node_ids)
    lp = tables.leader_points
    # Supervision rows give a phone to unit:<unit key>, or to instructor:<unit key>/<instructor key>
    # when they name an instructor: only the rows that can be one of these units are looked at.
    unit_keys, instructor_keys = set(), set()
    unit_prefix, instructor_prefix = node_id("supervisory_unit", ""), node_id("instructor", "")
    for node in wanted:
        if node.startswith(unit_prefix):
            unit_keys.add(node[len(unit_prefix):])
        elif node.startswith(instructor_prefix):
            rest = node[len(instructor_prefix):]
            instructor_keys.update((rest[:i], rest[i + 1:]) for i, char in enumerate(rest) if char == "/")
    sup = tables.supervision
    named = sup["instructor_key"].notna()
    candidates = ((~named & sup["unit_key"].isin(unit_keys))
                  | (named & sup["unit_key"].isin({u for u, _ in instructor_keys})
                     & sup["instructor_key"].isin({i for _, i in instructor_keys})))
    sup = sup[candidates]
    instructor_node = instructor_node_id(sup["unit_key"], sup["instructor_key"]).where(
        sup["instructor_key"].notna(), node_id("supervisory_unit", sup["unit_key"]))
    nodes = np.concatenate([node_id("leader", lp["leader_key"]).to_numpy(dtype=object),
                            instructor_node.to_numpy(dtype=object)])
    liaison = np.concatenate([object_column(lp, "liaison"), np.full(len(sup), None, dtype=object)])
    phone = np.concatenate([object_column(lp, "phone"), object_column(sup, "phone")])
    liaisons, phones = {}, {}
    for node, name, number in zip(nodes.tolist(), liaison.tolist(), phone.tolist()):
        if node in wanted:
            liaisons.setdefault(node, []).append(name)
            phones.setdefault(node, []).append(number)
    return ({node: joined(names, 3) for node, names in liaisons.items()},
            {node: joined(numbers, 3) for node, numbers in phones.items()})


def party_org_records(graph, node_ids):
    """The page's records of the Party organizations `node_ids`: how many organizations each covers."""
    graph.learn(node_ids)
    covers = graph.edges_of("COVERS")
    counts = covers[covers["source"].isin(node_ids)].groupby("source").size()
    return [{"id": node, "kind": "party_org", "name": graph.name_of(node), "label": short_label(graph.name_of(node)),
             "street": None, "gaps": [], "scale": 1.0, "info": [["覆盖组织", f"{count_text(counts.get(node, 0))} 个"]],
             "codes": []} for node in node_ids]
