"""viz.diff_report: diff.json and diff.xlsx of the hand-worked snapshot pair.

Every figure is worked out in tests/queries/test_snapshots.py (the pair: tests/fixtures/snapshots.py;
organizations A–Q as in tests/fixtures/handmade.py, R the new one). tests/viz/test_bulletin.py
reads the files ``liangxin diff`` writes; here the module's functions are called directly.
"""

import json

import pytest
from openpyxl import load_workbook

import liangxin as lx
from liangxin.queries.recommend import recommend_all
from liangxin.queries.snapshots import compare_snapshots
from liangxin.viz.diff_report import (POINTS_FORMAT, DIFF_SHEETS, RECOMMENDATION_SHEETS, diff_object, diff_sheets,
                                      recommendation_sheets, write_diff_json, write_diff_xlsx, write_sheets_xlsx)
from tests.fixtures.handmade import C1, C4, C5, C8
from tests.fixtures.snapshots import E_NEW_NAME, R_NAME, write_pair


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    old, new = write_pair(tmp_path_factory.mktemp("pair"))
    return lx.analyze(old), lx.analyze(new)


@pytest.fixture(scope="module")
def diff(pair):
    return compare_snapshots(*pair)


@pytest.fixture(scope="module")
def data(diff, tmp_path_factory):
    path = write_diff_json(diff_object(diff, "台账-上期.xlsx", "台账-本期.xlsx"),
                           tmp_path_factory.mktemp("json") / "diff.json")
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def book(pair, diff, tmp_path_factory):
    path = tmp_path_factory.mktemp("xlsx") / "diff.xlsx"
    return load_workbook(write_diff_xlsx(diff, path, recommend_all(pair[1])))


