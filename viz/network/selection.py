"""Which nodes one network page draws: the district, one street or one unit, under a cap.

A whole district is too big to draw node by node, so the default view aggregates: streets and
communities carry counts, the responsible units are drawn, and only the organizations with
findings are drawn one by one, most serious first (:mod:`~liangxin.viz.network.priority`), up to
``max_nodes``. ``street=`` or ``unit=`` draws one street or one unit in full instead.

Examples
--------
张伟 is attached to C, D, A and E (tests/test_handmade.py, EXPECTED_OVERLOADED):

>>> from liangxin.viz.network.lookups import GraphLookups
>>> graph = GraphLookups(result)
>>> chosen = select(graph, None, resolve_unit(graph, "张伟"), DEFAULT_MAX_NODES)
>>> chosen.mode, len(chosen.taken), chosen.omitted
('unit', 4, 0)
"""

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

import liangxin.settings as settings
from liangxin.errors import LiangxinInputError
from liangxin.graph.network import community_node_id, node_id
from liangxin.settings import NETWORK_MAX_NODES
from liangxin.text import name_key, normalize_place
from liangxin.viz.network.kinds import UNIT_KINDS, UNIT_LINK_TYPES
from liangxin.viz.network.priority import priority_order

__all__ = ["DEFAULT_MAX_NODES", "Selection", "select", "resolve_street", "resolve_unit"]

#: Past a few thousand nodes vis-network stops being fluid on an office PC.
DEFAULT_MAX_NODES = NETWORK_MAX_NODES


@dataclass
class Selection:
    """What one view draws.

    Attributes
    ----------
    fixed : list of str
        The node ids drawn whatever the cap leaves: the district, places and units of the view.
    taken : ndarray of int
        Positions of the organizations drawn, in priority order.
    brought : list of str
        The node ids the organizations drawn bring (their units, Party organizations, places).
    mode : str
        ``district``, ``street`` or ``unit``.
    omitted : int
        Organizations of the view the cap left out.
    cut : int
        Fixed nodes the cap left out.
    scope : ndarray of bool
        The organizations of the view, drawn or not (a mask over the positions): all of them in
        the district view, the street's or the unit's otherwise.
    folded : dict of str to int
        The district view of a large scope (:data:`~liangxin.settings.NETWORK_PLACES_SHARE`):
        ``community``, ``unit`` (without a finding) and ``flagged_unit`` (overloaded or idle) →
        how many of them are drawn only with the organizations drawn (instructors, drawn in
        their supervisory unit, not counted); empty when all are drawn.
    """

    fixed: list
    taken: np.ndarray
    brought: list
    mode: str
    omitted: int
    cut: int
    scope: np.ndarray = None
    folded: dict = field(default_factory=dict)


def resolve_street(graph, street):
    """The street named `street` (``平湖`` or ``平湖街道``), as 街道社区 writes it.

    Raises
    ------
    LiangxinInputError
        No such street.
    """
    wanted = normalize_place(pd.Series([street], dtype=object), "街道").iloc[0]
    streets = graph.network.node_tables["street"]["name"].tolist()
    if wanted not in streets:
        raise LiangxinInputError(
            f"找不到街道“{street}”：台账“街道社区”工作表中没有它。已有街道：{'、'.join(sorted(streets))}")
    return wanted


def resolve_unit(graph, unit):
    """Node ids named `unit`: a leader, department, supervisory unit, mass organization or instructor.

    Raises
    ------
    LiangxinInputError
        `unit` is empty or names no unit (the message lists close names).
    """
    key = name_key(pd.Series([unit], dtype=object)).iloc[0]
    if key is None:
        raise LiangxinInputError("--unit 不能为空：请写区领导、区直机关、业务主管单位、党建工作指导员或群团组织的名称")
    units = pd.concat([graph.network.node_tables[k][["id", "name"]] for k in UNIT_KINDS], ignore_index=True)
    units = units.drop_duplicates("id")
    own_key = units["id"].str.split(":", n=1).str[1]
    instructor_key = own_key.str.rsplit("/", n=1).str[-1]
    is_instructor = units["id"].str.startswith(node_id("instructor", ""))
    found = units.loc[own_key.eq(key) | (is_instructor & instructor_key.eq(key)), "id"]
    if len(found):
        return found.tolist()
    import difflib

    close = difflib.get_close_matches(str(unit), units["name"].dropna().unique().tolist(), n=5, cutoff=0.5)
    hint = f"相近的名称：{'、'.join(close)}" if close else "请检查名称是否与台账一致"
    raise LiangxinInputError(f"找不到单位“{unit}”：台账中没有这个区领导、区直机关、业务主管单位、"
                             f"党建工作指导员或群团组织。{hint}")


