"""A sheet's data rows under its header, and how they are read, checked and counted.

Blank rows, rows holding only a 序号, and the example row of ``liangxin template`` (序号 ``示例``)
are not rows; a 合计/小计 row is rejected
(``TOTAL_ROW``); a cell merged down holds its value for every row it covers. Each column is
read by the parser its spec declares (:mod:`liangxin.loaders.parsers`), and repeated rows are
rejected naming the first (``DUPLICATE``). Rows read = rows loaded + rows rejected.
"""

import re
from pathlib import PurePath

import numpy as np
import pandas as pd

from liangxin.hashed import duplicated
from liangxin.loaders.headers import Header, header_index
from liangxin.loaders.parsers import parse_column
from liangxin.loaders.problems import Problems, say
from liangxin.text import cell_key

__all__ = ["Sheet", "SubSheet", "read_rows", "blank_sheet_row", "is_total_label", "is_example_label", "EXAMPLE_LABEL"]

#: A row labelled so holds a table's sums: rejected, never read as a street or an organization.
#: The label is matched on its NFKC form without white space: 合计, 合计：, 平湖街道小计,
#: 小计（平湖街道）. No organization's or place's name ends in these words.
_TOTAL_WORDS = "合计|总计|小计|共计|汇总"
_TOTAL_LABEL = re.compile(rf"(?:{_TOTAL_WORDS}|总数)[:：]?|.{{2,}}(?:{_TOTAL_WORDS})[:：]?|(?:{_TOTAL_WORDS})[:：(（].*")


