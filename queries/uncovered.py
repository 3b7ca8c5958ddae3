"""Uncovered organizations (RULES.md, "Uncovered organizations")."""

import pandas as pd

from liangxin.graph.index import positions
from liangxin.graph.lookup import organization_position
from liangxin.queries._tabulate import codes_to_rows
from liangxin.queries.labels import UNCOVERED_ZH
from liangxin.queries.responsibility import organization_attachments
from liangxin.queries.rules import load_rules
from liangxin.queries.scope import organization_scope

__all__ = ["uncovered_codes", "uncovered_organizations", "is_uncovered", "UNCOVERED_CODES"]

#: The codes of RULES.md, in its order → Chinese label (from :mod:`liangxin.queries.labels`).
UNCOVERED_CODES = {code: UNCOVERED_ZH[code] for code in (
    "MEMBERS_REQUIRED", "PARTY_ORG_REQUIRED", "STANDALONE_POSSIBLE", "NO_RESPONSIBLE_UNIT", "MASS_ORG_MISSING",
    "MASS_ORG_FIRST")}


def uncovered_codes(network, rules=None):
    """Return one boolean column per uncovered code, one row per organization.

    Each code is tested on its own (RULES.md).

    Examples
    --------
    On the hand-made workbook (tests/test_handmade.py, EXPECTED_UNCOVERED):

    >>> uncovered_codes(net).sum().to_dict()  # doctest: +NORMALIZE_WHITESPACE
    {'MEMBERS_REQUIRED': 5, 'PARTY_ORG_REQUIRED': 4, 'STANDALONE_POSSIBLE': 2, 'NO_RESPONSIBLE_UNIT': 1,
     'MASS_ORG_MISSING': 3, 'MASS_ORG_FIRST': 1}
    """
    return pd.DataFrame(_uncovered_flags(network, rules), index=network.tables.organizations.index)


def _uncovered_flags(network, rules):
    rules = rules or load_rules()
    orgs = network.tables.organizations
    scope = organization_scope(network, rules)
    attached = organization_attachments(network)
    index = positions(network)
    members = orgs["party_members"].to_numpy()
    has_union = orgs["has_union"].to_numpy(dtype=bool)
    any_mass_branch = has_union | orgs["has_youth_league"].to_numpy(dtype=bool) \
        | orgs["has_womens_org"].to_numpy(dtype=bool)
    big_enterprise = index.enterprise & (orgs["employees"].to_numpy() >= rules.union_required_min_employees)
    gap = {name: scope[name].to_numpy() for name in ("members_gap", "party_org_gap", "open", "party_org_required")}
    reached = attached[["leader", "contact_department", "street_department", "supervisory_unit",
                        "mass_org"]].to_numpy().any(axis=1)
    return {
        "MEMBERS_REQUIRED": gap["members_gap"],
        "PARTY_ORG_REQUIRED": gap["party_org_gap"],
        "STANDALONE_POSSIBLE": (members >= rules.standalone_min_members) & ~index.standalone,
        "NO_RESPONSIBLE_UNIT": gap["open"] & ~reached,
        "MASS_ORG_MISSING": (~index.unorganized & ~any_mass_branch) | (big_enterprise & ~has_union),
        "MASS_ORG_FIRST": gap["party_org_required"] & index.unorganized
        & (members < rules.standalone_min_members) & ~any_mass_branch,
    }


def uncovered_organizations(network, rules=None):
    """Return the uncovered organizations: one row per (organization, code).

    Parameters
    ----------
    network : ResponsibilityNetwork
    rules : Rules, optional

    Returns
    -------
    DataFrame
        ``org_id, name, kind, street, community, code, label`` sorted by street, then
        ``org_id``, then code (Unicode code-point order); ``label`` is the Chinese name of the code.

    Examples
    --------
    Sixteen codes of nine organizations on the hand-made workbook; F, which has no street,
    comes first:

    >>> rows = uncovered_organizations(net)
    >>> len(rows), rows["org_id"].nunique()
    (16, 9)
    >>> rows[["name", "code"]].head(2).values.tolist()
    [['己商贸有限公司', 'MEMBERS_REQUIRED'], ['己商贸有限公司', 'NO_RESPONSIBLE_UNIT']]
    """
    return codes_to_rows(network, _uncovered_flags(network, rules), UNCOVERED_CODES)


def is_uncovered(network, org_id, rules=None):
    """Return True when the organization `org_id` (its id, credit code or name) has at least one uncovered code.

    Examples
    --------
    D (丁制造, 91440307MA5DA00041) has 5 members yet only a joint branch (STANDALONE_POSSIBLE);
    B (乙电子) has 2 members in a joint branch and a union: no code at all:

    >>> is_uncovered(net, "91440307MA5DA00041"), is_uncovered(net, "乙电子有限公司")
    (True, False)
    """
    return bool(uncovered_codes(network, rules).to_numpy()[organization_position(network, org_id)].any())
