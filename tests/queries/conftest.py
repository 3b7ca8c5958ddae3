"""Run the query tests on both implementations: the embedded queries and their Cypher twins.

The ``queries`` fixture is parametrized over ``embedded``, ``cypher-arcadedb`` (an ArcadeDB
Bolt server started for the session) and ``cypher-neo4j`` (the Neo4j 5 server of NEO4J_URI;
skipped, saying so, when it is not set), so the two implementations cannot drift apart.
"""

import pytest

from tests.neo4j.twins import CypherQueries, EmbeddedQueries


@pytest.fixture(params=["embedded", "cypher-arcadedb", "cypher-neo4j"])
def queries(request):
    if request.param == "embedded":
        return EmbeddedQueries()
    backend = request.param.split("-", 1)[1]
    return CypherQueries(request.getfixturevalue(f"{backend}_server"))
