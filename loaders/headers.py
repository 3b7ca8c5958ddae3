"""Finding a sheet's header row and naming its columns by the workbook contract.

A header is found among a sheet's first rows (under titles), may span two rows (group labels
merged over the columns named below, columns merged down across both), and names columns as
written, with a note in brackets (工会（有/无）, 是否规模以上) or by another usual header
(党员人数): see :func:`read_header`. How a header was read is noted in 数据问题; a missing
required column is a structural problem.
"""

import re
import unicodedata
from dataclasses import dataclass

import pandas as pd

from liangxin.loaders.limits import column_letter
from liangxin.loaders.problems import note
from liangxin.text import header_key

__all__ = ["Header", "read_header", "header_index", "canonical_positions", "column_keys", "loose_header_key",
           "where", "SERIAL_HEADERS", "HEADER_SEARCH_ROWS"]

SERIAL_HEADERS = frozenset({"序号", "编号", "no", "no.", "#", "serial"})
HEADER_SEARCH_ROWS = 20
_ANNOTATION = re.compile(r"\(.*?\)|\[.*?\]|【.*?】")


@dataclass
class Header:
    """Where a sheet's header is and what its columns are.

    Attributes
    ----------
    top : int
        The grid row (0-based) of the header's first row.
    rows : int
        How many rows the header spans (1 or 2, one more over a group label's sub-headers).
    mapping : dict of int to str
        Grid column → column name: the contract's canonical name, or an extra column's header.
    extras : list of str
        The extra columns' names, in the sheet's order.
    """

    top: int
    rows: int
    mapping: dict
    extras: list

    @property
    def body(self) -> int:
        """The grid row (0-based) of the first row under the header."""
        return self.top + self.rows


def loose_header_key(text) -> str:
    """:func:`header_key` without what analysts add to a header: a note in brackets or a leading 是否.

    Examples
    --------
    >>> loose_header_key("工会（有/无）"), loose_header_key("是否规模以上"), loose_header_key("从业人员数[人]")
    ('工会', '规模以上', '从业人员数')
    """
    if text is None:
        return ""
    key = header_key(_ANNOTATION.sub("", unicodedata.normalize("NFKC", str(text))))
    return key[2:] if key.startswith("是否") else key


def column_keys(spec) -> dict:
    """Header key → canonical column name, for every column of `spec` by its name and its alias.

    Examples
    --------
    >>> from liangxin.loaders.sheets import sheet_spec
    >>> column_keys(sheet_spec("责任容量"))
    {'单位': '单位', 'unit': '单位', '容量': '容量', 'capacity': '容量'}
    """
    return {header_key(key): column.name for column in spec.columns for key in (column.name, column.alias)}


def _synonym_keys(spec):
    """Header key → canonical column name, for the other headers analysts write (``synonyms``)."""
    return {header_key(key): column.name for column in spec.columns for key in column.synonyms}


def _loose_name(cell, lookup, synonyms):
    """The column a header with a note, or another usual header, stands for (None: no column)."""
    loose = loose_header_key(cell)
    return lookup.get(loose) or synonyms.get(header_key(cell)) or synonyms.get(loose)


def header_index(grid: pd.DataFrame, spec) -> int | None:
    """The grid row among the first :data:`HEADER_SEARCH_ROWS` naming most columns of `spec`
    (None: no row names any)."""
    known, synonyms = column_keys(spec), _synonym_keys(spec)
    best, best_score = None, 0
    for index in range(min(HEADER_SEARCH_ROWS, len(grid))):
        score = sum(header_key(v) in known or _loose_name(v, known, synonyms) is not None
                    for v in grid.iloc[index].tolist() if v is not None)
        if score > best_score:
            best, best_score = index, score
    return best


