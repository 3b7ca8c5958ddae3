"""``liangxin check``: marked-up copies of the hand-made workbook, read back with openpyxl.

Which cell carries which problem is worked out by hand from tests/fixtures/handmade.py (the row
comments there): the cell is the problem's column on the problem's Excel row, the column letter
counted from each sheet's header (两新组织: A 序号, B 组织名称, C 统一社会信用代码, D 组织类型,
E 街道, F 社区, G 从业人员数, H 党员数, … L 所在党组织, … P 重点难点).
"""

import copy

import pytest
from openpyxl import load_workbook

from liangxin.loaders.check import check_input
from liangxin.loaders.markup_sheet import FILLS, LISTING_HEADER, LISTING_SHEET
from tests.fixtures import handmade
from tests.fixtures.clean import write_clean_xlsx

#: (sheet, cell, code, rejected?) — every problem of the hand-made workbook, by hand.
EXPECTED = {
    ("两新组织", "C5", "INVALID_CREDIT_CODE", False),   # row 5: 丙's check character is wrong
    ("两新组织", "C12", "DUPLICATE", True),             # row 12: A's code again
    ("两新组织", "G13", "NOT_A_COUNT", True),           # row 13: 从业人员数 约一百
    ("两新组织", "H14", "NOT_A_COUNT", True),           # row 14: 党员数 -1
    ("两新组织", "B15", "EMPTY_REQUIRED", True),        # row 15: no name (an empty cell, now styled)
    ("两新组织", "P18", "NOT_YES_NO", False),           # row 18: 重点难点 不详
    ("两新组织", "L19", "PARTY_ORG_NOT_BUILT", False),  # row 19: a branch named, status 未组建
    ("两新组织", "L20", "JOINT_WITHOUT_PARTY_ORG", False),  # row 20: 联合组建, no branch (empty cell)
    ("挂点促建", "D3", "INVALID_CREDIT_CODE", False),   # A 序号, B 区领导, C 组织名称, D 代码
    ("挂点促建", "C6", "UNKNOWN_ORG", True),            # 不存在的公司
    ("驻街保建", "C6", "UNKNOWN_STREET", True),         # A 序号, B 区直机关, C 驻点街道: 园山街道
    ("驻街保建", "D7", "UNKNOWN_ORG", True),            # D 联系组织: 不存在公司
    ("主管包建", "C4", "NOT_A_SOCIAL_ORG", True),       # C 组织名称: 辛咨询 is an enterprise
    ("主管包建", "D5", "UNKNOWN_ORG", True),            # D 代码: valid, nobody has it
    ("责任容量", "A5", "UNKNOWN_UNIT", True),           # 不存在的单位
}


def _comments(book, sheets):
    return {(name, cell.coordinate): cell for name in sheets for row in book[name].iter_rows() for cell in row
            if cell.comment is not None}


def _listing(book):
    rows = list(book[LISTING_SHEET].iter_rows(values_only=True))
    assert list(rows[0]) == LISTING_HEADER
    return [dict(zip(LISTING_HEADER, row)) for row in rows[1:]]


def _values(book, name):
    return [[cell.value for cell in row] for row in book[name].iter_rows()]


def _assert_marked(book, sheets=handmade.SHEETS, file=None):
    """Comments and fills on exactly the hand-worked cells; 问题清单 first, listing them all."""
    assert book.sheetnames[0] == LISTING_SHEET
    marked = _comments(book, [s for s in sheets if s in book.sheetnames])
    expected = {(sheet, cell) for sheet, cell, _, _ in EXPECTED if sheet in sheets}
    assert set(marked) == expected
    for sheet, cell, _, rejected in EXPECTED:
        if sheet in sheets:
            rgb = marked[(sheet, cell)].fill.fgColor.rgb
            assert rgb == FILLS["rejected" if rejected else "warning"], (sheet, cell, rgb)
    listing = [r for r in _listing(book) if r["文件"] != "未发现问题"]
    assert {(r["工作表"], r["单元格"], r["代码"], r["处理"] == "拒收") for r in listing} == {
        e for e in EXPECTED if e[0] in sheets}
    if file and listing:
        assert {r["文件"] for r in listing} == {file}


