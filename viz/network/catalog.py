"""The page's catalogue of every organization of the dataset, drawn or not, for search and the detail panel.

A view draws a few thousand nodes; the analyst searches among all organizations. The catalogue
holds, per organization, what the detail panel says: its node id, name, credit code, street and
community, figures, Party organization, findings (a bit per code of
:data:`~liangxin.viz.network.findings.FINDING_CODES`) and every responsible unit by name with its
role; and per street the departments stationed there (驻街保建). Repeated texts (streets,
communities, unit names, roles) are written once and referred to by number.

It is held by column, an array per field (a million organizations are a few dozen arrays, not a
million lists), and travels in the page as gzip-compressed JSON in base64 (:func:`packed_catalog`),
decoded by the browser's ``DecompressionStream``; the page's ``catalog.js`` rebuilds the rows
(:func:`catalog_rows` is the same in Python). Contacts (liaisons, phones, community owners) are
never in it: units are named, people's numbers are not.

Examples
--------
甲科技 (A of tests/test_handmade.py) is in 平湖街道 / 山厦社区; 张伟 is its 区领导:

>>> from liangxin.viz.network.lookups import GraphLookups
>>> graph = GraphLookups(result)
>>> catalog = organization_catalog(graph, np.ones(graph.n, dtype=bool))
>>> row = next(r for r in catalog_rows(catalog) if r[1] == "甲科技有限公司")
>>> catalog["streets"][row[3]], catalog["communities"][row[4]]
('平湖街道', '山厦社区')
>>> units = dict(zip(row[11][1::2], row[11][::2]))
>>> catalog["roles"][units[catalog["units"].index("张伟")]]
'区领导'
>>> import gzip
>>> unpacked = json.loads(gzip.decompress(base64.b64decode(packed_catalog(catalog))))
>>> catalog_rows(unpacked) == catalog_rows(catalog)
True
"""

import base64
import json
import logging

import numpy as np
import orjson
import pandas as pd

try:
    from isal import isal_zlib as _deflate
except ImportError:  # pragma: no cover - isal is a dependency; zlib writes the same format, slower
    import zlib as _deflate

import liangxin.settings as settings
from liangxin.factorize import factorize
from liangxin.graph.schema import NODE_KINDS
from liangxin.queries.labels import CODE_ZH, ORG_KIND_ZH, PARTY_ORG_STATUS_ZH
from liangxin.viz.network.columns import object_column
from liangxin.viz.network.findings import FINDING_CODES
from liangxin.viz.network.labels import count_text

log = logging.getLogger(__name__)

__all__ = ["organization_catalog", "catalog_listing", "packed_catalog", "catalog_rows", "responsible_roles", "CATALOG_FIELDS",
           "STATIONED_ROLE"]

#: The fields of a catalogue row, in order (the page's script reads them by these positions).
CATALOG_FIELDS = ("id", "name", "code", "street", "community", "employees", "members", "status", "party_org",
                  "flags", "bits", "units", "kind")
#: Bits of a row's ``flags``: a key organization (重点难点), open (未覆盖), 提升项, in the view's scope,
#: has a trade union, a Youth League organization, a women's organization.
FLAG_BITS = {"key": 1, "open": 2, "improvement": 4, "scope": 8, "union": 16, "youth": 32, "women": 64}
#: The role of the departments stationed in an organization's street.
STATIONED_ROLE = "驻街区直机关"
#: The organization node ids' prefix: an id the catalogue does not state is this and the credit code
#: (the name without one), as :func:`liangxin.graph.network.node_id` makes it of ``org_id``.
_ID_PREFIX = NODE_KINDS["organization"].id_prefix + ":"
#: gzip's effort: ISA-L's level 2 compresses the catalogue a little better than zlib's level 1, four
#: times as fast, and some 30 times as fast as zlib's default 6 (for a catalogue a fifth larger).
_GZIP_LEVEL = 2


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


