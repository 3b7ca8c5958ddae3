"""Read one CSV file (as Excel and WPS on Chinese Windows save them) as a grid of text cells."""

import csv
import io
import logging
import re

import numpy as np
import pandas as pd

from liangxin.errors import LiangxinInputError
from liangxin.factorize import factorize
from liangxin.loaders.limits import cell_name

__all__ = ["read_csv_grid", "decode_csv_bytes"]

log = logging.getLogger(__name__)

_WIDER_LINE = re.compile(r"Expected \d+ fields in line \d+, saw (\d+)")
_UNCLOSED = re.compile(r"EOF inside string starting at row (\d+)")
_LINE = re.compile(r"\b(?:line|row) (\d+)")
_MB = 1 << 20
#: Bytes of a file looked at in one piece for its line feeds (:func:`_lines`).
_CHUNK = 16 * _MB
#: A byte that is not ASCII white space (what ``bytes.strip`` removes): the file holds something.
_CONTENT = re.compile(rb"[^ \t\n\r\x0b\x0c]")
_UTF8 = "utf-8-sig"  # Excel's "CSV UTF-8" starts with a BOM; pandas reads the file without it
#: A quoted cell spanning more lines than this, or holding a line with a comma, is worth a look:
#: a quote opened by mistake turns the lines up to the next quote into one cell.
_LONG_CELL_LINES = 5


def decode_csv_bytes(data):
    """Return the encoding a CSV exported by Excel or WPS was written in.

    UTF-8 (with or without BOM) is tried first and strictly: GB18030 text
    almost never decodes as UTF-8, while GB18030 decodes nearly any bytes.

    Examples
    --------
    >>> decode_csv_bytes("街道".encode("gb18030"))
    'gb18030'
    >>> decode_csv_bytes("街道".encode("utf-8-sig"))
    'utf-8-sig'
    """
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8-sig"
    try:
        data.decode("gb18030")
    except UnicodeDecodeError as error:
        raise UnicodeDecodeError(error.encoding, error.object, error.start, error.end,
                                 "neither UTF-8 nor GB18030") from None
    return "gb18030"


def _stripped(column):
    """Trim a column of text cells (None where empty).

    Most columns hold no cell with white space at either end: one look at the column joined
    into one string tells, and then only empty cells change. Every character ``str.strip``
    removes is non-printable but the space (a doctest below checks all of Unicode), so a
    printable joined column has white space at a cell's end only where it has a space beside
    the separator or at either end. Other columns are trimmed cell by cell.

    Examples
    --------
    >>> _stripped(pd.Series(["a", " b", "", "c\u3000", None])).tolist()
    ['a', 'b', None, 'c', None]
    >>> _stripped(pd.Series(["a", "", "b|c"])).tolist()
    ['a', None, 'b|c']
    >>> import sys
    >>> [c for c in range(sys.maxunicode + 1) if chr(c).isspace() and chr(c).isprintable() and c != 32]
    []
    """
    values = np.asarray(column, dtype=object)
    try:
        joined = "|".join(values)
    except TypeError:  # None or NaN: the fields a short line lacks when the grid is read wider
        joined = None
    if joined is None or not joined.isprintable() or (
            " " in joined and (joined[0] == " " or joined[-1] == " " or "| " in joined or " |" in joined)):
        return _stripped_each(values)
    if len(values) and (not joined or joined[0] == "|" or joined[-1] == "|" or "||" in joined):
        values = values.copy()
        values[values == ""] = None
    return values


def _stripped_each(values):
    """Trim text cells one by one, each distinct value once (None where empty)."""
    codes, uniques = factorize(values)
    trimmed = np.array([value.strip() if isinstance(value, str) else None for value in uniques], dtype=object)
    trimmed[trimmed == ""] = None
    result = np.full(len(codes), None, dtype=object)
    present = codes >= 0
    result[present] = trimmed[codes[present]]
    return result


def _not_a_csv(path, error=None):
    where = ""
    text = str(error or "")
    unclosed, line = _UNCLOSED.search(text), _LINE.search(text)
    if unclosed:
        where = f"：第 {int(unclosed.group(1)) + 1} 行开始的引号直到文件末尾都没有闭合"
    elif line:
        where = f"：第 {int(line.group(1))} 行附近格式有误"
    return LiangxinInputError(f"无法读取文件 {path}：不是有效的 CSV 文件{where}（请用 Excel/WPS 另存为“CSV UTF-8”）")