def test_a_workbook_comes_back_marked_and_unchanged(tmp_path):
    source = handmade.write_xlsx(tmp_path / "附件.xlsx")
    results = check_input(source, tmp_path / "检查结果")
    assert [(r.file, r.rows_read, r.rows_rejected, r.warnings) for r in results] == [("附件.xlsx", 44, 10, 5)]
    copy_path = tmp_path / "检查结果" / "附件.xlsx"
    assert results[0].copy == copy_path
    book, original = load_workbook(copy_path), load_workbook(source)
    _assert_marked(book, file="附件.xlsx")
    assert book.sheetnames == [LISTING_SHEET] + original.sheetnames
    for name in original.sheetnames:  # every value, as it was
        assert _values(book, name) == _values(original, name), name
    # the links go to the cells
    link = book[LISTING_SHEET]["E2"].hyperlink
    assert link.location == "'两新组织'!C5"
    # and the copy still reads as the original does
    assert check_input(copy_path, tmp_path / "再查")[0].rows_rejected == 10


def test_a_csv_folder_comes_back_as_xlsx_copies(tmp_path):
    folder = handmade.write_csv_folder(tmp_path / "台账")
    results = check_input(folder, tmp_path / "检查结果")
    assert [r.file for r in results] == sorted(f"{name}.csv" for name in handmade.SHEETS)
    by_file = {r.file: r for r in results}
    assert (by_file["两新组织.csv"].rows_read, by_file["两新组织.csv"].rows_rejected) == (17, 4)
    for name, rows in handmade.SHEETS.items():
        book = load_workbook(tmp_path / "检查结果" / f"{name}.xlsx")
        _assert_marked(book, sheets=[name], file=f"{name}.csv")
        # a CSV cell is text: the copy holds each cell's text
        width = max(len(r) for r in rows)
        text = [[None if v is None else str(v) for v in row] + [None] * (width - len(row)) for row in rows]
        got = _values(book, name)
        assert [row + [None] * (width - len(row)) for row in got] == text


def test_an_xls_comes_back_as_an_xlsx_with_its_values(tmp_path):
    source = handmade.write_xls(tmp_path / "附件.xls")
    results = check_input(source, tmp_path / "检查结果")
    assert results[0].copy.name == "附件.xlsx"
    book = load_workbook(results[0].copy)
    _assert_marked(book, file="附件.xls")
    original = load_workbook(handmade.write_xlsx(tmp_path / "same.xlsx"))
    for name in original.sheetnames:  # numbers stay numbers (xlwt writes 120 as 120.0), text text
        assert _values(book, name) == _values(original, name), name


def test_a_marked_copy_checked_again_gets_a_new_list(tmp_path):
    source = handmade.write_xlsx(tmp_path / "附件.xlsx")
    first = check_input(source, tmp_path / "一")[0].copy
    again = check_input(first, tmp_path / "二")[0].copy
    book = load_workbook(again)
    assert book.sheetnames.count(LISTING_SHEET) == 1
    _assert_marked(book)
    original = load_workbook(source)
    for name in original.sheetnames:
        assert _values(book, name) == _values(original, name), name


def test_user_text_never_becomes_a_formula(tmp_path):
    sheets = copy.deepcopy(handmade.SHEETS)
    sheets["挂点促建"][5][2] = '=HYPERLINK("http://x","点我")'  # row 6: an unknown organization
    source = handmade.write_xlsx(tmp_path / "附件.xlsx", sheets)
    book = load_workbook(check_input(source, tmp_path / "out")[0].copy)
    cells = [c for row in book[LISTING_SHEET].iter_rows() for c in row if c.value and "HYPERLINK" in str(c.value)]
    assert cells and all(c.data_type == "s" for c in cells)
    assert book["挂点促建"]["C6"].data_type == "s"


