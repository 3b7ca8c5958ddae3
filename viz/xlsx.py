"""How every liangxin workbook is written: cells, widths, filters, frozen header and print setup.

``report.xlsx``, ``diff.xlsx``, ``trend.xlsx`` and the recommendation lists all go through
:func:`write_sheets`. Two engines write the same layout:

- the fast one, rustpy-xlsxwriter (the Rust ``rust_xlsxwriter`` library), ~8× faster than
  xlsxwriter on a million-organization report: whole columns at once, no Python loop per cell;
- xlsxwriter, cell by cell, for a workbook that needs two number formats in one row of a table
  (a row of ``diff.xlsx``'s 总览 holds a rate and its signed change), which the fast engine's
  per-row formats cannot say.

Either way every cell is a value: text is written as text, so a name like ``=1+1`` or
``@SUM(A1)`` stays a name and never runs as a formula. Every sheet prints on A4 landscape,
fitted to the page width, with the header row on every page and 第 N 页，共 M 页 in the footer.
"""

import logging
import math
import unicodedata
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd

__all__ = ["write_sheets", "sheet_parts", "write_parts", "display_width", "EXCEL_MAX_ROWS", "PRINT_FOOTER", "STYLES"]

log = logging.getLogger(__name__)

#: Rows of one Excel sheet; a longer table continues on ``name(2)`` ….
EXCEL_MAX_ROWS = 1_048_576
#: Rows looked at to fit a column's width.
WIDTH_SAMPLE_ROWS = 2000
#: The footer of every printed page (Excel's codes: &C centred, &P this page, &N pages).
PRINT_FOOTER = "&C第 &P 页，共 &N 页"
#: A4 in Excel's paper codes.
PAPER_A4 = 9
#: Rows left between a table and the first picture under it, and from one picture to the next.
IMAGE_GAP, IMAGE_ROWS, IMAGE_SCALE = 3, 26, 0.8

#: The formats a ``formats`` entry may name, as xlsxwriter properties (``on_sheet`` may add more).
STYLES = {
    "header": {"bold": True, "bg_color": "#FDE7E7", "border": 1, "text_wrap": True, "valign": "vcenter"},
    "title": {"bold": True},
    "rate": {"num_format": "0.00%"},
    "float": {"num_format": "0.00"},
    "int": {"num_format": "0"},
    "wrap": {"text_wrap": True, "valign": "top"},
}
#: The widest a text column is drawn (in Excel's character units) in a sheet of at most
#: WRAP_ROWS_MAX rows: longer texts wrap onto more lines, each row as high as its longest text
#: needs, so a wide sheet printed one page wide stays legible. A longer sheet is for filtering,
#: not printing: its columns are as wide as their texts (up to 60).
TEXT_WIDTH_MAX, WRAP_ROWS_MAX = 22, 20_000
#: A header wider than this (in character units: 4 CJK characters) wraps onto two lines.
HEADER_ONE_LINE = 8
#: The height of one line of text in a row, in points.
LINE_HEIGHT = 15


def display_width(text):
    """Width of `text` in Excel columns: CJK and full-width characters count two.

    Examples
    --------
    >>> display_width("平湖ab")
    6
    """
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))


def _empty(value):
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def _header_width(column):
    """The width a header asks of its column: a long header wraps onto two lines (the header format wraps)."""
    width = display_width(column)
    return width if width <= HEADER_ONE_LINE else math.ceil(width / 2) + 1


def _header_lines(columns, widths):
    """Lines the header row needs at these column widths."""
    return max([math.ceil(display_width(c) / max(w - 2, 1)) for c, w in zip(columns, widths)] or [1])


def _width(column, values, kind):
    """Column width: the header (on two lines when long) and the first rows, CJK counted double, kept within 6…60.

    Examples
    --------
    >>> _width("从业人员数", [120, 35], "int"), _width("组织名称", ["甲科技有限公司"], "text")
    (8, 16)
    """
    width = _header_width(column)
    text = []
    for value in values[:WIDTH_SAMPLE_ROWS]:
        if isinstance(value, str):
            text.append(value)
        elif not _empty(value):
            width = max(width, 8 if kind == "rate" else len(str(value)))
    # A text is between len and 2 × len wide: measure the longest only, until no shorter one can be wider.
    for value in sorted(set(text), key=len, reverse=True):
        if 2 * len(value) <= width:
            break
        width = max(width, display_width(value))
    return min(max(width + 2, 6), 60)


