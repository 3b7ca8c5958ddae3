"""The words offices write (issue 15 part 2): legal types for 组织类型, 已组建, 规上; a reference to a
rejected organization."""

import pytest

from tests.conftest import GEO, ORG_HEADER, org, rows_balance, tables_from_rows, workbook


@pytest.mark.parametrize("word, kind", [
    ("社会团体", "social_org"), ("社团", "social_org"), ("民办非企业单位", "social_org"), ("民非", "social_org"),
    ("社会服务机构", "social_org"), ("基金会", "social_org"),
    ("私营企业", "enterprise"), ("民营企业", "enterprise"), ("个人独资企业", "enterprise"), ("合伙企业", "enterprise"),
    ("有限责任公司", "enterprise"), ("股份有限公司", "enterprise"), ("有限责任 公司", "enterprise"),
])
def test_legal_types_are_read_as_the_two_kinds(word, kind):
    tables = tables_from_rows(workbook([org("甲", kind=word)]))
    assert tables.organizations["kind"].tolist() == [kind] and tables.problems.empty


def test_an_unknown_kind_is_rejected_with_the_accepted_words():
    tables = tables_from_rows(workbook([org("甲", kind="个体户")]))
    assert tables.rejected[["row", "column", "code"]].values.tolist() == [[2, "组织类型", "NOT_A_KIND"]]
    reason = tables.rejected.loc[0, "reason"]
    assert all(word in reason for word in ("非公企业", "有限责任公司", "社会团体", "民非", "基金会"))


def test_formed_without_its_kind_is_standalone_unless_another_organization_names_the_branch():
    tables = tables_from_rows(workbook([
        org("甲", status="已组建", party_org="甲公司党支部"),   # row 2: its own branch → 单独组建
        org("乙", status="已建", party_org="山厦联合党支部"),    # row 3: 丙 names it too → 联合组建
        org("丙", status="联合组建", party_org="山厦 联合党支部"),
        org("丁", status="已成立"),                            # row 5: no branch named → 单独组建
        org("戊", status="单独组建", party_org="戊党支部"),
    ]))
    assert tables.organizations["status"].tolist() == ["standalone", "joint", "joint", "standalone", "standalone"]
    assert tables.warnings[["row", "column", "code"]].values.tolist() == [
        [2, "党组织状态", "STATUS_KIND_INFERRED"], [3, "党组织状态", "STATUS_KIND_INFERRED"],
        [5, "党组织状态", "STATUS_KIND_INFERRED"]]
    assert tables.rejected.empty


def test_a_rejected_organization_does_not_make_a_formed_branch_joint():
    # 乙's row is rejected (its members are not a number): 甲 alone names the branch.
    tables = tables_from_rows(workbook([org("甲", status="已组建", party_org="联合党支部"),
                                        org("乙", members="若干", status="联合组建", party_org="联合党支部")]))
    assert tables.organizations["status"].tolist() == ["standalone"]


@pytest.mark.parametrize("cell, above", [("规上", True), ("规模以上", True), ("规下", False), ("是", True), ("否", False)])
def test_gui_shang_means_above_scale(cell, above):
    tables = tables_from_rows(workbook([org("甲", above=cell)]))
    assert tables.organizations["above_scale"].tolist() == [above] and tables.warnings.empty


def test_a_gui_shang_header_is_read_as_above_scale():
    header = [h if h != "规模以上" else "是否规上企业" for h in ORG_HEADER]
    tables = tables_from_rows({"街道社区": GEO, "两新组织": [header, org("甲", above="是")]})
    assert tables.organizations["above_scale"].tolist() == [True]


def test_a_reference_to_a_rejected_organization_says_its_row_was_rejected():
    tables = tables_from_rows(workbook(
        [org("甲"), org("乙", employees="约一百")],          # 乙's row 3 is rejected
        挂点促建=[["区领导", "组织名称"], ["张伟", "乙"], ["张伟", "查无此组织"]]))
    rows_balance(tables)
    rejected = tables.rejected[tables.rejected["sheet"] == "挂点促建"]
    assert rejected[["row", "code"]].values.tolist() == [[2, "REJECTED_ORG"], [3, "UNKNOWN_ORG"]]
    assert "该组织第3行已被拒收：从业人员数“约一百”" in rejected.iloc[0]["reason"]


def test_a_reference_by_code_to_a_rejected_organization_says_so_too():
    code = "91440307MA5DA0001P"
    tables = tables_from_rows(workbook(
        [org("甲", code=code, kind="个体户")],
        主管包建=[["业务主管单位", "统一社会信用代码"], ["区民政局", code]]))
    rejected = tables.rejected[tables.rejected["sheet"] == "主管包建"]
    assert rejected["code"].tolist() == ["REJECTED_ORG"] and "第2行已被拒收" in rejected.iloc[0]["reason"]
