"""A sheet's data rows under its header, and how they are read, checked and counted.

Blank rows, rows holding only a 序号, and the example row of ``liangxin template`` (序号 ``示例``)
are not rows; a 合计/小计 row is rejected
(``TOTAL_ROW``); a cell merged down holds its value for every row it covers. Each column is
read by the parser its spec declares (:mod:`liangxin.loaders.parsers`), and repeated rows are
rejected naming the first (``DUPLICATE``). Rows read = rows loaded + rows rejected.
"""

import re

import numpy as np
import pandas as pd

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

    Examples
    --------
    >>> from liangxin.loaders.sheets import sheet_spec
    >>> frame = pd.DataFrame({"单位": ["区民政局", None, "刘洋"], "容量": ["2人", "1", "多"]}, dtype=object)
    >>> sheet = Sheet(sheet_spec("责任容量"), frame, np.array([2, 3, 4]), [], "台账.xlsx")
    >>> sheet.parse("单位").tolist(), sheet.parse("容量").tolist()
    (['区民政局', None, '刘洋'], [2, 1, 0])
    >>> sheet.problems.frame()[["row", "code"]].values.tolist()
    [[3, 'EMPTY_REQUIRED'], [4, 'NOT_A_COUNT']]
    >>> sheet.row_count()
    {'sheet': '责任容量', 'rows_read': 3, 'rows_loaded': 1, 'rows_rejected': 2}
    """

    def __init__(self, spec, frame, rows, extras, source):
        self.spec = spec
        self.frame = frame
        self.rows = rows
        self.extras = extras
        self.source = source
        self.problems = Problems(spec.name, rows)
        self._parsed = {}

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

    def duplicates(self, keys, what: str, column: str = None) -> None:
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
        self.problems.reject(mask, column or self.spec.columns[0].name, "DUPLICATE", reasons)

    def loaded(self) -> np.ndarray:
        """True for each row no problem rejected."""
        return ~self.problems.rejected

    def row_count(self) -> dict:
        rejected = int(self.problems.rejected.sum())
        return {"sheet": self.spec.name, "rows_read": len(self.rows),
                "rows_loaded": len(self.rows) - rejected, "rows_rejected": rejected}


class SubSheet:
    """A view of some rows of a sheet, so a matcher can reject among those rows only.

    :meth:`commit` writes its problems back to the sheet.
    """

    def __init__(self, sheet, mask):
        self.sheet, self.mask = sheet, mask
        self.problems = Problems(sheet.spec.name, sheet.rows[mask])
        self.problems.put(slice(None), sheet.problems.take(mask))

    def commit(self) -> None:
        self.sheet.problems.put(self.mask, self.problems.take(slice(None)))
        self.sheet.problems.warnings.extend(self.problems.warnings)


def read_rows(raw, spec, header: Header) -> Sheet:
    """The data rows of `raw` under its :class:`~liangxin.loaders.headers.Header`, as a :class:`Sheet`.

    Examples
    --------
    >>> from liangxin.loaders.headers import read_header
    >>> from liangxin.loaders.read import read_raw_sheets
    >>> from liangxin.loaders.sheets import sheet_spec
    >>> raw = read_raw_sheets(handmade_path)["街道社区"]
    >>> sheet = read_rows(raw, sheet_spec("街道社区"), read_header(raw, sheet_spec("街道社区"), [], []))
    >>> sheet.row_count()["rows_read"]  # test_handmade.py: 6 communities read
    6
    """
    body = raw.grid.iloc[header.body:]
    mapping = header.mapping
    frame = body[list(mapping)].copy()
    frame.columns = list(mapping.values())
    # Blank rows, rows holding only a 序号, and the template's example row are not rows.
    content = any_cell(frame) & ~is_example_label(_first_cell(body))
    # A cell merged down (街道 over its communities, 区领导 over their organizations) holds its
    # value for every data row it covers; blank rows and 合计 labels were found without it.
    for top, column, bottom in raw.merged_down:
        if top >= header.body and column in mapping:
            frame.loc[top + 1:bottom, mapping[column]] = frame.at[top, mapping[column]]
    frame = frame[content].reset_index(drop=True)
    rows = (body.index.to_numpy()[content] + 1).astype(np.int64)
    sheet = Sheet(spec, frame, rows, header.extras, raw.source)
    # A 合计 row under the table (in the 序号 column or the first one) holds sums, not an entry.
    label = _first_cell(body)[content]
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
    return np.array([isinstance(v, str) and v.strip() in (EXAMPLE_LABEL, EXAMPLE_LABEL + "行") for v in labels],
                    dtype=bool)


def is_total_label(labels) -> np.ndarray:
    """Whether each label marks a 合计/小计 row (see ``_TOTAL_LABEL``).

    Only the few labels holding 计, 汇总 or 总数 reach the normalization and the pattern.

    Examples
    --------
    >>> is_total_label(["合计：", "平湖街道 小计", "深圳市合计会计师事务所", None]).tolist()
    [True, True, False, False]
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


def any_cell(frame) -> np.ndarray:
    """True for rows with any non-empty cell."""
    return pd.notna(_first_cell(frame))


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