def _parts(sheets):
    """Yield ``(sheet name, frame, formats, first part?)``: a table longer than a sheet continues on ``name(2)``."""
    per_sheet = EXCEL_MAX_ROWS - 1
    for name, frame, formats in sheets:
        for index in range(max(1, math.ceil(len(frame) / per_sheet))):
            part = slice(index * per_sheet, (index + 1) * per_sheet)
            chunk_formats = {k: (v[part] if isinstance(v, list) else v) for k, v in formats.items()}
            suffix = f"({index + 1})"
            yield (name if index == 0 else f"{name[:31 - len(suffix)]}{suffix}",
                   frame.iloc[part], chunk_formats, name if index == 0 else None)


def _row_kinds(frame, formats):
    """The one number format of each row where formats are given per row ([] if none is), None if a row mixes two."""
    lists = [v for v in formats.values() if isinstance(v, list)]
    if not lists:
        return []
    kinds = []
    for r in range(len(frame)):
        numeric = {kinds_[r] for kinds_ in lists if kinds_[r] != "text"}
        if len(numeric) > 1:
            return None
        kinds.append(numeric.pop() if numeric else "text")
    return kinds


def _print_setup_xlsxwriter(worksheet):
    worksheet.set_landscape()
    worksheet.set_paper(PAPER_A4)
    worksheet.fit_to_pages(1, 0)
    worksheet.repeat_rows(0)
    worksheet.set_footer(PRINT_FOOTER)


def _write_chunk(worksheet, frame, formats, styles):
    """xlsxwriter: write `frame` column by column (not in constant-memory mode, so any order works)."""
    columns, widths = list(frame.columns), []
    worksheet.write_row(0, 0, columns, styles.header)
    for c, column in enumerate(columns):
        fmt = formats.get(column, "text")
        kinds = fmt if isinstance(fmt, list) else None
        values = frame[column].tolist()
        write_string, write_number = worksheet.write_string, worksheet.write_number
        for r, value in enumerate(values, start=1):
            if _empty(value) or value != value:
                continue
            kind = kinds[r - 1] if kinds else fmt
            if kind == "text" or isinstance(value, str):
                write_string(r, c, str(value))
            else:
                write_number(r, c, float(value), getattr(styles, kind, None))
        widths.append(_width(column, values, kinds[0] if kinds else fmt))
        worksheet.set_column(c, c, widths[-1])
    if _header_lines(columns, widths) > 1:
        worksheet.set_row(0, LINE_HEIGHT * _header_lines(columns, widths))
    worksheet.freeze_panes(1, 0)
    worksheet.autofilter(0, 0, max(len(frame), 1), max(len(columns) - 1, 0))
    _print_setup_xlsxwriter(worksheet)


def _write_xlsxwriter(parts, path, images, on_sheet):
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {
        "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
    })
    styles = SimpleNamespace(**{name: workbook.add_format(props) for name, props in STYLES.items()})
    if on_sheet:
        on_sheet(workbook, styles)
    try:
        for sheet_name, frame, formats, images_of in parts:
            worksheet = workbook.add_worksheet(sheet_name)
            _write_chunk(worksheet, frame, formats, styles)
            row = len(frame) + IMAGE_GAP
            for title, image in images.get(images_of, ()):
                worksheet.write_string(row, 0, title, styles.header)
                worksheet.insert_image(row + 1, 0, str(image), {"x_scale": IMAGE_SCALE, "y_scale": IMAGE_SCALE})
                row += IMAGE_ROWS
    finally:
        workbook.close()


class FastFormats:
    """What ``on_sheet`` is handed as the workbook when the fast engine writes: ``add_format(properties)``.

    Takes xlsxwriter's format properties (the ones liangxin uses) and returns the engine's format.

    Examples
    --------
    >>> FastFormats().add_format({"num_format": "+0.00%;-0.00%;0.00%"}) is not None
    True
    """

    def add_format(self, properties=None):
        from rustpy_xlsxwriter import Format

        fmt = Format()
        for key, value in (properties or {}).items():
            if key == "bold" and value:
                fmt = fmt.set_bold()
            elif key == "text_wrap" and value:
                fmt = fmt.set_text_wrap()
            elif key == "num_format":
                fmt = fmt.set_num_format(value)
            elif key == "bg_color":
                fmt = fmt.set_background_color(value)
            elif key == "font_color":
                fmt = fmt.set_font_color(value)
            elif key == "border" and value:
                fmt = fmt.set_border("thin")
            elif key in ("valign", "align"):
                fmt = fmt.set_align({"vcenter": "vertical_center"}.get(value, value))
            else:
                raise ValueError(f"format property not supported by the fast engine: {key}")
        return fmt


