"""Run the numpydoc Examples of every liangxin module as doctests, under their installed names.

pytest's own ``--doctest-modules`` would import ``graph/network.py`` as ``graph.network``, a
second copy beside the installed ``liangxin.graph.network``; this collects the same doctests
from the module as the package installs it. The Examples share one namespace: a small network
and its analysis (the hand-made workbook of ``tests/fixtures/handmade.py``), so an example shows
a real call and its real answer.

Names in every example: ``lx`` (the package), ``pd``, ``np``, ``handmade_path`` (the hand-made
workbook as .xlsx), ``net`` (its network), ``result`` (its analysis), ``tmp`` (a fresh folder).
"""

import importlib
from pathlib import Path

import pytest
from _pytest.doctest import DoctestModule

ROOT = Path(__file__).resolve().parent

#: Source folder → installed package name (pyproject.toml's package-dir).
PACKAGES = {"liangxin": "liangxin", "graph": "liangxin.graph", "loaders": "liangxin.loaders",
            "queries": "liangxin.queries", "viz": "liangxin.viz"}


def _module_name(path):
    parts = path.relative_to(ROOT).with_suffix("").parts
    names = [PACKAGES[parts[0]], *parts[1:]]
    return ".".join(names[:-1] if names[-1] == "__init__" else names)


class _InstalledDoctests(DoctestModule):
    """The doctests of one module, imported by its installed name."""

    def _getobj(self):
        return importlib.import_module(_module_name(self.path))


def pytest_collect_file(file_path, parent):
    try:
        top = file_path.relative_to(ROOT).parts[0]
    except ValueError:
        return None
    if file_path.suffix == ".py" and top in PACKAGES and file_path.name != "__main__.py":
        return _InstalledDoctests.from_parent(parent, path=file_path)
    return None


@pytest.fixture(scope="session", autouse=True)
def _doctest_names(doctest_namespace, tmp_path_factory):
    """Fill the doctests' namespace (only when doctests were collected: building it costs a second)."""
    import numpy as np
    import pandas as pd

    import liangxin as lx
    from tests.fixtures import handmade

    folder = tmp_path_factory.mktemp("doctest")
    handmade_path = handmade.write_xlsx(folder / "handmade.xlsx")
    net = lx.load(handmade_path)
    doctest_namespace.update(lx=lx, pd=pd, np=np, handmade_path=handmade_path, net=net, result=lx.analyze(net),
                             tmp=folder)


@pytest.fixture(autouse=True)
def _doctest_tmp(request, doctest_namespace, tmp_path):
    """Each doctest gets its own empty ``tmp`` folder (and runs in it)."""
    if isinstance(request.node.parent, _InstalledDoctests):
        doctest_namespace["tmp"] = tmp_path
        request.getfixturevalue("monkeypatch").chdir(tmp_path)
