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
    monkeypatch.setattr(settings, "usable_cores", lambda: 2)  # a one-core CI machine still takes the worker path
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
        worker.send((charts_module.chart_data(analysis), blocked, True, {}))  # the charts' folder is a file
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
    monkeypatch.setattr(settings, "usable_cores", lambda: 2)
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
    job = pickle.dumps((charts_module.chart_data(analysis), tmp_path, False, {})) + pickle.dumps([])
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


def _stand_in(code):
    """A worker that runs `code` (Python) instead of the real one."""
    process = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    return outputs._Worker(process)


def _parallel(monkeypatch, start):
    monkeypatch.setattr(settings, "PARALLEL_OUTPUTS_MIN_ORGANIZATIONS", 0)
    monkeypatch.setattr(settings, "usable_cores", lambda: 2)
    monkeypatch.setattr(outputs._Worker, "start", staticmethod(start))


@pytest.mark.parametrize("frozen, executable", [(True, sys.executable), (False, ""), (False, None),
                                                (False, "/opt/统计平台/app.exe")])
def test_no_worker_where_this_process_is_not_run_by_python(frozen, executable, monkeypatch, analysis, tmp_path):
    """PyInstaller's frozen application, an embedding program: the report is written in this process."""
    monkeypatch.setattr(sys, "frozen", frozen, raising=False)
    monkeypatch.setattr(sys, "executable", executable)
    monkeypatch.setattr(settings, "PARALLEL_OUTPUTS_MIN_ORGANIZATIONS", 0)
    monkeypatch.setattr(settings, "usable_cores", lambda: 2)
    monkeypatch.setattr(outputs.subprocess, "Popen", lambda *a, **k: pytest.fail("a worker was started"))
    assert outputs._Worker.start() is None
    files, _ = outputs.write_analyze_outputs(analysis, tmp_path, source="台账.xlsx")
    assert _cells(files["report"])["总览"][0][:2] == ["指标", "数值"]


def test_a_worker_out_of_memory_leaves_the_report_to_this_process(analysis, tmp_path, monkeypatch, caplog):
    answer = "import pickle, sys; sys.stdout.buffer.write(pickle.dumps(('error', MemoryError(), [])))"
    _parallel(monkeypatch, lambda: _stand_in(answer))
    with caplog.at_level(logging.WARNING, logger="liangxin.outputs"):
        files, _ = outputs.write_analyze_outputs(analysis, tmp_path, source="台账.xlsx")
    assert [r.levelno for r in caplog.records if r.name == "liangxin.outputs"] == [logging.WARNING]
    assert _cells(files["report"])["总览"][0][:2] == ["指标", "数值"]


@pytest.mark.skipif(sys.platform == "win32", reason="a signal ends the stand-in worker")
def test_a_killed_worker_is_told_from_one_that_exited(tmp_path, caplog):
    killed = _stand_in("import os, signal; os.kill(os.getpid(), signal.SIGKILL)")
    exited = _stand_in("import sys; sys.exit(3)")
    with caplog.at_level(logging.WARNING, logger="liangxin.outputs"):
        for worker in (killed, exited):
            worker.send([], last=True)
            assert worker.result() is None
            worker.stop()
    assert [r.args for r in caplog.records if r.name == "liangxin.outputs"] == [(9,), (3,)]
    assert caplog.records[0].msg != caplog.records[1].msg  # only a killed worker's warning speaks of memory


