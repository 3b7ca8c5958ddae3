"""The network page shown inline in a Jupyter notebook, with no web server and without IPython.

Examples
--------
>>> display = show_network(result, street="平湖")
>>> display._repr_html_().startswith('<iframe srcdoc="&lt;!DOCTYPE html&gt;')
True
>>> display.save("平湖.html").read_bytes() == display.html.encode("utf-8")
True
"""

import html
from pathlib import Path

from liangxin.viz.network.render import network_html

__all__ = ["NetworkDisplay", "show_network"]


class NetworkDisplay:
    """The network page shown inline by Jupyter (an ``<iframe srcdoc>``, no web server).

    Attributes
    ----------
    html : str
        The whole page, as :func:`~liangxin.viz.network.render.network_html` returns it.
    height : int
        Height of the frame in pixels.
    """

    def __init__(self, page, height=720):
        self.html = page
        self.height = height

    def _repr_html_(self):
        # The page runs in a sandbox of its own: its scripts cannot reach the notebook.
        return (f'<iframe srcdoc="{html.escape(self.html, quote=True)}" sandbox="allow-scripts" '
                f'style="width:100%;height:{int(self.height)}px;border:1px solid #d1d5db" '
                f'title="两新组织党建责任网络"></iframe>')

    def save(self, path):
        """Write the page to `path` as UTF-8 and return the path."""
        path = Path(path)
        path.write_bytes(self.html.encode("utf-8"))
        return path

    def __repr__(self):
        return f"<NetworkDisplay {len(self.html.encode('utf-8')) / 1e6:.1f} MB>"


def show_network(analysis, height=720, **view_options):
    """Return the network for display in a Jupyter notebook cell.

    Parameters
    ----------
    analysis : queries.analysis.Analysis
    height : int, optional
        Height of the inline frame in pixels.
    **view_options
        As :func:`~liangxin.viz.network.view.network_view` (``street``, ``unit``, ``show_contacts``,
        ``max_nodes``).

    Returns
    -------
    NetworkDisplay
        Jupyter shows it inline through its ``_repr_html_``; IPython is not needed to build it.

    Examples
    --------
    >>> show_network(result, height=500).height
    500
    """
    return NetworkDisplay(network_html(analysis, **view_options), height=height)
