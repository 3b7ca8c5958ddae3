import pytest

from liangxin.errors import LiangxinInputError
from tests.conftest import GEO, ORG_HEADER, org, tables_from_rows, workbook

DIGIT_CODE = "914403001922000011"  # a valid code made of digits only


def rows_balance(tables):
    counts = tables.row_counts
    assert (counts["rows_read"] == counts["rows_loaded"] + counts["rows_rejected"]).all()
    assert counts["rows_rejected"].sum() == len(tables.rejected)


def test_missing_required_sheets_and_columns_are_named_together():
    sheets = {"两新组织": [["组织名称", "组织类型", "街道", "社区", "从业人员数"], ["甲", "非公企业", "平湖", "山厦", 1]]}
    with pytest.raises(LiangxinInputError) as error:
        tables_from_rows(sheets, source="台账.xlsx")
    message = str(error.value)
    assert "文件 台账.xlsx 缺少必需的工作表“街道社区”（geography）" in message
    assert "缺少必需的列“党员数”（party_members）" in message
    assert len(error.value.problems) == 2


def test_reference_sheet_needs_a_name_or_a_code_column():
    sheets = workbook([org("甲")], 挂点促建=[["区领导", "挂点街道"], ["张伟", "平湖"]])
    with pytest.raises(LiangxinInputError, match="缺少列“组织名称”或“统一社会信用代码”"):
        tables_from_rows(sheets)


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


@pytest.mark.parametrize("rows", [[[None]], [["附件4 党群共建联系安排表"]]])
def test_an_optional_sheet_left_empty_is_a_sheet_not_given(rows):
    tables = tables_from_rows(workbook([org("甲公司")], 党群共建=rows))
    assert tables.mass_org_tasks.empty and "党群共建" not in tables.row_counts["sheet"].tolist()
    assert tables.warnings[["sheet", "row", "column", "reason"]].values.tolist() == [
        ["党群共建", 1, "", "工作表没有表头和数据，按未提供处理"]]


@pytest.mark.parametrize("rows", [[["附件4"], ["区总工会", "甲公司"]], [["区总工会", "甲公司", "建会"]]])
def test_an_optional_sheet_with_rows_but_no_header_is_still_an_error(rows):
    with pytest.raises(LiangxinInputError, match="工作表“党群共建”找不到表头行"):
        tables_from_rows(workbook([org("甲公司")], 党群共建=rows))


def test_a_total_row_is_rejected_not_read_as_a_street_or_an_organization():
    tables = tables_from_rows({"街道社区": GEO + [["合计：", "2个"]],
                               "两新组织": [["序号"] + ORG_HEADER, [1] + org("甲公司"),
                                        ["合 计", None, None, None, None, None, 10, 0]]})
    assert tables.geography["street"].tolist() == ["平湖街道", "布吉街道"]
    assert tables.organizations["name"].tolist() == ["甲公司"]
    assert tables.rejected[["sheet", "row", "column", "reason"]].values.tolist() == [
        ["街道社区", 4, "街道", "“合计：”行，不是数据行"], ["两新组织", 3, "组织名称", "“合 计”行，不是数据行"]]
    assert tables.row_counts["rows_rejected"].tolist() == [1, 1]


def test_a_subtotal_row_is_rejected_and_a_name_merely_holding_the_word_is_not():
    tables = tables_from_rows({
        "街道社区": GEO + [["平湖街道 小计", "1个"], ["小计（布吉街道）", None], ["汇总", 6]],
        "两新组织": [ORG_HEADER, org("深圳市合计会计师事务所"), org("总部经济促进会", kind="社会组织"),
                 ["平湖街道合计：", None, None, None, None, 10, 0]]})
    assert tables.geography["street"].tolist() == ["平湖街道", "布吉街道"]
    assert tables.organizations["name"].tolist() == ["深圳市合计会计师事务所", "总部经济促进会"]
    assert tables.rejected[["sheet", "row", "reason"]].values.tolist() == [
        ["街道社区", 4, "“平湖街道 小计”行，不是数据行"], ["街道社区", 5, "“小计（布吉街道）”行，不是数据行"],
        ["街道社区", 6, "“汇总”行，不是数据行"],
        ["两新组织", 4, "“平湖街道合计：”行，不是数据行"]]


