"""Compare the embedded queries with their Cypher twins, and local tables with pulled ones.

:func:`analysis_differences` lists, in Chinese, every difference between two analyses of
one district — rows, values, order and ``summary.json`` — and :func:`tables_differences`
between the tables of a workbook and those read back from Neo4j; ``liangxin neo4j check``
prints them. An empty list means the two agree.

A department's share of its streets' pools is a sum of fractions; the server adds them in
station order. The embedded query lets pandas add them (Kahan or pairwise summation,
depending on the pandas version and the row layout), so with three or more stations the two
loads can differ in the last bit: loads and rates are compared within ``1e-9``.

Examples
--------
>>> analysis_differences(result, result)
[]
>>> tables_differences(net.tables, net.tables)
[]
"""

import math
from dataclasses import fields

import numpy as np
import pandas as pd

from liangxin.queries.analysis import summary_object
from liangxin.queries.labels import QUERY_ZH as _QUERY_ZH

__all__ = ["analysis_differences", "tables_differences", "dtype_family"]

_SIDES = ("内置查询", "Cypher")


def _same_value(a, b, tolerance):
    a_missing = a is None or (isinstance(a, float) and math.isnan(a))
    b_missing = b is None or (isinstance(b, float) and math.isnan(b))
    if a_missing or b_missing:
        return a_missing and b_missing
    if isinstance(a, (float, np.floating)) or isinstance(b, (float, np.floating)):
        return math.isclose(float(a), float(b), rel_tol=tolerance, abs_tol=tolerance)
    return a == b


def _shape_differences(title, expected, actual):
    problems = []
    if list(expected.columns) != list(actual.columns):
        problems.append(f"{title}：列不同（{_SIDES[0]} {list(expected.columns)}，{_SIDES[1]} {list(actual.columns)}）")
        return problems
    for column in expected.columns:
        same_family = _is_text(expected[column]) and _is_text(actual[column])
        if str(expected[column].dtype) != str(actual[column].dtype) and not same_family and len(expected) and len(actual):
            problems.append(f"{title}：列“{column}”的类型不同（{_SIDES[0]} {expected[column].dtype}，"
                            f"{_SIDES[1]} {actual[column].dtype}）")
    return problems


def _is_text(series):
    """Object or string dtype: both hold text (pandas 3 infers ``str`` where pandas 2 kept ``object``)."""
    return series.dtype == object or pd.api.types.is_string_dtype(series.dtype)


def dtype_family(series: pd.Series) -> str:
    """``text`` for object and string columns, else the dtype's name (``int64``, ``float64``, ``bool``).

    Text columns may be ``object`` on one side and ``str`` on the other (pandas infers ``str``
    since 3.0); their values are what matter.

    Examples
    --------
    >>> dtype_family(pd.Series(["a"], dtype=object)), dtype_family(pd.Series([1.5]))
    ('text', 'float64')
    """
    return "text" if _is_text(series) else str(series.dtype)


def _row_text(row, keys):
    return "，".join(f"{k}={row[k]}" for k in keys)


def _keyed_differences(title, expected, actual, keys, tolerance):
    problems = _shape_differences(title, expected, actual)
    if problems:
        return problems
    exp = {tuple(r[k] for k in keys): r for r in expected.to_dict("records")}
    act = {tuple(r[k] for k in keys): r for r in actual.to_dict("records")}
    for key in exp.keys() - act.keys():
        problems.append(f"{title}：只有{_SIDES[0]}有这一行：{_row_text(exp[key], expected.columns)}")
    for key in act.keys() - exp.keys():
        problems.append(f"{title}：只有{_SIDES[1]}有这一行：{_row_text(act[key], actual.columns)}")
    for key in exp.keys() & act.keys():
        for column in expected.columns:
            a, b = exp[key][column], act[key][column]
            if not _same_value(a, b, tolerance):
                where = "，".join(f"{k}={v}" for k, v in zip(keys, key))
                problems.append(f"{title}：{where} 的“{column}”不同（{_SIDES[0]} {a!r}，{_SIDES[1]} {b!r}）")
    if not problems:
        order_e = [tuple(r[k] for k in keys) for r in expected.to_dict("records")]
        order_a = [tuple(r[k] for k in keys) for r in actual.to_dict("records")]
        if order_e != order_a:
            first = next(i for i, (x, y) in enumerate(zip(order_e, order_a)) if x != y)
            problems.append(f"{title}：行的顺序不同（从第 {first + 1} 行起）")
        elif len(expected) != len(actual):
            problems.append(f"{title}：行数不同（{_SIDES[0]} {len(expected)}，{_SIDES[1]} {len(actual)}）")
    return problems


