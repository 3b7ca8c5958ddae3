"""viz.machine: summary.json and findings.csv as machines (and Excel) read them.

Figures are the hand-made workbook's (tests/test_handmade.py). A copy of it names B with a
formula: findings.csv must keep it inert.
"""

import csv
import json

import pandas as pd
import pytest

from liangxin.graph.network import build_network
from liangxin.loaders.validate import load_tables
from liangxin.queries.analysis import FINDING_COLUMNS, analyze_network, findings_table, summary_object
from liangxin.viz.machine import write_findings_csv, write_summary_json
from tests.fixtures import handmade

EVIL = "=HYPERLINK(\"http://example.com\",\"点我\")"


@pytest.fixture(scope="module")
def analysis(handmade_network):
    return analyze_network(handmade_network)


@pytest.fixture(scope="module")
def evil_analysis(tmp_path_factory):
    sheets = {k: [list(r) for r in v] for k, v in handmade.SHEETS.items()}
    sheets["两新组织"][3][1] = EVIL   # B's name (B's chain is broken: its community has no owner)
    path = handmade.write_xlsx(tmp_path_factory.mktemp("evil") / "台账.xlsx", sheets)
    return analyze_network(build_network(load_tables(path)))


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_summary_json_round_trips(analysis, tmp_path):
    summary = summary_object(analysis, "台账.xlsx")
    path = write_summary_json(summary, tmp_path / "summary.json")
    assert path == tmp_path / "summary.json"
    assert json.loads(path.read_text(encoding="utf-8")) == summary


def test_summary_json_is_readable_utf8(analysis, tmp_path):
    raw = write_summary_json(summary_object(analysis, "台账.xlsx"), tmp_path / "summary.json").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")           # plain UTF-8: JSON readers reject a BOM
    assert "平湖街道".encode("utf-8") in raw and b"\\u" not in raw
    assert raw.endswith(b"}\n") and b'\n  "counts": {' in raw   # indented, one final newline


def test_findings_csv_bom_columns_and_rows(analysis, tmp_path):
    path = write_findings_csv(findings_table(analysis), tmp_path / "findings.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")                 # so Excel and WPS take it as UTF-8
    assert raw.count(b"\r\n") == 1 + 29 and b"\n" not in raw.replace(b"\r\n", b"")
    found = read_csv(path)
    assert list(found[0]) == FINDING_COLUMNS
    # 16 uncovered codes, 9 chain breaks, 3 overloaded units, 1 idle (tests/test_handmade.py)
    assert [r["category"] for r in found].count("uncovered") == 16
    assert {r["category"] for r in found} == {"uncovered", "broken_chain", "overloaded", "idle"}
    assert len(found) == 29


def test_findings_csv_round_trips(analysis, tmp_path):
    findings = findings_table(analysis)
    path = write_findings_csv(findings, tmp_path / "findings.csv")
    back = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    expected = findings.astype(object).where(findings.notna(), "").astype(str)
    pd.testing.assert_frame_equal(back, expected.reset_index(drop=True))


def test_findings_csv_makes_formulas_inert(evil_analysis, tmp_path):
    path = write_findings_csv(findings_table(evil_analysis), tmp_path / "findings.csv")
    found = read_csv(path)
    assert any(r["name"] == "'" + EVIL for r in found)
    assert not any(value.startswith(("=", "+", "-", "@")) for r in found for value in r.values())
    summary = summary_object(evil_analysis, "台账.xlsx")
    uncovered = sum(len(e["codes"]) for e in summary["uncovered"])
    broken = sum(len(e["codes"]) for e in summary["broken_chains"])
    assert len(found) == uncovered + broken + len(summary["overloaded"]) + len(summary["idle"])


def test_the_findings_given_are_not_changed(evil_analysis, tmp_path):
    findings = findings_table(evil_analysis)
    before = findings.copy()
    write_findings_csv(findings, tmp_path / "findings.csv")
    pd.testing.assert_frame_equal(findings, before)


def test_control_characters_are_dropped_and_empty_findings_still_have_the_header(tmp_path):
    findings = pd.DataFrame([["uncovered", "MEMBERS_REQUIRED", "organization", "甲", "甲\x00公司", "平湖街道", None,
                              "+1"]], columns=FINDING_COLUMNS)
    found = read_csv(write_findings_csv(findings, tmp_path / "one.csv"))
    assert (found[0]["name"], found[0]["community"], found[0]["detail"]) == ("甲公司", "", "'+1")
    empty = write_findings_csv(pd.DataFrame(columns=FINDING_COLUMNS), tmp_path / "empty.csv")
    assert empty.read_bytes() == b"\xef\xbb\xbf" + ",".join(FINDING_COLUMNS).encode() + b"\r\n"


