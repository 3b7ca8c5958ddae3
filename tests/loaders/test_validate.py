"""Validating a workbook as a whole: structural errors raised once, notes, problems (liangxin.loaders.validate)."""

import pytest

from liangxin.errors import LiangxinInputError
from tests.conftest import GEO, ORG_HEADER, org, tables_from_rows, xlsx_from_rows


def test_missing_required_sheets_and_columns_are_named_together():
    sheets = {"两新组织": [["组织名称", "组织类型", "街道", "社区", "从业人员数"], ["甲", "非公企业", "平湖", "山厦", 1]]}
    with pytest.raises(LiangxinInputError) as error:
        tables_from_rows(sheets, source="台账.xlsx")
    message = str(error.value)
    assert "文件 台账.xlsx 缺少必需的工作表“街道社区”（geography）" in message
    assert "缺少必需的列“党员数”（party_members）" in message
    assert len(error.value.problems) == 2


def test_a_hidden_sheet_read_as_a_contract_sheet_is_noted(tmp_path):
    import openpyxl

    from liangxin.loaders.validate import load_tables

    book = openpyxl.Workbook()
    geography = book.active
    geography.title = "街道社区"
    for row in GEO:
        geography.append(row)
    orgs = book.create_sheet("两新组织")
    for row in (ORG_HEADER, org("甲公司")):
        orgs.append(row)
    orgs.sheet_state = "hidden"
    book.save(tmp_path / "台账.xlsx")
    tables = load_tables(tmp_path / "台账.xlsx")
    assert tables.warnings[["sheet", "code"]].values.tolist() == [["两新组织", "SHEET_HIDDEN"]]


def test_a_hidden_optional_sheet_left_empty_gets_one_note_not_two(tmp_path):
    import openpyxl

    from liangxin.loaders.validate import load_tables

    path = xlsx_from_rows(tmp_path / "台账.xlsx", {"街道社区": GEO, "两新组织": [ORG_HEADER, org("甲公司")], "责任容量": [["附件5"]]})
    book = openpyxl.load_workbook(path)
    book["责任容量"].sheet_state = "hidden"
    book.save(path)
    assert load_tables(path).warnings[["sheet", "code"]].values.tolist() == [["责任容量", "SHEET_EMPTY"]]



def test_a_rejected_row_says_in_chinese_why_naming_its_column():
    # The one test of a sentence: the committee reads it in 数据问题; every other test reads codes.
    tables = tables_from_rows({"街道社区": GEO, "两新组织": [ORG_HEADER, org("甲公司", employees="约一百")]})
    assert tables.rejected[["column", "reason", "code"]].values.tolist() == [
        ["从业人员数", "从业人员数“约一百”不是非负整数", "NOT_A_COUNT"]]


def test_every_problem_has_a_known_code_beside_its_sentence(handmade_xlsx):
    from liangxin.loaders.reasons import REASONS
    from liangxin.loaders.validate import load_tables
    from liangxin.tables import PROBLEM_COLUMNS

    problems = load_tables(handmade_xlsx).problems
    assert list(problems) == PROBLEM_COLUMNS
    assert problems["code"].isin(list(REASONS)).all() and problems["reason"].str.len().gt(0).all()
