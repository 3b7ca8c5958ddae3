"""References between sheets: organizations by credit code or name, units by their name key.

A reference row (挂点促建, 驻街保建, 主管包建, 党群共建) names an organization of 两新组织 by its
统一社会信用代码, else by its normalized name (INPUT.md): :class:`OrgIndex` matches whole columns
and rejects or warns on the rows it cannot match. Units (区领导, 区直机关 …) are named by their
name key, displayed as first written (:func:`units`).
"""

import numpy as np
import pandas as pd

from liangxin.factorize import factorize, first_positions
from liangxin.hashed import TextLookup, duplicated
from liangxin.loaders.credit_code import valid_credit_code_mask
from liangxin.loaders.problems import say
from liangxin.text import cell_key, name_key, normalize_code, per_distinct, text_index

__all__ = ["OrgIndex", "units", "first_per_key"]


class _RowLookup:
    """Text keys → rows; ``rows`` gives each key's row (its first, where a key repeats; -1: none)."""

    def __init__(self, keys, rows, lookup=None):
        keys, rows = np.asarray(keys, dtype=object), np.asarray(rows, dtype=np.int64)
        lookup = lookup if lookup is not None else TextLookup(keys)  # (one made of these keys)
        if not lookup.is_unique:
            first = ~duplicated(keys)
            lookup, rows = TextLookup(keys[first]), rows[first]
        self._keys, self._rows = lookup, np.append(rows, -1)

    def rows(self, keys):
        return self._rows[self._keys.get_indexer(keys)]


class OrgIndex:
    """Find organizations by credit code and by normalized name.

    Parameters
    ----------
    orgs : DataFrame
        The validated ``organizations`` table.

    Examples
    --------
    >>> from liangxin.loaders.rows import Sheet
    >>> from liangxin.loaders.sheets import sheet_spec
    >>> index = OrgIndex(result.network.tables.organizations)
    >>> frame = pd.DataFrame({"组织名称": ["丙物流有限公司", "查无此组织"]}, dtype=object)
    >>> sheet = Sheet(sheet_spec("党群共建"), frame, np.array([2, 3]), [], "台账.xlsx")
    >>> index.match(sheet, sheet.text("组织名称"), sheet.text("统一社会信用代码")).tolist()
    ['丙物流有限公司', None]
    >>> sheet.problems.frame()[["row", "code"]].values.tolist()
    [[3, 'UNKNOWN_ORG']]
    """

    def __init__(self, orgs, rejected=None):
        self._rejected = _Rejected(rejected)
        self._org_id = np.append(orgs["org_id"].to_numpy(dtype=object), None)  # row -1: None
        self._kind = np.append(orgs["kind"].to_numpy(dtype=object), None)
        self._name = np.append(orgs["name"].to_numpy(dtype=object), None)
        self._district = np.append(orgs["district"].to_numpy(dtype=object) if "district" in orgs
                                   else np.full(len(orgs), None, dtype=object), None)
        every = np.arange(len(orgs))
        coded = orgs["credit_code"].notna().to_numpy()
        self._codes = _RowLookup(orgs["credit_code"].to_numpy(dtype=object)[coded], every[coded])
        keys = orgs["name_key"].to_numpy(dtype=object)
        names = TextLookup(keys)  # names are mostly unique: then its lookup is the one used
        shared = np.zeros(len(keys), dtype=bool) if names.is_unique else duplicated(keys, keep=False)
        # a name two organizations share finds neither
        self._names = (_RowLookup(keys, every, names) if not shared.any()
                       else _RowLookup(keys[~shared], every[~shared]))
        self._ambiguous = text_index(pd.unique(keys[shared]))

    def match(self, sheet, names, codes, *, column_name="组织名称", column_code="统一社会信用代码",
              warn_code_fallback=True, with_kind=False, with_district=False):
        """Return org_id per row (None where unmatched) and reject/warn on `sheet`.

        With `with_kind` or `with_district`, return a tuple: org_id, then the kind and the district
        (None: one district, or none known) of each organization matched, those asked for in that order.
        """
        names = pd.Series(names, dtype=object).reset_index(drop=True)
        codes = pd.Series(codes, dtype=object).reset_index(drop=True)
        code_norm = normalize_code(codes)
        valid = valid_credit_code_mask(code_norm)
        code_rows = self._codes.rows(code_norm.where(valid))
        keys = name_key(names)
        name_rows = self._names.rows(keys)
        ambiguous = self._ambiguous.get_indexer(text_index(keys)) >= 0
        has_code, has_name = code_norm.notna().to_numpy(), keys.notna().to_numpy()
        code_hit, name_hit = code_rows >= 0, name_rows >= 0
        rows = np.where(code_hit, code_rows, name_rows)

        problems = sheet.problems
        problems.reject(~has_code & ~has_name, column_name, "EMPTY_REFERENCE", f"{column_name}和{column_code}均为空")
        amb = ~code_hit & has_name & ambiguous
        problems.reject(amb, column_name, "AMBIGUOUS_ORG", say("有多个组织名为", names, "，请填写统一社会信用代码以区分"))
        rows[amb] = -1
        unknown_name = ~code_hit & has_name & ~name_hit & ~ambiguous
        self._rejected.reject(sheet, unknown_name | (~code_hit & ~has_name & has_code & valid), keys,
                              code_norm.where(valid), names.fillna(codes), column_name)
        problems.reject(unknown_name, column_name, "UNKNOWN_ORG", say("组织", names, "在“两新组织”表中不存在"))
        bad_code_only = ~has_name & has_code & ~code_hit
        code_reason = say("统一社会信用代码", codes, np.where(valid, "在“两新组织”表中不存在", "校验不通过"))
        problems.reject(bad_code_only & valid, column_code, "UNKNOWN_ORG", code_reason)
        problems.reject(bad_code_only & ~valid, column_code, "INVALID_CREDIT_CODE", code_reason)
        if warn_code_fallback:
            self._warn_fallbacks(problems, names, codes, valid, has_code, code_hit, name_hit, code_rows, name_rows,
                                 column_name, column_code)
        asked = [values[rows] for values, wanted in ((self._kind, with_kind), (self._district, with_district))
                 if wanted]
        return (self._org_id[rows], *asked) if asked else self._org_id[rows]

    def _warn_fallbacks(self, problems, names, codes, valid, has_code, code_hit, name_hit, code_rows, name_rows,
                        column_name, column_code):
        """Warn where a code did not decide the match: the name did, or the name is another's."""
        fallback = has_code & ~code_hit & name_hit
        reasons = say("统一社会信用代码", codes, np.where(
            valid, "在“两新组织”表中不存在，已按组织名称匹配", "校验不通过，已按组织名称匹配"))
        # One call per code, in the rows' order: each row's warning comes out as one entry.
        problems.warn(fallback & valid, column_code, "UNKNOWN_CREDIT_CODE", reasons)
        problems.warn(fallback & ~valid, column_code, "INVALID_CREDIT_CODE", reasons)
        # The code decides; a name that belongs to another organization is worth a look.
        conflict = code_hit & name_hit & (code_rows != name_rows)
        if conflict.any():
            other = np.full(len(code_rows), None, dtype=object)
            other[conflict] = [f"属于另一个组织，已按统一社会信用代码匹配到“{name}”"
                               for name in self._name[code_rows[conflict]]]
            problems.warn(conflict, column_name, "NAME_OF_OTHER_ORG", say("组织名称", names, other))