# The fast encoders (orjson, polars) against the standard ones: the same bytes, on the hand-made
# workbook, on the one with a formula for a name, and on a demo district.

@pytest.fixture(scope="module")
def demo_analysis(tmp_path_factory):
    from liangxin.demo import write_demo

    path = write_demo(tmp_path_factory.mktemp("demo"), n_orgs=3000, seed=3)
    return analyze_network(build_network(load_tables(path)))


@pytest.mark.parametrize("which", ["analysis", "evil_analysis", "demo_analysis"])
def test_fast_writers_give_the_standard_bytes(which, request):
    from liangxin.viz import machine

    result = request.getfixturevalue(which)
    findings = findings_table(result)
    assert machine._polars_csv(findings) is not None          # the fast path ran, not the fallback
    assert machine.findings_bytes(findings) == machine.findings_bytes(findings, fast=False)
    summary = summary_object(result, "台账.xlsx")
    assert machine.summary_bytes(summary) == machine.summary_bytes(summary, fast=False)


@pytest.mark.parametrize("rows", [1, 4, 7, 1000])
def test_fast_csv_in_slices_gives_the_standard_bytes(rows, monkeypatch):
    # Made FINDINGS_CSV_ROWS rows at a time: one BOM and one header, every row once, in order; a
    # control character only in a later slice is still taken out.
    from liangxin import settings
    from liangxin.viz import machine

    monkeypatch.setattr(settings, "FINDINGS_CSV_ROWS", rows)
    frame = pd.DataFrame({"code": ["A", "=B", "C", "D", "E", "F", "G"],
                          "name": ["甲", "乙,丙", None, "", "@x", "y", "z\x07"]}, dtype=object)
    assert machine._polars_csv(frame) is not None                    # the fast path ran, every slice of it
    pieces = machine.findings_pieces(frame)
    assert b"".join(pieces) == machine.findings_bytes(frame, fast=False)
    assert b"".join(pieces).count(b"\xef\xbb\xbf") == 1 and b"".join(pieces).count(b"code,name") == 1
    if rows < len(frame):
        assert len(pieces) > 1
    empty = frame.iloc[:0]
    assert machine._polars_csv(empty) is not None
    assert machine.findings_bytes(empty) == machine.findings_bytes(empty, fast=False)


@pytest.mark.parametrize("rows", [1, 4, 1000])
@pytest.mark.parametrize("cells", [["a", "b", "c", "d", 1, 2.5, True, None], ["a", b"x"], [True, False]])
def test_fast_csv_leaves_cells_that_are_not_text_to_the_standard_writer(rows, cells, monkeypatch):
    # A number or bytes in a column of text, even where a slice holds nothing else, is written as
    # pandas writes it (True, b'x'), not cast to text by polars (1.0).
    from liangxin import settings
    from liangxin.viz import machine

    monkeypatch.setattr(settings, "FINDINGS_CSV_ROWS", rows)
    frame = pd.DataFrame({"code": [f"C{i}" for i in range(len(cells))], "name": cells}, dtype=object)
    assert machine._polars_csv(frame) is None
    assert machine.findings_bytes(frame) == machine.findings_bytes(frame, fast=False)


@pytest.mark.parametrize("dtype", ["int64", "float64", "bool", "category"])
def test_fast_csv_leaves_columns_of_other_types_to_the_standard_writer(dtype):
    # Arrow's type of the column decides, as for cells: numbers, yes/no and categories go to pandas.
    from liangxin.viz import machine

    frame = pd.DataFrame({"code": ["A", "B"], "name": pd.Series([1, 0], dtype=dtype)})
    assert machine._polars_csv(frame) is None
    assert machine.findings_bytes(frame) == machine.findings_bytes(frame, fast=False)


def test_fast_csv_keeps_hostile_text_inert():
    from liangxin.viz import machine

    frame = pd.DataFrame({"code": ["=1+1", "+5", "-3", "@SUM(A1)", "\tx", "\ry", "a\x00b", "", None, "ok,\"q\""],
                          "name": ["x\ny"] * 10}, dtype=object)
    fast = machine.findings_bytes(frame)
    assert fast == machine.findings_bytes(frame, fast=False)
    import io

    cells = [row[0] for row in csv.reader(io.StringIO(fast.decode("utf-8-sig"), newline=""))][1:]
    assert cells == ["'=1+1", "'+5", "'-3", "'@SUM(A1)", "'\tx", "'\ry", "ab", "", "", "ok,\"q\""]
