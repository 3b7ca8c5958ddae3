"""The page's catalogue of every organization of the dataset, drawn or not, for search and the detail panel.

A view draws a few thousand nodes; the analyst searches among all organizations. The catalogue
holds, per organization, what the detail panel says: its node id, name, credit code, street and
community, figures, Party organization, findings (a bit per code of
:data:`~liangxin.viz.network.findings.FINDING_CODES`) and every responsible unit by name with its
role; and per street the departments stationed there (驻街保建). Repeated texts (streets,
communities, unit names, roles) are written once and referred to by number.

It travels in the page as gzip-compressed JSON in base64 (:func:`packed_catalog`), decoded by the
browser's ``DecompressionStream``: at 100,000 organizations a few MB instead of tens. Contacts
(liaisons, phones, community owners) are never in it: units are named, people's numbers are not.

Examples
--------
甲科技 (A of tests/test_handmade.py) is in 平湖街道 / 山厦社区; 张伟 is its 区领导:

>>> from liangxin.viz.network.lookups import GraphLookups
>>> graph = GraphLookups(result)
>>> catalog = organization_catalog(graph, np.ones(graph.n, dtype=bool))
>>> row = next(r for r in catalog["rows"] if r[1] == "甲科技有限公司")
>>> catalog["streets"][row[3]], catalog["communities"][row[4]]
('平湖街道', '山厦社区')
>>> units = dict(zip(row[11][1::2], row[11][::2]))
>>> catalog["roles"][units[catalog["units"].index("张伟")]]
'区领导'
>>> json.loads(gzip.decompress(base64.b64decode(packed_catalog(catalog)))) == catalog
True
"""

import base64
import gzip
import json

import numpy as np
import pandas as pd

from liangxin.graph.schema import NODE_KINDS
from liangxin.queries.labels import CODE_ZH, ORG_KIND_ZH, PARTY_ORG_STATUS_ZH
from liangxin.viz.network.columns import object_column
from liangxin.viz.network.findings import FINDING_CODES

__all__ = ["organization_catalog", "packed_catalog", "responsible_roles", "CATALOG_FIELDS", "STATIONED_ROLE"]

#: The fields of a catalogue row, in order (the page's script reads them by these positions).
CATALOG_FIELDS = ("id", "name", "code", "street", "community", "employees", "members", "status", "party_org",
                  "flags", "bits", "units", "kind")
#: Bits of a row's ``flags``: a key organization (重点难点), open (未覆盖), 提升项, in the view's scope,
#: has a trade union, a Youth League organization, a women's organization.
FLAG_BITS = {"key": 1, "open": 2, "improvement": 4, "scope": 8, "union": 16, "youth": 32, "women": 64}
#: The role of the departments stationed in an organization's street.
STATIONED_ROLE = "驻街区直机关"


def responsible_roles(graph) -> dict:
    """Role heading → (relation table, its column naming the unit, the organization position of each row)."""
    tables, index = graph.tables, graph.index
    return {
        NODE_KINDS["leader"].label_zh: (tables.leader_points, "leader", index.leader),
        "直接联系的" + NODE_KINDS["department"].label_zh: (tables.department_contacts, "department", index.contact),
        NODE_KINDS["supervisory_unit"].label_zh: (tables.supervision, "supervisory_unit", index.supervised),
        NODE_KINDS["instructor"].label_zh: (tables.supervision, "instructor", index.supervised),
        NODE_KINDS["mass_org"].label_zh: (tables.mass_org_tasks, "mass_org", index.mass),
    }


