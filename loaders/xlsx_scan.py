"""Look inside a .xlsx package before calamine reads it (issue 19).

calamine lays every sheet out as one rectangle from A1 to its farthest cell, and aborts the
whole process when that rectangle does not fit in memory (one stray value in XFD1048576 asks for
550 GB). It also reads an Excel error value (``#N/A``) as an empty cell. So before calamine
opens a workbook this module checks, from the package itself:

- its unpacked size, and against its packed size (a 1.5 MB file of 1.5 GB of text);
- whether it is a workbook with an open password (an encrypted package, not a zip);
- each sheet's farthest cell with content, against the limits;
- where the error values are, so that they are read as Excel shows them.
"""

import html
import logging
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from liangxin.errors import LiangxinInputError
from liangxin.loaders.limits import cell_name, column_index

__all__ = ["SheetScan", "check_package", "scan_sheets", "is_encrypted_package", "refuse_far"]

log = logging.getLogger(__name__)

_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_MB = 1 << 20
_RATIO_FLOOR = 10 * _MB  # smaller packages may compress as well as they like
_CHUNK = 1 << 22
#: A cell reference as a ``<c r="…">`` element writes it (also `` r=`` of nothing else in a sheet).
_REF = re.compile(rb' r="([A-Z]{1,4})(\d{1,9})"')
#: The same, where the element has content (a self-closing ``<c …/>`` is a formatted empty cell).
_FILLED_REF = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?c\b[^>]*? r="([A-Z]{1,4})(\d{1,9})"[^>]*?(/?)>')
_ERROR_CELL = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?c\b([^>]*?)\bt="e"([^>]*?)(?<!/)>'
                         rb'((?:(?!<(?:[A-Za-z_][\w.-]*:)?c\b).)*?)</(?:[A-Za-z_][\w.-]*:)?c>', re.S)
_VALUE = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?v>([^<]{1,32})<')
@dataclass
class SheetScan:
    """What the package says of one sheet: its extent with content, and its error cells."""

    rows: int = 0  # the farthest row with content (1-based; 0: none)
    columns: int = 0  # the farthest column with content (1-based; 0: none)
    far_column_cell: str = ""  # a cell in that column (XFD1048576)
    #: ``(row, column, text)``, 0-based, of each cell holding an Excel error value (#N/A, #DIV/0!…).
    errors: list = field(default_factory=list)


def is_encrypted_package(path):
    """Whether `path` is an Office file protected by an open password (an encrypted package:
    a compound file holding an ``EncryptedPackage`` stream, where a workbook is a zip)."""
    from liangxin.loaders.xls_scan import stream_names

    try:
        with open(path, "rb") as file:
            if file.read(8) != _OLE_MAGIC:
                return False
            file.seek(0)
            data = file.read()
    except OSError:
        return False
    try:
        names = stream_names(data)
    except Exception as error:  # a damaged compound file
        log.debug("no directory in %s: %s", path, error)
        names = set()
    return "EncryptedPackage" in names if names else _ENCRYPTED_STREAM in data  # unreadable: the name anywhere


def check_package(path, archive, limits):
    """Refuse a package that unpacks to more than the limits allow."""
    packed = path.stat().st_size
    unpacked = sum(max(info.file_size, 0) for info in archive.infolist())
    ratio = unpacked / max(packed, 1)
    if unpacked > limits.max_unpacked_mb * _MB or (unpacked > _RATIO_FLOOR and ratio > limits.max_unpack_ratio):
        raise LiangxinInputError(
            f"无法读取文件 {path}：工作簿解压后有 {unpacked / _MB:,.0f} MB，是文件大小 {packed / _MB:,.1f} MB 的 "
            f"{ratio:,.0f} 倍，超过上限（{limits.max_unpacked_mb:,} MB、{limits.max_unpack_ratio:,} 倍，规则文件 "
            "[limits] 的 max_unpacked_mb、max_unpack_ratio）；文件可能已损坏或被篡改，请用 Excel/WPS 打开后另存")


def _tags(xml, tag):
    """The attributes of each ``<tag …>`` element in `xml` (bytes), read with a pattern, not a
    parser: a package's XML is not trusted (no entity is expanded, no DTD read)."""
    for element in re.finditer(rb"<(?:[A-Za-z_][\w.-]*:)?" + tag + rb"\b([^>]*)>", xml):
        yield {key.decode("ascii", "replace"): _unescape(value)
               for key, value in re.findall(rb'([\w.:-]+)\s*=\s*"([^"]*)"', element.group(1))}


def _unescape(value):
    text = value.decode("utf-8", "replace")
    text = re.sub(r"&#(x[0-9a-fA-F]+|\d+);", lambda m: chr(int(m.group(1)[1:], 16) if m.group(1)[0] == "x"
                                                             else int(m.group(1))), text)
    return html.unescape(text) if "&" in text else text


