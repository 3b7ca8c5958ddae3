import numpy as np
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


def test_csv_neither_utf8_nor_gb18030_is_refused_as_such(tmp_path):
    # Bytes GB18030 cannot decode, after a UTF-8 line: the encoding is named, not a CSV error.
    (tmp_path / "街道社区.csv").write_bytes("街道,社区\n平湖街道,山厦社区\n".encode() + b"\x81\x20,x\n")
    with pytest.raises(LiangxinInputError, match="UTF-8.*GB18030"):
        read_raw_sheets(tmp_path)


@pytest.mark.parametrize("content", [b"a\x00\xbd\xd6\xb5\xc0,b\r\n", b"x,y\r\n" * 3 + b"a\x00\xff\xfe,b\r\n"])
def test_csv_encoding_is_that_of_every_byte_even_after_a_nul(tmp_path, content):
    # pandas reads the cell as UTF-8 only when every byte of it is UTF-8, NULs and all.
    (tmp_path / "街道社区.csv").write_bytes(content)
    try:
        expected = content.decode(decode_csv_bytes(content)).replace("\r\n", "\n").splitlines()[-1].split(",")
    except UnicodeDecodeError:
        with pytest.raises(LiangxinInputError, match="UTF-8.*GB18030"):
            read_raw_sheets(tmp_path)
        return
    assert read_raw_sheets(tmp_path)["街道社区"].grid.values.tolist()[-1] == expected


def test_a_broken_gb18030_csv_is_refused_as_a_broken_csv(tmp_path):
    (tmp_path / "主管包建.csv").write_bytes('业务主管单位,组织名称\n区民政局,"甲协会\n'.encode("gb18030"))
    with pytest.raises(LiangxinInputError, match="不是有效的 CSV 文件"):
        read_raw_sheets(tmp_path)


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig"])
def test_csv_cells_are_trimmed_and_empty_ones_are_none(tmp_path, encoding):
    rows = ["a,b,c,d", " 甲 ,乙\u3000,\t丙,", "丁 戊,,\"\u00a0\",|", '"己 ",庚|,|辛,"x\ny"']
    (tmp_path / "街道社区.csv").write_text("\r\n".join(rows) + "\r\n", encoding=encoding)
    grid = read_raw_sheets(tmp_path)["街道社区"].grid
    assert grid.values.tolist() == [["a", "b", "c", "d"], ["甲", "乙", "丙", None], ["丁 戊", None, None, "|"],
                                    ["己", "庚|", "|辛", "x\ny"]]


@pytest.mark.parametrize("line_break", ["\r\n", "\n", "\r"])
@pytest.mark.parametrize("cell", ["x" * 9, "街道" * 3 + "xxx", '"' + "x\n" * 4 + 'x"', '"' + "x\r" * 4 + 'x"'])
def test_a_csv_cell_over_the_character_limit_is_refused_naming_it(tmp_path, line_break, cell):
    # Each line of a cell spanning lines is short: the cell is over the limit all the same.
    lines = ["a,b", "c,d", f"e,{cell}", "g,h"]
    (tmp_path / "街道社区.csv").write_text(line_break.join(lines) + line_break, encoding="utf-8", newline="")
    with reading_limits(ReadLimits(max_cell_chars=8)), pytest.raises(LiangxinInputError,
                                                                     match="B3.*max_cell_chars"):
        read_raw_sheets(tmp_path)
    with reading_limits(ReadLimits(max_cell_chars=9)):
        assert read_raw_sheets(tmp_path)["街道社区"].grid.shape == (4, 2)


def test_a_long_csv_cell_is_found_whatever_rows_lone_carriage_returns_add(tmp_path):
    # Four rows ended by a lone CR as many as the line feeds inside the quoted cell: as many rows as lines.
    text = "a,b\r\r\n" * 4 + 'e,"x\nx\nx\nx\nx"\ng,h\n'
    (tmp_path / "街道社区.csv").write_text(text, encoding="utf-8", newline="")
    with reading_limits(ReadLimits(max_cell_chars=8)), pytest.raises(LiangxinInputError, match="B9.*max_cell_chars"):
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


# Issue 19: hostile and broken files. The crafted workbooks come from tests/hostile/corpus.py.
from liangxin.loaders.limits import ReadLimits, reading_limits  # noqa: E402
from tests.hostile import corpus  # noqa: E402


def test_a_stray_value_far_away_stops_naming_the_sheet_and_cell(tmp_path):
    # calamine would lay out 1,048,576 × 16,384 cells and abort the process.
    path = corpus.far_cell("XFD1048576")(tmp_path)
    with pytest.raises(LiangxinInputError, match="两新组织.*XFD1048576"):
        read_raw_sheets(path)