def select(graph, street, unit_ids, max_nodes):
    """Decide what to draw: the fixed nodes (district, places, units) first, then organizations in
    priority order with what they bring, while all fits in `max_nodes`.

    Parameters
    ----------
    graph : GraphLookups
    street : str or None
        A street as :func:`resolve_street` returns it.
    unit_ids : list of str
        Unit node ids as :func:`resolve_unit` returns them (empty: no unit).
    max_nodes : int

    Returns
    -------
    Selection
    """
    folded = {}
    if unit_ids:
        mode, (mask, fixed) = "unit", _unit_scope(graph, street, unit_ids)
    elif street is not None:
        mode, (mask, fixed) = "street", _street_scope(graph, street)
    else:
        mode, (mask, fixed, folded) = "district", _district_scope(graph, max_nodes)
    scope = mask if mode != "district" else np.ones(graph.n, dtype=bool)
    fixed = list(dict.fromkeys(fixed))
    cut = max(0, len(fixed) - max_nodes)
    fixed = fixed[:max_nodes]
    positions = priority_order(graph, mask)
    # Every organization costs at least one node: only the first `budget` can be taken.
    budget = max_nodes - len(fixed)
    candidates = positions[:max(budget, 0)]
    order = graph.org_node[candidates]
    dependents = _dependents(graph, mode, candidates, order, fixed, folded)
    taken, brought = _take_within_budget(order, dependents, budget)
    return Selection(fixed, candidates[:len(taken)], brought, mode, len(positions) - len(taken), cut, scope, folded)


def _district(graph):
    return graph.network.node_tables["district"]["id"].tolist()


def _in_street(graph, street):
    """Which organizations are in `street` (a mask over the positions)."""
    rows = np.flatnonzero(graph.street_ids == node_id("street", street))
    return np.isin(graph.org_street_row, rows) if len(rows) else np.zeros(graph.n, dtype=bool)


def _unit_scope(graph, street, unit_ids):
    """The organizations of the units (in `street`, if given) and the fixed nodes of a unit view."""
    mask = _unit_orgs(graph, unit_ids)
    if street is not None:
        mask &= _in_street(graph, street)
    stations = graph.edges_of("STATIONED_IN")
    stationed = stations.loc[stations["source"].isin(unit_ids), "target"]
    if street is not None:
        stationed = stationed[stationed == node_id("street", street)]
    appoints = graph.edges_of("APPOINTS")
    appointed = appoints.loc[appoints["source"].isin(unit_ids), "target"]
    return mask, _district(graph) + list(dict.fromkeys(unit_ids)) + sorted(set(stationed)) + appointed.tolist()


def _street_scope(graph, street):
    """The organizations of `street`, and the fixed nodes of a street view: the street, its communities
    and the departments stationed in it (驻街保建: its STATIONED_IN edges are drawn with them)."""
    communities = graph.network.node_tables["community"]
    street_node = node_id("street", street)
    stations = graph.edges_of("STATIONED_IN")
    stationed = stations.loc[stations["target"] == street_node, "source"].tolist()
    fixed = (_district(graph) + [street_node] + communities.loc[communities["street"] == street, "id"].tolist()
             + stationed)
    return _in_street(graph, street), fixed