def rows(sheet):
    return [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_diff_json_keys(data):
    assert list(data) == ["old", "new", "counts", "closed_gaps", "opened_gaps", "added", "removed", "renamed",
                          "formed", "regressed", "changed", "streets", "units"]
    assert (data["old"], data["new"]) == ("台账-上期.xlsx", "台账-本期.xlsx")


def test_diff_json_carries_the_recommendations_and_conflicts(pair, diff, tmp_path):
    """As the README says: diff.json has what diff.xlsx has, the new snapshot's recommendations included."""
    path = write_diff_json(diff_object(diff, "a.xlsx", "b.xlsx", recommend_all(pair[1])), tmp_path / "diff.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert list(data)[-2:] == ["recommendations", "conflicts"]
    # the conflicts within the new snapshot: 李娜's 挂点促建 row 4 names 布吉 for D (坂田); J (row 11)
    # repeats A's credit code with other figures (the loaders' CONFLICTING_DUPLICATE)
    assert [(c["name"], c["field"], c["value"], c["other_row"], c["other_value"]) for c in data["conflicts"]] == [
        ("丁制造有限公司", "street", "坂田街道", 4, "布吉街道"), ("甲科技有限公司", "duplicate", None, 11, None)]
    recs = recommend_all(pair[1])
    assert len(data["recommendations"]["standalone"]) == len(recs.standalone)
    assert len(data["recommendations"]["rebalancing"]["moves"]) == len(recs.rebalancing.moves)
    assert len(data["recommendations"]["joint"]) == len(recs.joint)


def test_diff_json_counts(data):
    assert data["counts"] == {
        "organizations_before": 13, "organizations_after": 13, "matched": 12, "matched_by_name": 6,
        "added": 1, "removed": 1, "renamed": 1,
        "closed_gaps": 9, "opened_gaps": 1, "closed_gap_orgs": 6, "opened_gap_orgs": 1,
        "closed_orgs": 4, "opened_orgs": 0,
        "formed": 3, "formed_standalone": 1, "formed_joint": 1, "joint_to_standalone": 1,
        "regressed": 0, "changed_orgs": 4,
        "new_branches": 3, "new_standalone_branches": 2, "new_joint_branches": 1,
    }


def test_diff_json_gaps_one_entry_per_organization(data):
    closed = {e["org_id"]: e["codes"] for e in data["closed_gaps"]}
    assert closed == {
        C4: ["STANDALONE_POSSIBLE"], C5: ["STREET_MISMATCH"], "布吉街道养老服务中心": ["PARTY_ORG_REQUIRED"],
        C8: ["PARTY_ORG_REQUIRED"], "子餐饮有限公司": ["MEMBERS_REQUIRED"],
        C1: ["MASS_ORG_FIRST", "MASS_ORG_MISSING", "MEMBERS_REQUIRED", "PARTY_ORG_REQUIRED"],
    }
    assert sum(len(codes) for codes in closed.values()) == data["counts"]["closed_gaps"]
    assert data["opened_gaps"] == [{"org_id": C5, "name": E_NEW_NAME, "street": "坂田街道",
                                    "codes": ["STREET_NO_DEPARTMENT"]}]


def test_diff_json_organizations(data):
    assert [(e["org_id"], e["employees"], e["open"], e["codes"]) for e in data["added"]] == [
        (R_NAME, 70, True, ["MEMBERS_REQUIRED"])]
    assert [(e["org_id"], e["codes"]) for e in data["removed"]] == [("丙物流有限公司", ["MEMBERS_REQUIRED"])]
    assert [(e["old_name"], e["name"], e["match_by"]) for e in data["renamed"]] == [
        ("戊建筑有限公司", E_NEW_NAME, "code")]
    assert {e["org_id"]: (e["old_status"], e["status"]) for e in data["formed"]} == {
        C4: ("joint", "standalone"), C8: ("none", "joint"), C1: ("none", "standalone")}
    assert data["regressed"] == []
    assert [(e["field"], e["old"], e["new"], e["scope_changed"]) for e in data["changed"]] == [
        ("street", "布吉街道", "坂田街道", False), ("employees", 40, 25, True),
        ("party_members", 0, 3, False), ("party_members", 0, 1, False)]


def test_diff_json_streets_and_units(data):
    assert list(data["streets"]) == ["overall", "坂田街道", "布吉街道", "平湖街道", "横岗街道"]
    assert data["streets"]["overall"] == {
        "before": {"required": 7, "org_coverage": 0.4286, "standalone_rate": 0.1429, "work_coverage": 0.8571,
                   "open": 7},
        "after": {"required": 6, "org_coverage": 0.8333, "standalone_rate": 0.5, "work_coverage": 1.0, "open": 3},
        "formed": 3, "closed_orgs": 4, "opened_orgs": 0,
    }
    assert data["streets"]["布吉街道"]["after"]["org_coverage"] is None     # nothing required any more
    units = {(u["kind"], u["unit"]): u for u in data["units"]}
    assert len(units) == 8
    education = units[("department", "区教育局")]
    assert (education["load_before"], education["load_after"], education["closed"], education["formed"]) == (
        2.5, 0.5, 2.0, 1.5)
    assert units[("instructor", "刘洋")]["supervisory_unit"] == "区民政局"
    assert units[("department", "区司法局")]["idle_after"] is True


def test_diff_xlsx_sheets(book):
    assert book.sheetnames == [*DIFF_SHEETS, *RECOMMENDATION_SHEETS]
    assert len(rows(book["缺口关闭"])) == 9 and len(rows(book["新增缺口"])) == 1
    assert [r[1] for r in rows(book["新增组织"])] == [R_NAME] and [r[1] for r in rows(book["减少组织"])] == ["丙物流有限公司"]
    assert len(rows(book["更名组织"])) == 1 and len(rows(book["新建党组织"])) == 3
    assert rows(book["党组织状态倒退"]) == [] and len(rows(book["数据变动"])) == 4
    assert [r[1] for r in rows(book["街道覆盖率变化"])] == ["全区", "坂田街道", "布吉街道", "平湖街道", "横岗街道"]
    assert len(rows(book["单位负荷变化"])) == 8
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)


def test_diff_xlsx_overview(book):
    overview = {r[0]: r[1:] for r in rows(book["总览"])}
    assert overview["两新组织数"] == [13, 13, 0]
    assert overview["应建党组织的组织数"] == [7, 6, -1]
    assert overview["组织覆盖率"][:2] == [pytest.approx(3 / 7), pytest.approx(5 / 6)]
    assert overview["未覆盖组织数（应有党员或应建未建）"] == [7, 3, -4]
    assert overview["新建党组织数（按党支部计）"][1] == 3 and overview["党组织组建推进的组织数"][1] == 3 and overview["缺口关闭条数"][1] == 9
    change = [row for row in book["总览"].iter_rows(min_row=2) if row[0].value == "组织覆盖率"][0][3]
    # 3/7 → 5/6: +17/42 = +40.5 个百分点, the cell holding the points
    assert change.value == pytest.approx(100 * 17 / 42) and change.number_format == POINTS_FORMAT


def test_without_recommendations_only_the_comparison(diff, tmp_path):
    assert load_workbook(write_diff_xlsx(diff, tmp_path / "diff.xlsx")).sheetnames == list(DIFF_SHEETS)
    assert [name for name, _, _ in diff_sheets(diff)] == list(DIFF_SHEETS)


def test_recommendation_sheets_alone(pair, diff, tmp_path):
    sheets = recommendation_sheets(recommend_all(pair[1]))
    assert [name for name, _, _ in sheets] == list(RECOMMENDATION_SHEETS)
    conflicts = dict((name, frame) for name, frame, _ in sheets)["数据冲突"]
    # 李娜's row for D names 布吉 (D is in 坂田); the four figures changed since the previous workbook
    # (E's street, I's employees, A's and Q's members) are 数据变动 of the comparison, not conflicts
    # (J, row 11, repeats A's code with other figures: the loaders' CONFLICTING_DUPLICATE)
    assert conflicts[["组织名称", "项目", "另一来源", "来源行号"]].values.tolist() == [
        ["丁制造有限公司", "街道", "挂点促建", 4], ["甲科技有限公司", "重复登记", "台账-本期.xlsx：两新组织", 11]]
    assert load_workbook(write_sheets_xlsx(sheets, tmp_path / "名单.xlsx")).sheetnames == list(RECOMMENDATION_SHEETS)


def test_a_snapshot_against_itself(pair, tmp_path):
    same = compare_snapshots(pair[0], pair[0])
    data = diff_object(same, "a.xlsx", "a.xlsx")
    assert data["closed_gaps"] == data["opened_gaps"] == data["added"] == data["removed"] == data["changed"] == []
    assert data["counts"]["matched"] == 13
    book = load_workbook(write_diff_xlsx(same, tmp_path / "diff.xlsx"))
    assert rows(book["缺口关闭"]) == [] and book["缺口关闭"]["A1"].value == "组织标识"
