"""Turn raw sheets into validated :class:`~liangxin.tables.Tables` (INPUT.md).

Structural problems (a missing sheet or column) are collected and raised once
as :class:`~liangxin.errors.LiangxinInputError`. Row problems never raise: the
row is left out and listed with its sheet, Excel row, column and reason, so
that for every sheet rows read = rows loaded + rows rejected.
"""

import logging
import re
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

from liangxin.errors import LiangxinInputError
from liangxin.loaders.credit_code import valid_credit_code_mask
from liangxin.text import BLANKS, header_key, cell_key, per_distinct, name_key, normalize_code, normalize_place, parse_count, \
    parse_yes_no, text_index
from liangxin.loaders.read import read_raw_sheets
from liangxin.loaders.sheets import SHEETS
from liangxin.tables import PROBLEM_COLUMNS, ROW_COUNT_COLUMNS, Tables

__all__ = ["load_tables", "validate_sheets", "loose_header_key"]

log = logging.getLogger(__name__)

SERIAL_HEADERS = frozenset({"序号", "编号", "no", "no.", "#", "serial"})
#: A row labelled so holds a table's sums: rejected, never read as a street or an organization.
#: The label is matched on its NFKC form without white space: 合计, 合计：, 平湖街道小计,
#: 小计（平湖街道）. No organization's or place's name ends in these words.
_TOTAL_WORDS = "合计|总计|小计|共计|汇总"
_TOTAL_LABEL = re.compile(rf"(?:{_TOTAL_WORDS}|总数)[:：]?|.{{2,}}(?:{_TOTAL_WORDS})[:：]?|(?:{_TOTAL_WORDS})[:：(（].*")
HEADER_SEARCH_ROWS = 20
_ANNOTATION = re.compile(r"\(.*?\)|\[.*?\]|【.*?】")

_KINDS = {"非公企业": "enterprise", "enterprise": "enterprise", "企业": "enterprise",
          "社会组织": "social_org", "social_org": "social_org", "socialorg": "social_org"}
_STATUSES = {"单独组建": "standalone", "standalone": "standalone", "单建": "standalone",
             "联合组建": "joint", "joint": "joint", "联建": "joint",
             "未组建": "none", "none": "none", "未建": "none", "无": "none"}



class _Problems:
    """Collects row problems of one sheet: first problem per row rejects it."""

    def __init__(self, sheet, rows):
        self.sheet = sheet
        self.rows = rows  # Excel row numbers, aligned with the sheet's frame
        self.reject_column = np.full(len(rows), None, dtype=object)
        self.reject_reason = np.full(len(rows), None, dtype=object)
        self._rejected = np.zeros(len(rows), dtype=bool)  # kept beside the reasons: read after every check
        self.warnings = []

    @property
    def rejected(self):
        """True for each row a problem rejected (a read-only view)."""
        view = self._rejected.view()
        view.flags.writeable = False
        return view

    def take(self, mask):
        """The rejections of the rows where `mask`, for a :class:`_SubSheet` to build on."""
        return self.reject_column[mask], self.reject_reason[mask], self._rejected[mask]

    def put(self, mask, taken):
        """Write back what :meth:`take` gave for the rows where `mask`."""
        self.reject_column[mask], self.reject_reason[mask], self._rejected[mask] = taken

    def reject(self, mask, column, reasons):
        """Reject rows where `mask`, unless an earlier problem already did.

        `reasons` is one string, an array aligned with the rows, or a function of the
        mask returning the reasons of the masked rows (so they are built only for those).
        """
        mask = np.asarray(mask, dtype=bool) & ~self.rejected
        if not mask.any():
            return
        self.reject_column[mask] = column
        self.reject_reason[mask] = _masked(reasons, mask)
        self._rejected[mask] = True

    def warn(self, mask, column, reasons):
        """Warn on rows where `mask` (rows rejected anyway are not warned about)."""
        mask = np.asarray(mask, dtype=bool) & ~self.rejected
        if not mask.any():
            return
        self.warnings.append(pd.DataFrame({
            "severity": "warning", "sheet": self.sheet, "row": self.rows[mask],
            "column": column, "reason": _masked(reasons, mask),
        }))

    def frame(self):
        rejected = self.rejected
        parts = [pd.DataFrame({
            "severity": "rejected", "sheet": self.sheet, "row": self.rows[rejected],
            "column": self.reject_column[rejected], "reason": self.reject_reason[rejected],
        })]
        parts.extend(self.warnings)
        parts = [p for p in parts if len(p)]
        if not parts:
            return pd.DataFrame(columns=PROBLEM_COLUMNS)
        return pd.concat(parts, ignore_index=True)


def _lookup(series, table):
    """Map cells through `table` by their lower-cased name key; None where not found."""
    def find(value):
        key = cell_key(value)
        return table.get(key.lower() if key is not None else None)
    return pd.Series(per_distinct(series, find), index=series.index, dtype=object)


def _masked(reasons, mask):
    if callable(reasons):
        return np.asarray(reasons(mask), dtype=object)
    if isinstance(reasons, str):
        return reasons
    return np.asarray(reasons, dtype=object)[mask]


def _say(prefix, values, suffix):
    """Reasons quoting each masked cell: ``_say("组织", names, "不存在")`` → 组织“X”不存在."""
    values = pd.Series(values, dtype=object).to_numpy()

    def build(mask):
        suffixes = [suffix] * int(mask.sum()) if isinstance(suffix, str) else np.asarray(suffix)[mask]
        return [f"{prefix}“{v}”{s}" if not pd.isna(v) else f"{prefix}为空{s}"
                for v, s in zip(values[mask], suffixes)]
    return build


