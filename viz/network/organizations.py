"""What each drawn organization says on the canvas: its marks and its findings.

Everything else about an organization (kind, code, places, figures, Party and mass
organizations, every responsible unit by name) is in the page's catalogue of every organization
(:mod:`~liangxin.viz.network.catalog`), from which the page builds the tooltip and the detail
panel of drawn and undrawn organizations alike: said once, not twice.

Examples
--------
甲科技 (A in tests/test_handmade.py) is open (未覆盖) with four codes, NO_RESPONSIBLE_UNIT not
among them: PARTY_ORG_REQUIRED is its most serious (FINDING_PRIORITY).

>>> from liangxin.viz.network.lookups import GraphLookups
>>> graph = GraphLookups(result)
>>> position = list(graph.org_node).index("org:91440307MA5DA0001P")
>>> [record] = org_records(graph, np.array([position]))
>>> record["gaps"], record["codes"][0][1], len(record["codes"])
(['uncovered'], 'PARTY_ORG_REQUIRED', 4)
"""

import numpy as np

from liangxin.viz.network.labels import short_label

__all__ = ["org_records"]


def org_records(graph, org_positions):
    """The page's records of the organizations at `org_positions`, in position order.

    Parameters
    ----------
    graph : GraphLookups
    org_positions : ndarray of int

    Returns
    -------
    list of dict
        ``id, kind, name, label, street, gaps, codes`` per organization. ``gaps`` are its marks:
        ``uncovered`` (open: 未覆盖), ``improvement`` (提升项), ``chain``, ``no_unit``
        (NO_RESPONSIBLE_UNIT) and ``key_no_leader`` (KEY_NO_LEADER).
    """
    org_positions = np.sort(org_positions)
    drawn = np.zeros(graph.n, dtype=bool)
    drawn[org_positions] = True
    codes = graph.findings.codes_of(drawn)
    findings = graph.findings
    marks = {"uncovered": findings.open, "improvement": findings.improvement, "chain": findings.chain,
             "no_unit": findings.with_code("NO_RESPONSIBLE_UNIT"), "key_no_leader": findings.with_code("KEY_NO_LEADER")}
    orgs = graph.orgs.take(org_positions)
    return [{"id": node, "kind": "organization", "name": name, "label": short_label(name), "street": street,
             "gaps": [gap for gap, mask in marks.items() if mask[position]], "codes": codes.get(position, [])}
            for position, node, name, street in zip(org_positions.tolist(), orgs["id"].tolist(), orgs["name"].tolist(),
                                                    orgs["street"].tolist())]
