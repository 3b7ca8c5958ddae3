"""An interrupted run leaves the previous run's outputs as they were (issue 19, case 13)."""

import pytest

import liangxin.outputs as outputs
from liangxin import settings
from liangxin.pipeline import ANALYZE_OUTPUTS, run_analyze


def _contents(folder):
    """Each file's bytes and when it was written: a rerun on the same input writes the same bytes."""
    return {path.name: (path.read_bytes() if path.is_file() else "folder", path.stat().st_mtime_ns)
            for path in folder.iterdir()}


@pytest.mark.parametrize("stage", ["save_charts", "write_parts", "write_network_html", "findings_table"])
def test_ctrl_c_while_writing_keeps_the_old_outputs(handmade_xlsx, tmp_path, monkeypatch, stage):
    out = tmp_path / "结果"
    run_analyze(handmade_xlsx, out)
    before = _contents(out)
    assert set(before) == set(ANALYZE_OUTPUTS)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(outputs, stage, interrupted)
    with pytest.raises(KeyboardInterrupt):
        run_analyze(handmade_xlsx, out)
    assert _contents(out) == before  # no new summary.json beside an old report, no hidden folder left


def test_ctrl_c_while_the_worker_writes_the_report_keeps_the_old_outputs(handmade_xlsx, tmp_path, monkeypatch):
    out = tmp_path / "结果"
    run_analyze(handmade_xlsx, out)
    before = _contents(out)
    started = []
    start = outputs._Worker.start

    def worker():
        started.append(start())
        return started[-1]

    monkeypatch.setattr(settings, "PARALLEL_OUTPUTS_MIN_ORGANIZATIONS", 0)
    monkeypatch.setattr(settings, "usable_cores", lambda: 2)
    monkeypatch.setattr(outputs._Worker, "start", staticmethod(worker))
    monkeypatch.setattr(outputs, "write_network_html", lambda *a, **k: (_ for _ in ()).throw(KeyboardInterrupt))
    with pytest.raises(KeyboardInterrupt):
        run_analyze(handmade_xlsx, out)
    assert _contents(out) == before
    assert started and started[0].process.returncode is not None  # the worker was ended, not left running


def test_a_first_run_that_fails_leaves_no_file(handmade_xlsx, tmp_path, monkeypatch):
    monkeypatch.setattr(outputs, "write_parts", lambda *a, **k: (_ for _ in ()).throw(OSError("disk full")))
    with pytest.raises(OSError):
        run_analyze(handmade_xlsx, tmp_path / "结果")
    assert list((tmp_path / "结果").iterdir()) == []


def test_a_folder_in_the_way_stops_before_any_file_is_replaced(handmade_xlsx, tmp_path):
    from liangxin.errors import OutputError

    out = tmp_path / "结果"
    run_analyze(handmade_xlsx, out)
    (out / "network.html").unlink()
    (out / "network.html").mkdir()      # something in the way of the last file written
    before = _contents(out)
    with pytest.raises(OutputError):
        run_analyze(handmade_xlsx, out)
    assert _contents(out) == before


def test_an_out_folder_under_a_file_is_one_error(handmade_xlsx, tmp_path):
    from liangxin.errors import OutputError

    (tmp_path / "afile.txt").write_text("x")
    with pytest.raises(OutputError):
        run_analyze(handmade_xlsx, tmp_path / "afile.txt" / "结果")


def test_a_killed_runs_leftover_is_cleaned_up(handmade_xlsx, tmp_path):
    import os
    import time

    out = tmp_path / "结果"
    leftover = out / ".liangxin-killed"
    leftover.mkdir(parents=True)
    old = time.time() - 7200
    os.utime(leftover, (old, old))
    run_analyze(handmade_xlsx, out)
    assert not leftover.exists()
