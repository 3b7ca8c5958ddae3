"""The hostile corpus: broken and crafted inputs, written into a folder at test time (issue 19).

Nothing binary is committed: every case starts from the hand-made workbook
(:mod:`tests.fixtures.handmade`) and changes what an attacker or a careless office would. Each
builder takes a folder and returns the input path; :data:`CASES` says what ``liangxin analyze``
must do with it.
"""

import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from openpyxl.utils import get_column_letter

from tests.fixtures import handmade

__all__ = ["Case", "CASES", "patch_xlsx", "sheet_part"]


@dataclass(frozen=True)
class Case:
    """One hostile input: how to build it and the exit status ``liangxin analyze`` must give."""

    name: str
    build: object  # folder -> input path
    status: int
    #: Text the one line on stderr must hold (the file, sheet or cell it names); exit 0 only: none.
    names: tuple = ()


def sheet_part(index):
    """The package part of the `index`-th sheet (1-based) as openpyxl writes it."""
    return f"xl/worksheets/sheet{index}.xml"


def patch_xlsx(source, target, changes):
    """Copy the package `source` to `target`, passing the parts named in `changes` through them."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename in changes:
                data = changes[info.filename](data)
            new.writestr(info.filename, data)
    return Path(target)


def _xlsx(folder, sheets=handmade.SHEETS, name="台账.xlsx"):
    return handmade.write_xlsx(Path(folder) / name, sheets)


def _with_cell(ref, content=b'<c r="{ref}" t="inlineStr"><is><t>x</t></is></c>'):
    """A change adding one cell in its own last row (far below and right of the table)."""
    row = re.match(r"[A-Z]+(\d+)", ref).group(1)
    cell = content.replace(b"{ref}", ref.encode())
    return lambda xml: xml.replace(b"</sheetData>", b'<row r="%s">%s</row></sheetData>' % (row.encode(), cell))


def _patched(folder, changes, sheets=handmade.SHEETS):
    source = _xlsx(folder, sheets, name="原.xlsx")
    return patch_xlsx(source, Path(folder) / "台账.xlsx", changes)


def _chain(*changes):
    """One change of a part made of several, applied in turn."""
    def change(data):
        for step in changes:
            data = step(data)
        return data
    return change


def far_cell(ref):
    """A stray value in `ref` of 两新组织 (case 1)."""
    return lambda folder: _patched(folder, {sheet_part(2): _with_cell(ref)})


def wide_fill(folder):
    """Values filled to the right up to column 16,368 of one row (case 8)."""
    cells = b"".join(b'<c r="%s1" t="n"><v>1</v></c>' % get_column_letter(c + 1).encode() for c in range(20, 16368))
    return _patched(folder, {sheet_part(2): lambda xml: xml.replace(b'<row r="1"', b'<row r="1" spans="1:1"', 1)
                             .replace(b"</c></row>", b"</c>" + cells + b"</row>", 1)})


def wide_headers(folder, extra=950):
    """950 extra named columns, just within the column limit: read, in seconds, without a line of
    pandas warnings per column (case 8)."""
    rows = [list(row) for row in handmade.ORGANIZATIONS]
    rows[1] += [f"额外列{i}" for i in range(extra)]
    for row in rows[2:]:
        row += [None] * (len(handmade.ORG_HEADER) - len(row)) + ["x"] * extra
    return _xlsx(folder, {**handmade.SHEETS, "两新组织": rows})



#: Two 18-digit codes typed into number cells: both read as 914403001234588032 (case 2).
NUMBER_CODES = (914403001234588000, 914403001234588001)


def number_codes(folder, name="台账.xlsx"):
    sheets = {**handmade.SHEETS, "两新组织": [list(row) for row in handmade.ORGANIZATIONS]}
    sheets["两新组织"][2][2], sheets["两新组织"][3][2] = NUMBER_CODES  # 甲科技, 乙电子
    return _xlsx(folder, sheets, name)


def _error_in_k9(xml):
    """``#N/A`` in 党组织状态 of 庚软件 (单独组建), K9 of 两新组织 (case 3)."""
    return re.sub(rb'<c r="K9"[^>]*>.*?</c>', b'<c r="K9" t="e"><v>#N/A</v></c>', xml, count=1)


