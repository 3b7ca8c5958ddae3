"""viz.report: report.xlsx for the committee, read back with openpyxl.

Figures are the hand-made workbook's, worked out in tests/test_handmade.py. One copy of it
carries hostile text (a name that is a formula, an extra column starting with ``@``): every
cell must stay a value.
"""

import pytest
from openpyxl import load_workbook

import liangxin.viz.report as report
import liangxin.viz.xlsx as xlsx
from liangxin.graph.network import build_network
from liangxin.loaders.validate import load_tables
from liangxin.queries.analysis import analyze_network
from liangxin.viz.report import display_width, report_sheets, write_report_xlsx, write_sheets
from tests.fixtures import handmade

EVIL = "=HYPERLINK(\"http://example.com\",\"点我\")"
SHEETS = ["总览", "未覆盖组织", "提升项", "超负荷单位", "责任链断点", "覆盖率", "数据问题", "全部组织", "社区覆盖率",
          "行业覆盖率", "责任负荷", "未落实单位", "读取统计"]
#: Sheets a committee member reads: no English code may appear in them (they stay in findings.csv).
COMMITTEE_SHEETS = ["总览", "未覆盖组织", "提升项", "超负荷单位", "责任链断点", "覆盖率"]


@pytest.fixture(scope="module")
def book(handmade_network, tmp_path_factory):
    import datetime as dt

    path = write_report_xlsx(analyze_network(handmade_network), tmp_path_factory.mktemp("report") / "report.xlsx",
                             date=dt.date(2019, 4, 26), source="台账/龙岗区台账.xlsx")
    return load_workbook(path)


@pytest.fixture(scope="module")
def evil_book(tmp_path_factory):
    folder = tmp_path_factory.mktemp("evil")
    sheets = {k: [list(r) for r in v] for k, v in handmade.SHEETS.items()}
    sheets["两新组织"][3][1] = EVIL          # B's name
    sheets["两新组织"][2][17] = "@SUM(1,2)"  # an extra column of A
    analysis = analyze_network(build_network(load_tables(handmade.write_xlsx(folder / "台账.xlsx", sheets))))
    return load_workbook(write_report_xlsx(analysis, folder / "report.xlsx"))


