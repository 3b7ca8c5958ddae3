"""Mark problems up in a copy of an .xlsx package, leaving everything else as it was.

The copy is the unit's own workbook: its values, formulas, formats, widths and merges stay byte
for byte; only the problem cells get a fill (their own style with a fill added) and a comment, and
a 问题清单 sheet goes in front. Reading and writing the whole workbook cell by cell (openpyxl,
or a new file with xlsxwriter) takes longer than ``analyze`` itself on 100,000 organizations;
this patches the package's XML instead and copies every other part as it is.

A package this cannot patch safely (no ``r`` on its rows or cells, a prefixed namespace, comments
of its own) makes :func:`mark_xlsx` return False; :mod:`liangxin.loaders.markup_copy` then
writes the copy anew.
"""

import logging
import re
import zipfile
from html import unescape
from posixpath import basename, dirname, join, normpath

from liangxin.loaders.limits import column_index, column_letter
from liangxin.loaders.markup_sheet import FILLS, LISTING_SHEET, comment_text, comments_xml, listing_xml, vml_xml

__all__ = ["mark_xlsx"]

log = logging.getLogger(__name__)

_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_SHEET_REL = f"{_REL}/worksheet"
_COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_VML_TYPE = "application/vnd.openxmlformats-officedocument.vmlDrawing"
_ROW = re.compile(rb"<row\b[^>]*?>")
_ROW_NUMBER = re.compile(rb'\sr="(\d+)"')
_CELL = re.compile(rb"<c(?=[\s/>])[^>]*>")
_CELL_REF = re.compile(rb'\sr="([A-Z]{1,3})(\d+)"')
#: The blocks of shape ids a VML drawing claims (``<o:idmap data="1,2"/>``).
_IDMAP = re.compile(rb'<(?:[\w.-]+:)?idmap\b[^>]*?\bdata="([0-9, ]*)"')  # o:idmap, or ns0:idmap (openpyxl)
_STYLE = re.compile(rb'\ss="(\d+)"')
#: Top-level worksheet elements that follow <legacyDrawing> (ECMA-376, CT_Worksheet).
_AFTER_LEGACY = (b"<legacyDrawingHF", b"<drawingHF", b"<picture", b"<oleObjects", b"<controls",
                 b"<webPublishItems", b"<tableParts")


class _Unpatchable(Exception):
    """The package is not in a form this module patches; the copy is written anew."""


def _sheet_parts(archive):
    """``[(name, part path, rel id)]`` of the workbook's sheets in tab order."""
    workbook = archive.read("xl/workbook.xml").decode("utf-8")
    rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    targets = {}
    for rel in re.findall(r"<Relationship\b[^>]*>", rels):
        rid, target = re.search(r'\bId="([^"]*)"', rel), re.search(r'\bTarget="([^"]*)"', rel)
        if rid and target:
            path = target.group(1)
            targets[rid.group(1)] = path.lstrip("/") if path.startswith("/") else normpath(join("xl", path))
    parts = []
    for tag in re.findall(r"<sheet\b[^>]*>", workbook):
        name, rid = re.search(r'\bname="([^"]*)"', tag), re.search(r'\b\w+:id="([^"]*)"', tag)
        if not name or not rid or rid.group(1) not in targets:
            raise _Unpatchable("a sheet without its part")
        parts.append((unescape(name.group(1)), targets[rid.group(1)], rid.group(1)))
    return parts