class _Rejected:
    """The organizations whose own 两新组织 row was rejected, so a reference to one says so.

    `frame` has ``name_key``, ``credit_code`` (valid, else None), ``row``, ``file`` and ``reason``.
    """

    def __init__(self, frame):
        self._frame = frame if frame is not None and len(frame) else None
        if self._frame is None:
            return
        every = np.arange(len(frame))
        coded = frame["credit_code"].notna().to_numpy()
        self._codes = _RowLookup(frame["credit_code"].to_numpy(dtype=object)[coded], every[coded])
        named = frame["name_key"].notna().to_numpy()
        self._names = _RowLookup(frame["name_key"].to_numpy(dtype=object)[named], every[named])

    def reject(self, sheet, unmatched, keys, codes, shown, column):
        """Reject the `unmatched` rows of `sheet` whose code or name is a rejected organization's."""
        if self._frame is None or not unmatched.any():
            return
        at = np.flatnonzero(unmatched)
        found = self._codes.rows(codes.iloc[at])
        found = np.where(found >= 0, found, self._names.rows(keys.iloc[at]))
        hit = found >= 0
        if not hit.any():
            return
        mask = np.zeros(len(unmatched), dtype=bool)
        mask[at[hit]] = True
        reasons = np.full(len(unmatched), None, dtype=object)
        frame, own_file = self._frame, sheet.problems.files_at(at[hit])
        for position, other, file in zip(at[hit], found[hit], own_file):
            where = "" if frame["file"].iat[other] == file else f"在文件 {frame['file'].iat[other]} 的“两新组织”表中"
            reasons[position] = (f"组织“{shown.iat[position]}”{where or '在“两新组织”表中'}，该组织第{frame['row'].iat[other]}行"
                                 f"已被拒收：{frame['reason'].iat[other]}")
        sheet.problems.reject(mask, column, "REJECTED_ORG", reasons)


def units(values: pd.Series) -> tuple:
    """Return (display name as first written, normalized key) for unit names.

    Examples
    --------
    >>> display, key = units(pd.Series(["张伟", "张 伟", "李娜"]))
    >>> display.tolist(), key.tolist()
    (['张伟', '张伟', '李娜'], ['张伟', '张伟', '李娜'])
    """
    values = pd.Series(values, dtype=object)
    # name_key, each distinct name once: a few units fill many rows.
    keys = pd.Series(per_distinct(values, cell_key), index=values.index, dtype=object)
    return first_per_key(values, keys), keys


def first_per_key(values, keys: pd.Series) -> pd.Series:
    """For each row, the value on the first row with the same key (None where the key is None)."""
    codes, _ = factorize(keys)
    values = pd.Series(values, dtype=object).to_numpy()
    first = np.append(values[first_positions(codes)], None)  # code -1 (no key) takes the last entry: None
    return pd.Series(first[codes], index=keys.index, dtype=object)
