"""How the network page draws each kind of node, relationship and finding.

The node and edge kinds themselves are :mod:`liangxin.graph.schema`'s; this adds what only the
page needs: which kinds are places and which are responsible units, the two edge types the page
draws beyond the schema's, how findings are marked, and the sizes and fonts of the drawing.

Examples
--------
>>> UNIT_KINDS
('leader', 'department', 'supervisory_unit', 'instructor', 'mass_org')
>>> BREAK_EDGE["type"], AGGREGATE_EDGE["type"]
('BREAK', 'AGGREGATE')
"""

from liangxin.graph.schema import EDGE_KINDS, NODE_KINDS

__all__ = [
    "HIERARCHY_KINDS",
    "UNIT_KINDS",
    "UNIT_LINK_TYPES",
    "BREAK_EDGE",
    "AGGREGATE_EDGE",
    "FINDING_STYLE",
    "BASE_SIZE",
    "FONT_SIZE",
    "LABEL_RING",
    "PHYSICS_KINDS",
    "FONT_STACK",
]

#: The places, from the district down to the organization.
HIERARCHY_KINDS = ("district", "street", "community", "organization")
#: The responsible units (every node kind that is neither a place nor a Party organization).
UNIT_KINDS = tuple(kind for kind in NODE_KINDS if kind not in HIERARCHY_KINDS and kind != "party_org")
#: Edges from a responsible unit to an organization (ATTACHED_TO, CONTACTS, ...).
UNIT_LINK_TYPES = tuple(t for t, e in EDGE_KINDS.items() if e.target == "organization" and e.source in UNIT_KINDS)
#: Edge types the page draws beyond graph.schema's: a missing link in the chain, and the
#: organizations of a unit that are not drawn, summed per street.
BREAK_EDGE = {"type": "BREAK", "label_zh": "责任链断点"}
AGGREGATE_EDGE = {"type": "AGGREGATE", "label_zh": "未单独绘出的组织"}

#: How findings are marked on top of the node kind's own colour and shape. ``uncovered`` is 未覆盖:
#: open organizations only; ``improvement`` the 提升项; NO_RESPONSIBLE_UNIT and KEY_NO_LEADER
#: have their own marks (``no_unit``, ``key_no_leader``).
FINDING_STYLE = {
    "no_unit": {"background": "#581c87", "label_zh": "无责任主体（深紫填充）"},
    "key_no_leader": {"shape": "diamond", "label_zh": "重点难点未挂点（菱形）"},
    "uncovered": {"background": "#e11d48", "label_zh": "未覆盖组织（红色填充）"},
    "improvement": {"background": "#fda4af", "label_zh": "提升项（浅红填充）"},
    "chain": {"border": "#f59e0b", "label_zh": "责任链断点（橙色虚线边框）"},
    "overloaded": {"border": "#be123c", "label_zh": "超负荷单位（放大，标注负荷/容量）"},
    "idle": {"border": "#6b7280", "label_zh": "未落实单位（灰色虚线边框）"},
}

#: Size of a node of each kind (vis-network's ``size``; kinds not listed: 12).
BASE_SIZE = {"district": 70, "street": 55, "community": 22, "organization": 9, "party_org": 9, "leader": 18,
             "department": 14, "supervisory_unit": 14, "instructor": 12, "mass_org": 16}
#: Streets and communities keep readable labels when the whole district is in view: their font
#: size at a ring of communities of radius :data:`LABEL_RING`, scaled down on smaller rings.
FONT_SIZE = {"district": 170, "street": 150, "community": 40}
LABEL_RING = 3500.0
#: Kinds the browser's physics moves; organizations and Party organizations stay where they are laid out.
PHYSICS_KINDS = ("district", "street", "community") + UNIT_KINDS
#: Chinese fonts of Windows, macOS and Linux desktops, in that order.
FONT_STACK = ('"Microsoft YaHei", "微软雅黑", "PingFang SC", "Noto Sans CJK SC", "Noto Sans SC", '
              '"Source Han Sans SC", "WenQuanYi Micro Hei", SimHei, sans-serif')
