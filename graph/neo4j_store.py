"""Keep a district's responsibility network in a shared Neo4j 5 server: push, pull, connect.

The committee keeps the graph in one Neo4j 5 server (on premises or Aura) that other
tools share. :func:`push_network` writes one district into it, :func:`pull_network`
reads it back into the same :class:`~liangxin.graph.network.ResponsibilityNetwork`, and
:func:`connect` opens the connection from ``NEO4J_URI``, ``NEO4J_USER``,
``NEO4J_PASSWORD`` and ``NEO4J_DATABASE``. The Cypher versions of the queries are in
:mod:`liangxin.queries.cypher`.

How the graph is kept
---------------------
- Labels and relationship types come from :mod:`liangxin.graph.schema` only
  (``NODE_KINDS[kind].neo4j_label``, ``EDGE_KINDS`` keys). A unit with several roles
  (department, supervisory unit, mass organization: one node id ``unit:<key>``) is one
  node carrying one label per role.
- Every node and relationship carries ``district``; nodes are keyed by
  ``(district, node_id)`` (``node_id`` is the network's node id, e.g. ``org:<org_id>``),
  with one uniqueness constraint per node kind. Nothing outside the pushed district is
  read, changed or deleted.
- Each push stamps what it writes with a fresh ``push_id``; afterwards the district's
  nodes and relationships still carrying an older stamp (gone from the newer snapshot)
  are deleted. Pushing the same workbook twice leaves the same counts.
- Row-level data lives where it belongs: organization rows on ``Organization`` nodes,
  街道社区 rows on ``Community`` nodes, the rows of 挂点促建 / 驻街保建 / 主管包建 /
  党群共建 on their ``ATTACHED_TO`` / ``STATIONED_IN`` + ``CONTACTS`` / ``SUPERVISES`` /
  ``CO_BUILDS`` relationships (one ``CO_BUILDS`` per task row), with a ``seq`` property
  keeping the table order. The ``District`` node holds what is not graph data: the
  责任容量 table (also as ``capacity_keys`` / ``capacity_values`` arrays for Cypher), the
  row counts and problems of the workbook, and how table columns map to properties.
  Sheets the contract does not know (``Tables.extra_sheets``) are not pushed.
- Every statement sent is registered in :data:`STATEMENTS` (or
  :data:`liangxin.queries.cypher.STATEMENTS`); every value is a parameter. A test passes each
  registered statement through Neo4j's own parser.

Examples
--------
>>> from liangxin.graph.neo4j_store import connect, push_network, pull_network  # doctest: +SKIP
>>> with connect() as connection:  # doctest: +SKIP
...     push_network(connection, net)
...     same = pull_network(connection, "龙岗区")
"""

import itertools
import json
import logging
import math
import os
import sys
import time
import uuid
from dataclasses import dataclass, field, fields

import numpy as np
import pandas as pd

from liangxin.errors import Neo4jConnectionError, Neo4jDataError
from liangxin.graph.network import SHARED_UNIT_KINDS, build_network, node_id
from liangxin.graph.schema import EDGE_KINDS, NODE_KINDS

__all__ = [
    "Neo4jSettings",
    "Neo4jConnection",
    "Neo4jRunner",
    "PushResult",
    "neo4j_settings",
    "connect",
    "ensure_constraints",
    "push_network",
    "pull_network",
    "pull_tables",
    "district_counts",
    "district_exists",
    "delete_district",
    "register_statements",
    "registered_statements",
    "STATEMENTS",
    "DEFAULT_BATCH_SIZE",
    "FORMAT_VERSION",
]

log = logging.getLogger(__name__)

#: Rows sent in one ``UNWIND $rows`` transaction.
DEFAULT_BATCH_SIZE = 2000

#: Version of the way a district is kept in Neo4j (stored on its ``District`` node).
FORMAT_VERSION = 1

ENV_URI, ENV_USER, ENV_PASSWORD, ENV_DATABASE = "NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE"
_SCHEMES = ("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc")


# --------------------------------------------------------------------------------------------
# Statements: every statement liangxin sends is registered here or in queries.cypher.

def _label(kind):
    """The Neo4j label of node `kind`, from the schema only."""
    return NODE_KINDS[kind].neo4j_label


def _relationship_type(edge_type):
    """A relationship type, checked against the schema."""
    if edge_type not in EDGE_KINDS:
        raise KeyError(f"unknown edge type {edge_type!r}")
    return edge_type


def _ends(edge_type):
    spec = EDGE_KINDS[edge_type]
    return _label(spec.source), _label(spec.target)


_REGISTERED = set()


def register_statements(statements):
    """Declare `statements` (a dict name -> Cypher text) as ones liangxin may send.

    :class:`Neo4jRunner` refuses any other text, so the registry is the complete list
    the parser test checks.

    Examples
    --------
    >>> register_statements({"ping": "RETURN 1 AS ok"})["ping"]
    'RETURN 1 AS ok'
    """
    _REGISTERED.update(statements.values())
    return statements


def registered_statements():
    """Return every registered statement text (a frozenset).

    Examples
    --------
    >>> "RETURN 1 AS ok" in registered_statements()
    True
    """
    return frozenset(_REGISTERED)


