"""Scope of the campaign's targets (RULES.md, "Scope") and which organizations are open."""

import pandas as pd

from liangxin.graph.index import memo, positions

from liangxin.queries.rules import load_rules

__all__ = ["organization_scope", "CODE_ORDER"]

#: Uncovered codes, in RULES.md's order.
CODE_ORDER = ("MEMBERS_REQUIRED", "PARTY_ORG_REQUIRED", "STANDALONE_POSSIBLE", "NO_RESPONSIBLE_UNIT",
              "MASS_ORG_MISSING", "MASS_ORG_FIRST")


def organization_scope(network, rules=None):
    """Return, per organization, whether the plan's targets apply and whether it is open.

    Parameters
    ----------
    network : ResponsibilityNetwork
    rules : Rules, optional
        Defaults to :func:`liangxin.queries.rules.load_rules`.

    Returns
    -------
    DataFrame
        Indexed like ``network.tables.organizations``; boolean columns
        ``members_required``, ``party_org_required``, ``members_gap`` (MEMBERS_REQUIRED),
        ``party_org_gap`` (PARTY_ORG_REQUIRED) and ``open``.

    Examples
    --------
    The hand-made workbook's open organizations are A, C, E, F, H, I and Q; members are
    required of the enterprises with 50 employees or more (A B C D E F G Q) and a Party
    organization of A B D E G H I (tests/test_handmade.py):

    >>> scope = organization_scope(net)
    >>> int(scope["open"].sum()), int(scope["members_required"].sum()), int(scope["party_org_required"].sum())
    (7, 8, 7)
    """
    rules = rules or load_rules()
    return memo(network, ("organization_scope", rules), lambda: _scope(network, rules))


def _scope(network, rules):
    orgs = network.tables.organizations
    index = positions(network)
    enterprise = index.enterprise
    employees = orgs["employees"].to_numpy()
    members_required = enterprise & (employees >= rules.members_required_min_employees)
    above_scale = orgs["above_scale"].to_numpy(dtype=bool) & rules.party_org_required_above_scale
    party_org_required = (
        (enterprise & ((employees >= rules.party_org_required_min_employees) | above_scale))
        | (index.social_org & orgs["entity"].to_numpy(dtype=bool)
           & (employees >= rules.entity_social_org_min_employees))
    )
    members_gap = members_required & (orgs["party_members"].to_numpy() == 0)
    party_org_gap = party_org_required & index.unorganized
    return pd.DataFrame({
        "members_required": members_required,
        "party_org_required": party_org_required,
        "members_gap": members_gap,
        "party_org_gap": party_org_gap,
        "open": members_gap | party_org_gap,
    }, index=orgs.index)
