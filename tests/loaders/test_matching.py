"""Which sheet of a workbook is which contract sheet (liangxin.loaders.matching)."""

import pytest

from liangxin.errors import LiangxinInputError
from tests.conftest import GEO, ORG_HEADER, org, tables_from_rows


@pytest.mark.parametrize("name, how", [("挂点促建表", "名称"), ("附件1 区领导挂点促建联系安排表", "名称"), ("附件1", "表头")])
def test_a_contract_sheet_under_another_name_is_recognized_with_a_note(name, how):
    sheets = {"街道社区": GEO, "两新组织": [ORG_HEADER, org("甲")],
              name: [["附件1"], ["序号", "区领导", "组织名称"], [1, "张伟", "甲"]]}
    tables = tables_from_rows(sheets)
    assert tables.leader_points[["leader", "org_id"]].values.tolist() == [["张伟", "甲"]]
    assert tables.warnings[["sheet", "row", "code"]].values.tolist() == [["挂点促建", 1, "SHEET_GUESSED"]]
    assert name not in tables.extra_sheets


def test_a_second_sheet_with_a_contract_name_is_kept_as_an_extra_sheet_with_a_note():
    tables = tables_from_rows({"街道社区": GEO, "两新组织": [ORG_HEADER, org("甲")],
                               "Organizations": [ORG_HEADER, org("乙")]})
    assert tables.organizations["name"].tolist() == ["甲"] and "Organizations" in tables.extra_sheets
    assert tables.warnings["code"].tolist() == ["SHEET_REPEATED"]


def test_a_guessed_sheet_that_does_not_fit_stays_an_extra_sheet_with_a_note():
    # a draft whose name contains 主管包建; a venue list whose header has 单位 and 容量（人）
    tables = tables_from_rows({"街道社区": GEO, "两新组织": [ORG_HEADER, org("甲")],
                               "主管包建（草稿）": [["组织名称", "备注"], ["甲", "待联系"]],
                               "场地": [["单位", "地址", "容量（人）"], ["区文化馆", "龙城", "200"]]})
    assert tables.supervision.empty and tables.capacities.empty
    assert set(tables.extra_sheets) == {"主管包建（草稿）", "场地"}
    assert tables.warnings[["sheet", "code"]].values.tolist() == [
        ["主管包建", "SHEET_GUESS_FAILED"], ["责任容量", "SHEET_UNRECOGNIZED"]]


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
    assert tables.warnings[["sheet", "code"]].values.tolist() == [["挂点促建", "SHEET_UNRECOGNIZED"]]


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


def test_a_second_sheet_with_the_organizations_header_is_noted_not_silently_ignored():
    # 社会组织 lacks 组织类型 (all of them are social organizations); 党群服务阵地 merely has 街道 and 社区.
    tables = tables_from_rows({"街道社区": GEO, "两新组织": [ORG_HEADER, org("甲公司")],
                               "社会组织": [[c for c in ORG_HEADER if c != "组织类型"], ["乙协会", None, "平湖", "山厦", 5, 0]],
                               "党群服务阵地": [["阵地名称", "街道", "社区"], ["山厦党群服务中心", "平湖", "山厦"]]})
    assert tables.organizations["name"].tolist() == ["甲公司"]
    assert tables.warnings[["sheet", "code"]].values.tolist() == [["两新组织", "SHEET_SIMILAR"]]

