"""The analysts' notebooks are committed clean and small, and each runs top to bottom.

Each notebook is executed by nbclient in a temporary working folder (nothing is written into
the repository), with a per-cell timeout, the matplotlib Agg backend and a kernel that is
this test's own Python (a ``python3`` kernelspec in a temporary JUPYTER_PATH, so a kernelspec
of another installation cannot be picked up). A cell that raises fails the test.

04_Neo4j.ipynb runs twice: without a server (its first output must say so and every later
step must be skipped cleanly) and against the Bolt test server of tests/neo4j/server.py. When
that server cannot be had, the second run is skipped with the reason, except under CI
(``CI`` set), where it fails: CI must execute every notebook.
"""

import json
import os
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
EXPECTED = ["01_快速上手.ipynb", "02_覆盖缺口.ipynb", "03_责任负荷.ipynb", "04_Neo4j.ipynb"]
NEO4J_NOTEBOOK = "04_Neo4j.ipynb"
MAX_BYTES = 50_000
CELL_TIMEOUT = 300
NEO4J_VARIABLES = ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE")


def _in_ci():
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _require(module):
    """Import `module`; skip when it is missing, but fail under CI (which must run the notebooks)."""
    try:
        return __import__(module)
    except ImportError:
        message = f"{module} is not installed (pip install nbclient nbformat ipykernel): the notebooks cannot run"
        if _in_ci():
            pytest.fail(message)
        pytest.skip(message)


def _code_cells(nb):
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def _text(outputs):
    """Everything a list of cell outputs shows as text (streams, text/plain, text/html)."""
    parts = []
    for output in outputs:
        if output.get("output_type") == "stream":
            parts.append(output.get("text", ""))
        data = output.get("data", {})
        for mime in ("text/plain", "text/html"):
            if mime in data:
                value = data[mime]
                parts.append("".join(value) if isinstance(value, list) else value)
    return "\n".join(parts)


def _listing(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.fixture
def kernel_env(tmp_path_factory, monkeypatch):
    """Environment for the kernel: Agg backend, isolated Jupyter/IPython folders, this Python."""
    base = tmp_path_factory.mktemp("jupyter")
    spec = base / "data" / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (liangxin test)", "language": "python",
    }), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(base / "data"))
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(base / "runtime"))
    monkeypatch.setenv("IPYTHONDIR", str(base / "ipython"))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.setenv("MPLCONFIGDIR", str(base / "matplotlib"))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep))
    for name in NEO4J_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def execute(path, workdir):
    """Run the notebook at `path` top to bottom with `workdir` as its working folder; return it executed."""
    nbformat = _require("nbformat")
    _require("ipykernel")
    nbclient = _require("nbclient")
    nb = nbformat.read(str(path), as_version=4)
    before = _listing(NOTEBOOK_DIR)
    client = nbclient.NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name="python3", allow_errors=False,
                                     resources={"metadata": {"path": str(workdir)}})
    started = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - started
    print(f"{path.name}: {seconds:.1f} s")
    assert _listing(NOTEBOOK_DIR) == before, "running a notebook wrote into the repository's notebooks/ folder"
    for cell in _code_cells(nb):
        for output in cell.outputs:
            assert output.output_type != "error", f"{path.name}: a cell failed:\n{cell.source}"
            if output.output_type == "stream" and output.name == "stderr":
                text = output.text
                assert "Warning" not in text or "CJKFontMissingWarning" in text, (
                    f"{path.name}: a cell printed a warning an analyst would see:\n{cell.source}\n{text}")
    return nb


# ---------------------------------------------------------------------------------------------
# Committed form


def test_the_notebooks_are_there():
    assert [p.name for p in NOTEBOOKS] == EXPECTED


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_committed_without_outputs_and_small(path):
    size = path.stat().st_size
    assert size <= MAX_BYTES, f"{path.name} is {size:,} bytes (limit {MAX_BYTES:,}): keep notebooks small"
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert nb["nbformat"] == 4
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], f"{path.name}: committed with outputs: {''.join(cell['source'])[:80]}"
            assert cell.get("execution_count") is None, f"{path.name}: committed with an execution count"
    assert nb["cells"][0]["cell_type"] == "markdown" and "".join(nb["cells"][0]["source"]).startswith("# ")
    markdown = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert sum("\u4e00" <= ch <= "\u9fff" for ch in markdown) > 200, f"{path.name}: explain each step in Chinese"


def test_valid_notebook_format():
    nbformat = _require("nbformat")
    for path in NOTEBOOKS:
        nbformat.validate(nbformat.read(str(path), as_version=4))


# ---------------------------------------------------------------------------------------------
# Execution

RUN_WITHOUT_SERVER = [p for p in NOTEBOOKS if p.name != NEO4J_NOTEBOOK]


@pytest.mark.slow
@pytest.mark.parametrize("path", RUN_WITHOUT_SERVER, ids=[p.stem for p in RUN_WITHOUT_SERVER])
def test_notebook_runs_top_to_bottom(path, tmp_path, kernel_env):
    nb = execute(path, tmp_path)
    assert (tmp_path / "out" / "sample.xlsx").exists(), "the demo workbook is written into the working folder"
    if path.name.startswith("01"):
        shown = _text([o for cell in _code_cells(nb) for o in cell.outputs])
        assert "report.xlsx" in shown and "network.html" in shown, "01 shows where the files went"
        assert "<iframe srcdoc=" in shown, "01 shows the network inline"
    if path.name.startswith("02"):
        assert (tmp_path / "out" / "平湖街道两新组织清单.xlsx").exists()
        assert len(list((tmp_path / "out" / "各街道清单").glob("*.xlsx"))) >= 10


@pytest.mark.slow
def test_neo4j_notebook_without_a_server(tmp_path, kernel_env):
    nb = execute(NOTEBOOK_DIR / NEO4J_NOTEBOOK, tmp_path)
    cells = _code_cells(nb)
    first = _text(cells[0].outputs)
    assert "NEO4J_URI" in first and "跳过" in first, f"the first output must say no server is configured:\n{first}"
    skipped = [cell for cell in cells if "已跳过" in _text(cell.outputs)]
    assert len(skipped) >= 4, "push, counts, the Cypher queries and the check are skipped"


def _bolt_server(request):
    """The Bolt test server of tests/neo4j/server.py, or skip (fail under CI) saying why."""
    try:
        return request.getfixturevalue("arcadedb_server")
    except pytest.skip.Exception as error:
        if _in_ci():
            pytest.fail(f"CI must run {NEO4J_NOTEBOOK} against the Bolt test server, which is unavailable: {error}")
        pytest.skip(f"{NEO4J_NOTEBOOK} against a server skipped: {error}")


@pytest.mark.slow
def test_neo4j_notebook_against_the_test_server(request, tmp_path, kernel_env):
    server = _bolt_server(request)
    for name, value in server.environ.items():
        kernel_env.setenv(name, value)
    nb = execute(NOTEBOOK_DIR / NEO4J_NOTEBOOK, tmp_path)
    cells = _code_cells(nb)
    assert "已连接" in _text(cells[0].outputs)
    shown = _text([o for cell in cells for o in cell.outputs])
    assert "已跳过" not in shown
    check = next(cell for cell in cells if "neo.check(" in cell.source)
    verdict = "".join(o["data"]["text/plain"] for o in check.outputs if "text/plain" in o.get("data", {}))
    assert "一致" in verdict and "不一致" not in verdict, verdict
