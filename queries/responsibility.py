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
    On the hand-made workbook every organization but three is reached some way: F has no
    street, G's street is unknown, and P stands in 坂田, where no department is stationed and
    nobody else is attached to it. 张伟 and 李娜 are attached to A, C, D and E:

    >>> attached = organization_attachments(net)
    >>> int(attached.any(axis=1).sum()), int(attached["leader"].sum())
    (10, 4)
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