def _styles(styles: bytes, wanted):
    """styles.xml with the fills and cell formats `wanted` needs: ``(styles, {(old, kind): new})``.

    `wanted` is a set of ``(old style index, kind)``; kind is a key of :data:`FILLS` or ``head``
    (the 问题清单 header, bold) or ``link`` (its cell links).
    """
    text = styles.decode("utf-8")
    fills, fonts, xfs = (re.search(rf"<{tag}\b[^>]*>(.*?)</{tag}>", text, re.S) for tag in ("fills", "fonts", "cellXfs"))
    if not (fills and fonts and xfs):
        raise _Unpatchable("styles without fills, fonts or cell formats")
    xf_list = re.findall(r"<xf\b[^>]*?/>|<xf\b[^>]*?>.*?</xf>", xfs.group(1), re.S)
    n_fills = len(re.findall(r"<fill\b", fills.group(1)))
    n_fonts = len(re.findall(r"<font\b", fonts.group(1)))
    fill_id = {kind: n_fills + i for i, kind in enumerate(FILLS)}
    new_fills = "".join(f'<fill><patternFill patternType="solid"><fgColor rgb="{rgb}"/><bgColor indexed="64"/>'
                        f"</patternFill></fill>" for rgb in FILLS.values())
    new_fonts = '<font><b/><sz val="11"/></font><font><u/><sz val="11"/><color rgb="FF0563C1"/></font>'
    mapping, added = {}, []
    for old, kind in sorted(wanted):
        if kind == "head":
            xf = f'<xf numFmtId="0" fontId="{n_fonts}" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
        elif kind == "link":
            xf = f'<xf numFmtId="0" fontId="{n_fonts + 1}" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
        else:
            base = xf_list[old] if old < len(xf_list) else '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
            xf = re.sub(r'\s(?:fillId|applyFill)="[^"]*"', "", base, count=2)
            xf = re.sub(r"^<xf\b", f'<xf fillId="{fill_id[kind]}" applyFill="1"', xf)
        mapping[(old, kind)] = len(xf_list) + len(added)
        added.append(xf)

    def grow(match, extra, count):
        body = match.group(0)
        head = re.sub(r'\scount="\d+"', "", body[:body.index(">")]) + f' count="{count}">'
        return head + match.group(1) + extra + body[body.rindex("</"):]

    changes = sorted([(fills, new_fills, n_fills + len(FILLS)), (fonts, new_fonts, n_fonts + 2),
                      (xfs, "".join(added), len(xf_list) + len(added))], key=lambda change: change[0].start())
    for match, extra, count in reversed(changes):  # from the end, so earlier positions hold
        text = text[:match.start()] + grow(match, extra, count) + text[match.end():]
    return text.encode("utf-8"), mapping


def _cell_styles(data: bytes, marks):
    """The style index now on each marked cell of the sheet XML `data`: ``{(row, col): style}``.

    `marks` maps an Excel row to the set of its marked columns. A marked cell not written holds style 0.
    """
    found = {}
    start = data.find(b"<sheetData")
    if start < 0 or data.find(b"</sheetData>", start) < 0:
        raise _Unpatchable("no <sheetData> with rows (a prefixed namespace, or an empty sheet)")
    for row, tag, body_start, body_end in _rows(data, start, marks):
        for col, cell in _cells(data, body_start, body_end) if tag is not None else ():
            if col in marks[row]:
                style = _STYLE.search(cell.group(0))
                found[(row, col)] = int(style.group(1)) if style else 0
    for row, cols in marks.items():
        for col in cols:
            found.setdefault((row, col), 0)
    return found


def _rows(data, start, marks):
    """Each marked row's start tag and body span: ``(row, tag match or None, body start, body end)``.

    Rows are found by their ``<row r="N"`` directly (a row's number is its first attribute as
    Excel, LibreOffice, WPS and xlsxwriter write it); where one is not found so, the rows are
    walked one by one (:func:`_walk_rows`), which also finds where a row not written goes.
    """
    found, position = [], start
    for row in sorted(marks):
        at = data.find(b'<row r="%d"' % row, position)
        if at < 0 or data[at + len(b'<row r="%d"' % row)] not in b" />":
            return list(_walk_rows(data, start, marks))
        match = _ROW.match(data, at)
        body_end = match.end() if match.group(0).endswith(b"/>") else data.find(b"</row>", match.end())
        found.append((row, match, match.end(), body_end))
        position = body_end
    return found


