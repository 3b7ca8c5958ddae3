"""What each drawn organization says: its marks and its tooltip (facts, responsible units, findings).

Examples
--------
甲科技 (A in tests/test_handmade.py) is uncovered with four codes, NO_RESPONSIBLE_UNIT not
among them: PARTY_ORG_REQUIRED is its most serious (FINDING_PRIORITY). Its leader is 张伟.

>>> from liangxin.viz.network.lookups import GraphLookups
>>> graph = GraphLookups(result)
>>> position = list(graph.org_node).index("org:91440307MA5DA0001P")
>>> [record] = org_records(graph, np.array([position]))
>>> record["gaps"], record["codes"][0][1]
(['uncovered'], 'PARTY_ORG_REQUIRED')
>>> dict(record["info"])["区领导"]
'张伟'
"""

import numpy as np
import pandas as pd

from liangxin.queries.labels import ORG_KIND_ZH, PARTY_ORG_STATUS_ZH
from liangxin.viz.network.catalog import STATIONED_ROLE, responsible_roles
from liangxin.viz.network.columns import object_column
from liangxin.viz.network.labels import count_text, joined, short_label

__all__ = ["org_records"]

#: The organization node's columns a record is made of, in order.
_COLUMNS = ["id", "org_id", "name", "org_kind", "credit_code", "street", "community", "employees",
            "party_members", "status", "party_org", "key", "has_union", "has_youth_league", "has_womens_org"]


def org_records(graph, org_positions):
    """The page's records of the organizations at `org_positions`, in position order.

    Parameters
    ----------
    graph : GraphLookups
    org_positions : ndarray of int

    Returns
    -------
    list of dict
        ``id, kind, name, label, street, gaps, info, codes`` per organization.
    """
    org_positions = np.sort(org_positions)
    drawn = np.zeros(graph.n, dtype=bool)
    drawn[org_positions] = True
    codes = graph.findings.codes_of(drawn)
    roles = responsible_roles(graph)
    by_org = _responsible(graph, roles, drawn)
    stations = graph.tables.department_stations.groupby("street")["department"].agg(joined).to_dict()
    findings = graph.findings
    marks = {"uncovered": findings.open, "improvement": findings.improvement, "chain": findings.chain,
             "no_unit": findings.with_code("NO_RESPONSIBLE_UNIT"), "key_no_leader": findings.with_code("KEY_NO_LEADER")}
    flags = [[gap for gap, mask in marks.items() if mask[position]] for position in org_positions.tolist()]
    rows = zip(org_positions.tolist(), graph.orgs.take(org_positions)[_COLUMNS].itertuples(index=False), flags)
    records = []
    for position, org, gaps in rows:
        info = _facts(org)
        info += [[role, by_org[(org.org_id, role)]] for role in roles if by_org.get((org.org_id, role))]
        if org.street is not None and org.street in stations:
            info.append([STATIONED_ROLE, stations[org.street]])
        records.append({"id": org.id, "kind": "organization", "name": org.name, "label": short_label(org.name),
                        "street": org.street, "gaps": gaps, "info": info, "codes": codes.get(position, [])})
    return records


def _responsible(graph, roles, drawn):
    """``(org_id, heading) → names``: the units of each role responsible for the drawn organizations."""
    by_org = {}
    for role, (table, column, org_rows) in roles.items():
        mine = (org_rows >= 0) & drawn[org_rows.clip(0)]
        org_ids, names = object_column(table, "org_id")[mine], object_column(table, column)[mine]
        given = ~(pd.isna(org_ids) | pd.isna(names))
        for org_id, name in zip(org_ids[given].tolist(), names[given].tolist()):
            by_org.setdefault((org_id, role), []).append(name)
    return {key: joined(names) for key, names in by_org.items()}


def _facts(org):
    """The tooltip rows every organization has: kind, code, places, people, Party and mass organizations."""
    status_text = PARTY_ORG_STATUS_ZH.get(org.status, "未组建")
    if org.party_org and org.status != "none":
        status_text += f"：{org.party_org}"
    branches = [label for flag, label in ((org.has_union, "工会"), (org.has_youth_league, "团组织"),
                                          (org.has_womens_org, "妇组织")) if flag is True]
    info = [
        ["类型", ORG_KIND_ZH.get(org.org_kind, org.org_kind or "")],
        ["统一社会信用代码", org.credit_code or "无"],
        ["街道 / 社区", f"{org.street or '（空）'} / {org.community or '（空）'}"],
        ["从业人员 / 党员", f"{count_text(org.employees or 0)} 人 / {count_text(org.party_members or 0)} 名"],
        ["党组织", status_text],
        ["群团组织", "、".join(branches) or "无"],
    ]
    if org.key is True:
        info.append(["重点难点", "是"])
    return info