class Sheet:
    """One sheet after its header was found: canonical columns, Excel rows, problems.

    Parameters
    ----------
    spec : SheetSpec
        The sheet's contract.
    frame : DataFrame
        The data rows, columns named by their canonical names (and extra columns by theirs).
    rows : array of int
        The Excel row of each row of `frame`.
    extras : list of str
        The extra columns of `frame`.
    source : str
        The file the sheet was read from.
    files : str or array of str, optional
        How problems name the file of each row (one name for all rows); by default the name of
        `source`. A sheet sent as several files (:meth:`combine`) has one per row.

    Examples
    --------
    >>> from liangxin.loaders.sheets import sheet_spec
    >>> frame = pd.DataFrame({"单位": ["区民政局", None, "刘洋"], "容量": ["2人", "1", "多"]}, dtype=object)
    >>> sheet = Sheet(sheet_spec("责任容量"), frame, np.array([2, 3, 4]), [], "台账.xlsx")
    >>> sheet.parse("单位").tolist(), sheet.parse("容量").tolist()
    (['区民政局', None, '刘洋'], [2, 1, 0])
    >>> sheet.problems.frame()[["row", "code"]].values.tolist()
    [[3, 'EMPTY_REQUIRED'], [4, 'NOT_A_COUNT']]
    >>> sheet.row_counts()
    [{'file': '台账.xlsx', 'sheet': '责任容量', 'rows_read': 3, 'rows_loaded': 1, 'rows_rejected': 2}]
    """

    def __init__(self, spec, frame, rows, extras, source, files=None):
        self.spec = spec
        self.frame = frame
        self.rows = rows
        self.extras = extras
        self.source = source
        self.files = PurePath(str(source)).name if files is None else files
        self.problems = Problems(spec.name, rows, self.files)
        #: The files of the rows, in the order read (a file may have no data row).
        self.file_names = [self.files] if isinstance(self.files, str) else list(pd.unique(self.files))
        #: Per file, each column's name → its header as written where that differs (see
        #: :func:`headers_as_written`): how problems name the column.
        self.written = {}
        self.written_by_file = None
        self._parsed = {}

    @classmethod
    def combine(cls, sheets: list) -> "Sheet":
        """One sheet of the rows of `sheets` (the same contract sheet sent as several files), in order.

        A column some of them lack is empty on their rows; their extra columns are kept, each once.
        """
        if len(sheets) == 1:
            return sheets[0]
        frame = pd.concat([s.frame for s in sheets], ignore_index=True)
        for column in frame.columns:
            if not all(column in s.frame.columns for s in sheets):
                values = frame[column].astype(object)
                frame[column] = values.where(values.notna(), None)
        extras = list(dict.fromkeys(e for s in sheets for e in s.extras))
        combined = cls(sheets[0].spec, frame, np.concatenate([s.rows for s in sheets]), extras, sheets[0].source,
                       np.concatenate([np.broadcast_to(np.asarray(s.files, dtype=object), len(s.rows)) for s in sheets]))
        combined.problems = Problems.combine([s.problems for s in sheets])
        combined.file_names = [name for s in sheets for name in s.file_names]
        combined.written_by_file = {file: s.headers_written() for s in sheets for file in s.file_names}
        return combined

    def headers_written(self) -> dict:
        """Each column's header as written where it differs from the column's name (one file's)."""
        return self.written

    def written_headers(self) -> dict:
        """File → its :meth:`headers_written`, for every file of the sheet."""
        return self.written_by_file or {file: self.written for file in self.file_names}

    def file_at(self, positions) -> np.ndarray:
        """The file of the rows at `positions`."""
        return self.problems.files_at(positions)

    def has(self, column: str) -> bool:
        return column in self.frame.columns

    def text(self, column: str) -> pd.Series:
        """The cells of `column` as written (None throughout for a column the sheet lacks)."""
        if column in self.frame.columns:
            return self.frame[column].astype(object)
        return pd.Series([None] * len(self.frame), index=self.frame.index, dtype=object)

    def parse(self, column: str):
        """The column read by the parser its spec declares; checked once, however often asked."""
        if column not in self._parsed:
            self._parsed[column] = parse_column(self, column)
        return self._parsed[column]

    def parse_alias(self, alias: str):
        """:meth:`parse` of the column whose English alias is `alias`."""
        for column in self.spec.columns:
            if column.alias == alias:
                return self.parse(column.name)
        raise KeyError(alias)

    def duplicates(self, keys, what: str, column: str = None, compare: dict = None) -> None:
        """Reject rows whose `keys` repeat an earlier loaded row, naming that row (see :meth:`reject_repeats`)."""
        keys = pd.Series(keys, index=self.frame.index, dtype=object)
        alive = np.flatnonzero(~self.problems.rejected & keys.notna().to_numpy())
        repeat = duplicated(keys.to_numpy()[alive])
        if not repeat.any():
            return
        # Only the few repeated keys need their first row looked up.
        repeated = alive[repeat]
        firsts = alive[~repeat]
        firsts = firsts[keys.iloc[firsts].isin(set(keys.iloc[repeated])).to_numpy()]
        first_at = dict(zip(keys.iloc[firsts], firsts))
        first = np.array([first_at[k] for k in keys.iloc[repeated]], dtype=np.int64)
        self.reject_repeats(repeated, first, what, column or self.spec.columns[0].name, compare)

    def reject_repeats(self, repeated, first, what: str, column: str, compare: dict = None, suffix: str = "") -> None:
        """Reject the rows at `repeated`, each a repeat of the row at `first` (positions).

        The reason names the first row, and its file when that is another file. With `compare`
        (a function of row positions returning, for each compared column by name, its values and
        its cells as written at those positions, a value None where the cell is empty), a row
        whose values differ from its first row's where both are filled is ``CONFLICTING_DUPLICATE``,
        its reason naming the differing columns; otherwise ``DUPLICATE``. Only the repeated rows
        and their first rows are compared.
        """
        if not len(repeated):
            return
        where = [self.where_other(r, f) for r, f in zip(repeated, first)]
        differs = _differences(compare, repeated, first)
        for code, rows in (("DUPLICATE", [i for i, d in enumerate(differs) if not d]),
                           ("CONFLICTING_DUPLICATE", [i for i, d in enumerate(differs) if d])):
            if not rows:
                continue
            mask = np.zeros(len(self.rows), dtype=bool)
            reasons = np.full(len(self.rows), None, dtype=object)
            for i in rows:
                mask[repeated[i]] = True
                reasons[repeated[i]] = (f"与{where[i]}{what}重复{suffix}" if code == "DUPLICATE" else
                                        f"与{where[i]}{what}相同，但数据不一致：{differs[i]}；请核实后只保留一行")
            self.problems.reject(mask, column, code, reasons)

    def where_other(self, position: int, other: int) -> str:
        """How the row at `position` names the row at `other`: 第5行, or 文件 平湖.xlsx “两新组织” 第5行."""
        files = self.file_at([position, other])
        if files[0] == files[1]:
            return f"第{self.rows[other]}行"
        return f"文件 {files[1]} 的“{self.spec.name}”第{self.rows[other]}行"

    def loaded(self) -> np.ndarray:
        """True for each row no problem rejected."""
        return ~self.problems.rejected

    def row_counts(self) -> list:
        """Rows read, loaded and rejected, per file in the order read (rows read = loaded + rejected)."""
        rejected = self.problems.rejected
        counts = []
        for file in self.file_names:
            mine = np.ones(len(self.rows), dtype=bool) if isinstance(self.files, str) else self.files == file
            read, out = int(mine.sum()), int((rejected & mine).sum())
            counts.append({"file": file, "sheet": self.spec.name, "rows_read": read, "rows_loaded": read - out,
                           "rows_rejected": out})
        return counts