def organization_catalog(graph, scope: np.ndarray) -> dict:
    """The catalogue of every organization, as a JSON-ready dict.

    Parameters
    ----------
    graph : GraphLookups
    scope : ndarray of bool
        The organizations of the view (flag ``scope`` of their rows).

    Returns
    -------
    dict
        ``rows`` (one list per organization, fields :data:`CATALOG_FIELDS`; ``units`` is a flat
        list of role and unit numbers), and the tables they refer to: ``streets``,
        ``communities``, ``statuses``, ``party_orgs``, ``kinds``, ``roles`` (and ``role_kinds``), ``units``,
        ``codes`` (``[code, Chinese]`` per bit), ``stations`` (street number → department names),
        ``district``.
    """
    orgs = graph.orgs
    streets, street_names = _factorized(orgs["street"])
    communities, community_names = _factorized(orgs["community"])
    party_orgs, party_org_names = _factorized(orgs["party_org"].where(orgs["status"].ne("none")))
    statuses, status_codes = _factorized(orgs["status"])
    kinds, kind_codes = _factorized(orgs["org_kind"])
    roles, units, unit_names = _unit_links(graph)
    findings = graph.findings
    flags = (np.where(_true(orgs["key"]), FLAG_BITS["key"], 0) | np.where(findings.open, FLAG_BITS["open"], 0)
             | np.where(findings.improvement, FLAG_BITS["improvement"], 0) | np.where(scope, FLAG_BITS["scope"], 0)
             | np.where(_true(orgs["has_union"]), FLAG_BITS["union"], 0)
             | np.where(_true(orgs["has_youth_league"]), FLAG_BITS["youth"], 0)
             | np.where(_true(orgs["has_womens_org"]), FLAG_BITS["women"], 0))
    credit = orgs["credit_code"].fillna("")
    rows = [list(row) for row in zip(
        object_column(orgs, "id").tolist(), orgs["name"].tolist(), credit.tolist(), streets.tolist(),
        communities.tolist(), _whole(orgs["employees"]), _whole(orgs["party_members"]), statuses.tolist(),
        party_orgs.tolist(), flags.tolist(), findings.bits.tolist(), units, kinds.tolist())]
    stations = graph.tables.department_stations.groupby("street", sort=False)["department"].agg(
        lambda names: list(dict.fromkeys(names.dropna())))
    return {
        "district": graph.network.district,
        "rows": rows,
        "streets": street_names, "communities": community_names, "party_orgs": party_org_names,
        "statuses": [PARTY_ORG_STATUS_ZH.get(code, code) for code in status_codes],
        "kinds": [ORG_KIND_ZH.get(code, code) for code in kind_codes],
        "roles": roles + [STATIONED_ROLE], "units": unit_names,
        # The node kind of each role (the page's filter by unit kind).
        "role_kinds": ["leader", "department", "supervisory_unit", "instructor", "mass_org", "department"],
        "codes": [[code, CODE_ZH[code]] for code in FINDING_CODES],
        "stations": {str(i): stations[name] for i, name in enumerate(street_names) if name in stations.index},
    }


def packed_catalog(catalog: dict) -> str:
    """`catalog` as the page carries it: JSON, gzip-compressed (no timestamp), in base64 text."""
    raw = json.dumps(catalog, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
    return base64.b64encode(gzip.compress(raw, compresslevel=6, mtime=0)).decode("ascii")


def _factorized(column):
    """Per row the number of its value (-1 for none), and the values in order of first appearance."""
    codes, uniques = pd.factorize(column.astype(object).where(column.notna(), None))
    return codes.astype(np.int64), [str(value) for value in uniques]


def _true(column):
    return column.astype(object).eq(True).to_numpy(dtype=bool)


def _whole(column):
    """A count column as a list of ints (0 where empty)."""
    return pd.to_numeric(column, errors="coerce").fillna(0).astype(np.int64).tolist()


def _unit_links(graph):
    """The role headings, per organization its flat ``[role, unit, …]`` numbers, and the unit names."""
    roles = responsible_roles(graph)
    parts = []
    for number, (table, column, org_rows) in enumerate(roles.values()):
        names = object_column(table, column)
        given = (np.asarray(org_rows) >= 0) & ~pd.isna(names)
        parts.append(pd.DataFrame({"position": np.asarray(org_rows)[given], "role": number,
                                   "name": names[given]}))
    links = pd.concat(parts, ignore_index=True).drop_duplicates()
    links = links.sort_values(["position", "role"], kind="stable")
    unit, unit_names = pd.factorize(links["name"])
    flat = np.column_stack([links["role"].to_numpy(dtype=np.int64), unit.astype(np.int64)])
    per_org = [[] for _ in range(graph.n)]
    positions = links["position"].to_numpy(dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, positions[1:] != positions[:-1]]) if len(positions) else []
    ends = np.r_[starts[1:], len(positions)] if len(positions) else []
    for start, end in zip(list(starts), list(ends)):
        per_org[positions[start]] = flat[start:end].ravel().tolist()
    return list(roles), per_org, [str(name) for name in unit_names]
