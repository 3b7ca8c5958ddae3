"""The worker process of :mod:`liangxin.outputs`: ``python -m liangxin._worker`` reads one job on stdin."""

import sys

from liangxin.outputs import serve

# What the job needs, imported while the parent still tabulates the sheets.
import rustpy_xlsxwriter  # noqa: E402,F401
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402,F401

if __name__ == "__main__":
    serve(sys.stdin.buffer, sys.stdout.buffer)
