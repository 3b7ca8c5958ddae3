"""Standalone branches (成熟一个、组建一个): organizations ready to form their own Party branch."""

import numpy as np
import pandas as pd

from liangxin.queries.labels import PARTY_ORG_STATUS_ZH
from liangxin.queries.snapshots.progress import answering_units
from liangxin.queries.scope import organization_scope

__all__ = ["standalone_candidates", "STATUS_ZH"]

STATUS_ZH = PARTY_ORG_STATUS_ZH


def standalone_candidates(analysis) -> pd.DataFrame:
    """List the organizations ready for a standalone branch (成熟一个、组建一个).

    Organizations with at least ``standalone_min_members`` full members whose status is not
    单独组建 (STANDALONE_POSSIBLE). Ranked: key/difficult organizations (重点难点) first, then those
    the plan requires a Party organization of (应建党组织), then by full members and by employees
    (both descending), then ``org_id``.

    Returns
    -------
    DataFrame
        ``rank, org_id, name, kind, street, community, industry, employees, party_members,
        status, status_zh, key, party_org_required, open, responsible, reason``; ``responsible``
        names the stationed departments too (marked （驻点）) when no department contacts the
        organization directly (:func:`~liangxin.queries.snapshots.progress.answering_units`).

    Examples
    --------
    The hand-made workbook: D (5 members, 联合组建, key) and I (4 members, 未组建) have 3 or more
    full members and no standalone branch; D ranks first as a key organization
    (tests/fixtures/handmade.py):

    >>> standalone_candidates(result)[["rank", "name", "party_members"]].values.tolist()
    [[1, '丁制造有限公司', 5], [2, '布吉街道养老服务中心', 4]]
    """
    rules = analysis.rules
    orgs = analysis.network.tables.organizations
    scope = organization_scope(analysis.network, rules)
    mask = (orgs["party_members"] >= rules.standalone_min_members).to_numpy() & orgs["status"].ne("standalone").to_numpy()
    table = orgs.loc[mask, ["org_id", "name", "kind", "street", "community", "industry", "employees",
                            "party_members", "status", "key"]].copy()
    table["party_org_required"] = scope["party_org_required"].to_numpy()[mask]
    table["open"] = scope["open"].to_numpy()[mask]
    table = table.sort_values(["key", "party_org_required", "party_members", "employees", "org_id"],
                              ascending=[False, False, False, False, True], kind="stable").reset_index(drop=True)
    table.insert(0, "rank", np.arange(1, len(table) + 1))
    table["status_zh"] = table["status"].map(STATUS_ZH)
    table["responsible"] = answering_units(analysis.network.tables, table)
    now = np.where(table["status"].eq("joint"), "目前在联合党组织中", "尚未组建党组织")
    tags = (np.where(table["key"], "；重点难点组织", "") + np.where(table["party_org_required"], "；属应建党组织范围", ""))
    table["reason"] = ("有正式党员" + table["party_members"].astype(str) + "名，" + now + "，具备单独组建条件" + tags)
    return table[["rank", "org_id", "name", "kind", "street", "community", "industry", "employees", "party_members",
                  "status", "status_zh", "key", "party_org_required", "open", "responsible", "reason"]]
