"""The network page itself: one self-contained UTF-8 HTML file, and writing it.

vis-network's JavaScript and CSS and the page's own are inlined (:mod:`~liangxin.viz.network.assets`)
and nothing is requested from any other host, so the file opens from disk on an intranet
machine. The page is rendered here rather than by pyvis's own template, which still loads
Bootstrap from a CDN with ``cdn_resources="in_line"`` (WestHealth/pyvis#229) and writes with the
platform encoding. Its Content-Security-Policy allows exactly its three scripts, by their hashes.

Names are user data: they reach the page only inside JSON that cannot close its ``<script>``
element (:func:`script_json`), and the page puts them into the document as text only.

Examples
--------
>>> page = network_html(result, street="平湖")
>>> page.startswith("<!DOCTYPE html>"), "<script src=" in page, "<link" in page
(True, False, False)
>>> write_network_html(result, "out/network.html")
PosixPath('out/network.html')
"""

import base64
import hashlib
import html
import logging
import re
from urllib.parse import quote
from pathlib import Path

import numpy as np
import orjson

from liangxin.graph.schema import EDGE_KINDS, NODE_KINDS
from liangxin.viz.network.assets import page_script, page_style, page_template, vis_assets
from liangxin.queries.labels import COLUMN_ZH, HEADLINE_ZH
from liangxin.viz.network.catalog import CATALOG_FIELDS, packed_catalog
from liangxin.viz.network.kinds import (AGGREGATE_EDGE, BASE_SIZE, BREAK_EDGE, FINDING_STYLE, FONT_STACK,
                                        PHYSICS_KINDS, UNIT_KINDS)
from liangxin.viz.safety import FORMULA_PREFIXES
from liangxin.viz.network.legend import legend_html
from liangxin.viz.network.selection import DEFAULT_MAX_NODES
from liangxin.viz.network.view import NetworkView, network_view

__all__ = ["network_html", "write_network_html", "script_json"]

log = logging.getLogger(__name__)

#: Node movements the browser's physics may spend, shared by the nodes it moves.
_PHYSICS_WORK = 45_000