#: Unit role combinations a node may carry, each a tuple of kinds in SHARED_UNIT_KINDS order.
UNIT_ROLE_SETS = tuple(combo for size in range(1, len(SHARED_UNIT_KINDS) + 1)
                       for combo in itertools.combinations(SHARED_UNIT_KINDS, size))

_PLAIN_NODE_KINDS = tuple(kind for kind in NODE_KINDS if kind not in SHARED_UNIT_KINDS)


def _build_statements():
    statements = {"ping": "RETURN 1 AS ok"}
    for kind in NODE_KINDS:
        label = _label(kind)
        statements[f"constraint:{kind}"] = (
            f"CREATE CONSTRAINT liangxin_{kind}_key IF NOT EXISTS "
            f"FOR (n:{label}) REQUIRE (n.district, n.node_id) IS UNIQUE")
        statements[f"delete_stale_nodes:{kind}"] = (
            f"MATCH (n:{label} {{district: $district}}) WHERE n.push_id <> $push_id "
            "WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS deleted")
    for kind in ("community", "organization"):
        statements[f"pull_nodes:{kind}"] = (
            f"MATCH (n:{_label(kind)} {{district: $district}}) RETURN properties(n) AS properties ORDER BY n.seq")
    for kind in _PLAIN_NODE_KINDS:
        statements[f"merge_nodes:{kind}"] = (
            f"UNWIND $rows AS row MERGE (n:{_label(kind)} {{district: $district, node_id: row.node_id}}) "
            "SET n = row.properties")
    for roles in UNIT_ROLE_SETS:
        labels = ":".join(_label(kind) for kind in roles)
        statements[f"merge_units:{'+'.join(roles)}"] = (
            f"UNWIND $rows AS row MERGE (n:{labels} {{district: $district, node_id: row.node_id}}) "
            "SET n = row.properties")
    for kind in SHARED_UNIT_KINDS:
        label = _label(kind)
        statements[f"unit_labels:{kind}"] = (
            f"MATCH (n:{label} {{district: $district}}) RETURN n.node_id AS node_id, labels(n) AS labels")
        statements[f"delete_units:{kind}"] = (
            f"UNWIND $node_ids AS unit_id MATCH (n:{label} {{district: $district, node_id: unit_id}}) "
            "DETACH DELETE n")
    for edge_type in EDGE_KINDS:
        source, target = _ends(edge_type)
        rel = _relationship_type(edge_type)
        # CO_BUILDS: one relationship per task row (RULES.md's 党群共建 rows differ by task).
        merge_key = " {task_key: row.task_key}" if edge_type == "CO_BUILDS" else ""
        statements[f"merge_relationships:{edge_type}"] = (
            "UNWIND $rows AS row "
            f"MATCH (source:{source} {{district: $district, node_id: row.source}}) "
            f"MATCH (target:{target} {{district: $district, node_id: row.target}}) "
            f"MERGE (target)<-[r:{rel}{merge_key}]-(source) "
            "SET r = row.properties")
        statements[f"delete_stale_relationships:{edge_type}"] = (
            f"MATCH (:{source} {{district: $district}})-[r:{rel}]->(:{target} {{district: $district}}) "
            "WHERE r.push_id <> $push_id WITH r LIMIT $limit DELETE r RETURN count(*) AS deleted")
        statements[f"pull_relationships:{edge_type}"] = (
            f"MATCH (:{source} {{district: $district}})-[r:{rel}]->(:{target} {{district: $district}}) "
            "RETURN properties(r) AS properties ORDER BY r.seq")
    counts = [f"COUNT {{ MATCH (n:{_label(kind)} {{district: $district}}) }} AS {kind}" for kind in NODE_KINDS]
    for edge_type in EDGE_KINDS:
        source, target = _ends(edge_type)
        counts.append(f"COUNT {{ MATCH (:{source} {{district: $district}})-[r:{edge_type}]->"
                      f"(:{target} {{district: $district}}) }} AS {edge_type}")
    statements["district_counts"] = "RETURN " + ", ".join(counts)
    # Units with several roles carry several labels: count each node once.
    clauses, lists = [], []
    for kind in SHARED_UNIT_KINDS:
        clauses.append(f"OPTIONAL MATCH (n:{_label(kind)} {{district: $district}}) "
                       f"WITH {''.join(name + ', ' for name in lists)}collect(n.node_id) AS {kind}_ids")
        lists.append(f"{kind}_ids")
    statements["distinct_units"] = (" ".join(clauses) + f" UNWIND {' + '.join(lists)} AS unit_id "
                                    "RETURN count(DISTINCT unit_id) AS units")
    statements["district_node"] = (
        f"MATCH (d:{_label('district')} {{district: $district, node_id: $district_id}}) "
        "RETURN properties(d) AS properties")
    return statements


#: Every statement of this module, by name (the parser test reads this registry).
STATEMENTS = register_statements(_build_statements())


# --------------------------------------------------------------------------------------------
# Connection