def _widest_line(text):
    """The most fields on any line of `text`, quotes read as CSV reads them."""
    return max((len(row) for row in csv.reader(io.StringIO(text, newline=""))), default=0)


def _parse(path, encoding):
    """The file's rows as pandas reads them, as wide as its widest line."""
    width = None
    for _ in range(2):
        try:
            return pd.read_csv(path, header=None, names=range(width) if width else None, dtype=object,
                               encoding=encoding, keep_default_na=False, na_filter=False,
                               skip_blank_lines=False, engine="c")
        except pd.errors.ParserError as error:
            # pandas takes the width from the first line; a title row written without the
            # trailing commas of the table below it is still a valid CSV file: read it again as
            # wide as its widest line. Any other parser error is a broken file.
            log.debug("pandas could not parse %s: %s", path, error)
            if width is not None or not _WIDER_LINE.search(str(error)):
                raise _not_a_csv(path, error) from None
            try:
                width = _widest_line(path.read_bytes().decode(encoding))
            except (csv.Error, OSError, UnicodeDecodeError) as csv_error:
                raise _not_a_csv(path, csv_error) from None
        except UnicodeDecodeError as error:
            if encoding != _UTF8:
                raise _not_a_csv(path, error) from None
            raise
        except Exception as error:
            log.debug("pandas could not parse %s: %s", path, error)
            raise _not_a_csv(path, error) from None
    raise _not_a_csv(path)


def _parse_either(path):
    """The file's rows (:func:`_parse`) read as UTF-8, or as GB18030 when it is not UTF-8.

    pandas decodes every cell strictly, and only ASCII bytes (separators, quotes, line breaks)
    lie between cells, so a file pandas reads as UTF-8 is UTF-8: :func:`decode_csv_bytes`
    decoding the whole file once more is needed only when that read fails.
    """
    from liangxin.loaders.read import unreadable

    try:
        return _parse(path, _UTF8)
    except (UnicodeDecodeError, LiangxinInputError) as error:
        try:
            encoding = decode_csv_bytes(path.read_bytes())
        except OSError:
            raise unreadable(path) from None
        except UnicodeDecodeError:
            raise LiangxinInputError(
                f"无法读取文件 {path}：编码既不是 UTF-8 也不是 GB18030，请在 Excel 中另存为“CSV UTF-8”"
            ) from None
        if encoding == _UTF8:  # a broken CSV file, in UTF-8
            raise (error if isinstance(error, LiangxinInputError) else _not_a_csv(path, error)) from None
        return _parse(path, encoding)


def _long_cells(path, grid):
    """Notes on cells a quote stretched over many lines (see ``_LONG_CELL_LINES``)."""
    notes, breaks = [], np.zeros(len(grid), dtype=np.int64)
    for position, column in enumerate(grid.columns):
        values = grid[column]
        multi = np.flatnonzero(values.str.contains("\n", regex=False).fillna(False).to_numpy(dtype=bool))
        for row in multi:
            breaks[row] = max(breaks[row], values.iat[row].count("\n"))
            lines = values.iat[row].count("\n") + 1
            if lines > _LONG_CELL_LINES or "," in values.iat[row]:
                notes.append((int(row), position, lines))
    first_line = np.concatenate([[1], 1 + np.cumsum(breaks + 1)[:-1]])  # each row's first line in the file
    return tuple({"row": row + 1, "column": cell_name(row, position), "code": "CELL_SPANS_LINES",
                  "reason": f"文件 {path} 第 {first_line[row]}–{first_line[row] + lines - 1} 行的 {lines} 行在一对引号内，"
                            f"按一个单元格（{cell_name(row, position)}）读取；如果引号是误加的，请删除后另存"}
                 for row, position, lines in notes)