@pytest.mark.parametrize("name, how", [("挂点促建表", "名称"), ("附件1 区领导挂点促建联系安排表", "名称"), ("附件1", "表头")])
def test_a_contract_sheet_under_another_name_is_recognized_with_a_note(name, how):
    sheets = {"街道社区": GEO, "两新组织": [ORG_HEADER, org("甲")],
              name: [["附件1"], ["序号", "区领导", "组织名称"], [1, "张伟", "甲"]]}
    tables = tables_from_rows(sheets)
    assert tables.leader_points[["leader", "org_id"]].values.tolist() == [["张伟", "甲"]]
    assert tables.warnings[["sheet", "row", "reason"]].values.tolist() == [
        ["挂点促建", 1, f"工作表“{name}”按{how}识别为“挂点促建”"]]
    assert name not in tables.extra_sheets


def test_a_second_sheet_with_a_contract_name_is_kept_as_an_extra_sheet_with_a_note():
    tables = tables_from_rows({"街道社区": GEO, "两新组织": [ORG_HEADER, org("甲")],
                               "Organizations": [ORG_HEADER, org("乙")]})
    assert tables.organizations["name"].tolist() == ["甲"] and "Organizations" in tables.extra_sheets
    assert tables.warnings["reason"].tolist() == [
        "工作表“Organizations”与“两新组织”都是“两新组织”，已读取“两新组织”，“Organizations”按额外工作表保留"]


def test_a_guessed_sheet_that_does_not_fit_stays_an_extra_sheet_with_a_note():
    # a draft whose name contains 主管包建; a venue list whose header has 单位 and 容量（人）
    tables = tables_from_rows({"街道社区": GEO, "两新组织": [ORG_HEADER, org("甲")],
                               "主管包建（草稿）": [["组织名称", "备注"], ["甲", "待联系"]],
                               "场地": [["单位", "地址", "容量（人）"], ["区文化馆", "龙城", "200"]]})
    assert tables.supervision.empty and tables.capacities.empty
    assert set(tables.extra_sheets) == {"主管包建（草稿）", "场地"}
    assert tables.warnings["reason"].tolist() == [
        "工作表“主管包建（草稿）”的名称像“主管包建”，但缺少必需的列“业务主管单位”（supervisory_unit），按额外工作表保留",
        "工作表“场地”的表头像“责任容量”，但未自动识别；如果是，请把工作表改名为“责任容量”"]


def test_a_sheet_whose_name_says_it_is_not_the_sheet_is_not_guessed():
    tables = tables_from_rows({"街道社区": GEO, "两新组织": [ORG_HEADER, org("甲")],
                               "未纳入主管包建社会组织": [["序号", "组织名称", "业务主管单位"], [1, "甲", "区民政局"]]})
    assert tables.supervision.empty and "未纳入主管包建社会组织" in tables.extra_sheets and tables.warnings.empty


def test_a_required_sheet_guessed_by_name_that_does_not_fit_says_why():
    header = [h for h in ORG_HEADER if h != "社区"]
    with pytest.raises(LiangxinInputError, match="缺少必需的工作表“两新组织”（organizations）（工作表“两新组织表”的名称像"
                                                 "“两新组织”，但缺少必需的列“社区”"):
        tables_from_rows({"街道社区": GEO, "两新组织表": [header, org("甲")[:4] + org("甲")[5:]]})


def test_a_sheet_that_fits_only_with_annotated_headers_is_noted_not_guessed():
    tables = tables_from_rows({"街道社区": GEO, "两新组织": [ORG_HEADER, org("甲")],
                               "附件1": [["区领导（姓名）", "组织名称"], ["张伟", "甲"]]})
    assert tables.leader_points.empty and "附件1" in tables.extra_sheets
    assert tables.warnings["reason"].tolist() == ["工作表“附件1”的表头像“挂点促建”，但未自动识别；如果是，请把工作表改名为“挂点促建”"]


