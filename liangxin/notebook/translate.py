"""Chinese column labels and code values for a table shown in a notebook: :func:`zh`, :func:`labels`.

The label tables themselves are :mod:`liangxin.queries.labels` (the report's wording); this
module applies them to any table the analysts look at.
"""

import math

import pandas as pd

from liangxin.queries.coverage import RATE_COLUMNS
from liangxin.queries.labels import COLUMN_ZH, ORG_KIND_ZH, RATE_ZH, ROLE_ZH, VALUE_ZH

__all__ = ["zh", "labels"]

#: Columns holding yes/no flags, shown as 是/否.
BOOLEAN_COLUMNS = ("above_scale", "entity", "has_union", "has_youth_league", "has_womens_org", "key", "open",
                   "overloaded", "idle", "overloaded_before", "overloaded_after", "idle_before", "idle_after",
                   "same")
#: Columns holding rates (fractions), English or Chinese.
RATE_NAMES = frozenset([*RATE_COLUMNS, *RATE_ZH.values(), "ratio", "ratio_mean", "ratio_max",
                        *(f"{c}_{w}" for c in RATE_COLUMNS for w in ("before", "after", "change"))])
_SUFFIX_ZH = (("_before", "（调整前）"), ("_after", "（调整后）"), ("_change", "（变化）"))


def _is_text(values):
    return values.dtype == object or pd.api.types.is_string_dtype(values.dtype)


def _kind_values(frame):
    """``kind`` holds organization kinds in finding tables and unit roles in load tables."""
    present = set(frame["kind"].dropna().unique())
    is_role = present <= set(ROLE_ZH) if present else ("unit" in frame.columns or "load" in frame.columns)
    return ("角色", ROLE_ZH) if is_role else (COLUMN_ZH["kind"], ORG_KIND_ZH)


def yes_no(values: pd.Series) -> pd.Series:
    """Flags as 是/否 (a missing flag stays missing).

    Examples
    --------
    >>> yes_no(pd.Series([True, False])).tolist()
    ['是', '否']
    """
    return values.map(lambda v: None if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))
                      else ("是" if bool(v) else "否"))


def _percent_text(values):
    return values.map(lambda v: "—" if v is None or pd.isna(v) else f"{v:.1%}")


def _translated(values, column, frame, has_label):
    """The values of one column in Chinese (None: kept as they are), and its name when it depends on them."""
    if column == "kind":
        name, mapping = _kind_values(frame)
        return values.map(lambda v: mapping.get(v, v)), name
    if column == "code" and has_label:
        return None, None
    if column in VALUE_ZH and _is_text(values):
        mapping = VALUE_ZH[column]
        return values.map(lambda v: mapping.get(v, v) if isinstance(v, str) else v), None
    if column in BOOLEAN_COLUMNS and (values.dtype == bool or values.dtype == object
                                      or str(values.dtype) == "boolean"):
        return yes_no(values), None
    return None, None


def _suffixed_names(columns):
    """``load_before`` → 负荷（调整前） …, for the columns :data:`COLUMN_ZH` does not name itself."""
    names = {}
    for suffix, word in _SUFFIX_ZH:
        for column in columns:
            if isinstance(column, str) and column.endswith(suffix) and column not in COLUMN_ZH:
                base = column[: -len(suffix)]
                if base in COLUMN_ZH:
                    names[column] = COLUMN_ZH[base] + word
    return names


def labels(frame: pd.DataFrame, lang: str = "zh", percent: bool = False) -> pd.DataFrame:
    """Return a copy of `frame` with Chinese column labels and code values (``lang="zh"``).

    Columns: :data:`liangxin.queries.labels.COLUMN_ZH` (``kind`` becomes 组织类型 or, in a
    load table, 角色). Values: organization kinds, Party organization statuses, unit roles,
    coverage scopes and groups, yes/no flags (是/否). The ``code`` column keeps its stable
    codes when a ``label`` column already gives the Chinese; a column named after a code
    (``chains_by_street``) gets the code's Chinese label. Numbers stay numbers.

    Parameters
    ----------
    frame : DataFrame
    lang : {"zh", "en"}
        ``"en"`` returns an unchanged copy (the English names are the stable ones).
    percent : bool
        Also write rates (组织覆盖率 …) as text percentages such as ``63.4%`` (for display only).

    Examples
    --------
    >>> import pandas as pd
    >>> labels(pd.DataFrame({"kind": ["enterprise"], "status": ["none"], "key": [True]})).columns.tolist()
    ['组织类型', '党组织状态', '重点难点']
    >>> labels(pd.DataFrame({"kind": ["leader"], "load": [6.0]})).to_dict("records")
    [{'角色': '区领导', '负荷': 6.0}]
    """
    if lang == "en":
        return frame.copy()
    if lang != "zh":
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    out = frame.copy()
    has_label = "label" in out.columns or "labels" in out.columns
    names = {}
    for column in out.columns:
        if not isinstance(column, str):
            continue
        values, name = _translated(out[column], column, frame, has_label)
        if values is not None:
            out[column] = values
        if name is not None:
            names[column] = name
        if percent and column in RATE_NAMES:
            out[column] = _percent_text(out[column])
        names.setdefault(column, COLUMN_ZH.get(column, column))
    names.update(_suffixed_names(out.columns))
    out = out.rename(columns=names)
    for axis in (out.index, out.columns):
        if isinstance(axis.name, str) and axis.name in COLUMN_ZH:
            axis.name = COLUMN_ZH[axis.name]
    return out


def zh(frame: pd.DataFrame, percent: bool = False) -> pd.DataFrame:
    """Short for ``labels(frame, "zh")``: Chinese column labels and values.

    Examples
    --------
    >>> zh(result.uncovered).columns.tolist()
    ['组织标识', '组织名称', '组织类型', '街道', '社区', '问题代码', '问题']
    >>> zh(result.uncovered).loc[0, ["组织类型", "问题代码", "问题"]].tolist()
    ['非公企业', 'MEMBERS_REQUIRED', '应有党员而无党员']
    >>> zh(lx.coverage_table(result), percent=True).loc[1, ["名称", "组织覆盖率", "工作覆盖率"]].tolist()
    ['平湖街道', '33.3%', '100.0%']
    """
    return labels(frame, "zh", percent=percent)
