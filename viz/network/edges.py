"""The edges one page draws: the network's own between drawn nodes, breaks and aggregates.

Beyond the network's edges between two drawn nodes, an organization whose community is not
drawn hangs from its street (or the district) by a BREAK edge naming its broken-chain codes, and
a drawn unit's organizations that are not drawn are summed into one AGGREGATE edge per (unit,
street, relationship).

Examples
--------
The hand-made workbook drawn whole: F (己商贸) has no street and no community, so it hangs
from the district (tests/test_handmade.py, EXPECTED_BROKEN):

>>> from liangxin.viz.network.lookups import GraphLookups
>>> graph = GraphLookups(result)
>>> everything = np.arange(graph.n)
>>> drawn = set(graph.org_node) | set(graph.street_ids) | set(graph.community_ids) | {"district:龙岗区"}
>>> [(e["from"], e["note"]) for e in edge_records(graph, drawn, everything) if e["to"] == "org:己商贸有限公司"]
[('district:龙岗区', '未落社区、街道不存在')]
"""

import numpy as np
import pandas as pd

from liangxin.viz.network.columns import object_column
from liangxin.viz.network.kinds import AGGREGATE_EDGE, BREAK_EDGE
from liangxin.viz.network.labels import joined

__all__ = ["edge_records"]


def edge_records(graph, drawn, org_positions):
    """The page's edge records: ``from, to, type`` (``note`` on a break, ``via, count`` on an aggregate).

    Parameters
    ----------
    graph : GraphLookups
    drawn : set of str
        Every node id drawn.
    org_positions : ndarray of int
        Positions of the organizations drawn.

    Returns
    -------
    list of dict
    """
    org_positions = np.sort(org_positions)
    district = graph.network.node_tables["district"]["id"].iloc[0]
    records, hosted = _drawn_edges(graph, drawn)
    records += _break_edges(graph, drawn, org_positions, hosted, district)
    records += _aggregate_edges(graph, drawn, org_positions, district)
    return records


def _drawn_edges(graph, drawn):
    """The network's edges between two drawn nodes, and the organizations a drawn community hosts."""
    records, hosted = [], set()
    for edge_type, edges in graph.network.edge_tables.items():
        # Most edges end at an organization, and only a few thousand of those are drawn.
        both = edges[edges["target"].isin(drawn)]
        both = both[both["source"].isin(drawn)]
        records += [{"from": s, "to": t, "type": k} for s, t, k in
                    zip(both["source"].tolist(), both["target"].tolist(), both["type"].tolist())]
        hosted.update(both.loc[both["type"] == "HOSTS", "target"])
    return records, hosted


def _break_edges(graph, drawn, org_positions, hosted, district):
    """An organization with no drawn community hangs from its street (or the district): the break shows."""
    loose = org_positions[[node not in hosted for node in graph.org_node[org_positions]]]
    street_node = graph.org_street_node(loose)
    parent = [up if up is not None and up in drawn else district for up in street_node]
    is_loose = np.zeros(graph.n, dtype=bool)
    is_loose[loose] = True
    labels = {position: joined(names) for position, names in graph.findings.chain_labels(is_loose).items()}
    return [{"from": up, "to": org, "type": BREAK_EDGE["type"], "note": labels.get(position, BREAK_EDGE["label_zh"])}
            for position, org, up in zip(loose.tolist(), graph.org_node[loose], parent)]


def _aggregate_edges(graph, drawn, org_positions, district):
    """A drawn unit's organizations that are not drawn: one edge per (unit, street, type) with the count."""
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
            target_drawn[~found] = [node in drawn for node in object_column(edges, "target")[~found]]
        links = edges["source"].isin(drawn).to_numpy() & ~target_drawn
        if not links.any():
            continue
        sources, source_names = pd.factorize(object_column(edges, "source")[links])
        street = np.where(found[links], graph.org_street_row[target[links].clip(0)], -1)
        place = np.where(street_drawn[street], street, places - 1)  # the last place stands for the district
        keys, counts = np.unique(sources.astype(np.int64) * places + place, return_counts=True)
        for key, count in zip(keys, counts):
            row = key % places
            groups.append((source_names[key // places], district if row == places - 1 else graph.street_ids[row],
                           edge_type, int(count)))
    return [{"from": source, "to": place, "type": AGGREGATE_EDGE["type"], "via": edge_type, "count": count}
            for source, place, edge_type, count in sorted(groups, key=lambda group: group[:3])]