def test_the_chinese_sheet_name_wins_over_the_english_alias_whatever_the_order():
    tables = tables_from_rows({"街道社区": GEO, "organizations": [ORG_HEADER, org("乙")],
                               "两新组织": [ORG_HEADER, org("甲")]})
    assert tables.organizations["name"].tolist() == ["甲"] and "organizations" in tables.extra_sheets


def test_a_sheet_that_could_be_either_of_two_stays_an_extra_sheet():
    leaders = [["区领导", "组织名称"], ["张伟", "甲"]]
    # two names containing 挂点促建; a header with 街道 and 社区 also fits 两新组织's geography columns
    tables = tables_from_rows({"街道社区": GEO, "两新组织": [ORG_HEADER, org("甲")],
                               "挂点促建表": leaders, "挂点促建（旧）": leaders})
    assert tables.leader_points.empty and set(tables.extra_sheets) == {"挂点促建表", "挂点促建（旧）"}
    with pytest.raises(LiangxinInputError, match="缺少必需的工作表“街道社区”"):
        tables_from_rows({"两新组织": [ORG_HEADER, org("甲")], "两新组织（旧）": [ORG_HEADER, org("甲")]})


def test_headers_with_a_note_in_brackets_or_a_leading_shifou_are_recognized():
    header = [h if h not in ("工会", "规模以上", "党组织状态", "从业人员数") else
              {"工会": "工会（有/无）", "规模以上": "是否规模以上", "党组织状态": "党组织状态(单独/联合/未组建)",
               "从业人员数": "从业人员数【人】"}[h] for h in ORG_HEADER]
    tables = tables_from_rows({"街道社区": GEO, "两新组织": [
        header, org("甲", employees=120, above="是", status="单独组建", party_org="甲党支部", union="有")]})
    row = tables.organizations.iloc[0]
    assert (row["employees"], row["above_scale"], row["status"], row["has_union"]) == (120, True, "standalone", True)
    assert tables.warnings[["row", "column", "reason"]].values.tolist() == [
        [1, "从业人员数", "列“从业人员数【人】”按“从业人员数”读取"], [1, "规模以上", "列“是否规模以上”按“规模以上”读取"],
        [1, "党组织状态", "列“党组织状态(单独/联合/未组建)”按“党组织状态”读取"], [1, "工会", "列“工会（有/无）”按“工会”读取"]]


def test_two_headers_that_could_be_one_column_are_not_guessed_between():
    header = ORG_HEADER[:5] + ["从业人员数（2022年）", "从业人员数（2023年）"] + ORG_HEADER[6:]
    with pytest.raises(LiangxinInputError, match="有多列“从业人员数（2022年）”“从业人员数（2023年）”都可能是必需的列"):
        tables_from_rows({"街道社区": GEO, "两新组织": [header, org("甲")[:5] + [90, 120] + org("甲")[6:]]})
    header = ORG_HEADER[:11] + ["工会（旧）", "工会（新）"] + ORG_HEADER[12:]
    tables = tables_from_rows({"街道社区": GEO, "两新组织": [header, org("甲")[:11] + ["有", "无"] + org("甲")[12:]]})
    assert not tables.organizations.loc[0, "has_union"] and tables.organizations.loc[0, "工会（旧）"] == "有"
    assert tables.warnings["reason"].tolist() == ["列“工会（旧）”“工会（新）”都可能是“工会”，均未按“工会”读取，作为额外列保留"]


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


def test_blank_rows_and_serial_only_rows_are_not_rows():
    sheets = workbook([org("甲"), [None] * len(ORG_HEADER), org("乙")])
    sheets["两新组织"] = [["序号", *ORG_HEADER], [1, *org("甲")], [None] * 15, [2], [3, *org("乙")]]
    tables = tables_from_rows(sheets)
    counts = tables.row_counts.set_index("sheet")
    assert counts.loc["两新组织", "rows_read"] == 2
    assert tables.organizations["row"].tolist() == [2, 5]


