"""The straightforward way: the same queries as a per-organization networkx traversal.

Kept only as the benchmark's baseline (issue 6): it walks the MultiDiGraph node by node,
as one would write the rules without thinking about scale, and must give exactly the
answers of :mod:`liangxin.queries` (``benchmarks/run.py`` checks that before timing it).
"""

import math
from collections import defaultdict

import pandas as pd

from liangxin.queries.chains import CHAIN_CODES
from liangxin.queries.uncovered import UNCOVERED_CODES

__all__ = ["baseline_queries", "assert_same_answers"]


def _in_types(graph, node):
    found = defaultdict(list)
    for source, _, edge_type in graph.in_edges(node, keys=True):
        found[edge_type].append(source)
    return found


def _rows(records, labels):
    columns = ["org_id", "name", "kind", "street", "community", "code", "label"]
    frame = pd.DataFrame([(*r, labels[r[-1]]) for r in records], columns=columns)
    if not len(frame):
        return frame
    frame["_street"] = frame["street"].fillna("")
    return frame.sort_values(["_street", "org_id", "code"], kind="stable").drop(columns="_street").reset_index(drop=True)


def baseline_queries(network, rules):
    """Return (uncovered rows, unit loads, chain rows, coverage) computed node by node."""
    graph = network.to_networkx()
    streets = {data["name"] for node, data in graph.nodes(data=True) if "street" in data["kinds"] and node.startswith("street:")}
    communities = {}  # (street, community) -> owner
    community_streets = defaultdict(set)
    for node, data in graph.nodes(data=True):
        if "community" in data["kinds"]:
            communities[(data["street"], data["name"])] = data.get("community_owner")
            community_streets[data["name"]].add(data["street"])
    stationed = defaultdict(set)  # street -> departments
    for source, target, edge_type in graph.edges(keys=True):
        if edge_type == "STATIONED_IN":
            stationed[graph.nodes[target]["name"]].add(source)

    uncovered, chains, per_org = [], [], {}
    for node, data in graph.nodes(data=True):
        if "organization" not in data["kinds"]:
            continue
        kind = data["org_kind"]
        employees, members, status = data["employees"], data["party_members"], data["status"]
        street, community = data.get("street"), data.get("community")
        preds = _in_types(graph, node)
        members_required = kind == "enterprise" and employees >= rules.members_required_min_employees
        required = (kind == "enterprise" and (employees >= rules.party_org_required_min_employees
                                              or (data["above_scale"] and rules.party_org_required_above_scale))) \
            or (kind == "social_org" and data["entity"] and employees >= rules.entity_social_org_min_employees)
        members_gap = members_required and members == 0
        party_gap = required and status == "none"
        is_open = members_gap or party_gap
        mass_branch = data["has_union"] or data["has_youth_league"] or data["has_womens_org"]
        street_department = street in stationed
        anyone = preds["ATTACHED_TO"] or preds["CONTACTS"] or street_department or preds["SUPERVISES"] \
            or preds["CO_BUILDS"]
        codes = {
            "MEMBERS_REQUIRED": members_gap,
            "PARTY_ORG_REQUIRED": party_gap,
            "STANDALONE_POSSIBLE": members >= rules.standalone_min_members and status != "standalone",
            "NO_RESPONSIBLE_UNIT": is_open and not anyone,
            "MASS_ORG_MISSING": (status != "none" and not mass_branch) or (
                kind == "enterprise" and employees >= rules.union_required_min_employees and not data["has_union"]),
            "MASS_ORG_FIRST": required and status == "none" and members < rules.standalone_min_members
            and not mass_branch,
        }
        base = (data["org_id"], data["name"], kind, street, community)
        uncovered.extend((*base, code) for code, on in codes.items() if on)
        known_community = community in community_streets
        breaks = {
            "NO_COMMUNITY": community is None,
            "UNKNOWN_COMMUNITY": community is not None and not known_community,
            "UNKNOWN_STREET": street not in streets,
            "STREET_MISMATCH": street is not None and known_community and (street, community) not in communities,
            "STREET_NO_DEPARTMENT": street in streets and street not in stationed,
            "COMMUNITY_NO_OWNER": network.tables.has_owner_column and (street, community) in communities
            and communities[(street, community)] is None,
            "NO_SUPERVISOR": kind == "social_org" and not preds["SUPERVISES"],
            "KEY_NO_LEADER": bool(data.get("key")) and status == "none" and not preds["ATTACHED_TO"],
        }
        chains.extend((*base, code) for code, on in breaks.items() if on)
        per_org[node] = {"open": is_open, "required": required, "status": status, "street": street, "kind": kind,
                         "work": status != "none" or bool(preds["GUIDES"] or preds["ATTACHED_TO"] or preds["CONTACTS"]),
                         "contacted": bool(preds["CONTACTS"])}

    # loads, unit by unit
    capacities = dict(zip(network.tables.capacities["unit_key"], network.tables.capacities["capacity"]))
    pool = defaultdict(int)
    orgs_in_street = defaultdict(int)
    for org in per_org.values():
        orgs_in_street[org["street"]] += 1
        if org["open"] and not org["contacted"]:
            pool[org["street"]] += 1
    loads = []
    for node, data in graph.nodes(data=True):
        for role in ("leader", "department", "supervisory_unit", "instructor"):
            if role not in data["kinds"]:
                continue
            edge_type = {"leader": "ATTACHED_TO", "department": "CONTACTS", "supervisory_unit": "SUPERVISES",
                         "instructor": "GUIDES"}[role]
            targets = [t for _, t, k in graph.out_edges(node, keys=True) if k == edge_type]
            if role == "instructor":
                load = float(len(targets))
            else:
                load = float(sum(per_org[t]["open"] for t in targets))
            linked = len(targets)
            if role == "department":
                for _, target, k in graph.out_edges(node, keys=True):
                    if k == "STATIONED_IN":
                        street = graph.nodes[target]["name"]
                        load += pool[street] / len(stationed[street])
                        linked += orgs_in_street[street]
            key = node.split(":", 1)[1].split("/")[-1]
            capacity = capacities.get(key, rules.capacity(role))
            loads.append({"kind": role, "unit": data["name"] if role != "instructor" else data["name"],
                          "load": load, "capacity": capacity, "overloaded": load > capacity, "idle": linked == 0})
    loads = pd.DataFrame(loads).sort_values(["kind", "unit"], kind="stable").reset_index(drop=True)

    # coverage
    def rates(orgs):
        required = [o for o in orgs if o["required"]]
        n = len(required)
        if not n:
            return n, math.nan, math.nan, math.nan
        return (n, sum(o["status"] != "none" for o in required) / n,
                sum(o["status"] == "standalone" for o in required) / n, sum(o["work"] for o in required) / n)
    groups = [("overall", "overall", list(per_org.values()))]
    groups += [("street", s, [o for o in per_org.values() if o["street"] == s]) for s in sorted(streets)]
    groups += [("kind", k, [o for o in per_org.values() if o["kind"] == k]) for k in ("enterprise", "social_org")]
    coverage = pd.DataFrame([(scope, group, *rates(orgs)) for scope, group, orgs in groups],
                            columns=["scope", "group", "required", "org_coverage", "standalone_rate", "work_coverage"])
    return _rows(uncovered, UNCOVERED_CODES), loads, _rows(chains, CHAIN_CODES), coverage


def _plain(frame, columns, order):
    frame = frame[columns].astype(object)
    frame = frame.where(frame.notna(), None)
    return frame.sort_values(order, kind="stable").reset_index(drop=True) if order else frame.reset_index(drop=True)


def assert_same_answers(analysis, baseline):
    """Raise AssertionError unless the baseline's answers equal the embedded queries' answers."""
    uncovered, loads, chains, coverage = baseline
    columns = list(uncovered.columns)
    pd.testing.assert_frame_equal(_plain(uncovered, columns, None), _plain(analysis.uncovered, columns, None))
    pd.testing.assert_frame_equal(_plain(chains, columns, None), _plain(analysis.broken_chains, columns, None))
    columns = ["kind", "unit", "load", "capacity", "overloaded", "idle"]
    order = ["kind", "unit", "load"]
    pd.testing.assert_frame_equal(_plain(loads, columns, order), _plain(analysis.loads, columns, order), rtol=1e-9)
    columns = list(coverage.columns)
    pd.testing.assert_frame_equal(_plain(coverage, columns, None), _plain(analysis.coverage, columns, None),
                                  rtol=1e-12)
