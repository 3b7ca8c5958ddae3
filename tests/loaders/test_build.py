"""Building each validated table: duplicates, keys, display names (liangxin.loaders.build)."""

from tests.conftest import GEO, ORG_HEADER, org, rows_balance, tables_from_rows, workbook

DIGIT_CODE = "914403001922000011"  # a valid code made of digits only


def test_geography_rows_must_have_street_and_community():
    sheets = workbook([org("甲")])
    sheets["街道社区"] = GEO + [["坂田街道", None], ["平湖", "山厦"]]
    tables = tables_from_rows(sheets)
    assert tables.rejected[["row", "column", "code"]].values.tolist() == [
        [4, "社区", "EMPTY_REQUIRED"], [5, "街道", "DUPLICATE"]]


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
    assert rejected[["row", "column", "code"]].values.tolist() == [
        [3, "统一社会信用代码", "DUPLICATE"],
        [5, "组织名称", "DUPLICATE"],
    ]
    assert sorted(tables.organizations["org_id"]) == sorted(
        [DIGIT_CODE, "乙", "91440307MA5DA00041", "91440307MA5DA00054"])
    rows_balance(tables)


def test_a_name_written_like_another_rows_code_is_not_a_second_id_for_it():
    tables = tables_from_rows(workbook([
        org("甲", code=DIGIT_CODE),   # row 2: identified by its code
        org(DIGIT_CODE),              # row 3: no code, so identified by its name: the same text
    ]))
    assert tables.rejected[["row", "column", "code"]].values.tolist() == [[3, "组织名称", "DUPLICATE"]]
    assert tables.organizations["org_id"].tolist() == [DIGIT_CODE]
    rows_balance(tables)


def test_a_code_row_after_a_row_named_by_that_code_is_its_repeat_and_other_ids_are_left_alone():
    tables = tables_from_rows(workbook([
        org(DIGIT_CODE),                           # row 2: no code, named by the code's text
        org("乙", code="91440307MA5DA0001P"),     # row 3: a code no row is named by
        org("甲", code=DIGIT_CODE),               # row 4: that code: the same organization as row 2
        org("91440307MA5DA00041"),                 # row 5: named like a code no row has
        org("\u200b"), org("\u200b"),              # rows 6, 7: names of no visible character, the same text
    ]))
    assert tables.rejected[["row", "column", "code"]].values.tolist() == [
        [4, "组织名称", "DUPLICATE"], [7, "组织名称", "DUPLICATE"]]
    rows_balance(tables)


def test_a_name_pasted_with_a_zero_width_space_is_the_same_organization():
    tables = tables_from_rows(workbook([org("甲科技有限公司\u200b"), org("甲科技有限公司"),
                                        org("乙公司", street="平湖街道\ufeff")]))
    assert tables.organizations["name"].tolist() == ["甲科技有限公司\u200b", "乙公司"]
    assert tables.organizations["street"].tolist() == ["平湖街道", "平湖街道"]
    assert tables.rejected["code"].tolist() == ["DUPLICATE"]


def test_repeated_relation_rows_are_rejected_naming_the_first():
    sheets = workbook([org("甲")], 挂点促建=[["区领导", "组织名称"], ["张伟", "甲"], ["张 伟", "甲"]])
    tables = tables_from_rows(sheets)
    assert tables.rejected[["row", "code"]].values.tolist() == [[3, "DUPLICATE"]]



def test_every_table_has_its_declared_columns_then_the_sheet_s_extra_columns():
    from liangxin.tables import TABLE_COLUMNS

    sheets = workbook([org("甲") + ["天安数码城"]], 挂点促建=[["区领导", "组织名称", "备注"], ["张伟", "甲", "新"]])
    sheets["两新组织"] = [ORG_HEADER + ["所属园区"], *sheets["两新组织"][1:]]
    tables = tables_from_rows(sheets)
    assert list(tables.organizations) == [*TABLE_COLUMNS["organizations"], "所属园区"]
    assert list(tables.leader_points) == [*TABLE_COLUMNS["leader_points"], "备注"]
    for name, columns in TABLE_COLUMNS.items():
        assert list(getattr(tables, name))[:len(columns)] == list(columns)


def test_a_party_organization_named_beside_none_is_dropped_and_joint_without_one_is_noted():
    tables = tables_from_rows(workbook([org("甲", status="未组建", party_org="甲党支部"), org("乙", status="联合组建")]))
    assert tables.warnings[["row", "column", "code"]].values.tolist() == [
        [2, "所在党组织", "PARTY_ORG_NOT_BUILT"], [3, "所在党组织", "JOINT_WITHOUT_PARTY_ORG"]]
    assert tables.organizations["party_org"].tolist() == [None, None]