class SubSheet:
    """A view of some rows of a sheet, so a matcher can reject among those rows only.

    :meth:`commit` writes its problems back to the sheet.
    """

    def __init__(self, sheet, mask):
        self.sheet, self.mask = sheet, mask
        self.problems = Problems(sheet.spec.name, sheet.rows[mask], sheet.file_at(np.flatnonzero(mask)))
        self.problems.put(slice(None), sheet.problems.take(mask))

    def commit(self) -> None:
        self.sheet.problems.put(self.mask, self.problems.take(slice(None)))
        self.sheet.problems.warnings.extend(self.problems.warnings)


def _differences(compare, repeated, first):
    """For each pair (repeated[i], first[i]): the columns whose filled values differ, said in words
    (``从业人员数（该行“120”，本行“80”）``), or "" where none does. `compare` gives the values at
    the positions asked (see :meth:`Sheet.reject_repeats`)."""
    if compare is None:
        return [""] * len(repeated)
    said = [[] for _ in repeated]
    for column, (values, shown) in compare(np.concatenate([repeated, first])).items():
        values, shown = np.asarray(values, dtype=object), np.asarray(shown, dtype=object)
        n = len(repeated)
        for i, (a, b) in enumerate(zip(values[:n], values[n:])):
            if not pd.isna(a) and not pd.isna(b) and a != b:
                said[i].append(f"{column}（该行“{shown[n + i]}”，本行“{shown[i]}”）")
    return ["、".join(s) for s in said]


def read_rows(raw, spec, header: Header, file: str = None) -> Sheet:
    """The data rows of `raw` under its :class:`~liangxin.loaders.headers.Header`, as a :class:`Sheet`.

    Examples
    --------
    >>> from liangxin.loaders.headers import read_header
    >>> from liangxin.loaders.read import read_raw_sheets
    >>> from liangxin.loaders.sheets import sheet_spec
    >>> raw = read_raw_sheets(handmade_path)["街道社区"]
    >>> sheet = read_rows(raw, sheet_spec("街道社区"), read_header(raw, sheet_spec("街道社区"), [], []))
    >>> sheet.row_counts()[0]["rows_read"]  # test_handmade.py: 6 communities read
    6
    """
    body = raw.grid.iloc[header.body:]
    mapping = header.mapping
    merged = [(top, column, bottom) for top, column, bottom in raw.merged_down
              if top >= header.body and column in mapping]
    frame = body[list(mapping)]
    if merged:  # filled in below; a copy of a million rows is not made for nothing
        frame = frame.copy()
    frame.columns = list(mapping.values())
    # Blank rows, rows holding only a 序号, and the template's example row are not rows.
    first, blank = _first_cells(body)
    # Every column read (a CSV of the template's columns): a row blank in all is blank in those read.
    content = (~blank if len(mapping) == body.shape[1] else any_cell(frame)) & ~is_example_label(first)
    # A cell merged down (街道 over its communities, 区领导 over their organizations) holds its
    # value for every data row it covers; blank rows and 合计 labels were found without it.
    for top, column, bottom in merged:
        frame.loc[top + 1:bottom, mapping[column]] = frame.at[top, mapping[column]]
    frame = (frame if content.all() else frame[content]).reset_index(drop=True)
    rows = (body.index.to_numpy()[content] + 1).astype(np.int64)
    sheet = Sheet(spec, frame, rows, header.extras, raw.source, file)
    sheet.written = headers_as_written(raw.grid, header)
    # A 合计 row under the table (in the 序号 column or the first one) holds sums, not an entry.
    label = first[content]
    sheet.problems.reject(is_total_label(label), spec.columns[0].name, "TOTAL_ROW", say("", label, "行，不是数据行"))
    return sheet