class _Sheet:
    """One sheet after its header was found: canonical columns, Excel rows, problems."""

    def __init__(self, spec, frame, rows, extras, source):
        self.spec = spec
        self.frame = frame
        self.rows = rows
        self.extras = extras
        self.source = source
        self.problems = _Problems(spec.name, rows)

    def has(self, column):
        return column in self.frame.columns

    def text(self, column):
        if column in self.frame.columns:
            return self.frame[column].astype(object)
        return pd.Series([None] * len(self.frame), index=self.frame.index, dtype=object)

    def require_text(self, column):
        values = self.text(column)
        self.problems.reject(values.isna().to_numpy(), column, f"{column}为空")
        return values

    def count(self, column):
        raw = self.text(column)
        values, bad = parse_count(raw)
        self.problems.reject(bad & raw.isna().to_numpy(), column, f"{column}为空")
        self.problems.reject(bad, column, _say(column, raw, "不是非负整数"))
        return values

    def yes_no(self, column):
        raw = self.text(column)
        values, odd = parse_yes_no(raw)
        if odd.any():
            self.problems.warn(odd, column, _say(column, raw, "无法识别为是/否，按“否”处理"))
        return values

    def duplicates(self, keys, what, column=None):
        """Reject rows whose `keys` repeat an earlier loaded row, naming that row."""
        keys = pd.Series(keys, index=self.frame.index, dtype=object)
        alive = np.flatnonzero(~self.problems.rejected & keys.notna().to_numpy())
        repeat = keys.iloc[alive].duplicated(keep="first").to_numpy()
        if not repeat.any():
            return
        # Only the few repeated keys need their first row looked up.
        repeated = alive[repeat]
        firsts = alive[~repeat]
        firsts = firsts[keys.iloc[firsts].isin(set(keys.iloc[repeated])).to_numpy()]
        first_row = dict(zip(keys.iloc[firsts], self.rows[firsts]))
        mask = np.zeros(len(keys), dtype=bool)
        mask[repeated] = True
        reasons = np.full(len(keys), None, dtype=object)
        reasons[repeated] = [f"与第{first_row[k]}行{what}重复" for k in keys.iloc[repeated]]
        self.problems.reject(mask, column or self.spec.columns[0].name, reasons)

    def loaded(self):
        return ~self.problems.rejected

    def row_count(self):
        rejected = int(self.problems.rejected.sum())
        return {"sheet": self.spec.name, "rows_read": len(self.rows),
                "rows_loaded": len(self.rows) - rejected, "rows_rejected": rejected}


def loose_header_key(text):
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


def _column_keys(spec):
    """Header key → canonical column name, for every column of `spec` by its name and its alias."""
    return {header_key(key): column.name for column in spec.columns for key in (column.name, column.alias)}


def _synonym_keys(spec):
    """Header key → canonical column name, for the other headers analysts write (``synonyms``)."""
    return {header_key(key): column.name for column in spec.columns for key in column.synonyms}


def _loose_name(cell, lookup, synonyms):
    """The column a header with a note, or another usual header, stands for (None: no column)."""
    loose = loose_header_key(cell)
    return lookup.get(loose) or synonyms.get(header_key(cell)) or synonyms.get(loose)


def _header_index(grid, spec):
    known, synonyms = _column_keys(spec), _synonym_keys(spec)
    best, best_score = None, 0
    for index in range(min(HEADER_SEARCH_ROWS, len(grid))):
        score = sum(header_key(v) in known or _loose_name(v, known, synonyms) is not None
                    for v in grid.iloc[index].tolist() if v is not None)
        if score > best_score:
            best, best_score = index, score
    return best


def _canonical_positions(cells, spec):
    """Header cells → canonical column names: ``(canonical, loose, ambiguous)``.

    Headers as written first; then, for columns still unnamed, headers with a note
    (工会（有/无）, 是否规模以上) or another usual header (党组织组建情况, 党员人数) where exactly one
    cell could be the column: ``loose`` has those positions, and ``ambiguous`` each column two or
    more such cells could be (none of them taken).
    """
    lookup, synonyms = _column_keys(spec), _synonym_keys(spec)
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
        notes.append(_note(spec.name, below_index + 1, name, f"列“{cells[position]}”下分为“{below[position]}”等列，"
                                                             f"不是“{name}”列，作为额外列保留"))
    return [c if b is None else b for c, b in zip(cells, below)], header_rows + 1


