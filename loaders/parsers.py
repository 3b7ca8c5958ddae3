"""How a sheet column's cells are read: a registry of parsers by the name a column declares.

Every :class:`~liangxin.loaders.sheets.ColumnSpec` names its parser in ``parse``; validation
looks the parser up here (:func:`parse_column`) instead of knowing how each column is read, so
a column's type is declared once, in :mod:`liangxin.loaders.sheets`. A parser takes the sheet
(a :class:`~liangxin.loaders.rows.Sheet`) and the column's spec, returns the parsed column
aligned with the sheet's rows, and rejects or warns on the rows it cannot read (with the codes of
:mod:`liangxin.loaders.reasons`). A cell of a column that is ``required`` (and not ``blank_ok``)
must be filled.

Parsers (and the problems they list):

``text``
    The cell as written (``EMPTY_REQUIRED``).
``reference``
    An organization's name or code as written, matched against 两新组织 together with its pair
    by :class:`~liangxin.loaders.references.OrgIndex` (which lists the problems).
``count``
    A whole number ≥ 0, ``120`` or ``120人`` (``EMPTY_REQUIRED``, ``NOT_A_COUNT``).
``yes_no``
    是/否 and their like; anything else is 否 (warning ``NOT_YES_NO``).
``credit_code``
    A 统一社会信用代码, None where it fails the check (warning ``INVALID_CREDIT_CODE``).
``street``, ``community``
    A street's or community's full name, 平湖 → 平湖街道 (``EMPTY_REQUIRED``).
``kind``
    ``enterprise`` or ``social_org`` (``EMPTY_REQUIRED``, ``NOT_A_KIND``).
``status``
    ``standalone``, ``joint`` or ``none``; empty is none (``NOT_A_STATUS``).

Examples
--------
>>> from liangxin.loaders.sheets import SHEETS
>>> {column.parse for sheet in SHEETS for column in sheet.columns} == set(PARSERS)
True
"""

import numpy as np
import pandas as pd

from liangxin.loaders.credit_code import valid_credit_code_mask
from liangxin.loaders.problems import say
from liangxin.text import cell_key, normalize_code, normalize_place, parse_count, parse_yes_no, per_distinct

__all__ = ["PARSERS", "parser", "parse_column", "KINDS", "STATUSES"]

#: Parser name → function(sheet, column spec) → parsed column.
PARSERS = {}

#: How 组织类型 and 党组织状态 are written → their values (keys lower-cased, as :func:`cell_key`).
KINDS = {"非公企业": "enterprise", "enterprise": "enterprise", "企业": "enterprise",
         "社会组织": "social_org", "social_org": "social_org", "socialorg": "social_org"}
STATUSES = {"单独组建": "standalone", "standalone": "standalone", "单建": "standalone",
            "联合组建": "joint", "joint": "joint", "联建": "joint",
            "未组建": "none", "none": "none", "未建": "none", "无": "none"}


def parser(name: str):
    """Register the decorated function as the parser called `name`."""
    def register(function):
        PARSERS[name] = function
        return function
    return register


def parse_column(sheet, name: str) -> pd.Series | np.ndarray:
    """Parse the column `name` of `sheet` by the parser its spec declares."""
    column = sheet.spec.column(name)
    return PARSERS[column.parse](sheet, column)


def _must_fill(column):
    return column.required and not column.blank_ok


def _lookup(series, table):
    """Map cells through `table` by their lower-cased name key; None where not found."""
    def find(value):
        key = cell_key(value)
        return table.get(key.lower() if key is not None else None)
    return pd.Series(per_distinct(series, find), index=series.index, dtype=object)


@parser("text")
def parse_text(sheet, column):
    values = sheet.text(column.name)
    if _must_fill(column):
        sheet.problems.reject(values.isna().to_numpy(), column.name, "EMPTY_REQUIRED", f"{column.name}为空")
    return values


@parser("reference")
def parse_reference(sheet, column):
    return sheet.text(column.name)


@parser("count")
def parse_counts(sheet, column):
    raw = sheet.text(column.name)
    values, bad = parse_count(raw)
    empty = raw.isna().to_numpy()
    if _must_fill(column):
        sheet.problems.reject(bad & empty, column.name, "EMPTY_REQUIRED", f"{column.name}为空")
    sheet.problems.reject(bad & ~empty, column.name, "NOT_A_COUNT", say(column.name, raw, "不是非负整数"))
    return values


@parser("check_count")
def parse_check_counts(sheet, column):
    """A figure kept only to be checked against another sheet: a bad cell is a warning, never a rejection.

    Returns a float array, NaN where the cell is empty or not a whole number ≥ 0.
    """
    raw = sheet.text(column.name)
    values, bad = parse_count(raw)
    sheet.problems.warn(bad & raw.notna().to_numpy(), column.name, "NOT_A_COUNT",
                        say(column.name, raw, "不是非负整数，不作核对"))
    return np.where(bad, np.nan, values.astype(float))


@parser("yes_no")
def parse_yes_nos(sheet, column):
    raw = sheet.text(column.name)
    values, odd = parse_yes_no(raw)
    if odd.any():
        sheet.problems.warn(odd, column.name, "NOT_YES_NO", say(column.name, raw, "无法识别为是/否，按“否”处理"))
    return values


@parser("credit_code")
def parse_credit_code(sheet, column):
    raw = sheet.text(column.name)
    code = normalize_code(raw)
    valid = valid_credit_code_mask(code)
    sheet.problems.warn(code.notna().to_numpy() & ~valid, column.name, "INVALID_CREDIT_CODE",
                        say(column.name, raw, "校验不通过，已按组织名称识别"))
    return code.where(valid, None)


@parser("street")
def parse_street(sheet, column):
    return normalize_place(parse_text(sheet, column), "街道")


@parser("community")
def parse_community(sheet, column):
    return normalize_place(parse_text(sheet, column), "社区")


@parser("kind")
def parse_kind(sheet, column):
    raw = sheet.text(column.name)
    kind = _lookup(raw, KINDS)
    unknown, empty = kind.isna().to_numpy(), raw.isna().to_numpy()
    reasons = say(column.name, raw, "应为“非公企业”或“社会组织”")
    sheet.problems.reject(unknown & empty, column.name, "EMPTY_REQUIRED", reasons)
    sheet.problems.reject(unknown, column.name, "NOT_A_KIND", reasons)
    return kind


@parser("status")
def parse_status(sheet, column):
    raw = sheet.text(column.name)
    status = _lookup(raw, {**STATUSES, None: "none"})
    sheet.problems.reject(status.isna().to_numpy(), column.name, "NOT_A_STATUS",
                          say(column.name, raw, "应为“单独组建”“联合组建”或“未组建”"))
    return status
