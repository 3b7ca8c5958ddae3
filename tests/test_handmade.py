"""End-to-end on the hand-made workbook: every figure worked out by hand from RULES.md.

The workbook is tests/fixtures/handmade.py; organizations are called A–Q there by the
row comments. Open organizations (MEMBERS_REQUIRED or PARTY_ORG_REQUIRED):
A (120 emp, 0 members, 未组建), C (60, 0), E (150, 0, 未组建), F (55, 0), H (social,
entity, 35, 未组建), I (social, entity, 40, 未组建), Q (exactly 50, 0).
"""

import json

import pytest

from liangxin.pipeline import run_analyze
from tests.fixtures import handmade
from tests.fixtures.handmade import C1, C4, C5, C7, C8

EXPECTED_COUNTS = {
    # A B C D E F G H I N O P Q loaded; J (duplicate code), K (约一百), L (-1), M (no name) rejected.
    "organizations": 13,
    "streets": 4, "communities": 6,
    "leaders": 2,            # 张伟 and "张 伟" are one leader; 李娜
    "departments": 4,        # 发改局, 教育局, 民政局, 司法局 (财政局's only row is rejected)
    "supervisory_units": 1,  # 民政局 (卫生健康局's only row is rejected)
    "instructors": 1, "mass_orgs": 2,
    "party_orgs": 3,         # B's and D's joint branches, G's own; O's name is ignored (未组建)
    # read: 6 + 17 (blank and 序号-only rows are not rows) + 6 + 6 + 3 + 2 + 4 = 44
    "rows_read": 44, "rows_loaded": 34, "rows_rejected": 10,
}

EXPECTED_UNCOVERED = [
    # open (未覆盖) = MEMBERS_REQUIRED or PARTY_ORG_REQUIRED; D and P are only 提升项 (improvement items)
    # no street sorts first
    {"org_id": "己商贸有限公司", "name": "己商贸有限公司", "street": None,
     "codes": ["MEMBERS_REQUIRED", "NO_RESPONSIBLE_UNIT"], "open": True},  # F: open, no street, nobody attached
    {"org_id": C4, "name": "丁制造有限公司", "street": "坂田街道",
     "codes": ["MASS_ORG_MISSING", "STANDALONE_POSSIBLE"], "open": False},  # D: joint, 5 members, no union/league/women
    {"org_id": "癸科技有限公司", "name": "癸科技有限公司", "street": "坂田街道",
     "codes": ["MASS_ORG_MISSING"], "open": False},                          # P: joint without any mass branch
    {"org_id": C5, "name": "戊建筑有限公司", "street": "布吉街道",
     "codes": ["MEMBERS_REQUIRED", "PARTY_ORG_REQUIRED"], "open": True},    # E: has a union, so no MASS_* code
    {"org_id": "布吉街道养老服务中心", "name": "布吉街道养老服务中心", "street": "布吉街道",
     "codes": ["PARTY_ORG_REQUIRED", "STANDALONE_POSSIBLE"], "open": True},  # I: 4 members, so not MASS_ORG_FIRST
    {"org_id": C8, "name": "平湖街道餐饮协会", "street": "平湖街道",
     "codes": ["PARTY_ORG_REQUIRED"], "open": True},                        # H: has a women's branch
    {"org_id": C1, "name": "甲科技有限公司", "street": "平湖街道",
     "codes": ["MASS_ORG_FIRST", "MASS_ORG_MISSING", "MEMBERS_REQUIRED", "PARTY_ORG_REQUIRED"], "open": True},
    {"org_id": "丙物流有限公司", "name": "丙物流有限公司", "street": "平湖街道",
     "codes": ["MEMBERS_REQUIRED"], "open": True},                          # C: keyed by name (bad code)
    {"org_id": "子餐饮有限公司", "name": "子餐饮有限公司", "street": "平湖街道",
     "codes": ["MEMBERS_REQUIRED"], "open": True},                          # Q: 50 employees is members-required
]

EXPECTED_OVERLOADED = [
    # 民政局 as a department: 布吉's open orgs E and I, none contacted, one department: 2 > capacity 1.
    # (As a supervisory unit it carries H only: 1, not > 1.)
    {"unit": "区民政局", "kind": "department", "load": 2.0, "capacity": 1},
    # 刘洋 guides H: 1 > capacity 0 (责任容量 applies to instructors too).
    {"unit": "刘洋", "kind": "instructor", "load": 1.0, "capacity": 0},
    # 张伟: attached to C (open), D (closed), A (open), E (open) = 3 > capacity 2.
    {"unit": "张伟", "kind": "leader", "load": 3.0, "capacity": 2},
]

EXPECTED_BROKEN = [
    {"org_id": "己商贸有限公司", "name": "己商贸有限公司", "codes": ["NO_COMMUNITY", "UNKNOWN_STREET"]},
    {"org_id": C4, "name": "丁制造有限公司", "codes": ["STREET_NO_DEPARTMENT"]},
    {"org_id": "癸科技有限公司", "name": "癸科技有限公司", "codes": ["STREET_NO_DEPARTMENT"]},
    {"org_id": C5, "name": "戊建筑有限公司", "codes": ["STREET_MISMATCH"]},  # 五和 is only under 坂田
    {"org_id": "布吉街道养老服务中心", "name": "布吉街道养老服务中心", "codes": ["NO_SUPERVISOR"]},
    {"org_id": "乙电子有限公司", "name": "乙电子有限公司", "codes": ["COMMUNITY_NO_OWNER"]},
    {"org_id": C7, "name": "庚软件有限公司", "codes": ["UNKNOWN_COMMUNITY", "UNKNOWN_STREET"]},
]

