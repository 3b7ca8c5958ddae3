"""Every hostile input gives one plain line or a correct read, in seconds and under 1 GB (issue 19).

Each case runs ``liangxin analyze`` in a child process and measures the child itself
(:func:`os.wait4`): its exit status, its stderr, its wall and CPU time and its peak memory.
"""

import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.hostile.corpus import CASES, NUMBER_CODES

pytestmark = pytest.mark.skipif(not hasattr(os, "wait4") or not hasattr(os, "mkfifo"),
                                reason="the child's resource usage (os.wait4) and FIFOs are POSIX only")

MAX_SECONDS = 60
MAX_RSS_BYTES = 1 << 30


def run_analyze(input_path, out, timeout=MAX_SECONDS * 2):
    """Run ``liangxin analyze`` on `input_path`: ``(status, stderr, seconds, peak bytes)``."""
    err_path = out.parent / f"{out.name}.stderr"
    started = time.monotonic()
    with open(err_path, "wb") as err, open(os.devnull, "wb") as null:
        child = subprocess.Popen([sys.executable, "-m", "liangxin", "analyze", str(input_path), "--out", str(out)],
                                 stdout=null, stderr=err, stdin=subprocess.DEVNULL)
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                child.kill()
                pid, status, usage = os.wait4(child.pid, 0)
                break
            time.sleep(0.05)
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped here: keep Popen from waiting again
    seconds = time.monotonic() - started
    peak = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    return child.returncode, err_path.read_text(encoding="utf-8", errors="replace"), seconds, peak


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    """Every case built and run once, two or more children at a time: name → (case, folder, result)."""
    built = {}
    for case in CASES:
        folder = tmp_path_factory.mktemp(case.name)
        built[case.name] = (case, folder, case.build(folder))
    with ThreadPoolExecutor(max_workers=max(2, min(4, os.cpu_count() or 2))) as pool:
        futures = {name: pool.submit(run_analyze, path, folder / "结果") for name, (_, folder, path) in built.items()}
        return {name: (built[name][0], built[name][1], future.result()) for name, future in futures.items()}


@pytest.mark.parametrize("name", [case.name for case in CASES])
def test_hostile_input(name, results):
    case, folder, (status, stderr, seconds, peak) = results[name]
    out = folder / "结果"
    assert seconds < MAX_SECONDS, f"{case.name}: {seconds:.0f} s"
    assert peak < MAX_RSS_BYTES, f"{case.name}: {peak / 2**20:.0f} MB"
    assert "Traceback" not in stderr and "panicked" not in stderr and "内部错误" not in stderr, stderr
    assert status == case.status, stderr
    if status == 0:
        assert stderr.strip() == "", stderr
        counts = json.loads((out / "summary.json").read_text(encoding="utf-8"))["counts"]
        assert counts["rows_read"] == counts["rows_loaded"] + counts["rows_rejected"]
    else:
        lines = stderr.strip().splitlines()
        assert len(lines) == 1, stderr
        for text in case.names:
            assert text in lines[0], lines[0]
        assert not out.exists() or not any(out.iterdir()), "nothing half-written"


def _summary(results, name):
    _, folder, (status, stderr, _, _) = results[name]
    assert status == 0, stderr
    return json.loads((folder / "结果" / "summary.json").read_text(encoding="utf-8"))


def test_codes_typed_into_number_cells_fail_the_check_and_both_organizations_stay(results):
    # Both read as 914403001234588032, which passes the check: the second was a "duplicate".
    summary = _summary(results, "xlsx_quirks")
    assert not [r for r in summary["rejected"] if r["sheet"] == "两新组织" and r["row"] in (3, 4)]
    assert summary["counts"]["organizations"] == 12  # the hand-made 13 but 庚软件, rejected for its #N/A
    warned = [w for w in summary["warnings"] if w["column"] == "统一社会信用代码" and w["sheet"] == "两新组织"]
    assert {w["row"] for w in warned} >= {3, 4}
    assert not any(str(code) in json.dumps(summary) for code in (*NUMBER_CODES, 914403001234588032))


def test_an_error_value_is_not_read_as_an_empty_cell(results):
    # #N/A in 党组织状态 read as empty made 庚软件 (单独组建) 未组建 in silence.
    summary = _summary(results, "xlsx_quirks")
    named = [p for p in summary["rejected"] + summary["warnings"] if p["sheet"] == "两新组织" and p["row"] == 9]
    assert any("#N/A" in p["reason"] for p in named), named
    # and the cell itself is named as an error value, in 数据问题 and summary.json
    assert {"EXCEL_ERROR_VALUE", "NOT_A_STATUS"} <= {p["code"] for p in named}
    assert [p["column"] for p in named if p["code"] == "EXCEL_ERROR_VALUE"] == ["K9"]


def test_csv_quirks_read_as_excel_reads_them(results):
    # Empty optional sheets saved as "CSV UTF-8" are not given; 30 line widths are one table.
    summary = _summary(results, "csv_quirks")
    assert summary["counts"]["mass_orgs"] == 0
    assert summary["counts"]["organizations"] < 13  # the quoted lines became one organization's name
    assert any(p["code"] == "CELL_SPANS_LINES" for p in summary["warnings"])  # … which is said