def _cells(series, kind):
    """A column as the fast engine writes it: text as text (never a formula), numbers as numbers, gaps empty.

    `kind` is one format for the whole column, or a list of them, one per row. A column already
    in the form the engine takes (text of a string type, plain numbers) is passed on as it is.
    """
    if isinstance(kind, list):
        values = [None if _empty(v) else str(v) if k == "text" or isinstance(v, str) else float(v)
                  for v, k in zip(series.tolist(), kind)]
        return pd.Series(values, index=series.index, dtype=object)
    if kind == "text":
        if series.dtype != object and pd.api.types.is_string_dtype(series.dtype):
            return series
        values = series.to_numpy(dtype=object)
        if pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty"):
            return series if series.dtype == object else pd.Series(values, index=series.index, dtype=object)
        return pd.Series([None if _empty(v) else str(v) for v in values], index=series.index, dtype=object)
    if series.dtype == bool:
        return series.astype("int64")
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_extension_array_dtype(series.dtype):
        return series
    values = [None if _empty(v) else (v if isinstance(v, str) else float(v)) for v in series.tolist()]
    return pd.Series(values, index=series.index, dtype=object)


def _fast_sheet(frame, formats, styles, images):
    """The data and options of one sheet for the fast engine; pictures go below the table, under their titles."""
    row_kinds = _row_kinds(frame, formats)
    data, column_formats, widths = {}, {}, []
    lines = np.ones(len(frame), dtype=np.int64)
    for column in frame.columns:
        fmt = formats.get(column, "text")
        data[column] = _cells(frame[column], fmt)
        if not isinstance(fmt, list) and fmt != "text":
            column_formats[column] = getattr(styles, fmt)
        width = _width(column, data[column].iloc[:WIDTH_SAMPLE_ROWS].tolist(),
                       fmt[0] if isinstance(fmt, list) and fmt else fmt)
        if fmt == "text" and width > TEXT_WIDTH_MAX and len(frame) <= WRAP_ROWS_MAX:
            width = TEXT_WIDTH_MAX
            column_formats[column] = styles.wrap
            lines = np.maximum(lines, _lines(data[column], width))
        widths.append(width)
    table = pd.DataFrame(data, columns=list(frame.columns), copy=False)
    table.index = pd.RangeIndex(len(table))  # any other index would be written as a column of its own
    row_formats = {r + 1: getattr(styles, kind) for r, kind in enumerate(row_kinds) if kind != "text"}
    pictures = []
    if images:
        row, titles = len(frame) + IMAGE_GAP, {}
        for title, image in images:
            titles[row] = title
            row_formats[row] = styles.title
            pictures.append({"path": str(image), "row": row + 1, "col": 0, "scale": IMAGE_SCALE})
            row += IMAGE_ROWS
        tail = pd.DataFrame(index=range(max(titles) - len(frame)), columns=table.columns, dtype=object)
        tail.iloc[[r - 1 - len(frame) for r in titles], 0] = list(titles.values())
        table = pd.concat([table.astype(object) if len(table) else table, tail], ignore_index=True)
    row_heights = {int(r) + 1: float(LINE_HEIGHT * lines[r]) for r in np.flatnonzero(lines > 1)}
    header_lines = _header_lines(frame.columns, widths)
    if header_lines > 1:
        row_heights[0] = float(LINE_HEIGHT * header_lines)
    return table, {"column_formats": column_formats, "column_widths": widths, "row_formats": row_formats,
                   "row_heights": row_heights, "images": pictures}


def _lines(column, width):
    """How many lines each text of `column` takes in a wrapped column `width` wide.

    Examples
    --------
    >>> _lines(pd.Series(["平湖街道", "区教育局、区民政局、区卫生健康局、区住房和建设局", None]), 28).tolist()
    [1, 2, 1]
    """
    usable = max(width - 2, 1)
    values = column.to_numpy(dtype=object)
    counts = np.ones(len(values), dtype=np.int64)
    # Only a text of more than half the width in characters can need a second line (CJK count two).
    long = [i for i, v in enumerate(values) if isinstance(v, str) and 2 * len(v) > usable]
    for i in long:
        counts[i] = max(1, math.ceil(display_width(values[i]) / usable))
    return counts


