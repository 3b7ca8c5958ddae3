"""Which responsible units reach each organization (the four mechanisms of the plan), and who they are."""

import numpy as np
import pandas as pd

from liangxin.graph.index import mark, memo, positions
from liangxin.queries.labels import RESPONSIBLE_ZH
from liangxin.queries.loads import _network

__all__ = ["organization_attachments", "responsible_names", "responsible_units", "responsible_text",
           "RESPONSIBLE_COLUMNS", "NONE_ZH"]

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


def _joined(frame, column, org_ids):
    rows = frame[frame["org_id"].notna() & frame[column].notna()][["org_id", column]].drop_duplicates()
    # Most organizations have one name per role: only those with several go through a join.
    several = rows["org_id"].duplicated(keep=False).to_numpy()
    single = rows[~several].set_index("org_id")[column]
    joined = rows[several].groupby("org_id", sort=False)[column].agg("、".join)
    return pd.concat([single, joined]).astype(object).reindex(org_ids).fillna("").to_numpy(dtype=object)


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
    return memo(network, "responsible_names", lambda: _names(network))


def _names(network):
    t = network.tables
    org_ids = t.organizations["org_id"].to_numpy(dtype=object)
    stations = t.department_stations.dropna(subset=["street", "department"]).drop_duplicates(["street", "department"])
    by_street = stations.groupby("street", sort=False)["department"].agg("、".join).astype(object)
    return pd.DataFrame({
        "leader": _joined(t.leader_points, "leader", org_ids),
        "contact_department": _joined(t.department_contacts, "department", org_ids),
        "street_department": t.organizations["street"].map(by_street).astype(object).fillna("").to_numpy(dtype=object),
        "supervisory_unit": _joined(t.supervision, "supervisory_unit", org_ids),
        "instructor": _joined(t.supervision, "instructor", org_ids),
        "mass_org": _joined(t.mass_org_tasks, "mass_org", org_ids),
    }, index=t.organizations.index)


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
    names = responsible_names(network)[["leader", "contact_department", "supervisory_unit", "instructor"]]
    names.index = network.tables.organizations["org_id"].to_numpy(dtype=object)
    names = names[~names.index.duplicated()].reindex(org_ids).fillna("")
    joined = ["、".join(dict.fromkeys(n for cell in row if cell for n in cell.split("、"))) for row in names.to_numpy()]
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
    names = responsible_names(network).set_axis(network.tables.organizations["org_id"].to_numpy(dtype=object))
    if org_ids is not None:
        names = names.reindex(pd.unique(np.asarray(org_ids, dtype=object))).fillna("")
    parts = [[f"{RESPONSIBLE_ZH[role]} {cell}" if cell else "" for cell in names[role].to_numpy(dtype=object)]
             for role in RESPONSIBLE_COLUMNS]
    text = ["责任单位：" + ("；".join(p for p in row if p) or NONE_ZH) for row in zip(*parts)]
    return pd.Series(text, index=names.index, dtype=object)
