"""Which responsible units reach each organization (the four mechanisms of the plan)."""

import pandas as pd

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
    t = network.tables
    org_id = t.organizations["org_id"]
    guided = t.supervision.loc[t.supervision["instructor_key"].notna(), "org_id"]
    return pd.DataFrame({
        "leader": org_id.isin(t.leader_points["org_id"]),
        "contact_department": org_id.isin(t.department_contacts["org_id"]),
        "street_department": t.organizations["street"].isin(t.department_stations["street"]),
        "supervisory_unit": org_id.isin(t.supervision["org_id"]),
        "instructor": org_id.isin(guided),
        "mass_org": org_id.isin(t.mass_org_tasks["org_id"]),
    }, index=t.organizations.index)
