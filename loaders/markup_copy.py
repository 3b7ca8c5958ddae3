"""A marked-up copy written anew: for CSV, .xls and .ods inputs (and a .xlsx that
:mod:`liangxin.loaders.markup_xlsx` cannot patch, such as a copy already marked, with its comments).

The cells are written as a plain .xlsx package straight from the values (each cell keeps its value
and its type as calamine reads it: text stays text, a number a number, a date a date; a CSV file's
cells are its text as read), then marked up by :func:`~liangxin.loaders.markup_xlsx.mark_xlsx`
like any workbook. Writing the package directly takes a second or two for 100,000 rows, where
xlsxwriter's cell-by-cell calls took over a minute. Formats, formulas (their last values are
kept) and merges of the original are not carried over.
"""

import datetime as dt
import logging
import math
import re
import zipfile
from pathlib import Path

from liangxin.loaders.limits import column_letter
from liangxin.loaders.markup_sheet import LISTING_SHEET
from liangxin.loaders.markup_xlsx import mark_xlsx

__all__ = ["write_copy", "typed_sheets", "write_plain_xlsx", "excel_sheet_names"]

log = logging.getLogger(__name__)

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EPOCH = dt.datetime(1899, 12, 30)
#: Style index of each kind of date cell in :data:`_STYLES` (built-in number formats 14, 22, 21, 46).
_DATE_STYLE = {dt.datetime: 2, dt.date: 1, dt.time: 3, dt.timedelta: 4}
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<styleSheet xmlns="{_MAIN}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    + "".join(f'<xf numFmtId="{n}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
              for n in (14, 22, 21, 46))
    + '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')


#: Characters Excel refuses in a sheet name, and its longest sheet name.
_NOT_IN_SHEET_NAME, _SHEET_NAME_MAX = re.compile(r"[\[\]:*?/\\]"), 31


def excel_sheet_names(names) -> dict:
    """A name Excel takes for each sheet name: a CSV file's sheet is named after the file, which
    may be longer than 31 characters or hold ``[]:*?/\\``; names stay distinct.

    Examples
    --------
    >>> excel_sheet_names(["两新组织", "平湖街道[第一批]报送表", "a" * 40, "a" * 41])["平湖街道[第一批]报送表"]
    '平湖街道第一批报送表'
    >>> [len(n) for n in excel_sheet_names(["a" * 40, "a" * 41]).values()]
    [31, 31]
    """
    mapping, taken = {}, set()
    for name in names:
        base = _NOT_IN_SHEET_NAME.sub("", str(name)).strip("'") or "Sheet"
        candidate, n = base[:_SHEET_NAME_MAX], 1
        while candidate.lower() in taken:
            n += 1
            candidate = f"{base[:_SHEET_NAME_MAX - len(str(n)) - 2]}({n})"
        taken.add(candidate.lower())
        mapping[name] = candidate
    return mapping


def typed_sheets(source, raw_sheets):
    """``[(name, rows, hidden)]`` of `source`: typed cells from calamine, a CSV file's text cells
    (its sheet named as Excel allows, :func:`excel_sheet_names`)."""
    if Path(source).suffix.lower() == ".csv":
        names = excel_sheet_names(raw.name for raw in raw_sheets.values())
        return [(names[raw.name], raw.grid.values.tolist(), False) for raw in raw_sheets.values()]
    import python_calamine

    workbook = python_calamine.CalamineWorkbook.from_path(str(source))
    hidden = {name for name, raw in raw_sheets.items() if raw.hidden}
    return [(name, workbook.get_sheet_by_name(name).to_python(skip_empty_area=False), name in hidden)
            for name in workbook.sheet_names]


def _text(value: str) -> str:
    if _ILLEGAL.search(value):
        value = _ILLEGAL.sub("", value)
    if "&" in value or "<" in value or ">" in value:
        value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return value


def _cell(ref, value):
    """One cell's XML, or "" for an empty cell."""
    if isinstance(value, str):
        return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{_text(value)}</t></is></c>' if value else ""
    if value is None:
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value!r}</v></c>' if math.isfinite(value) else ""
    kind = type(value)
    if kind in _DATE_STYLE:
        if kind is dt.date:
            serial = (value - _EPOCH.date()).days
        elif kind is dt.datetime:
            serial = (value.replace(tzinfo=None) - _EPOCH).total_seconds() / 86400
        elif kind is dt.time:
            serial = (value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6) / 86400
        else:
            serial = value.total_seconds() / 86400
        return f'<c r="{ref}" s="{_DATE_STYLE[kind]}"><v>{serial!r}</v></c>'
    return _cell(ref, str(value))


