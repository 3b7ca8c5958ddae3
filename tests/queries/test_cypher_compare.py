"""analysis_differences and tables_differences (liangxin.queries.cypher.compare), without a server."""

import dataclasses

import pytest

from liangxin.queries.analysis import analyze_network
from liangxin.queries.cypher.compare import analysis_differences, tables_differences


@pytest.fixture(scope="module")
def analysis(handmade_network):
    return analyze_network(handmade_network)


def test_an_analysis_agrees_with_itself(analysis):
    assert analysis_differences(analysis, analysis, "台账.xlsx") == []


def test_loads_agree_within_the_tolerance_only(analysis):
    nudged = analysis.loads.assign(load=analysis.loads["load"] * (1 + 1e-12))
    assert analysis_differences(analysis, dataclasses.replace(analysis, loads=nudged)) == []
    moved = analysis.loads.assign(load=analysis.loads["load"] + 0.5)
    problems = analysis_differences(analysis, dataclasses.replace(analysis, loads=moved))
    assert problems and all(p.startswith("责任单位负荷：") and "“load”不同" in p for p in problems)


def test_a_missing_row_and_a_changed_order_are_named(analysis):
    fewer = analysis.uncovered.iloc[1:].reset_index(drop=True)
    problems = analysis_differences(analysis, dataclasses.replace(analysis, uncovered=fewer))
    assert len(problems) == 1 and problems[0].startswith("未覆盖组织：只有内置查询有这一行：")
    reordered = analysis.coverage.iloc[::-1].reset_index(drop=True)
    problems = analysis_differences(analysis, dataclasses.replace(analysis, coverage=reordered))
    assert problems == ["覆盖率：行的顺序不同（从第 1 行起）"]


def test_tables_differences_names_the_table(handmade_network):
    tables = handmade_network.tables
    assert tables_differences(tables, tables) == []
    changed = dataclasses.replace(tables, organizations=tables.organizations.assign(employees=0))
    problems = tables_differences(tables, changed)
    assert len(problems) == 1 and problems[0].startswith("从 Neo4j 读回的表“organizations”与本地不同")
