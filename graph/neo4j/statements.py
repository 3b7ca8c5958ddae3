"""Every Cypher statement liangxin sends to Neo4j, by name, and the registry the runner checks.

A statement is sent only if it is registered: :func:`register_statements` declares a dict
of them (name → text), :class:`~liangxin.graph.neo4j.connection.Neo4jRunner` refuses any
other text, and a test passes every registered statement through Neo4j's own parser. This
module registers the statements that write, read back, count and delete a district
(:data:`STATEMENTS`); :mod:`liangxin.queries.cypher.statements` registers the queries.

Labels and relationship types come from :mod:`liangxin.graph.schema` only; every value is a
parameter (``$district``, ``$rows``, ``$push_id``, ``$limit`` …), never part of the text.

Examples
--------
>>> STATEMENTS["ping"]
'RETURN 1 AS ok'
>>> print(STATEMENTS["pull_nodes:organization"])
MATCH (n:Organization {district: $district}) RETURN properties(n) AS properties ORDER BY n.seq
>>> is_registered(STATEMENTS["district_counts"])
True
"""

import itertools

from liangxin.graph.network import SHARED_UNIT_KINDS
from liangxin.graph.schema import EDGE_KINDS, NODE_KINDS

__all__ = [
    "register_statements",
    "registered_statements",
    "is_registered",
    "label",
    "STATEMENTS",
    "UNIT_ROLE_SETS",
]

_REGISTERED = set()


def register_statements(statements: dict[str, str]) -> dict[str, str]:
    """Declare `statements` (a dict name -> Cypher text) as ones liangxin may send.

    :class:`~liangxin.graph.neo4j.connection.Neo4jRunner` refuses any other text, so the
    registry is the complete list the parser test checks.

    Returns
    -------
    dict
        `statements` itself.

    Examples
    --------
    >>> register_statements({"ping": "RETURN 1 AS ok"})["ping"]
    'RETURN 1 AS ok'
    """
    _REGISTERED.update(statements.values())
    return statements


def registered_statements() -> frozenset:
    """Return every registered statement text (a frozenset).

    Examples
    --------
    >>> "RETURN 1 AS ok" in registered_statements()
    True
    """
    return frozenset(_REGISTERED)


def is_registered(statement: str) -> bool:
    """Return True when `statement` is a registered text (the runner sends no other).

    Examples
    --------
    >>> is_registered("RETURN 1 AS ok"), is_registered("MATCH (n) DETACH DELETE n")
    (True, False)
    """
    return statement in _REGISTERED


def label(kind: str) -> str:
    """The Neo4j label of node `kind`, from the schema only.

    Examples
    --------
    >>> label("supervisory_unit")
    'SupervisoryUnit'
    """
    return NODE_KINDS[kind].neo4j_label


def _relationship_type(edge_type):
    """A relationship type, checked against the schema."""
    if edge_type not in EDGE_KINDS:
        raise KeyError(f"unknown edge type {edge_type!r}")
    return edge_type


def _ends(edge_type):
    spec = EDGE_KINDS[edge_type]
    return label(spec.source), label(spec.target)


#: Unit role combinations a node may carry, each a tuple of kinds in SHARED_UNIT_KINDS order.
UNIT_ROLE_SETS = tuple(combo for size in range(1, len(SHARED_UNIT_KINDS) + 1)
                       for combo in itertools.combinations(SHARED_UNIT_KINDS, size))

_PLAIN_NODE_KINDS = tuple(kind for kind in NODE_KINDS if kind not in SHARED_UNIT_KINDS)


