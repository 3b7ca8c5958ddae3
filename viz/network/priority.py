"""In which order organizations are drawn when not all of them fit under the cap.

Most serious finding first (:data:`~liangxin.viz.network.findings.FINDING_PRIORITY`), then key
organizations, more codes, more employees; but the first few of every (most serious code,
street) group come before all the rest, taking turns, so a rare code or a small street is never
crowded out by thousands of commoner findings.

Examples
--------
The hand-made workbook (tests/test_handmade.py): F (己商贸) has no street and nobody
responsible for it, NO_RESPONSIBLE_UNIT, the most serious code, so it is drawn first.

>>> from liangxin.viz.network.lookups import GraphLookups
>>> graph = GraphLookups(result)
>>> graph.org_node[priority_order(graph, graph.findings.any)][0]
'org:己商贸有限公司'
"""

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from liangxin.viz.network.columns import arrow_text, object_column

__all__ = ["priority_order", "GUARANTEED_PER_GROUP"]

#: How many organizations of every (most serious code, street) group come before all the rest.
GUARANTEED_PER_GROUP = 5


def priority_order(graph, mask):
    """Positions of the organizations in `mask`, in the order they are drawn (see the module docstring).

    Parameters
    ----------
    graph : GraphLookups
    mask : ndarray of bool
        Over the organization positions.

    Returns
    -------
    ndarray of int
    """
    positions = np.flatnonzero(mask)
    rank = graph.findings.rank[positions]
    employees = -pd.Series(graph.orgs["employees"].to_numpy()[positions]).fillna(0).to_numpy(dtype=float)
    not_key = ~pd.Series(graph.orgs["key"].to_numpy()[positions]).fillna(False).to_numpy(dtype=bool)
    codes = -graph.findings.count[positions]
    # org:<org_id> sorts as org_id does; Arrow compares UTF-8 bytes, i.e. code points, as numpy does.
    ids = arrow_text(graph.org_node[positions])  # only these, not every organization (None: not all text)
    if ids is not None and ids.null_count == 0:
        order = pc.sort_indices(pa.table({"rank": rank, "codes": codes, "key": not_key, "employees": employees,
                                          "id": ids}),
                                sort_keys=[("rank", "ascending"), ("codes", "ascending"), ("key", "ascending"),
                                           ("employees", "ascending"), ("id", "ascending")]).to_numpy()
    else:
        org_ids = object_column(graph.orgs, "org_id")[positions]
        order = np.lexsort((org_ids.astype(str), employees, not_key, codes, rank))
    street = _group_streets(graph, positions)
    turn = _cumcount(rank[order].astype(np.int64) * (street.max(initial=0) + 1) + street[order])
    early = turn < GUARANTEED_PER_GROUP
    # The early ones take turns: the first of every group, then the second of every group, ...
    early_order = order[early][np.lexsort((rank[order][early], turn[early]))]
    return positions[np.concatenate([early_order, order[~early]])]


def _group_streets(graph, org_positions):
    """An integer per organization, equal where ``street.fillna("")`` is equal."""
    rows = graph.org_street_row[org_positions]
    other = np.flatnonzero(rows < 0)
    if len(other):
        codes, _ = pd.factorize(pd.Series(object_column(graph.orgs, "street")[org_positions[other]],
                                          dtype=object).fillna(""))
        rows = rows.copy()
        rows[other] = len(graph.street_ids) + codes
    return rows


def _cumcount(keys):
    """How many earlier entries have the same key, for every entry (``groupby.cumcount``).

    Examples
    --------
    >>> _cumcount(np.array([7, 3, 7, 7, 3]))
    array([0, 0, 1, 2, 1])
    """
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]]) if len(keys) else np.array([], int)
    run = np.arange(len(keys)) - np.repeat(starts, np.diff(np.r_[starts, len(keys)]))
    turn = np.empty(len(keys), dtype=np.int64)
    turn[order] = run
    return turn
