"""Broken responsibility chains (RULES.md, "Broken responsibility chains")."""

import numpy as np
import pandas as pd

from liangxin.graph.index import mark, positions
from liangxin.graph.lookup import organization_position
from liangxin.queries._tabulate import codes_to_rows
from liangxin.queries.labels import CHAIN_ZH

__all__ = ["chain_break_codes", "broken_chains", "is_chain_broken", "CHAIN_CODES"]

#: The codes of RULES.md, in its order → Chinese label (from :mod:`liangxin.queries.labels`).
CHAIN_CODES = {code: CHAIN_ZH[code] for code in (
    "NO_COMMUNITY", "UNKNOWN_COMMUNITY", "UNKNOWN_STREET", "STREET_MISMATCH", "STREET_NO_DEPARTMENT",
    "COMMUNITY_NO_OWNER", "NO_SUPERVISOR", "KEY_NO_LEADER")}


def chain_break_codes(network):
    """Return one boolean column per chain-break code, one row per organization.

    Streets and communities are those of 街道社区; an organization belongs to the
    street written on its own row.

    Examples
    --------
    The hand-made workbook's breaks (tests/test_handmade.py, EXPECTED_BROKEN): F has neither
    street nor community, G's street and community are not on 街道社区, E's 五和社区 stands only
    under 坂田, D and P are in 坂田 where no department is stationed, B's 白坭坑 has no owner,
    and the social organization I has no supervisory unit. Its key organizations are A (张伟
    attached) and D (a joint branch), so none is KEY_NO_LEADER:

    >>> chain_break_codes(net).sum().to_dict()  # doctest: +NORMALIZE_WHITESPACE
    {'NO_COMMUNITY': 1, 'UNKNOWN_COMMUNITY': 1, 'UNKNOWN_STREET': 2, 'STREET_MISMATCH': 1,
     'STREET_NO_DEPARTMENT': 2, 'COMMUNITY_NO_OWNER': 1, 'NO_SUPERVISOR': 1, 'KEY_NO_LEADER': 0}
    """
    return pd.DataFrame(_chain_flags(network), index=network.tables.organizations.index)


def _chain_flags(network):
    t = network.tables
    index = positions(network)
    street, community = index.has_street, index.has_community
    street_known = index.org_street >= 0
    community_known = index.org_community >= 0
    pair_known = index.geo_row >= 0
    owner_missing = np.zeros(index.n, dtype=bool)
    if t.has_owner_column:
        no_owner = t.geography["community_owner"].isna().to_numpy()
        owner_missing = np.append(no_owner, False)[index.geo_row]  # geo_row -1 takes False
    return {
        "NO_COMMUNITY": ~community,
        "UNKNOWN_COMMUNITY": community & ~community_known,
        "UNKNOWN_STREET": ~street_known,
        "STREET_MISMATCH": street & community_known & ~pair_known,
        "STREET_NO_DEPARTMENT": street_known & ~index.org_stationed,
        "COMMUNITY_NO_OWNER": owner_missing,
        "NO_SUPERVISOR": index.social_org & ~mark(index.n, index.supervised),
        # 挂点促建 exists for exactly these: a key organization with no Party organization and no leader
        "KEY_NO_LEADER": (t.organizations["key"].to_numpy(dtype=bool) & t.organizations["status"].eq("none").to_numpy()
                          & ~mark(index.n, index.leader)),
    }


def broken_chains(network):
    """Return the broken chains: one row per (organization, code).

    Returns
    -------
    DataFrame
        ``org_id, name, kind, street, community, code, label`` sorted by street, then
        ``org_id``, then code.

    Examples
    --------
    Nine breaks of seven organizations on the hand-made workbook; F (no street) sorts first:

    >>> chains = broken_chains(net)
    >>> len(chains), chains["org_id"].nunique()
    (9, 7)
    >>> chains[["name", "code"]].head(2).values.tolist()
    [['己商贸有限公司', 'NO_COMMUNITY'], ['己商贸有限公司', 'UNKNOWN_STREET']]
    """
    return codes_to_rows(network, _chain_flags(network), CHAIN_CODES)


def is_chain_broken(network, org_id):
    """Return True when the chain of organization `org_id` (its id, credit code or name) has at least one break.

    Examples
    --------
    B's community 白坭坑 has no owner; A (credit code 91440307MA5DA0001P) stands in 平湖/山厦,
    which has an owner and two stationed departments:

    >>> is_chain_broken(net, "乙电子有限公司"), is_chain_broken(net, "91440307MA5DA0001P")
    (True, False)
    """
    return bool(chain_break_codes(network).to_numpy()[organization_position(network, org_id)].any())
