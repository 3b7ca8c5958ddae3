"""Find an organization of a network by what an analyst types: its id, credit code or name.

The one organization lookup every query, notebook helper and view uses: ids exactly, credit
codes in their comparison form (upper case, no spaces), names in theirs (NFKC, no white space),
so ``甲科技 有限公司`` finds ``甲科技有限公司``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from liangxin.text import name_key, normalize_code

if TYPE_CHECKING:  # pragma: no cover
    from liangxin.graph.network import ResponsibilityNetwork

__all__ = ["organization_positions", "organization_position", "has_organization"]


def organization_positions(network: ResponsibilityNetwork, text: str) -> np.ndarray:
    """Rows of ``network.tables.organizations`` that `text` names: by id, else credit code, else name.

    Parameters
    ----------
    network : ResponsibilityNetwork
    text : str
        An ``org_id``, a credit code or a name, as typed.

    Returns
    -------
    numpy.ndarray of int
        Positions, in the table's order; empty when nothing matches. Two organizations may share
        a name (then both are returned).

    Examples
    --------
    甲科技 is keyed by its credit code (tests/fixtures/handmade.py); its name finds it too:

    >>> orgs = net.tables.organizations
    >>> [orgs["name"].iat[i] for i in organization_positions(net, "91440307MA5DA0001P")]
    ['甲科技有限公司']
    >>> [orgs["org_id"].iat[i] for i in organization_positions(net, " 甲科技 有限公司 ")]
    ['91440307MA5DA0001P']
    >>> organization_positions(net, "没有这个组织").tolist()
    []
    """
    orgs = network.tables.organizations
    query = pd.Series([text], dtype=object)
    for column, key in (("org_id", query.str.strip()), ("credit_code", normalize_code(query)),
                        ("name_key", name_key(query))):
        wanted = key.iloc[0]
        if wanted is None or column not in orgs:
            continue
        hits = np.flatnonzero(orgs[column].eq(wanted).to_numpy(dtype=bool))
        if len(hits):
            return hits
    return np.array([], dtype=np.int64)


def organization_position(network: ResponsibilityNetwork, text: str) -> int:
    """The one row `text` names (see :func:`organization_positions`).

    Raises
    ------
    KeyError
        No organization, or more than one, answers to `text`.

    Examples
    --------
    >>> net.tables.organizations["name"].iat[organization_position(net, "91440307MA5DA0001P")]
    '甲科技有限公司'
    """
    hits = organization_positions(network, text)
    if len(hits) != 1:
        raise KeyError(f"{'no' if not len(hits) else len(hits)} organization(s) named {text!r}")
    return int(hits[0])


def has_organization(network: ResponsibilityNetwork, text: str) -> bool:
    """Whether some organization answers to `text`.

    Examples
    --------
    >>> has_organization(net, "甲科技有限公司"), has_organization(net, "没有这个组织")
    (True, False)
    """
    return len(organization_positions(network, text)) > 0
