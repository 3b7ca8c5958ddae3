"""Push and pull against a real Bolt server (ArcadeDB here; Neo4j 5 too when NEO4J_URI is set)."""

from dataclasses import fields

import pandas as pd
import pytest

from liangxin.graph.network import build_network
from liangxin.errors import Neo4jConnectionError, Neo4jDataError
from liangxin.graph.neo4j_store import (STATEMENTS, Neo4jRunner, Neo4jSettings,
                               connect, delete_district, district_counts, district_exists, neo4j_settings,
                               pull_network, push_network)
from liangxin.graph.schema import EDGE_KINDS, NODE_KINDS
from tests.conftest import GEO, ORG_HEADER, org, tables_from_rows, workbook


def network_for(tables, district):
    return build_network(tables, district=district)


def assert_same_tables(expected, actual):
    for f in fields(expected):
        if f.name == "extra_sheets":
            continue
        a, b = getattr(expected, f.name), getattr(actual, f.name)
        if isinstance(a, pd.DataFrame):
            pd.testing.assert_frame_equal(a, b, check_exact=True, obj=f.name)
        else:
            assert a == b, f.name


def raw(server, statement, **parameters):
    """Run a test-only statement with the driver directly (inspection, not something liangxin sends)."""
    with server.connection.driver.session(database=server.connection.database) as session:
        return session.run(statement, parameters).data()


def expected_counts(network):
    nodes, edges = network.counts()
    tasks = network.tables.mass_org_tasks
    return nodes, {**edges, "CO_BUILDS": len(tasks)}  # one CO_BUILDS per 党群共建 task row


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


def snapshot(orgs, **sheets):
    tables = tables_from_rows(workbook(orgs, **sheets))
    assert tables.rejected.empty, tables.rejected
    return tables


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


NASTY = ["甲'}) DETACH DELETE n //", 'Quote " and \' both', "Back\\slash\\", "`backtick` MATCH (n) DETACH DELETE n",
         "{brace} $param ${x}", "'}) DETACH DELETE n //"]


def test_names_that_look_like_cypher_round_trip_unchanged(bolt_server):
    district = bolt_server.district()
    geo = GEO + [[NASTY[3] + "街道", NASTY[4] + "社区"]]
    orgs = [org(name, employees=60 + i, street="平湖街道") for i, name in enumerate(NASTY)]
    orgs.append(org("外街", street=NASTY[3] + "街道", community=NASTY[4] + "社区", employees=120))
    header = ORG_HEADER + ["`备注` }) //"]
    rows = [header] + [o + [name] for o, name in zip(orgs, NASTY + ["x"])]
    sheets = {"街道社区": geo, "两新组织": rows,
              "挂点促建": [["区领导", "组织名称"]] + [[NASTY[0], name] for name in NASTY],
              "驻街保建": [["区直机关", "驻点街道", "联系组织"], [NASTY[2], NASTY[3] + "街道", NASTY[5]]],
              "主管包建": [["业务主管单位", "组织名称"]],
              "党群共建": [["群团组织", "组织名称", "任务"], [NASTY[1], NASTY[0], NASTY[4]]],
              "责任容量": [["单位", "容量"], [NASTY[0], 3]]}
    tables = tables_from_rows(sheets)
    assert set(tables.organizations["name"]) >= set(NASTY) and len(tables.rejected) == 0
    net = network_for(tables, district)
    push_network(bolt_server.connection, net)
    push_network(bolt_server.connection, net)
    pulled = pull_network(bolt_server.connection, district)
    assert_same_tables(tables, pulled.tables)
    assert pulled.counts() == net.counts()
    # Nothing else in the database was touched by the names.
    assert district_exists(bolt_server.connection, district)


def test_district_names_are_parameters_too(bolt_server, handmade_network):
    district = bolt_server.district() + "'}) DETACH DELETE n //"
    bolt_server._districts.add(district)
    net = network_for(handmade_network.tables, district)
    push_network(bolt_server.connection, net)
    assert pull_network(bolt_server.connection, district).counts() == net.counts()
    distinct_nodes = net.nodes["id"].nunique()  # a unit with two roles is one node
    assert delete_district(bolt_server.connection, district) == (distinct_nodes, len(net.edges) + 0)
    assert not district_exists(bolt_server.connection, district)


def test_pulling_a_missing_district_is_a_one_line_chinese_error(bolt_server):
    with pytest.raises(Neo4jDataError, match="没有区“无此区”的数据"):
        pull_network(bolt_server.connection, "无此区")


