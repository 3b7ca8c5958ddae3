"""push_network against a real Bolt server (ArcadeDB here; Neo4j 5 too when NEO4J_URI is set)."""

import pytest

from liangxin.graph.neo4j.pull import district_counts, district_exists, pull_network
from liangxin.graph.neo4j.push import delete_district, push_network
from liangxin.graph.schema import EDGE_KINDS, NODE_KINDS
from tests.conftest import org
from tests.neo4j.helpers import assert_same_tables, expected_counts, network_for, raw, snapshot


def test_push_twice_gives_the_same_counts_and_pull_gives_back_the_tables(bolt_server, handmade_network):
    district = bolt_server.district()
    net = network_for(handmade_network.tables, district)
    first = push_network(bolt_server.connection, net, batch_size=3)
    second = push_network(bolt_server.connection, net)
    assert (first.nodes, first.relationships) == (second.nodes, second.relationships) == expected_counts(net)
    assert first.node_total == second.node_total == net.nodes["id"].nunique()
    assert second.deleted_nodes == second.deleted_relationships == 0
    pulled = pull_network(bolt_server.connection, district)
    assert_same_tables(net.tables, pulled.tables)
    assert pulled.counts() == net.counts()
    assert pulled.district == district


def test_every_node_and_relationship_is_scoped_and_labelled_from_the_schema(bolt_server, handmade_network):
    district = bolt_server.district()
    push_network(bolt_server.connection, network_for(handmade_network.tables, district))
    labels = {spec.neo4j_label for spec in NODE_KINDS.values()}
    nodes = raw(bolt_server, "MATCH (n {district: $d}) RETURN labels(n) AS labels, n.node_id AS id", d=district)
    assert nodes and all(set(n["labels"]) <= labels and n["id"] for n in nodes)
    unit = [n for n in nodes if n["id"] == "unit:区民政局"]
    assert len(unit) == 1 and set(unit[0]["labels"]) == {"Department", "SupervisoryUnit"}  # one node, two roles
    rels = raw(bolt_server, "MATCH ({district: $d})-[r]->() RETURN type(r) AS type, r.district AS district",
               d=district)
    assert rels and all(r["type"] in EDGE_KINDS and r["district"] == district for r in rels)


def test_a_newer_snapshot_updates_properties_and_removes_what_disappeared(bolt_server):
    district, other = bolt_server.district(), bolt_server.district()
    stations = [["区直机关", "驻点街道", "联系组织"], ["区教育局", "平湖街道", "甲"], ["区民政局", "布吉街道", None]]
    old = snapshot([org("甲", employees=60), org("乙", employees=10), org("丙", kind="社会组织", employees=5)],
                   驻街保建=stations, 挂点促建=[["区领导", "组织名称"], ["张伟", "甲"], ["张伟", "乙"]],
                   党群共建=[["群团组织", "组织名称", "任务"], ["区总工会", "甲", "建会"], ["区总工会", "甲", "建团"]])
    push_network(bolt_server.connection, network_for(old, district))
    push_network(bolt_server.connection, network_for(old, other))
    before_other = district_counts(bolt_server.connection, other)
    new = snapshot([org("甲", employees=80), org("丙", kind="社会组织", employees=5)],  # 乙 closed down, 甲 grew
                   驻街保建=[["区直机关", "驻点街道"], ["区民政局", "布吉街道"]],  # 区教育局 left, no contact
                   挂点促建=[["区领导", "组织名称"], ["张伟", "丙"]],
                   主管包建=[["业务主管单位", "组织名称"], ["区民政局", "丙"]],  # 区民政局 gains a role
                   党群共建=[["群团组织", "组织名称", "任务"], ["区总工会", "甲", "建会"]])
    result = push_network(bolt_server.connection, network_for(new, district))
    assert (result.nodes, result.relationships) == expected_counts(network_for(new, district))
    assert result.deleted_nodes >= 2 and result.deleted_relationships >= 3
    assert_same_tables(new, pull_network(bolt_server.connection, district).tables)
    employees = raw(bolt_server, "MATCH (o:Organization {district: $d, node_id: $id}) RETURN o.employees AS e",
                    d=district, id="org:甲")
    assert employees == [{"e": 80}]
    unit = raw(bolt_server, "MATCH (n:SupervisoryUnit {district: $d}) RETURN labels(n) AS labels", d=district)
    assert [set(u["labels"]) for u in unit] == [{"Department", "SupervisoryUnit"}]
    # The other district is untouched.
    assert district_counts(bolt_server.connection, other) == before_other
    assert_same_tables(old, pull_network(bolt_server.connection, other).tables)


def test_a_unit_losing_a_role_keeps_only_its_other_labels(bolt_server):
    district = bolt_server.district()
    both = snapshot([org("协会", kind="社会组织")], 驻街保建=[["区直机关", "驻点街道"], ["区民政局", "平湖街道"]],
                    主管包建=[["业务主管单位", "组织名称"], ["区民政局", "协会"]])
    one = snapshot([org("协会", kind="社会组织")], 主管包建=[["业务主管单位", "组织名称"], ["区民政局", "协会"]])
    push_network(bolt_server.connection, network_for(both, district))
    push_network(bolt_server.connection, network_for(one, district))
    labels = raw(bolt_server, "MATCH (n {district: $d, node_id: $id}) RETURN labels(n) AS labels",
                 d=district, id="unit:区民政局")
    assert [set(x["labels"]) for x in labels] == [{"SupervisoryUnit"}]
    assert_same_tables(one, pull_network(bolt_server.connection, district).tables)


def test_district_names_are_parameters_too(bolt_server, handmade_network):
    district = bolt_server.district() + "'}) DETACH DELETE n //"
    bolt_server._districts.add(district)
    net = network_for(handmade_network.tables, district)
    push_network(bolt_server.connection, net)
    assert pull_network(bolt_server.connection, district).counts() == net.counts()
    distinct_nodes = net.nodes["id"].nunique()  # a unit with two roles is one node
    assert delete_district(bolt_server.connection, district) == (distinct_nodes, len(net.edges) + 0)
    assert not district_exists(bolt_server.connection, district)


def test_constraints_exist_once_per_node_kind(bolt_server, handmade_network):
    push_network(bolt_server.connection, network_for(handmade_network.tables, bolt_server.district()))
    names = {c["name"] for c in raw(bolt_server, "SHOW CONSTRAINTS")}
    assert {f"liangxin_{kind}_key" for kind in NODE_KINDS} <= names


def test_push_rejects_a_bad_batch_size(bolt_server, handmade_network):
    with pytest.raises(ValueError):
        push_network(bolt_server.connection, handmade_network, batch_size=0)
