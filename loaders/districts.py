"""Several districts in one dataset (a city): streets and communities keyed within their district.

With an optional 区 column on 街道社区 naming two or more districts, a street is the pair
(district, street): the 平湖街道 of 龙岗区 and a 平湖街道 of another district are two streets, and
so are their communities. The pair is written as one name, the district's before the street's
(``龙岗区平湖街道``, as an address writes it), so that every table, query and output keeps
a street as one text key and tells such streets apart. Without the column, or with one district
only, streets are their own names exactly as before and the tables gain no ``district`` column.

A row of 两新组织 or 驻街保建 finds its street in its own district (its 区 cell); where that cell
is empty (or the sheet has no 区 column) a street name that only one district has is taken as that
district's, and a name several districts share stays unmatched, with the warning
``DISTRICT_UNCLEAR`` (the organization is then a chain break, UNKNOWN_STREET).

Examples
--------
>>> district_street(pd.Series(["龙岗区", None]), pd.Series(["平湖街道", "东门街道"])).tolist()
['龙岗区平湖街道', '东门街道']
"""

import numpy as np
import pandas as pd

from liangxin.factorize import factorize
from liangxin.loaders.problems import note
from liangxin.text import first_few

__all__ = ["district_street", "several_districts", "unused_district_notes", "Streets"]

_COLUMN = "区"


def district_street(district, street):
    """The key of `street` within `district` (vectorized): the street alone where no district is given.

    Examples
    --------
    >>> district_street(pd.Series(["罗湖区"]), pd.Series([None])).tolist()
    [None]
    """
    district = pd.Series(district, dtype=object).reset_index(drop=True)
    street = pd.Series(street, dtype=object).reset_index(drop=True)
    # Each distinct (district, street) pair is joined once: a city has a few hundred, not millions.
    d_codes, d_names = factorize(district)
    s_codes, s_names = factorize(street)
    pairs = (d_codes.astype(np.int64) + 1) * (len(s_names) + 1) + (s_codes + 1)
    codes, uniques = pd.factorize(pairs)
    joined = np.array([None if s == 0 else s_names[s - 1] if d == 0 else d_names[d - 1] + s_names[s - 1]
                       for d, s in zip(*np.divmod(uniques, len(s_names) + 1))], dtype=object)
    return pd.Series(joined[codes] if len(joined) else np.full(len(street), None, dtype=object), dtype=object)


def several_districts(sheet) -> bool:
    """Whether the 街道社区 `sheet` names two or more districts in its 区 column."""
    return sheet.has(_COLUMN) and sheet.parse(_COLUMN).dropna().nunique() >= 2


class Streets(set):
    """The streets of 街道社区 as keyed (a set), and how a row elsewhere finds its street.

    Parameters
    ----------
    geography : DataFrame
        The validated 街道社区 table; it has a ``district`` column when it names several districts.
    """

    def __init__(self, geography):
        super().__init__(geography["street"])
        self.several = "district" in geography
        self._only = {}
        self.districts = set(geography["district"].dropna()) if self.several else set()
        if self.several:
            plain = geography["street_name"]
            districts = geography.groupby(plain, sort=False)["district"].agg(lambda d: set(d.dropna()))
            self._only = {name: next(iter(d)) for name, d in districts.items() if len(d) == 1}

    def warn_shared_units(self, sheet, unit, key, district, column: str) -> None:
        """Warn (``UNIT_IN_SEVERAL_DISTRICTS``) on the rows of a unit named like a district's own
        (``区教育局``) that the rows place in several districts: it is counted as one unit, which
        two districts' bureaus of that name are not."""
        if district is None:
            return
        frame = pd.DataFrame({"key": pd.Series(key, dtype=object).to_numpy(),
                              "district": pd.Series(district, dtype=object).to_numpy()})
        alive = (~sheet.problems.rejected & frame["key"].notna().to_numpy() & frame["district"].notna().to_numpy()
                 & pd.Series(unit, dtype=object).str.startswith("区", na=False).to_numpy())
        spread = frame[alive].groupby("key")["district"].agg(lambda d: sorted(set(d)))
        spread = spread[spread.map(len) > 1]
        if not len(spread):
            return
        mask = alive & frame["key"].isin(set(spread.index)).to_numpy()
        reasons = [f"“{u}”驻点在{'、'.join(spread[k])}的街道，按同一个单位统计；若是各区各自的单位，"
                   f"请写明区名（如 {spread[k][0]}{u[1:]}）" if m else None
                   for u, k, m in zip(pd.Series(unit, dtype=object), frame["key"], mask)]
        sheet.problems.warn(mask, column, "UNIT_IN_SEVERAL_DISTRICTS", reasons)

    def key(self, sheet, street, column: str, org_districts=None, reject_unknown: bool = False) -> tuple:
        """``(street keys, districts)`` of `sheet`'s rows whose street names are `street`.

        The district is the row's 区 cell, else the district of the organization it names
        (`org_districts`, when given: 挂点促建's 挂点街道 is in its organization's district), else
        the only district whose 街道社区 has that street name; a row whose street several
        districts share and whose 区 is empty is warned about (``DISTRICT_UNCLEAR``) and keeps
        the bare name, which no street has. Without several districts: `street` unchanged and no
        districts (None).
        """
        if not self.several:
            return street, None
        street = pd.Series(street, dtype=object).reset_index(drop=True)
        # NumPy arrays, not Series: a masked Series assignment aligned millions of rows first.
        district = (sheet.parse(_COLUMN).to_numpy(dtype=object, copy=True) if sheet.has(_COLUMN)
                    else np.full(len(street), None, dtype=object))
        missing = pd.isna(district)
        self._unknown(sheet, district, missing, reject_unknown)
        if org_districts is not None and missing.any():  # the district of the organization named
            district[missing] = np.asarray(org_districts, dtype=object)[missing]
            missing = pd.isna(district)
        if missing.any():  # only the rows still without one: a city's sheets mostly name their district
            district[missing] = street[missing].map(self._only).to_numpy(dtype=object)
        district = pd.Series(district, dtype=object)
        unclear = (street.notna() & district.isna()).to_numpy()
        if unclear.any():
            reasons = np.full(len(street), None, dtype=object)
            reasons[unclear] = [f"几个区都有“{s}”或“街道社区”中没有它，且未填写区，无法确定是哪个区的街道"
                                for s in street[unclear]]
            sheet.problems.warn(unclear, column, "DISTRICT_UNCLEAR", reasons)
        return district_street(district, street), district.where(district.notna(), None)

    def _unknown(self, sheet, district, missing, reject: bool) -> None:
        """Warn on (or `reject`) the rows whose own 区 cell names no district of 街道社区 (``UNKNOWN_DISTRICT``)."""
        unknown = ~missing
        unknown[unknown] = ~pd.Series(district[unknown], dtype=object).isin(self.districts).to_numpy()
        if unknown.any():
            named = first_few(sorted(self.districts))
            reasons = np.full(len(district), None, dtype=object)
            reasons[unknown] = [f"“街道社区”表中没有“{d}”（有{named}），本行的街道不归入任何区" for d in district[unknown]]
            (sheet.problems.reject if reject else sheet.problems.warn)(unknown, _COLUMN, "UNKNOWN_DISTRICT", reasons)


