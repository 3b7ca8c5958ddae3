"""Pytest fixtures: real Bolt servers for the Neo4j tests, never a mock.

- ``arcadedb_server``: an ArcadeDB server (PyPI ``arcadedb-embedded``, bundled JRE) started
  once per test session as a child process on free loopback ports, in a temporary folder,
  and stopped at the end. ArcadeDB speaks Bolt to the official ``neo4j`` driver.
- ``neo4j_server``: the real Neo4j 5 (or Aura) server of ``NEO4J_URI`` / ``NEO4J_USER`` /
  ``NEO4J_PASSWORD`` / ``NEO4J_DATABASE``; skipped, saying so, when ``NEO4J_URI`` is not set.
  Tests write only districts named ``liangxin-test-…`` there and delete them afterwards.
- ``bolt_server``: parametrized over both, so every test using it runs on each.

Import the fixtures into a conftest (``from tests.neo4j.server import *``) to use them.
"""

import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from liangxin.graph.neo4j import Neo4jSettings, connect, delete_district

__all__ = ["BoltServer", "arcadedb_server", "neo4j_server", "bolt_server", "unique_district",
           "start_arcadedb", "stop_arcadedb", "BACKENDS"]

BACKENDS = ("arcadedb", "neo4j")
ROOT = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 180


def unique_district():
    """A district name no other test uses (the databases are shared across tests)."""
    return f"liangxin-test-{uuid.uuid4().hex[:10]}区"


@dataclass
class BoltServer:
    """A running Bolt server the tests may write to."""

    name: str
    settings: Neo4jSettings
    _connection: object = field(default=None, repr=False)
    _districts: set = field(default_factory=set, repr=False)

    @property
    def environ(self):
        """The ``NEO4J_*`` variables pointing at this server (for the command line)."""
        values = {"NEO4J_URI": self.settings.uri, "NEO4J_USER": self.settings.user,
                  "NEO4J_PASSWORD": self.settings.password or ""}
        if self.settings.database:
            values["NEO4J_DATABASE"] = self.settings.database
        return values

    @property
    def connection(self):
        """One shared, checked connection (closed at the end of the session)."""
        if self._connection is None:
            self._connection = connect(self.settings.uri, self.settings.user, self.settings.database,
                                       password=self.settings.password, environ={})
        return self._connection

    def district(self):
        """A fresh district name, deleted from the server at the end of the session."""
        name = unique_district()
        self._districts.add(name)
        return name

    def close(self, clean=False):
        if self._connection is not None:
            if clean:
                for name in self._districts:
                    delete_district(self._connection, name)
            self._connection.close()
            self._connection = None


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_arcadedb(folder, *, database="liangxin", heap="2g", password=None, timeout=STARTUP_SECONDS):
    """Start ``tests.neo4j.arcadedb_server`` as a child process; return (process, settings).

    Stop it with ``process.stdin.close()`` then ``process.wait()`` (or SIGTERM).
    """
    password = password or uuid.uuid4().hex
    bolt_port, http_port = _free_port(), _free_port()
    environ = {**os.environ, "ARCADEDB_ROOT_PASSWORD": password, "PYTHONPATH": str(ROOT)}
    log_path = Path(folder) / "server-output.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.neo4j.arcadedb_server", "--root", str(folder), "--bolt-port", str(bolt_port),
         "--http-port", str(http_port), "--database", database, "--heap", heap, "--until-stdin-closes"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=open(log_path, "wb"), env=environ, cwd=str(ROOT),
        text=True)
    ready = threading.Event()
    lines = []

    def read_stdout():
        for line in process.stdout:
            lines.append(line)
            if line.startswith("READY"):
                ready.set()

    threading.Thread(target=read_stdout, daemon=True).start()
    deadline = time.monotonic() + timeout
    while not ready.wait(0.2):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            tail = log_path.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"ArcadeDB did not start (exit {process.returncode}); log tail:\n{tail}")
    settings = Neo4jSettings(uri=f"bolt://127.0.0.1:{bolt_port}", user="root", password=password,
                             database=database)
    return process, settings


def stop_arcadedb(process, timeout=60):
    """Ask the server to stop (stdin closes), then wait; kill it if it hangs."""
    try:
        process.stdin.close()
    except OSError:
        pass
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)


#: One server of each kind per test process, shared by every conftest that imports these fixtures
#: (each import is a separate session fixture to pytest): name -> [BoltServer, stop function, users].
_SHARED = {}


def _acquire(name, start):
    entry = _SHARED.get(name)
    if entry is None:
        server, stop = start()
        entry = _SHARED[name] = [server, stop, 0]
    entry[2] += 1
    return entry[0]


def _release(name):
    entry = _SHARED[name]
    entry[2] -= 1
    if entry[2] == 0:
        del _SHARED[name]
        entry[1]()


@pytest.fixture(scope="session")
def arcadedb_server(tmp_path_factory):
    """An ArcadeDB server speaking Bolt on a free loopback port, for the whole session."""
    try:
        import arcadedb_embedded  # noqa: F401
    except ImportError:
        pytest.skip("arcadedb-embedded is not installed (pip install arcadedb-embedded): "
                    "the tests against the ArcadeDB Bolt server are skipped")

    def start():
        process, settings = start_arcadedb(tmp_path_factory.mktemp("arcadedb"))
        server = BoltServer("arcadedb", settings)

        def stop():
            server.close()
            stop_arcadedb(process)
        return server, stop

    server = _acquire("arcadedb", start)
    try:
        yield server
    finally:
        _release("arcadedb")


@pytest.fixture(scope="session")
def neo4j_server():
    """The real Neo4j 5 server of NEO4J_URI, when set."""
    if not os.environ.get("NEO4J_URI"):
        pytest.skip("NEO4J_URI is not set: the same tests against a real Neo4j 5 server are skipped")

    def start():
        settings = Neo4jSettings(uri=os.environ["NEO4J_URI"], user=os.environ.get("NEO4J_USER") or "neo4j",
                                 password=os.environ.get("NEO4J_PASSWORD"),
                                 database=os.environ.get("NEO4J_DATABASE") or None)
        server = BoltServer("neo4j", settings)
        return server, lambda: server.close(clean=True)

    server = _acquire("neo4j", start)
    try:
        yield server
    finally:
        _release("neo4j")


@pytest.fixture(scope="session", params=BACKENDS)
def bolt_server(request):
    """Each real Bolt server in turn: ArcadeDB here, and Neo4j 5 when NEO4J_URI is set."""
    return request.getfixturevalue(f"{request.param}_server")