def read_csv_grid(path, limits):
    """Read the CSV file `path`: ``(grid, notes)``.

    An empty file, or one holding nothing but Excel's BOM and a line break, is an empty grid.
    """
    from liangxin.loaders.read import unreadable

    try:
        size = path.stat().st_size
        if size > limits.max_unpacked_mb * _MB:
            raise LiangxinInputError(f"无法读取文件 {path}：文件有 {size / _MB:,.0f} MB，超过上限 "
                                     f"{limits.max_unpacked_mb:,} MB（规则文件 [limits] 的 max_unpacked_mb）")
        data = path.read_bytes()
    except OSError:
        raise unreadable(path) from None
    # Excel saves an empty sheet as a BOM and a line break.
    if not _CONTENT.search(data, 3 if data.startswith(b"\xef\xbb\xbf") else 0):
        return pd.DataFrame(dtype=object), ()
    lines, longest, lone_cr = _lines(data)
    del data
    grid = _parse_either(path)
    # A cell holds no more characters than the bytes of its line. Only a cell spanning lines
    # (fewer rows than line breaks, or rows broken by a lone CR) can be longer than the longest line.
    if longest > limits.max_cell_chars or lone_cr or len(grid) < lines:
        _refuse_long_text(path, grid, limits)
    if grid.shape[1] > limits.max_columns:
        raise LiangxinInputError(f"无法读取文件 {path}：有 {grid.shape[1]:,} 列，超过列数上限 {limits.max_columns:,}"
                                 "（规则文件 [limits] 的 max_columns）；请删除表格右侧多余的列后另存")
    notes = _long_cells(path, grid) if len(grid) < lines else ()  # fewer rows than lines: some cell spans lines
    # Column by column in place: a new frame would copy every cell's reference into one block.
    for position, column in enumerate(grid.columns):
        values = grid[column].to_numpy(dtype=object)
        trimmed = _stripped(values)
        if trimmed is not values:
            grid.isetitem(position, pd.Series(trimmed, index=grid.index, dtype=object))
    grid.columns = pd.RangeIndex(grid.shape[1])
    return grid, notes


def _lines(data):
    """``(lines, longest, lone_cr)`` of the bytes of a file: how many lines (a last one without a
    line feed counted), the most bytes between two line feeds, and whether a carriage return
    stands alone (not before a line feed: a line break too for pandas).

    The file is looked at :data:`_CHUNK` bytes at a time: masks of the whole file were fresh
    memory as large as the file, twice (a city's 两新组织.csv has 518 MB; 1.5 s then, 0.2 s now).

    Examples
    --------
    >>> _lines(b"ab\\ncdef\\r\\nx"), _lines(b"a\\rb\\n"), _lines(b"abc\\r")
    ((3, 5, False), (1, 3, True), (1, 4, True))
    """
    text = np.frombuffer(data, dtype=np.uint8)
    feeds, widest, previous, lone_cr = 0, 0, -1, False  # widest: bytes from one feed to the next, counting it
    for start in range(0, len(text), _CHUNK):
        piece = text[start:start + _CHUNK]
        breaks = np.flatnonzero(piece == ord("\n")) + start
        if len(breaks):
            feeds += len(breaks)
            widest = max(widest, int(np.diff(breaks, prepend=previous).max()))
            previous = int(breaks[-1])
        lone_cr = lone_cr or _lone_cr(text, np.flatnonzero(piece == ord("\r")) + start + 1)
    widest = max(widest, len(text) - previous)
    return feeds + (not data.endswith(b"\n")), widest - 1, lone_cr


def _lone_cr(text, after):
    """Whether a carriage return whose next byte is at `after` stands alone (the file's last byte,
    or not before a line feed)."""
    if len(after) and after[-1] == len(text):
        return True
    return bool((text[after] != ord("\n")).any())


def _refuse_long_text(path, grid, limits):
    for position, column in enumerate(grid.columns):
        lengths = grid[column].str.len().fillna(0).to_numpy(dtype=np.int64)
        if len(lengths) and lengths.max() > limits.max_cell_chars:
            row = int(lengths.argmax())
            raise LiangxinInputError(
                f"无法读取文件 {path}：单元格 {cell_name(row, position)} 有 {lengths[row]:,} 个字符，超过每格字符数上限 "
                f"{limits.max_cell_chars:,}（规则文件 [limits] 的 max_cell_chars）")