def _walk_rows(data, start, marks):
    """:func:`_rows` by walking every row tag."""
    wanted = sorted(marks)
    end = data.find(b"</sheetData>", start)
    position, i = start, 0
    for match in _ROW.finditer(data, start, end if end >= 0 else len(data)):
        if i == len(wanted):
            return
        number = _ROW_NUMBER.search(match.group(0))
        if number is None:
            raise _Unpatchable("a row without its number")
        row = int(number.group(1))
        while i < len(wanted) and wanted[i] < row:
            yield wanted[i], None, match.start(), match.start()  # not written: a new row goes before
            i += 1
        if i < len(wanted) and wanted[i] == row:
            closed = match.group(0).endswith(b"/>")
            body_end = match.end() if closed else data.find(b"</row>", match.end())
            yield row, match, match.end(), body_end
            i += 1
        position = match.end()
    for row in wanted[i:]:
        at = end if end >= 0 else position
        yield row, None, at, at


def _cells(data, start, end):
    """``(col, start tag)`` of each cell between `start` and `end`, with the tag's span."""
    for match in _CELL.finditer(data, start, end):
        ref = _CELL_REF.search(match.group(0))
        if ref is None:
            raise _Unpatchable("a cell without its reference")
        yield column_index(ref.group(1)), match


def _patch_sheet(data: bytes, marks, styles, legacy_rid):
    """The sheet XML `data` with each marked cell's style set and a <legacyDrawing> added.

    `styles` maps ``(row, col)`` to the new style index of the cell.
    """
    if b"<legacyDrawing " in data or b"<legacyDrawing>" in data:
        raise _Unpatchable("the sheet has comments of its own")
    out, position, cut = [], 0, memoryview(data)  # slices of a memoryview are not copies
    for row, tag, body_start, body_end in _rows(data, data.find(b"<sheetData"), marks):
        cols = sorted(marks[row])
        if tag is None:  # a row not written: a new one with the marked cells
            out += [cut[position:body_start], f'<row r="{row}">'.encode(), _new_cells(row, cols, styles), b"</row>"]
            position = body_start
            continue
        if tag.group(0).endswith(b"/>"):  # <row r="5"/>: opened, to hold the cells
            out += [cut[position:tag.start()], tag.group(0)[:-2] + b">", _new_cells(row, cols, styles), b"</row>"]
            position = tag.end()
            continue
        pending = list(cols)
        for col, cell in _cells(data, body_start, body_end):
            before = [c for c in pending if c < col]
            if before:
                out += [cut[position:cell.start()], _new_cells(row, before, styles)]
                position = cell.start()
                pending = [c for c in pending if c >= col]
            if pending and pending[0] == col:
                out += [cut[position:cell.start()], _restyled(cell.group(0), styles[(row, col)])]
                position = cell.end()
                pending.pop(0)
        if pending:
            out += [cut[position:body_end], _new_cells(row, pending, styles)]
            position = body_end
    at, element = _legacy_drawing(data, legacy_rid)
    out += [cut[position:at], element, cut[at:]]
    return b"".join(out)


def _new_cells(row, cols, styles):
    return b"".join(f'<c r="{column_letter(c)}{row}" s="{styles[(row, c)]}"/>'.encode() for c in cols)


def _restyled(tag: bytes, style: int) -> bytes:
    if _STYLE.search(tag):
        return _STYLE.sub(f' s="{style}"'.encode(), tag, count=1)
    return re.sub(rb"^<c\b", f'<c s="{style}"'.encode(), tag)


def _legacy_drawing(data: bytes, rid: str):
    """Where the <legacyDrawing> goes in the sheet XML `data`, and the element: ``(offset, element)``.

    Only the part after </sheetData> is searched (a few hundred bytes, however many rows).
    """
    element = f'<legacyDrawing r:id="{rid}" xmlns:r="{_REL}"/>'.encode()
    tail_at = data.rfind(b"</sheetData>")
    tail = bytes(data[tail_at:])
    candidates = [tail.find(tag) for tag in _AFTER_LEGACY]
    candidates.append(tail.find(b"<extLst", max(tail.rfind(b"</conditionalFormatting>"), 0)))
    candidates.append(tail.rfind(b"</worksheet>"))
    return tail_at + min(c for c in candidates if c >= 0), element


