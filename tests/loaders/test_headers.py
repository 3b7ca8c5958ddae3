"""Finding the header and naming its columns (liangxin.loaders.headers)."""

import pytest

from liangxin.errors import LiangxinInputError
from tests.conftest import GEO, ORG_HEADER, org, tables_from_rows, workbook, xlsx_from_rows


def test_header_found_below_title_rows_with_english_aliases_and_extra_columns():
    sheets = {
        "Geography": [["附件 街道社区表"], [], ["Street", "COMMUNITY"], ["平湖", "山厦"]],
        "organizations": [["两新组织表"], ["序号", "Name", "kind", "street", "community", "employees",
                                          "party_members", "所属园区"],
                          [1, "甲", "enterprise", "平湖", "山厦", "60", "0", "天安数码城"]],
    }
    tables = tables_from_rows(sheets)
    orgs = tables.organizations
    assert orgs.loc[0, "street"] == "平湖街道" and orgs.loc[0, "community"] == "山厦社区"
    assert orgs.loc[0, "所属园区"] == "天安数码城"
    assert orgs.loc[0, "row"] == 3
    assert tables.geography.loc[0, "row"] == 4


@pytest.mark.parametrize("rows", [[["附件4"], ["区总工会", "甲公司"]], [["区总工会", "甲公司", "建会"]]])
def test_an_optional_sheet_with_rows_but_no_header_is_still_an_error(rows):
    with pytest.raises(LiangxinInputError, match="工作表“党群共建”找不到表头行"):
        tables_from_rows(workbook([org("甲公司")], 党群共建=rows))


def test_reference_sheet_needs_a_name_or_a_code_column():
    sheets = workbook([org("甲")], 挂点促建=[["区领导", "挂点街道"], ["张伟", "平湖"]])
    with pytest.raises(LiangxinInputError, match="缺少列“组织名称”或“统一社会信用代码”"):
        tables_from_rows(sheets)


def test_headers_with_a_note_in_brackets_or_a_leading_shifou_are_recognized():
    header = [h if h not in ("工会", "规模以上", "党组织状态", "从业人员数") else
              {"工会": "工会（有/无）", "规模以上": "是否规模以上", "党组织状态": "党组织状态(单独/联合/未组建)",
               "从业人员数": "从业人员数【人】"}[h] for h in ORG_HEADER]
    tables = tables_from_rows({"街道社区": GEO, "两新组织": [
        header, org("甲", employees=120, above="是", status="单独组建", party_org="甲党支部", union="有")]})
    row = tables.organizations.iloc[0]
    assert (row["employees"], row["above_scale"], row["status"], row["has_union"]) == (120, True, "standalone", True)
    assert tables.warnings[["row", "column", "code"]].values.tolist() == [
        [1, "从业人员数", "HEADER_READ_AS"], [1, "规模以上", "HEADER_READ_AS"],
        [1, "党组织状态", "HEADER_READ_AS"], [1, "工会", "HEADER_READ_AS"]]


def test_two_headers_that_could_be_one_column_are_not_guessed_between():
    header = ORG_HEADER[:5] + ["从业人员数（2022年）", "从业人员数（2023年）"] + ORG_HEADER[6:]
    with pytest.raises(LiangxinInputError, match="有多列“从业人员数（2022年）”“从业人员数（2023年）”都可能是必需的列"):
        tables_from_rows({"街道社区": GEO, "两新组织": [header, org("甲")[:5] + [90, 120] + org("甲")[6:]]})
    header = ORG_HEADER[:11] + ["工会（旧）", "工会（新）"] + ORG_HEADER[12:]
    tables = tables_from_rows({"街道社区": GEO, "两新组织": [header, org("甲")[:11] + ["有", "无"] + org("甲")[12:]]})
    assert not tables.organizations.loc[0, "has_union"] and tables.organizations.loc[0, "工会（旧）"] == "有"
    assert tables.warnings[["column", "code"]].values.tolist() == [["工会", "HEADER_AMBIGUOUS"]]


def test_a_header_as_written_wins_over_one_with_a_note():
    tables = tables_from_rows({"街道社区": GEO, "两新组织": [
        ["工会（备注）"] + ORG_HEADER, ["去年已建"] + org("甲", union="否")]})
    assert not tables.organizations.loc[0, "has_union"]
    assert tables.organizations.loc[0, "工会（备注）"] == "去年已建"


def test_a_two_level_header_takes_the_column_names_from_the_row_below_a_group_label():
    top = [h if h not in ("工会", "团组织", "妇组织") else None for h in ORG_HEADER] + ["备注"]
    top[ORG_HEADER.index("工会")] = "群团组织建设情况"
    below = [None] * len(top)
    for name in ("工会", "团组织", "妇组织"):
        below[ORG_HEADER.index(name)] = name
    tables = tables_from_rows({"街道社区": GEO, "两新组织": [
        ["两新组织基本情况表"], top, below, org("甲", union="有", youth="无", women="有") + ["新建"]]})
    row = tables.organizations.iloc[0]
    assert (row["has_union"], row["has_youth_league"], row["has_womens_org"], row["备注"]) == (True, False, True, "新建")
    assert tables.organizations["row"].tolist() == [4] and tables.problems.empty