@dataclass(frozen=True)
class Neo4jSettings:
    """Where and as whom to connect; the password is never shown (``repr`` hides it).

    Attributes
    ----------
    uri : str
        ``neo4j://``, ``neo4j+s://`` (Aura), ``bolt://`` or ``bolt+s://`` address.
    user : str
    password : str or None
    database : str or None
        None means the server's default (home) database.
    """

    uri: str
    user: str
    password: str | None = field(default=None, repr=False)
    database: str | None = None

    @property
    def shown_uri(self):
        """The address for messages and logs: without the query, where a token could be."""
        return _shown_uri(self.uri)

    def __repr__(self):
        return f"Neo4jSettings(uri={self.shown_uri!r}, user={self.user!r}, database={self.database!r})"


def _shown_uri(uri):
    """`uri` without its query string or fragment (``?token=…`` stays out of messages and logs)."""
    return uri.split("?", 1)[0].split("#", 1)[0]


def neo4j_settings(uri=None, user=None, database=None, environ=None):
    """Return the connection settings: arguments first, then the environment.

    Parameters
    ----------
    uri, user, database : str, optional
        Override ``NEO4J_URI``, ``NEO4J_USER`` (default ``neo4j``) and ``NEO4J_DATABASE``.
    environ : mapping, optional
        Defaults to ``os.environ``. The password is read from ``NEO4J_PASSWORD`` only.

    Raises
    ------
    Neo4jConnectionError
        No URI is given, or it is not a Bolt/Neo4j address.

    Examples
    --------
    >>> neo4j_settings(environ={"NEO4J_URI": "bolt://localhost:7687", "NEO4J_PASSWORD": "x"})
    Neo4jSettings(uri='bolt://localhost:7687', user='neo4j', database=None)
    """
    environ = os.environ if environ is None else environ
    uri = (uri or environ.get(ENV_URI) or "").strip()
    if not uri:
        raise Neo4jConnectionError("未设置 Neo4j 服务器地址：请设置环境变量 NEO4J_URI"
                                   "（例如 neo4j+s://xxxx.databases.neo4j.io）或使用 --uri")
    authority = uri.split("://", 1)[-1].split("/", 1)[0]
    if "@" in authority:
        # Never echo such an address: it carries a password.
        raise Neo4jConnectionError("Neo4j 服务器地址中不能包含用户名或密码：请把用户名放在 NEO4J_USER（或 --user），"
                                   "密码放在 NEO4J_PASSWORD")
    scheme = uri.split("://", 1)[0].lower() if "://" in uri else ""
    if scheme not in _SCHEMES:
        raise Neo4jConnectionError(f"Neo4j 服务器地址“{_shown_uri(uri)}”无效：应以 neo4j://、neo4j+s://、"
                                   "bolt:// 或 bolt+s:// 开头")
    user = user or environ.get(ENV_USER) or "neo4j"
    database = database or environ.get(ENV_DATABASE) or None
    return Neo4jSettings(uri=uri, user=user, password=environ.get(ENV_PASSWORD), database=database)


def _translate(error, settings):
    """Turn a driver error into a one-line Chinese :class:`Neo4jConnectionError`, or None."""
    import neo4j.exceptions as ne

    uri = settings.shown_uri if settings else "（未知地址）"
    if isinstance(error, ne.AuthError):
        user = settings.user if settings else ""
        return Neo4jConnectionError(f"Neo4j 服务器 {uri} 拒绝登录：用户“{user}”的用户名或密码错误"
                                    "（密码取自环境变量 NEO4J_PASSWORD）")
    if isinstance(error, ne.ClientError) and error.code == "Neo.ClientError.Database.DatabaseNotFound":
        database = settings.database if settings else None
        return Neo4jConnectionError(f"Neo4j 服务器 {uri} 上没有数据库“{database or '（默认）'}”："
                                    "请检查 NEO4J_DATABASE 或 --database")
    if isinstance(error, (ne.ServiceUnavailable, ne.SessionExpired)):
        return Neo4jConnectionError(f"无法连接 Neo4j 服务器 {uri}：服务器未启动、地址或端口有误，或网络不通")
    if isinstance(error, ne.ConfigurationError):
        log.debug("driver configuration error: %s", error)
        return Neo4jConnectionError(f"Neo4j 连接设置无效（{uri}）：请检查地址协议与加密设置（neo4j+s:// 用于 Aura）")
    return None


class Neo4jConnection:
    """An open, checked connection: a ``neo4j.Driver`` and the database to use.

    Use it as a context manager, or call :meth:`close`. Pass it wherever a
    ``driver_or_session`` is expected.

    Attributes
    ----------
    driver : neo4j.Driver
    settings : Neo4jSettings
    """

    def __init__(self, driver, settings):
        self.driver = driver
        self.settings = settings

    @property
    def database(self):
        return self.settings.database

    def session(self, **config):
        """Open a ``neo4j.Session`` on the connection's database."""
        return self.driver.session(database=self.database, **config)

    def close(self):
        self.driver.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        return f"<Neo4jConnection {self.settings.shown_uri} 用户 {self.settings.user} 数据库 {self.database or '（默认）'}>"


