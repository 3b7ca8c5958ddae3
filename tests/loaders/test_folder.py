"""A folder of submissions as INPUT (issue 15): many files, one answer, every problem naming its file."""

import json
import re
import shutil

import pytest

from liangxin.errors import LiangxinInputError
from liangxin.inputs import analyze
from liangxin.loaders.validate import load_tables
from liangxin.queries.analysis import summary_object
from tests.conftest import GEO, ORG_HEADER, org, rows_balance, xlsx_from_rows
from tests.fixtures import submissions
from tests.test_handmade import EXPECTED_COUNTS, EXPECTED_OVERLOADED


@pytest.fixture(scope="module")
def forms(tmp_path_factory):
    folder = tmp_path_factory.mktemp("submissions")
    return submissions.write_folder(folder / "提交"), submissions.write_one_workbook(folder / "台账.xlsx")


def _in_folder(entry):
    """Where the one workbook's problem `entry` is in the folder, worked out from the layout of
    tests/fixtures/submissions.py: 两新组织's rows by :func:`folder_row`, the other sheets' rows
    unchanged in the file that holds the sheet."""
    entry = dict(entry)
    if entry["sheet"] == "两新组织":
        entry["file"], entry["row"] = submissions.folder_row(entry["row"])
        # J (one workbook's row 13) repeats A (row 9); in 平湖's list they are rows 7 and 3.
        entry["reason"] = entry["reason"].replace("与第9行", "与第3行")
    else:
        entry["file"] = submissions.FILE_OF_SHEET[entry["sheet"]]
    return entry


def test_the_folder_gives_the_summary_of_the_one_workbook(forms):
    folder, workbook = forms
    one = summary_object(analyze(workbook), "INPUT")
    # the same data as the hand-made workbook: its figures, worked out in tests/test_handmade.py
    assert one["counts"] == EXPECTED_COUNTS and one["overloaded"] == EXPECTED_OVERLOADED
    many = summary_object(analyze(folder), "INPUT")
    expected = {**one, "rejected": [_in_folder(e) for e in one["rejected"]],
                "warnings": [_in_folder(e) for e in one["warnings"]]}
    assert many == expected
    # the files named, by hand: K L M are 平湖's rows 8 9 10; the 责任容量 row 5 is in its CSV
    rejected = [(e["file"], e["row"], e["code"]) for e in many["rejected"] if e["sheet"] == "两新组织"]
    assert rejected == [("平湖街道/两新组织.xlsx", 7, "DUPLICATE"), ("平湖街道/两新组织.xlsx", 8, "NOT_A_COUNT"),
                        ("平湖街道/两新组织.xlsx", 9, "NOT_A_COUNT"), ("平湖街道/两新组织.xlsx", 10, "EMPTY_REQUIRED")]
    assert ("责任容量.csv", 5, "UNKNOWN_UNIT") in [(e["file"], e["row"], e["code"]) for e in many["rejected"]]


def test_rows_read_are_counted_per_file_and_sheet(forms):
    tables = load_tables(forms[0])
    rows_balance(tables)
    counts = {(r.file, r.sheet): (r.rows_read, r.rows_loaded, r.rows_rejected) for r in tables.row_counts.itertuples()}
    # 坂田: D P; 布吉: E I F G; 平湖: 13 lines of which the blank one and the 序号-only one are no rows,
    # J K L M rejected. The other sheets as in test_handmade.py.
    assert counts[("坂田街道/两新组织.xls", "两新组织")] == (2, 2, 0)
    assert counts[("布吉街道/两新组织.xlsx", "两新组织")] == (4, 4, 0)
    assert counts[("平湖街道/两新组织.xlsx", "两新组织")] == (11, 7, 4)
    assert counts[("党群共建.csv", "党群共建")] == (2, 2, 0)
    assert sum(v[0] for v in counts.values()) == 44  # as the hand-made workbook
    # the sheets in INPUT.md's order, the files of one sheet in the order read
    assert list(counts)[:4] == [("街道社区.xlsx", "街道社区"), ("坂田街道/两新组织.xls", "两新组织"),
                                ("布吉街道/两新组织.xlsx", "两新组织"), ("平湖街道/两新组织.xlsx", "两新组织")]


def _street_lists(folder, first, second, extra_files=None):
    folder.mkdir()
    xlsx_from_rows(folder / "街道社区.xlsx", {"街道社区": GEO})
    (folder / "平湖街道").mkdir()
    (folder / "布吉街道").mkdir()
    xlsx_from_rows(folder / "平湖街道" / "两新组织.xlsx", {"两新组织": [ORG_HEADER, *first]})
    xlsx_from_rows(folder / "布吉街道" / "名单.xlsx", {"两新组织": [ORG_HEADER, *second]})
    return folder


def test_an_organization_sent_by_two_streets_is_a_duplicate_naming_both_files(tmp_path):
    # 甲 in 平湖's list row 2 and, the same figures (an empty cell says nothing), in 布吉's row 3.
    folder = _street_lists(tmp_path / "提交", [org("甲", employees=10, members=1, union="是")],
                           [org("乙", street="布吉街道", community="南岭社区"), org("甲", employees=10, members=1)])
    tables = load_tables(folder)
    rows_balance(tables)
    assert tables.organizations["name"].tolist() == ["乙", "甲"]  # 布吉/ is read before 平湖/ (U+5E03 < U+5E73)
    rejected = tables.rejected
    assert rejected[["file", "sheet", "row", "code"]].values.tolist() == [
        ["平湖街道/两新组织.xlsx", "两新组织", 2, "DUPLICATE"]]
    assert "布吉街道/名单.xlsx" in rejected.loc[0, "reason"] and "第3行" in rejected.loc[0, "reason"]


