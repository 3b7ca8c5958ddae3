import dataclasses

import networkx as nx
import pandas as pd
import pytest

from liangxin.errors import GraphFileError, SchemaError
from liangxin.graph.network import build_network, check_schema
from liangxin.graph.schema import EDGE_KINDS, NODE_KINDS, edge_kind, node_kind
from liangxin.graph.store import load_network, save_network
from tests.conftest import GEO, ORG_HEADER, network_from_rows, org
from liangxin.queries.analysis import analyze_network, summary_object


def test_schema_is_consistent_and_chinese():
    for edge in EDGE_KINDS.values():
        assert edge.source in NODE_KINDS and edge.target in NODE_KINDS
    assert node_kind("organization").label_zh == "两新组织"
    assert edge_kind("SUPERVISES").label_zh == "主管包建"
    with pytest.raises(KeyError, match="unknown node kind"):
        node_kind("person")


def test_handmade_network_follows_the_schema(handmade_network):
    nodes, edges = handmade_network.counts()
    assert nodes["organization"] == 13 and nodes["street"] == 4 and nodes["district"] == 1
    graph = handmade_network.to_networkx()
    assert isinstance(graph, nx.MultiDiGraph)
    assert graph.number_of_nodes() == len(set(handmade_network.nodes["id"]))
    for source, target, edge_type in graph.edges(keys=True):
        spec = EDGE_KINDS[edge_type]
        assert spec.source in graph.nodes[source]["kinds"]
        assert spec.target in graph.nodes[target]["kinds"]
    # the chain district -> street -> community -> organization
    org = "org:91440307MA5DA0001P"
    assert nx.has_path(graph, "district:龙岗区", org)
    assert graph.nodes[org]["org_kind"] == "enterprise"
    # F has no community: not hosted anywhere
    assert graph.in_degree("org:己商贸有限公司") == 0


def test_check_schema_names_every_problem():
    nodes = {"street": pd.DataFrame({"id": ["street:甲", "street:甲"], "kind": "street", "name": "甲"}),
             "planet": pd.DataFrame({"id": ["p"], "kind": "planet", "name": "p"})}
    edges = {"HAS_COMMUNITY": pd.DataFrame({"source": ["street:甲"], "target": ["community:无"],
                                            "type": "HAS_COMMUNITY"}),
             "ORBITS": pd.DataFrame({"source": [], "target": [], "type": []})}
    with pytest.raises(SchemaError) as error:
        check_schema(nodes, edges)
    message = str(error.value)
    assert "duplicate node ids" in message and "unknown node kind 'planet'" in message
    assert "HAS_COMMUNITY: 1 targets are not community nodes" in message
    assert "unknown edge type 'ORBITS'" in message


def test_by_construction_skips_only_what_it_names():
    nodes = {"street": pd.DataFrame({"id": ["street:甲", "street:甲"], "kind": "street", "name": "甲"}),
             "community": pd.DataFrame({"id": ["community:甲/乙"], "kind": "community", "name": "乙"})}
    edges = {"HAS_COMMUNITY": pd.DataFrame({"source": ["street:丙"], "target": ["community:无"],
                                            "type": "HAS_COMMUNITY"})}
    check_schema(nodes, edges, {"street": True, ("HAS_COMMUNITY", "source"): True,
                                ("HAS_COMMUNITY", "target"): True})
    with pytest.raises(SchemaError) as error:
        check_schema(nodes, edges, {"street": True, ("HAS_COMMUNITY", "source"): True})
    assert "HAS_COMMUNITY: 1 targets are not community nodes" in str(error.value)
    assert "duplicate" not in str(error.value) and "sources" not in str(error.value)


def test_a_relation_naming_an_unknown_organization_is_a_schema_error(handmade_network):
    # Validation never lets this through; tables built by hand can, and the build names it.
    leaders = handmade_network.tables.leader_points.copy()
    leaders.loc[0, "org_id"] = "没有这个组织"
    tables = dataclasses.replace(handmade_network.tables, leader_points=leaders)
    with pytest.raises(SchemaError, match="ATTACHED_TO: 1 targets are not organization nodes"):
        build_network(tables)


def test_extra_columns_named_like_node_columns_are_kept_beside_them():
    # A sheet's extra columns keep their headers; "id" or "kind" must not clash with the node table's.
    header = ORG_HEADER + ["id", "kind", "org_kind", "name", "kinds"]
    net = network_from_rows({"街道社区": GEO, "两新组织": [
        header, org("甲公司") + ["x", "y", "z", "w", "v"], org("乙公司") + ["x", "y", "z", "w", "v"]]})
    table = net.node_tables["organization"]
    assert table.columns.is_unique
    assert table["id"].tolist() == ["org:甲公司", "org:乙公司"] and table["kind"].eq("organization").all()
    assert table["org_kind"].eq("enterprise").all()
    assert table[["id_", "kind_", "org_kind_", "name_", "kinds_"]].iloc[0].tolist() == ["x", "y", "z", "w", "v"]
    graph = net.to_networkx()
    assert len(net.nodes) == len(graph) and graph.nodes["org:甲公司"]["kinds"] == ("organization",)


@pytest.mark.parametrize("empty", [None, float("nan")])
def test_an_empty_org_id_is_a_schema_error(handmade_network, empty):
    orgs = handmade_network.tables.organizations.copy()
    orgs.loc[[0, 1], "org_id"] = empty
    tables = dataclasses.replace(handmade_network.tables, organizations=orgs)
    with pytest.raises(SchemaError, match=r"empty org_id in rows \[0, 1\]"):
        build_network(tables)


def test_save_and_load_round_trip(handmade_network, tmp_path):
    path = save_network(handmade_network, tmp_path / "龙岗.lxg")
    again = load_network(path)
    assert again.counts() == handmade_network.counts()
    before = summary_object(analyze_network(handmade_network), "x")
    after = summary_object(analyze_network(again), "x")
    assert before == after


def test_loading_something_else_is_a_clear_error(tmp_path):
    path = tmp_path / "x.lxg"
    path.write_text("not a zip")
    with pytest.raises(GraphFileError, match="无法读取网络文件"):
        load_network(path)


def test_instructor_edges_are_the_text_pairs_each_once():
    """APPOINTS and GUIDES by integer pairs: the edges ``dropna().drop_duplicates()`` of the id
    text gives, in the same order; a row naming no known organization falls back to the text."""
    import numpy as np
    import pandas as pd

    from liangxin.graph.network import _edges, _instructor_edges, _org_ends, node_id

    guided = pd.DataFrame({"unit_key": ["民政局", "民政局", None, "教育局", "民政局"],
                           "org_id": ["甲", "甲", "乙", "丙", "乙"]}, dtype=object)
    instructors = np.array(["instructor:民政局/刘洋", "instructor:民政局/刘洋", None, "instructor:教育局/王芳",
                            "instructor:民政局/刘洋"], dtype=object)
    org_ids = np.array(["org:甲", "org:乙", "org:丙"], dtype=object)
    for rows in (np.array([0, 0, 1, 2, 1]), np.array([0, 0, 1, -1, 1])):
        got = _instructor_edges(instructors, guided, org_ids, rows)
        expected = {"APPOINTS": _edges("APPOINTS", node_id("supervisory_unit", guided["unit_key"]), instructors),
                    "GUIDES": _edges("GUIDES", instructors, _org_ends(org_ids, rows, guided))}
        for name in expected:
            pd.testing.assert_frame_equal(got[name], expected[name])
        assert len(got["GUIDES"]) == 3  # 刘洋→甲, 刘洋→乙, 王芳→丙 (or the id its row names)