#: The first cell (序号) of the example row ``liangxin template`` writes under each header.
EXAMPLE_LABEL = "示例"


def is_example_label(labels) -> np.ndarray:
    """Whether each row's first cell marks the template's example row (``示例``, ``示例行``).

    Examples
    --------
    >>> is_example_label(["示例", " 示例行 ", "1", None, "示例公司"]).tolist()
    [True, True, False, False, False]
    """
    try:
        if EXAMPLE_LABEL not in "\x00".join(filter(None, labels)):  # no label says it: one look at them all
            return np.zeros(len(labels), dtype=bool)
    except TypeError:  # a number or NaN among the labels
        pass
    return np.array([isinstance(v, str) and v.strip() in (EXAMPLE_LABEL, EXAMPLE_LABEL + "行") for v in labels],
                    dtype=bool)


def headers_as_written(grid, header: Header) -> dict:
    """Each column's name → its header as written (the lowest filled header cell of its column), for
    problems to name the column as the analyst sees it (``党员人数`` read as 党员数)."""
    written = {}
    for position, name in header.mapping.items():
        cells = [grid.iat[r, position] for r in range(header.top, header.body) if position < grid.shape[1]]
        cells = [c for c in cells if c is not None]
        if cells and cells[-1] != name:
            written[name] = cells[-1]
    return written


def is_total_label(labels) -> np.ndarray:
    """Whether each label marks a 合计/小计 row (see ``_TOTAL_LABEL``).

    Only the few labels holding 计, 汇总 or 总数 reach the normalization and the pattern.

    Examples
    --------
    >>> is_total_label(["合计：", "平湖街道 小计", "深圳市合计会计师事务所", None]).tolist()
    [True, True, False, False]
    """
    labels = np.asarray(labels, dtype=object)
    try:
        joined = "\x00".join(filter(None, labels))
    except TypeError:  # a number or NaN among the labels
        joined = "计"
    if "计" not in joined and "汇总" not in joined and "总数" not in joined:  # one look at them all
        return np.zeros(len(labels), dtype=bool)
    candidates = np.flatnonzero([isinstance(v, str) and ("计" in v or "汇总" in v or "总数" in v) for v in labels])
    mask = np.zeros(len(labels), dtype=bool)
    mask[candidates] = [_TOTAL_LABEL.fullmatch(cell_key(labels[i]) or "") is not None for i in candidates]
    return mask


def _first_cells(frame):
    """``(first, blank)``: the first non-empty cell of each row (None for a blank row) and
    whether the row is blank. Each column is read only on the rows still empty, and only those
    are looked at again."""
    first = np.full(len(frame), None, dtype=object)
    empty = np.arange(len(frame))
    for column in range(frame.shape[1]):
        if not len(empty):
            break
        values = frame.iloc[:, column].to_numpy()[empty]
        first[empty] = values
        empty = empty[pd.isna(values)]
    blank = np.zeros(len(frame), dtype=bool)
    blank[empty] = True
    return first, blank


def any_cell(frame) -> np.ndarray:
    """True for rows with any non-empty cell."""
    return ~_first_cells(frame)[1]


def blank_sheet_row(grid: pd.DataFrame, spec) -> int | None:
    """For a sheet with no header row and at most a title (one row of one cell): the title's
    Excel row (1 if none). None for any other sheet."""
    if not len(grid) or not grid.shape[1]:
        return 1
    if header_index(grid, spec) is not None:
        return None
    content = np.flatnonzero(any_cell(grid))
    if len(content) > 1 or (len(content) and grid.iloc[content[0]].notna().sum() > 1):
        return None
    return int(content[0]) + 1 if len(content) else 1
