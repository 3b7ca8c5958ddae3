"""Messages say what is wrong in Chinese, and name it for what it is (issue 19, case 18)."""

import re

import pytest
from click.testing import CliRunner

from liangxin.cli import main

#: Words of click's own English messages (8.x).
CLICK_ENGLISH = re.compile(r"File |[Dd]irectory|Did you mean|not a valid|Missing|No such|Got unexpected|requires|"
                           r"is not in the range|does not take|Invalid value")


def _run(args):
    return CliRunner().invoke(main, args)


@pytest.mark.parametrize("args", [
    ["analyze", "x.xlsx", "--out", "o", "--rules", "."],
    ["analyze", "x.xlsx", "--outt", "o"],
    ["analyze", "a", "b", "--out", "o"],
    ["bulletin", "x.xlsx", "--out", "t.html", "--top", "abc"],
    ["bulletin", "x.xlsx", "--out", "t.html", "--top", "0"],
    ["bulletin", "x.xlsx", "--out", "."],
    ["analyze", "x.xlsx", "--out"],
    ["nosuch"],
])
def test_click_errors_are_one_chinese_line(args):
    done = _run(args)
    assert done.exit_code == 2
    lines = done.output.strip().splitlines()
    assert len(lines) == 1, done.output
    assert not CLICK_ENGLISH.search(lines[0]), lines[0]


def test_a_group_without_its_command_shows_its_help_not_an_error():
    done = _run(["neo4j"])
    assert done.exit_code == 2
    assert not done.output.startswith("错误")


def test_a_folder_where_an_output_goes_is_named_as_a_folder(tmp_path, handmade_xlsx):
    (tmp_path / "通报.docx").mkdir()
    done = _run(["bulletin", str(handmade_xlsx), "--out", str(tmp_path / "通报.html")])
    assert done.exit_code == 2
    assert "通报.docx" in done.output and "其他程序" not in done.output
    (tmp_path / "o" / "report.xlsx").mkdir(parents=True)
    done = _run(["analyze", str(handmade_xlsx), "--out", str(tmp_path / "o")])
    assert done.exit_code == 2
    assert "report.xlsx" in done.output and "其他程序" not in done.output
