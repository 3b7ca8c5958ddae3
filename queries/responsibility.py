"""Which responsible units reach each organization (the four mechanisms of the plan), and who they are."""

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa

from liangxin.graph.index import mark, memo, positions
from liangxin.queries._tabulate import organization_rows, text_values
from liangxin.queries.labels import RESPONSIBLE_ZH
from liangxin.queries.loads import _network

__all__ = ["organization_attachments", "responsible_names", "responsible_units", "responsible_text",
           "responsible_sentences", "sentences", "names_at", "RESPONSIBLE_COLUMNS", "NONE_ZH"]

#: What a person reads where no unit of a role answers for an organization.
NONE_ZH = "无"

#: The responsible units of an organization by role, as :func:`responsible_names` names them.
RESPONSIBLE_COLUMNS = ["leader", "contact_department", "street_department", "supervisory_unit", "instructor",
                       "mass_org"]


def organization_attachments(network):
    """Return, per organization, which kinds of responsible unit are attached to it.

    Parameters
    ----------
    network : ResponsibilityNetwork

    Returns
    -------
    DataFrame
        Indexed like ``network.tables.organizations``; boolean columns ``leader``,
        ``contact_department`` (a department contacts it directly), ``street_department``
        (a department is stationed in the street on its row), ``supervisory_unit``,
        ``instructor`` and ``mass_org``.

    Examples
    --------
    Of the hand-made workbook's 13 organizations, F (no street), G (a street not on 街道社区)
    and P (坂田, where no department is stationed, no leader) are reached by no unit
    (tests/fixtures/handmade.py):

    >>> attached = organization_attachments(net)
    >>> int(attached.any(axis=1).sum()), len(attached)
    (10, 13)
    """
    return memo(network, "organization_attachments", lambda: _attachments(network))


def _attachments(network):
    index = positions(network)
    n = index.n
    return pd.DataFrame({
        "leader": mark(n, index.leader),
        "contact_department": mark(n, index.contact),
        "street_department": index.org_stationed,
        "supervisory_unit": mark(n, index.supervised),
        "instructor": mark(n, index.guided),
        "mass_org": mark(n, index.mass),
    }, index=network.tables.organizations.index)


def _text_column(codes, texts):
    """``texts[codes]``, taken by Arrow from the few distinct `texts` rather than one Python string per row."""
    try:
        return text_values(pa.array(texts, pa.large_string()).take(pa.array(codes)))
    except (ValueError, TypeError):  # a text Arrow cannot hold (a lone surrogate): kept as Python objects
        # a Series, not an array: pandas 3 would make an object array Arrow text again in a DataFrame
        return pd.Series(np.asarray(texts, dtype=object)[np.asarray(codes)], dtype=object)


def _joined(org_rows, names, n):
    """Per organization row, the distinct `names` of the relation rows naming it, in sheet order,
    joined with 、, as ``(codes, texts)``: organization ``i`` reads ``texts[codes[i]]`` (``texts[0]``
    is ``""``: none); `org_rows` is each relation row's organization row (-1: none)."""
    names = np.asarray(names, dtype=object)
    keep = (org_rows >= 0) & pd.notna(names)
    rows, names = org_rows[keep].astype(np.int64), names[keep]
    codes, uniques = pd.factorize(names)
    first = ~pd.Series(rows * max(len(uniques), 1) + codes).duplicated().to_numpy()  # (organization, name) once
    rows, codes = rows[first], codes[first]
    order = np.argsort(rows, kind="stable")  # each organization's names together, in sheet order
    rows, codes = rows[order], codes[order]
    starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]]) if len(rows) else np.array([], dtype=np.int64)
    sizes = np.diff(np.r_[starts, len(rows)])
    texts = ["", *uniques]  # an organization's text: its code here (0: none)
    joined = np.zeros(n, dtype=np.int64)
    single = starts[sizes == 1]
    joined[rows[single]] = codes[single] + 1
    # Most organizations have one name per role: only those with several are joined one by one.
    for start, size in zip(starts[sizes > 1].tolist(), sizes[sizes > 1].tolist()):
        joined[rows[start]] = len(texts)
        texts.append("、".join(uniques[codes[start:start + size]]))
    return joined, texts


