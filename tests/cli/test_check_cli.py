"""``liangxin check`` as a user runs it: one line per file, exit 0 clean, 1 problems, 2 unreadable."""

from openpyxl import load_workbook

from tests.cli.test_cli import assert_usage_error, liangxin
from tests.fixtures import handmade
from tests.fixtures.clean import write_clean_xlsx


def test_check_says_each_file_and_exits_1_on_problems(tmp_path):
    workbook = handmade.write_xlsx(tmp_path / "附件1.xlsx")
    result = liangxin("check", workbook, "--out", tmp_path / "检查结果")
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    # test_handmade.py: 44 rows read, 10 rejected; and 5 warnings (tests/loaders/test_check.py)
    assert lines[0].startswith("附件1.xlsx：读取 44 行，拒收 10 行，警告 5 条 → ")
    assert lines[0].endswith("附件1.xlsx") and (tmp_path / "检查结果" / "附件1.xlsx").exists()
    assert "check" in liangxin("--help").stdout


def test_check_exits_0_on_a_clean_workbook_and_2_on_no_input(tmp_path):
    write_clean_xlsx(tmp_path / "台账.xlsx")
    clean = liangxin("check", tmp_path / "台账.xlsx", "--out", tmp_path / "out")
    assert clean.returncode == 0, (clean.stdout, clean.stderr)
    assert clean.stdout.startswith("台账.xlsx：读取 2 行，拒收 0 行，警告 0 条")
    assert_usage_error(liangxin("check", tmp_path / "没有.xlsx", "--out", tmp_path / "out"), "没有.xlsx")
    # the copy would overwrite the original: refused, the original untouched
    before = (tmp_path / "台账.xlsx").read_bytes()
    assert_usage_error(liangxin("check", tmp_path / "台账.xlsx", "--out", tmp_path), "--out")
    assert (tmp_path / "台账.xlsx").read_bytes() == before


def test_a_missing_column_comes_back_listed(tmp_path):
    sheets = dict(handmade.SHEETS)
    sheets["两新组织"] = [[cell for i, cell in enumerate(row) if i != 3] for row in handmade.ORGANIZATIONS]  # no 组织类型
    workbook = handmade.write_xlsx(tmp_path / "附件.xlsx", sheets)
    result = liangxin("check", workbook, "--out", tmp_path / "out")
    assert result.returncode == 1, result.stderr
    assert "组织类型" in result.stdout
    listing = list(load_workbook(tmp_path / "out" / "附件.xlsx")["问题清单"].iter_rows(min_row=2, values_only=True))
    assert [row[-1] for row in listing] == ["STRUCTURAL"]


def test_the_copies_never_go_into_the_input_folder(tmp_path):
    folder = handmade.write_csv_folder(tmp_path / "台账")
    assert_usage_error(liangxin("check", folder, "--out", folder / "检查结果"), "--out")
    assert not (folder / "检查结果").exists() or not any((folder / "检查结果").iterdir())