def analysis_differences(expected, actual, input_path: str = "", *, tolerance: float = 1e-9) -> list[str]:
    """List, in Chinese, every difference between two analyses of the same district.

    Parameters
    ----------
    expected : Analysis
        The embedded queries' result.
    actual : Analysis
        The Cypher twins' result (:func:`analyze_cypher`).
    input_path : str
        Passed to :func:`~liangxin.queries.analysis.summary_object` on both sides.
    tolerance : float
        Loads and rates are compared within this (relative and absolute) tolerance.

    Returns
    -------
    list of str
        Empty when the two agree on every row, value and order and on ``summary.json``.

    Examples
    --------
    >>> analysis_differences(lx.analyze(net), lx.queries.cypher.analyze_cypher(connection))  # doctest: +SKIP
    []

    A difference is named, with both sides' values:

    >>> import dataclasses
    >>> other = dataclasses.replace(result, counts={**result.counts, "organizations": 12})
    >>> analysis_differences(result, other)
    ['计数“organizations”不同（内置查询 13，Cypher 12）']
    """
    problems = []
    for name, value in expected.counts.items():
        other = actual.counts.get(name)
        if other != value:
            problems.append(f"计数“{name}”不同（{_SIDES[0]} {value}，{_SIDES[1]} {other}）")
    org_keys = ["org_id", "code"]
    problems += _keyed_differences(_QUERY_ZH["uncovered"], expected.uncovered, actual.uncovered, org_keys, tolerance)
    problems += _keyed_differences(_QUERY_ZH["broken_chains"], expected.broken_chains, actual.broken_chains,
                                   org_keys, tolerance)
    problems += _keyed_differences(_QUERY_ZH["loads"], expected.loads, actual.loads, ["kind", "node_id"], tolerance)
    problems += _keyed_differences(_QUERY_ZH["coverage"], expected.coverage, actual.coverage, ["scope", "group"],
                                   tolerance)
    if not problems:
        left, right = summary_object(expected, input_path), summary_object(actual, input_path)
        for key in left:
            if left[key] != right.get(key):
                problems.append(f"summary.json 的“{key}”不同")
    return problems


def tables_differences(expected, actual) -> list[str]:
    """List, in Chinese, every difference between two :class:`~liangxin.tables.Tables` (e.g. local and pulled).

    Examples
    --------
    >>> tables_differences(net.tables, pull_network(connection, "龙岗区").tables)  # doctest: +SKIP
    []
    """
    problems = []
    for f in fields(expected):
        if f.name == "extra_sheets":
            continue
        a, b = getattr(expected, f.name), getattr(actual, f.name)
        if isinstance(a, pd.DataFrame):
            try:
                pd.testing.assert_frame_equal(a, b, check_exact=True)
            except AssertionError as error:
                detail = " ".join(str(error).split())[:200]
                problems.append(f"从 Neo4j 读回的表“{f.name}”与本地不同：{detail}")
        elif a != b:
            problems.append(f"从 Neo4j 读回的“{f.name}”与本地不同（本地 {a!r}，读回 {b!r}）")
    return problems
