"""The shape of the code: imports follow the data flow, modules and functions stay short.

Data flows loaders → graph → queries → viz, and ``liangxin/`` composes them. A layer may import
the layers before it (but loaders, the input edge, whose tables reach the others through the bottom
module ``liangxin.tables``) and the package root's bottom modules (errors, text, hashed, tables, settings),
never a layer after it; the bottom modules import no layer at all. Read from the source with ``ast``, so a
lazy import inside a function counts too.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = {"loaders": "loaders", "graph": "graph", "queries": "queries", "viz": "viz", "liangxin": "liangxin"}
LAYERS = ["loaders", "graph", "queries", "viz"]
BOTTOM = {"liangxin.errors", "liangxin.text", "liangxin.hashed", "liangxin.factorize", "liangxin.tables", "liangxin.settings",
          "liangxin._terminal"}
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 60


def _modules():
    for folder in FOLDERS.values():
        for path in sorted((ROOT / folder).rglob("*.py")):
            yield path


def _layer(path):
    top = path.relative_to(ROOT).parts[0]
    if top != "liangxin":
        return top
    name = "liangxin." + path.relative_to(ROOT / "liangxin").with_suffix("").as_posix().replace("/", ".")
    return "bottom" if name in BOTTOM else "composition"


def _imported(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno


def _target_layer(module):
    parts = module.split(".")
    if parts[0] in LAYERS:
        return "outside"  # a top-level graph/loaders/... import: the old names, which no longer install
    if parts[0] != "liangxin":
        return None
    if len(parts) > 1 and parts[1] in LAYERS:
        return parts[1]
    return "bottom" if ".".join(parts[:2]) in BOTTOM else "composition"


def _allowed(source, target):
    if target is None or source == "composition":
        return target != "outside"
    if target == "outside":
        return False
    if source == "bottom":
        return target == "bottom"
    if target == "bottom":
        return True
    if target == "composition":
        return False
    if target == "loaders":  # the input edge: graph, queries and viz take its Tables from the bottom module
        return source == "loaders"
    return LAYERS.index(target) <= LAYERS.index(source)


def test_imports_follow_the_flow():
    against = [f"{path.relative_to(ROOT)}:{line} imports {module}"
               for path in _modules() for module, line in _imported(path)
               if not _allowed(_layer(path), _target_layer(module))]
    assert against == []


def test_no_module_is_long():
    long = [f"{path.relative_to(ROOT)} ({n} lines)" for path in _modules()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES]
    assert long == []


def test_no_function_is_long():
    long = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                n = node.end_lineno - node.lineno + 1
                if n > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({n} lines)")
    assert long == []


@pytest.mark.parametrize("source, target, ok", [
    ("graph", "loaders", False), ("viz", "loaders", False), ("loaders", "graph", False), ("queries", "graph", True), ("queries", "viz", False), ("viz", "queries", True),
    ("bottom", "graph", False), ("graph", "bottom", True), ("viz", "composition", False),
    ("composition", "viz", True), ("composition", "outside", False),
])
def test_the_flow_rule_itself(source, target, ok):
    assert _allowed(source, target) is ok


def test_no_date_format_windows_lacks():
    """``%-m``/``%-d`` (no leading zero) are glibc's: Python on Windows raises on them, and the analysts use Windows."""
    import re

    found = [f"{path.relative_to(ROOT)}:{n}" for path in _modules()
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             if re.search(r"%-[a-zA-Z]", line)]
    assert found == []