def _sheet_rels_path(part: str) -> str:
    return join(dirname(part), "_rels", basename(part) + ".rels")


def _relative(from_part: str, to_part: str) -> str:
    """`to_part` as a relationship target relative to `from_part`'s folder (``../comments1.xml``)."""
    here, there = dirname(from_part).split("/"), to_part.split("/")
    common = 0
    while common < min(len(here), len(there) - 1) and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:])


def _with_relationships(rels: bytes | None, new) -> bytes:
    """A relationships part with `new` (``[(id, type, target)]``) added."""
    items = "".join(f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"/>' for rid, kind, target in new)
    if rels is None:
        return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
                f'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{items}</Relationships>').encode()
    return rels.replace(b"</Relationships>", items.encode() + b"</Relationships>", 1)


def _content_types(types: bytes, overrides) -> bytes:
    text = types.decode("utf-8")
    add = "".join(f'<Override PartName="/{part}" ContentType="{kind}"/>' for part, kind in overrides)
    if not re.search(r'<Default\b[^>]*Extension="vml"', text, re.I):
        add = f'<Default Extension="vml" ContentType="{_VML_TYPE}"/>' + add
    return text.replace("</Types>", add + "</Types>", 1).encode("utf-8")


def _workbook(workbook: bytes, rid: str) -> bytes:
    """workbook.xml with 问题清单 as the first sheet, shown on opening; sheet-local names follow their sheets."""
    text = workbook.decode("utf-8")
    ids = [int(i) for i in re.findall(r'<sheet\b[^>]*\bsheetId="(\d+)"', text)]
    prefix = re.search(r'<sheet\b[^>]*\b(\w+):id="', text).group(1)
    first = (f'<sheet xmlns:{prefix}="{_REL}" name="{LISTING_SHEET}" sheetId="{max(ids, default=0) + 1}" '
             f'{prefix}:id="{rid}"/>')
    if "<sheets>" not in text:
        raise _Unpatchable("no plain <sheets> in workbook.xml")
    text = text.replace("<sheets>", "<sheets>" + first, 1)
    text = re.sub(r'localSheetId="(\d+)"', lambda m: f'localSheetId="{int(m.group(1)) + 1}"', text)
    text = re.sub(r'\s(?:activeTab|firstSheet)="\d+"', "", text)
    return text.encode("utf-8")


def _unselected(data: bytes) -> bytes:
    """A sheet no longer selected (the 问题清单 is): else Excel opens with the two grouped."""
    head = data[:4096]
    if b'tabSelected="1"' not in head:
        return data
    return head.replace(b' tabSelected="1"', b"", 1) + data[4096:]


def _plan(marks, parts):
    """Which sheet parts get which marks: ``{part: {row: {col: [(severity, reason)]}}}``."""
    by_name = {name: part for name, part, _ in parts}
    plan = {}
    for item in marks.itertuples(index=False):
        if item.raw_sheet is None or item.raw_sheet not in by_name:
            continue
        cell = plan.setdefault(by_name[item.raw_sheet], {}).setdefault(int(item.row), {}).setdefault(int(item.col), [])
        cell.append((item.severity, item.reason))
    return plan


def _cell_kinds(cells):
    """The fill kind of each marked cell: rejected wins over warning."""
    return {rc: ("rejected" if any(s == "rejected" for s, _ in items) else "warning") for rc, items in cells.items()}


def mark_xlsx(source, target, located, listing) -> bool:
    """Write `source` to `target` with the problems of `located` marked and 问题清单 in front.

    Parameters
    ----------
    located : DataFrame
        The file's problems with their cells (``raw_sheet``, ``row``, ``col``, ``severity``, ``reason``).
    listing : list
        The 问题清单 rows (:func:`liangxin.loaders.markup_sheet.listing_rows`).

    Returns
    -------
    bool
        False when the package is not in a form this patches (nothing is written then).
    """
    try:
        with zipfile.ZipFile(source) as archive:
            parts = _sheet_parts(archive)
            if any(name == LISTING_SHEET for name, _, _ in parts):
                raise _Unpatchable("a 问题清单 of an earlier check")
            written = _patched_parts(archive, parts, located, listing)
            _write_package(archive, target, written)
    except (_Unpatchable, KeyError, UnicodeDecodeError, AttributeError, zipfile.BadZipFile) as error:
        log.info("writing %s anew: %s", target, error)
        return False
    return True