def _column_letter(position):
    """Excel's name of the column at 0-based `position`: 0 → A, 26 → AA."""
    letters = ""
    position += 1
    while position:
        position, remainder = divmod(position - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _where(raw):
    """How messages name a sheet: its file and sheet, or its CSV file."""
    if raw.source.lower().endswith(".csv"):
        return f"文件 {raw.source}"
    return f"文件 {raw.source} 的工作表“{raw.name}”"


def _structure(raw, spec, problems, notes):
    """Find the header, map columns; return a _Sheet or None.

    Appends structural problems (strings) to `problems` and notes on how headers were read
    (see :func:`_note`) to `notes`.
    """
    where = _where(raw)
    grid = raw.grid
    header = _header_index(grid, spec) if len(grid) else None
    if header is None:
        required = [c for c in spec.columns if c.required]
        names = "、".join(f"“{c.name}”" for c in required)
        problems.append(f"{where}找不到表头行（应包含列 {names}）")
        return None
    cells = grid.iloc[header].tolist()
    canonical, loose, ambiguous = _canonical_positions(cells, spec)
    header_rows = 1
    # Two-level headers: group labels (基本情况, 群团组织建设情况) merged over the columns named in
    # the row below, and columns merged down across both rows, which are empty in the lower one.
    # A neighbouring row is merged in only where it names more columns of the contract.
    if header > 0:
        above = grid.iloc[header - 1].tolist()
        merged = [a if c is None else c for c, a in zip(cells, above)]
        more = _canonical_positions(merged, spec)
        if len(more[0]) > len(canonical):
            cells, (canonical, loose, ambiguous) = merged, more
    if header + 1 < len(grid):
        # The row below holds text only under columns the header row left unnamed.
        below = grid.iloc[header + 1].tolist()
        merged = [b if b is not None and position not in canonical else c
                  for position, (c, b) in enumerate(zip(cells, below))]
        more = _canonical_positions(merged, spec)
        if all(b is None or position not in canonical for position, b in enumerate(below)) \
                and len(more[0]) > len(canonical):
            cells, (canonical, loose, ambiguous), header_rows = merged, more, 2
    cells, header_rows = _group_labels(grid, cells, canonical, loose, header, header_rows, spec, notes)
    header_row = header + header_rows  # the Excel row of the (last) header row
    for position, name in loose.items():
        notes.append(_note(spec.name, header_row, name, f"列“{cells[position]}”按“{name}”读取"))
    for name, positions in ambiguous.items():
        written = "”“".join(str(cells[p]) for p in positions)
        notes.append(_note(spec.name, header_row, name,
                           f"列“{written}”都可能是“{name}”，均未按“{name}”读取，作为额外列保留"))
    mapping, extras, serial = {}, [], []
    for position, cell in enumerate(cells):
        key = header_key(cell)
        if position in canonical:
            mapping[position] = canonical[position]
        elif key in SERIAL_HEADERS:
            serial.append(position)
        elif cell is not None:
            name = str(cell)
            while name in extras or name in mapping.values():
                name += "_"
            mapping[position] = name
            extras.append(name)
    exact, written_as = _column_keys(spec), {}
    for position, cell in enumerate(cells):
        name = exact.get(header_key(cell)) if cell is not None else None
        if name:
            written_as.setdefault(name, []).append(position)
    for name, positions in written_as.items():
        if len(positions) > 1:
            written = "、".join(f"{_column_letter(p)}列“{cells[p]}”" for p in positions)
            notes.append(_note(spec.name, header_row, name, f"有{len(positions)}列都是“{name}”（{written}），"
                                                              f"按{_column_letter(positions[0])}列读取，其余作为额外列保留"))
    for column in spec.columns:
        if column.if_absent and column.name not in mapping.values():
            notes.append(_note(spec.name, header_row, column.name, f"没有“{column.name}”列：{column.if_absent}"))
    missing = [c for c in spec.columns if c.required and c.name not in mapping.values()]
    for column in missing:
        if column.name in ambiguous:
            written = "”“".join(str(cells[p]) for p in ambiguous[column.name])
            problems.append(f"{where}有多列“{written}”都可能是必需的列“{column.name}”，请只保留一列或改名")
        else:
            problems.append(f"{where}缺少必需的列“{column.name}”（{column.alias}）")
    if spec.one_of and not any(name in mapping.values() for name in spec.one_of):
        problems.append(f"{where}缺少列“{spec.one_of[0]}”或“{spec.one_of[1]}”（至少需要一列）")
    if missing or (spec.one_of and not any(n in mapping.values() for n in spec.one_of)):
        return None
    body = grid.iloc[header + header_rows:]
    frame = body[list(mapping)].copy()
    frame.columns = list(mapping.values())
    # Blank rows, and rows holding only a 序号, are not rows.
    content = _any_cell(frame)
    # A cell merged down (街道 over its communities, 区领导 over their organizations) holds its
    # value for every data row it covers; blank rows and 合计 labels were found without it.
    for top, column, bottom in raw.merged_down:
        if top >= header + header_rows and column in mapping:
            frame.loc[top + 1:bottom, mapping[column]] = frame.at[top, mapping[column]]
    frame = frame[content].reset_index(drop=True)
    rows = (body.index.to_numpy()[content] + 1).astype(np.int64)
    sheet = _Sheet(spec, frame, rows, extras, raw.source)
    # A 合计 row under the table (in the 序号 column or the first one) holds sums, not an entry.
    label = _first_cell(body)[content]
    sheet.problems.reject(_is_total_label(label), spec.columns[0].name, _say("", label, "行，不是数据行"))
    return sheet


def _is_total_label(labels):
    """Whether each label marks a 合计/小计 row (see ``_TOTAL_LABEL``).

    Only the few labels holding 计, 汇总 or 总数 reach the normalization and the pattern.
    """
    labels = np.asarray(labels, dtype=object)
    candidates = np.flatnonzero([isinstance(v, str) and ("计" in v or "汇总" in v or "总数" in v) for v in labels])
    mask = np.zeros(len(labels), dtype=bool)
    mask[candidates] = [_TOTAL_LABEL.fullmatch(cell_key(labels[i]) or "") is not None for i in candidates]
    return mask


def _first_cell(frame):
    """The first non-empty cell of each row (None for a blank row); each column is read only on
    the rows still empty."""
    first = np.full(len(frame), None, dtype=object)
    for column in range(frame.shape[1]):
        empty = np.flatnonzero(pd.isna(first))
        if not len(empty):
            break
        first[empty] = frame.iloc[:, column].to_numpy()[empty]
    return first


def _blank_sheet_row(grid, spec):
    """For a sheet with no header row and at most a title (one row of one cell): the title's
    Excel row (1 if none). None for any other sheet."""
    if not len(grid) or not grid.shape[1]:
        return 1
    if _header_index(grid, spec) is not None:
        return None
    content = np.flatnonzero(_any_cell(grid))
    if len(content) > 1 or (len(content) and grid.iloc[content[0]].notna().sum() > 1):
        return None
    return int(content[0]) + 1 if len(content) else 1


def _any_cell(frame):
    """True for rows with any non-empty cell."""
    return pd.notna(_first_cell(frame))


def _note(sheet, row, column, reason):
    """A warning about a whole sheet or column (not one row of data), for 数据问题."""
    return {"severity": "warning", "sheet": sheet, "row": int(row), "column": column, "reason": reason}


def _match_sheets(raw_sheets, source):
    """Match sheets to the contract: ``(matched, extra, notes, guessed)``.

    A sheet is matched by its Chinese name, then by its English alias. A contract sheet still
    missing then takes the one unmatched sheet whose name contains its name (``挂点促建表``,
    ``附件1 区领导挂点促建联系安排表``), else the one whose header row has all its required columns
    and fits no other sheet (``附件1``); ``guessed`` maps such a sheet to how it was found.
    ``notes`` say which sheets were left: a second sheet of the same name, an extra sheet whose
    header names most of a read sheet's columns (``两新组织 (2)``), one whose header only looks
    like a missing sheet's.
    """
    matched, taken, notes, noted = {}, set(), [], set()
    for key_of in (lambda spec: spec.name, lambda spec: spec.alias):
        lookup = {header_key(key_of(spec)): spec.name for spec in SHEETS}
        for name, raw in raw_sheets.items():
            canonical = lookup.get(header_key(name))
            if canonical is None or name in taken:
                continue
            if canonical not in matched:
                matched[canonical] = raw
                taken.add(name)
            else:
                first = matched[canonical].name
                notes.append(_note(canonical, 1, "", f"工作表“{name}”与“{first}”都是“{canonical}”，"
                                                     f"已读取“{first}”，“{name}”按额外工作表保留"))
                noted.add(name)
    extra = {name: raw.grid for name, raw in raw_sheets.items() if name not in taken}
    guessed = {}
    for how, fits in (("名称", _name_fits), ("表头", _header_fits)):
        for spec in SHEETS:
            if spec.name in matched:
                continue
            candidates = [name for name in extra if fits(raw_sheets[name], spec) and not _negated(name, spec)]
            if len(candidates) == 1:
                matched[spec.name] = raw_sheets[candidates[0]]
                del extra[candidates[0]]
                guessed[spec.name] = how
    for spec in SHEETS:
        if spec.name not in matched:
            continue
        read = matched[spec.name].name
        columns_read = _recognized_columns(matched[spec.name], spec)
        for name in extra:
            shared = _recognized_columns(raw_sheets[name], spec) & columns_read
            if name not in noted and not _negated(name, spec) and len(shared) >= max(3, 0.8 * len(columns_read)):
                notes.append(_note(spec.name, 1, "", f"工作表“{name}”的表头与“{spec.name}”基本相同，未读取（读取的是"
                                                     f"“{read}”）；如果它也是{spec.name}的数据，请把它的行并入“{read}”"))
    for spec in SHEETS:
        if spec.name in matched:
            continue
        # Headers with notes are read once a sheet is known, but are too weak to guess one by.
        for name in extra:
            if not _negated(name, spec) and _header_fits(raw_sheets[name], spec, key_of=loose_header_key):
                notes.append(_note(spec.name, 1, "", f"工作表“{name}”的表头像“{spec.name}”，但未自动识别；"
                                                     f"如果是，请把工作表改名为“{spec.name}”"))
    return matched, extra, notes, guessed


def _recognized_columns(raw, spec, key_of=None):
    """The columns of `spec` the sheet's header row names (an empty set without a header row).

    Headers as :func:`_structure` reads them (with notes and synonyms), or, with `key_of`, only
    those whose ``key_of`` is a column's name or alias.
    """
    header = _header_index(raw.grid, spec) if len(raw.grid) else None
    if header is None:
        return set()
    cells = raw.grid.iloc[header].tolist()
    if key_of is None:
        return set(_canonical_positions(cells, spec)[0].values())
    lookup = _column_keys(spec)
    return {lookup[key_of(v)] for v in cells if v is not None and key_of(v) in lookup}


def _negated(name, spec):
    """Whether the sheet's name says it is not that sheet (未纳入主管包建社会组织, 非挂点组织)."""
    key, own = header_key(name), header_key(spec.name)
    at = key.find(own)
    return at >= 0 and any(word in key[max(at - 3, 0):at] for word in "未非不无没")


def _name_fits(raw, spec):
    name = header_key(raw.name)
    return header_key(spec.name) in name or header_key(spec.alias) in name


def _header_fits(raw, spec, key_of=header_key):
    """Whether the sheet's header row has every required column of `spec`, and of no other sheet.

    Headers are compared as written (`key_of`): a guess on a guess (容量（人） → 容量) took venue
    lists for 责任容量.
    """
    def fits(candidate):
        present = _recognized_columns(raw, candidate, key_of)
        required = all(c.name in present for c in candidate.columns if c.required)
        return required and (not candidate.one_of or any(n in present for n in candidate.one_of))
    return fits(spec) and not any(fits(other) for other in SHEETS if other is not spec)


class _RowLookup:
    """Text keys → rows; ``rows`` gives each key's row (its first, where a key repeats; -1: none)."""

    def __init__(self, keys, rows):
        keys, rows = text_index(keys), np.asarray(rows, dtype=np.int64)
        if not keys.is_unique:
            first = ~keys.duplicated()
            keys, rows = keys[first], rows[first]
        self._keys, self._rows = keys, np.append(rows, -1)

    def rows(self, keys):
        return self._rows[self._keys.get_indexer(text_index(keys))]


class _OrgIndex:
    """Find organizations by credit code and by normalized name."""

    def __init__(self, orgs):
        self._org_id = np.append(orgs["org_id"].to_numpy(dtype=object), None)  # row -1: None
        self._kind = np.append(orgs["kind"].to_numpy(dtype=object), None)
        self._name = np.append(orgs["name"].to_numpy(dtype=object), None)
        every = np.arange(len(orgs))
        coded = orgs["credit_code"].notna().to_numpy()
        self._codes = _RowLookup(orgs["credit_code"].to_numpy(dtype=object)[coded], every[coded])
        keys = text_index(orgs["name_key"])
        shared = keys.duplicated(keep=False)
        self._names = _RowLookup(keys[~shared], every[~shared])
        self._ambiguous = text_index(pd.unique(keys[shared]))

    def match(self, sheet, names, codes, *, column_name="组织名称", column_code="统一社会信用代码",
              warn_code_fallback=True, with_kind=False):
        """Return org_id per row (None where unmatched) and reject/warn on `sheet`.

        With `with_kind`, return ``(org_id, kind)``: the kind of each organization matched.
        """
        names = pd.Series(names, dtype=object).reset_index(drop=True)
        codes = pd.Series(codes, dtype=object).reset_index(drop=True)
        code_norm = normalize_code(codes)
        valid = valid_credit_code_mask(code_norm)
        code_rows = self._codes.rows(code_norm.where(valid))
        keys = name_key(names)
        name_rows = self._names.rows(keys)
        ambiguous = self._ambiguous.get_indexer(text_index(keys)) >= 0
        has_code = code_norm.notna().to_numpy()
        has_name = keys.notna().to_numpy()
        code_hit = code_rows >= 0
        name_hit = name_rows >= 0
        rows = np.where(code_hit, code_rows, name_rows)

        neither = ~has_code & ~has_name
        sheet.problems.reject(neither, column_name, f"{column_name}和{column_code}均为空")
        amb = ~code_hit & has_name & ambiguous
        sheet.problems.reject(amb, column_name, _say(
            "有多个组织名为", names, "，请填写统一社会信用代码以区分"))
        rows[amb] = -1
        unknown_name = ~code_hit & has_name & ~name_hit & ~ambiguous
        sheet.problems.reject(unknown_name, column_name, _say("组织", names, "在“两新组织”表中不存在"))
        bad_code_only = ~has_name & has_code & ~code_hit
        code_reason = np.where(valid, "在“两新组织”表中不存在", "校验不通过")
        sheet.problems.reject(bad_code_only, column_code, _say("统一社会信用代码", codes, code_reason))
        if warn_code_fallback:
            fallback = has_code & ~code_hit & name_hit
            sheet.problems.warn(fallback, column_code, _say(
                "统一社会信用代码", codes, np.where(
                valid, "在“两新组织”表中不存在，已按组织名称匹配", "校验不通过，已按组织名称匹配")))
            # The code decides; a name that belongs to another organization is worth a look.
            conflict = code_hit & name_hit & (code_rows != name_rows)
            if conflict.any():
                other = np.full(len(rows), None, dtype=object)
                other[conflict] = [f"属于另一个组织，已按统一社会信用代码匹配到“{name}”"
                                   for name in self._name[code_rows[conflict]]]
                sheet.problems.warn(conflict, column_name, _say("组织名称", names, other))
        org_id = self._org_id[rows]
        return (org_id, self._kind[rows]) if with_kind else org_id


def _units(values):
    """Return (display name as first written, normalized key) for unit names."""
    keys = name_key(values)
    return _first_per_key(values, keys), keys


def _first_per_key(values, keys):
    """For each row, the value on the first row with the same key (None where the key is None)."""
    codes, _ = pd.factorize(keys, use_na_sentinel=True)
    values = pd.Series(values, dtype=object).to_numpy()
    first = np.full(codes.max() + 2 if len(codes) else 1, None, dtype=object)
    positions = np.flatnonzero(codes >= 0)
    unique_codes, first_positions = np.unique(codes[positions], return_index=True)
    first[unique_codes] = values[positions[first_positions]]
    return pd.Series(first[codes], index=keys.index, dtype=object)


def _load_geography(sheet):
    street_raw = sheet.require_text("街道")
    community_raw = sheet.require_text("社区")
    street = normalize_place(street_raw, "街道")
    community = normalize_place(community_raw, "社区")
    sheet.duplicates(street + "\x00" + community, "（街道，社区）")
    owner = sheet.text("社区责任人")
    table = pd.DataFrame({"street": street, "community": community, "community_owner": owner,
                          "row": sheet.rows})
    _add_extras(table, sheet)
    return table[sheet.loaded()].reset_index(drop=True)


def _load_organizations(sheet):
    p = sheet.problems
    name = sheet.require_text("组织名称")
    kind_raw = sheet.text("组织类型")
    kind = _lookup(kind_raw, _KINDS)
    p.reject(kind.isna().to_numpy(), "组织类型",
             _say("组织类型", kind_raw, "应为“非公企业”或“社会组织”"))
    employees = sheet.count("从业人员数")
    members = sheet.count("党员数")
    flags = {}
    for column, field in (("规模以上", "above_scale"), ("实体性", "entity"), ("工会", "has_union"),
                          ("团组织", "has_youth_league"), ("妇组织", "has_womens_org"), ("重点难点", "key")):
        flags[field] = sheet.yes_no(column)
    status_raw = sheet.text("党组织状态")
    status = _lookup(status_raw, {**_STATUSES, None: "none"})
    p.reject(status.isna().to_numpy(), "党组织状态",
             _say("党组织状态", status_raw, "应为“单独组建”“联合组建”或“未组建”"))
    code_raw = sheet.text("统一社会信用代码")
    code = normalize_code(code_raw)
    valid = valid_credit_code_mask(code)
    p.warn(code.notna().to_numpy() & ~valid, "统一社会信用代码",
           _say("统一社会信用代码", code_raw, "校验不通过，已按组织名称识别"))
    code = code.where(valid, None)
    party_org = sheet.text("所在党组织")
    named_but_none = party_org.notna().to_numpy() & (status == "none").to_numpy()
    p.warn(named_but_none, "所在党组织",
           _say("党组织状态为未组建，但填写了所在党组织", party_org, "，以状态为准"))
    p.warn(party_org.isna().to_numpy() & (status == "joint").to_numpy(), "所在党组织",
           "党组织状态为联合组建，但未填写所在党组织名称")
    party_org = party_org.where(~named_but_none, None)

    # Duplicates: the same valid code, or the same normalized name where either row has no valid code.
    keys = name_key(name)
    code_key = code.where(code.notna(), None)
    sheet.duplicates(code_key, "统一社会信用代码", "统一社会信用代码")
    _reject_name_duplicates(sheet, keys, code.notna().to_numpy())
    # An organization is identified by its valid code, else by its name: a name written like
    # another row's code would make the two one organization.
    org_id = code.where(code.notna(), name).astype(object)
    sheet.duplicates(org_id, "组织标识（有效的统一社会信用代码，没有时为组织名称）", "组织名称")

    street = normalize_place(sheet.text("街道"), "街道")
    community = normalize_place(sheet.text("社区"), "社区")
    table = pd.DataFrame({
        "org_id": org_id,
        "name": name, "name_key": keys, "credit_code": code, "kind": kind,
        "street": street, "community": community,
        "employees": employees, "party_members": members,
        **flags,
        "status": status, "party_org": party_org, "party_org_key": name_key(party_org),
        "industry": sheet.text("行业"), "row": sheet.rows,
    })
    _add_extras(table, sheet)
    return table[sheet.loaded()].reset_index(drop=True)


def _reject_name_duplicates(sheet, keys, has_code):
    """Reject a row whose name an earlier loaded row shares, where either lacks a valid code.

    Only names that occur more than once are walked in Python; that is a handful of rows.
    """
    alive = sheet.loaded() & keys.notna().to_numpy()
    alive_keys = keys[alive]
    repeated = set(alive_keys[alive_keys.duplicated(keep=False)])
    if not repeated:
        return
    candidates = np.flatnonzero(alive & keys.isin(repeated).to_numpy())
    kept = {}  # name key -> list of (row, has_code) loaded so far
    mask = np.zeros(len(keys), dtype=bool)
    reasons = np.full(len(keys), None, dtype=object)
    for position in candidates:
        key = keys.iat[position]
        for first_row, first_has_code in kept.get(key, []):
            if not (first_has_code and has_code[position]):
                mask[position] = True
                reasons[position] = f"与第{first_row}行组织名称重复（无有效统一社会信用代码时按名称识别）"
                break
        else:
            kept.setdefault(key, []).append((sheet.rows[position], has_code[position]))
    sheet.problems.reject(mask, "组织名称", reasons)


def _org_reference(sheet, index, with_kind=False):
    return index.match(sheet, sheet.text("组织名称"), sheet.text("统一社会信用代码"), with_kind=with_kind)


def _load_leader_points(sheet, index, streets):
    leader = sheet.require_text("区领导")
    org_id = _org_reference(sheet, index)
    street = normalize_place(sheet.text("挂点街道"), "街道")
    unknown = street.notna().to_numpy() & ~street.isin(streets).to_numpy()
    sheet.problems.warn(unknown, "挂点街道", _say("挂点街道", sheet.text("挂点街道"), "不在“街道社区”表中（仅作参考，不影响挂点关系）"))
    display, key = _units(leader)
    sheet.duplicates(key + "\x00" + pd.Series(org_id, dtype=object), "（区领导，组织）")
    table = pd.DataFrame({"leader": display, "leader_key": key, "org_id": org_id, "street": street,
                          "liaison": sheet.text("联络员"), "phone": sheet.text("联系电话"), "row": sheet.rows})
    return _with_extras(table, sheet)


def _add_extras(table, sheet):
    """Keep the sheet's extra columns as attributes, never clobbering a column of ours."""
    for extra in sheet.extras:
        name = extra
        while name in table.columns:
            name += "_"
        table[name] = pd.Series(sheet.frame[extra].to_numpy(), index=table.index, dtype=object)


def _with_extras(table, sheet):
    _add_extras(table, sheet)
    loaded = sheet.loaded()
    table = table[loaded].reset_index(drop=True)
    # Display names are re-derived over loaded rows only.
    for column, key in (("leader", "leader_key"), ("department", "department_key"),
                        ("supervisory_unit", "unit_key"), ("mass_org", "mass_org_key"), ("unit", "unit_key")):
        if column in table and key in table and len(table):
            table[column] = pd.Series(_first_per_key(table[column], table[key]).to_numpy(), index=table.index,
                                      dtype=object)
    return table


def _load_stations(sheet, index, streets):
    department = sheet.require_text("区直机关")
    street_raw = sheet.require_text("驻点街道")
    street = normalize_place(street_raw, "街道")
    sheet.problems.reject(street.notna().to_numpy() & ~street.isin(streets).to_numpy(), "驻点街道",
                          _say("驻点街道", street_raw, "不在“街道社区”表中"))
    contact = sheet.text("联系组织")
    has_contact = contact.notna().to_numpy()
    org_id = np.full(len(contact), None, dtype=object)
    if has_contact.any():
        sub = _SubSheet(sheet, has_contact)
        org_id[has_contact] = index.match(sub, contact[has_contact], contact[has_contact],
                                          column_name="联系组织", column_code="联系组织",
                                          warn_code_fallback=False)
        sub.commit()
    display, key = _units(department)
    sheet.duplicates(key + "\x00" + street.fillna("") + "\x00" + pd.Series(org_id, dtype=object).fillna(""),
                     "（区直机关，驻点街道，联系组织）")
    table = pd.DataFrame({"department": display, "department_key": key, "street": street, "org_id": org_id,
                          "liaison": sheet.text("联络员"), "phone": sheet.text("联系电话"), "row": sheet.rows})
    return _with_extras(table, sheet)


class _SubSheet:
    """A view of some rows of a sheet, so a matcher can reject among those rows only."""

    def __init__(self, sheet, mask):
        self.sheet, self.mask = sheet, mask
        self.problems = _Problems(sheet.spec.name, sheet.rows[mask])
        self.problems.put(slice(None), sheet.problems.take(mask))

    def commit(self):
        self.sheet.problems.put(self.mask, self.problems.take(slice(None)))
        self.sheet.problems.warnings.extend(self.problems.warnings)


def _load_supervision(sheet, index):
    unit = sheet.require_text("业务主管单位")
    org_id, kind = _org_reference(sheet, index, with_kind=True)
    enterprise = kind == "enterprise"
    names = sheet.text("组织名称").fillna(sheet.text("统一社会信用代码"))
    sheet.problems.reject(enterprise, "组织名称", _say("组织", names, "是非公企业，主管包建只对应社会组织"))
    display, key = _units(unit)
    instructor = sheet.text("党建工作指导员")
    sheet.duplicates(key + "\x00" + pd.Series(org_id, dtype=object), "（业务主管单位，组织）")
    table = pd.DataFrame({"supervisory_unit": display, "unit_key": key, "org_id": org_id,
                          "instructor": instructor, "instructor_key": name_key(instructor),
                          "phone": sheet.text("联系电话"), "row": sheet.rows})
    table = _with_extras(table, sheet)
    if len(table):
        pair = table["unit_key"] + "\x00" + table["instructor_key"]
        table["instructor"] = pd.Series(_first_per_key(table["instructor"], pair).to_numpy(), index=table.index,
                                        dtype=object)
    return table


def _load_mass_org_tasks(sheet, index):
    mass_org = sheet.require_text("群团组织")
    org_id = _org_reference(sheet, index)
    display, key = _units(mass_org)
    task = sheet.text("任务")
    sheet.duplicates(key + "\x00" + pd.Series(org_id, dtype=object) + "\x00" + name_key(task).fillna(""),
                     "（群团组织，组织，任务）")
    table = pd.DataFrame({"mass_org": display, "mass_org_key": key, "org_id": org_id, "task": task,
                          "row": sheet.rows})
    return _with_extras(table, sheet)


def _load_capacities(sheet, known_units):
    unit = sheet.require_text("单位")
    capacity = sheet.count("容量")
    display, key = _units(unit)
    sheet.problems.reject(key.notna().to_numpy() & ~key.isin(known_units).to_numpy(), "单位", _say("单位", unit, "不是任何区领导、区直机关、业务主管单位或指导员"))
    sheet.duplicates(key, "单位")
    table = pd.DataFrame({"unit": display, "unit_key": key, "capacity": capacity, "row": sheet.rows})
    return _with_extras(table, sheet)


def _as_object(frame):
    """Store text as object columns with None for empty.

    pandas 3 infers an Arrow-backed ``str`` dtype after some operations; its ``isin`` against a
    large set is slow, and a mix of both dtypes compares oddly. The tables downstream see one form.
    """
    for column in frame.columns:
        if pd.api.types.is_string_dtype(frame[column]) and frame[column].dtype != object:
            values = frame[column].astype(object)
            frame[column] = values.where(values.notna(), None)
    return frame


def _empty_frame(columns):
    return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})


