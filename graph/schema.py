"""The node and edge schema of the responsibility network, declared as data.

This is the one place that says which kinds of node and relationship exist, and which
values an organization's ``kind`` and ``status`` take. Graph validation, the Neo4j labels
and relationship types, and the colours of the network view all read it (DOMAIN.md, "The
graph"); so do the Chinese label tables of :mod:`liangxin.queries.labels`, which derive
node kinds, roles, organization kinds and statuses from the names declared here.
"""

from dataclasses import dataclass

__all__ = [
    "NodeKind",
    "EdgeKind",
    "NODE_KINDS",
    "EDGE_KINDS",
    "UNIT_ROLES",
    "Term",
    "ORG_KINDS",
    "PARTY_ORG_STATUSES",
    "node_kind",
    "edge_kind",
]


@dataclass(frozen=True)
class NodeKind:
    """One kind of node: its key, its Chinese name, how it is drawn and how its id begins.

    A node's id is ``id_prefix + ":" + key``. Departments, supervisory units and mass
    organizations share the prefix ``unit``: one real unit is one node, whatever its roles.
    """

    kind: str
    label_zh: str
    neo4j_label: str
    key: str
    color: str
    shape: str
    id_prefix: str


@dataclass(frozen=True)
class EdgeKind:
    """One kind of relationship, always from ``source`` kind to ``target`` kind."""

    type: str
    source: str
    target: str
    label_zh: str


@dataclass(frozen=True)
class Term:
    """One value a node property takes (an organization's kind or status) and its Chinese name."""

    code: str
    label_zh: str


_NODES = (
    NodeKind("district", "区", "District", "name", "#7f1d1d", "star", "district"),
    NodeKind("street", "街道", "Street", "name", "#b91c1c", "hexagon", "street"),
    NodeKind("community", "社区", "Community", "street + name", "#f97316", "triangle", "community"),
    NodeKind("organization", "两新组织", "Organization", "credit code, else name", "#2563eb", "dot", "org"),
    NodeKind("party_org", "党组织", "PartyOrg", "name", "#dc2626", "diamond", "party_org"),
    NodeKind("leader", "区领导", "Leader", "name", "#7c3aed", "star", "leader"),
    NodeKind("department", "区直机关", "Department", "name", "#059669", "box", "unit"),
    NodeKind("supervisory_unit", "业务主管单位", "SupervisoryUnit", "name", "#0d9488", "box", "unit"),
    NodeKind("instructor", "党建工作指导员", "Instructor", "supervisory unit + name", "#65a30d", "ellipse", "instructor"),
    NodeKind("mass_org", "群团组织", "MassOrg", "name", "#db2777", "square", "unit"),
)

_EDGES = (
    EdgeKind("HAS_STREET", "district", "street", "下辖街道"),
    EdgeKind("HAS_COMMUNITY", "street", "community", "下辖社区"),
    EdgeKind("HOSTS", "community", "organization", "辖区组织"),
    EdgeKind("COVERS", "party_org", "organization", "党组织覆盖"),
    EdgeKind("ATTACHED_TO", "leader", "organization", "挂点促建"),
    EdgeKind("STATIONED_IN", "department", "street", "驻街保建"),
    EdgeKind("CONTACTS", "department", "organization", "直接联系"),
    EdgeKind("SUPERVISES", "supervisory_unit", "organization", "主管包建"),
    EdgeKind("APPOINTS", "supervisory_unit", "instructor", "选派指导员"),
    EdgeKind("GUIDES", "instructor", "organization", "指导"),
    EdgeKind("CO_BUILDS", "mass_org", "organization", "党群共建"),
)

NODE_KINDS = {node.kind: node for node in _NODES}
EDGE_KINDS = {edge.type: edge for edge in _EDGES}

#: An organization's kind and Party-organization status: code → :class:`Term` (Chinese name as users see it).
ORG_KINDS = {t.code: t for t in (Term("enterprise", "非公企业"), Term("social_org", "社会组织"))}
PARTY_ORG_STATUSES = {t.code: t for t in (Term("standalone", "单独组建"), Term("joint", "联合组建"),
                                          Term("none", "未组建"))}

#: Responsible-unit roles that carry a load (RULES.md), in report order.
UNIT_ROLES = ("leader", "department", "supervisory_unit", "instructor")


def node_kind(kind):
    """Return the :class:`NodeKind` called `kind`.

    Examples
    --------
    >>> node_kind("street").label_zh
    '街道'
    """
    try:
        return NODE_KINDS[kind]
    except KeyError:
        raise KeyError(f"unknown node kind {kind!r}; known: {', '.join(NODE_KINDS)}") from None


def edge_kind(edge_type):
    """Return the :class:`EdgeKind` called `edge_type`.

    Examples
    --------
    >>> edge_kind("GUIDES").source
    'instructor'
    """
    try:
        return EDGE_KINDS[edge_type]
    except KeyError:
        raise KeyError(f"unknown edge type {edge_type!r}; known: {', '.join(EDGE_KINDS)}") from None