def test_the_font_warning_is_said_once_whichever_process_draws(analysis, tmp_path, monkeypatch):
    monkeypatch.setattr(charts_module, "find_cjk_font", lambda: None)
    monkeypatch.setattr(charts_module, "_warned", False)
    job = pickle.dumps((charts_module.chart_data(analysis), tmp_path, True, {})) + pickle.dumps([])
    answer = io.BytesIO()
    outputs.serve(io.BytesIO(job), answer)  # the worker, told the parent said it already
    assert not [kind for kind, _, _ in pickle.loads(answer.getvalue())[2]]
    said = [("warning", charts_module.CJKFontMissingWarning, "未找到中文字体")]
    code = f"import pickle, sys; sys.stdout.buffer.write({pickle.dumps(('ok', [], said))!r})"
    monkeypatch.setattr(charts_module, "_warned", False)
    worker = _stand_in(code)
    worker.send([], last=True)
    with pytest.warns(charts_module.CJKFontMissingWarning):
        worker.result()
    worker.stop()
    assert charts_module.font_warning_said()  # the parent knows it was said: the next job's worker is told


def _job(analysis, folder):
    return pickle.dumps((charts_module.chart_data(analysis), folder, True, {})) + pickle.dumps([])


@pytest.mark.skipif(sys.platform == "win32", reason="closes the worker's stderr as pythonw has none")
def test_the_worker_answers_without_a_stderr(analysis, tmp_path):
    """Under pythonw the worker has no stderr: what it prints goes nowhere, and it still answers."""
    import os

    process = subprocess.Popen([sys.executable, "-m", "liangxin._worker"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, preexec_fn=lambda: os.close(2))
    answer, _ = process.communicate(_job(analysis, tmp_path), timeout=120)
    status, images, _ = pickle.loads(answer)
    assert status == "ok" and len(images) == 3 and process.returncode == 0


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the ignored signals from /proc")
def test_ctrl_c_is_left_to_the_parent(analysis, tmp_path):
    """Ctrl+C reaches the worker too: it goes on (no traceback), the parent stops it if it must."""
    import os
    import signal
    import time

    worker = outputs._Worker.start()
    try:
        deadline = time.monotonic() + 60
        while not _ignores_sigint(worker.process.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(worker.process.pid, signal.SIGINT)
        worker.send((charts_module.chart_data(analysis), tmp_path, True, {}))
        worker.send([], last=True)
        assert len(worker.result()) == 3
    finally:
        worker.stop()
    assert worker.process.returncode == 0


def _ignores_sigint(pid):
    with open(f"/proc/{pid}/status") as status:
        ignored = next(line for line in status if line.startswith("SigIgn:")).split()[1]
    return bool(int(ignored, 16) & (1 << (2 - 1)))


class _Kernel32:
    def __init__(self, window):
        self.window = window

    def GetConsoleWindow(self):  # noqa: N802 - the Windows API's name
        return self.window


@pytest.mark.parametrize(("window", "stderr", "hidden"), [(0, True, True), (1234, True, False), (1234, False, True)])
def test_the_worker_gets_no_console_window_only_where_this_process_has_none(window, stderr, hidden, monkeypatch):
    """Windows: pythonw or a kernel started from a desktop app (no console window, or no stderr) → CREATE_NO_WINDOW."""
    import ctypes
    import types

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(subprocess, "CREATE_NO_WINDOW", 0x08000000, raising=False)
    monkeypatch.setattr(ctypes, "windll", types.SimpleNamespace(kernel32=_Kernel32(window)), raising=False)
    monkeypatch.setattr(sys, "stderr", sys.stderr if stderr else None)
    assert outputs._no_console_window() == (0x08000000 if hidden else 0)


def test_no_console_flag_off_windows(monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    assert outputs._no_console_window() == 0


def test_an_early_worker_writes_a_large_districts_report(analysis, tmp_path, monkeypatch, handmade_xlsx):
    """A large input starts the worker before it is read; a large district's outputs are written with
    it (the same files as in one process); a small district stops it unused."""
    monkeypatch.setattr(settings, "usable_cores", lambda: 2)
    monkeypatch.setattr(settings, "PARALLEL_OUTPUTS_EARLY_MIN_BYTES", 1)  # the hand-made workbook is large
    serial, _ = _written(analysis, tmp_path / "one", monkeypatch, parallel=False)
    worker, unused = outputs.early_worker(handmade_xlsx), outputs.early_worker(handmade_xlsx)
    assert worker is not None and unused is not None
    monkeypatch.setattr(settings, "PARALLEL_OUTPUTS_MIN_ORGANIZATIONS", 0)
    monkeypatch.setattr(outputs._Worker, "start", staticmethod(lambda: pytest.fail("a second worker")))
    files, _ = outputs.write_analyze_outputs(analysis, tmp_path / "two", source="台账.xlsx", worker=worker)
    assert worker.answered and worker.process.returncode == 0
    assert _cells(files["report"]) == _cells(serial["report"])
    assert files["findings"].read_bytes() == serial["findings"].read_bytes()
    monkeypatch.setattr(settings, "PARALLEL_OUTPUTS_MIN_ORGANIZATIONS", 10**12)
    files, _ = outputs.write_analyze_outputs(analysis, tmp_path / "three", source="台账.xlsx", worker=unused)
    assert unused.process.returncode is not None and not unused.answered  # stopped, the report written here
    assert _cells(files["report"]) == _cells(serial["report"])


def test_no_early_worker_for_a_small_input_or_one_core(monkeypatch, handmade_xlsx, tmp_path):
    monkeypatch.setattr(outputs._Worker, "start", staticmethod(lambda: pytest.fail("a worker was started")))
    assert outputs.early_worker(handmade_xlsx) is None  # 16 MB and more only
    assert outputs.early_worker(tmp_path / "no such folder") is None
    monkeypatch.setattr(settings, "PARALLEL_OUTPUTS_EARLY_MIN_BYTES", 1)
    monkeypatch.setattr(settings, "usable_cores", lambda: 1)
    assert outputs.early_worker(handmade_xlsx) is None


def test_analyze_stops_its_early_worker_when_the_input_is_refused(tmp_path, monkeypatch):
    from liangxin.errors import LiangxinInputError
    from liangxin.pipeline import run_analyze

    started = []
    real_start = outputs._Worker.start
    monkeypatch.setattr(settings, "usable_cores", lambda: 2)
    monkeypatch.setattr(settings, "PARALLEL_OUTPUTS_EARLY_MIN_BYTES", 1)
    monkeypatch.setattr(outputs._Worker, "start", staticmethod(lambda: started.append(real_start()) or started[-1]))
    bad = tmp_path / "台账.xlsx"
    bad.write_bytes(b"not a workbook")
    with pytest.raises(LiangxinInputError):
        run_analyze(bad, tmp_path / "out")
    assert len(started) == 1 and started[0].process.returncode is not None


def test_analyze_writes_with_its_early_worker(tmp_path, monkeypatch, handmade_xlsx):
    """A large input and a large district: the worker started before the reading writes the report
    (one worker, answered), and the files are those of one process."""
    from liangxin.pipeline import run_analyze

    started = []
    real_start = outputs._Worker.start
    monkeypatch.setattr(settings, "usable_cores", lambda: 2)
    monkeypatch.setattr(settings, "PARALLEL_OUTPUTS_EARLY_MIN_BYTES", 1)
    monkeypatch.setattr(settings, "PARALLEL_OUTPUTS_MIN_ORGANIZATIONS", 10**12)
    alone = run_analyze(handmade_xlsx, tmp_path / "one")
    monkeypatch.setattr(settings, "PARALLEL_OUTPUTS_MIN_ORGANIZATIONS", 0)
    monkeypatch.setattr(outputs._Worker, "start", staticmethod(lambda: started.append(real_start()) or started[-1]))
    done = run_analyze(handmade_xlsx, tmp_path / "two")
    assert len(started) == 1 and started[0].answered and started[0].process.returncode == 0
    assert _cells(done.files["report"]) == _cells(alone.files["report"])
    assert done.files["findings"].read_bytes() == alone.files["findings"].read_bytes()
