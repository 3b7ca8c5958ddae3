"""analyze's outputs written in one process or with report.xlsx in a worker process: the same files."""

import io
import logging
import pickle
import subprocess
import sys

import pytest
from openpyxl import load_workbook

from liangxin import outputs, settings
from liangxin.queries.analysis import analyze_network
from liangxin.queries.rules import load_rules
from liangxin.viz import charts as charts_module


@pytest.fixture(scope="module")
def analysis(handmade_network):
    return analyze_network(handmade_network, load_rules())


def _cells(path):
    book = load_workbook(path, read_only=True)
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets}


def _written(analysis, folder, monkeypatch, parallel):
    monkeypatch.setattr(settings, "PARALLEL_OUTPUTS_MIN_ORGANIZATIONS", 0 if parallel else 10**12)
    files, summary = outputs.write_analyze_outputs(analysis, folder, source="台账.xlsx")
    return files, summary


def test_worker_writes_the_same_files(analysis, tmp_path, monkeypatch):
    serial, summary = _written(analysis, tmp_path / "one", monkeypatch, parallel=False)
    monkeypatch.setattr(outputs.os, "cpu_count", lambda: 2)  # a one-core CI machine still takes the worker path
    parallel, parallel_summary = _written(analysis, tmp_path / "two", monkeypatch, parallel=True)
    assert sorted(serial) == sorted(parallel)
    assert summary == parallel_summary
    for key in ("summary", "findings", "network", *[k for k in serial if k.startswith("chart:")]):
        assert serial[key].read_bytes() == parallel[key].read_bytes(), key
    assert _cells(serial["report"]) == _cells(parallel["report"])
    assert parallel["report"].parent == tmp_path / "two"


def test_worker_raises_its_error_here(analysis, tmp_path):
    worker = outputs._Worker.start()
    try:
        blocked = tmp_path / "a file"
        blocked.write_text("")
        worker.send((charts_module.chart_data(analysis), blocked))  # the charts' folder is a file
        worker.send([], last=True)
        with pytest.raises(FileExistsError):
            worker.result()
    finally:
        worker.stop()
    assert worker.process.returncode == 0


def test_a_dead_worker_leaves_the_report_to_this_process(analysis, tmp_path, monkeypatch, caplog):
    def dies():
        process = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.buffer.read(1)"],
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        return outputs._Worker(process)

    monkeypatch.setattr(settings, "PARALLEL_OUTPUTS_MIN_ORGANIZATIONS", 0)
    monkeypatch.setattr(outputs.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(outputs._Worker, "start", staticmethod(dies))
    with caplog.at_level(logging.WARNING, logger="liangxin.outputs"):
        files, _ = outputs.write_analyze_outputs(analysis, tmp_path, source="台账.xlsx")
    assert [r.levelno for r in caplog.records if r.name == "liangxin.outputs"] == [logging.WARNING]
    assert _cells(files["report"])["总览"][0][:2] == ["指标", "数值"]
    assert all(path.exists() for path in files.values())


def test_worker_passes_back_its_warnings(analysis, tmp_path, monkeypatch):
    """The worker's side, run here: a missing Chinese font is said, and said again in the parent."""
    monkeypatch.setattr(charts_module, "find_cjk_font", lambda: None)
    monkeypatch.setattr(charts_module, "_warned", False)
    job = pickle.dumps((charts_module.chart_data(analysis), tmp_path)) + pickle.dumps([])
    answer = io.BytesIO()
    outputs.serve(io.BytesIO(job), answer)
    status, images, said = pickle.loads(answer.getvalue())
    assert status == "ok" and len(images) == 3
    assert ("warning", charts_module.CJKFontMissingWarning) in {(kind, where) for kind, where, _ in said}
    assert any(kind == "log" and where == "liangxin.viz.charts" for kind, where, _ in said)
    with pytest.warns(charts_module.CJKFontMissingWarning):
        outputs._say_again(said)


def test_small_districts_stay_in_one_process():
    assert not outputs.in_parallel(settings.PARALLEL_OUTPUTS_MIN_ORGANIZATIONS - 1)


def test_the_module_entry_point_runs_nothing_when_imported_by_name():
    import runpy

    ran = runpy.run_module("liangxin.__main__", run_name="__mp_main__")
    assert "run" in ran  # imported, not run: a worker importing it does not start the command line


def test_the_collector_is_left_as_it_was(analysis, tmp_path):
    import gc

    outputs.write_analyze_outputs(analysis, tmp_path / "a", source="台账.xlsx")
    assert gc.get_freeze_count() == 0
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        outputs.write_analyze_outputs(analysis, tmp_path / "b", source="台账.xlsx")
        assert gc.get_freeze_count() > frozen // 2  # a caller's frozen objects stay frozen (not unfrozen: 0)
    finally:
        gc.unfreeze()
