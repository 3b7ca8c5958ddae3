"""The worker process of :mod:`liangxin.outputs`: ``python -m liangxin._worker`` reads one job on stdin."""

import os
import sys

from liangxin.outputs import serve

# What the job needs, imported while the parent still tabulates the sheets.
import rustpy_xlsxwriter  # noqa: E402,F401
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402,F401

if __name__ == "__main__":
    answer = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # whatever a library prints cannot garble the answer
    serve(sys.stdin.buffer, answer)