def test_a_clean_workbook_and_the_out_folder(tmp_path):
    write_clean_xlsx(tmp_path / "台账.xlsx")
    results = check_input(tmp_path / "台账.xlsx", tmp_path / "out")
    assert [(r.rows_read, r.rows_rejected, r.warnings, r.clean) for r in results] == [(2, 0, 0, True)]  # 1 community + 1 organization
    listing = _listing(load_workbook(results[0].copy))
    assert len(listing) == 1 and listing[0]["文件"] == "未发现问题"
    from liangxin.errors import OutputError

    with pytest.raises(OutputError):  # the copy would replace the original
        check_input(tmp_path / "台账.xlsx", tmp_path)


def test_libreoffice_opens_the_marked_copy(tmp_path):
    """The patched package is one LibreOffice reads (and Excel, which is stricter, is not at hand):
    saved again by LibreOffice, the comments are on the same cells and 问题清单 is first."""
    from tests.loaders.office import convert

    source = handmade.write_xlsx(tmp_path / "附件.xlsx")
    marked = check_input(source, tmp_path / "检查结果")[0].copy
    book = load_workbook(convert(marked, "xlsx", tmp_path / "lo"))
    assert book.sheetnames[0] == LISTING_SHEET
    assert set(_comments(book, handmade.SHEETS)) == {(sheet, cell) for sheet, cell, _, _ in EXPECTED}


def test_a_folder_of_submissions_comes_back_file_by_file(tmp_path):
    """tests/fixtures/submissions.py: the hand-made rows as separately sent files; each problem on
    its cell in its own file (两新组织's rows where ``folder_row`` puts them), same relative names."""
    from tests.fixtures import submissions

    folder = submissions.write_folder(tmp_path / "提交")
    results = check_input(folder, tmp_path / "检查结果")
    files = [*submissions.ROOT_FILES, "党群共建.csv", "责任容量.csv", *submissions.STREET_FILES]
    assert sorted(r.file for r in results) == sorted(files)
    expected = {}  # file → {(sheet, cell)}
    for sheet, cell, _, _ in EXPECTED:
        if sheet == "两新组织":  # the hand-made row, found in the street file that holds it
            data = handmade.ORGANIZATIONS[int(cell[1:]) - 1]
            file, rows = next((f, rows) for f, rows in submissions.STREET_FILES.items() if data in rows)
            cell = f"{cell[0]}{rows.index(data) + 1}"
        else:
            file = submissions.FILE_OF_SHEET[sheet]
        expected.setdefault(file, set()).add((sheet, cell))
    for result in results:
        copy = tmp_path / "检查结果" / result.file
        copy = copy if copy.suffix == ".xlsx" else copy.with_suffix(".xlsx")
        assert result.copy == copy
        book = load_workbook(copy)
        assert book.sheetnames[0] == LISTING_SHEET
        sheets = book.sheetnames[1:]
        assert set(_comments(book, sheets)) == expected.get(result.file, set()), result.file


def test_a_column_under_another_header_is_found(tmp_path):
    """党员人数 is read as 党员数 (a synonym): row 14's -1 is still marked on its cell, H14."""
    sheets = copy.deepcopy(handmade.SHEETS)
    header = sheets["两新组织"][1]
    header[header.index("党员数")] = "党员人数"
    source = handmade.write_xlsx(tmp_path / "附件.xlsx", sheets)
    book = load_workbook(check_input(source, tmp_path / "out")[0].copy)
    assert ("两新组织", "H14") in _comments(book, ["两新组织"])
    listing = _listing(book)
    assert [r["列"] for r in listing if r["单元格"] == "H14"] == ["党员人数"]