def connect(uri=None, user=None, database=None, *, password=None, environ=None, connection_timeout=15.0):
    """Open and check a connection to the Neo4j server.

    Parameters
    ----------
    uri, user, database : str, optional
        Override ``NEO4J_URI``, ``NEO4J_USER`` and ``NEO4J_DATABASE`` (command-line flags).
    password : str, optional
        Overrides ``NEO4J_PASSWORD`` (for notebooks; the command line only reads the environment).
    environ : mapping, optional
        Defaults to ``os.environ``.
    connection_timeout : float
        Seconds to wait for the server.

    Returns
    -------
    Neo4jConnection

    Raises
    ------
    Neo4jConnectionError
        Unreachable server, bad credentials or missing database: one Chinese line that
        names the address and user, never the password.

    Examples
    --------
    >>> with connect("neo4j+s://xxxx.databases.neo4j.io", database="neo4j") as connection:  # doctest: +SKIP
    ...     push_network(connection, net)
    """
    import neo4j

    settings = neo4j_settings(uri, user, database, environ)
    if password is not None:
        settings = Neo4jSettings(settings.uri, settings.user, password, settings.database)
    auth = (settings.user, settings.password) if settings.password is not None else None
    log.info("connecting to %s as %s (database %s)", settings.shown_uri, settings.user, settings.database or "default")
    try:
        driver = neo4j.GraphDatabase.driver(settings.uri, auth=auth, connection_timeout=connection_timeout)
    except (ValueError, neo4j.exceptions.ConfigurationError) as error:
        log.debug("driver refused the address: %s", error)
        raise Neo4jConnectionError(f"Neo4j 服务器地址“{settings.shown_uri}”无效：请检查 NEO4J_URI 或 --uri"
                                   "（例如 neo4j://服务器:7687 或 neo4j+s://xxxx.databases.neo4j.io）") from None
    connection = Neo4jConnection(driver, settings)
    try:
        try:
            # No retries here: an unreachable server or a refused login is reported at once.
            driver.verify_connectivity()
        except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, OSError) as error:
            translated = _translate(error, settings)
            if translated is None:
                raise
            raise translated from None
        with Neo4jRunner(connection) as runner:
            runner.read(STATEMENTS["ping"])
    except BaseException:
        driver.close()
        raise
    return connection


class Neo4jRunner:
    """Run registered statements in managed transactions (the driver retries transient errors).

    Parameters
    ----------
    target : Neo4jConnection, neo4j.Driver, neo4j.Session or Neo4jRunner
    database : str, optional
        For a driver: the database (default: the connection's, else the server's default).

    Examples
    --------
    >>> with Neo4jRunner(connection) as runner:  # doctest: +SKIP
    ...     runner.read(STATEMENTS["ping"])
    [{'ok': 1}]
    """

    def __init__(self, target, database=None):
        import neo4j

        self._owned_session = None
        self.settings = None
        if isinstance(target, Neo4jRunner):
            # Share the outer runner's session while it is open.
            self.settings = target.settings
            self._driver, self._database = target._driver, database or target._database
            self._session = target._session
            return
        if isinstance(target, Neo4jConnection):
            self.settings = target.settings
            self._driver, self._database = target.driver, database or target.database
        elif isinstance(target, neo4j.Driver):
            self._driver, self._database = target, database
        elif isinstance(target, neo4j.Session):
            self._driver, self._database = None, None
        else:
            raise TypeError(f"expected a Neo4jConnection, neo4j.Driver or neo4j.Session, not {type(target).__name__}")
        self._session = target if self._driver is None else None

    def __enter__(self):
        if self._session is None:
            self._owned_session = self._driver.session(database=self._database)
            self._session = self._owned_session
        return self

    def __exit__(self, *exc):
        if self._owned_session is not None:
            self._owned_session.close()
            self._owned_session = None
            self._session = None

    def _execute(self, mode, statement, parameters):
        if statement not in _REGISTERED:
            raise ValueError("refusing to send a Cypher statement that is not registered")
        import neo4j.exceptions as ne

        def work(tx):
            return tx.run(statement, parameters).data()

        opened = self._session is None
        if opened:
            self.__enter__()
        try:
            execute = self._session.execute_read if mode == "read" else self._session.execute_write
            return execute(work)
        except ne.Neo4jError as error:
            translated = _translate(error, self.settings)
            if translated is None:
                raise
            raise translated from None
        except (ne.DriverError, OSError) as error:
            translated = _translate(error, self.settings)
            if translated is None:
                raise
            raise translated from None
        finally:
            if opened:
                self.__exit__()

    def read(self, statement, parameters=None):
        """Run a registered read statement; return its records as dicts."""
        return self._execute("read", statement, parameters or {})

    def write(self, statement, parameters=None):
        """Run a registered write statement in its own transaction; return its records as dicts."""
        return self._execute("write", statement, parameters or {})


# --------------------------------------------------------------------------------------------
# Tables <-> properties

#: Which graph element holds the rows of each table, and how each row's ends are found.
_NODE_TABLES = {"geography": "community", "organizations": "organization"}
_RELATIONSHIP_TABLES = {
    "leader_points": "ATTACHED_TO",
    "department_stations": "STATIONED_IN",
    "department_contacts": "CONTACTS",
    "supervision": "SUPERVISES",
    "mass_org_tasks": "CO_BUILDS",
}
#: Tables kept on the District node as JSON.
_DISTRICT_TABLES = ("capacities", "problems", "row_counts")

_RESERVED = ("district", "node_id", "push_id", "seq", "task_key")
#: A table column stored under another property name (the organization's own kind is ``org_kind``,
#: as in the network's node table: ``kind`` is the node kind).
_RENAMED = {("organizations", "kind"): "org_kind"}
#: Properties added beside a table's columns (so its columns get other names).
_ADDED = {"geography": ("name",)}