def _node_statements():
    """Constraints, stale-node deletion and pulls per node kind; merges of plain nodes and units."""
    statements = {}
    for kind in NODE_KINDS:
        statements[f"constraint:{kind}"] = (
            f"CREATE CONSTRAINT liangxin_{kind}_key IF NOT EXISTS "
            f"FOR (n:{label(kind)}) REQUIRE (n.district, n.node_id) IS UNIQUE")
        statements[f"delete_stale_nodes:{kind}"] = (
            f"MATCH (n:{label(kind)} {{district: $district}}) WHERE n.push_id <> $push_id "
            "WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS deleted")
    for kind in ("community", "organization"):
        statements[f"pull_nodes:{kind}"] = (
            f"MATCH (n:{label(kind)} {{district: $district}}) RETURN properties(n) AS properties ORDER BY n.seq")
    for kind in _PLAIN_NODE_KINDS:
        statements[f"merge_nodes:{kind}"] = (
            f"UNWIND $rows AS row MERGE (n:{label(kind)} {{district: $district, node_id: row.node_id}}) "
            "SET n = row.properties")
    for roles in UNIT_ROLE_SETS:
        labels = ":".join(label(kind) for kind in roles)
        statements[f"merge_units:{'+'.join(roles)}"] = (
            f"UNWIND $rows AS row MERGE (n:{labels} {{district: $district, node_id: row.node_id}}) "
            "SET n = row.properties")
    for kind in SHARED_UNIT_KINDS:
        statements[f"unit_labels:{kind}"] = (
            f"MATCH (n:{label(kind)} {{district: $district}}) RETURN n.node_id AS node_id, labels(n) AS labels")
        statements[f"delete_units:{kind}"] = (
            f"UNWIND $node_ids AS unit_id MATCH (n:{label(kind)} {{district: $district, node_id: unit_id}}) "
            "DETACH DELETE n")
    return statements


def _relationship_statements():
    """Merge, stale deletion and pull per relationship type."""
    statements = {}
    for edge_type in EDGE_KINDS:
        source, target = _ends(edge_type)
        rel = _relationship_type(edge_type)
        # CO_BUILDS: one relationship per task row (RULES.md's 党群共建 rows differ by task).
        merge_key = " {task_key: row.task_key}" if edge_type == "CO_BUILDS" else ""
        statements[f"merge_relationships:{edge_type}"] = (
            "UNWIND $rows AS row "
            f"MATCH (source:{source} {{district: $district, node_id: row.source}}) "
            f"MATCH (target:{target} {{district: $district, node_id: row.target}}) "
            f"MERGE (target)<-[r:{rel}{merge_key}]-(source) "
            "SET r = row.properties")
        statements[f"delete_stale_relationships:{edge_type}"] = (
            f"MATCH (:{source} {{district: $district}})-[r:{rel}]->(:{target} {{district: $district}}) "
            "WHERE r.push_id <> $push_id WITH r LIMIT $limit DELETE r RETURN count(*) AS deleted")
        statements[f"pull_relationships:{edge_type}"] = (
            f"MATCH (:{source} {{district: $district}})-[r:{rel}]->(:{target} {{district: $district}}) "
            "RETURN properties(r) AS properties ORDER BY r.seq")
    return statements


def _district_statements():
    """What the server holds of a district: counts per kind and type, distinct units, its District node."""
    counts = [f"COUNT {{ MATCH (n:{label(kind)} {{district: $district}}) }} AS {kind}" for kind in NODE_KINDS]
    for edge_type in EDGE_KINDS:
        source, target = _ends(edge_type)
        counts.append(f"COUNT {{ MATCH (:{source} {{district: $district}})-[r:{edge_type}]->"
                      f"(:{target} {{district: $district}}) }} AS {edge_type}")
    # Units with several roles carry several labels: count each node once.
    clauses, lists = [], []
    for kind in SHARED_UNIT_KINDS:
        clauses.append(f"OPTIONAL MATCH (n:{label(kind)} {{district: $district}}) "
                       f"WITH {''.join(name + ', ' for name in lists)}collect(n.node_id) AS {kind}_ids")
        lists.append(f"{kind}_ids")
    return {
        "district_counts": "RETURN " + ", ".join(counts),
        "distinct_units": (" ".join(clauses) + f" UNWIND {' + '.join(lists)} AS unit_id "
                           "RETURN count(DISTINCT unit_id) AS units"),
        "district_node": (f"MATCH (d:{label('district')} {{district: $district, node_id: $district_id}}) "
                          "RETURN properties(d) AS properties"),
    }


def _build_statements():
    return {"ping": "RETURN 1 AS ok", **_node_statements(), **_relationship_statements(),
            **_district_statements()}


#: Every statement of the graph store, by name (the parser test reads this registry).
STATEMENTS = register_statements(_build_statements())