def organization_catalog(graph, scope: np.ndarray, listed: np.ndarray | None = None) -> dict:
    """The catalogue of every organization, by column, ready for :func:`packed_catalog`.

    Parameters
    ----------
    graph : GraphLookups
    scope : ndarray of bool
        The organizations of the view (flag ``scope`` of their rows).
    listed : ndarray of int, optional
        The positions of the organizations to list, in order: all of them by default (a dataset
        too large for one page lists fewer, :func:`liangxin.viz.network.view.network_view`).

    Returns
    -------
    dict
        ``columns``: per field of :data:`CATALOG_FIELDS` but ``units``, one value per organization
        (texts as lists, numbers as int arrays); ``links`` and ``link_ends``: every organization's
        ``units``, a flat list of role and unit numbers, organization ``i`` holding the pairs
        ``link_ends[i - 1]`` (0 for the first) to ``link_ends[i]``; and the tables they refer to:
        ``streets``, ``communities``, ``statuses``, ``party_orgs``, ``kinds``, ``roles`` (and
        ``role_kinds``), ``units``, ``codes`` (``[code, Chinese]`` per bit), ``stations`` (street
        number → department names), ``district``. :func:`catalog_rows` reads it as rows.
    """
    orgs = graph.orgs
    streets, street_names = _factorized(orgs["street"])
    communities, community_names = _factorized(orgs["community"])
    party_orgs, party_org_names = _factorized(orgs["party_org"].where(orgs["status"].ne("none")))
    statuses, status_codes = _factorized(orgs["status"])
    kinds, kind_codes = _factorized(orgs["org_kind"])
    roles, links, link_ends, unit_names = _unit_links(graph)
    if listed is not None:
        links, link_ends = _listed_links(links, link_ends, listed)
    names, codes = object_column(orgs, "name"), orgs["credit_code"].fillna("").to_numpy(dtype=object)
    ids = object_column(orgs, "id")
    columns = {"street": streets, "community": communities, "employees": _whole(orgs["employees"]),
               "members": _whole(orgs["party_members"]), "status": statuses, "party_org": party_orgs,
               "flags": _flags(graph, scope), "bits": graph.findings.bits.astype(np.int64), "kind": kinds}
    if listed is not None:
        names, codes, ids = names[listed], codes[listed], ids[listed]
        columns = {name: values[listed] for name, values in columns.items()}
    columns = {"id": _stated_ids(ids, codes, names), "name": names.tolist(), "code": codes.tolist(), **columns}
    stations = graph.tables.department_stations.groupby("street", sort=False)["department"].agg(
        lambda names: list(dict.fromkeys(names.dropna())))
    return {
        "district": graph.network.district, "id_prefix": _ID_PREFIX,
        "columns": columns, "links": links, "link_ends": link_ends,
        "streets": street_names, "communities": community_names, "party_orgs": party_org_names,
        "statuses": [PARTY_ORG_STATUS_ZH.get(code, code) for code in status_codes],
        "kinds": [ORG_KIND_ZH.get(code, code) for code in kind_codes],
        "roles": roles + [STATIONED_ROLE], "units": unit_names,
        # The node kind of each role (the page's filter by unit kind).
        "role_kinds": ["leader", "department", "supervisory_unit", "instructor", "mass_org", "department"],
        "codes": [[code, CODE_ZH[code]] for code in FINDING_CODES],
        "stations": {str(i): stations[name] for i, name in enumerate(street_names) if name in stations.index},
        # Listing some organizations only (catalog_listing): the page says so where a search finds none.
        **({"partial": True} if listed is not None else {}),
    }


def catalog_listing(graph, scope: np.ndarray, taken: np.ndarray) -> tuple:
    """Which organizations a page's catalogue lists, and the note that says so: ``(None, None)``
    for all of them, as long as the dataset fits one page
    (:data:`liangxin.settings.NETWORK_CATALOG_MAX_ORGANIZATIONS`); past it the view's organizations
    (a street's page), else the drawn ones (`taken`: their positions, as the view's
    :class:`~liangxin.viz.network.selection.Selection` holds them), with a note naming how many
    and where to find the rest.

    Examples
    --------
    >>> from liangxin.viz.network.lookups import GraphLookups
    >>> catalog_listing(GraphLookups(result), np.ones(13, dtype=bool), np.arange(11))
    (None, None)
    """
    limit = settings.NETWORK_CATALOG_MAX_ORGANIZATIONS
    if graph.n <= limit:
        return None, None
    listed, which = np.flatnonzero(scope), "本图范围内"
    if len(listed) > limit:
        listed, which = np.sort(taken), "图中绘出"  # in the catalogue's order
    log.info("network page: %d organizations, more than %d: its catalogue lists %d", graph.n, limit, len(listed))
    return listed, (f"两新组织共 {count_text(graph.n)} 个，超过一个网页能装下的 {count_text(limit)} 个：本图的搜索、"
                    f"详情和导出只含{which}的 {count_text(len(listed))} 个组织。其他组织请按街道画图（liangxin viz 台账 "
                    "--street 街道名，或 --street-pages 为每个街道各写一个），或在 findings.csv 中查找。")


def catalog_rows(catalog: dict) -> list:
    """The catalogue's rows, one list per organization in :data:`CATALOG_FIELDS` order, as the page builds them.

    `catalog` is :func:`organization_catalog`'s dict, or the page's JSON of it.

    Examples
    --------
    An id is rebuilt from the prefix and the credit code where the catalogue left it out:

    >>> from liangxin.viz.network.lookups import GraphLookups
    >>> graph = GraphLookups(result)
    >>> rows = catalog_rows(organization_catalog(graph, np.ones(graph.n, dtype=bool)))
    >>> [row[:3] for row in rows if row[1] == "甲科技有限公司"]
    [['org:91440307MA5DA0001P', '甲科技有限公司', '91440307MA5DA0001P']]
    """
    columns = catalog["columns"]
    values = [np.asarray(columns[name]).tolist() if name != "units" else None for name in CATALOG_FIELDS]
    values[0] = [catalog["id_prefix"] + (code or name) if node is None else node
                 for node, code, name in zip(values[0], columns["code"], columns["name"])]
    links, ends = np.asarray(catalog["links"]).tolist(), np.asarray(catalog["link_ends"]).tolist()
    values[CATALOG_FIELDS.index("units")] = [links[2 * start:2 * end] for start, end in zip([0] + ends[:-1], ends)]
    return [list(row) for row in zip(*values)]


