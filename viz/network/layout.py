"""Where each node stands: a radial district → street → community tree, organizations in discs.

The layout is computed here; the browser's physics only relaxes the places and units a little
and then freezes. Every community (or the street or district that loose organizations hang
from) gets a disc of its organizations, spaced around a ring in street order; a street stands
among its communities, and units and Party organizations stand near what they are linked to.

Examples
--------
>>> nodes = [{"id": "district:区", "kind": "district"}, {"id": "street:甲", "kind": "street"},
...          {"id": "community:甲/乙", "kind": "community"}, {"id": "org:1", "kind": "organization"}]
>>> edges = [{"from": "district:区", "to": "street:甲", "type": "HAS_STREET"},
...          {"from": "street:甲", "to": "community:甲/乙", "type": "HAS_COMMUNITY"},
...          {"from": "community:甲/乙", "to": "org:1", "type": "HOSTS"}]
>>> layout(nodes, edges)  # one small disc: the smallest ring
500.0

One street drawn in full takes the centre; the district stands 0.4 ring above it:

>>> (nodes[1]["x"], nodes[1]["y"]), (nodes[0]["x"], nodes[0]["y"])
((0.0, 0.0), (0.0, -200.0))
"""

import math
import zlib

import numpy as np

from liangxin.viz.network.kinds import BREAK_EDGE, FONT_SIZE, LABEL_RING

__all__ = ["layout", "label_sizes", "ORG_SPACING"]

#: Distance between neighbouring organizations in a disc.
ORG_SPACING = 34.0
#: Edges from a node's parent in the tree of places.
_TREE_TYPES = ("HAS_STREET", "HAS_COMMUNITY", "HOSTS", BREAK_EDGE["type"])


def layout(nodes, edges):
    """Set ``x, y`` on every node: a radial district → street → community tree, organizations in discs.

    Units sit between the places they answer for. The browser only relaxes this a little.
    Returns the radius of the ring of communities.
    """
    by_id = {n["id"]: n for n in nodes}
    parent = {edge["to"]: edge["from"] for edge in edges if edge["type"] in _TREE_TYPES}
    roots = [n["id"] for n in nodes if n["kind"] == "district"]
    streets = [n["id"] for n in nodes if n["kind"] == "street"]
    if not roots:
        roots = streets
    groups = _disc_groups(nodes, by_id, parent, roots, streets)
    position = {r: (0.0, 0.0) for r in roots}
    ring, angle_of = _place_discs(groups, by_id, parent, position)
    _place_streets(streets, roots, ring, angle_of, position)
    _place_the_rest(nodes, edges, ring, position)
    for node in nodes:
        x, y = position[node["id"]]
        node["x"], node["y"] = round(float(x), 1), round(float(y), 1)
    return ring


def _disc_groups(nodes, by_id, parent, roots, streets):
    """Groups of organizations that share a disc: ``(community, or the street or district they hang
    from; [organizations])``, street by street, then the communities without organizations."""
    children = {}
    for child, up in parent.items():
        children.setdefault(up, []).append(child)
    groups = []
    for place in streets + [r for r in roots if r not in streets]:
        kids = children.get(place, [])
        for community in [k for k in kids if by_id[k]["kind"] == "community"]:
            groups.append((community, [o for o in children.get(community, []) if by_id[o]["kind"] == "organization"]))
        direct = [k for k in kids if by_id[k]["kind"] == "organization"]
        if direct:
            groups.append((place, direct))
    placed_communities = {g[0] for g in groups}
    for community in [n["id"] for n in nodes if n["kind"] == "community" and n["id"] not in placed_communities]:
        groups.append((community, []))
    return groups