def test_an_organization_with_other_figures_in_another_file_is_a_conflict(tmp_path):
    # 甲: 12 employees and 单独组建 in 布吉's list (row 2), 10 and 未组建 in 平湖's (row 2).
    folder = _street_lists(tmp_path / "提交", [org("甲", employees=10, status="未组建")],
                           [org("甲", employees=12, status="单独组建", party_org="甲党支部")])
    tables = load_tables(folder)
    assert tables.rejected[["file", "row", "column", "code"]].values.tolist() == [
        ["平湖街道/两新组织.xlsx", 2, "组织名称", "CONFLICTING_DUPLICATE"]]
    reason = tables.rejected.loc[0, "reason"]
    assert "布吉街道/名单.xlsx" in reason and "第2行" in reason
    assert re.search("从业人员数.*党组织状态", reason) and "社区" not in reason.split("：")[1]
    assert tables.organizations.loc[0, "employees"] == 12  # the first read stays


def test_a_conflict_within_one_file_names_the_row(tmp_path):
    tables = load_tables(xlsx_from_rows(tmp_path / "台账.xlsx", {"街道社区": GEO, "两新组织": [
        ORG_HEADER, org("甲", code=None, street="平湖街道"), org("甲", street="布吉街道", community="南岭社区")]}))
    assert tables.rejected[["file", "row", "code"]].values.tolist() == [["台账.xlsx", 3, "CONFLICTING_DUPLICATE"]]
    assert "第2行" in tables.rejected.loc[0, "reason"] and "台账.xlsx" not in tables.rejected.loc[0, "reason"]


def test_a_file_that_fits_no_sheet_and_a_file_of_another_kind_are_listed_as_ignored(tmp_path):
    folder = _street_lists(tmp_path / "提交", [org("甲")], [])
    xlsx_from_rows(folder / "通讯录.xlsx", {"Sheet1": [["姓名", "电话"], ["张伟", "28900001"]]})
    (folder / "说明.docx").write_bytes(b"PK")
    (folder / "~$名单.xlsx").write_bytes(b"lock")  # Excel's lock file of an open workbook: passed over
    (folder / "结果").mkdir()  # an output folder put inside: report.xlsx's 未覆盖组织 has 两新组织's header
    xlsx_from_rows(folder / "结果" / "report.xlsx", {"未覆盖组织": [ORG_HEADER, org("甲")]})
    tables = load_tables(folder)
    ignored = tables.warnings[tables.warnings["code"] == "FILE_IGNORED"]
    assert sorted(ignored["file"]) == ["结果/report.xlsx", "说明.docx", "通讯录.xlsx"]
    assert tables.organizations["name"].tolist() == ["甲"]


def test_a_file_that_cannot_be_read_stops_the_run_naming_it(tmp_path):
    folder = _street_lists(tmp_path / "提交", [org("甲")], [])
    (folder / "布吉街道" / "坏.xlsx").write_bytes(b"this is not a workbook")
    with pytest.raises(LiangxinInputError, match=r"布吉街道/坏\.xlsx.*不是有效的 Excel 工作簿"):
        load_tables(folder)


def test_a_folder_without_the_required_sheets_names_them(tmp_path):
    folder = tmp_path / "提交"
    folder.mkdir()
    xlsx_from_rows(folder / "街道社区.xlsx", {"街道社区": GEO})
    with pytest.raises(LiangxinInputError, match="两新组织"):
        load_tables(folder)


def test_the_command_line_takes_a_folder_and_stops_on_an_unreadable_file_naming_it(forms, tmp_path):
    from tests.cli.test_cli import assert_usage_error, liangxin

    folder, _ = forms
    ok = liangxin("analyze", folder, "--out", tmp_path / "结果")
    assert ok.returncode == 0, ok.stderr
    summary = json.loads((tmp_path / "结果" / "summary.json").read_text(encoding="utf-8"))
    assert summary["counts"] == EXPECTED_COUNTS
    broken = tmp_path / "提交"
    shutil.copytree(folder, broken)
    (broken / "布吉街道" / "两新组织（补报）.xlsx").write_bytes(b"not a workbook")
    assert_usage_error(liangxin("analyze", broken, "--out", tmp_path / "坏"), "两新组织（补报）.xlsx", "无法读取")
    assert not (tmp_path / "坏" / "summary.json").exists()


def test_a_row_problem_names_the_column_by_its_header_as_written_in_its_file(tmp_path):
    # 平湖 heads the column 党员人数, 布吉 党员数: `liangxin check` finds the cell by the header as written.
    folder = tmp_path / "提交"
    _street_lists(folder, [], [org("乙", members="若干")])
    header = ["党员人数" if h == "党员数" else h for h in ORG_HEADER]
    xlsx_from_rows(folder / "平湖街道" / "两新组织.xlsx", {"两新组织": [header, org("甲", members="-1")]})
    rejected = load_tables(folder).rejected
    assert rejected[["file", "row", "column", "code"]].values.tolist() == [
        ["布吉街道/名单.xlsx", 2, "党员数", "NOT_A_COUNT"], ["平湖街道/两新组织.xlsx", 2, "党员人数", "NOT_A_COUNT"]]
