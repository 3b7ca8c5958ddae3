"""Which responsible units reach each organization (the four mechanisms of the plan), and who they are."""

import numpy as np
import pandas as pd

from liangxin.graph.index import mark, memo, positions, unit_links
from liangxin.queries.loads import _network

__all__ = ["organization_attachments", "responsible_units"]


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
    links = unit_links(network)
    orgs = network.tables.organizations["org_id"].to_numpy(dtype=object)
    linked = links.link_org >= 0
    long = pd.DataFrame({"org_id": orgs[links.link_org[linked]],
                         "unit": links.table["unit"].to_numpy(dtype=object)[links.link_unit[linked]]})
    long = long[long["org_id"].isin(org_ids)].drop_duplicates()
    if not len(long):
        return pd.Series("", index=org_ids, dtype=object)
    return long.groupby("org_id", sort=False)["unit"].agg("、".join).reindex(org_ids).fillna("").astype(object)
