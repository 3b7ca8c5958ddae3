"""The extent of each sheet of an OpenDocument spreadsheet (.ods), read before calamine lays it out.

An .ods row or cell may say it repeats a million times: calamine then asks for up to 100 million
cells (3 GB) before refusing. Each table's farthest cell with content is found by walking the
rows and cells of ``content.xml`` with their repeat counts, and checked against the limits.
"""

import logging
import re
import zipfile
import zlib

from liangxin.loaders.xlsx_scan import _unescape

__all__ = ["ods_extents"]

log = logging.getLogger(__name__)

_TOKEN = re.compile(rb'<table:table\s[^>]*?table:name="([^"]*)"[^>]*>|(</table:table>)'
                    rb'|<table:table-row\b([^>]*?)(/?)>|(</table:table-row>)'
                    rb'|<table:(?:covered-)?table-cell\b([^>]*?)(/?)>')
_ROWS = re.compile(rb'table:number-rows-repeated="(\d{1,9})"')
_COLUMNS = re.compile(rb'table:number-columns-repeated="(\d{1,9})"')


def _repeat(pattern, attributes):
    found = pattern.search(attributes)
    return int(found.group(1)) if found else 1


class _Walk:
    """Where the walk through one table is: the row and column, and the farthest content."""

    def __init__(self):
        self.row, self.column, self.repeat, self.rows, self.columns = 0, 0, 1, 0, 0

    def start_row(self, attributes, closed):
        self.repeat, self.column = _repeat(_ROWS, attributes), 0
        if closed:
            self.row += self.repeat

    def cell(self, attributes, closed):
        count = _repeat(_COLUMNS, attributes)
        if not closed or b"value-type" in attributes:  # content: a value, or text inside
            self.rows = max(self.rows, self.row + self.repeat)
            self.columns = max(self.columns, self.column + count)
        self.column += count


def ods_extents(path):
    """Sheet name → ``(rows, columns)`` up to its farthest cell with content; {} where unreadable."""
    try:
        with zipfile.ZipFile(path) as archive:
            content = archive.read("content.xml")
    except (KeyError, zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error) as error:
        log.debug("no content.xml in %s: %s", path, error)
        return {}
    extents, name, walk = {}, None, _Walk()
    for match in _TOKEN.finditer(content):
        table, end_table, row, row_closed, end_row, cell, cell_closed = match.groups()
        if table is not None:
            name, walk = _unescape(table), _Walk()
        elif end_table and name is not None:
            extents[name] = (walk.rows, walk.columns)
        elif row is not None:
            walk.start_row(row, bool(row_closed))
        elif end_row:
            walk.row += walk.repeat
        elif cell is not None:
            walk.cell(cell, bool(cell_closed))
    return extents
