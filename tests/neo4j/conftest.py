"""The Neo4j tests' fixtures live in tests/neo4j/server.py, registered in tests/conftest.py."""
