"""Fixtures of the Neo4j tests: the real Bolt servers of tests/neo4j/server.py."""

from tests.neo4j.server import arcadedb_server, bolt_server, neo4j_server  # noqa: F401  (fixtures)
