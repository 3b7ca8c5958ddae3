"""Neo4j's own parser as a guard: every statement liangxin sends must pass it.

The statements are collected from the code (the registries ``liangxin.graph.neo4j.statements.STATEMENTS``
and ``liangxin.queries.cypher.statements.STATEMENTS``; the runner refuses anything unregistered), never from a
hand-kept list. The parser is the npm package ``@neo4j-cypher/language-support`` (Neo4j's
Cypher 5 grammar and semantic analysis), installed by ``scripts/install-cypher-parser.sh``
into tests/cypher_parser/node_modules; without it the parser test is skipped, saying how to
install it.
"""

import ast
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import liangxin.graph.neo4j.connection as connection
import liangxin.graph.neo4j.properties as properties
import liangxin.graph.neo4j.pull as pull
import liangxin.graph.neo4j.push as push
import liangxin.graph.neo4j.statements as store_statements
import liangxin.queries.cypher.compare as compare
import liangxin.queries.cypher.statements as query_statements
import liangxin.queries.cypher.twins as twins
from liangxin.graph.schema import EDGE_KINDS, NODE_KINDS

ROOT = Path(__file__).resolve().parents[2]
PARSER = ROOT / "tests" / "cypher_parser"
#: The two registries of statements.
REGISTRIES = (store_statements, query_statements)
#: Every module that talks to Neo4j or holds Cypher; only the runner (in connection) sends.
MODULES = (store_statements, connection, properties, push, pull, query_statements, twins, compare)


def collected_statements():
    statements = {}
    for module in REGISTRIES:
        for name, text in module.STATEMENTS.items():
            statements[f"{module.__name__}:{name}"] = text
    return statements


def test_the_registries_hold_every_statement_the_runner_accepts():
    assert set(collected_statements().values()) == set(store_statements.registered_statements())


def test_every_module_level_cypher_constant_is_registered():
    registered = set(collected_statements().values())
    for module in MODULES:
        for name, value in vars(module).items():
            if name.startswith("_"):
                continue  # private fragments (pieces of registered statements), never sent alone
            if isinstance(value, str) and re.match(r"\s*(MATCH|OPTIONAL|UNWIND|MERGE|CREATE|RETURN|CALL|WITH)\b",
                                                   value):
                assert value in registered, f"{module.__name__}.{name} is Cypher but not registered"


def test_only_the_runner_sends_statements():
    # Every call of .run( in these modules is the one inside Neo4jRunner.
    for module in MODULES:
        tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
        runs = [node for node in ast.walk(tree) if isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute) and node.func.attr in ("run", "execute_query")]
        assert len(runs) == (1 if module is connection else 0), module.__name__


def test_every_value_is_a_parameter():
    for name, statement in collected_statements().items():
        assert "'" not in statement and '"' not in statement, f"{name} holds a string literal"


def test_labels_and_relationship_types_come_from_the_schema():
    labels = {spec.neo4j_label for spec in NODE_KINDS.values()}
    for name, statement in collected_statements().items():
        for found in re.findall(r"[(:]\s*\w*\s*:\s*([A-Za-z_]\w*(?::[A-Za-z_]\w*)*)", statement):
            for label in found.split(":"):
                assert label in labels or label in EDGE_KINDS, f"{name}: {label}"
        for found in re.findall(r"\[\s*\w*\s*:\s*(\w+)", statement):
            assert found in EDGE_KINDS, f"{name}: relationship type {found}"


#: Statements the parser must reject, sent along so that a parser that checks nothing cannot pass.
CANARIES = {
    "canary:undefined-variable": "MATCH (o:Organization) RETURN m",
    "canary:unknown-function": "RETURN nosuchfunction(1) AS x",
    "canary:syntax": "MATCH (o:Organization RETURN o",
    "canary:analysis-skipped": "MATCH (o:Organization) WITH sum(CASE WHEN EXISTS { MATCH (o)<-[:HOSTS]-() } "
                               "THEN 1 ELSE 0 END) AS n RETURN n",
}


def test_every_statement_passes_neo4j_s_own_parser():
    if shutil.which("node") is None:
        pytest.skip("Node.js is not installed: the Neo4j Cypher parser check is skipped")
    if not (PARSER / "node_modules" / "@neo4j-cypher" / "language-support").is_dir():
        pytest.skip("Neo4j's Cypher parser is not installed: run scripts/install-cypher-parser.sh")
    statements = collected_statements()
    request = {"labels": sorted(spec.neo4j_label for spec in NODE_KINDS.values()),
               "relationshipTypes": sorted(EDGE_KINDS), "statements": {**statements, **CANARIES}}
    completed = subprocess.run(["node", str(PARSER / "check-statements.mjs")], input=json.dumps(request),
                               capture_output=True, text=True, timeout=600, cwd=str(PARSER))
    assert completed.returncode == 0, completed.stderr[-2000:]
    report = json.loads(completed.stdout)
    assert set(report) == set(request["statements"])
    assert all(report[name] for name in CANARIES), {name: report[name] for name in CANARIES}
    problems = {name: report[name] for name in statements if report[name]}
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)