def test_a_workbook_xlsxwriter_wrote_is_patched_alike(tmp_path):
    """xlsxwriter writes inline strings, selects its first tab and keeps no shared strings: the
    copy still has its comments on the hand-worked cells and opens on 问题清单 alone."""
    import xlsxwriter

    source = tmp_path / "附件.xlsx"
    workbook = xlsxwriter.Workbook(str(source), {"constant_memory": True, "strings_to_formulas": False})
    for name, rows in handmade.SHEETS.items():
        sheet = workbook.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.write(r, c, value)
    workbook.close()
    book = load_workbook(check_input(source, tmp_path / "out")[0].copy)
    _assert_marked(book)
    assert [sheet.title for sheet in book.worksheets if sheet.sheet_view.tabSelected] == [LISTING_SHEET]


def test_a_converted_copy_never_takes_a_workbook_s_name(tmp_path):
    # Read in code-point order, 附件1.xls comes before 附件1.xlsx and b.csv before b.xlsx: the
    # workbooks keep their names and the converted copies are named for their kind.
    from liangxin.loaders.check import _targets

    folder = tmp_path / "报送"
    files = ["b.csv", "b.xlsx", "附件1.xls", "附件1.xlsx", "平湖/名单.csv"]
    targets = _targets({f: folder / f for f in files}, folder, tmp_path / "out")
    assert {f: t.relative_to(tmp_path / "out").as_posix() for f, t in targets.items()} == {
        "b.csv": "b（csv）.xlsx", "b.xlsx": "b.xlsx", "附件1.xls": "附件1（xls）.xlsx", "附件1.xlsx": "附件1.xlsx",
        "平湖/名单.csv": "平湖/名单.xlsx"}


def test_a_csv_named_beyond_excel_s_sheet_names_comes_back_readable(tmp_path):
    # A CSV's sheet is named after its file: brackets and 34 characters are more than Excel allows
    # in a sheet name (31, none of []:*?/\); the copy's sheet is renamed and its links follow it.
    folder = handmade.write_csv_folder(tmp_path / "台账")
    long = "平湖街道[第一批]两新组织报送表（2019年4月26日更新的最终版本）"
    (folder / "两新组织.csv").rename(folder / f"{long}.csv")
    result = next(r for r in check_input(folder, tmp_path / "检查结果") if r.file == f"{long}.csv")
    book = load_workbook(result.copy)
    sheet = book.sheetnames[1]
    assert sheet == "平湖街道第一批两新组织报送表（2019年4月26日更新的最终版" and len(sheet) == 31
    assert result.rows_rejected == 4 and any(c.comment for row in book[sheet].iter_rows() for c in row)
    links = [c.hyperlink.location for c in book[LISTING_SHEET]["E"] if c.hyperlink]
    assert links and all(link.startswith(f"'{sheet}'!") for link in links)


def test_our_comments_never_reuse_the_shape_ids_of_comments_already_there(tmp_path):
    # A unit's workbook with a note of its own on another sheet (openpyxl writes it as VML block 1):
    # the copy's drawings claim distinct blocks and distinct shape ids, or Excel "repairs" the file.
    import re
    import zipfile

    from openpyxl.comments import Comment

    source = handmade.write_xlsx(tmp_path / "附件.xlsx")
    book = load_workbook(source)
    book.create_sheet("备注")["A1"].comment = Comment("单位自己的批注", "填表人")
    book.save(source)
    copy = check_input(source, tmp_path / "out")[0].copy
    with zipfile.ZipFile(copy) as package:
        drawings = [package.read(n).decode("utf-8") for n in package.namelist() if n.endswith(".vml")]
    blocks = [b for d in drawings for m in re.findall(r'idmap[^>]*data="([0-9,]+)"', d) for b in m.split(",")]
    shapes = [s for d in drawings for s in re.findall(r'<v:shape id="(_x0000_s\d+)"', d)]
    assert len(drawings) >= 2 and len(blocks) == len(set(blocks)) and len(shapes) == len(set(shapes))
    assert load_workbook(copy)["备注"]["A1"].comment.text.startswith("单位自己的批注")