def _widths(rows, sample=500):
    """Column widths from the first `sample` rows: a CJK character counts two, within 6 to 40.

    A row of one cell (a title over the table) spills over its neighbours and sets no width.
    """
    widths = []
    for row in rows[:sample]:
        if sum(value is not None and value != "" for value in row) < 2:
            continue
        for c, value in enumerate(row):
            text = "" if value is None else str(value)
            width = sum(2 if ord(ch) > 0x2E7F else 1 for ch in text) + 2
            if c >= len(widths):
                widths.append(6)
            widths[c] = min(40, max(widths[c], width))
    return widths


def _write_sheet(handle, rows):
    cols = "".join(f'<col min="{c + 1}" max="{c + 1}" width="{w}" customWidth="1"/>' for c, w in enumerate(_widths(rows)))
    handle.write(('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                  f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}"><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
                  '<sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/>'
                  + (f"<cols>{cols}</cols>" if cols else "") + "<sheetData>").encode("utf-8"))
    letters = [column_letter(c) for c in range(max((len(r) for r in rows), default=0))]
    for r, row in enumerate(rows, start=1):
        cells = "".join(_cell(f"{letters[c]}{r}", value) for c, value in enumerate(row))
        if cells:
            handle.write(f'<row r="{r}">{cells}</row>'.encode("utf-8"))
    handle.write(b'</sheetData><pageMargins left="0.4" right="0.4" top="0.5" bottom="0.5" header="0.3" footer="0.3"/>'
                 b'<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/></worksheet>')


def write_plain_xlsx(target, sheets):
    """Write `sheets` (``[(name, rows, hidden)]``) as a plain .xlsx package: values only."""
    names = [(name, hidden) for name, _, hidden in sheets]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
                            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(1, len(names) + 1))
        package.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
            'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            f'spreadsheetml.styles+xml"/>{overrides}</Types>'))
        package.writestr("_rels/.rels", _rels([("rId1", f"{_REL}/officeDocument", "xl/workbook.xml")]))
        package.writestr("xl/_rels/workbook.xml.rels", _rels(
            [(f"rId{i}", f"{_REL}/worksheet", f"worksheets/sheet{i}.xml") for i in range(1, len(names) + 1)]
            + [(f"rId{len(names) + 1}", f"{_REL}/styles", "styles.xml")]))
        state = {True: ' state="hidden"', False: ""}
        entries = "".join(f'<sheet name="{_text(name).replace(chr(34), "&quot;")}" sheetId="{i}"{state[bool(hidden)]} '
                          f'r:id="rId{i}"/>' for i, (name, hidden) in enumerate(names, start=1))
        package.writestr("xl/workbook.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                         f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews><workbookView/></bookViews>'
                         f"<sheets>{entries}</sheets></workbook>")
        package.writestr("xl/styles.xml", _STYLES)
        for i, (_, rows, _) in enumerate(sheets, start=1):
            with package.open(f"xl/worksheets/sheet{i}.xml", "w", force_zip64=True) as handle:
                _write_sheet(handle, rows)
    return target


def _rels(items):
    body = "".join(f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"/>' for rid, kind, target in items)
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.'
            f'openxmlformats.org/package/2006/relationships">{body}</Relationships>')


def write_copy(source, target, located, listing, raw_sheets):
    """Write the marked-up copy of `source` anew to `target` (an .xlsx file)."""
    sheets = [s for s in typed_sheets(source, raw_sheets) if s[0] != LISTING_SHEET]  # an earlier check's list goes
    plain = Path(target).with_name(Path(target).name + ".plain")
    try:
        write_plain_xlsx(plain, sheets)
        del sheets
        if not mark_xlsx(plain, target, located, listing):
            raise RuntimeError(f"could not mark up the plain copy of {source}")
    finally:
        plain.unlink(missing_ok=True)
    log.info("wrote a marked-up copy of %s anew", source)
    return target