def rows(sheet):
    return [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_sheets_in_order(book, handmade_network):
    assert book.sheetnames == SHEETS
    assert [name for name, _, _ in report_sheets(analyze_network(handmade_network))] == SHEETS


def test_overview_headline_figures(book):
    assert [c.value for c in book["总览"][1]] == ["指标", "数值", "查看"]
    overview = {r[0]: r[1] for r in rows(book["总览"])}
    assert overview == {
        "区": "龙岗区", "数据日期": "2019年4月26日", "来源文件": "龙岗区台账.xlsx",
        # open = A C E F H I Q; D and P are only 提升项; F alone has no unit; A (key, 未组建) has 张伟
        "未覆盖组织数": 7, "提升项组织数": 2, "无责任主体组织数": 1, "重点难点未挂点组织数": 0, "超负荷单位数": 3,
        # 7 party-org-required (A B D E G H I); organized B D G; standalone G; work coverage adds A E H
        "组织覆盖率": pytest.approx(3 / 7), "单独组建率": pytest.approx(1 / 7), "工作覆盖率": pytest.approx(6 / 7),
        "应建党组织的组织数": 7, "两新组织数": 13, "责任链断点组织数": 7, "未落实单位数": 1,
        "街道数": 4, "社区数": 6, "区领导数": 2, "区直机关数": 4, "业务主管单位数": 1,
        "党建工作指导员数": 1, "群团组织数": 2, "党组织数": 3,
        "读取行数": 44, "载入行数": 34, "拒收行数": 10, "警告条数": 5,
    }
    names = [r[0] for r in rows(book["总览"])]
    assert names[3:8] == ["未覆盖组织数", "提升项组织数", "无责任主体组织数", "重点难点未挂点组织数", "超负荷单位数"]
    where = {r[0]: r[2] for r in rows(book["总览"])}
    assert "未覆盖组织" in where["未覆盖组织数"] and "超负荷单位" in where["超负荷单位数"]
    formats = {row[0].value: row[1].number_format for row in book["总览"].iter_rows(min_row=2)}
    assert formats["组织覆盖率"] == "0.00%" and formats["两新组织数"] == "0"


def _by_name(sheet):
    header = [c.value for c in sheet[1]]
    return header, {row[header.index("组织名称")]: dict(zip(header, row)) for row in rows(sheet)}


def test_uncovered_are_the_open_organizations_ranked_with_who_answers(book):
    header, found = _by_name(book["未覆盖组织"])
    assert "问题代码" not in header and "组织标识" not in header
    # A (key) first, then the open ones by employees: E 150, C 60, F 55, Q 50, I 40, H 35
    assert list(found) == ["甲科技有限公司", "戊建筑有限公司", "丙物流有限公司", "己商贸有限公司", "子餐饮有限公司",
                           "布吉街道养老服务中心", "平湖街道餐饮协会"]
    assert [found[n]["序号"] for n in found] == list(range(1, 8))
    a = found["甲科技有限公司"]
    assert a["从业人员数"] == 120 and a["党员数"] == 0 and a["重点难点"] == "是"
    assert a["统一社会信用代码"] == handmade.C1
    assert a["问题"] == "应有党员而无党员、应建未建、党建带群建缺位、应先建群团"   # RULES.md's order
    # 挂点促建 rows 7 (A) and 8 (E: "张 伟"); 驻街保建 rows 3-5; 党群共建 rows 2-3 (tests/fixtures/handmade.py)
    assert (a["挂点区领导"], a["联系区直机关"], a["驻街区直机关"], a["群团组织"]) == (
        "张伟", "区教育局", "区发展和改革局、区教育局", "区总工会")
    assert (a["业务主管单位"], a["党建工作指导员"]) == ("无", "无")
    f = found["己商贸有限公司"]          # no street: no unit of any role
    assert all(f[role] == "无" for role in ("挂点区领导", "联系区直机关", "驻街区直机关", "业务主管单位",
                                            "党建工作指导员", "群团组织"))
    h = found["平湖街道餐饮协会"]
    assert (h["业务主管单位"], h["党建工作指导员"]) == ("区民政局", "刘洋")
    _, improvement = _by_name(book["提升项"])
    assert list(improvement) == ["丁制造有限公司", "癸科技有限公司"]    # D (key, 300) before P
    assert improvement["丁制造有限公司"]["挂点区领导"] == "张伟、李娜"


def test_all_organizations_sheet_for_pivots(book):
    header, found = _by_name(book["全部组织"])
    assert len(found) == 13
    streets = [row[header.index("街道")] for row in rows(book["全部组织"])]
    assert list(dict.fromkeys(streets)) == ["平湖街道", "布吉街道", "坂田街道", "龙城街道", None]
    assert sum(r["未覆盖"] == "是" for r in found.values()) == 7
    assert sum(r["提升项"] == "是" for r in found.values()) == 2
    assert found["己商贸有限公司"]["无责任主体"] == "是"
    assert found["乙电子有限公司"]["问题"] is None and found["乙电子有限公司"]["责任链断点"] == "社区无责任人"
    assert found["乙电子有限公司"]["行业"] == "制造业"


def test_no_english_codes_where_the_committee_reads(book):
    import re

    code = re.compile(r"\b[A-Z]+(?:_[A-Z]+)+\b")
    for name in COMMITTEE_SHEETS:
        for row in book[name].iter_rows(values_only=True):
            assert not any(isinstance(v, str) and code.search(v) for v in row), (name, row)


def test_units(book):
    overloaded = book["超负荷单位"]
    header = [c.value for c in overloaded[1]]
    assert header == ["单位", "角色", "所属业务主管单位", "负荷", "容量", "超出容量", "剩余容量", "联系组织数"]
    figures = [(r[0], r[3], r[4], r[5], r[6]) for r in rows(overloaded)]
    assert figures == [("区民政局", 2, 1, 1, 0), ("刘洋", 1, 0, 1, 0), ("张伟", 3, 2, 1, 0)]
    loads = book["责任负荷"]
    header = [c.value for c in loads[1]]
    found = {r[0] + r[1]: dict(zip(header, r)) for r in rows(loads)}
    # 李娜 is attached to D only (closed): load 0 of 5, 5 left, nothing over
    assert (found["李娜区领导"]["剩余容量"], found["李娜区领导"]["超出容量"]) == (5, 0)
    assert all(r["超出容量"] >= 0 and r["剩余容量"] >= 0 for r in found.values())
    states = [r["状态"] for r in found.values()]
    assert len(states) == 8 and states.count("超负荷") == 3 and states.count("未落实") == 1
    assert rows(book["未落实单位"])[0][0] == "区司法局"


def test_chains_coverage_problems_and_rows_read(book):
    assert len(rows(book["责任链断点"])) == 7
    coverage = rows(book["覆盖率"])
    # overall, the 4 streets in the order of 街道社区, the 2 kinds
    assert [r[1] for r in coverage] == ["全区", "平湖街道", "布吉街道", "坂田街道", "横岗街道", "非公企业", "社会组织"]
    assert [r[2] for r in coverage] == [7, 3, 2, 1, 0, 5, 2]
    assert [r[3] for r in coverage] == [4, 2, 2, 0, 0, 2, 2]   # 应建未建: A E H I; 平湖 A H; 布吉 E I; A E; H I
    assert coverage[4][4] is None       # 横岗 requires nothing: an empty rate, not 0
    communities = rows(book["社区覆盖率"])
    # 平湖 山厦 (A H required of A C H N O Q), 白坭坑 (B); 布吉 南岭 (I), 五和 as written on E's row
    assert [tuple(r[:4]) for r in communities[:4]] == [("平湖街道", "山厦社区", 6, 2), ("平湖街道", "白坭坑社区", 1, 1),
                                                      ("布吉街道", "南岭社区", 1, 1), ("布吉街道", "五和社区", 1, 1)]
    industries = {r[0]: tuple(r[1:4]) for r in rows(book["行业覆盖率"])}
    assert industries["信息技术"] == (3, 2, 1)    # A G P; A and G required; A not covered
    problems = rows(book["数据问题"])
    assert len(problems) == 10 + 5      # rejected rows and warnings
    # 类别, 文件 (issue 15), 工作表, 行号, 列, 原因
    assert {(r[1], r[2], r[3], r[4]) for r in problems} >= {("台账.xlsx", "两新组织", 12, "统一社会信用代码"),
                                                          ("台账.xlsx", "责任容量", 5, "单位")}
    read = rows(book["读取统计"])
    assert [sum(r[i] for r in read) for i in (2, 3, 4)] == [44, 34, 10]


def test_every_sheet_has_frozen_header_and_filter(evil_book):
    for sheet in evil_book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref, sheet.title
        assert sheet.column_dimensions["A"].width > 6


def test_numbers_are_numbers_and_rates_are_percentages(evil_book):
    coverage = evil_book["覆盖率"]
    assert [c.value for c in coverage[1]] == ["范围", "名称", "应建党组织数", "应建未建数", "组织覆盖率", "单独组建率",
                                              "工作覆盖率"]
    overall = list(coverage[2])
    assert overall[1].value == "全区" and overall[2].value == 7 and overall[2].data_type == "n"
    assert overall[4].value == pytest.approx(3 / 7) and overall[4].number_format == "0.00%"


def test_cells_are_never_formulas(evil_book):
    chains = evil_book["责任链断点"]
    evil = [row[0] for row in chains.iter_rows(min_row=2) if row[0].value == EVIL]
    assert evil and evil[0].data_type == "s"    # B: 白坭坑 has no owner
    for sheet in evil_book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)