def test_a_driver_or_a_session_works_as_the_target(bolt_server, handmade_network):
    district = bolt_server.district()
    net = network_for(handmade_network.tables, district)
    connection = bolt_server.connection
    push_network(connection.driver, net, database=connection.database)
    with connection.session() as session:
        assert pull_network(session, district).counts() == net.counts()
    with pytest.raises(ValueError, match="not registered"):
        with Neo4jRunner(connection) as runner:
            runner.read("MATCH (n) RETURN n")


def test_constraints_exist_once_per_node_kind(bolt_server, handmade_network):
    push_network(bolt_server.connection, network_for(handmade_network.tables, bolt_server.district()))
    names = {c["name"] for c in raw(bolt_server, "SHOW CONSTRAINTS")}
    assert {f"liangxin_{kind}_key" for kind in NODE_KINDS} <= names


# Connection problems: one Chinese line, never the password.

def test_an_unreachable_server_is_reported_at_once():
    with pytest.raises(Neo4jConnectionError, match="无法连接 Neo4j 服务器 bolt://127.0.0.1:1"):
        connect("bolt://127.0.0.1:1", "neo4j", environ={"NEO4J_PASSWORD": "s3cret-pw"}, connection_timeout=3)


def test_bad_credentials_name_the_user_but_not_the_password(arcadedb_server):
    settings = arcadedb_server.settings
    with pytest.raises(Neo4jConnectionError) as caught:
        connect(settings.uri, settings.user, settings.database, environ={"NEO4J_PASSWORD": "wrong-s3cret"})
    message = str(caught.value)
    assert "拒绝登录" in message and "root" in message and "wrong-s3cret" not in message
    assert "\n" not in message


def test_a_missing_database_is_named(arcadedb_server):
    settings = arcadedb_server.settings
    with pytest.raises(Neo4jConnectionError, match="没有数据库“没有这个库”"):
        connect(settings.uri, settings.user, "没有这个库", password=settings.password, environ={})


@pytest.mark.parametrize("environ, message", [
    ({}, "未设置 Neo4j 服务器地址"),
    ({"NEO4J_URI": "http://localhost:7474"}, "无效"),
])
def test_missing_or_bad_uri(environ, message):
    with pytest.raises(Neo4jConnectionError, match=message):
        neo4j_settings(environ=environ)


def test_settings_never_show_the_password():
    settings = neo4j_settings(user="u", environ={"NEO4J_URI": "neo4j+s://x.databases.neo4j.io",
                                                  "NEO4J_PASSWORD": "s3cret", "NEO4J_DATABASE": "neo4j"})
    assert settings == Neo4jSettings("neo4j+s://x.databases.neo4j.io", "u", "s3cret", "neo4j")
    assert "s3cret" not in repr(settings)


def test_push_rejects_a_bad_batch_size(bolt_server, handmade_network):
    with pytest.raises(ValueError):
        push_network(bolt_server.connection, handmade_network, batch_size=0)


def test_the_runner_only_sends_registered_statements():
    assert STATEMENTS["ping"] == "RETURN 1 AS ok"


def test_an_address_carrying_a_password_is_refused_without_echoing_it():
    from liangxin.errors import Neo4jConnectionError
    from liangxin.graph.neo4j_store import neo4j_settings

    for uri in ("neo4j://u:s3cret@127.0.0.1:7687", "u:s3cret@127.0.0.1"):
        with pytest.raises(Neo4jConnectionError) as error:
            neo4j_settings(uri=uri, environ={})
        assert "s3cret" not in str(error.value) and "NEO4J_PASSWORD" in str(error.value)


def test_a_token_in_the_address_query_stays_out_of_messages_logs_and_repr(caplog):
    from liangxin.errors import Neo4jConnectionError
    from liangxin.graph.neo4j_store import connect, neo4j_settings

    uri = "neo4j://127.0.0.1:1/?token=S3cretPW"
    assert "S3cretPW" not in repr(neo4j_settings(uri=uri, user="u", environ={}))
    with caplog.at_level("DEBUG", logger="liangxin.graph"), pytest.raises(Neo4jConnectionError) as error:
        connect(uri, "u", password="x", environ={}, connection_timeout=2)
    assert "127.0.0.1:1" in str(error.value)
    assert "S3cretPW" not in str(error.value) and "S3cretPW" not in caplog.text
