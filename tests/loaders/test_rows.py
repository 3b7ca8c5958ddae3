"""A sheet's data rows: blank, total and merged-down rows (liangxin.loaders.rows)."""

import pytest

from tests.conftest import GEO, ORG_HEADER, org, tables_from_rows, workbook, xlsx_from_rows


@pytest.mark.parametrize("rows", [[[None]], [["附件4 党群共建联系安排表"]]])
def test_an_optional_sheet_left_empty_is_a_sheet_not_given(rows):
    tables = tables_from_rows(workbook([org("甲公司")], 党群共建=rows))
    assert tables.mass_org_tasks.empty and "党群共建" not in tables.row_counts["sheet"].tolist()
    assert tables.warnings[["sheet", "row", "column", "code"]].values.tolist() == [["党群共建", 1, "", "SHEET_EMPTY"]]


def test_a_total_row_is_rejected_not_read_as_a_street_or_an_organization():
    tables = tables_from_rows({"街道社区": GEO + [["合计：", "2个"]],
                               "两新组织": [["序号"] + ORG_HEADER, [1] + org("甲公司"),
                                        ["合 计", None, None, None, None, None, 10, 0]]})
    assert tables.geography["street"].tolist() == ["平湖街道", "布吉街道"]
    assert tables.organizations["name"].tolist() == ["甲公司"]
    assert tables.rejected[["sheet", "row", "column", "code"]].values.tolist() == [
        ["街道社区", 4, "街道", "TOTAL_ROW"], ["两新组织", 3, "组织名称", "TOTAL_ROW"]]
    assert tables.row_counts["rows_rejected"].tolist() == [1, 1]


def test_a_subtotal_row_is_rejected_and_a_name_merely_holding_the_word_is_not():
    tables = tables_from_rows({
        "街道社区": GEO + [["平湖街道 小计", "1个"], ["小计（布吉街道）", None], ["汇总", 6]],
        "两新组织": [ORG_HEADER, org("深圳市合计会计师事务所"), org("总部经济促进会", kind="社会组织"),
                 ["平湖街道合计：", None, None, None, None, 10, 0]]})
    assert tables.geography["street"].tolist() == ["平湖街道", "布吉街道"]
    assert tables.organizations["name"].tolist() == ["深圳市合计会计师事务所", "总部经济促进会"]
    assert tables.rejected[["sheet", "row", "code"]].values.tolist() == [
        ["街道社区", 4, "TOTAL_ROW"], ["街道社区", 5, "TOTAL_ROW"], ["街道社区", 6, "TOTAL_ROW"],
        ["两新组织", 4, "TOTAL_ROW"]]


def test_blank_rows_and_serial_only_rows_are_not_rows():
    sheets = workbook([org("甲"), [None] * len(ORG_HEADER), org("乙")])
    sheets["两新组织"] = [["序号", *ORG_HEADER], [1, *org("甲")], [None] * 15, [2], [3, *org("乙")]]
    tables = tables_from_rows(sheets)
    counts = tables.row_counts.set_index("sheet")
    assert counts.loc["两新组织", "rows_read"] == 2
    assert tables.organizations["row"].tolist() == [2, 5]


def test_a_street_merged_down_is_every_row_s_street_and_its_subtotal_row_is_still_a_subtotal(tmp_path):
    from liangxin.loaders.validate import load_tables

    path = xlsx_from_rows(tmp_path / "台账.xlsx", {
        "街道社区": [["街道", "社区"], ["平湖街道", "山厦社区"], [None, "白坭坑社区"], [None, "小计"],
                 ["布吉街道", "南岭社区"], [None, None], ["合计", None]],
        "两新组织": [ORG_HEADER, org("甲公司"), org("乙公司", street=None, community="白坭坑社区")]},
        merges=[("街道社区", "A2:A4"), ("街道社区", "A5:A6"), ("两新组织", "D2:D3")])
    tables = load_tables(path)
    assert tables.geography[["street", "community"]].values.tolist() == [
        ["平湖街道", "山厦社区"], ["平湖街道", "白坭坑社区"], ["布吉街道", "南岭社区"]]
    assert tables.organizations["street"].tolist() == ["平湖街道", "平湖街道"]
    assert tables.rejected[["row", "code"]].values.tolist() == [[4, "TOTAL_ROW"], [7, "TOTAL_ROW"]]