def test_duplicates_by_code_and_by_name():
    tables = tables_from_rows(workbook([
        org("甲", code=DIGIT_CODE),            # row 2
        org("甲 ", code=DIGIT_CODE),           # row 3: same code
        org("乙"),                              # row 4
        org("乙", code="91440307MA5DA0001P"),  # row 5: same name, first has no code
        org("丙", code="91440307MA5DA00041"),  # row 6
        org("丙", code="91440307MA5DA00054"),  # row 7: same name, both valid codes: two organizations
    ]))
    rejected = tables.rejected
    assert rejected[["row", "reason"]].values.tolist() == [
        [3, "与第2行统一社会信用代码重复"],
        [5, "与第4行组织名称重复（无有效统一社会信用代码时按名称识别）"],
    ]
    assert sorted(tables.organizations["org_id"]) == sorted(
        [DIGIT_CODE, "乙", "91440307MA5DA00041", "91440307MA5DA00054"])
    rows_balance(tables)


def test_a_name_written_like_another_rows_code_is_not_a_second_id_for_it():
    tables = tables_from_rows(workbook([
        org("甲", code=DIGIT_CODE),   # row 2: identified by its code
        org(DIGIT_CODE),              # row 3: no code, so identified by its name: the same text
    ]))
    assert tables.rejected[["row", "column", "reason"]].values.tolist() == [
        [3, "组织名称", "与第2行组织标识（有效的统一社会信用代码，没有时为组织名称）重复"]]
    assert tables.organizations["org_id"].tolist() == [DIGIT_CODE]
    rows_balance(tables)


def test_name_reference_to_a_shared_name_is_ambiguous_but_a_code_resolves_it():
    sheets = workbook([org("丙", code="91440307MA5DA00041"), org("丙", code="91440307MA5DA00054")],
                      挂点促建=[["区领导", "组织名称", "统一社会信用代码"], ["张伟", "丙", None],
                              ["张伟", "丙", "91440307MA5DA00054"]])
    tables = tables_from_rows(sheets)
    assert tables.rejected["reason"].tolist() == ["有多个组织名为“丙”，请填写统一社会信用代码以区分"]
    assert tables.leader_points["org_id"].tolist() == ["91440307MA5DA00054"]


def test_a_reference_whose_name_is_another_organizations_is_matched_by_code_with_a_warning():
    sheets = workbook([org("丁", code="91440307MA5DA00041"), org("戊", code="91440307MA5DA00054")],
                      挂点促建=[["区领导", "组织名称", "统一社会信用代码"], ["张伟", "戊", "91440307MA5DA00041"],
                              ["李娜", "戊 ", "91440307MA5DA00054"]])
    tables = tables_from_rows(sheets)
    assert tables.leader_points["org_id"].tolist() == ["91440307MA5DA00041", "91440307MA5DA00054"]
    assert tables.warnings[["row", "column", "reason"]].values.tolist() == [
        [2, "组织名称", "组织名称“戊”属于另一个组织，已按统一社会信用代码匹配到“丁”"]]


def test_code_stored_as_a_number_is_read_as_its_digits_and_lost_precision_fails_the_check():
    sheets = workbook([org("甲", code=float(DIGIT_CODE))])
    tables = tables_from_rows(sheets)
    # 914403001922000011 is not exactly representable as a float: the digits change.
    assert tables.organizations.loc[0, "org_id"] == "甲"
    assert "校验不通过" in tables.warnings.loc[0, "reason"]
    exact = tables_from_rows(workbook([org("甲", code=int(DIGIT_CODE))]))
    assert exact.organizations.loc[0, "org_id"] == DIGIT_CODE


def test_bad_kind_and_bad_status_reject_the_row_with_its_first_problem():
    tables = tables_from_rows(workbook([
        org("甲", kind="个体户", employees="约一百"),
        org("乙", status="已组建"),
    ]))
    assert tables.rejected[["row", "column"]].values.tolist() == [[2, "组织类型"], [3, "党组织状态"]]
    assert len(tables.rejected) == 2  # one entry per rejected row
    rows_balance(tables)


