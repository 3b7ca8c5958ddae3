"""Party organizations counted as branches (党组织个数), not as the organizations they cover.

A joint branch (联合党支部) covering three organizations is one Party organization: the branches
of a snapshot are the distinct 所在党组织 (by its name key, as the loaders keep it in
``party_org_key``) among the organizations with a Party organization. An organization with one
and no 所在党组织 filled in counts as a branch of its own (the loaders warn about a 联合组建
without it).
"""

import numpy as np
import pandas as pd

__all__ = ["party_branches", "branch_counts"]


def party_branches(analysis) -> pd.DataFrame:
    """Return one row per Party organization (branch) of the snapshot.

    Returns
    -------
    DataFrame
        ``branch`` (the key: 所在党组织's name key, or ``org:<org_id>`` when not filled in),
        ``name`` (as first written, or None), ``status`` (``standalone`` or ``joint``: joint when
        any organization it covers says 联合组建), ``orgs`` (organizations it covers), ``streets``
        (their streets, joined with 、); by branch key.

    Examples
    --------
    The hand-made workbook: 乙 (白坭坑社区联合党支部), 丁 (五和社区联合党支部), 庚 (its own
    branch) and 癸 (联合组建, no 所在党组织: a branch of its own) — four branches for four
    organizations (tests/fixtures/handmade.py):

    >>> for row in party_branches(result)[["name", "status", "orgs"]].values.tolist():
    ...     print(row)
    [None, 'joint', 1]
    ['五和社区联合党支部', 'joint', 1]
    ['庚软件有限公司党支部', 'standalone', 1]
    ['白坭坑社区联合党支部', 'joint', 1]
    """
    orgs = analysis.network.tables.organizations
    formed = orgs[orgs["status"].ne("none").to_numpy()]
    columns = ["branch", "name", "status", "orgs", "streets"]
    if not len(formed):
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    key = formed["party_org_key"].astype(object).where(formed["party_org_key"].notna(), "org:" + formed["org_id"].astype(str))
    frame = pd.DataFrame({"branch": key.to_numpy(dtype=object), "name": formed["party_org"].to_numpy(dtype=object),
                          "joint": formed["status"].eq("joint").to_numpy(),
                          "street": formed["street"].fillna("").to_numpy(dtype=object)})
    grouped = frame.groupby("branch", sort=True)
    table = pd.DataFrame({
        "name": grouped["name"].first(),
        "status": np.where(grouped["joint"].any(), "joint", "standalone"),
        "orgs": grouped.size(),
        "streets": grouped["street"].agg(lambda s: "、".join(dict.fromkeys(v for v in s if v))),
    }).reset_index()
    table["name"] = table["name"].astype(object).where(table["name"].notna(), None)
    return table[columns]


def branch_counts(analysis, previous=None) -> dict:
    """Count the snapshot's Party organizations as branches, and those new since `previous`.

    Returns
    -------
    dict
        ``branches``, ``standalone``, ``joint`` (branches), ``orgs_covered`` (organizations with a
        Party organization); with `previous` also ``new_branches``, ``new_standalone``,
        ``new_joint``: branches whose key the previous snapshot did not have (an organization
        joining an existing joint branch adds an organization covered, not a branch).

    Examples
    --------
    >>> branch_counts(result)
    {'branches': 4, 'standalone': 1, 'joint': 3, 'orgs_covered': 4}
    """
    table = party_branches(analysis)
    counts = {"branches": len(table), "standalone": int(table["status"].eq("standalone").sum()),
              "joint": int(table["status"].eq("joint").sum()),
              "orgs_covered": int(analysis.network.tables.organizations["status"].ne("none").sum())}
    if previous is not None:
        new = table[~table["branch"].isin(set(party_branches(previous)["branch"]))]
        counts.update(new_branches=len(new), new_standalone=int(new["status"].eq("standalone").sum()),
                      new_joint=int(new["status"].eq("joint").sum()))
    return counts