def canonical_positions(cells: list, spec) -> tuple:
    """Header cells → canonical column names: ``(canonical, loose, ambiguous)``.

    Headers as written first; then, for columns still unnamed, headers with a note
    (工会（有/无）, 是否规模以上) or another usual header (党组织组建情况, 党员人数) where exactly one
    cell could be the column: ``loose`` has those positions, and ``ambiguous`` each column two or
    more such cells could be (none of them taken).

    Examples
    --------
    >>> from liangxin.loaders.sheets import sheet_spec
    >>> canonical_positions(["单位", "容量（人）", "备注"], sheet_spec("责任容量"))
    ({0: '单位', 1: '容量'}, {1: '容量'}, {})
    """
    lookup, synonyms = column_keys(spec), _synonym_keys(spec)
    canonical = {}
    for position, cell in enumerate(cells):
        name = lookup.get(header_key(cell)) if cell is not None else None
        if name and name not in canonical.values():
            canonical[position] = name
    candidates = {}
    for position, cell in enumerate(cells):
        name = _loose_name(cell, lookup, synonyms) if cell is not None and position not in canonical else None
        if name and name not in canonical.values():
            candidates.setdefault(name, []).append(position)
    loose = {positions[0]: name for name, positions in candidates.items() if len(positions) == 1}
    ambiguous = {name: positions for name, positions in candidates.items() if len(positions) > 1}
    return {**canonical, **loose}, loose, ambiguous


def _two_level(grid, header, spec):
    """The header's cells and how they name columns, with a neighbouring header row merged in:
    ``(cells, (canonical, loose, ambiguous), header_rows)``.

    Two-level headers: group labels (基本情况, 群团组织建设情况) merged over the columns named in
    the row below, and columns merged down across both rows, which are empty in the lower one.
    A neighbouring row is merged in only where it names more columns of the contract.
    """
    cells = grid.iloc[header].tolist()
    named = canonical_positions(cells, spec)
    header_rows = 1
    if header > 0:
        above = grid.iloc[header - 1].tolist()
        merged = [a if c is None else c for c, a in zip(cells, above)]
        more = canonical_positions(merged, spec)
        if len(more[0]) > len(named[0]):
            cells, named = merged, more
    if header + 1 < len(grid):
        # The row below holds text only under columns the header row left unnamed.
        below = grid.iloc[header + 1].tolist()
        canonical = named[0]
        merged = [b if b is not None and position not in canonical else c
                  for position, (c, b) in enumerate(zip(cells, below))]
        more = canonical_positions(merged, spec)
        if all(b is None or position not in canonical for position, b in enumerate(below)) \
                and len(more[0]) > len(canonical):
            cells, named, header_rows = merged, more, 2
    return cells, named, header_rows


def _group_labels(grid, cells, canonical, loose, header, header_rows, spec, notes):
    """Drop loose matches that are group labels over sub-headers; return ``(cells, header_rows)``.

    ``党组织组建情况`` over ``单独组建 | 联合组建 | 未组建`` (a tick under one of them) is not the
    党组织状态 column: a loose header with an empty cell to its right and text under both is a
    group label. The sub-headers' row is then the header's last row, so the ticks are kept as
    extra columns named by it instead of that row being read as an organization.
    """
    below_index = header + header_rows
    if below_index >= len(grid):
        return cells, header_rows
    below = grid.iloc[below_index].tolist()
    labels = [position for position in loose if position + 1 < len(cells) and cells[position + 1] is None
              and below[position] is not None and below[position + 1] is not None]
    # Only a row of sub-headers: a data row has text under the named columns (组织名称 at least).
    if not labels or any(b is not None and position in canonical and position not in labels
                         for position, b in enumerate(below)):
        return cells, header_rows
    for position in labels:
        name = loose.pop(position)
        del canonical[position]
        notes.append(note(spec.name, below_index + 1, name, "HEADER_GROUP_LABEL",
                          f"列“{cells[position]}”下分为“{below[position]}”等列，不是“{name}”列，作为额外列保留"))
    return [c if b is None else b for c, b in zip(cells, below)], header_rows + 1



def where(raw) -> str:
    """How messages name a sheet: its file and sheet, or its CSV file."""
    if raw.source.lower().endswith(".csv"):
        return f"文件 {raw.source}"
    return f"文件 {raw.source} 的工作表“{raw.name}”"


def _loose_notes(cells, loose, ambiguous, spec, header_row):
    """Notes on headers read as a column they do not spell, and on those left unread."""
    notes = [note(spec.name, header_row, name, "HEADER_READ_AS", f"列“{cells[position]}”按“{name}”读取")
             for position, name in loose.items()]
    for name, positions in ambiguous.items():
        written = "”“".join(str(cells[p]) for p in positions)
        notes.append(note(spec.name, header_row, name, "HEADER_AMBIGUOUS",
                          f"列“{written}”都可能是“{name}”，均未按“{name}”读取，作为额外列保留"))
    return notes