def _place_discs(groups, by_id, parent, position):
    """Place the discs around the ring (and each community inside its disc's angle).

    Returns the ring's radius, and per street (or anchor) the angles of its discs.
    """
    disc = [ORG_SPACING * 0.55 * math.sqrt(len(orgs) + 0.5) + ORG_SPACING for _, orgs in groups]
    widths = [2 * r + ORG_SPACING for r in disc]
    ring = max(500.0, sum(widths) / (2 * math.pi))
    angle_of = {}
    start = 0.0
    for (anchor, orgs), r, width in zip(groups, disc, widths):
        theta = 2 * math.pi * (start + width / 2) / sum(widths)
        start += width
        cx, cy = (ring + r) * math.cos(theta), (ring + r) * math.sin(theta)
        xs, ys = _sunflower(len(orgs), ORG_SPACING)
        for org, x, y in zip(orgs, xs, ys):
            position[org] = (cx + x, cy + y)
        if by_id[anchor]["kind"] == "community":
            position[anchor] = (0.8 * ring * math.cos(theta), 0.8 * ring * math.sin(theta))
        angle_of.setdefault(parent.get(anchor, anchor) if by_id[anchor]["kind"] == "community" else anchor,
                            []).append(theta)
    return ring, angle_of


def _place_streets(streets, roots, ring, angle_of, position):
    """Each street at the mean angle of its discs; one street drawn in full takes the centre."""
    if len(streets) == 1 and streets[0] not in roots:
        # One street drawn in full: it takes the centre, the district stands above it.
        position[streets[0]] = (0.0, 0.0)
        for root in roots:
            position[root] = (0.0, -0.4 * ring)
        return
    for street in streets:
        thetas = angle_of.get(street)
        theta = math.atan2(np.mean(np.sin(thetas)), np.mean(np.cos(thetas))) if thetas else 0.0
        if street not in roots:
            position[street] = (0.45 * ring * math.cos(theta), 0.45 * ring * math.sin(theta))


def _place_the_rest(nodes, edges, ring, position):
    """Everything else (units, Party organizations) goes where its drawn neighbours are."""
    neighbours = {}
    for edge in edges:
        neighbours.setdefault(edge["from"], []).append(edge["to"])
        neighbours.setdefault(edge["to"], []).append(edge["from"])
    rest = [n for n in nodes if n["id"] not in position]
    # Instructors and Party organizations first: a supervisory unit then stands among its instructors.
    rest.sort(key=lambda n: n["kind"] not in ("instructor", "party_org"))
    for node in rest:
        near = [position[m] for m in neighbours.get(node["id"], []) if m in position]
        if near:
            x, y = np.mean(near, axis=0)
            jitter = (_hash_fraction(node["id"]) - 0.5) * 0.3
            if node["kind"] in ("instructor", "party_org"):
                position[node["id"]] = (x * 0.95 + jitter * 60, y * 0.95 - jitter * 60)
            else:
                theta = math.atan2(y, x) + jitter
                radius = ring * (0.55 + 0.25 * _hash_fraction(node["id"][::-1]))
                position[node["id"]] = (radius * math.cos(theta), radius * math.sin(theta))
        else:
            theta = 2 * math.pi * _hash_fraction(node["id"])
            position[node["id"]] = (1.5 * ring * math.cos(theta), 1.5 * ring * math.sin(theta))


def label_sizes(nodes, ring):
    """Give places labels big enough to read with the whole view in sight, whatever its size.

    Sets ``fontSize`` on the district, streets and communities: :data:`~liangxin.viz.network.kinds.FONT_SIZE`
    on a ring of :data:`~liangxin.viz.network.kinds.LABEL_RING`, smaller on a smaller ring, never below 16.

    Examples
    --------
    >>> nodes = [{"kind": "street"}, {"kind": "community"}, {"kind": "organization"}]
    >>> label_sizes(nodes, 1750.0)
    >>> [node.get("fontSize") for node in nodes]
    [75, 20, None]
    """
    scale = float(np.clip(ring / LABEL_RING, 0.2, 1.0))
    for node in nodes:
        if node["kind"] in FONT_SIZE:
            node["fontSize"] = round(max(16.0, FONT_SIZE[node["kind"]] * scale))


def _sunflower(n, spacing):
    """`n` points filling a disc evenly (Vogel's spiral), centred on the origin."""
    index = np.arange(n) + 0.5
    radius = spacing * 0.55 * np.sqrt(index)
    angle = index * math.pi * (3 - math.sqrt(5))
    return radius * np.cos(angle), radius * np.sin(angle)


def _hash_fraction(text):
    """A stable number in [0, 1) from `text` (Python's ``hash`` changes between runs).

    Examples
    --------
    >>> 0 <= _hash_fraction("unit:区民政局") < 1
    True
    """
    return zlib.crc32(str(text).encode("utf-8")) / 2**32