def _sheet_parts(archive):
    """Sheet name → the package part holding it, from the workbook and its relationships.

    Where the package does not say, every worksheet part, named by its part.
    """
    try:
        workbook = archive.read("xl/workbook.xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error) as error:
        log.debug("no sheet list in the package: %s", error)
        return {name: name for name in archive.namelist() if re.fullmatch(r"xl/worksheets/[^/]+\.xml", name)}
    targets = {rel.get("Id"): rel.get("Target", "") for rel in _tags(rels, rb"Relationship")}
    parts = {}
    for sheet in _tags(workbook, rb"sheet"):
        rid = next((value for key, value in sheet.items() if key.endswith(":id")), None)
        target = targets.get(rid, "")
        if "name" in sheet and target:
            parts[sheet["name"]] = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
    return parts


def _chunks(archive, part):
    """The part's text in pieces that each end before a row (or at least a tag): no cell is cut in two."""
    with archive.open(part) as stream:
        tail = b""
        while True:
            chunk = stream.read(_CHUNK)
            if not chunk:
                if tail:
                    yield tail
                return
            data = tail + chunk
            cut = data.rfind(b"<row")  # whole rows, so that no cell is cut in two ...
            cut = data.rfind(b"<") if cut < len(data) // 2 else cut  # ... unless a row is that long
            cut = len(data) if cut <= 0 else cut
            tail = data[cut:]
            yield data[:cut]


def _extent(refs, scan):
    if refs and len(refs[0]) == 3:  # precise: leave out the self-closing (empty) cells
        refs = [(column, row) for column, row, closed in refs if not closed]
    if not refs:
        return
    columns, rows = zip(*refs)
    scan.rows = max(scan.rows, max(map(int, set(rows))))
    farthest = max(set(columns), key=column_index)
    if column_index(farthest) + 1 > scan.columns:
        scan.columns = column_index(farthest) + 1
        scan.far_column_cell = (farthest + rows[columns.index(farthest)]).decode("ascii")


def _errors(data, scan):
    if b't="e"' not in data:
        return
    for match in _ERROR_CELL.finditer(data):
        ref = _REF.search(b" " + match.group(1) + match.group(2))
        value = _VALUE.search(match.group(3))
        if ref and value:
            row, column = int(ref.group(2)) - 1, column_index(ref.group(1))
            scan.errors.append((row, column, value.group(1).decode("ascii", "replace")))


def _greater_number(number):
    """A pattern of the decimal numbers (no leading zero) greater than `number`."""
    digits = str(number)
    parts = [rf"[1-9]\d{{{len(digits)},}}"]
    parts += [rf"{digits[:i]}[{int(d) + 1}-9]\d{{{len(digits) - i - 1}}}" for i, d in enumerate(digits) if d != "9"]
    return "(?:" + "|".join(parts) + ")"


def _greater_letters(letters):
    """A pattern of the column names greater than `letters` (longer, or later at the same length)."""
    parts = [f"[A-Z]{{{len(letters) + 1},}}"]
    parts += [f"{letters[:i]}[{chr(ord(c) + 1)}-Z][A-Z]{{{len(letters) - i - 1}}}"
              for i, c in enumerate(letters) if c != "Z"]
    return "(?:" + "|".join(parts) + ")"


def _beyond(scan):
    """A pattern of the cell references past `scan`'s extent in either direction."""
    letters = (scan.far_column_cell.rstrip("0123456789") or "A") if scan.columns else "@"
    columns = _greater_letters(letters) if scan.columns else "[A-Z]+"
    return re.compile((rf' r="(?:{columns}\d+|[A-Z]{{1,4}}{_greater_number(scan.rows)})"').encode())


def _scan_part(archive, part, precise=False):
    """The sheet's extent and error cells.

    Cells are written row by row, so the last reference of a piece of the part is usually its
    farthest row: each piece is searched (at the regular expression engine's speed) for a
    reference past the extent so far, and only a piece holding one has its references listed.
    """
    scan = SheetScan()
    for data in _chunks(archive, part):
        if precise or not scan.rows:
            _extent((_FILLED_REF if precise else _REF).findall(data), scan)
        else:
            last = _REF.match(data, max(data.rfind(b' r="'), 0))
            if last:
                _extent([last.groups()], scan)
            if _beyond(scan).search(data):
                _extent(_REF.findall(data), scan)
        _errors(data, scan)
    return scan


def _too_far(scan, limits):
    return scan.columns > limits.max_columns or scan.rows * scan.columns > limits.max_cells


def scan_sheets(path, archive, limits):
    """Scan every sheet of the package; refuse one reaching past the limits.

    Returns
    -------
    dict of str to SheetScan
        Keyed by sheet name; sheets the package does not list are left out.
    """
    scans = {}
    for name, part in _sheet_parts(archive).items():
        try:
            scan = _scan_part(archive, part)
            if _too_far(scan, limits):  # formatted empty cells do not count: look again, closer
                scan = _scan_part(archive, part, precise=True)
        except LiangxinInputError:
            raise
        except Exception as error:  # a damaged part: calamine will say what is wrong with it
            log.debug("could not scan sheet %s (%s): %s", name, part, error)
            continue  # calamine will say what is wrong with it
        refuse_far(path, name, scan, limits)
        scans[name] = scan
    return scans


def refuse_far(path, name, scan, limits):
    """Refuse a sheet whose farthest cell (`scan`) lies past the limits, naming it."""
    where = f"文件 {path} 的工作表“{name}”"
    if scan.columns > limits.max_columns:
        raise LiangxinInputError(
            f"{where}在 {scan.far_column_cell}（第 {scan.columns:,} 列）还有内容，超过列数上限 "
            f"{limits.max_columns:,}（规则文件 [limits] 的 max_columns）；请删除表格右侧多余的列后另存")
    if scan.rows * scan.columns > limits.max_cells:
        raise LiangxinInputError(
            f"{where}的内容一直延伸到 {cell_name(scan.rows - 1, scan.columns - 1)}（{scan.rows:,} 行 × "
            f"{scan.columns:,} 列），超过单元格数上限 {limits.max_cells:,}（规则文件 [limits] 的 max_cells）；"
            "请删除表格下方和右侧多余的单元格后另存")