def test_a_table_longer_than_a_sheet_continues_on_the_next(tmp_path, monkeypatch):
    import pandas as pd

    monkeypatch.setattr(xlsx, "EXCEL_MAX_ROWS", 4)     # 3 rows under the header
    frame = pd.DataFrame({"序号": range(7), "名称": [f"组织{i}" for i in range(7)]})
    book = load_workbook(write_sheets([("名单", frame, {"序号": "int"})], tmp_path / "长.xlsx"))
    assert book.sheetnames == ["名单", "名单(2)", "名单(3)"]
    assert [[r[0] for r in rows(book[name])] for name in book.sheetnames] == [[0, 1, 2], [3, 4, 5], [6]]
    assert all(book[name]["A1"].value == "序号" for name in book.sheetnames)


def test_display_width_counts_wide_characters_twice():
    assert display_width("平湖ab") == 6
    assert display_width("ＡＢ") == 4     # full-width letters
    assert display_width(12) == 2


def test_all_organizations_past_the_limit_is_one_row_saying_where_they_are(handmade_network, monkeypatch):
    from liangxin import settings

    monkeypatch.setattr(settings, "REPORT_ALL_ORGANIZATIONS_MAX", 12)    # the hand workbook has 13
    sheets = {name: frame for name, frame, _ in report_sheets(analyze_network(handmade_network))}
    assert list(sheets["全部组织"].columns) == ["说明"] and len(sheets["全部组织"]) == 1
    assert "13" in sheets["全部组织"].iloc[0, 0]
    assert len(sheets["未覆盖组织"]) == 7                                 # the lists a person reads stay whole