def _name_columns(cells, canonical):
    """Grid column → name (canonical, else the header as written) and the extra columns' names;
    a 序号 column is no column."""
    mapping, extras = {}, []
    for position, cell in enumerate(cells):
        if position in canonical:
            mapping[position] = canonical[position]
        elif header_key(cell) not in SERIAL_HEADERS and cell is not None:
            name = str(cell)
            while name in extras or name in mapping.values():
                name += "_"
            mapping[position] = name
            extras.append(name)
    return mapping, extras


def _column_notes(cells, mapping, spec, header_row):
    """Notes on columns written more than once, and on absent columns that decide results."""
    exact, written_as, notes = column_keys(spec), {}, []
    for position, cell in enumerate(cells):
        name = exact.get(header_key(cell)) if cell is not None else None
        if name:
            written_as.setdefault(name, []).append(position)
    for name, positions in written_as.items():
        if len(positions) > 1:
            written = "、".join(f"{column_letter(p)}列“{cells[p]}”" for p in positions)
            notes.append(note(spec.name, header_row, name, "COLUMN_REPEATED",
                              f"有{len(positions)}列都是“{name}”（{written}），"
                              f"按{column_letter(positions[0])}列读取，其余作为额外列保留"))
    for column in spec.columns:
        if column.if_absent and column.name not in mapping.values():
            notes.append(note(spec.name, header_row, column.name, "COLUMN_ABSENT",
                              f"没有“{column.name}”列：{column.if_absent}"))
    return notes


def _missing_columns(raw, spec, cells, mapping, ambiguous):
    """Structural problems: each required column the header lacks (and a lacking pair of one_of)."""
    problems = []
    for column in spec.columns:
        if not column.required or column.name in mapping.values():
            continue
        if column.name in ambiguous:
            written = "”“".join(str(cells[p]) for p in ambiguous[column.name])
            problems.append(f"{where(raw)}有多列“{written}”都可能是必需的列“{column.name}”，请只保留一列或改名")
        else:
            problems.append(f"{where(raw)}缺少必需的列“{column.name}”（{column.alias}）")
    if spec.one_of and not any(name in mapping.values() for name in spec.one_of):
        problems.append(f"{where(raw)}缺少列“{spec.one_of[0]}”或“{spec.one_of[1]}”（至少需要一列）")
    return problems


def read_header(raw, spec, problems: list, notes: list) -> Header | None:
    """Find the header of `raw` and name its columns by `spec`: a :class:`Header`, or None.

    Appends structural problems (strings: no header row, a missing required column) to
    `problems` and notes on how headers were read to `notes` (rows of ``Tables.problems``).

    Examples
    --------
    >>> from liangxin.loaders.read import read_raw_sheets
    >>> from liangxin.loaders.sheets import sheet_spec
    >>> raw = read_raw_sheets(handmade_path)["两新组织"]
    >>> header = read_header(raw, sheet_spec("两新组织"), [], [])
    >>> header.top, header.rows, header.mapping[1]  # under a title row; 序号, then 组织名称
    (1, 1, '组织名称')
    """
    grid = raw.grid
    header = header_index(grid, spec) if len(grid) else None
    if header is None:
        names = "、".join(f"“{c.name}”" for c in spec.columns if c.required)
        problems.append(f"{where(raw)}找不到表头行（应包含列 {names}）")
        return None
    cells, (canonical, loose, ambiguous), header_rows = _two_level(grid, header, spec)
    cells, header_rows = _group_labels(grid, cells, canonical, loose, header, header_rows, spec, notes)
    header_row = header + header_rows  # the Excel row of the (last) header row
    notes.extend(_loose_notes(cells, loose, ambiguous, spec, header_row))
    mapping, extras = _name_columns(cells, canonical)
    notes.extend(_column_notes(cells, mapping, spec, header_row))
    missing = _missing_columns(raw, spec, cells, mapping, ambiguous)
    problems.extend(missing)
    if missing:
        return None
    return Header(header, header_rows, mapping, extras)