def _district_scope(graph, max_nodes):
    """The organizations with findings, the fixed nodes of the district view, and what it folds.

    Every place and unit is fixed, except the instructors: only the overloaded or idle ones. Where
    that is more than :data:`~liangxin.settings.NETWORK_PLACES_SHARE` of `max_nodes` (a city) and
    more than the organizations with findings leave, the communities, then the units without a
    finding, then those with one, are folded, in that order, until the rest fits: they are drawn
    only with the organizations drawn (see :func:`_dependents`; an idle unit, with none, is not).

    Examples
    --------
    The hand-made workbook's district, 4 streets, 6 communities and 9 units are 20 nodes, and its
    11 organizations with findings need 11 more. Under a cap of 20, past half of it (10) and past
    the 9 the organizations leave, the 6 communities, then the 5 units without an overload or idle
    finding, are folded: the district, the streets and 张伟, 刘洋, 区民政局 (overloaded) and 区司法局
    (idle) stay, 9 nodes. A cap of 31 holds all 31: nothing is folded.

    >>> from liangxin.viz.network.lookups import GraphLookups
    >>> graph = GraphLookups(result)
    >>> _, fixed, folded = _district_scope(graph, 20)
    >>> folded, len(set(fixed))  # 区民政局 twice: a department and the supervisory unit, one node
    ({'community': 6, 'unit': 5}, 9)
    >>> _district_scope(graph, 31)[2]
    {}
    """
    nt = graph.network.node_tables
    flagged_units = graph.unit_overloaded | graph.unit_idle
    flagged = set(flagged_units.index[flagged_units.to_numpy(dtype=bool)])
    instructors = nt["instructor"]["id"]
    units = pd.concat([nt[k]["id"] for k in UNIT_KINDS if k != "instructor"]).tolist()
    communities = nt["community"]["id"].tolist()
    fixed = (_district(graph) + nt["street"]["id"].tolist() + communities + units
             + instructors[instructors.isin(flagged)].tolist())
    mask = graph.findings.any.copy()
    # Room for the places and units: the share of the cap, or all that the organizations with
    # findings leave when they would all fit beside them (then nothing is folded for nothing).
    room, left = max(int(max_nodes * settings.NETWORK_PLACES_SHARE), max_nodes - int(mask.sum())), set(fixed)
    folded, merged = {}, set(instructors)  # an instructor is drawn in its supervisory unit: not counted
    for name, nodes in (("community", set(communities)), ("unit", set(units) - flagged), ("flagged_unit", flagged)):
        if len(left) > room and nodes & left:
            folded[name] = len((nodes & left) - merged)
            left -= nodes
    return mask, [node for node in fixed if node in left], folded


def _unit_orgs(graph, unit_ids):
    """Positions of the organizations the units answer for, directly or through their instructors."""
    appoints = graph.edges_of("APPOINTS")
    instructors = appoints.loc[appoints["source"].isin(unit_ids), "target"]
    sources = set(unit_ids) | set(instructors)
    mask = np.zeros(graph.n, dtype=bool)
    for edge_type, edges in graph.links.items():
        rows = graph.link_pos[edge_type][edges["source"].isin(sources).to_numpy()]
        mask[rows[rows >= 0]] = True
    return mask


def _dependents(graph, mode, candidates, order, fixed, folded=None):
    """``org, node`` pairs: drawing the organization (a node id of `order`) also draws the node.

    In the district view none (its places and units are all fixed), but what it `folded`: an
    organization's community, or its units (an instructor's through its supervisory unit); the
    units and Party organizations in the others, and in a unit view also the organization's
    street and community.
    """
    if mode == "district":
        folded = folded or {}
        pairs = [_places_of(graph, candidates, order)] if "community" in folded else []
        if "unit" in folded or "flagged_unit" in folded:  # the instructors as the view shows them: in their unit
            units = _unit_neighbours(graph, order, candidates)
            pairs.append(units[~units["node"].str.startswith((node_id("instructor", ""), node_id("party_org", "")))])
        if not pairs:
            return pd.DataFrame({"org": pd.Series(dtype=object), "node": pd.Series(dtype=object)})
        dependents = pd.concat(pairs, ignore_index=True)
        return dependents[~dependents["node"].isin(fixed)]
    dependents = _unit_neighbours(graph, order, candidates)
    if mode == "unit":
        dependents = pd.concat([_places_of(graph, candidates, order), dependents], ignore_index=True)
    return dependents[~dependents["node"].isin(fixed)]


