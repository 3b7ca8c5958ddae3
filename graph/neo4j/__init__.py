"""Keep a district's responsibility network in a shared Neo4j 5 server: connect, push, pull.

The committee keeps the graph in one Neo4j 5 server (on premises or Aura) that other tools
share. :func:`connect` opens the connection from ``NEO4J_URI``, ``NEO4J_USER``,
``NEO4J_PASSWORD`` and ``NEO4J_DATABASE``; :func:`push_network` writes one district into it,
and :func:`pull_network` reads it back into the same
:class:`~liangxin.graph.network.ResponsibilityNetwork`. The Cypher versions of the queries
are in :mod:`liangxin.queries.cypher`.

=====================================  ===================================================
module                                 concept
=====================================  ===================================================
:mod:`~.statements`                    every Cypher statement sent, and their registry
:mod:`~.connection`                    settings, the checked connection, the runner
:mod:`~.properties`                    table rows as properties, and back
:mod:`~.push`                          writing a district as its current snapshot
:mod:`~.pull`                          reading a district back: exists, counts, network
=====================================  ===================================================

How the graph is kept
---------------------
- Labels and relationship types come from :mod:`liangxin.graph.schema` only
  (``NODE_KINDS[kind].neo4j_label``, ``EDGE_KINDS`` keys). A unit with several roles
  (department, supervisory unit, mass organization: one node id ``unit:<key>``) is one
  node carrying one label per role.
- Every node and relationship carries ``district``; nodes are keyed by
  ``(district, node_id)`` (``node_id`` is the network's node id, e.g. ``org:<org_id>``),
  with one uniqueness constraint per node kind. Nothing outside the pushed district is
  read, changed or deleted.
- Each push stamps what it writes with a fresh ``push_id``; afterwards the district's
  nodes and relationships still carrying an older stamp (gone from the newer snapshot)
  are deleted. Pushing the same workbook twice leaves the same counts.
- Row-level data lives where it belongs: organization rows on ``Organization`` nodes,
  街道社区 rows on ``Community`` nodes, the rows of 挂点促建 / 驻街保建 / 主管包建 /
  党群共建 on their ``ATTACHED_TO`` / ``STATIONED_IN`` + ``CONTACTS`` / ``SUPERVISES`` /
  ``CO_BUILDS`` relationships (one ``CO_BUILDS`` per task row), with a ``seq`` property
  keeping the table order. The ``District`` node holds what is not graph data: the
  责任容量 table (also as ``capacity_keys`` / ``capacity_values`` arrays for Cypher), the
  row counts and problems of the workbook, and how table columns map to properties.
  Sheets the contract does not know (``Tables.extra_sheets``) are not pushed.
- Every statement sent is registered in :data:`STATEMENTS` (or
  :data:`liangxin.queries.cypher.STATEMENTS`); every value is a parameter. A test passes each
  registered statement through Neo4j's own parser.

Examples
--------
>>> from liangxin.graph.neo4j import connect, neo4j_settings, pull_network, push_network
>>> neo4j_settings(environ={"NEO4J_URI": "bolt://localhost:7687", "NEO4J_PASSWORD": "x"})
Neo4jSettings(uri='bolt://localhost:7687', user='neo4j', database=None)
>>> with connect() as connection:  # doctest: +SKIP
...     push_network(connection, net)
...     same = pull_network(connection, "龙岗区")
"""

from liangxin.graph.neo4j.connection import Neo4jConnection, Neo4jRunner, Neo4jSettings, connect, neo4j_settings
from liangxin.graph.neo4j.properties import FORMAT_VERSION
from liangxin.graph.neo4j.pull import district_counts, district_exists, pull_network, pull_tables
from liangxin.graph.neo4j.push import DEFAULT_BATCH_SIZE, PushResult, delete_district, ensure_constraints, push_network
from liangxin.graph.neo4j.statements import STATEMENTS, register_statements, registered_statements

__all__ = [
    "Neo4jSettings",
    "Neo4jConnection",
    "Neo4jRunner",
    "PushResult",
    "neo4j_settings",
    "connect",
    "ensure_constraints",
    "push_network",
    "pull_network",
    "pull_tables",
    "district_counts",
    "district_exists",
    "delete_district",
    "register_statements",
    "registered_statements",
    "STATEMENTS",
    "DEFAULT_BATCH_SIZE",
    "FORMAT_VERSION",
]