def _csv_folder(folder):
    return handmade.write_csv_folder(Path(folder) / "台账", encoding="utf-8-sig")


def two_csv_cases(folder):
    """两新组织.CSV beside 两新组织.csv (case 7)."""
    path = _csv_folder(folder)
    (path / "两新组织.CSV").write_bytes((path / "两新组织.csv").read_bytes())
    return path


def unpack_bomb(folder):
    """Text that unpacks a thousand times larger than the file (case 9)."""
    text = b"A" * (24 << 20)
    return _patched(folder, {sheet_part(2): _with_cell("S30", b'<c r="{ref}" t="inlineStr"><is><t>%s</t></is></c>' % text)})


def long_cell(folder):
    """One cell of 40,000 characters, past Excel's own 32,767 (openpyxl would cut it)."""
    text = "备".encode() * 40_000
    return _patched(folder, {sheet_part(2): lambda xml: re.sub(
        rb'<c r="R3"[^>]*>.*?</c>', b'<c r="R3" t="inlineStr"><is><t>%s</t></is></c>' % text, xml, count=1)})


def _compound_file(streams):
    """A compound file (the container of .xls and of encrypted Office files) listing `streams`
    (names) in its directory, each empty: enough for what liangxin looks at."""
    import struct

    header = bytearray(512)
    header[:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIII", header, 0x2C, 1, 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    struct.pack_into("<109I", header, 0x4C, 0, *[0xFFFFFFFF] * 108)
    fat = struct.pack("<128I", 0xFFFFFFFD, 0xFFFFFFFE, *[0xFFFFFFFF] * 126)
    directory = b""
    for name, kind in (("Root Entry", 5), *((stream, 2) for stream in streams)):
        entry = bytearray(128)
        encoded = (name + "\0").encode("utf-16-le")
        entry[:len(encoded)] = encoded
        struct.pack_into("<HB", entry, 0x40, len(encoded), kind)
        struct.pack_into("<II", entry, 0x74, 0xFFFFFFFE, 0)
        directory += bytes(entry)
    return bytes(header) + fat + directory.ljust(512, b"\0")


def password(folder):
    """What Excel writes for a workbook with an open password: a compound file holding an
    encrypted package instead of a zip (case 14)."""
    path = Path(folder) / "台账.xlsx"
    path.write_bytes(_compound_file(["EncryptionInfo", "EncryptedPackage"]))
    return path


def truncated(folder):
    """A workbook cut off halfway through copying."""
    source = _xlsx(folder, name="原.xlsx")
    path = Path(folder) / "台账.xlsx"
    path.write_bytes(source.read_bytes()[: source.stat().st_size // 2])
    return path


def lying_part_sizes(folder):
    """A sheet part whose zip entry is not deflate data."""
    source = _xlsx(folder, name="原.xlsx")
    data = bytearray(source.read_bytes())
    at = data.find(b"xl/worksheets/sheet2.xml") + len("xl/worksheets/sheet2.xml")  # first local header
    data[at: at + 64] = bytes(range(64))
    path = Path(folder) / "台账.xlsx"
    path.write_bytes(bytes(data))
    return path


def _laughs_in_workbook(xml):
    """Entity expansion (billion laughs) in the workbook part."""
    bomb = (b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
            + b"".join(b'<!ENTITY %s "%s">' % (bytes([98 + i]), (b"&%s;" % bytes([97 + i])) * 10) for i in range(9))
            + b"]>")
    return bomb + re.sub(rb"^<\?xml[^>]*\?>", b"", xml).replace(b"<sheets>", b"<sheets>&j;", 1)


def laughs_far_cell(folder):
    """The workbook part unreadable, so sheets are named by part: the far cell is still found."""
    return _patched(folder, {"xl/workbook.xml": _laughs_in_workbook, sheet_part(2): _with_cell("XFD1048576")})


def fifo(folder):
    path = Path(folder) / "台账.xlsx"
    os.mkfifo(path)
    return path


def symlink_loop(folder):
    path = Path(folder) / "台账.xlsx"
    path.symlink_to(path.name)
    return path


def ods_suffix(folder):
    path = Path(folder) / "台账.numbers"
    path.write_bytes(b"PK\x03\x04 not a workbook")
    return path


def _ragged(path):
    """A valid CSV whose lines grow one field at a time (30 widths): read, not refused."""
    with open(path / "挂点促建.csv", "a", encoding="utf-8", newline="") as handle:
        handle.write("".join("," * (8 + i) + "\r\n" for i in range(30)))


def unclosed_quote(folder):
    path = _csv_folder(folder)
    with open(path / "党群共建.csv", "a", encoding="utf-8") as handle:
        handle.write('区妇联,"甲科技有限公司,建妇组织\r\n')
    return path


def _long_quote(path):
    """A quote opened on one line and closed 20 lines later: legal CSV, one cell (case 19)."""
    text = (path / "两新组织.csv").read_text(encoding="utf-8-sig").splitlines()
    text[3] = text[3].replace("乙电子有限公司", '"乙电子有限公司', 1)
    text[23 if len(text) > 23 else -1] += '"'
    (path / "两新组织.csv").write_text("\r\n".join(text) + "\r\n", encoding="utf-8-sig")


def wide_csv(folder):
    """5,000 columns of one CSV line: past the column limit."""
    path = _csv_folder(folder)
    with open(path / "两新组织.csv", "a", encoding="utf-8") as handle:
        handle.write("," * 5000 + "x\r\n")
    return path


def nul_csv(folder):
    path = _csv_folder(folder)
    (path / "街道社区.csv").write_bytes(b"\x00" * 100 + b"\r\n")
    return path


def not_zip(folder):
    path = Path(folder) / "台账.xlsx"
    path.write_bytes(b"PK\x03\x04" + os.urandom(2000))
    return path


def xls_far_cell(folder):
    """The old format's far corner, IV65536: calamine lays it out (512 MB), the reader stops there."""
    sheets = {**handmade.SHEETS, "两新组织": [list(row) for row in handmade.ORGANIZATIONS]}
    sheets["两新组织"] += [[]] * (65535 - len(sheets["两新组织"])) + [[None] * 255 + ["x"]]
    return handmade.write_xls(Path(folder) / "台账.xls", sheets)


def xls_password(folder):
    """An old .xls with an open password: its CODEPAGE record turned into a FILEPASS record."""
    path = handmade.write_xls(Path(folder) / "台账.xls")
    data = path.read_bytes()
    at = data.index(b"\x42\x00\x02\x00")
    path.write_bytes(data[:at] + b"\x2f\x00" + data[at + 2:])
    return path


def ods_far_cell(folder, rows_repeated=1_048_574, columns_repeated=16_383):
    """An OpenDocument sheet whose empty rows and cells repeat to XFD1048576, then a value."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="两新组织">'
        '<table:table-row><table:table-cell office:value-type="string"><text:p>组织名称</text:p>'
        '</table:table-cell></table:table-row>'
        f'<table:table-row table:number-rows-repeated="{rows_repeated}"><table:table-cell/></table:table-row>'
        f'<table:table-row><table:table-cell table:number-columns-repeated="{columns_repeated}"/>'
        '<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>'
        '</table:table></office:spreadsheet></office:body></office:document-content>')
    path = Path(folder) / "台账.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", (
            '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
            'manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/'
            'vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" '
            'manifest:media-type="text/xml"/></manifest:manifest>'))
    return path


def garbage_xls(folder):
    path = Path(folder) / "台账.xls"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + os.urandom(3000))
    return path


def _lxg(folder, change):
    """A saved network (.lxg) with one thing broken (case 12)."""
    from liangxin.graph.store import save_network
    from liangxin.inputs import open_input

    good = Path(folder) / "好.lxg"
    save_network(open_input(_xlsx(folder, name="原.xlsx")), good)
    path = Path(folder) / "网络.lxg"
    change(good, path)
    return path


def lxg_truncated_member(folder):
    def change(good, path):
        with zipfile.ZipFile(good) as old, zipfile.ZipFile(path, "w") as new:
            for info in old.infolist():
                data = old.read(info)
                new.writestr(info.filename, data[: len(data) // 2] if info.filename.endswith(".parquet") else data)
    return _lxg(folder, change)


def lxg_tables_a_list(folder):
    def change(good, path):
        patch_xlsx(good, path, {"meta.json": lambda data: data.replace(b'"tables": [', b'"tables": [[1], ', 1)})
    return _lxg(folder, change)


def lxg_missing_tables(folder):
    def change(good, path):
        with zipfile.ZipFile(good) as old, zipfile.ZipFile(path, "w") as new:
            for info in old.infolist():
                if info.filename in ("meta.json", "geography.parquet"):
                    new.writestr(info.filename, old.read(info))
    return _lxg(folder, change)


def lxg_meta_not_object(folder):
    def change(good, path):
        with zipfile.ZipFile(path, "w") as new:
            new.writestr("meta.json", "[1, 2, 3]")
    return _lxg(folder, change)


def xlsx_quirks(folder):
    """What reads correctly, all in one workbook (a run that succeeds costs seconds): codes typed
    into number cells (case 2), #N/A in K9 (case 3), a formatted empty XFD1048576 (not content)
    and entity expansion in the workbook part (calamine expands none; nothing swells)."""
    source = number_codes(folder, name="原.xlsx")
    return patch_xlsx(source, Path(folder) / "台账.xlsx", {
        sheet_part(2): _chain(_error_in_k9, _with_cell("XFD1048576", b'<c r="{ref}" s="0"/>')),
        "xl/workbook.xml": _laughs_in_workbook})


def csv_quirks(folder):
    """What reads correctly, all in one CSV folder: optional sheets saved empty by Excel as a BOM
    (党群共建) and a BOM and CRLF (责任容量) (case 6), lines of 30 widths (case 18), a quote closed
    20 lines later (case 19)."""
    path = _csv_folder(folder)
    (path / "党群共建.csv").write_bytes(b"\xef\xbb\xbf")
    (path / "责任容量.csv").write_bytes(b"\xef\xbb\xbf\r\n")
    _ragged(path)
    _long_quote(path)
    return path


CASES = [
    Case("far_cell_xfd", far_cell("XFD1048576"), 2, ("两新组织", "XFD1048576")),
    Case("far_cell_az", far_cell("AZ1048576"), 2, ("两新组织", "AZ1048576")),
    Case("wide_fill", wide_fill, 2, ("两新组织",)),
    Case("wide_headers", wide_headers, 0),
    Case("xlsx_quirks", xlsx_quirks, 0),
    Case("csv_quirks", csv_quirks, 0),
    Case("two_csv_cases", two_csv_cases, 2, ("两新组织.CSV",)),
    Case("unpack_bomb", unpack_bomb, 2, ("台账.xlsx",)),
    Case("long_cell", long_cell, 2, ("两新组织", "R3")),
    Case("password", password, 2, ("台账.xlsx", "密码")),
    Case("truncated", truncated, 2, ("台账.xlsx",)),
    Case("lying_part", lying_part_sizes, 2, ("台账.xlsx",)),
    Case("laughs_far_cell", laughs_far_cell, 2, ("台账.xlsx", "XFD1048576")),
    Case("fifo", fifo, 2, ("台账.xlsx",)),
    Case("symlink_loop", symlink_loop, 2, ("台账.xlsx",)),
    Case("other_suffix", ods_suffix, 2, (".ods",)),
    Case("unclosed_quote", unclosed_quote, 2, ("党群共建.csv", "行")),
    Case("wide_csv", wide_csv, 2, ("两新组织.csv",)),
    Case("nul_csv", nul_csv, 2, ("街道社区",)),
    Case("not_zip", not_zip, 2, ("台账.xlsx",)),
    Case("garbage_xls", garbage_xls, 2, ("台账.xls",)),
    Case("xls_far_cell", xls_far_cell, 2, ("两新组织", "IV65536")),
    Case("xls_password", xls_password, 2, ("台账.xls", "密码")),
    Case("ods_far_cell", ods_far_cell, 2, ("两新组织", "XFD1048576")),
    Case("lxg_truncated_member", lxg_truncated_member, 2, ("网络.lxg",)),
    Case("lxg_tables_a_list", lxg_tables_a_list, 2, ("网络.lxg",)),
    Case("lxg_missing_tables", lxg_missing_tables, 2, ("网络.lxg",)),
    Case("lxg_meta_not_object", lxg_meta_not_object, 2, ("网络.lxg",)),
]