def _places_of(graph, candidates, order):
    """``org, node`` pairs: the community and street nodes of the organizations (only the places
    of the organizations drawn are drawn in a unit view)."""
    nt = graph.network.node_tables
    orgs = graph.orgs.take(candidates)
    community = community_node_id(orgs["street"].fillna(""), orgs["community"].fillna("")).to_numpy(dtype=object)
    street_node = node_id("street", orgs["street"]).where(orgs["street"].notna(), None).to_numpy(dtype=object)
    places = pd.concat([pd.DataFrame({"org": order, "node": community}),
                        pd.DataFrame({"org": order, "node": street_node})], ignore_index=True)
    known = pd.concat([nt["community"]["id"], nt["street"]["id"]])
    return places[places["node"].isin(known)]


def _unit_neighbours(graph, org_node_ids, positions):
    """(organization, node) pairs: every unit and Party organization linked to the organizations
    (node ids `org_node_ids`, at `positions`).

    An instructor brings the supervisory unit that appoints it. The unit links are picked by
    their organizations' positions (a million links each: integers, not their ids, compared).
    """
    wanted = set(org_node_ids)
    is_wanted = np.zeros(graph.n + 1, dtype=bool)  # the last entry: a link to no known organization
    is_wanted[np.asarray(positions, dtype=np.int64)] = True
    linked = [e[is_wanted[graph.link_pos[t]]] if t in graph.link_pos else e[e["target"].isin(wanted)]
              for t, e in graph.network.edge_tables.items() if t in UNIT_LINK_TYPES + ("COVERS",)]
    linked = pd.concat(linked, ignore_index=True) if linked else graph.edges_of(None)
    pairs = pd.DataFrame({"org": linked["target"].to_numpy(dtype=object),
                          "node": linked["source"].to_numpy(dtype=object)})
    appoints = graph.edges_of("APPOINTS")
    sup_of = pd.Series(appoints["source"].to_numpy(dtype=object), index=appoints["target"].to_numpy(dtype=object))
    guided = pairs[pairs["node"].str.startswith(node_id("instructor", ""))]
    via = pd.DataFrame({"org": guided["org"].to_numpy(dtype=object),
                        "node": guided["node"].map(sup_of).to_numpy(dtype=object)})
    return pd.concat([pairs, via.dropna()], ignore_index=True)


def _take_within_budget(order, dependents, budget):
    """Take organizations in `order` while they and the nodes they bring fit in `budget`.

    Parameters
    ----------
    order : ndarray of str
        Organization node ids, most important first.
    dependents : DataFrame
        ``org, node`` pairs: drawing the organization also draws the node.
    budget : int

    Returns
    -------
    taken : ndarray of str
    brought : list of str

    Examples
    --------
    Each organization costs one node plus the nodes it is the first to bring:

    >>> pairs = pd.DataFrame({"org": ["a", "b", "c"], "node": ["u", "u", "v"]})
    >>> _take_within_budget(np.array(["a", "b", "c"], dtype=object), pairs, 4)
    (array(['a', 'b'], dtype=object), ['u'])
    """
    if budget <= 0 or not len(order):
        return order[:0], []
    rank = pd.Series(np.arange(len(order)), index=order)
    first_needed = dependents.assign(rank=dependents["org"].map(rank)).dropna(subset=["rank"])
    first_needed = first_needed.groupby("node")["rank"].min().astype(int)
    new_nodes = np.bincount(first_needed.to_numpy(), minlength=len(order))
    cost = np.arange(1, len(order) + 1) + np.cumsum(new_nodes)
    taken = int(np.searchsorted(cost, budget, side="right"))
    return order[:taken], first_needed.index[first_needed < taken].tolist()
