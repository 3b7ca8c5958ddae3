"""The worker process of :mod:`liangxin.outputs`: ``python -m liangxin._worker`` reads one job on stdin.

Its stdout carries the answer and nothing else: the answer's descriptor is taken aside before the
job's libraries are imported, and what is printed goes to stderr (nowhere, when there is none).
"""

import os
import signal
import sys

__all__ = ["main"]


def main() -> None:
    """Take stdout aside for the answer, import what the job needs, and serve the one job."""
    answer = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    printed = os.open(os.devnull, os.O_WRONLY) if sys.stderr is None else sys.stderr.fileno()
    os.dup2(printed, sys.stdout.fileno())  # whatever a library prints cannot garble the answer
    # Ctrl+C in a console reaches this process too: the parent, interrupted, stops it itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    from liangxin._memory import retain_freed_memory
    from liangxin.outputs import serve

    retain_freed_memory()

    # What the job needs, imported while the parent still tabulates the sheets (or reads its input,
    # for a worker started early), and the Chinese font loaded by a first chart drawn for nothing.
    import rustpy_xlsxwriter  # noqa: F401

    from liangxin.viz.charts import warm_up

    warm_up()
    serve(sys.stdin.buffer, answer)


if __name__ == "__main__":
    main()