def _street_departments(tables, index):
    """Per organization, the departments stationed in its street (驻街保建), joined with 、, as
    :func:`_joined`'s ``(codes, texts)``."""
    stations = tables.department_stations
    stations = stations[stations["street"].notna() & stations["department"].notna()]
    stations = stations.drop_duplicates(["street", "department"])
    by_street = stations.groupby("street", sort=False)["department"].agg("、".join).astype(object)
    # The streets of 街道社区 by their codes; a street not on it (code -1) by its name, as written.
    texts = ["", *by_street.reindex(index.streets).fillna("").to_numpy(dtype=object)]
    joined = (index.org_street + 1).astype(np.int64)  # a street of 街道社区 at its code + 1; 0: none
    streets = tables.organizations["street"]
    other = np.flatnonzero((index.org_street < 0) & streets.notna().to_numpy())
    if len(other):
        found, named = pd.factorize(streets.iloc[other].map(by_street).astype(object).fillna("").to_numpy(dtype=object))
        joined[other] = len(texts) + found
        texts += list(named)
    return joined, texts


def responsible_names(network):
    """Who answers for each organization, by name and role (the four mechanisms of the plan).

    Parameters
    ----------
    network : ResponsibilityNetwork

    Returns
    -------
    DataFrame
        Indexed like ``network.tables.organizations``; one text column per role of
        :data:`RESPONSIBLE_COLUMNS` — ``leader`` (attached, 挂点促建), ``contact_department`` (contacts
        it directly), ``street_department`` (stationed in the street on its row, 驻街保建),
        ``supervisory_unit`` and ``instructor`` (主管包建), ``mass_org`` (党群共建) — names joined
        with 、 in the order of their sheets, ``""`` where none.

    Examples
    --------
    甲科技 (tests/fixtures/handmade.py) has 张伟 attached (挂点促建 row 7), is contacted by 区教育局,
    and 平湖 hosts 区发展和改革局 and 区教育局 (驻街保建 rows 3 and 4):

    >>> names = responsible_names(net).set_index(net.tables.organizations["name"])
    >>> names.loc["甲科技有限公司", ["leader", "contact_department", "street_department"]].tolist()
    ['张伟', '区教育局', '区发展和改革局、区教育局']
    """
    return memo(network, "responsible_names",
                lambda: names_at(network, np.arange(positions(network).n)).set_axis(network.tables.organizations.index))


def _coded_names(network):
    """Per role, :func:`_joined`'s ``(codes, texts)`` over every organization: the names are made
    text only for the organizations an output asks for (:func:`names_at`), not for all of them."""
    return memo(network, "responsible_codes", lambda: _codes(network))


def _codes(network):
    t, index = network.tables, positions(network)
    n = index.n
    return {
        "leader": _joined(index.leader, t.leader_points["leader"], n),
        "contact_department": _joined(index.contact, t.department_contacts["department"], n),
        "street_department": _street_departments(t, index),
        "supervisory_unit": _joined(index.supervised, t.supervision["supervisory_unit"], n),
        "instructor": _joined(index.supervised, t.supervision["instructor"], n),
        "mass_org": _joined(index.mass, t.mass_org_tasks["mass_org"], n),
    }


def names_at(network, rows) -> pd.DataFrame:
    """:func:`responsible_names` of the organizations at `rows` (positions; -1: none, all ``""``), on a fresh index.

    Examples
    --------
    >>> names_at(net, np.array([0, -1]))["leader"].tolist()  # 甲科技 (row 0) has 张伟 attached
    ['张伟', '']
    """
    rows = np.asarray(rows, dtype=np.int64)
    return pd.DataFrame({role: _text_column(np.where(rows >= 0, codes[rows.clip(0)] if len(codes) else 0, 0), texts)
                         for role, (codes, texts) in _coded_names(network).items()})


