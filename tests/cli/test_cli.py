"""The command line as a user runs it: exit status, one-line Chinese errors, no traceback."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from tests.fixtures import handmade


def liangxin(*args, cwd=None):
    executable = shutil.which("liangxin", path=os.path.dirname(sys.executable))
    command = [executable] if executable else [sys.executable, "-m", "liangxin"]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([*command, *map(str, args)], capture_output=True, text=True, encoding="utf-8",
                          cwd=cwd, env=env, timeout=300)


def assert_usage_error(result, *fragments):
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


def test_version_and_chinese_help():
    version = liangxin("--version")
    assert version.returncode == 0 and version.stdout.startswith("liangxin 0.")
    help_text = liangxin("--help").stdout
    assert "用法：" in help_text and "两新组织" in help_text and "analyze" in help_text
    assert "输出文件夹" in liangxin("analyze", "--help").stdout


def test_analyze_writes_the_three_files(tmp_path):
    workbook = handmade.write_xlsx(tmp_path / "台账.xlsx")
    result = liangxin("analyze", workbook, "--out", tmp_path / "结果")
    assert result.returncode == 0, result.stderr
    assert "报告：" in result.stdout and "report.xlsx" in result.stdout
    for name in ("summary.json", "findings.csv", "report.xlsx"):
        assert (tmp_path / "结果" / name).stat().st_size > 0
    summary = json.loads((tmp_path / "结果" / "summary.json").read_text(encoding="utf-8"))
    assert summary["input"] == str(workbook)


def test_analyze_with_no_place_on_the_geography_sheet(tmp_path):
    # every organization's street is then unknown: a chain break each, and every output written
    sheets = dict(handmade.SHEETS, **{"街道社区": handmade.SHEETS["街道社区"][:1]})
    result = liangxin("analyze", handmade.write_xlsx(tmp_path / "台账.xlsx", sheets), "--out", tmp_path / "结果")
    assert result.returncode == 0, result.stderr
    for name in ("summary.json", "findings.csv", "report.xlsx", "network.html"):
        assert (tmp_path / "结果" / name).stat().st_size > 0
    summary = json.loads((tmp_path / "结果" / "summary.json").read_text(encoding="utf-8"))
    assert summary["counts"]["streets"] == 0
    assert all("UNKNOWN_STREET" in entry["codes"] for entry in summary["broken_chains"])
    assert len(summary["broken_chains"]) == summary["counts"]["organizations"]


def test_rules_file_overrides_and_rejects_unknown_keys(tmp_path):
    workbook = handmade.write_xlsx(tmp_path / "台账.xlsx")
    rules = tmp_path / "rules.toml"
    rules.write_text("[capacity]\ndepartment = 1\n", encoding="utf-8")
    assert liangxin("analyze", workbook, "--out", tmp_path / "o", "--rules", rules).returncode == 0
    summary = json.loads((tmp_path / "o" / "summary.json").read_text(encoding="utf-8"))
    # 教育局 carries A directly plus half of 平湖's pool {C, H, Q} (two departments): 1 + 3/2 = 2.5;
    # 发改局 3/2 = 1.5; 民政局 keeps its own 责任容量 of 1 (load 2). 张伟 keeps his 2.
    departments = {e["unit"]: e["load"] for e in summary["overloaded"] if e["kind"] == "department"}
    assert departments == {"区发展和改革局": 1.5, "区教育局": 2.5, "区民政局": 2.0}
    rules.write_text("[capacity]\nleaders = 10\n", encoding="utf-8")
    assert_usage_error(liangxin("analyze", workbook, "--out", tmp_path / "o", "--rules", rules),
                       "未知的键“capacity.leaders”")
    rules.write_text("[scope]\nmembers_required_min_employees = -5\n", encoding="utf-8")
    assert_usage_error(liangxin("analyze", workbook, "--out", tmp_path / "o", "--rules", rules),
                       "scope.members_required_min_employees")


def test_a_rules_file_saved_by_notepad_with_a_bom_is_read(tmp_path):
    workbook = handmade.write_xlsx(tmp_path / "台账.xlsx")
    rules = tmp_path / "rules.toml"
    rules.write_text("[capacity]\ndepartment = 1\n", encoding="utf-8-sig")
    assert liangxin("analyze", workbook, "--out", tmp_path / "o", "--rules", rules).returncode == 0


def test_control_characters_in_a_message_are_shown_not_obeyed(tmp_path):
    # An escape sequence in a file or street name would retitle the terminal, or worse.
    result = liangxin("analyze", tmp_path / "台账\x1b]0;x\x07.xlsx", "--out", tmp_path / "o")
    assert_usage_error(result, "找不到输入文件", "台账\\x1b]0;x\\x07.xlsx")
    assert "\x1b" not in result.stderr
    workbook = handmade.write_xlsx(tmp_path / "台账.xlsx")
    result = liangxin("analyze", workbook, "--out", tmp_path / "o\x1b]0;x\x07")
    assert result.returncode == 0 and "o\\x1b]0;x\\x07" in result.stdout and "\x1b" not in result.stdout


def test_an_unreachable_routing_server_gives_one_chinese_line(tmp_path, monkeypatch):
    # neo4j:// (Aura's scheme) makes the driver log its own English error before ours.
    workbook = handmade.write_xlsx(tmp_path / "台账.xlsx")
    monkeypatch.setenv("NEO4J_URI", "neo4j://127.0.0.1:1")
    monkeypatch.setenv("NEO4J_PASSWORD", "x")
    assert_usage_error(liangxin("neo4j", "check", workbook), "无法连接 Neo4j 服务器 neo4j://127.0.0.1:1")


def test_an_output_that_cannot_be_written_stops_the_run_before_any_file_is_replaced(tmp_path):
    # Excel and WPS lock an open report.xlsx on Windows; a folder in its place cannot be written either.
    workbook = handmade.write_xlsx(tmp_path / "台账.xlsx")
    out = tmp_path / "o"
    (out / "report.xlsx").mkdir(parents=True)
    (out / "summary.json").write_text("上一次的结果", encoding="utf-8")
    assert_usage_error(liangxin("analyze", workbook, "--out", out), "无法写入", "report.xlsx")
    assert (out / "summary.json").read_text(encoding="utf-8") == "上一次的结果"
    assert not (out / "findings.csv").exists()
    (out / "diff.xlsx").mkdir()
    assert_usage_error(liangxin("diff", workbook, workbook, "--out", out), "无法写入", "diff.xlsx")
    assert_usage_error(liangxin("demo", "--out", out, "--orgs", 100), "无法写入", "report.xlsx")
    assert not (out / "sample.xlsx").exists()


def _without(sheets, sheet=None, column=None):
    sheets = {k: [list(r) for r in v] for k, v in sheets.items()}
    if sheet and column is None:
        del sheets[sheet]
    elif sheet:
        rows = sheets[sheet]
        header_index = next(i for i, r in enumerate(rows) if column in r)
        position = rows[header_index].index(column)
        sheets[sheet] = [r[:position] + r[position + 1:] if i >= header_index else r for i, r in enumerate(rows)]
    return sheets


@pytest.mark.parametrize("case, fragments", [
    ("missing-sheet", ["缺少必需的工作表“两新组织”"]),
    ("missing-column", ["工作表“两新组织”缺少必需的列“党员数”"]),
    ("text-named-xlsx", ["不是有效的 Excel 工作簿"]),
    ("empty-file", ["文件是空的"]),
    ("no-such-file", ["找不到输入文件"]),
])
def test_bad_files_exit_2_with_one_line_naming_the_file(tmp_path, case, fragments):
    path = tmp_path / f"{case}.xlsx"
    if case == "missing-sheet":
        handmade.write_xlsx(path, _without(handmade.SHEETS, "两新组织"))
    elif case == "missing-column":
        handmade.write_xlsx(path, _without(handmade.SHEETS, "两新组织", "党员数"))
    elif case == "text-named-xlsx":
        path.write_text("组织名称,街道\n甲,平湖\n", encoding="utf-8")
    elif case == "empty-file":
        path.write_bytes(b"")
    result = liangxin("analyze", path, "--out", tmp_path / "out")
    assert_usage_error(result, str(path), *fragments)
    assert not (tmp_path / "out" / "summary.json").exists()


def test_missing_csv_in_a_folder(tmp_path):
    folder = handmade.write_csv_folder(tmp_path / "台账")
    (folder / "街道社区.csv").unlink()
    assert_usage_error(liangxin("analyze", folder, "--out", tmp_path / "out"), "缺少必需的文件 街道社区.csv")


@pytest.mark.parametrize("case, sheet, row, column, code", [
    ("bad-number", "两新组织", 3, "从业人员数", "NOT_A_COUNT"),
    ("unknown-reference", "挂点促建", 3, "组织名称", "UNKNOWN_ORG"),
    ("duplicate", "两新组织", 22, "统一社会信用代码", "DUPLICATE"),
])
def test_bad_rows_are_listed_and_no_row_goes_missing(tmp_path, case, sheet, row, column, code):
    sheets = {k: [list(r) for r in v] for k, v in handmade.SHEETS.items()}
    if case == "bad-number":
        sheets["两新组织"][2][6] = "约一百"
    elif case == "unknown-reference":
        sheets["挂点促建"][2][2] = "查无此组织"
        sheets["挂点促建"][2][3] = None
    else:
        sheets["两新组织"].append(list(sheets["两新组织"][2]))
    path = handmade.write_xlsx(tmp_path / "台账.xlsx", sheets)
    result = liangxin("analyze", path, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert (sheet, row, column, code) in [(e["sheet"], e["row"], e["column"], e["code"]) for e in summary["rejected"]]
    counts = summary["counts"]
    assert counts["rows_read"] == counts["rows_loaded"] + counts["rows_rejected"] == 44 + (case == "duplicate")


def test_bad_credit_code_keeps_the_organization(tmp_path):
    sheets = {k: [list(r) for r in v] for k, v in handmade.SHEETS.items()}
    sheets["两新组织"][2][2] = "91440307MA5DA0001Q"  # A's code with a wrong check character
    path = handmade.write_xlsx(tmp_path / "台账.xlsx", sheets)
    assert liangxin("analyze", path, "--out", tmp_path / "out").returncode == 0
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["counts"]["organizations"] == 13
    assert any(e["org_id"] == "甲科技有限公司" for e in summary["uncovered"])
    assert ("两新组织", 3, "统一社会信用代码", "INVALID_CREDIT_CODE") in [
        (e["sheet"], e["row"], e["column"], e["code"]) for e in summary["warnings"]]


def test_template_has_every_sheet_and_header(tmp_path):
    from openpyxl import load_workbook

    from liangxin.loaders.sheets import SHEETS

    result = liangxin("template", "--out", tmp_path / "模板.xlsx")
    assert result.returncode == 0, result.stderr
    book = load_workbook(tmp_path / "模板.xlsx")
    assert book.sheetnames == ["说明"] + [s.name for s in SHEETS]
    for spec in SHEETS:
        assert [c.value for c in book[spec.name][1]] == ["序号"] + [c.name for c in spec.columns]
    # the template loads as an (empty) valid workbook
    analyzed = liangxin("analyze", tmp_path / "模板.xlsx", "--out", tmp_path / "out")
    assert analyzed.returncode == 0, analyzed.stderr
    assert_usage_error(liangxin("template", "--out", tmp_path / "模板.txt"), "--out")


# --- issue 19: careless use of the commands


def test_template_never_overwrites_a_workbook_without_force(tmp_path):
    filled = tmp_path / "台账.xlsx"
    filled.write_bytes(b"filled in by an analyst")
    assert_usage_error(liangxin("template", "--out", filled), "--force")
    assert filled.read_bytes() == b"filled in by an analyst"
    done = liangxin("template", "--out", filled, "--force")
    assert done.returncode == 0, done.stderr
    assert filled.read_bytes()[:2] == b"PK"  # an .xlsx now


@pytest.mark.parametrize("command", [["analyze", "IN"], ["diff", "IN", "IN"], ["template"], ["bulletin", "IN"],
                                     ["viz", "IN"]])
def test_an_empty_out_is_refused(tmp_path, command):
    workbook = handmade.write_xlsx(tmp_path / "台账.xlsx")
    args = [workbook if part == "IN" else part for part in command]
    assert_usage_error(liangxin(*args, "--out", "", cwd=tmp_path), "--out")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["台账.xlsx"]


def test_a_previous_date_after_the_date_is_refused(tmp_path):
    workbook = handmade.write_xlsx(tmp_path / "台账.xlsx")
    result = liangxin("bulletin", workbook, "--previous", workbook, "--date", "2019-05-10",
                      "--previous-date", "2019-05-24", "--out", tmp_path / "通报.docx")
    assert_usage_error(result, "--previous-date")
    assert not (tmp_path / "通报.docx").exists()


def test_a_closed_pipe_ends_the_run_without_an_error_line(tmp_path):
    workbook = handmade.write_xlsx(tmp_path / "台账.xlsx")
    executable = shutil.which("liangxin", path=os.path.dirname(sys.executable))
    command = f'"{executable}" analyze "{workbook}" --out "{tmp_path / "o"}" | head -c 1'
    result = subprocess.run(["bash", "-c", command], capture_output=True, timeout=300)
    assert b"Traceback" not in result.stderr and b"BrokenPipeError" not in result.stderr, result.stderr


def test_python_dash_m_liangxin_runs_the_same_program(tmp_path):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run([sys.executable, "-m", "liangxin", "analyze", handmade.write_xlsx(tmp_path / "台账.xlsx"),
                             "--out", tmp_path / "结果"], capture_output=True, text=True, encoding="utf-8", env=env,
                            timeout=300)
    # the last line is printed, though the process ends without the interpreter's teardown
    assert result.returncode == 0 and str((tmp_path / "结果").resolve()) in result.stdout.splitlines()[-1], result.stderr
    missing = subprocess.run([sys.executable, "-m", "liangxin", "analyze", tmp_path / "无此文件.xlsx", "--out",
                              tmp_path / "o"], capture_output=True, text=True, encoding="utf-8", env=env, timeout=300)
    assert missing.returncode == 2 and len(missing.stderr.strip().splitlines()) == 1


def test_run_in_an_interactive_session_exits_as_usual(monkeypatch):
    """``%run -m liangxin`` in a Jupyter kernel: a SystemExit for the kernel to catch, not the kernel's end."""
    from liangxin import cli
    from liangxin.commands import _click

    def ends_the_process(status):
        raise AssertionError(f"os._exit({status})")

    monkeypatch.setattr(cli.os, "_exit", ends_the_process)
    monkeypatch.setattr(sys, "ps1", ">>> ", raising=False)
    monkeypatch.setattr(sys, "argv", ["liangxin", "--version"])
    monkeypatch.setattr(_click, "_keeping", [])
    with pytest.raises(SystemExit) as done:
        cli.run()
    assert done.value.code == 0
    assert _click._keeping == []


def test_results_are_kept_only_by_the_program(tmp_path, monkeypatch):
    """main() called by a test runner or a notebook keeps nothing: the results are freed as usual."""
    from click.testing import CliRunner

    from liangxin import cli
    from liangxin.commands import _click

    monkeypatch.setattr(_click, "KEPT", [])
    result = CliRunner().invoke(cli.main, ["analyze", str(handmade.write_xlsx(tmp_path / "台账.xlsx")),
                                           "--out", str(tmp_path / "结果")])
    assert result.exit_code == 0, result.output
    assert _click.KEPT == []
    monkeypatch.setattr(_click, "_keeping", [])
    _click.keep_results()
    assert _click.keep_until_exit("表") == "表" and _click.KEPT == ["表"]


def test_an_error_in_an_interactive_session_keeps_its_status_without_a_chained_traceback(monkeypatch, tmp_path):
    from liangxin import cli

    monkeypatch.setattr(sys, "ps1", ">>> ", raising=False)
    monkeypatch.setattr(sys, "argv", ["liangxin", "analyze", str(tmp_path / "无此文件.xlsx"), "--out", str(tmp_path / "o")])
    with pytest.raises(SystemExit) as done:
        cli.run()
    assert done.value.code == 2 and done.value.__suppress_context__
