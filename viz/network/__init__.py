"""The analysts' interactive network view, ``network.html`` (OUTPUT.md).

One self-contained UTF-8 HTML file: vis-network's JavaScript and CSS (shipped in this package,
the copy pyvis bundles) and the page's own are inlined and nothing is requested from any other
host, so the file opens from disk on an intranet machine.

A whole district is too big to draw node by node, so the default view aggregates: streets and
communities carry counts, the responsible units are drawn, and only the organizations with
findings are drawn one by one, most serious first, up to ``max_nodes``. ``street=`` or ``unit=``
draws one street or one unit in full instead. The layout is computed here, relaxed briefly by
vis-network's physics in the browser and then frozen. Every page also carries a compressed
catalogue of every organization of the dataset, so the analyst can search any of them, drawn or
not, and read its responsibility chain by name in the page's detail panel; filters by finding,
unit kind and street, and PNG / CSV export, work on the view. The page's API
(``window.liangxin.search/select/filter/visibleIds/detailText``) is documented in README.

One concept per module:

- :mod:`~liangxin.viz.network.view`: :func:`network_view`, what one page draws (:class:`NetworkView`);
- :mod:`~liangxin.viz.network.selection` and :mod:`~liangxin.viz.network.priority`: which
  nodes, under the cap, in which order;
- :mod:`~liangxin.viz.network.lookups`, :mod:`~liangxin.viz.network.findings` and
  :mod:`~liangxin.viz.network.columns`: the network and the analysis's findings as the view reads them;
- :mod:`~liangxin.viz.network.catalog`: every organization, for search and the detail panel;
  :mod:`~liangxin.viz.network.figures`: the view's figures beside the district's (未覆盖 = open);
- :mod:`~liangxin.viz.network.places`, :mod:`~liangxin.viz.network.units`,
  :mod:`~liangxin.viz.network.organizations`: what each node says; :mod:`~liangxin.viz.network.labels`:
  how numbers and names are written;
- :mod:`~liangxin.viz.network.edges` and :mod:`~liangxin.viz.network.layout`: the edges, and where
  everything stands;
- :mod:`~liangxin.viz.network.render`, :mod:`~liangxin.viz.network.legend`,
  :mod:`~liangxin.viz.network.assets`: the HTML page, its legend, and the files it is made of
  (``page/`` — network.html, network.css, catalog.js, network.js — and ``vendor/vis-network/``, package data);
- :mod:`~liangxin.viz.network.display`: the page inline in a Jupyter notebook;
- :mod:`~liangxin.viz.network.kinds`: how each kind of node, edge and finding is drawn.

Names are user data: they reach the page only inside JSON that cannot close its ``<script>``
element, and the page puts them into the document as text only.

Examples
--------
>>> view = network_view(result, street="平湖")
>>> len(view.nodes) <= DEFAULT_MAX_NODES
True
>>> write_network_html(result, "network.html")
PosixPath('network.html')
"""

from liangxin.viz.network.display import NetworkDisplay, show_network
from liangxin.viz.network.findings import FINDING_PRIORITY
from liangxin.viz.network.kinds import FINDING_STYLE
from liangxin.viz.network.render import network_html, script_json, write_network_html
from liangxin.viz.network.selection import DEFAULT_MAX_NODES
from liangxin.viz.network.view import NetworkView, network_view

__all__ = [
    "NetworkView",
    "NetworkDisplay",
    "network_view",
    "network_html",
    "write_network_html",
    "show_network",
    "DEFAULT_MAX_NODES",
    "FINDING_STYLE",
    "FINDING_PRIORITY",
    "script_json",
]