def test_reference_rows_that_point_nowhere_are_rejected():
    sheets = workbook(
        [org("甲"), org("协会", kind="社会组织")],
        驻街保建=[["区直机关", "驻点街道", "联系组织"], ["区教育局", "南山街道", None], ["区教育局", "平湖", "无此组织"]],
        主管包建=[["业务主管单位", "组织名称"], ["区民政局", "甲"], ["区民政局", None]],
        党群共建=[["群团组织", "组织名称"], ["区总工会", "无此组织"]],
        责任容量=[["单位", "容量"], ["区民政局", "多"], ["无此单位", 3]],
    )
    tables = tables_from_rows(sheets)
    assert tables.rejected[["sheet", "row", "column"]].values.tolist() == [
        ["驻街保建", 2, "驻点街道"], ["驻街保建", 3, "联系组织"],
        ["主管包建", 2, "组织名称"], ["主管包建", 3, "组织名称"],
        ["党群共建", 2, "组织名称"],
        ["责任容量", 2, "容量"], ["责任容量", 3, "单位"],
    ]
    rows_balance(tables)


def test_repeated_relation_rows_are_rejected_naming_the_first():
    sheets = workbook([org("甲")], 挂点促建=[["区领导", "组织名称"], ["张伟", "甲"], ["张 伟", "甲"]])
    tables = tables_from_rows(sheets)
    assert tables.rejected["reason"].tolist() == ["与第2行（区领导，组织）重复"]


def test_geography_rows_must_have_street_and_community():
    sheets = workbook([org("甲")])
    sheets["街道社区"] = GEO + [["坂田街道", None], ["平湖", "山厦"]]
    tables = tables_from_rows(sheets)
    assert tables.rejected[["row", "reason"]].values.tolist() == [
        [4, "社区为空"], [5, "与第2行（街道，社区）重复"]]


def test_a_name_pasted_with_a_zero_width_space_is_the_same_organization():
    tables = tables_from_rows(workbook([org("甲科技有限公司\u200b"), org("甲科技有限公司"),
                                        org("乙公司", street="平湖街道\ufeff")]))
    assert tables.organizations["name"].tolist() == ["甲科技有限公司\u200b", "乙公司"]
    assert tables.organizations["street"].tolist() == ["平湖街道", "平湖街道"]
    assert tables.rejected["reason"].str.contains("重复").tolist() == [True]


def test_usual_other_headers_are_read_as_the_column_with_a_note():
    header = ["企业名称", "信用代码", "组织类型", "所在街道", "所在社区", "从业人员", "党员人数", "是否规模以上企业",
              "是否实体性社会组织", "党组织组建情况"]
    tables = tables_from_rows({"街道社区": GEO, "两新组织": [
        header, ["甲公司", None, "非公企业", "平湖", "山厦", 60, 3, "是", None, "单独组建"]]})
    row = tables.organizations.iloc[0]
    assert (row["name"], row["street"], row["employees"], row["party_members"]) == ("甲公司", "平湖街道", 60, 3)
    assert bool(row["above_scale"]) and row["status"] == "standalone"
    notes = tables.warnings[tables.warnings["sheet"] == "两新组织"]
    assert "列“党组织组建情况”按“党组织状态”读取" in notes["reason"].tolist()
    assert "列“是否规模以上企业”按“规模以上”读取" in notes["reason"].tolist()


def test_an_absent_column_that_decides_who_must_have_a_party_organization_is_noted():
    header = ["组织名称", "组织类型", "街道", "社区", "从业人员数", "党员数", "规模以上"]
    tables = tables_from_rows({"街道社区": GEO, "两新组织": [header, ["甲公司", "非公企业", "平湖", "山厦", 60, 3, "是"]]})
    notes = tables.warnings[tables.warnings["sheet"] == "两新组织"]
    assert notes[["row", "column", "reason"]].values.tolist() == [
        [1, "实体性", "没有“实体性”列：所有社会组织按非实体性社会组织处理"],
        [1, "党组织状态", "没有“党组织状态”列：所有组织按未组建党组织处理"]]


def test_a_column_written_twice_is_read_from_the_first_with_a_note():
    header = ["组织名称", "组织类型", "街道", "社区", "从业人员数", "党员数", "党员数"]
    tables = tables_from_rows({"街道社区": GEO, "两新组织": [header, ["甲公司", "非公企业", "平湖", "山厦", 60, 0, 3]]})
    assert tables.organizations.loc[0, "party_members"] == 0
    notes = tables.warnings[tables.warnings["column"] == "党员数"]
    assert notes["reason"].tolist() == ["有2列都是“党员数”（F列“党员数”、G列“党员数”），按F列读取，其余作为额外列保留"]