def test_a_value_below_a_narrow_table_stops_at_the_cell_limit(tmp_path):
    path = corpus.far_cell("AZ1048576")(tmp_path)
    with pytest.raises(LiangxinInputError, match="AZ1048576.*max_cells"):
        read_raw_sheets(path)



def test_the_limits_in_force_are_those_given(tmp_path):
    path = corpus.handmade.write_xlsx(tmp_path / "台账.xlsx")  # 两新组织 is A1:R21
    with reading_limits(ReadLimits(max_cells=21 * 18 - 1)), pytest.raises(LiangxinInputError, match="R21"):
        read_raw_sheets(path)
    with reading_limits(ReadLimits(max_columns=17)), pytest.raises(LiangxinInputError, match="max_columns"):
        read_raw_sheets(path)
    with reading_limits(ReadLimits(max_cell_chars=5)), pytest.raises(LiangxinInputError, match="max_cell_chars"):
        read_raw_sheets(path)
    assert read_raw_sheets(path, ReadLimits(max_cells=21 * 18))["两新组织"].grid.shape == (21, 18)


def test_an_ods_sheet_reads_to_its_farthest_content(tmp_path):
    grid = read_raw_sheets(corpus.ods_far_cell(tmp_path, 10, 3))["两新组织"].grid
    assert grid.shape == (12, 4) and grid.iloc[11, 3] == "x"


def test_formatted_empty_cells_far_away_are_not_content(tmp_path):
    path = corpus.patch_xlsx(corpus.handmade.write_xlsx(tmp_path / "a.xlsx"), tmp_path / "b.xlsx",
                             {corpus.sheet_part(2): corpus._with_cell("XFD1048576", b'<c r="{ref}" s="0"/>')})
    assert read_raw_sheets(path)["两新组织"].grid.shape == (21, 18)


def test_codes_typed_into_number_cells_read_as_excel_shows_them(tmp_path):
    # 914403001234588000 and …001 both are 914403001234588032 as numbers, which passes the check.
    grid = read_raw_sheets(corpus.number_codes(tmp_path))["两新组织"].grid
    assert grid.iloc[2, 2] == grid.iloc[3, 2] == "9.14403001234588E+17"


def test_an_error_value_reads_as_excel_shows_it_with_a_note(tmp_path):
    source = corpus.handmade.write_xlsx(tmp_path / "a.xlsx")
    path = corpus.patch_xlsx(source, tmp_path / "b.xlsx", {corpus.sheet_part(2): corpus._error_in_k9})
    raw = read_raw_sheets(path)["两新组织"]
    assert raw.grid.iloc[8, 10] == "#N/A"
    assert [(n["row"], n["column"]) for n in raw.notes] == [(9, "K9")]


def test_the_sheet_list_is_read_without_expanding_entities(tmp_path):
    path = corpus.laughs_far_cell(tmp_path)
    with pytest.raises(LiangxinInputError, match="两新组织.*XFD1048576"):
        read_raw_sheets(path)


@pytest.mark.parametrize("build, message", [
    (corpus.unpack_bomb, "max_unpack_ratio"),
    (corpus.long_cell, "R3.*max_cell_chars"),
    (corpus.wide_fill, "XEN1.*max_columns"),
    (corpus.password, "密码"),
    (corpus.xls_password, "密码"),
    (corpus.xls_far_cell, "两新组织.*IV65536"),
    (corpus.ods_far_cell, "两新组织.*XFD1048576"),
    (lambda folder: corpus.ods_far_cell(folder, 20_000, 998), "两新组织.*ALK20002.*max_cells"),
    (corpus.lying_part_sizes, "两新组织"),
])
def test_limits_and_damage_stop_with_one_line(tmp_path, build, message):
    with pytest.raises(LiangxinInputError, match=message) as error:
        read_raw_sheets(build(tmp_path))
    assert "\n" not in str(error.value)


@pytest.mark.parametrize("content", [b"\xef\xbb\xbf", b"\xef\xbb\xbf\r\n", b"\r\n"])
def test_an_empty_csv_saved_by_excel_is_an_empty_sheet(tmp_path, content):
    (tmp_path / "党群共建.csv").write_bytes(content)
    assert read_raw_sheets(tmp_path)["党群共建"].grid.empty


def test_two_csv_files_for_one_sheet_stop_naming_both(tmp_path):
    (tmp_path / "两新组织.csv").write_text("组织名称\n甲\n", encoding="utf-8")
    (tmp_path / "两新组织.CSV").write_text("组织名称\n乙\n", encoding="utf-8")
    with pytest.raises(LiangxinInputError, match="两新组织.CSV、两新组织.csv"):
        read_raw_sheets(tmp_path)