def script_json(value):
    """Return `value` as JSON that is safe inside an HTML ``<script>`` element.

    ``<``, ``>`` and ``&`` are written as ``\\u003c``-style escapes, so a name containing
    ``</script>`` or ``<!--`` cannot end the script; JavaScript reads the same string back.

    Examples
    --------
    >>> script_json({"name": "</script><b>"})
    '{"name":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    # orjson: the same JSON as json.dumps(value, ensure_ascii=False, separators=(",", ":")), several
    # times faster on a page carrying a million organizations; floats may be spelt otherwise (0.00001
    # for 1e-05), and a NaN or infinity becomes null (json.dumps with allow_nan=False refused it),
    # which the page shows as an empty figure.
    text = orjson.dumps(value, default=_json_default,
                        option=orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_NON_STR_KEYS).decode("utf-8")
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


def _json_default(value):
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"cannot put {type(value).__name__} into the page")


def _page_data(view):
    """``window.LIANGXIN_DATA`` but the catalogue (network_html adds it): the view and how the page's
    script draws each kind."""
    moving = sum(node["kind"] in PHYSICS_KINDS for node in view.nodes)
    return {
        "kinds": {kind: {"label": spec.label_zh, "color": spec.color, "shape": spec.shape,
                         "size": BASE_SIZE.get(kind, 12), "fontSize": 14}
                  for kind, spec in NODE_KINDS.items()},
        "edgeLabels": {**{t: e.label_zh for t, e in EDGE_KINDS.items()},
                       BREAK_EDGE["type"]: BREAK_EDGE["label_zh"], AGGREGATE_EDGE["type"]: AGGREGATE_EDGE["label_zh"]},
        "findingStyle": FINDING_STYLE,
        "font": FONT_STACK,
        "physicsKinds": {kind: True for kind in PHYSICS_KINDS},
        # About the same work whatever the view: fewer rounds when more nodes move.
        "iterations": int(np.clip(_PHYSICS_WORK // max(moving, 1), 40, 300)),
        "big": len(view.nodes) > 1000,
        "streets": view.streets,
        "nodes": view.nodes,
        "edges": view.edges,
        "title": view.title,
        "mode": view.mode,
        "whole": view.whole,
        "figures": view.figures,
        "unitKinds": list(UNIT_KINDS),
        # Every organization of the dataset, for search, the detail panel, filters and export.
        "fields": list(CATALOG_FIELDS),
        "labels": {"open": HEADLINE_ZH["open"], "improvement": HEADLINE_ZH["improvement"], "key": COLUMN_ZH["key"],
                   "codes": COLUMN_ZH["labels"],
                   "columns": [COLUMN_ZH[c] for c in ("name", "credit_code", "kind", "street", "community",
                                                      "employees", "party_members", "status")]},
        "source": view.source,
        "streetFiles": view.street_files,
        "formulaPrefixes": list(FORMULA_PREFIXES),
    }


def _script_hashes(scripts):
    """The Content-Security-Policy sources allowing exactly `scripts` (inline, by SHA-256), each
    script given as its UTF-8 bytes in pieces."""
    sources = []
    for pieces in scripts:
        digest = hashlib.sha256()
        for piece in pieces:
            digest.update(piece)
        sources.append("'sha256-" + base64.b64encode(digest.digest()).decode("ascii") + "'")
    return " ".join(sources)


def network_html(view_or_analysis, **view_options):
    """Return the network page as one self-contained HTML string.

    Parameters
    ----------
    view_or_analysis : NetworkView or queries.analysis.Analysis
        An analysis is first turned into a view with :func:`~liangxin.viz.network.view.network_view`.
    **view_options
        Passed to :func:`~liangxin.viz.network.view.network_view` (``street``, ``unit``,
        ``show_contacts``, ``max_nodes``).

    Examples
    --------
    >>> page = network_html(result, unit="张伟")
    >>> "<title>张伟的责任网络</title>" in page
    True
    """
    view = view_or_analysis
    if not isinstance(view, NetworkView):
        view = network_view(view_or_analysis, **view_options)
    elif view_options:
        raise TypeError("view options only apply when an analysis is given")
    return b"".join(_page_pieces(view)).decode("utf-8")


def _page_pieces(view):
    """The page's UTF-8 bytes in pieces, in order; a file takes them in turn.

    Kept in pieces, the catalogue (most of a large district's page) is not copied into text, an
    f-string, its hash's input, the filled template and the encoded page: five copies of ~94 MB
    at 3,000,000 organizations.
    """
    vis_script, vis_style = vis_assets()
    data = script_json(_page_data(view))
    # The catalogue (every organization, in base64: nothing to escape) goes in after the rest.
    data_script = [f'window.LIANGXIN_DATA = {data[:-1]},"catalog":"'.encode("utf-8"), packed_catalog(view.catalog),
                   b'"};']
    script = page_script()
    policy = f"default-src 'none'; script-src " \
             f"{_script_hashes([[vis_script.encode('utf-8')], data_script, [script.encode('utf-8')]])}; " \
             "style-src 'unsafe-inline'; img-src data:"
    parts = {
        "CSP": html.escape(policy),
        "TITLE": html.escape(view.title),
        "SUBTITLE": html.escape(view.subtitle),
        "NOTES": "".join(f"<li>{html.escape(note)}</li>" for note in view.notes),
        "LEGEND": legend_html(view),
        "FONT": FONT_STACK,
        "VIS_CSS": vis_style,
        "PAGE_CSS": page_style(),
        "VIS_JS": vis_script,
        "DATA_JS": data_script,
        "PAGE_JS": script,
    }
    # The template's text and its @@NAME@@ slots alternate.
    pieces = []
    for i, piece in enumerate(re.split(r"@@([A-Z_]+)@@", page_template())):
        value = parts[piece] if i % 2 else piece
        pieces.extend(value if isinstance(value, list) else [value.encode("utf-8")])
    return pieces


def write_network_html(analysis, path, *, street=None, unit=None, show_contacts=False, max_nodes=DEFAULT_MAX_NODES,
                       source=None, street_pages=False):
    """Write ``network.html``: the interactive network, one file that opens from disk offline.

    Parameters
    ----------
    analysis : queries.analysis.Analysis
    path : str or Path
        The HTML file to write (its folder is created when missing).
    street, unit, show_contacts, max_nodes
        As :func:`~liangxin.viz.network.view.network_view`: by default the whole district, aggregated.
    source : str, optional
        The input's file name, for the command the page suggests to draw a street.
    street_pages : bool, optional
        Also write one page per street, drawing it whole, into the folder ``<name>_各街道`` beside
        `path`; the page links an organization it does not draw to its street's page.

    Returns
    -------
    Path

    Raises
    ------
    LiangxinInputError
        `street` or `unit` is not in the workbook.

    Examples
    --------
    >>> write_network_html(result, "out/平湖.html", street="平湖")
    PosixPath('out/平湖.html')
    >>> (tmp / "out" / "平湖.html").read_bytes()[:15]
    b'<!DOCTYPE html>'
    >>> write_network_html(result, "out/全区.html", street_pages=True)
    PosixPath('out/全区.html')
    >>> sorted(p.name for p in (tmp / "out" / "全区_各街道").iterdir())
    ['坂田街道.html', '布吉街道.html', '平湖街道.html', '横岗街道.html']
    """
    path = Path(path)
    options = {"show_contacts": show_contacts, "max_nodes": max_nodes, "source": source}
    street_files = {}
    if street_pages and street in (None, ""):
        folder = path.parent / f"{path.stem}_各街道"
        for name in analysis.network.node_tables["street"]["name"].tolist():
            file_name = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", name) + ".html"
            _write(network_view(analysis, street=name, unit=unit, **options), folder / file_name)
            street_files[name] = f"{quote(folder.name)}/{quote(file_name)}"
    return _write(network_view(analysis, street=street, unit=unit, street_files=street_files, **options), path)


def _write(view, path):
    pieces = _page_pieces(view)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Bytes, not text: no platform encoding (GBK on Chinese Windows) and no newline translation.
    with path.open("wb") as file:
        file.writelines(pieces)
    log.info("wrote %s: %d nodes, %d edges, %.1f MB", path, len(view.nodes), len(view.edges),
             sum(map(len, pieces)) / 1e6)
    return path
