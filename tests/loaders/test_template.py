"""``liangxin template``: drop-downs, text columns, the example row, and a round trip through LibreOffice."""

import subprocess

import pytest
from openpyxl import load_workbook

from liangxin.loaders.sheets import SHEETS
from liangxin.loaders.template import CHOICES, TEXT_COLUMNS, district_streets, write_template
from liangxin.loaders.validate import load_tables

LONGGANG = ["平湖街道", "布吉街道", "坂田街道", "南湾街道", "横岗街道", "龙城街道", "龙岗街道", "坪地街道",
            "园山街道", "吉华街道", "宝龙街道"]
#: 60 streets of 6 characters: 60 × 6 + 59 commas = 419 characters, past Excel's 255 for a list.
MANY = [f"第{n:02d}号街道" for n in range(60)]


def _letter(spec, name):
    return chr(ord("A") + 1 + [c.name for c in spec.columns].index(name))  # after 序号


def _validations(book):
    """{(sheet, column letter): (formula, first row)} of every list validation."""
    found = {}
    for sheet in book.worksheets:
        for dv in sheet.data_validations.dataValidation:
            for cells in dv.sqref.ranges:
                found[(sheet.title, cells.coord.split(":")[0].rstrip("0123456789"))] = (dv.formula1, cells.min_row)
    return found


def _expected(streets_formula):
    """Every drop-down INPUT.md's columns call for, worked out from the column declarations."""
    expected = {}
    for spec in SHEETS:
        for column in spec.columns:
            if column.parse in CHOICES:
                expected[(spec.name, _letter(spec, column.name))] = '"' + ",".join(CHOICES[column.parse]) + '"'
            elif column.parse == "street" and (streets_formula != "'街道社区'!$B$3:$B$20000" or spec.name != "街道社区"):
                expected[(spec.name, _letter(spec, column.name))] = streets_formula
    return expected


def test_the_drop_downs_and_text_columns(tmp_path):
    book = load_workbook(write_template(tmp_path / "模板.xlsx"))
    found = _validations(book)
    assert {key: formula for key, (formula, _) in found.items()} == _expected("'街道社区'!$B$3:$B$20000")
    assert {row for _, row in found.values()} == {2}
    # by hand: 两新组织 is 序号 A, 组织名称 B, 代码 C, 组织类型 D, 区 E, 街道 F, 社区 G, 从业人员数 H, 党员数 I,
    # 规模以上 J, 实体性 K, 党组织状态 L, 所在党组织 M, 工会 N, 团组织 O, 妇组织 P, 重点难点 Q, 行业 R
    assert sorted(letter for sheet, letter in found if sheet == "两新组织") == list("DFJKLNOPQ")
    for spec in SHEETS:
        sheet = book[spec.name]
        assert sheet["A1"].value == "序号" and sheet["A2"].value == "示例"
        for name in TEXT_COLUMNS:
            if name in [c.name for c in spec.columns]:
                letter = _letter(spec, name)
                assert sheet.column_dimensions[letter].number_format == "@", (spec.name, name)
    guide = book["说明"]
    # one page wide (1 is the default xlsxwriter leaves out), as many pages down as it takes
    assert guide.sheet_properties.pageSetUpPr.fitToPage and guide.page_setup.fitToWidth in (None, 1)
    assert guide.page_setup.fitToHeight == 0


def test_a_district_fills_the_street_lists(tmp_path):
    assert district_streets("龙岗区") == district_streets("龙岗") == LONGGANG
    book = load_workbook(write_template(tmp_path / "模板.xlsx", streets=LONGGANG))
    assert {k: f for k, (f, _) in _validations(book).items()} == _expected('"' + ",".join(LONGGANG) + '"')
    long = load_workbook(write_template(tmp_path / "长.xlsx", streets=MANY))
    assert long.sheetnames[-1] == "选项" and long["选项"].sheet_state == "hidden"
    assert [c.value for c in long["选项"]["A"]] == MANY
    assert {k: f for k, (f, _) in _validations(long).items()} == _expected("'选项'!$A$1:$A$60")


def test_the_example_rows_are_no_rows_but_would_be_valid(tmp_path):
    path = write_template(tmp_path / "模板.xlsx", streets=LONGGANG)
    tables = load_tables(path)
    assert len(tables.organizations) == 0 and int(tables.row_counts["rows_read"].sum()) == 0
    assert len(tables.problems) == 0
    # Numbered instead of marked, the examples are rows: one of each; all valid but 主管包建's, whose
    # social organization is not the (enterprise) example of 两新组织.
    book = load_workbook(path)
    for spec in SHEETS:
        book[spec.name]["A2"] = 1
    book.save(tmp_path / "填了.xlsx")
    tables = load_tables(tmp_path / "填了.xlsx")
    assert tables.row_counts.set_index("sheet")["rows_read"].to_dict() == {spec.name: 1 for spec in SHEETS}
    assert tables.rejected[["sheet", "row", "code"]].values.tolist() == [["主管包建", 2, "UNKNOWN_ORG"]]
    assert tables.warnings.empty
    assert tables.organizations["credit_code"].tolist() == ["91440307MA5DA0001P"]


@pytest.fixture(scope="module")
def through_libreoffice(tmp_path_factory):
    """The template (with the long street list on its hidden sheet) opened and saved by LibreOffice."""
    from tests.loaders.office import convert

    folder = tmp_path_factory.mktemp("office")
    return convert(write_template(folder / "模板.xlsx", streets=MANY), "xlsx", folder)


def test_the_template_survives_libreoffice(through_libreoffice):
    book = load_workbook(through_libreoffice)
    assert book.sheetnames == ["说明"] + [s.name for s in SHEETS] + ["选项"]
    assert book["选项"].sheet_state == "hidden"
    found = _validations(book)
    # LibreOffice 7 keeps each drop-down on its column from row 2, over its first 1000 rows at least
    assert {k: f for k, (f, _) in found.items()} == _expected("选项!$A$1:$A$60")  # LibreOffice drops the quotes
    assert {row for _, row in found.values()} == {2}
    assert all(min(r.max_row for r in dv.sqref.ranges) >= 1001 for s in book.worksheets for dv in s.data_validations.dataValidation)
    tables = load_tables(through_libreoffice)
    assert len(tables.organizations) == 0 and len(tables.rejected) == 0


def test_the_guide_prints_one_page_wide(tmp_path):
    """Printed, each line of 说明's column table keeps its last column (the note) on the same page."""
    from tests.loaders.office import convert

    pdf = convert(write_template(tmp_path / "模板.xlsx"), "pdf", tmp_path)
    text = subprocess.run(["pdftotext", "-layout", "-f", "1", "-l", "3", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    lines = [line for line in text.splitlines() if "credit_code" in line]
    assert lines and all("32100" in line for line in lines)  # 统一社会信用代码's note: 18位，按GB 32100-2015校验