def packed_catalog(catalog: dict) -> bytes:
    """`catalog` as the page carries it: JSON, gzip-compressed (no timestamp), in base64 (ASCII bytes:
    the page is written as bytes, and a copy as text would cost the size of the page again)."""
    raw = orjson.dumps(catalog, option=orjson.OPT_SERIALIZE_NUMPY)
    # The gzip format (header without a timestamp, deflate stream, CRC and size), as gzip.compress writes it.
    packer = _deflate.compressobj(_GZIP_LEVEL, _deflate.DEFLATED, 16 + _deflate.MAX_WBITS)
    return base64.b64encode(packer.compress(raw) + packer.flush())


def _flags(graph, scope):
    """Each organization's :data:`FLAG_BITS`."""
    orgs, findings = graph.orgs, graph.findings
    flags = (np.where(_true(orgs["key"]), FLAG_BITS["key"], 0) | np.where(findings.open, FLAG_BITS["open"], 0)
             | np.where(findings.improvement, FLAG_BITS["improvement"], 0) | np.where(scope, FLAG_BITS["scope"], 0)
             | np.where(_true(orgs["has_union"]), FLAG_BITS["union"], 0)
             | np.where(_true(orgs["has_youth_league"]), FLAG_BITS["youth"], 0)
             | np.where(_true(orgs["has_womens_org"]), FLAG_BITS["women"], 0))
    return flags.astype(np.int64)


def _listed_links(links, ends, listed):
    """`links` and `ends` (:func:`_unit_links`) of the organizations at positions `listed` only."""
    starts = np.concatenate([[0], ends[:-1]])[listed]
    counts = ends[listed] - starts
    # each listed organization's pairs, in turn: its start, then one more for each of its pairs
    pairs = np.repeat(starts - np.cumsum(np.concatenate([[0], counts[:-1]])), counts) + np.arange(int(counts.sum()))
    return links.reshape(-1, 2)[pairs].ravel(), np.cumsum(counts)


def _stated_ids(ids, codes, names):
    """The node ids to state, None where it is the prefix and the credit code (or the name, without one).

    Nearly every id is, and a million of them spelled out would double what the page carries.
    """
    keys = np.where(codes != "", codes, names).astype(object)
    try:
        derived = _ID_PREFIX + keys
    except TypeError:  # a name that is not text (none in a validated workbook): one by one
        derived = np.empty(len(keys), dtype=object)
        derived[:] = [_ID_PREFIX + key if isinstance(key, str) else float("nan") for key in keys.tolist()]
    return np.where(ids == derived, None, ids).tolist()


def _factorized(column):
    """Per row the number of its value (-1 for none), and the values in order of first appearance."""
    codes, uniques = factorize(column)
    return codes.astype(np.int64), [str(value) for value in uniques]


def _true(column):
    if column.dtype == bool:
        return column.to_numpy()
    return column.astype(object).eq(True).to_numpy(dtype=bool)


def _whole(column):
    """A count column as int numbers (0 where empty)."""
    return pd.to_numeric(column, errors="coerce").fillna(0).to_numpy(dtype=np.int64)


def _unit_links(graph):
    """The role headings, the flat ``[role, unit, …]`` numbers of every organization in turn, where
    each organization's pairs end, and the unit names.

    An organization's units are by role, each role's in the order of its table, every (role, unit)
    once; units are numbered in the order they first appear.
    """
    roles = responsible_roles(graph)
    positions, role_numbers, names = [], [], []
    for number, (table, column, org_rows) in enumerate(roles.values()):
        given_names = object_column(table, column)
        given = (np.asarray(org_rows) >= 0) & ~pd.isna(given_names)
        positions.append(np.asarray(org_rows, dtype=np.int64)[given])
        role_numbers.append(np.full(int(given.sum()), number, dtype=np.int64))
        names.append(given_names[given])
    position, role = np.concatenate(positions), np.concatenate(role_numbers)
    unit, unit_names = pd.factorize(np.concatenate(names)) if len(position) else (np.array([], np.int64), [])
    unit = unit.astype(np.int64)
    # Each (organization, role, unit) once, where it first appears; then by organization and role.
    _, first = np.unique((position * len(roles) + role) * max(len(unit_names), 1) + unit, return_index=True)
    kept = np.sort(first)
    kept = kept[np.lexsort((role[kept], position[kept]))]
    position, role, unit = position[kept], role[kept], unit[kept]
    # Units numbered in order of first appearance.
    appearing, first_at = np.unique(unit, return_index=True)
    order = appearing[np.argsort(first_at)]
    number = np.zeros(len(unit_names), dtype=np.int64)
    number[order] = np.arange(len(order))
    links = np.column_stack([role, number[unit]]).ravel()
    ends = np.cumsum(np.bincount(position, minlength=graph.n))
    return list(roles), links, ends, [str(unit_names[i]) for i in order]
