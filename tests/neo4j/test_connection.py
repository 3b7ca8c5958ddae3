"""Settings, connection and runner: one Chinese line for every problem, never the password."""

import pytest

from liangxin.errors import Neo4jConnectionError
from liangxin.graph.neo4j.connection import Neo4jRunner, Neo4jSettings, connect, neo4j_settings
from liangxin.graph.neo4j.pull import pull_network
from liangxin.graph.neo4j.push import push_network
from tests.neo4j.helpers import network_for


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


def test_an_address_carrying_a_password_is_refused_without_echoing_it():
    for uri in ("neo4j://u:s3cret@127.0.0.1:7687", "u:s3cret@127.0.0.1"):
        with pytest.raises(Neo4jConnectionError) as error:
            neo4j_settings(uri=uri, environ={})
        assert "s3cret" not in str(error.value) and "NEO4J_PASSWORD" in str(error.value)


def test_a_token_in_the_address_query_stays_out_of_messages_logs_and_repr(caplog):
    uri = "neo4j://127.0.0.1:1/?token=S3cretPW"
    assert "S3cretPW" not in repr(neo4j_settings(uri=uri, user="u", environ={}))
    with caplog.at_level("DEBUG", logger="liangxin.graph"), pytest.raises(Neo4jConnectionError) as error:
        connect(uri, "u", password="x", environ={}, connection_timeout=2)
    assert "127.0.0.1:1" in str(error.value)
    assert "S3cretPW" not in str(error.value) and "S3cretPW" not in caplog.text
