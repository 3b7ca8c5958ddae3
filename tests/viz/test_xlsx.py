"""viz.xlsx: the writing layer of every workbook (both engines), read back with openpyxl and LibreOffice.

The hand-made workbook's report.xlsx (tests/test_handmade.py) is printed to PDF by LibreOffice:
nine sheets, three charts under 总览, so a dozen pages at most, each A4 landscape with its number.
"""

import shutil
import subprocess

import pandas as pd
import pytest
from openpyxl import load_workbook

import liangxin.viz.xlsx as xlsx
from liangxin.queries.analysis import analyze_network
from liangxin.viz.charts import write_charts
from liangxin.viz.report import write_report_xlsx
from liangxin.viz.xlsx import write_sheets

HOSTILE = ["=1+1", "@SUM(A1)", "+86 755", "-3", "=HYPERLINK(\"http://example.com\",\"点我\")"]


@pytest.fixture(scope="module")
def report(handmade_network, tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    analysis = analyze_network(handmade_network)
    return write_report_xlsx(analysis, out / "report.xlsx", images=write_charts(analysis, out))


def mixed_rows():
    """A 总览 of diff.xlsx's kind: one row holds a rate and its signed change (two formats in a row)."""
    frame = pd.DataFrame({"指标": ["组织覆盖率", "未覆盖组织数"], "本期": [0.5, 9], "变化": [0.125, -2]})
    return frame, {"本期": ["rate", "int"], "变化": ["change", "int"]}


def add_change(workbook, styles):
    styles.change = workbook.add_format({"num_format": "+0.00%;-0.00%;0.00%"})


def print_setup(sheet):
    setup = sheet.page_setup
    return (setup.orientation, int(setup.paperSize), sheet.sheet_properties.pageSetUpPr.fitToPage,
            int(setup.fitToWidth or 1), int(setup.fitToHeight), sheet.print_title_rows, sheet.oddFooter.center.text)


PRINTED = ("landscape", 9, True, 1, 0, "$1:$1", "第 &P 页，共 &N 页")


def test_every_sheet_prints_landscape_a4_one_page_wide(report, tmp_path):
    frame, formats = mixed_rows()
    fallback = write_sheets([("总览", frame, formats)], tmp_path / "diff.xlsx", on_sheet=add_change)
    for book in (load_workbook(report), load_workbook(fallback)):
        for sheet in book.worksheets:
            assert print_setup(sheet) == PRINTED, sheet.title


def test_text_stays_text_numbers_numbers(tmp_path):
    frame = pd.DataFrame({"名称": HOSTILE, "人数": [1, 2, None, 4, 5], "覆盖率": [0.5, 0.25, 1.0, None, 0.0],
                          "代码": [1, 2, 3, 4, 5]})
    path = write_sheets([("名单", frame, {"人数": "int", "覆盖率": "rate"})], tmp_path / "名单.xlsx")
    sheet = load_workbook(path)["名单"]
    rows = list(sheet.iter_rows(min_row=2))
    assert [r[0].value for r in rows] == HOSTILE and {r[0].data_type for r in rows} == {"s"}
    assert [r[1].value for r in rows] == [1, 2, None, 4, 5] and rows[0][1].number_format == "0"
    assert rows[1][2].value == 0.25 and rows[1][2].number_format == "0.00%"
    assert [r[3].value for r in rows] == ["1", "2", "3", "4", "5"]     # not declared a number: text
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:D6"
    assert sheet["A1"].font.b and sheet.column_dimensions["A"].width > display("=HYPERLINK")


def test_a_frame_index_is_never_written(tmp_path):
    # A filtered or sorted frame keeps its old row labels; only its columns are the sheet's.
    frame = pd.DataFrame({"街道": ["平湖街道", "布吉街道", "坂田街道"], "人数": [3, 5, 7]}, index=["a", "b", "c"]).iloc[[2, 0]]
    path = write_sheets([("名单", frame, {"人数": "int"})], tmp_path / "名单.xlsx")
    rows = [[cell.value for cell in row] for row in load_workbook(path)["名单"].iter_rows()]
    assert rows == [["街道", "人数"], ["坂田街道", 7], ["平湖街道", 3]]


def display(text):
    return xlsx.display_width(text)


def test_formats_given_per_row(tmp_path):
    frame = pd.DataFrame({"指标": ["组织覆盖率", "两新组织数", "数据日期"], "数值": [0.4286, 13, "2026-12-01"]})
    path = write_sheets([("总览", frame, {"数值": ["rate", "int", "text"]})], tmp_path / "总览.xlsx")
    cells = [row[1] for row in load_workbook(path)["总览"].iter_rows(min_row=2)]
    assert [c.value for c in cells] == [0.4286, 13, "2026-12-01"]
    assert [c.number_format for c in cells[:2]] == ["0.00%", "0"] and cells[2].data_type == "s"


def test_two_formats_in_one_row_go_to_xlsxwriter(tmp_path):
    frame, formats = mixed_rows()
    assert xlsx._row_kinds(frame, formats) is None
    sheet = load_workbook(write_sheets([("总览", frame, formats)], tmp_path / "d.xlsx", on_sheet=add_change))["总览"]
    assert [(c.value, c.number_format) for c in sheet[2][1:]] == [(0.5, "0.00%"), (0.125, "+0.00%;-0.00%;0.00%")]
    assert [(c.value, c.number_format) for c in sheet[3][1:]] == [(9, "0"), (-2, "0")]


def test_on_sheet_formats_reach_the_fast_engine(tmp_path):
    frame = pd.DataFrame({"街道": ["平湖街道"], "变化": [0.125]})
    path = write_sheets([("变化", frame, {"变化": "change"})], tmp_path / "c.xlsx", on_sheet=add_change)
    assert load_workbook(path)["变化"]["B2"].number_format == "+0.00%;-0.00%;0.00%"


def test_pictures_go_below_the_table_under_their_titles(report):
    sheet = load_workbook(report)["总览"]
    rows = sheet.max_row
    titles = [row[0].value for row in sheet.iter_rows(min_row=1) if row[0].font.b and row[0].row > 1]
    assert titles == ["各街道覆盖率", "各类责任单位负荷分布", "各类问题数量"]
    assert len(sheet._images) == 3 and rows > 26 * 2


def test_libreoffice_opens_and_prints_the_report(report, to_pdf):
    pdf, pages, text = to_pdf(report)
    # Every sheet of a few rows on one page (each fits the page width; two sheets of long reasons
    # take a second page), 总览's three charts on 3 more: about one page a sheet, not 22 for 9 sheets
    sheets = len(load_workbook(report).sheetnames)
    assert sheets <= pages <= sheets + 5, (sheets, pages)
    assert f"第 1 页，共 {pages} 页" in text and f"第 {pages} 页，共 {pages} 页" in text
    assert "应有党员而无党员" in text and "组织覆盖率" in text
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        width, height = info.split("Page size:")[1].split("pts")[0].split(" x ")
        assert "(A4)" in info and float(width) > float(height)      # A4, landscape


def test_libreoffice_reads_hostile_text_as_text(tmp_path, to_pdf):
    frame = pd.DataFrame({"名称": HOSTILE, "人数": range(5)})
    _, pages, text = to_pdf(write_sheets([("名单", frame, {"人数": "int"})], tmp_path / "名单.xlsx"))
    assert pages == 1
    for value in HOSTILE:
        assert value in "".join(text.split()) or value in text, value  # a long text wraps in its cell


def test_both_engines_continue_a_long_table_on_a_second_sheet(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx, "EXCEL_MAX_ROWS", 3)        # 2 rows under the header
    frame, formats = mixed_rows()
    frame, formats = pd.concat([frame, frame], ignore_index=True), {k: v * 2 for k, v in formats.items()}
    slow = load_workbook(write_sheets([("总览", frame, formats)], tmp_path / "d.xlsx", on_sheet=add_change))
    fast = load_workbook(write_sheets([("总览", frame[["指标"]], {})], tmp_path / "f.xlsx"))
    for book in (slow, fast):
        assert book.sheetnames == ["总览", "总览(2)"]
        assert [[r[0].value for r in book[name].iter_rows(min_row=2)] for name in book.sheetnames] == \
            [["组织覆盖率", "未覆盖组织数"]] * 2
        assert all(print_setup(sheet) == PRINTED for sheet in book.worksheets)


def test_long_texts_wrap_in_a_bounded_column_and_their_rows_grow(tmp_path):
    # 40 CJK characters are 80 units wide: in a column 22 wide (20 usable) they need 4 lines.
    long = "区教育局、区民政局、区卫生健康局、区住房和建设局、区工业和信息化局、区文化广电旅游体育局"[:40]
    frame = pd.DataFrame({"组织名称": ["甲科技有限公司", "乙商贸有限公司"], "驻街区直机关": [long, "区民政局"]})
    sheet = load_workbook(write_sheets([("名单", frame, {})], tmp_path / "名单.xlsx"))["名单"]
    assert sheet.column_dimensions["B"].width <= xlsx.TEXT_WIDTH_MAX + 1
    assert sheet["B2"].alignment.wrap_text
    assert sheet.row_dimensions[2].height == 4 * xlsx.LINE_HEIGHT
    assert sheet.row_dimensions[3].height in (None, xlsx.LINE_HEIGHT)
    assert sheet["B2"].value == long                              # wrapped, never cut