# Party-org-required: A (120), B (above scale), D (300), E (150), G (100), H and I (entity social
# orgs >= 30) = 7. Organized: B, D (joint), G (standalone). Work coverage adds H (instructor),
# A (leader, department contact) and E (leader); I has only a mass organization: 6 of 7.
EXPECTED_COVERAGE = {
    "overall": {"required": 7, "org_coverage": 0.4286, "standalone_rate": 0.1429, "work_coverage": 0.8571},
    "by_street": {
        "坂田街道": {"required": 1, "org_coverage": 1.0, "standalone_rate": 0.0, "work_coverage": 1.0},
        "布吉街道": {"required": 2, "org_coverage": 0.0, "standalone_rate": 0.0, "work_coverage": 0.5},
        "平湖街道": {"required": 3, "org_coverage": 0.3333, "standalone_rate": 0.0, "work_coverage": 1.0},
        "横岗街道": {"required": 0, "org_coverage": None, "standalone_rate": None, "work_coverage": None},
    },
    "by_kind": {
        "enterprise": {"required": 5, "org_coverage": 0.6, "standalone_rate": 0.2, "work_coverage": 1.0},
        "social_org": {"required": 2, "org_coverage": 0.0, "standalone_rate": 0.0, "work_coverage": 0.5},
    },
}

EXPECTED_REJECTED = [
    ("两新组织", 12, "统一社会信用代码", "DUPLICATE"),        # J repeats A's code
    ("两新组织", 13, "从业人员数", "NOT_A_COUNT"),           # K: 约一百
    ("两新组织", 14, "党员数", "NOT_A_COUNT"),               # L: -1
    ("两新组织", 15, "组织名称", "EMPTY_REQUIRED"),          # M: no name
    ("挂点促建", 6, "组织名称", "UNKNOWN_ORG"),              # 不存在的公司
    ("驻街保建", 6, "驻点街道", "UNKNOWN_STREET"),           # 园山街道
    ("驻街保建", 7, "联系组织", "UNKNOWN_ORG"),              # 不存在公司
    ("主管包建", 4, "组织名称", "NOT_A_SOCIAL_ORG"),         # 辛咨询有限公司 is an enterprise
    ("主管包建", 5, "统一社会信用代码", "UNKNOWN_ORG"),      # a valid code no organization has
    ("责任容量", 5, "单位", "UNKNOWN_UNIT"),                 # 不存在的单位
]

EXPECTED_WARNINGS = [
    ("两新组织", 5, "统一社会信用代码", "INVALID_CREDIT_CODE"),   # C's bad check character
    ("两新组织", 18, "重点难点", "NOT_YES_NO"),                   # N: 不详
    ("两新组织", 19, "所在党组织", "PARTY_ORG_NOT_BUILT"),        # O: branch named, status 未组建
    ("两新组织", 20, "所在党组织", "JOINT_WITHOUT_PARTY_ORG"),    # P: 联合组建 without a name
    ("挂点促建", 3, "统一社会信用代码", "INVALID_CREDIT_CODE"),   # C referred to by its bad code, matched by name
]


@pytest.fixture(scope="module", params=["xlsx", "xls", "csv-gb18030", "csv-utf8-bom"])
def summary(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(request.param)
    if request.param == "xlsx":
        path = handmade.write_xlsx(folder / "台账.xlsx")
    elif request.param == "xls":
        path = handmade.write_xls(folder / "台账.xls")
    elif request.param == "csv-gb18030":
        path = handmade.write_csv_folder(folder / "台账", encoding="gb18030")
    else:
        path = handmade.write_csv_folder(folder / "台账", encoding="utf-8-sig")
    run_analyze(path, folder / "out")
    return json.loads((folder / "out" / "summary.json").read_text(encoding="utf-8"))


def test_summary_has_exactly_the_contract_keys(summary):
    assert list(summary) == ["input", "counts", "uncovered", "overloaded", "idle", "broken_chains",
                             "coverage", "rejected", "warnings"]
    assert list(summary["counts"]) == list(EXPECTED_COUNTS)


def test_counts(summary):
    assert summary["counts"] == EXPECTED_COUNTS


def test_uncovered(summary):
    assert summary["uncovered"] == EXPECTED_UNCOVERED


def test_overloaded_and_idle(summary):
    assert summary["overloaded"] == EXPECTED_OVERLOADED
    # 区司法局 is stationed only in 横岗, which has no organization at all.
    assert summary["idle"] == [{"unit": "区司法局", "kind": "department"}]


def test_broken_chains(summary):
    assert summary["broken_chains"] == EXPECTED_BROKEN


def test_coverage(summary):
    assert summary["coverage"] == EXPECTED_COVERAGE


def test_rejected_rows_name_sheet_row_column_and_reason(summary):
    # every entry names its file since issue 15
    assert all(list(r) == ["sheet", "row", "column", "reason", "code", "file"] for r in summary["rejected"])
    assert [(r["sheet"], r["row"], r["column"], r["code"]) for r in summary["rejected"]] == EXPECTED_REJECTED
    # The reason is a sentence for people; the one checked here names the column and the cell.
    assert summary["rejected"][1]["reason"] == "从业人员数“约一百”不是非负整数"


def test_warnings(summary):
    assert [(w["sheet"], w["row"], w["column"], w["code"]) for w in summary["warnings"]] == EXPECTED_WARNINGS


def test_no_row_goes_missing(summary):
    counts = summary["counts"]
    assert counts["rows_read"] == counts["rows_loaded"] + counts["rows_rejected"]
    assert counts["rows_rejected"] == len(summary["rejected"])