def validate_sheets(raw_sheets, source):
    """Validate raw sheets into :class:`~liangxin.tables.Tables`.

    Parameters
    ----------
    raw_sheets : dict of str to RawSheet
        As :func:`liangxin.loaders.read.read_raw_sheets` returns them.
    source : str
        The input path as given, used in messages.

    Raises
    ------
    LiangxinInputError
        A required sheet or column is missing; every such problem is named.
    """
    matched, extra, sheet_notes, guessed = _match_sheets(raw_sheets, source)
    structural = []
    is_folder = Path(source).is_dir()

    def missing_sheet(spec):
        if is_folder:
            return f"文件夹 {source} 缺少必需的文件 {spec.name}.csv（{spec.alias}）"
        return f"文件 {source} 缺少必需的工作表“{spec.name}”（{spec.alias}）"

    structural.extend(missing_sheet(spec) for spec in SHEETS if spec.required and spec.name not in matched)
    sheets = {}
    for spec in SHEETS:
        if spec.name not in matched:
            continue
        raw = matched[spec.name]
        blank_at = None if spec.required else _blank_sheet_row(raw.grid, spec)
        if blank_at is not None:
            # An optional sheet left empty (or holding only its title) is a sheet not given.
            sheet_notes.append(_note(spec.name, blank_at, "", "工作表没有表头和数据，按未提供处理"))
            continue
        found, notes = [], []
        sheet = _structure(raw, spec, found, notes)
        if spec.name in guessed:
            how = guessed[spec.name]
            if sheet is None:
                # A guess that does not hold: the sheet stays what it was, an extra sheet.
                extra[raw.name] = raw.grid
                why = f"工作表“{raw.name}”的{how}像“{spec.name}”，但{found[0].removeprefix(_where(raw))}"
                sheet_notes.append(_note(spec.name, 1, "", f"{why}，按额外工作表保留"))
                if spec.required:
                    structural.append(f"{missing_sheet(spec)}（{why}）")
                continue
            sheet_notes.append(_note(spec.name, 1, "", f"工作表“{raw.name}”按{how}识别为“{spec.name}”"))
        structural.extend(found)
        sheet_notes.extend(notes)
        if sheet is not None:
            sheets[spec.name] = sheet
            if raw.hidden:
                sheet_notes.append(_note(spec.name, 1, "", f"工作表“{raw.name}”在 Excel 中是隐藏的，仍按“{spec.name}”"
                                                           f"读取；请确认它是当前的台账"))
    if structural:
        raise LiangxinInputError("；".join(structural), structural)

    geography = _load_geography(sheets["街道社区"])
    streets = set(geography["street"])
    organizations = _load_organizations(sheets["两新组织"])
    index = _OrgIndex(organizations)

    def optional(name, loader, *args, columns):
        if name in sheets:
            return loader(sheets[name], *args)
        return _empty_frame(columns)

    leader_points = optional("挂点促建", _load_leader_points, index, streets,
                             columns=["leader", "leader_key", "org_id", "street", "liaison", "phone", "row"])
    stations = optional("驻街保建", _load_stations, index, streets,
                        columns=["department", "department_key", "street", "org_id", "liaison", "phone", "row"])
    supervision = optional("主管包建", _load_supervision, index,
                           columns=["supervisory_unit", "unit_key", "org_id", "instructor", "instructor_key",
                                    "phone", "row"])
    mass_org_tasks = optional("党群共建", _load_mass_org_tasks, index,
                              columns=["mass_org", "mass_org_key", "org_id", "task", "row"])
    known_units = (set(leader_points["leader_key"]) | set(stations["department_key"])
                   | set(supervision["unit_key"]) | set(supervision["instructor_key"].dropna()))
    capacities = optional("责任容量", _load_capacities, known_units,
                          columns=["unit", "unit_key", "capacity", "row"])

    department_stations = (stations[["department", "department_key", "street"]]
                           .drop_duplicates(["department_key", "street"]).reset_index(drop=True))
    department_contacts = (stations[stations["org_id"].notna()][["department", "department_key", "org_id"]]
                           .drop_duplicates(["department_key", "org_id"]).reset_index(drop=True))

    order = {spec.name: i for i, spec in enumerate(SHEETS)}
    problems = pd.concat([pd.DataFrame(sheet_notes, columns=PROBLEM_COLUMNS)] * bool(sheet_notes)
                         + [s.problems.frame() for s in sheets.values()], ignore_index=True)
    if len(problems):
        problems = problems.assign(_order=problems["sheet"].map(order)).sort_values(
            ["_order", "row"], kind="stable").drop(columns="_order").reset_index(drop=True)
    problems["row"] = problems["row"].astype("int64")
    row_counts = pd.DataFrame([s.row_count() for s in sheets.values()], columns=ROW_COUNT_COLUMNS)
    for _, counts in row_counts.iterrows():
        log.info("%s: %d rows read, %d loaded, %d rejected", counts["sheet"], counts["rows_read"],
                 counts["rows_loaded"], counts["rows_rejected"])
    geography, organizations, leader_points, department_stations, department_contacts, supervision, \
        mass_org_tasks, capacities = (_as_object(t) for t in (
            geography, organizations, leader_points, department_stations, department_contacts, supervision,
            mass_org_tasks, capacities))
    return Tables(
        source=source,
        geography=geography,
        has_owner_column=sheets["街道社区"].has("社区责任人"),
        organizations=organizations,
        leader_points=leader_points,
        department_stations=department_stations,
        department_contacts=department_contacts,
        supervision=supervision,
        mass_org_tasks=mass_org_tasks,
        capacities=capacities,
        problems=problems[PROBLEM_COLUMNS],
        row_counts=row_counts,
        extra_sheets=extra,
    )


def load_tables(path):
    """Read and validate a workbook or CSV folder.

    Parameters
    ----------
    path : str or Path
        ``.xlsx``/``.xls`` workbook or a folder of CSV files named like the sheets.

    Returns
    -------
    Tables

    Raises
    ------
    LiangxinInputError
        The file cannot be read, or a required sheet or column is missing.

    Examples
    --------
    >>> tables = load_tables("台账.xlsx")  # doctest: +SKIP
    >>> tables.row_counts  # doctest: +SKIP
    """
    return validate_sheets(read_raw_sheets(path), str(path))