def responsible_units(network, org_ids) -> pd.Series:
    """Return the names of the units answering for each of `org_ids`, joined with 、.

    Leaders attached to it, departments contacting it directly, its supervisory units and
    instructors (departments merely stationed in its street are not named), in that order, each
    name once. Meant for short lists (a bulletin's tables, a ranked list): one string per
    organization.

    Parameters
    ----------
    network : ResponsibilityNetwork or liangxin.tables.Tables
    org_ids : sequence of str

    Returns
    -------
    Series
        Indexed by ``org_id``; ``""`` where no unit is named.

    Examples
    --------
    甲科技 (A) has 张伟 attached and 区教育局 contacting it; 平湖街道餐饮协会 (H) is supervised
    by 区民政局 and guided by 刘洋; 辛咨询 by no one (tests/fixtures/handmade.py):

    >>> responsible_units(net, ["91440307MA5DA0001P", "51440307MJ5DA00082", "91440307MA5DA0010M"]).tolist()
    ['张伟、区教育局', '区民政局、刘洋', '']
    """
    network = _network(network)
    org_ids = pd.Index(pd.unique(np.asarray(org_ids, dtype=object)), dtype=object)
    names = names_at(network, organization_rows(network, org_ids))
    cells = zip(*(names[role].to_numpy(dtype=object)
                  for role in ("leader", "contact_department", "supervisory_unit", "instructor")))
    joined = ["、".join(dict.fromkeys(n for cell in row if cell for n in cell.split("、"))) for row in cells]
    return pd.Series(joined, index=org_ids, dtype=object)


def responsible_text(network, org_ids=None) -> pd.Series:
    """Who answers for each organization, in one Chinese sentence: every role that has a name, or 无.

    The roles of :func:`responsible_names` in their order (挂点区领导, 联系区直机关, 驻街区直机关,
    业务主管单位, 党建工作指导员, 群团组织), each with its names; ``"责任单位：无"`` when no unit of
    any role reaches the organization.

    Parameters
    ----------
    network : ResponsibilityNetwork
    org_ids : sequence of str, optional
        Only these organizations (default all).

    Returns
    -------
    Series
        Indexed by ``org_id``.

    Examples
    --------
    甲科技 (A): 张伟 attached, 区教育局 contacts it, 平湖 hosts 发改局 and 教育局, 区总工会 builds its
    union; 己商贸 (F) has no street and no unit (tests/fixtures/handmade.py):

    >>> text = responsible_text(net)
    >>> text["91440307MA5DA0001P"]
    '责任单位：挂点区领导 张伟；联系区直机关 区教育局；驻街区直机关 区发展和改革局、区教育局；群团组织 区总工会'
    >>> text["己商贸有限公司"]
    '责任单位：无'
    """
    ids = network.tables.organizations["org_id"].to_numpy(dtype=object)
    if org_ids is None:
        return pd.Series(responsible_sentences(network, np.arange(len(ids))), index=ids, dtype=object)
    org_ids = pd.unique(np.asarray(org_ids, dtype=object))
    return pd.Series(responsible_sentences(network, organization_rows(network, org_ids)), index=org_ids,
                     dtype=object)


def responsible_sentences(network, rows) -> np.ndarray:
    """:func:`responsible_text` of the organizations at `rows` (positions; -1: none, which reads 无).

    Examples
    --------
    >>> responsible_sentences(net, np.array([5, -1])).tolist()  # F (row 5) has no unit, nor has no one
    ['责任单位：无', '责任单位：无']
    """
    return sentences(network, rows).to_numpy().astype(object)


def sentences(network, rows) -> pl.Series:
    """:func:`responsible_sentences` as a polars text column, for a caller that goes on in polars.

    `rows` are organization rows; a row of -1 (a finding naming no organization) reads 无.

    Examples
    --------
    In the hand-made workbook A (row 0) has its leader 张伟; F (row 5) is reached by no unit:

    >>> a, f, none = sentences(net, [0, 5, -1]).to_list()
    >>> "挂点区领导 张伟" in a, f, none
    (True, '责任单位：无', '责任单位：无')
    """
    # Taken as text columns (no Python string per cell); no organization (-1) has no names.
    cells = pl.from_pandas(names_at(network, rows)[RESPONSIBLE_COLUMNS])
    parts = [pl.when(pl.col(role) != "").then(pl.lit(f"{RESPONSIBLE_ZH[role]} ") + pl.col(role))
             for role in RESPONSIBLE_COLUMNS]
    text = pl.concat_str(parts, separator="；", ignore_nulls=True)
    sentence = pl.lit("责任单位：") + pl.when(text == "").then(pl.lit(NONE_ZH)).otherwise(text)
    return cells.select(sentence.alias("text"))["text"]
