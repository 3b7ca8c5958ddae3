"""The statement registry of liangxin.graph.neo4j.statements, without a server."""

import neo4j
import pytest

from liangxin.graph.neo4j.connection import Neo4jConnection, Neo4jRunner, neo4j_settings
from liangxin.graph.neo4j.statements import (STATEMENTS, UNIT_ROLE_SETS, is_registered, label, register_statements,
                                             registered_statements)
from liangxin.graph.network import SHARED_UNIT_KINDS
from liangxin.graph.schema import EDGE_KINDS, NODE_KINDS


def test_the_runner_only_sends_registered_statements():
    assert STATEMENTS["ping"] == "RETURN 1 AS ok"
    settings = neo4j_settings(environ={"NEO4J_URI": "bolt://127.0.0.1:1"})
    with Neo4jConnection(neo4j.GraphDatabase.driver(settings.uri), settings) as connection:
        with Neo4jRunner(connection) as runner, pytest.raises(ValueError, match="not registered"):
            runner.read("MATCH (n) DETACH DELETE n")


def test_every_node_kind_and_relationship_type_has_its_statements():
    for kind in NODE_KINDS:
        assert {f"constraint:{kind}", f"delete_stale_nodes:{kind}"} <= set(STATEMENTS)
        assert (f"merge_nodes:{kind}" in STATEMENTS) == (kind not in SHARED_UNIT_KINDS)
    for edge_type in EDGE_KINDS:
        names = {f"merge_relationships:{edge_type}", f"delete_stale_relationships:{edge_type}",
                 f"pull_relationships:{edge_type}"}
        assert names <= set(STATEMENTS)


def test_a_unit_may_carry_any_combination_of_its_roles():
    assert len(UNIT_ROLE_SETS) == 2 ** len(SHARED_UNIT_KINDS) - 1
    both = STATEMENTS["merge_units:department+supervisory_unit"]
    assert f"(n:{label('department')}:{label('supervisory_unit')} " in both


def test_every_registered_statement_is_known_to_the_runner():
    assert set(STATEMENTS.values()) <= registered_statements()
    assert all(is_registered(text) for text in STATEMENTS.values())
    assert not is_registered("RETURN 2 AS ok")
    assert register_statements({}) == {}
