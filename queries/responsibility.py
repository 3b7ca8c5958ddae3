"""Which responsible units reach each organization (the four mechanisms of the plan)."""

import pandas as pd

from liangxin.graph.index import mark, memo, positions

__all__ = ["organization_attachments"]


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
    >>> organization_attachments(net).any(axis=1).mean()  # doctest: +SKIP
    0.93
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