def test_a_two_level_header_with_columns_merged_down_from_the_row_above():
    # 组织名称 and 统一社会信用代码 merged down over two rows; group labels over the rest
    top = ["组织名称", "统一社会信用代码", "基本情况"] + [None] * (len(ORG_HEADER) - 3)
    bottom = [None, None] + ORG_HEADER[2:]
    tables = tables_from_rows({"街道社区": GEO, "两新组织": [top, bottom, org("甲", employees=12)]})
    assert tables.organizations[["name", "employees", "row"]].values.tolist() == [["甲", 12, 3]]
    assert tables.problems.empty


def test_columns_merged_down_a_two_level_header_stay_header_cells(tmp_path):
    from liangxin.loaders.validate import load_tables

    path = xlsx_from_rows(tmp_path / "台账.xlsx", {
        "街道社区": [["街道", "社区", "社区责任人", None], [None, None, "姓名", "联系电话"], ["平湖街道", "山厦社区", "张三", "1"]],
        "两新组织": [ORG_HEADER, org("甲公司")]},
        merges=[("街道社区", "A1:A2"), ("街道社区", "B1:B2"), ("街道社区", "C1:D1")])
    tables = load_tables(path)
    assert tables.geography[["street", "community"]].values.tolist() == [["平湖街道", "山厦社区"]]
    assert "街道" not in tables.geography["street"].tolist()


def test_a_group_label_over_tick_columns_is_not_the_status_column():
    header = ["组织名称", "组织类型", "街道", "社区", "从业人员数", "党员数", "党组织组建情况", None, None]
    tables = tables_from_rows({"街道社区": GEO, "两新组织": [
        header, [None] * 6 + ["单独组建", "联合组建", "未组建"],
        ["甲公司", "非公企业", "平湖", "山厦", 60, 3, "√", None, None],
        ["乙公司", "非公企业", "平湖", "山厦", 60, 0, None, None, "√"]]})
    orgs = tables.organizations
    assert orgs["name"].tolist() == ["甲公司", "乙公司"] and tables.rejected.empty
    assert orgs["单独组建"].tolist() == ["√", None] and orgs["未组建"].tolist() == [None, "√"]
    assert [2, "党组织状态", "HEADER_GROUP_LABEL"] in tables.warnings[["row", "column", "code"]].values.tolist()


def test_a_loose_header_beside_an_unnamed_column_is_still_its_column():
    # Not a group label: the row below is an organization, with text under 组织名称.
    header = ["组织名称", "组织类型", "街道", "社区", "从业人员数", "党员数", "党组织组建情况", None]
    tables = tables_from_rows({"街道社区": GEO, "两新组织": [
        header, ["甲公司", "非公企业", "平湖", "山厦", 60, 3, "单独组建", "备注"]]})
    assert tables.organizations["status"].tolist() == ["standalone"]


def test_usual_other_headers_are_read_as_the_column_with_a_note():
    header = ["企业名称", "信用代码", "组织类型", "所在街道", "所在社区", "从业人员", "党员人数", "是否规模以上企业",
              "是否实体性社会组织", "党组织组建情况"]
    tables = tables_from_rows({"街道社区": GEO, "两新组织": [
        header, ["甲公司", None, "非公企业", "平湖", "山厦", 60, 3, "是", None, "单独组建"]]})
    row = tables.organizations.iloc[0]
    assert (row["name"], row["street"], row["employees"], row["party_members"]) == ("甲公司", "平湖街道", 60, 3)
    assert bool(row["above_scale"]) and row["status"] == "standalone"
    notes = tables.warnings[tables.warnings["sheet"] == "两新组织"]
    assert ["党组织状态", "HEADER_READ_AS"] in notes[["column", "code"]].values.tolist()
    assert ["规模以上", "HEADER_READ_AS"] in notes[["column", "code"]].values.tolist()


def test_an_absent_column_that_decides_who_must_have_a_party_organization_is_noted():
    header = ["组织名称", "组织类型", "街道", "社区", "从业人员数", "党员数", "规模以上"]
    tables = tables_from_rows({"街道社区": GEO, "两新组织": [header, ["甲公司", "非公企业", "平湖", "山厦", 60, 3, "是"]]})
    notes = tables.warnings[tables.warnings["sheet"] == "两新组织"]
    assert notes[["row", "column", "code"]].values.tolist() == [
        [1, "实体性", "COLUMN_ABSENT"], [1, "党组织状态", "COLUMN_ABSENT"]]


def test_a_column_written_twice_is_read_from_the_first_with_a_note():
    header = ["组织名称", "组织类型", "街道", "社区", "从业人员数", "党员数", "党员数"]
    tables = tables_from_rows({"街道社区": GEO, "两新组织": [header, ["甲公司", "非公企业", "平湖", "山厦", 60, 0, 3]]})
    assert tables.organizations.loc[0, "party_members"] == 0
    notes = tables.warnings[tables.warnings["column"] == "党员数"]
    assert notes["code"].tolist() == ["COLUMN_REPEATED"]