def unused_district_notes(sheets: dict, geography) -> list:
    """Notes (``DISTRICT_COLUMN_UNUSED``) on a 区 column of 两新组织 or 驻街保建 that names several
    districts while 街道社区 names fewer than two: the dataset is then one district (RULES.md), the
    column is not used and each district's 平湖街道 would be one street, so the analyst is told.
    Only the rows loaded count.
    `geography` is the validated 街道社区 table (with a ``district`` column when it names several)."""
    if "district" in geography:
        return []
    notes = []
    for name in ("两新组织", "驻街保建"):
        sheet = sheets.get(name)
        if sheet is None or not sheet.has(_COLUMN):
            continue
        cells = sheet.parse(_COLUMN).reset_index(drop=True).where(~sheet.problems.rejected, None)  # loaded rows
        named = pd.unique(cells.dropna())
        if len(named) < 2:
            continue
        files = np.broadcast_to(np.asarray(sheet.files, dtype=object), len(cells))[cells.notna().to_numpy()]
        shown = first_few(named)
        notes.append(note(name, 1, _COLUMN, "DISTRICT_COLUMN_UNUSED",
                          f"“区”列有 {len(named)} 个区（{shown}），但“街道社区”表没有“区”列或只有一个区："
                          "全部数据按一个区分析，这一列未使用，各区同名的街道会被当作同一个街道。"
                          "几个区合在一起时，请在“街道社区”表加上“区”列",
                          "、".join(map(str, pd.unique(files)))))
    return notes


def key_geography(sheet, street):
    """``(street keys, districts, street names)`` of the 街道社区 `sheet`: keyed within their
    district when it names several (:func:`several_districts`); else `street` and two Nones."""
    if not several_districts(sheet):
        return street, None, None
    district = sheet.parse(_COLUMN).reset_index(drop=True)
    unclear = (district.isna() & pd.Series(street, dtype=object).reset_index(drop=True).notna()).to_numpy()
    if unclear.any():
        sheet.problems.warn(unclear, _COLUMN, "DISTRICT_UNCLEAR", "区为空：几个区合在一起时须填写街道所属的区，"
                                                                  "本行的街道不归入任何区")
    keys = district_street(district, street)
    return pd.Series(keys.to_numpy(dtype=object), index=street.index, dtype=object), district, street


def with_district(table, district, names=None, loaded=None):
    """`table` with a ``district`` column (and ``street_name``, the street as written without its
    district) after its street columns, for the rows `loaded`; `table` itself when no districts."""
    if district is None:
        return table
    district = np.asarray(district, dtype=object)
    if loaded is not None:
        district = district[loaded]
    table = table.copy(deep=False)  # new columns only: the copy's own, the table's columns untouched
    # As object columns: from a NumPy array pandas 3 would build an Arrow ``str`` column, which
    # validation then casts back (0.5 s for a 3,000,000-organization city).
    table.insert(int(table.columns.get_loc("street")), "district", pd.Series(district, index=table.index, dtype=object))
    if names is not None:
        names = np.asarray(names, dtype=object)
        table.insert(int(table.columns.get_loc("street")) + 1, "street_name",
                     pd.Series(names[loaded] if loaded is not None else names, index=table.index, dtype=object))
    return table
