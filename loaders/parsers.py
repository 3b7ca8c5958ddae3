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
    是/否 and their like, and the column's own words (规上/规下 for 规模以上); anything else is 否
    (warning ``NOT_YES_NO``).
``credit_code``
    A 统一社会信用代码, None where it fails the check (warning ``INVALID_CREDIT_CODE``).
``street``, ``community``
    A street's or community's full name, 平湖 → 平湖街道 (``EMPTY_REQUIRED``).
``district``
    A district's full name, 龙岗 → 龙岗区 (a 县, 市 or 旗 keeps its name); empty is None.
``kind``
    ``enterprise`` or ``social_org``, from any word of :data:`KINDS` (``EMPTY_REQUIRED``, ``NOT_A_KIND``).
``status``
    ``standalone``, ``joint``, ``none`` or ``formed`` (kind not said), from any word of
    :data:`STATUSES`; empty is none (``NOT_A_STATUS``).

Examples
--------
>>> from liangxin.loaders.sheets import SHEETS
>>> {column.parse for sheet in SHEETS for column in sheet.columns} == set(PARSERS)
True
"""

import numpy as np
import pandas as pd

from liangxin.factorize import factorize
from liangxin.loaders.credit_code import valid_credit_code_mask
from liangxin.loaders.problems import say
from liangxin.text import cell_key, normalize_code, normalize_place, parse_count, parse_yes_no

__all__ = ["PARSERS", "parser", "parse_column", "KINDS", "STATUSES", "accepted_words"]

#: Parser name → function(sheet, column spec) → parsed column.
PARSERS = {}

#: How 组织类型 is written → its value (keys as :func:`cell_key`, lower-cased). Offices write the
#: legal type of the organization as often as the category: the three legal forms of a social
#: organization (社会团体, 民办非企业单位 — since 2016 社会服务机构 — and 基金会) and their short
#: forms, and the usual forms of a private enterprise.
KINDS = {
    "非公企业": "enterprise", "私营企业": "enterprise", "民营企业": "enterprise", "有限责任公司": "enterprise",
    "股份有限公司": "enterprise", "个人独资企业": "enterprise", "合伙企业": "enterprise", "外商投资企业": "enterprise",
    "有限公司": "enterprise", "一人有限责任公司": "enterprise", "股份公司": "enterprise", "独资企业": "enterprise",
    "外资企业": "enterprise", "中外合资企业": "enterprise", "中外合作企业": "enterprise",
    "港澳台投资企业": "enterprise", "港澳台资企业": "enterprise", "非公有制企业": "enterprise",
    "非公有制经济组织": "enterprise", "非公经济组织": "enterprise", "私营": "enterprise", "民营": "enterprise",
    "企业": "enterprise", "enterprise": "enterprise",
    "社会组织": "social_org", "社会团体": "social_org", "社团": "social_org", "民办非企业单位": "social_org",
    "民非": "social_org", "社会服务机构": "social_org", "基金会": "social_org", "民办非企业": "social_org",
    "民非单位": "social_org", "social_org": "social_org", "socialorg": "social_org",
}
#: How 党组织状态 is written → its value. ``formed`` (已组建 and the like, not saying which kind) is
#: settled by 两新组织's loader from 所在党组织, with a warning (``STATUS_KIND_INFERRED``).
STATUSES = {"单独组建": "standalone", "standalone": "standalone", "单建": "standalone",
            "联合组建": "joint", "joint": "joint", "联建": "joint",
            "未组建": "none", "none": "none", "未建": "none", "无": "none", "未成立": "none",
            "已组建": "formed", "已建": "formed", "已成立": "formed", "已建立": "formed", "已组建党组织": "formed"}


def accepted_words(table: dict, value: str, most: int = 8) -> str:
    """The first `most` Chinese words of `table` read as `value` (the table lists the usual ones
    first), for a reason saying what is accepted.

    Examples
    --------
    >>> accepted_words(KINDS, "social_org")
    '社会组织、社会团体、社团、民办非企业单位、民非、社会服务机构、基金会、民办非企业 等'
    >>> accepted_words(STATUSES, "none")
    '未组建、未建、无、未成立'
    """
    words = [word for word, meaning in table.items() if meaning == value and not word.isascii()]
    return "、".join(words[:most]) + (" 等" if len(words) > most else "")


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
    """Map cells through `table` by their lower-cased name key: ``(values, unknown, empty)``,
    the values None where not found, and where that is and where the cell is empty (both told
    from the few distinct cells, not by a look at every row)."""
    codes, uniques = factorize(series)
    keys = [cell_key(value) for value in uniques] + [None]  # code -1 (empty) takes the last entry
    found = np.array([table.get(key.lower() if key is not None else None) for key in keys], dtype=object)
    unknown = np.array([value is None for value in found], dtype=bool)
    return pd.Series(found[codes], index=series.index, dtype=object), unknown[codes], codes < 0


def _distinct(raw):
    """``(codes, distinct)``: each cell's code (-1: empty) and the distinct cells, with None last,
    where code -1 finds it. A parser run on `distinct` and indexed by `codes` reads every cell: each
    distinct cell parsed once, and the results taken as booleans and integers, never as one Python
    object per row cast afterwards (at a million rows: a yes/no column 50 → 35 ms, a count 70 → 35 ms).

    Examples
    --------
    >>> codes, distinct = _distinct(pd.Series(["是", None, "是", "否"], dtype=object))
    >>> codes.tolist(), distinct.tolist()
    ([0, -1, 0, 1], ['是', '否', None])
    """
    codes, distinct = factorize(raw)
    return codes, pd.Series(list(distinct) + [None], dtype=object)


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
    codes, distinct = _distinct(raw)
    values, bad = (parsed[codes] for parsed in parse_count(distinct))
    empty = codes < 0
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
    codes, distinct = _distinct(raw)
    values, bad = (parsed[codes] for parsed in parse_count(distinct))
    sheet.problems.warn(bad & (codes >= 0), column.name, "NOT_A_COUNT",
                        say(column.name, raw, "不是非负整数，不作核对"))
    return np.where(bad, np.nan, values.astype(float))


@parser("yes_no")
def parse_yes_nos(sheet, column):
    raw = sheet.text(column.name)
    # 规上 → 是, 规下 → 否
    own = {**{cell_key(w).lower(): "是" for w in column.yes_words}, **{cell_key(w).lower(): "否" for w in column.no_words}}
    codes, distinct = _distinct(raw)
    values, odd = (parsed[codes] for parsed in parse_yes_no(distinct, own))
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


@parser("district")
def parse_district(sheet, column):
    values = parse_text(sheet, column)
    # Each distinct cell once, the column factorized once: a city has millions of rows, nine districts.
    codes, distinct = factorize(values)
    distinct = pd.Series(list(distinct) + [None], dtype=object)  # code -1 (empty) takes the last entry
    keys = np.array([cell_key(value) for value in distinct], dtype=object)
    own_suffix = np.array([(key or "").endswith(("县", "市", "旗")) for key in keys], dtype=bool)  # 县/市/旗 keep theirs
    named = np.where(own_suffix, keys, normalize_place(distinct, "区").to_numpy(dtype=object))
    return pd.Series(named[codes], index=values.index, dtype=object)


@parser("kind")
def parse_kind(sheet, column):
    raw = sheet.text(column.name)
    kind, unknown, empty = _lookup(raw, KINDS)
    reasons = say(column.name, raw, f"应为“非公企业”或“社会组织”（可写的词 非公企业：{accepted_words(KINDS, 'enterprise')}；"
                                    f"社会组织：{accepted_words(KINDS, 'social_org')}）")
    sheet.problems.reject(unknown & empty, column.name, "EMPTY_REQUIRED", reasons)
    sheet.problems.reject(unknown, column.name, "NOT_A_KIND", reasons)
    return kind


@parser("status")
def parse_status(sheet, column):
    raw = sheet.text(column.name)
    status, unknown, _ = _lookup(raw, {**STATUSES, None: "none"})
    accepted = "；".join(f"{word}：{accepted_words(STATUSES, value)}" for word, value in
                        (("单独组建", "standalone"), ("联合组建", "joint"), ("未组建", "none"), ("已组建（未说明方式）", "formed")))
    sheet.problems.reject(unknown, column.name, "NOT_A_STATUS",
                          say(column.name, raw, f"应为“单独组建”“联合组建”或“未组建”（可写的词 {accepted}；留空为未组建）"))
    return status