def test_lines_of_many_widths_are_one_table(tmp_path):
    lines = ["标题"] + ["," * i + "x" for i in range(30)]
    (tmp_path / "t.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    grid = read_raw_sheets(tmp_path)["t"].grid
    assert grid.shape == (31, 30) and grid.iloc[30, 29] == "x"


def test_a_quote_closed_many_lines_later_is_noted_with_its_lines(tmp_path):
    rows = ["组织名称,街道", '"甲协会,平湖'] + [f"第{i}行,布吉" for i in range(19)] + ['乙",平湖', "丙,布吉"]
    (tmp_path / "两新组织.csv").write_text("\r\n".join(rows) + "\r\n", encoding="utf-8")
    raw = read_raw_sheets(tmp_path)["两新组织"]
    assert raw.grid.shape == (3, 2)
    assert [(n["row"], n["column"]) for n in raw.notes] == [(2, "A2")]
    assert "第 2–22 行" in raw.notes[0]["reason"] and "两新组织.csv" in raw.notes[0]["reason"]


def test_a_cell_of_two_lines_is_not_noted(tmp_path):
    (tmp_path / "t.csv").write_text('名称,地址\r\n甲,"平湖街道\r\n山厦社区"\r\n', encoding="utf-8")
    assert read_raw_sheets(tmp_path)["t"].notes == ()


def test_csv_errors_name_the_line(tmp_path):
    (tmp_path / "t.csv").write_text('a,b\r\n1,2\r\n"3,4\r\n', encoding="utf-8")
    with pytest.raises(LiangxinInputError, match="第 3 行"):
        read_raw_sheets(tmp_path)


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="FIFOs are POSIX only")
def test_not_a_file_and_a_link_loop_are_said_to_be_so(tmp_path):
    import os

    os.mkfifo(tmp_path / "管道.xlsx")
    with pytest.raises(LiangxinInputError, match="不是普通文件"):
        read_raw_sheets(tmp_path / "管道.xlsx")
    (tmp_path / "环.xlsx").symlink_to("环.xlsx")
    with pytest.raises(LiangxinInputError, match="循环"):
        read_raw_sheets(tmp_path / "环.xlsx")


def test_the_formats_message_lists_ods(tmp_path):
    (tmp_path / "t.numbers").write_bytes(b"x")
    with pytest.raises(LiangxinInputError, match=r"\.ods"):
        read_raw_sheets(tmp_path / "t.numbers")


def test_an_error_cell_takes_only_its_own_value():
    from liangxin.loaders.xlsx_scan import SheetScan, _errors

    scan = SheetScan()
    _errors(b'<c r="A1" t="e"/><c r="B1"><v>5</v></c><c r="C2" s="1" t="e"><f>1/0</f><v>#DIV/0!</v></c>', scan)
    assert scan.errors == [(1, 2, "#DIV/0!")]


def _lines_whole(data):
    """_lines as a mask of the whole file computes it: the reference for the sliced one."""
    text = np.frombuffer(data, dtype=np.uint8)
    breaks = np.flatnonzero(text == ord("\n"))
    returns = np.flatnonzero(text == ord("\r"))
    lone_cr = bool(len(returns)) and bool(returns[-1] == len(text) - 1 or (text[returns + 1] != ord("\n")).any())
    longest = int(np.diff(np.concatenate([[-1], breaks, [len(text)]])).max()) - 1
    return len(breaks) + (not data.endswith(b"\n")), longest, lone_cr


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 64])
def test_lines_counted_slice_by_slice_as_over_the_whole_file(monkeypatch, chunk):
    from liangxin.loaders import read_csv

    monkeypatch.setattr(read_csv, "_CHUNK", chunk)  # slices end inside lines, on feeds, between CR and LF
    rng = np.random.default_rng(chunk)
    cases = [b"", b"a", b"\n", b"\r", b"\r\n", b"ab\ncdef\r\nx", b"a\rb\n", b"abc\r", b"\n\n\nlong line at the end"]
    tokens = [b"a", b",", b"\n", b"\r\n", b"\r"]  # a lone CR in about half of the files, CRLF in most
    cases += [b"".join(rng.choice(tokens, size=int(rng.integers(1, 60)), p=[0.33, 0.2, 0.2, 0.24, 0.03]))
              for _ in range(300)]
    for data in cases:
        assert read_csv._lines(data) == _lines_whole(data), data