def _patched_parts(archive, parts, located, listing):
    """Every part that changes, by its path, with its new bytes."""
    plan = _plan(located, parts)
    written, styles_wanted, cell_styles = {}, {(0, "head"), (0, "link")}, {}
    for part, rows in plan.items():
        data = archive.read(part).replace(b"<sheetData/>", b"<sheetData></sheetData>", 1)
        kinds = {(r, c): kind for r, cols in rows.items() for c, kind in _cell_kinds(cols).items()}
        old = _cell_styles(data, {r: set(cols) for r, cols in rows.items()})
        styles_wanted |= {(old[rc], kinds[rc]) for rc in kinds}
        cell_styles[part] = (data, old, kinds)
    written["xl/styles.xml"], new_style = _styles(archive.read("xl/styles.xml"), styles_wanted)
    overrides, block = [], _first_free_block(archive)
    existing = set(archive.namelist())
    for n, (part, rows) in enumerate(plan.items(), start=1):
        data, old, kinds = cell_styles[part]
        styles = {rc: new_style[(old[rc], kinds[rc])] for rc in kinds}
        notes = [(r, c, comment_text(items)) for r in sorted(rows) for c, items in sorted(rows[r].items())]
        comments, vml = f"xl/comments_lx{n}.xml", f"xl/drawings/vmlDrawing_lx{n}.vml"
        if comments in existing or vml in existing:
            raise _Unpatchable("parts named like ours")
        rels_path = _sheet_rels_path(part)
        rels = archive.read(rels_path) if rels_path in existing else None
        written[part] = _unselected(_patch_sheet(data, {r: set(cols) for r, cols in rows.items()}, styles, "rIdLx2"))
        written[rels_path] = _with_relationships(rels, [
            ("rIdLx1", f"{_REL}/comments", _relative(part, comments)),
            ("rIdLx2", f"{_REL}/vmlDrawing", _relative(part, vml))])
        written[comments], written[vml] = comments_xml(notes), vml_xml(notes, block)
        block += len(notes) // 1024 + 1
        overrides.append((comments, _COMMENTS_TYPE))
    for name, part, _ in parts:  # the 问题清单 is the one tab selected
        if part not in written and b'tabSelected="1"' in archive.open(part).read(4096):
            written[part] = _unselected(archive.read(part))
    listing_part = "xl/worksheets/sheet_lx_list.xml"
    written[listing_part] = listing_xml(listing, new_style[(0, "head")], new_style[(0, "link")])
    overrides.append((listing_part, _SHEET_TYPE))
    written["xl/workbook.xml"] = _workbook(archive.read("xl/workbook.xml"), "rIdLx0")
    written["xl/_rels/workbook.xml.rels"] = _with_relationships(
        archive.read("xl/_rels/workbook.xml.rels"), [("rIdLx0", _SHEET_REL, "worksheets/sheet_lx_list.xml")])
    written["[Content_Types].xml"] = _content_types(archive.read("[Content_Types].xml"), overrides)
    return written


def _first_free_block(archive):
    """The first block of VML shape ids no drawing of the workbook claims: the comments already on
    other sheets keep their ids, ours never repeat them (Excel would repair the file)."""
    used = [int(number) for name in archive.namelist() if name.lower().endswith(".vml")
            for found in _IDMAP.finditer(archive.read(name)) for number in found.group(1).split(b",") if number.strip()]
    return max(used, default=0) + 1


def _write_package(archive, target, written):
    """Copy `archive` to `target`, replacing and adding the parts `written`."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for info in archive.infolist():
            data = written.pop(info.filename, None)
            out.writestr(info.filename, data if data is not None else archive.read(info.filename))
        for name, data in written.items():
            out.writestr(name, data)