def _property_map(table_name, columns):
    """Return [(column, property)] so that no property clashes with liangxin's own."""
    used = set(_RESERVED) | set(_ADDED.get(table_name, ()))
    mapping = []
    for column in columns:
        prop = _RENAMED.get((table_name, column), str(column))
        while prop in used:
            prop += "_"
        used.add(prop)
        mapping.append((column, prop))
    return mapping


def _plain(value):
    """A cell as a Neo4j property value; None for a missing one (the property is then absent)."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, np.generic):
        value = value.item()
        if isinstance(value, float) and math.isnan(value):
            return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value


def _records(frame, mapping):
    """The rows of `frame` as property dicts (missing cells left out)."""
    columns = [frame[column].tolist() for column, _ in mapping]
    props = [prop for _, prop in mapping]
    rows = []
    for values in zip(*columns):
        record = {}
        for prop, value in zip(props, values):
            value = _plain(value)
            if value is not None:
                record[prop] = value
        rows.append(record)
    if not mapping:
        rows = [{} for _ in range(len(frame))]
    return rows


def _native(value):
    """A property value read back, as the Python value it was written from."""
    to_native = getattr(value, "to_native", None)
    return to_native() if callable(to_native) else value


def _frame(records, layout):
    """Rebuild a table from property dicts and its stored layout [(column, property, dtype)]."""
    data = {}
    for column, prop, dtype in layout:
        series = pd.Series([_native(r.get(prop)) for r in records], dtype=object)
        if dtype != "object":
            series = series.astype(dtype)
        data[column] = series
    frame = pd.DataFrame(data)
    if not layout:
        frame = pd.DataFrame(index=pd.RangeIndex(len(records)))
    return frame


def _json_default(value):
    value = _plain(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _frame_json(frame):
    payload = {"columns": [str(c) for c in frame.columns], "dtypes": [str(t) for t in frame.dtypes],
               "data": [[_plain(v) for v in row] for row in frame.itertuples(index=False, name=None)]}
    return json.dumps(payload, ensure_ascii=False, default=_json_default)


def _frame_from_json(text):
    payload = json.loads(text)
    frame = pd.DataFrame({c: pd.Series([row[i] for row in payload["data"]], dtype=object)
                          for i, c in enumerate(payload["columns"])})
    for column, dtype in zip(payload["columns"], payload["dtypes"]):
        if dtype != "object":
            frame[column] = frame[column].astype(dtype)
    return frame


# --------------------------------------------------------------------------------------------
# Push

@dataclass
class PushResult:
    """What :func:`push_network` did.

    Attributes
    ----------
    district : str
    push_id : str
        The stamp of this push.
    nodes, relationships : dict
        The district's node count per node kind and relationship count per type on the
        server after the push (a unit with two roles counts once in each kind).
    node_total, relationship_total : int
        Distinct nodes (a unit with two roles is one node) and relationships.
    rows_written : int
        Node and relationship rows sent.
    deleted_nodes, deleted_relationships : int
        Stale ones removed (gone from this snapshot, or a unit whose roles changed).
    seconds : float
    """

    district: str
    push_id: str
    nodes: dict
    relationships: dict
    rows_written: int
    deleted_nodes: int
    deleted_relationships: int
    seconds: float
    node_total: int = 0

    @property
    def relationship_total(self):
        return sum(self.relationships.values())

    def __repr__(self):
        return (f"<PushResult {self.district}: {self.node_total} 个节点, "
                f"{self.relationship_total} 条关系, 用时 {self.seconds:.1f} 秒>")


def _layouts(tables):
    layouts = {}
    for name in (*_NODE_TABLES, *_RELATIONSHIP_TABLES):
        frame = getattr(tables, name)
        mapping = _property_map(name, frame.columns)
        layouts[name] = [[str(column), prop, str(frame[column].dtype)] for column, prop in mapping]
    return layouts


def _with_bookkeeping(records, district, push_id, ids=None):
    for seq, record in enumerate(records):
        record["district"] = district
        record["push_id"] = push_id
        record["seq"] = seq
        if ids is not None:
            record["node_id"] = ids[seq]
    return records


def _district_row(network, push_id, layouts):
    tables = network.tables
    capacities = tables.capacities
    row_counts = tables.row_counts
    properties = {
        "name": network.district, "format_version": FORMAT_VERSION, "source": str(tables.source),
        "has_owner_column": bool(tables.has_owner_column),
        "capacity_keys": [str(k) for k in capacities["unit_key"].tolist()],
        "capacity_values": [int(v) for v in capacities["capacity"].tolist()],
        "rows_read": [int(v) for v in row_counts["rows_read"].tolist()],
        "rows_loaded": [int(v) for v in row_counts["rows_loaded"].tolist()],
        "rows_rejected": [int(v) for v in row_counts["rows_rejected"].tolist()],
        "layouts_json": json.dumps(layouts, ensure_ascii=False),
    }
    for name in _DISTRICT_TABLES:
        properties[f"{name}_json"] = _frame_json(getattr(tables, name))
    district_id = node_id("district", network.district)
    properties.update({"district": network.district, "node_id": district_id, "push_id": push_id, "seq": 0})
    return {"node_id": district_id, "properties": properties}


def _simple_node_rows(network, kind, push_id):
    table = network.node_tables[kind]
    rows = []
    prefix_length = len(node_id(kind, ""))
    for seq, (nid, name) in enumerate(zip(table["id"].tolist(), table["name"].tolist())):
        properties = {"name": _plain(name), "name_key": nid[prefix_length:]}
        properties = {k: v for k, v in properties.items() if v is not None}
        properties.update({"district": network.district, "node_id": nid, "push_id": push_id, "seq": seq})
        rows.append({"node_id": nid, "properties": properties})
    return rows


def _instructor_rows(network, push_id):
    sup = network.tables.supervision
    guided = sup[sup["instructor_key"].notna()]
    first = guided.drop_duplicates(["unit_key", "instructor_key"])
    rows = []
    for seq, record in enumerate(first[["unit_key", "instructor_key", "instructor", "supervisory_unit"]]
                                 .itertuples(index=False, name=None)):
        unit_key, instructor_key, name, unit_name = record
        nid = node_id("instructor", unit_key + "/" + instructor_key)
        properties = {k: v for k, v in {"name": _plain(name), "name_key": instructor_key, "unit_key": unit_key,
                                        "supervisory_unit": _plain(unit_name)}.items() if v is not None}
        properties.update({"district": network.district, "node_id": nid, "push_id": push_id, "seq": seq})
        rows.append({"node_id": nid, "properties": properties})
    return rows


def _unit_rows(network, push_id):
    """Unit nodes grouped by their role set: {roles tuple: rows}."""
    units = {}
    for kind in SHARED_UNIT_KINDS:
        table = network.node_tables[kind]
        for nid, name in zip(table["id"].tolist(), table["name"].tolist()):
            unit = units.setdefault(nid, {"roles": [], "names": {}})
            unit["roles"].append(kind)
            unit["names"][kind] = _plain(name)
    prefix_length = len(node_id("department", ""))
    grouped = {}
    for seq, (nid, unit) in enumerate(units.items()):
        roles = tuple(unit["roles"])
        properties = {"name": unit["names"][roles[0]], "name_key": nid[prefix_length:]}
        for kind, name in unit["names"].items():
            properties[f"{kind}_name"] = name
        properties = {k: v for k, v in properties.items() if v is not None}
        properties.update({"district": network.district, "node_id": nid, "push_id": push_id, "seq": seq})
        grouped.setdefault(roles, []).append({"node_id": nid, "properties": properties})
    return grouped


def _table_relationship_rows(network, table_name, push_id, layout):
    from liangxin.text import name_key

    tables = network.tables
    frame = getattr(tables, table_name)
    edge_type = _RELATIONSHIP_TABLES[table_name]
    if table_name == "leader_points":
        sources = node_id("leader", frame["leader_key"])
    elif table_name in ("department_stations", "department_contacts"):
        sources = node_id("department", frame["department_key"])
    elif table_name == "supervision":
        sources = node_id("supervisory_unit", frame["unit_key"])
    else:
        sources = node_id("mass_org", frame["mass_org_key"])
    if table_name == "department_stations":
        targets = node_id("street", frame["street"])
    else:
        targets = node_id("organization", frame["org_id"])
    records = _records(frame, [(column, prop) for column, prop, _ in layout])
    rows = []
    task_keys = name_key(frame["task"]).tolist() if edge_type == "CO_BUILDS" else None
    for seq, (source, target, properties) in enumerate(zip(sources.tolist(), targets.tolist(), records)):
        properties.update({"district": network.district, "push_id": push_id, "seq": seq})
        row = {"source": source, "target": target, "properties": properties}
        if task_keys is not None:
            key = task_keys[seq]
            row["task_key"] = properties["task_key"] = "" if key is None or key != key else key
        rows.append(row)
    return rows


def _edge_rows(network, edge_type, push_id):
    table = network.edge_tables[edge_type]
    return [{"source": s, "target": t,
             "properties": {"district": network.district, "push_id": push_id, "seq": seq}}
            for seq, (s, t) in enumerate(zip(table["source"].tolist(), table["target"].tolist()))]


def _push_plan(network, push_id):
    """The (statement name, rows) batches of a push, in order: nodes first, then relationships."""
    tables = network.tables
    layouts = _layouts(tables)
    plan = [("merge_nodes:district", [_district_row(network, push_id, layouts)]),
            ("merge_nodes:street", _simple_node_rows(network, "street", push_id))]
    geography = tables.geography
    community_ids = node_id("community", geography["street"] + "/" + geography["community"]).tolist()
    community_records = _records(geography, [(c, p) for c, p, _ in layouts["geography"]])
    for record, name in zip(community_records, geography["community"].tolist()):
        record["name"] = name
    plan.append(("merge_nodes:community",
                 [{"node_id": nid, "properties": record} for nid, record in
                  zip(community_ids, _with_bookkeeping(community_records, network.district, push_id, community_ids))]))
    orgs = tables.organizations
    org_ids = node_id("organization", orgs["org_id"]).tolist()
    org_records = _with_bookkeeping(_records(orgs, [(c, p) for c, p, _ in layouts["organizations"]]),
                                    network.district, push_id, org_ids)
    plan.append(("merge_nodes:organization",
                 [{"node_id": nid, "properties": record} for nid, record in zip(org_ids, org_records)]))
    plan.append(("merge_nodes:party_org", _simple_node_rows(network, "party_org", push_id)))
    plan.append(("merge_nodes:leader", _simple_node_rows(network, "leader", push_id)))
    for roles, rows in _unit_rows(network, push_id).items():
        plan.append((f"merge_units:{'+'.join(roles)}", rows))
    plan.append(("merge_nodes:instructor", _instructor_rows(network, push_id)))
    table_of_edge = {edge: table for table, edge in _RELATIONSHIP_TABLES.items()}
    for edge_type in EDGE_KINDS:
        if edge_type in table_of_edge:
            name = table_of_edge[edge_type]
            rows = _table_relationship_rows(network, name, push_id, layouts[name])
        else:
            rows = _edge_rows(network, edge_type, push_id)
        plan.append((f"merge_relationships:{edge_type}", rows))
    # CONTACTS rows come from department_contacts, STATIONED_IN rows from department_stations:
    # both tables are already de-duplicated per relationship.
    return [(name, rows) for name, rows in plan if rows]


def ensure_constraints(target, database=None):
    """Create the uniqueness constraint of every node kind on ``(district, node_id)``, if missing.

    Examples
    --------
    >>> ensure_constraints(connection)  # doctest: +SKIP
    """
    with Neo4jRunner(target, database) as runner:
        for kind in NODE_KINDS:
            runner.write(STATEMENTS[f"constraint:{kind}"])


def _existing_unit_roles(runner, district):
    roles = {}
    for kind in SHARED_UNIT_KINDS:
        for record in runner.read(STATEMENTS[f"unit_labels:{kind}"], {"district": district}):
            labels = set(record["labels"])
            roles[record["node_id"]] = tuple(k for k in SHARED_UNIT_KINDS if _label(k) in labels)
    return roles


def _progress_bar(total, enabled):
    enabled = sys.stderr.isatty() if enabled is None else enabled
    from tqdm import tqdm

    return tqdm(total=total, file=sys.stderr, unit="行", desc="写入 Neo4j", disable=not enabled,
                leave=False, dynamic_ncols=True)


def _delete_stale(runner, statement, district, push_id, limit):
    deleted = 0
    while True:
        records = runner.write(statement, {"district": district, "push_id": push_id, "limit": limit})
        count = records[0]["deleted"] if records else 0
        deleted += count
        if count < limit:
            return deleted


def _delete_older(runner, district, push_id, limit):
    """Delete the district's relationships, then nodes, not stamped `push_id`; return the counts."""
    relationships = sum(_delete_stale(runner, STATEMENTS[f"delete_stale_relationships:{edge_type}"],
                                      district, push_id, limit) for edge_type in EDGE_KINDS)
    nodes = sum(_delete_stale(runner, STATEMENTS[f"delete_stale_nodes:{kind}"], district, push_id, limit)
                for kind in NODE_KINDS)
    return nodes, relationships


