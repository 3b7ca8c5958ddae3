"""A marked-up copy written anew with xlsxwriter: for CSV, .xls and .ods inputs (and a .xlsx this
cannot patch, see :mod:`liangxin.loaders.markup_xlsx`).

Each cell keeps its value and its type as calamine reads it (text stays text, a number a number,
a date a date); a CSV file's cells are its text as read. Formats, formulas (their last values are
kept) and merges of the original are not carried over.
"""

import datetime as dt
import logging
from pathlib import Path

import xlsxwriter

from liangxin.loaders.markup_sheet import (FILLS, LISTING_HEADER, LISTING_SHEET, LISTING_WIDTHS, comment_text)

__all__ = ["write_copy", "typed_sheets"]

log = logging.getLogger(__name__)

_DATE_FORMATS = {dt.datetime: "yyyy-mm-dd hh:mm:ss", dt.date: "yyyy-mm-dd", dt.time: "hh:mm:ss",
                 dt.timedelta: "[h]:mm:ss"}


def typed_sheets(source, raw_sheets):
    """``[(name, rows, hidden)]`` of `source`: typed cells from calamine, a CSV file's text cells."""
    if Path(source).suffix.lower() == ".csv":
        return [(raw.name, raw.grid.values.tolist(), False) for raw in raw_sheets.values()]
    import python_calamine

    workbook = python_calamine.CalamineWorkbook.from_path(str(source))
    hidden = {name for name, raw in raw_sheets.items() if raw.hidden}
    return [(name, workbook.get_sheet_by_name(name).to_python(skip_empty_area=False), name in hidden)
            for name in workbook.sheet_names]


class _Formats:
    """The workbook's cell formats, made once each: a fill kind and a number format."""

    def __init__(self, workbook):
        self.workbook, self.made = workbook, {}

    def __call__(self, kind=None, number=None):
        if (kind, number) not in self.made:
            spec = {}
            if kind:
                spec.update(pattern=1, bg_color="#" + FILLS[kind][2:])
            if number:
                spec["num_format"] = number
            self.made[(kind, number)] = self.workbook.add_format(spec) if spec else None
        return self.made[(kind, number)]


def _write_cell(sheet, r, c, value, fmt):
    if isinstance(value, bool):
        sheet.write_boolean(r, c, value)
    elif isinstance(value, (int, float)):
        sheet.write_number(r, c, value)
    elif type(value) in _DATE_FORMATS:
        sheet.write_datetime(r, c, value, fmt(None, _DATE_FORMATS[type(value)]))
    else:
        sheet.write_string(r, c, str(value))


def _write_marked(sheet, r, c, value, kind, fmt):
    number = _DATE_FORMATS.get(type(value))
    style = fmt(kind, number)
    if value is None or value == "":
        sheet.write_blank(r, c, None, style)
    elif isinstance(value, bool):
        sheet.write_boolean(r, c, value, style)
    elif isinstance(value, (int, float)):
        sheet.write_number(r, c, value, style)
    elif number:
        sheet.write_datetime(r, c, value, style)
    else:
        sheet.write_string(r, c, str(value), style)


def _write_listing(workbook, listing):
    sheet = workbook.add_worksheet(LISTING_SHEET)
    head = workbook.add_format({"bold": True})
    link = workbook.add_format({"font_color": "#0563C1", "underline": 1})
    sheet.write_row(0, 0, LISTING_HEADER, head)
    for c, width in enumerate(LISTING_WIDTHS):
        sheet.set_column(c, c, width)
    if not listing:
        sheet.write_string(1, 0, "未发现问题")
    for r, (cells, target) in enumerate(listing, start=1):
        for c, value in enumerate(cells):
            if c == 4 and target:
                sheet.write_url(r, c, "internal:" + target, link, string=str(value))
            elif isinstance(value, int):
                sheet.write_number(r, c, value)
            elif value != "":
                sheet.write_string(r, c, str(value))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(listing), 1), len(LISTING_HEADER) - 1)
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.activate()


def _marks(located, name):
    """``{row: {col: (kind, comment)}}`` of the sheet `name`."""
    cells = {}
    for item in located[located["raw_sheet"] == name].itertuples(index=False):
        cells.setdefault(int(item.row), {}).setdefault(int(item.col), []).append((item.severity, item.reason))
    return {r: {c: ("rejected" if any(s == "rejected" for s, _ in items) else "warning", comment_text(items))
                for c, items in cols.items()} for r, cols in cells.items()}


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


def write_copy(source, target, located, listing, raw_sheets):
    """Write the marked-up copy of `source` anew to `target` (an .xlsx file)."""
    workbook = xlsxwriter.Workbook(str(target), {"constant_memory": True, "strings_to_formulas": False,
                                                 "strings_to_urls": False, "strings_to_numbers": False})
    try:
        fmt = _Formats(workbook)
        _write_listing(workbook, listing)
        for name, rows, hidden in typed_sheets(source, raw_sheets):
            if name == LISTING_SHEET:  # an earlier check's list: replaced by this one
                continue
            sheet = workbook.add_worksheet(name)
            marks = _marks(located, name)
            for r, row in enumerate(rows):
                marked = marks.get(r + 1, {})
                for c, value in enumerate(row):
                    if c in marked:
                        _write_marked(sheet, r, c, value, marked[c][0], fmt)
                    elif value is not None and value != "":
                        _write_cell(sheet, r, c, value, fmt)
                for c in sorted(set(marked) - set(range(len(row)))):
                    _write_marked(sheet, r, c, None, marked[c][0], fmt)
                for c, (_, text) in marked.items():
                    sheet.write_comment(r, c, text, {"x_scale": 2.2, "y_scale": 1.6})
            for r in sorted(set(marks) - set(range(1, len(rows) + 1))):  # a row past the sheet's end
                for c, (kind, text) in marks[r].items():
                    _write_marked(sheet, r - 1, c, None, kind, fmt)
                    sheet.write_comment(r - 1, c, text, {"x_scale": 2.2, "y_scale": 1.6})
            for c, width in enumerate(_widths(rows)):
                sheet.set_column(c, c, width)
            sheet.set_landscape()
            sheet.fit_to_pages(1, 0)
            if hidden:
                sheet.hide()
    finally:
        workbook.close()
    log.info("wrote a marked-up copy of %s anew", source)
    return target