def test_a_second_sheet_with_the_organizations_header_is_noted_not_silently_ignored():
    # 社会组织 lacks 组织类型 (all of them are social organizations); 党群服务阵地 merely has 街道 and 社区.
    tables = tables_from_rows({"街道社区": GEO, "两新组织": [ORG_HEADER, org("甲公司")],
                               "社会组织": [[c for c in ORG_HEADER if c != "组织类型"], ["乙协会", None, "平湖", "山厦", 5, 0]],
                               "党群服务阵地": [["阵地名称", "街道", "社区"], ["山厦党群服务中心", "平湖", "山厦"]]})
    assert tables.organizations["name"].tolist() == ["甲公司"]
    assert tables.warnings["reason"].tolist() == [
        "工作表“社会组织”的表头与“两新组织”基本相同，未读取（读取的是“两新组织”）；如果它也是两新组织的数据，请把它的行并入“两新组织”"]


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
    assert tables.warnings["reason"].tolist() == ["工作表“两新组织”在 Excel 中是隐藏的，仍按“两新组织”读取；请确认它是当前的台账"]


def _xlsx(path, sheets, merges=()):
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    for name, cells in merges:
        book[name].merge_cells(cells)
    book.save(path)
    return path


def test_a_street_merged_down_is_every_row_s_street_and_its_subtotal_row_is_still_a_subtotal(tmp_path):
    from liangxin.loaders.validate import load_tables

    path = _xlsx(tmp_path / "台账.xlsx", {
        "街道社区": [["街道", "社区"], ["平湖街道", "山厦社区"], [None, "白坭坑社区"], [None, "小计"],
                 ["布吉街道", "南岭社区"], [None, None], ["合计", None]],
        "两新组织": [ORG_HEADER, org("甲公司"), org("乙公司", street=None, community="白坭坑社区")]},
        merges=[("街道社区", "A2:A4"), ("街道社区", "A5:A6"), ("两新组织", "D2:D3")])
    tables = load_tables(path)
    assert tables.geography[["street", "community"]].values.tolist() == [
        ["平湖街道", "山厦社区"], ["平湖街道", "白坭坑社区"], ["布吉街道", "南岭社区"]]
    assert tables.organizations["street"].tolist() == ["平湖街道", "平湖街道"]
    assert tables.rejected[["row", "reason"]].values.tolist() == [[4, "“小计”行，不是数据行"], [7, "“合计”行，不是数据行"]]


def test_columns_merged_down_a_two_level_header_stay_header_cells(tmp_path):
    from liangxin.loaders.validate import load_tables

    path = _xlsx(tmp_path / "台账.xlsx", {
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
    assert "列“党组织组建情况”下分为“单独组建”等列，不是“党组织状态”列，作为额外列保留" in tables.warnings["reason"].tolist()


def test_a_hidden_optional_sheet_left_empty_gets_one_note_not_two(tmp_path):
    import openpyxl

    from liangxin.loaders.validate import load_tables

    path = _xlsx(tmp_path / "台账.xlsx", {"街道社区": GEO, "两新组织": [ORG_HEADER, org("甲公司")], "责任容量": [["附件5"]]})
    book = openpyxl.load_workbook(path)
    book["责任容量"].sheet_state = "hidden"
    book.save(path)
    assert load_tables(path).warnings["reason"].tolist() == ["工作表没有表头和数据，按未提供处理"]


def test_a_loose_header_beside_an_unnamed_column_is_still_its_column():
    # Not a group label: the row below is an organization, with text under 组织名称.
    header = ["组织名称", "组织类型", "街道", "社区", "从业人员数", "党员数", "党组织组建情况", None]
    tables = tables_from_rows({"街道社区": GEO, "两新组织": [
        header, ["甲公司", "非公企业", "平湖", "山厦", 60, 3, "单独组建", "备注"]]})
    assert tables.organizations["status"].tolist() == ["standalone"]