def _write_fast(parts, path, images, on_sheet):
    import rustpy_xlsxwriter

    book = FastFormats()
    styles = SimpleNamespace(**{name: book.add_format(props) for name, props in STYLES.items()})
    if on_sheet:
        on_sheet(book, styles)
    records, options = [], {key: {} for key in ("column_formats", "column_widths", "row_formats", "row_heights", "images",
                                                "header_format", "autofilter", "page_setup")}
    for sheet_name, frame, formats, images_of in parts:
        table, sheet_options = _fast_sheet(frame, formats, styles, images.get(images_of, ()))
        records.append((sheet_name, table))
        for key, value in sheet_options.items():
            if value:
                options[key][sheet_name] = value
        options["header_format"][sheet_name] = styles.header
        options["autofilter"][sheet_name] = True
        options["page_setup"][sheet_name] = {"landscape": True, "paper_size": PAPER_A4, "fit_to_pages": (1, 0),
                                             "repeat_rows": 0, "footer": PRINT_FOOTER}
    rustpy_xlsxwriter.write_worksheets(records, str(path), freeze_panes={"general": {"row": 1, "col": 0}},
                                       **options)


def write_sheets(sheets, path, images=None, on_sheet=None):
    """Write ``(name, DataFrame, formats)`` sheets the way every liangxin workbook is written.

    Text cells stay text (never a formula), numbers are numbers, the header is frozen with filters
    on and widths fitted; a table longer than one Excel sheet continues on ``name(2)`` …. Every
    sheet prints A4 landscape, one page wide, the header on every page, page numbers in the footer.

    Parameters
    ----------
    sheets : iterable of (str, DataFrame, dict)
        ``formats`` maps a column to ``"int"``, ``"float"``, ``"rate"`` or ``"text"`` (or a list, one per row).
    path : str or Path
    images : dict of str to sequence of (str, Path), optional
        PNGs placed below the table of the named sheet, each under its title.
    on_sheet : callable, optional
        ``on_sheet(workbook, styles)`` before anything is written, to add formats (``styles.name``)
        with ``workbook.add_format(xlsxwriter properties)``.

    Examples
    --------
    >>> from openpyxl import load_workbook
    >>> frame = pd.DataFrame({"街道": ["平湖街道", "=1+1"], "人数": [3, 5]})
    >>> write_sheets([("名单", frame, {"人数": "int"})], "名单.xlsx").name
    '名单.xlsx'
    >>> sheet = load_workbook("名单.xlsx")["名单"]
    >>> [[cell.value for cell in row] for row in sheet.iter_rows()] == [['街道', '人数'], ['平湖街道', 3], ['=1+1', 5]]
    True
    >>> sheet["A3"].data_type, sheet["B3"].data_type, sheet.freeze_panes, sheet.page_setup.orientation
    ('s', 'n', 'A2', 'landscape')
    """
    return write_parts(sheet_parts(sheets), path, images, on_sheet)


def sheet_parts(sheets):
    """The sheets as they go into a workbook: ``(sheet name, frame, formats, whose pictures)``, a table
    longer than one Excel sheet split into ``name(2)`` …; what :func:`write_parts` writes.

    The parts are plain tables and names, so another process can write them (``liangxin analyze``
    writes report.xlsx beside the other outputs).

    Examples
    --------
    >>> frame = pd.DataFrame({"街道": ["平湖街道"]})
    >>> [(name, len(part), pictures) for name, part, _, pictures in sheet_parts([("名单", frame, {})])]
    [('名单', 1, '名单')]
    """
    return list(_parts(sheets))


def write_parts(parts, path, images=None, on_sheet=None):
    """Write :func:`sheet_parts`' parts to `path`, as :func:`write_sheets` does."""
    path = Path(path)
    images = images or {}
    fast = all(_row_kinds(frame, formats) is not None for _, frame, formats, _ in parts)
    (_write_fast if fast else _write_xlsxwriter)(parts, path, images, on_sheet)
    log.info("wrote %s (%s)", path, "rust_xlsxwriter" if fast else "xlsxwriter")
    return path
