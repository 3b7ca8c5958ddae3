"""Run an ArcadeDB server that speaks Bolt, for the tests and for measuring pushes.

Neo4j itself cannot be installed from the package registries here; ArcadeDB can (PyPI
``arcadedb-embedded`` bundles its own JRE), and its server answers the official ``neo4j``
driver over Bolt when started with the plugin ``Bolt:com.arcadedb.bolt.BoltProtocolPlugin``.
Every listener binds to 127.0.0.1 only.

Run it as a child process (the JVM then lives and dies with it)::

    ARCADEDB_ROOT_PASSWORD=secret python -m tests.neo4j.arcadedb_server \\
        --root /tmp/arcadedb --bolt-port 7687 --http-port 2480 --database liangxin

It prints ``READY <bolt port>`` on stdout once the database can be used, then serves until it
receives SIGTERM/SIGINT (or, with ``--until-stdin-closes``, until its standard input closes, which
is how the test fixture stops it), and stops the server cleanly.
The root user's password is read from ``ARCADEDB_ROOT_PASSWORD``, never from the command line.
"""

import argparse
import logging
import os
import signal
import sys
import threading

__all__ = ["main", "PASSWORD_VARIABLE", "READY"]

log = logging.getLogger(__name__)

PASSWORD_VARIABLE = "ARCADEDB_ROOT_PASSWORD"
READY = "READY"
BOLT_PLUGIN = "Bolt:com.arcadedb.bolt.BoltProtocolPlugin"


def _arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", required=True, help="folder for the server's databases and logs")
    parser.add_argument("--bolt-port", type=int, required=True)
    parser.add_argument("--http-port", type=int, required=True)
    parser.add_argument("--database", default="liangxin")
    parser.add_argument("--heap", default="2g", help="JVM heap, e.g. 2g")
    parser.add_argument("--until-stdin-closes", action="store_true",
                        help="also stop when standard input closes (the parent went away)")
    return parser.parse_args(argv)


def main(argv=None):
    """Start the server, print READY, serve until a signal arrives (or stdin closes), then stop."""
    args = _arguments(argv)
    password = os.environ.get(PASSWORD_VARIABLE)
    if not password:
        print(f"{PASSWORD_VARIABLE} is not set", file=sys.stderr)
        return 2
    os.makedirs(args.root, exist_ok=True)
    os.chdir(args.root)  # ArcadeDB writes ./log relative to the working directory
    from arcadedb_embedded.server import ArcadeDBServer

    server = ArcadeDBServer(
        os.path.abspath(args.root), root_password=password,
        config={"host": "127.0.0.1", "http_port": args.http_port, "server_plugins": BOLT_PLUGIN,
                "bolt_port": args.bolt_port, "bolt_host": "127.0.0.1"},
        jvm_kwargs={"heap_size": args.heap})
    server.start()
    stop = threading.Event()
    try:
        server.create_database(args.database)
        print(f"{READY} {args.bolt_port}", flush=True)

        def on_signal(signum, frame):
            stop.set()

        signal.signal(signal.SIGTERM, on_signal)
        signal.signal(signal.SIGINT, on_signal)

        def watch_stdin():
            try:
                while sys.stdin.read(4096):
                    pass
            except (OSError, ValueError):
                pass
            stop.set()

        if args.until_stdin_closes:
            threading.Thread(target=watch_stdin, daemon=True).start()
        while not stop.wait(0.5):
            pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
