"""The files every network page is made of, shipped inside the package and read once.

``page/`` holds the page's own HTML template (``network.html``, with ``@@NAME@@`` placeholders
that :func:`liangxin.viz.network.render.network_html` fills), stylesheet (``network.css``, whose
``@@FONT@@`` is :data:`~liangxin.viz.network.kinds.FONT_STACK`) and scripts (``catalog.js``, ``network.js``).
``vendor/vis-network/`` holds vis-network 9.1.2's script and stylesheet, copied unchanged from
the copy pyvis 0.3.2 bundles (dual-licensed Apache-2.0 / MIT: see the header of
``vis-network.min.js`` and ``LICENSE`` beside it). All of them are inlined into every page, so
the page requests nothing from any host and opens from disk offline.

Examples
--------
>>> script, style = vis_assets()
>>> "@version 9.1.2" in script
True
>>> page_template().startswith("<!DOCTYPE html>")
True
"""

from functools import lru_cache
from importlib.resources import files

from liangxin.viz.network.kinds import FONT_STACK

__all__ = ["page_template", "page_style", "page_script", "vis_assets", "VIS_FOLDER"]

#: The folder of the vendored vis-network files, inside the package.
VIS_FOLDER = "vendor/vis-network"


@lru_cache(maxsize=None)
def _text(path):
    """The package's text file at `path` ("/"-separated), as UTF-8 with universal newlines."""
    resource = files(__package__)
    for part in path.split("/"):
        resource = resource.joinpath(part)
    return resource.read_text(encoding="utf-8")


def page_template():
    """The page's HTML, with ``@@NAME@@`` placeholders."""
    return _text("page/network.html")


def page_style():
    """The page's own CSS, with the Chinese font stack in place."""
    return _text("page/network.css").replace("@@FONT@@", FONT_STACK)


#: The page's own scripts, in the order they run (one ``<script>`` element).
PAGE_SCRIPTS = ("page/catalog.js", "page/network.js")


def page_script():
    """The page's own JavaScript (it reads its data from ``window.LIANGXIN_DATA``): the catalogue of
    every organization (``catalog.js``), then the network, its panel, filters and API (``network.js``)."""
    return "\n".join(_text(path) for path in PAGE_SCRIPTS)


@lru_cache(maxsize=1)
def vis_assets():
    """vis-network's JavaScript and CSS, from the copy shipped in the package.

    Raises
    ------
    RuntimeError
        The files are missing (a broken installation) or could close the page's ``<script>``
        or ``<style>`` element.
    """
    folder = f"{__package__}/{VIS_FOLDER}"
    try:
        script = _text(f"{VIS_FOLDER}/vis-network.min.js")
        style = _text(f"{VIS_FOLDER}/vis-network.css")
    except OSError as error:
        raise RuntimeError(f"liangxin 安装不完整：缺少 vis-network 文件（{folder}）：请重新安装 liangxin") from error
    if "</script" in script.lower() or "</style" in style.lower():
        raise RuntimeError(f"{folder} 中的 vis-network 文件不能内嵌到页面中")
    return script, style
