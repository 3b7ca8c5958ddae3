"""Reading cells by the parser a column declares (liangxin.loaders.parsers)."""

from tests.conftest import org, rows_balance, tables_from_rows, workbook

DIGIT_CODE = "914403001922000011"  # a valid code made of digits only


def test_code_stored_as_a_number_is_read_as_its_digits_and_lost_precision_fails_the_check():
    sheets = workbook([org("甲", code=float(DIGIT_CODE))])
    tables = tables_from_rows(sheets)
    # 914403001922000011 is not exactly representable as a float: the digits change.
    assert tables.organizations.loc[0, "org_id"] == "甲"
    assert tables.warnings["code"].tolist() == ["INVALID_CREDIT_CODE"]
    exact = tables_from_rows(workbook([org("甲", code=int(DIGIT_CODE))]))
    assert exact.organizations.loc[0, "org_id"] == DIGIT_CODE


def test_bad_kind_and_bad_status_reject_the_row_with_its_first_problem():
    tables = tables_from_rows(workbook([
        org("甲", kind="个体户", employees="约一百"),
        org("乙", status="待定"),  # 已组建 is read since issue 15 (test_wordings.py)
    ]))
    assert tables.rejected[["row", "column", "code"]].values.tolist() == [[2, "组织类型", "NOT_A_KIND"],
                                                                        [3, "党组织状态", "NOT_A_STATUS"]]
    assert len(tables.rejected) == 2  # one entry per rejected row
    rows_balance(tables)



def test_every_parser_a_column_declares_is_registered():
    from liangxin.loaders.parsers import PARSERS
    from liangxin.loaders.sheets import SHEETS

    assert {column.parse for sheet in SHEETS for column in sheet.columns} <= set(PARSERS)


def test_a_count_rejects_an_empty_cell_and_text_that_is_no_count():
    tables = tables_from_rows(workbook([org("甲", employees=None), org("乙", members="三"), org("丙", employees="１２０人")]))
    assert tables.rejected[["row", "column", "code"]].values.tolist() == [
        [2, "从业人员数", "EMPTY_REQUIRED"], [3, "党员数", "NOT_A_COUNT"]]
    assert tables.organizations["employees"].tolist() == [120]


def test_an_unreadable_yes_no_is_no_with_a_warning_and_an_empty_kind_is_an_empty_required_cell():
    tables = tables_from_rows(workbook([org("甲", union="不详"), org("乙", kind=None)]))
    assert tables.warnings[["row", "column", "code"]].values.tolist() == [[2, "工会", "NOT_YES_NO"]]
    assert tables.rejected[["row", "column", "code"]].values.tolist() == [[3, "组织类型", "EMPTY_REQUIRED"]]
    assert tables.organizations["has_union"].tolist() == [False]


def test_an_organization_without_a_street_is_loaded_a_community_without_one_is_not():
    sheets = workbook([org("甲", street=None)])
    sheets["街道社区"] = sheets["街道社区"] + [[None, "南岭社区"]]
    tables = tables_from_rows(sheets)
    assert tables.organizations["street"].tolist() == [None]
    assert tables.rejected[["sheet", "column", "code"]].values.tolist() == [["街道社区", "街道", "EMPTY_REQUIRED"]]
