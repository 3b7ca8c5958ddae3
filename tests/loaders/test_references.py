"""Organizations referred to by name or code (liangxin.loaders.references)."""

from tests.conftest import org, rows_balance, tables_from_rows, workbook


def test_name_reference_to_a_shared_name_is_ambiguous_but_a_code_resolves_it():
    sheets = workbook([org("丙", code="91440307MA5DA00041"), org("丙", code="91440307MA5DA00054")],
                      挂点促建=[["区领导", "组织名称", "统一社会信用代码"], ["张伟", "丙", None],
                              ["张伟", "丙", "91440307MA5DA00054"]])
    tables = tables_from_rows(sheets)
    assert tables.rejected[["row", "code"]].values.tolist() == [[2, "AMBIGUOUS_ORG"]]
    assert tables.leader_points["org_id"].tolist() == ["91440307MA5DA00054"]


def test_a_reference_whose_name_is_another_organizations_is_matched_by_code_with_a_warning():
    sheets = workbook([org("丁", code="91440307MA5DA00041"), org("戊", code="91440307MA5DA00054")],
                      挂点促建=[["区领导", "组织名称", "统一社会信用代码"], ["张伟", "戊", "91440307MA5DA00041"],
                              ["李娜", "戊 ", "91440307MA5DA00054"]])
    tables = tables_from_rows(sheets)
    assert tables.leader_points["org_id"].tolist() == ["91440307MA5DA00041", "91440307MA5DA00054"]
    assert tables.warnings[["row", "column", "code"]].values.tolist() == [[2, "组织名称", "NAME_OF_OTHER_ORG"]]


def test_reference_rows_that_point_nowhere_are_rejected():
    sheets = workbook(
        [org("甲"), org("协会", kind="社会组织")],
        驻街保建=[["区直机关", "驻点街道", "联系组织"], ["区教育局", "南山街道", None], ["区教育局", "平湖", "无此组织"]],
        主管包建=[["业务主管单位", "组织名称"], ["区民政局", "甲"], ["区民政局", None]],
        党群共建=[["群团组织", "组织名称"], ["区总工会", "无此组织"]],
        责任容量=[["单位", "容量"], ["区民政局", "多"], ["无此单位", 3]],
    )
    tables = tables_from_rows(sheets)
    assert tables.rejected[["sheet", "row", "column", "code"]].values.tolist() == [
        ["驻街保建", 2, "驻点街道", "UNKNOWN_STREET"], ["驻街保建", 3, "联系组织", "UNKNOWN_ORG"],
        ["主管包建", 2, "组织名称", "NOT_A_SOCIAL_ORG"], ["主管包建", 3, "组织名称", "EMPTY_REFERENCE"],
        ["党群共建", 2, "组织名称", "UNKNOWN_ORG"],
        ["责任容量", 2, "容量", "NOT_A_COUNT"], ["责任容量", 3, "单位", "UNKNOWN_UNIT"],
    ]
    rows_balance(tables)

