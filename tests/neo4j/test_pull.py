"""pull_network against a real Bolt server: the tables come back as they were pushed."""

import pytest

from liangxin.errors import Neo4jDataError
from liangxin.graph.neo4j.pull import district_exists, pull_network
from liangxin.graph.neo4j.push import push_network
from tests.conftest import GEO, ORG_HEADER, org, tables_from_rows
from tests.neo4j.helpers import assert_same_tables, network_for


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


def test_pulling_a_missing_district_is_a_one_line_chinese_error(bolt_server):
    with pytest.raises(Neo4jDataError, match="没有区“无此区”的数据"):
        pull_network(bolt_server.connection, "无此区")