@pytest.mark.parametrize("order", ["ranked", "improvement first"])
def test_open_and_improvement_sheets_split_one_table_by_open(handmade_network, order):
    # Built once for every listed organization, then split: each sheet numbered from 1, in rank order,
    # labels and credit codes those of its own organizations. Ranked, the open ones come first and
    # the split is two slices; in any other order the rows are taken.
    from liangxin.queries.tables import uncovered_ranked

    analysis = analyze_network(handmade_network)
    ranked = uncovered_ranked(analysis)
    if order != "ranked":
        ranked = ranked.iloc[::-1].reset_index(drop=True)
        assert not ranked["open"].iloc[0]
    open_sheet, improvement_sheet = report._open_and_improvement(analysis, ranked)
    for sheet, rows_ in ((open_sheet, ranked[ranked["open"]]), (improvement_sheet, ranked[~ranked["open"]])):
        assert sheet["序号"].tolist() == list(range(1, len(rows_) + 1))
        assert sheet["组织名称"].tolist() == rows_["name"].tolist()
        codes = analysis.network.tables.organizations.set_index("org_id")["credit_code"]
        assert sheet["统一社会信用代码"].tolist() == rows_["org_id"].map(codes).tolist()
        assert sheet["组织类型"].tolist() == rows_["kind"].map(report.KIND_ZH).tolist()
        assert sheet["问题"].tolist() == [report._in_rule_order(c) for c in rows_["codes"]]
    assert len(open_sheet) == 7 and len(improvement_sheet) == 2


def test_labels_are_looked_up_once_per_distinct_value():
    import pandas as pd

    from liangxin.text import per_distinct

    seen = []  # the report's labels go through the shared per_distinct, empty cells staying empty
    labels = per_distinct(pd.Series(["a", "b", None, "a", "b"]),
                          lambda v: None if v is None else seen.append(v) or v * 2)
    assert labels.tolist() == ["aa", "bb", None, "aa", "bb"] and seen == ["a", "b"]
    assert report._label(pd.Series(["enterprise", "x", None]), {"enterprise": "企业"}).tolist() == ["企业", None, None]
