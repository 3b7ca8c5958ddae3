"""Fixtures of the notebook tests.

The Bolt test server is the Neo4j tests' own (tests/neo4j/server.py, registered for the whole
session in tests/conftest.py): reused, not a second implementation.
"""

