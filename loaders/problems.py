"""Collecting the problems of a sheet's rows: each with a reason code and a Chinese sentence.

A row's first problem rejects it; later problems of a rejected row are not listed, and a row is
warned about only while no earlier check rejected it. Checks run column by column over whole
columns (masks), never row by row. The codes are those of :mod:`liangxin.loaders.reasons`.
"""

import numpy as np
import pandas as pd

from liangxin.loaders.reasons import check_code
from liangxin.tables import PROBLEM_COLUMNS

__all__ = ["Problems", "note", "say"]


class Problems:
    """The row problems of one sheet.

    Parameters
    ----------
    sheet : str
        The sheet's canonical name.
    rows : array of int
        The Excel row of each row of the sheet's frame.
    files : array of str or str, optional
        The file each row was read from (one name for all rows): the ``file`` of its problems.

    Examples
    --------
    >>> problems = Problems("两新组织", np.array([2, 3, 4]))
    >>> counts = say("党员数", ["1", "-1", "x"], "不是非负整数")
    >>> problems.reject(np.array([False, True, True]), "党员数", "NOT_A_COUNT", counts)
    >>> problems.reject(np.array([True, True, False]), "组织名称", "EMPTY_REQUIRED", "组织名称为空")
    >>> problems.frame()[["row", "column", "code"]].values.tolist()  # row 3 keeps its first problem
    [[2, '组织名称', 'EMPTY_REQUIRED'], [3, '党员数', 'NOT_A_COUNT'], [4, '党员数', 'NOT_A_COUNT']]
    >>> problems.frame().loc[2, "reason"]
    '党员数“x”不是非负整数'
    """

    def __init__(self, sheet, rows, files=""):
        self.sheet = sheet
        self.rows = rows  # Excel row numbers, aligned with the sheet's frame
        self.files = files if isinstance(files, str) else np.asarray(files, dtype=object)
        self.reject_column = np.full(len(rows), None, dtype=object)
        self.reject_reason = np.full(len(rows), None, dtype=object)
        self.reject_code = np.full(len(rows), None, dtype=object)
        self._rejected = np.zeros(len(rows), dtype=bool)  # kept beside the reasons: read after every check
        self.warnings = []

    @property
    def rejected(self) -> np.ndarray:
        """True for each row a problem rejected (a read-only view)."""
        view = self._rejected.view()
        view.flags.writeable = False
        return view

    def take(self, mask):
        """The rejections of the rows where `mask`, for a sub-sheet to build on."""
        return (self.reject_column[mask], self.reject_reason[mask], self.reject_code[mask],
                self._rejected[mask])

    def put(self, mask, taken):
        """Write back what :meth:`take` gave for the rows where `mask`."""
        self.reject_column[mask], self.reject_reason[mask], self.reject_code[mask], self._rejected[mask] = taken

    def reject(self, mask, column: str, code: str, reasons) -> None:
        """Reject rows where `mask` under reason `code`, unless an earlier problem already did.

        `reasons` is one string, an array aligned with the rows, or a function of the
        mask returning the reasons of the masked rows (so they are built only for those).
        """
        check_code(code)
        mask = np.asarray(mask, dtype=bool) & ~self.rejected
        if not mask.any():
            return
        self.reject_column[mask] = column
        self.reject_reason[mask] = _masked(reasons, mask)
        self.reject_code[mask] = code
        self._rejected[mask] = True

    def warn(self, mask, column: str, code: str, reasons) -> None:
        """Warn on rows where `mask` under reason `code` (rows rejected so far are not warned about)."""
        check_code(code)
        mask = np.asarray(mask, dtype=bool) & ~self.rejected
        if not mask.any():
            return
        self.warnings.append(pd.DataFrame({
            "severity": "warning", "file": self._files(mask), "sheet": self.sheet, "row": self.rows[mask],
            "column": column, "reason": _masked(reasons, mask), "code": code,
        }))

    def frame(self) -> pd.DataFrame:
        """The rejected rows, then the warnings, as rows of ``Tables.problems``."""
        rejected = self.rejected
        parts = [pd.DataFrame({
            "severity": "rejected", "file": self._files(rejected), "sheet": self.sheet, "row": self.rows[rejected],
            "column": self.reject_column[rejected], "reason": self.reject_reason[rejected],
            "code": self.reject_code[rejected],
        })]
        parts.extend(self.warnings)
        parts = [p for p in parts if len(p)]
        if not parts:
            return pd.DataFrame(columns=PROBLEM_COLUMNS)
        return pd.concat(parts, ignore_index=True)[PROBLEM_COLUMNS]

    def _files(self, mask):
        return self.files if isinstance(self.files, str) else self.files[mask]

    def files_at(self, positions) -> np.ndarray:
        """The file of the rows at `positions`."""
        if isinstance(self.files, str):
            return np.full(len(positions), self.files, dtype=object)
        return self.files[positions]

    @classmethod
    def combine(cls, parts: list) -> "Problems":
        """The problems of several sheets' rows, one after another (a sheet sent as several files)."""
        combined = cls(parts[0].sheet, np.concatenate([p.rows for p in parts]),
                       np.concatenate([np.broadcast_to(np.asarray(p.files, dtype=object), len(p.rows))
                                       for p in parts]))
        combined.put(slice(None), tuple(np.concatenate(arrays) for arrays in zip(*(p.take(slice(None)) for p in parts))))
        combined.warnings = [w for p in parts for w in p.warnings]
        return combined


def _masked(reasons, mask):
    if callable(reasons):
        return np.asarray(reasons(mask), dtype=object)
    if isinstance(reasons, str):
        return reasons
    return np.asarray(reasons, dtype=object)[mask]


def say(prefix, values, suffix):
    """Reasons quoting each masked cell, for :meth:`Problems.reject` and :meth:`Problems.warn`.

    `suffix` is one string or an array aligned with `values`; an empty cell is said to be empty.

    Examples
    --------
    >>> build = say("组织", ["甲公司", None], "在“两新组织”表中不存在")
    >>> build(np.array([True, True]))
    ['组织“甲公司”在“两新组织”表中不存在', '组织为空在“两新组织”表中不存在']
    """
    values = pd.Series(values, dtype=object).to_numpy()

    def build(mask):
        suffixes = [suffix] * int(mask.sum()) if isinstance(suffix, str) else np.asarray(suffix)[mask]
        # "组织类型为空，应为…": the expected value after a comma, as after a quoted one
        return [f"{prefix}“{v}”{s}" if not pd.isna(v) else f"{prefix}为空{'，' if s.startswith('应为') else ''}{s}"
                for v, s in zip(values[mask], suffixes)]
    return build


def note(sheet: str, row: int, column: str, code: str, reason: str, file: str = "") -> dict:
    """A warning about a whole sheet or column (not one row of data), as a row of ``Tables.problems``.

    Examples
    --------
    >>> note("两新组织", 1, "工会", "HEADER_READ_AS", "列“工会（有/无）”按“工会”读取")["code"]
    'HEADER_READ_AS'
    """
    return {"severity": "warning", "file": file, "sheet": sheet, "row": int(row), "column": column, "reason": reason,
            "code": check_code(code)}