def delete_district(target, district, *, database=None, batch_size=DEFAULT_BATCH_SIZE):
    """Delete every node and relationship of `district` from the server, and nothing else.

    Returns
    -------
    (int, int)
        Nodes and relationships deleted.

    Examples
    --------
    >>> delete_district(connection, "测试区")  # doctest: +SKIP
    (37, 38)
    """
    with Neo4jRunner(target, database) as runner:
        # A stamp no push has used: every node and relationship of the district is older.
        return _delete_older(runner, district, "deleted-" + uuid.uuid4().hex, batch_size)


def push_network(target, network, *, database=None, batch_size=DEFAULT_BATCH_SIZE, progress=None):
    """Write `network` into Neo4j as its district's current snapshot.

    Idempotent: pushing the same network twice leaves the same nodes, relationships and
    properties. Pushing a newer snapshot of the district updates properties and deletes the
    district's nodes and relationships that are gone; other districts and other data in the
    database are not touched. Each batch is one managed write transaction (retried by the
    driver on transient errors); the push as a whole is not one transaction.

    Parameters
    ----------
    target : Neo4jConnection, neo4j.Driver or neo4j.Session
    network : ResponsibilityNetwork
    database : str, optional
        With a driver: the database to write to.
    batch_size : int
        Rows per ``UNWIND`` transaction.
    progress : bool, optional
        Show a progress bar on stderr; by default only when stderr is a terminal.

    Returns
    -------
    PushResult

    Examples
    --------
    >>> with connect() as connection:  # doctest: +SKIP
    ...     result = push_network(connection, lx.load("台账.xlsx"))
    >>> result.nodes["organization"]  # doctest: +SKIP
    5000
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    started = time.perf_counter()
    district = network.district
    push_id = uuid.uuid4().hex
    plan = _push_plan(network, push_id)
    total = sum(len(rows) for _, rows in plan)
    deleted_nodes = deleted_relationships = 0
    with Neo4jRunner(target, database) as runner:
        ensure_constraints(runner)
        existing = _existing_unit_roles(runner, district)
        wanted = {}
        for name, rows in plan:
            if name.startswith("merge_units:"):
                roles = tuple(name.split(":", 1)[1].split("+"))
                wanted.update({row["node_id"]: roles for row in rows})
        changed = {nid: roles for nid, roles in existing.items() if nid in wanted and wanted[nid] != roles}
        for nid, roles in changed.items():
            # A unit whose roles changed is recreated with its new labels (its relationships are rewritten below).
            runner.write(STATEMENTS[f"delete_units:{roles[0]}"], {"district": district, "node_ids": [nid]})
            deleted_nodes += 1
        with _progress_bar(total, progress) as bar:
            for name, rows in plan:
                for start in range(0, len(rows), batch_size):
                    batch = rows[start:start + batch_size]
                    runner.write(STATEMENTS[name], {"rows": batch, "district": district})
                    bar.update(len(batch))
        stale_nodes, deleted_relationships = _delete_older(runner, district, push_id, batch_size)
        deleted_nodes += stale_nodes
        nodes, relationships = district_counts(runner, district)
        units = runner.read(STATEMENTS["distinct_units"], {"district": district})[0]["units"]
    node_total = sum(count for kind, count in nodes.items() if kind not in SHARED_UNIT_KINDS) + int(units)
    seconds = time.perf_counter() - started
    result = PushResult(district=district, push_id=push_id, nodes=nodes, relationships=relationships,
                        rows_written=total, deleted_nodes=deleted_nodes,
                        deleted_relationships=deleted_relationships, seconds=seconds, node_total=node_total)
    log.info("pushed %r", result)
    return result


def district_counts(target, district, *, database=None):
    """Return the district's node count per node kind and relationship count per type on the server.

    Returns
    -------
    (dict, dict)
        Like :meth:`ResponsibilityNetwork.counts`, except that ``CO_BUILDS`` counts one
        relationship per 党群共建 task row.

    Examples
    --------
    >>> nodes, relationships = district_counts(connection, "龙岗区")  # doctest: +SKIP
    """
    with Neo4jRunner(target, database) as runner:
        record = runner.read(STATEMENTS["district_counts"], {"district": district})[0]
    return ({kind: int(record[kind]) for kind in NODE_KINDS},
            {edge_type: int(record[edge_type]) for edge_type in EDGE_KINDS})


def _district_properties(runner, district):
    records = runner.read(STATEMENTS["district_node"],
                          {"district": district, "district_id": node_id("district", district)})
    return records[0]["properties"] if records else None


def district_exists(target, district, *, database=None):
    """Return True when the server holds a pushed snapshot of `district`.

    Examples
    --------
    >>> district_exists(connection, "龙岗区")  # doctest: +SKIP
    True
    """
    with Neo4jRunner(target, database) as runner:
        return _district_properties(runner, district) is not None


# --------------------------------------------------------------------------------------------
# Pull

def pull_tables(target, district, *, database=None):
    """Read a pushed district back into :class:`liangxin.tables.Tables`.

    Raises
    ------
    Neo4jDataError
        The server holds no snapshot of `district`, or one written by a newer liangxin.

    Examples
    --------
    >>> tables = pull_tables(connection, "龙岗区")  # doctest: +SKIP
    """
    from liangxin.tables import Tables

    with Neo4jRunner(target, database) as runner:
        meta = _district_properties(runner, district)
        if meta is None:
            raise Neo4jDataError(f"Neo4j 数据库中没有区“{district}”的数据：请先运行 liangxin neo4j push")
        if int(meta.get("format_version", 0)) > FORMAT_VERSION:
            raise Neo4jDataError(f"Neo4j 中区“{district}”的数据由更新版本的 liangxin 写入，请升级后再读取")
        layouts = json.loads(meta["layouts_json"])
        frames = {}
        for name, kind in _NODE_TABLES.items():
            records = [r["properties"] for r in runner.read(STATEMENTS[f"pull_nodes:{kind}"], {"district": district})]
            frames[name] = _frame(records, layouts[name])
        for name, edge_type in _RELATIONSHIP_TABLES.items():
            records = [r["properties"] for r in
                       runner.read(STATEMENTS[f"pull_relationships:{edge_type}"], {"district": district})]
            frames[name] = _frame(records, layouts[name])
    for name in _DISTRICT_TABLES:
        frames[name] = _frame_from_json(meta[f"{name}_json"])
    known = {f.name for f in fields(Tables)}
    return Tables(source=meta.get("source", ""), has_owner_column=bool(meta.get("has_owner_column", False)),
                  **{k: v for k, v in frames.items() if k in known})


def pull_network(target, district, *, database=None):
    """Read a pushed district back into a :class:`~liangxin.graph.network.ResponsibilityNetwork`.

    The tables are rebuilt from node and relationship properties and passed to
    :func:`liangxin.graph.network.build_network`, so the result is the network that was pushed
    (sheets the contract does not know are not kept in Neo4j).

    Parameters
    ----------
    target : Neo4jConnection, neo4j.Driver or neo4j.Session
    district : str
    database : str, optional

    Returns
    -------
    ResponsibilityNetwork

    Examples
    --------
    >>> with connect() as connection:  # doctest: +SKIP
    ...     net = pull_network(connection, "龙岗区")
    >>> lx.analyze(net).overloaded  # doctest: +SKIP
    """
    tables = pull_tables(target, district, database=database)
    return build_network(tables, district=district)
