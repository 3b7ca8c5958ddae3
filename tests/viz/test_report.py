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
SHEETS = ["总览", "未覆盖组织", "超负荷单位", "责任链断点", "覆盖率", "数据问题", "责任负荷", "未落实单位", "读取统计"]


@pytest.fixture(scope="module")
def book(handmade_network, tmp_path_factory):
    path = write_report_xlsx(analyze_network(handmade_network), tmp_path_factory.mktemp("report") / "report.xlsx")
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
    assert [c.value for c in book["总览"][1]] == ["指标", "数值"]
    overview = dict(rows(book["总览"]))
    assert overview == {
        "两新组织数": 13, "街道数": 4, "社区数": 6, "区领导数": 2, "区直机关数": 4, "业务主管单位数": 1,
        "党建工作指导员数": 1, "群团组织数": 2, "党组织数": 3,
        # 7 party-org-required (A B D E G H I); organized B D G; standalone G; work coverage adds A E H
        "应建党组织的组织数": 7, "组织覆盖率": pytest.approx(3 / 7), "单独组建率": pytest.approx(1 / 7),
        "工作覆盖率": pytest.approx(6 / 7),
        "未覆盖组织数": 9, "超负荷单位数": 3, "未落实单位数": 1, "责任链断点组织数": 7,
        "读取行数": 44, "载入行数": 34, "拒收行数": 10, "警告条数": 5,
    }
    formats = {row[0].value: row[1].number_format for row in book["总览"].iter_rows(min_row=2)}
    assert formats["组织覆盖率"] == "0.00%" and formats["两新组织数"] == "0"


def test_one_row_per_uncovered_organization(book):
    sheet = book["未覆盖组织"]
    header = [c.value for c in sheet[1]]
    assert header[:2] == ["组织标识", "组织名称"] and "问题代码" in header
    found = {row[header.index("组织标识")]: row for row in rows(sheet)}
    assert len(found) == 9
    a = found[handmade.C1]
    assert a[header.index("从业人员数")] == 120 and a[header.index("党员数")] == 0
    # codes alphabetically, as in summary.json
    assert a[header.index("问题代码")] == "MASS_ORG_FIRST、MASS_ORG_MISSING、MEMBERS_REQUIRED、PARTY_ORG_REQUIRED"
    assert a[header.index("重点难点")] == "是"


def test_units(book):
    overloaded = book["超负荷单位"]
    header = [c.value for c in overloaded[1]]
    assert header == ["单位", "角色", "所属业务主管单位", "负荷", "容量", "超出", "联系组织数"]
    figures = [(r[0], r[3], r[4], r[5]) for r in rows(overloaded)]
    assert figures == [("区民政局", 2, 1, 1), ("刘洋", 1, 0, 1), ("张伟", 3, 2, 1)]
    states = [r[-1] for r in rows(book["责任负荷"])]
    assert len(states) == 8 and states.count("超负荷") == 3 and states.count("未落实") == 1
    assert rows(book["未落实单位"])[0][0] == "区司法局"


def test_chains_coverage_problems_and_rows_read(book):
    assert len(rows(book["责任链断点"])) == 7
    coverage = rows(book["覆盖率"])
    # overall, the 4 streets in Unicode order, the 2 kinds
    assert [r[1] for r in coverage] == ["全区", "坂田街道", "布吉街道", "平湖街道", "横岗街道", "非公企业", "社会组织"]
    assert [r[2] for r in coverage] == [7, 1, 2, 3, 0, 5, 2]
    assert coverage[4][3] is None       # 横岗 requires nothing: an empty rate, not 0
    problems = rows(book["数据问题"])
    assert len(problems) == 10 + 5      # rejected rows and warnings
    assert {(r[1], r[2], r[3]) for r in problems} >= {("两新组织", 12, "统一社会信用代码"), ("责任容量", 5, "单位")}
    read = rows(book["读取统计"])
    assert [sum(r[i] for r in read) for i in (1, 2, 3)] == [44, 34, 10]


def test_every_sheet_has_frozen_header_and_filter(evil_book):
    for sheet in evil_book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref, sheet.title
        assert sheet.column_dimensions["A"].width > 6


def test_numbers_are_numbers_and_rates_are_percentages(evil_book):
    coverage = evil_book["覆盖率"]
    assert [c.value for c in coverage[1]] == ["范围", "名称", "应建党组织数", "组织覆盖率", "单独组建率", "工作覆盖率"]
    overall = list(coverage[2])
    assert overall[1].value == "全区" and overall[2].value == 7 and overall[2].data_type == "n"
    assert overall[3].value == pytest.approx(3 / 7) and overall[3].number_format == "0.00%"


def test_cells_are_never_formulas(evil_book):
    chains = evil_book["责任链断点"]
    evil = [row[1] for row in chains.iter_rows(min_row=2) if row[1].value == EVIL]
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
