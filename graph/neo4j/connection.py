"""The connection to the shared Neo4j 5 server: settings, checked connection, statement runner.

The server is named by environment variables only: ``NEO4J_URI`` (``neo4j://``,
``neo4j+s://`` for Aura, ``bolt://`` …), ``NEO4J_USER`` (default ``neo4j``), ``NEO4J_PASSWORD``
and ``NEO4J_DATABASE`` (default: the server's home database). The command line may override
the address, user and database, never the password. :func:`neo4j_settings` reads them,
:func:`connect` opens and checks a :class:`Neo4jConnection`, and :class:`Neo4jRunner` sends
registered statements (:mod:`liangxin.graph.neo4j.statements`) in managed transactions.

The password is never shown: not in ``repr``, messages or logs, and an address carrying a
user or password is refused. A token in the address's query string stays out of them too.
A driver error becomes one Chinese line, a :class:`~liangxin.errors.Neo4jConnectionError`.

Examples
--------
>>> settings = neo4j_settings(environ={"NEO4J_URI": "neo4j+s://xxxx.databases.neo4j.io",
...                                    "NEO4J_USER": "analyst", "NEO4J_PASSWORD": "s3cret"})
>>> settings
Neo4jSettings(uri='neo4j+s://xxxx.databases.neo4j.io', user='analyst', database=None)
>>> "s3cret" in repr(settings)
False
>>> with connect() as connection:  # doctest: +SKIP
...     lx.graph.neo4j.push_network(connection, net)
"""

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from liangxin.errors import Neo4jConnectionError
from liangxin.graph.neo4j.statements import STATEMENTS, is_registered

__all__ = [
    "Neo4jSettings",
    "Neo4jConnection",
    "Neo4jRunner",
    "neo4j_settings",
    "connect",
    "ENV_URI",
    "ENV_USER",
    "ENV_PASSWORD",
    "ENV_DATABASE",
]

log = logging.getLogger(__name__)

ENV_URI, ENV_USER, ENV_PASSWORD, ENV_DATABASE = "NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE"
_SCHEMES = ("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc")


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

    Examples
    --------
    >>> settings = Neo4jSettings("neo4j://server:7687/?token=abc", "analyst", "s3cret")
    >>> settings
    Neo4jSettings(uri='neo4j://server:7687/', user='analyst', database=None)
    >>> settings.password
    's3cret'
    """

    uri: str
    user: str
    password: str | None = field(default=None, repr=False)
    database: str | None = None

    @property
    def shown_uri(self) -> str:
        """The address for messages and logs: without the query, where a token could be."""
        return _shown_uri(self.uri)

    def __repr__(self):
        return f"Neo4jSettings(uri={self.shown_uri!r}, user={self.user!r}, database={self.database!r})"


def _shown_uri(uri):
    """`uri` without its query string or fragment (``?token=…`` stays out of messages and logs)."""
    return uri.split("?", 1)[0].split("#", 1)[0]


def neo4j_settings(uri: str | None = None, user: str | None = None, database: str | None = None,
                   environ: Mapping[str, str] | None = None) -> Neo4jSettings:
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

    Arguments come before the environment (the command line's ``--uri``, ``--user``, ``--database``):

    >>> neo4j_settings(database="neo4j", environ={"NEO4J_URI": "bolt://a:7687", "NEO4J_DATABASE": "other"})
    Neo4jSettings(uri='bolt://a:7687', user='neo4j', database='neo4j')

    An address carrying a password is refused, without repeating it:

    >>> neo4j_settings(environ={"NEO4J_URI": "neo4j://neo4j:s3cret@server:7687"})
    Traceback (most recent call last):
    ...
    liangxin.errors.Neo4jConnectionError: Neo4j 服务器地址中不能包含用户名或密码：请把用户名放在 NEO4J_USER（或 --user），密码放在 NEO4J_PASSWORD
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

    Examples
    --------
    :func:`connect` opens and checks one; the driver itself connects only when first used:

    >>> import neo4j
    >>> settings = neo4j_settings(environ={"NEO4J_URI": "bolt://127.0.0.1:7687"})
    >>> with Neo4jConnection(neo4j.GraphDatabase.driver(settings.uri), settings) as connection:
    ...     connection
    <Neo4jConnection bolt://127.0.0.1:7687 用户 neo4j 数据库 （默认）>
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


def connect(uri: str | None = None, user: str | None = None, database: str | None = None, *,
            password: str | None = None, environ: Mapping[str, str] | None = None,
            connection_timeout: float = 15.0) -> "Neo4jConnection":
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
    ...     lx.graph.neo4j.push_network(connection, net)

    Without an address there is nothing to connect to:

    >>> connect(environ={})
    Traceback (most recent call last):
    ...
    liangxin.errors.Neo4jConnectionError: 未设置 Neo4j 服务器地址：请设置环境变量 NEO4J_URI（例如 neo4j+s://xxxx.databases.neo4j.io）或使用 --uri
    """
    settings = neo4j_settings(uri, user, database, environ)
    if password is not None:
        settings = Neo4jSettings(settings.uri, settings.user, password, settings.database)
    log.info("connecting to %s as %s (database %s)", settings.shown_uri, settings.user, settings.database or "default")
    connection = Neo4jConnection(_driver(settings, connection_timeout), settings)
    _check(connection)
    return connection


def _driver(settings, connection_timeout):
    """A ``neo4j.Driver`` for `settings` (it connects when first used)."""
    import neo4j

    auth = (settings.user, settings.password) if settings.password is not None else None
    try:
        return neo4j.GraphDatabase.driver(settings.uri, auth=auth, connection_timeout=connection_timeout)
    except (ValueError, neo4j.exceptions.ConfigurationError) as error:
        log.debug("driver refused the address: %s", error)
        raise Neo4jConnectionError(f"Neo4j 服务器地址“{settings.shown_uri}”无效：请检查 NEO4J_URI 或 --uri"
                                   "（例如 neo4j://服务器:7687 或 neo4j+s://xxxx.databases.neo4j.io）") from None


def _check(connection):
    """Check that the server answers, accepts the login and runs ``ping``; else close the driver and raise."""
    import neo4j

    try:
        try:
            # No retries here: an unreachable server or a refused login is reported at once.
            connection.driver.verify_connectivity()
        except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, OSError) as error:
            translated = _translate(error, connection.settings)
            if translated is None:
                raise
            raise translated from None
        with Neo4jRunner(connection) as runner:
            runner.read(STATEMENTS["ping"])
    except BaseException:
        connection.driver.close()
        raise


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

    A text that is not registered is refused before anything is sent:

    >>> import neo4j
    >>> settings = neo4j_settings(environ={"NEO4J_URI": "bolt://127.0.0.1:7687"})
    >>> with Neo4jConnection(neo4j.GraphDatabase.driver(settings.uri), settings) as connection:
    ...     with Neo4jRunner(connection) as runner:
    ...         runner.write("MATCH (n) DETACH DELETE n")
    Traceback (most recent call last):
    ...
    ValueError: refusing to send a Cypher statement that is not registered
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
        if not is_registered(statement):
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

    def read(self, statement: str, parameters: dict | None = None) -> list[dict]:
        """Run a registered read statement; return its records as dicts."""
        return self._execute("read", statement, parameters or {})

    def write(self, statement: str, parameters: dict | None = None) -> list[dict]:
        """Run a registered write statement in its own transaction; return its records as dicts."""
        return self._execute("write", statement, parameters or {})


