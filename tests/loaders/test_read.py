import pytest

from liangxin.errors import LiangxinInputError
from liangxin.loaders.read import decode_csv_bytes, read_raw_sheets


@pytest.mark.parametrize("encoding, expected", [("utf-8", "utf-8-sig"), ("utf-8-sig", "utf-8-sig"),
                                                ("gb18030", "gb18030")])
def test_csv_encodings_told_apart(encoding, expected):
    sample = "组织名称,街道\n深圳市龙岗区平湖街道餐饮协会,平湖街道\n乙电子有限公司,布吉\n".encode(encoding)
    assert decode_csv_bytes(sample) == expected


def test_csv_folder_reads_gb18030_and_bom_alike(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    content = "街道,社区\r\n平湖街道,山厦社区\r\n"
    (tmp_path / "a" / "街道社区.csv").write_bytes(content.encode("gb18030"))
    (tmp_path / "b" / "街道社区.csv").write_bytes(content.encode("utf-8-sig"))
    grid_a = read_raw_sheets(tmp_path / "a")["街道社区"].grid
    grid_b = read_raw_sheets(tmp_path / "b")["街道社区"].grid
    assert grid_a.values.tolist() == grid_b.values.tolist() == [["街道", "社区"], ["平湖街道", "山厦社区"]]


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig"])
def test_csv_rows_of_different_widths_read_like_padded_ones(tmp_path, encoding):
    # A title row without the trailing commas of the table below it (Notepad, scripts, some WPS exports).
    rows = ["附件3 社会组织“主管包建”联系安排表", "序号,业务主管单位,组织名称", "1, 区民政局 ,甲协会", "", "2,区教育局"]
    ragged, padded = tmp_path / "ragged", tmp_path / "padded"
    for folder, lines in ((ragged, rows), (padded, [r + "," * (2 - r.count(",")) for r in rows])):
        folder.mkdir()
        (folder / "主管包建.csv").write_text("\r\n".join(lines) + "\r\n", encoding=encoding)
    grid = read_raw_sheets(ragged)["主管包建"].grid
    assert grid.values.tolist() == read_raw_sheets(padded)["主管包建"].grid.values.tolist()
    assert grid.values.tolist()[:3] == [["附件3 社会组织“主管包建”联系安排表", None, None],
                                        ["序号", "业务主管单位", "组织名称"], ["1", "区民政局", "甲协会"]]


def test_csv_with_an_unclosed_quote_is_refused_not_read_short(tmp_path):
    (tmp_path / "主管包建.csv").write_text('业务主管单位,组织名称\n区民政局,"甲协会\n区教育局,乙学校\n',
                                          encoding="utf-8")
    with pytest.raises(LiangxinInputError, match="不是有效的 CSV 文件"):
        read_raw_sheets(tmp_path)


def test_excel_numbers_read_as_excel_shows_them(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "两新组织"
    sheet["B3"] = 120.0
    sheet["C3"] = 12.5
    sheet["D3"] = "  文本\u3000"
    workbook.save(tmp_path / "t.xlsx")
    grid = read_raw_sheets(tmp_path / "t.xlsx")["两新组织"].grid
    # The grid starts at A1 whatever the first used cell, so row i is Excel row i + 1.
    assert grid.iloc[2].tolist() == [None, "120", "12.5", "文本"]


@pytest.mark.parametrize("content, message", [
    (b"", "文件是空的"),
    (b"this is not a workbook", "不是有效的 Excel 工作簿"),
])
def test_unreadable_workbooks(tmp_path, content, message):
    path = tmp_path / "台账.xlsx"
    path.write_bytes(content)
    with pytest.raises(LiangxinInputError, match=message) as error:
        read_raw_sheets(path)
    assert str(path) in str(error.value)


def test_missing_file_and_empty_folder(tmp_path):
    with pytest.raises(LiangxinInputError, match="找不到输入文件"):
        read_raw_sheets(tmp_path / "无.xlsx")
    with pytest.raises(LiangxinInputError, match="没有 CSV 文件"):
        read_raw_sheets(tmp_path)


def test_other_suffix_is_refused(tmp_path):
    path = tmp_path / "台账.docx"
    path.write_bytes(b"x")
    with pytest.raises(LiangxinInputError, match="只支持"):
        read_raw_sheets(path)


def test_cells_merged_down_one_column_are_listed_with_the_sheet(tmp_path):
    # Validation gives the top cell's value to the data rows below it; a title merged across is left.
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "街道社区"
    sheet["B1"] = "附件 街道社区表"
    sheet.merge_cells("B1:C1")
    for row in (["街道", "社区"], ["平湖", "山厦"], [None, "白坭坑"], ["布吉", "南岭"]):
        sheet.append([None, *row])
    sheet.merge_cells("B3:B4")
    book.save(tmp_path / "台账.xlsx")
    raw = read_raw_sheets(tmp_path / "台账.xlsx")["街道社区"]
    assert raw.merged_down == ((2, 1, 3),)
    assert raw.grid.iloc[3, 1] is None


def test_a_file_that_cannot_be_opened_is_said_to_be_unreadable(tmp_path, monkeypatch):
    # Windows refuses a file another program holds exclusively; root here ignores permissions.
    folder = tmp_path / "台账"
    folder.mkdir()
    (folder / "两新组织.csv").write_text("组织名称\n甲\n", encoding="utf-8")
    (tmp_path / "台账.xlsx").write_bytes(b"PK")
    real_open = open

    def refuse(path, *args, **kwargs):
        if str(path).endswith((".csv", ".xlsx")):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", refuse)
    monkeypatch.setattr("pathlib.Path.read_bytes", lambda self: refuse(self))
    for path in (folder, tmp_path / "台账.xlsx"):
        with pytest.raises(LiangxinInputError, match="无法读取文件 .*：没有读取权限"):
            read_raw_sheets(path)
