"""What each drawn place says: the district, streets and communities with their counts and rates.

A place's tooltip counts all of its organizations, drawn or not, and the uncovered and
chain-broken ones among them; a street without a stationed department, or a community without
an owner, is marked as a break in the chain.

Examples
--------
平湖街道 has 7 organizations, A, B, C, H, N, O and Q; A, C, H and Q are uncovered and B's
community has no owner (tests/test_handmade.py):

>>> from liangxin.viz.network.lookups import GraphLookups
>>> graph = GraphLookups(result)
>>> [street] = place_records(graph, ["street:平湖街道"], {}, show_contacts=False)
>>> street["label"]
'平湖街道\\n组织 7'
>>> dict(street["info"])["未覆盖组织"], dict(street["info"])["责任链断点组织"]
('4 个', '1 个')
"""

import math

import numpy as np

from liangxin.queries.coverage import RATE_COLUMNS
from liangxin.queries.labels import RATE_ZH
from liangxin.viz.network.labels import count_text, joined, rate_text

__all__ = ["place_records"]


def place_records(graph, node_ids, drawn_per_place, show_contacts):
    """The page's records of the places among `node_ids`: district first, then streets, then communities.

    Parameters
    ----------
    graph : GraphLookups
    node_ids : list of str
    drawn_per_place : dict
        Place node id → how many of its organizations the page draws one by one.
    show_contacts : bool
        Name the community owners (otherwise only whether there is one).

    Returns
    -------
    list of dict
        ``id, kind, name, label, street, gaps, scale, info, codes`` per place.
    """
    places = _Places(graph, drawn_per_place)
    wanted = set(node_ids)
    return (places.district(wanted) + places.streets(wanted)
            + places.communities(wanted, show_contacts))


def _place_counts(graph):
    """Organizations, uncovered and chain-broken organizations per street and per community node.

    Returns two dicts, node id -> ``(orgs, open, improvement, chain)``, for the places with
    organizations (open: 未覆盖; improvement: 提升项).
    """
    def per_place(rows, node_ids):
        placed = rows >= 0
        counts = [np.bincount(rows[placed & flag], minlength=len(node_ids))
                  for flag in (np.ones(len(rows), dtype=bool), graph.findings.open, graph.findings.improvement,
                               graph.findings.chain)]
        return {node_ids[row]: tuple(int(count[row]) for count in counts)
                for row in np.flatnonzero(counts[0])}

    return (per_place(graph.org_street_row, graph.street_ids),
            per_place(graph.org_community_row, graph.community_ids))


class _Places:
    """The counts and rates behind the place records, computed once."""

    def __init__(self, graph, drawn_per_place):
        self.graph = graph
        self.tables = graph.network.node_tables
        self.drawn_per_place = drawn_per_place
        self.by_street, self.by_community = _place_counts(graph)
        self.rates = graph.analysis.coverage.set_index("group")
        self.stations = graph.tables.department_stations.groupby("street")["department"].agg(joined)

    def counts_info(self, counts, node):
        """How many organizations the place has, and its tooltip rows of counts."""
        orgs, uncovered, improvement, chain = counts.get(node, (0, 0, 0, 0))
        return orgs, [
            ["两新组织", f"{count_text(orgs)} 个"],
            ["未覆盖组织", f"{count_text(uncovered)} 个"],
            ["提升项组织", f"{count_text(improvement)} 个"],
            ["责任链断点组织", f"{count_text(chain)} 个"],
            ["本图逐个绘出", f"{count_text(self.drawn_per_place.get(node, 0))} 个"],
        ]

    def rate_info(self, group):
        """Tooltip rows of the coverage rates of `group` (``overall`` or a street)."""
        if group not in self.rates.index:
            return []
        row = self.rates.loc[group]
        return [["应建党组织数", count_text(row["required"])]] + [[RATE_ZH[c], rate_text(row[c])]
                                                              for c in RATE_COLUMNS]

    def district(self, wanted):
        district, records = self.tables["district"], []
        for node, name in zip(district["id"], district["name"]):
            if node in wanted:
                info = [["街道", f"{len(self.tables['street'])} 个"],
                        ["社区", f"{len(self.tables['community'])} 个"],
                        ["两新组织", f"{count_text(len(self.graph.orgs))} 个"]] + self.rate_info("overall")
                records.append({"id": node, "kind": "district", "name": name, "label": name, "street": None,
                                "gaps": [], "scale": 1.0, "info": info, "codes": []})
        return records

    def streets(self, wanted):
        streets, records = self.tables["street"], []
        for node, name in zip(streets["id"], streets["name"]):
            if node not in wanted:
                continue
            orgs, info = self.counts_info(self.by_street, node)
            info = [["社区", f"{int((self.tables['community']['street'] == name).sum())} 个"]] + info
            info += self.rate_info(name)
            stationed = self.stations.get(name)
            info.append(["驻街区直机关", stationed or "无（责任链断点）"])
            records.append({"id": node, "kind": "street", "name": name, "label": f"{name}\n组织 {count_text(orgs)}",
                            "street": name, "gaps": [] if stationed else ["chain"],
                            "scale": 1.0 + 0.15 * math.log10(1 + orgs), "info": info, "codes": []})
        return records

    def communities(self, wanted, show_contacts):
        communities, records = self.tables["community"], []
        has_owner_column = self.graph.tables.has_owner_column
        for node, name, street, owner in zip(communities["id"], communities["name"], communities["street"],
                                             communities["community_owner"]):
            if node not in wanted:
                continue
            orgs, info = self.counts_info(self.by_community, node)
            info = [["街道", street]] + info
            no_owner = has_owner_column and owner is None
            if has_owner_column:
                info.append(["社区责任人", "未明确（责任链断点）" if no_owner else owner if show_contacts else "已明确"])
            records.append({"id": node, "kind": "community", "name": name,
                            "label": f"{name}\n组织 {count_text(orgs)}", "street": street,
                            "gaps": ["chain"] if no_owner else [], "scale": 1.0 + 0.2 * math.log10(1 + orgs),
                            "info": info, "codes": []})
        return records
