"""Rebalancing (负荷调整建议): moves of open organizations from overloaded units to light ones.

:func:`rebalance_units` offers, for each overloaded unit, its open organizations one at a time
to a light unit of the same street or field. The loads before and after each move are the load
rule's (:func:`liangxin.queries.loads.attribute_loads`) on the unit links with the moves made so
far: the greedy pass edits the links (relinks an organization, adds a direct contact, releases
an instructor) and asks the rule again, so its running loads are the rule's, never a copy.
"""

import dataclasses
import logging
from types import SimpleNamespace

import numpy as np
import pandas as pd

from liangxin.graph.network import node_id
from liangxin.queries.loads import attribute_loads, load_links, unit_loads
from liangxin.queries.scope import organization_scope
from liangxin.queries.labels import MOVE_ZH

__all__ = ["rebalance_units", "Rebalancing", "MOVE_ZH"]

log = logging.getLogger(__name__)

_REASON = {
    "leader": "改由“{to}”挂点促建",
    "department_contact": "移交驻{street}的“{to}”直接联系",
    "department_pool": "由驻{street}的“{to}”直接联系（原由驻街各机关分担，各机关分担量随之减少）",
    "supervisory_unit": "改由同样主管{industry}类社会组织的“{to}”主管，并由其另派党建工作指导员",
    "instructor": "改由同属“{unit}”的指导员“{to}”指导",
}


@dataclasses.dataclass
class Rebalancing:
    """Suggested moves of open organizations from overloaded units to light ones.

    Attributes
    ----------
    moves : DataFrame
        One row per move, in the order decided: ``seq, kind`` (role), ``how`` (see
        :data:`MOVE_ZH`), ``how_zh``, ``from_unit, to_unit, supervisory_unit`` (instructors'),
        ``org_id, name, street, community, industry, open``, ``from_load_before,
        from_load_after, to_load_before, to_load_after`` (after this move, by the load rules),
        ``from_capacity, to_capacity``, ``reason``.
    units : DataFrame
        Every unit whose load changes or that was overloaded: ``kind, unit, supervisory_unit,
        node_id, load_before, load_after`` (recomputed with :func:`liangxin.queries.loads.unit_loads` on the
        tables with every move applied), ``capacity, overloaded_before, overloaded_after,
        moves_out, moves_in, note``.
    """

    moves: pd.DataFrame
    units: pd.DataFrame



class _Ledger:
    """The unit links as the moves leave them, the loads the rule gives them, and the moves made.

    Units are named by a ledger key, ``kind|node_id`` (one per row of ``analysis.loads``).
    """

    def __init__(self, analysis):
        network, loads = analysis.network, analysis.loads
        self.keys = (loads["kind"] + "|" + loads["node_id"]).to_numpy(dtype=object)
        self.row = {key: i for i, key in enumerate(self.keys)}
        self.capacity = dict(zip(self.keys, loads["capacity"].astype(float)))
        self.name = dict(zip(self.keys, loads["unit"]))
        self.unit_key = dict(zip(self.keys, loads["unit_key"]))
        orgs = network.tables.organizations
        self.org_row = pd.Series(np.arange(len(orgs)), index=orgs["org_id"].to_numpy())
        self.weight = organization_scope(network, analysis.rules)["open"].to_numpy(dtype=float)
        self.links = load_links(network)
        self.load = dict(zip(self.keys, attribute_loads(self.links, self.weight)))
        self.moves = []
        self.givers = []     # ledger key of the giving unit of each move
        self.receivers = []  # ... and of the receiving one

    def spare(self, key):
        return self.capacity[key] - self.load[key]

    def _link(self, key, org_id):
        """Position of the link of unit `key` to `org_id`."""
        links = self.links
        at = np.flatnonzero((links.link_unit == self.row[key]) & (links.link_org == self.org_row[org_id]))
        return int(at[0])

    def _edit(self, **arrays):
        self.links = dataclasses.replace(self.links, **arrays)
        self.load = dict(zip(self.keys, attribute_loads(self.links, self.weight)))

    def shift(self, giver, receiver, org_id):
        """Relink `org_id` from `giver` to `receiver`; return both loads before."""
        before = self.load[giver], self.load[receiver]
        unit = self.links.link_unit.copy()
        unit[self._link(giver, org_id)] = self.row[receiver]
        self._edit(link_unit=unit)
        return before

    def add_contact(self, receiver, org_id):
        """Make `receiver` (a department) contact `org_id` directly (it leaves its street's pool)."""
        links = self.links
        self._edit(link_unit=np.append(links.link_unit, self.row[receiver]),
                   link_org=np.append(links.link_org, self.org_row[org_id]),
                   link_every=np.append(links.link_every, False))

    def release(self, key, org_id):
        """Remove the link of unit `key` to `org_id` (an instructor whose organization moved away)."""
        keep = np.ones(len(self.links.link_unit), dtype=bool)
        keep[self._link(key, org_id)] = False
        links = self.links
        self._edit(link_unit=links.link_unit[keep], link_org=links.link_org[keep],
                   link_every=links.link_every[keep])

    def record(self, info, kind, how, giver, receiver, org_id, from_before, to_before, supervisory_unit=None):
        row = info.loc[org_id]
        self.givers.append(giver)
        self.receivers.append(receiver)
        name, load, capacity = self.name, self.load, self.capacity
        self.moves.append({
            "kind": kind, "how": how, "from_unit": name[giver], "to_unit": name[receiver],
            "supervisory_unit": supervisory_unit, "org_id": org_id, "name": row["name"], "street": row["street"],
            "community": row["community"], "industry": row["industry"], "open": bool(row["open"]),
            "from_load_before": from_before, "from_load_after": load[giver],
            "to_load_before": to_before, "to_load_after": load[receiver],
            "from_capacity": capacity[giver], "to_capacity": capacity[receiver],
            "reason": (f"“{name[giver]}”负荷{from_before:g}超过容量{capacity[giver]:g}，建议将"
                       f"“{row['name']}”" + _REASON[how].format(
                           to=name[receiver], street=row["street"], industry=row["industry"],
                           unit=supervisory_unit) + f"（调整后{load[giver]:.2f}／{load[receiver]:.2f}）"),
        })


def _org_lookup(orgs, open_by_id):
    info = orgs.set_index("org_id")[["name", "street", "community", "industry", "key", "employees", "kind"]].copy()
    info["open"] = open_by_id.reindex(info.index).fillna(False).astype(bool)
    return info



def rebalance_units(analysis) -> Rebalancing:
    """Suggest moving open organizations from each overloaded unit to a light one.

    Role by role (leaders, departments, supervisory units, instructors) and, within a role, for
    each overloaded unit (``analysis.overloaded``) from the largest excess down, its open
    organizations are offered, one at a time, to a unit that stays within its capacity after
    taking it, until the unit is within its own capacity:

    - leader: to another leader attached to an organization of the same street, or an idle
      leader; organizations that are not key/difficult and smaller go first;
    - department: an organization it contacts directly goes to another department stationed in
      the organization's street; then the street's open organizations no department contacts
      (whose share it carries) are each given to a light department stationed there as a direct
      contact — which lowers every stationed department's share by 1/n;
    - supervisory unit: to another supervisory unit that supervises a social organization of
      the same industry (those supervising one in the same street first); the instructor of the
      moved organization is released (the new unit appoints one);
    - instructor: to another instructor of the same supervisory unit (same street first);
      instructors count every organization they guide, so open ones go first, then the others.

    Among receivers the one with the most spare capacity is taken. Every load is the load rule's
    (:func:`liangxin.queries.loads.attribute_loads`) on the links as the moves so far left them;
    the loads after all moves are checked against :func:`liangxin.queries.loads.unit_loads` on
    the tables with every move applied.

    Returns
    -------
    Rebalancing

    Examples
    --------
    The hand-made workbook offers no receiver: 张伟's open organizations are in 平湖 and 布吉,
    where no other leader is attached, and 李娜 (attached to D in 坂田) is not idle; 区民政局 is
    the only department stationed in 布吉 and 刘洋 the only instructor of 区民政局
    (tests/fixtures/handmade.py). Its three overloaded units stay so (tests/test_handmade.py):

    >>> plan = rebalance_units(result)
    >>> len(plan.moves), plan.units["unit"].tolist(), bool(plan.units["overloaded_after"].all())
    (0, ['区民政局', '刘洋', '张伟'], True)
    """
    tables = analysis.network.tables
    orgs = tables.organizations
    scope = organization_scope(analysis.network, analysis.rules)
    open_by_id = pd.Series(scope["open"].to_numpy(), index=orgs["org_id"].to_numpy())
    info = _org_lookup(orgs, open_by_id)
    run = SimpleNamespace(
        tables=tables, info=info, open_by_id=open_by_id, ledger=_Ledger(analysis), order=_candidate_order(info),
        overloaded=analysis.overloaded.assign(excess=lambda f: f["load"] - f["capacity"]).sort_values(
            ["excess", "kind", "unit"], ascending=[False, True, True], kind="stable"),
        edits={"leader": [], "contact_remove": [], "contact_add": [], "supervision": {}})
    _move_leaders(run)
    _move_departments(run)
    sup = _supervision_keys(tables.supervision, info)
    moved_rows = _move_supervised(run, sup)
    _move_guided(run, sup, moved_rows)
    changed = _apply_moves(tables, run.edits, run.ledger)
    after = unit_loads(SimpleNamespace(tables=changed), analysis.rules)
    return _rebalancing_tables(analysis.loads, after, run.ledger)


def _ledger_key(kind, keys):
    """The ledger key of units of `kind` with `keys` (a Series): ``kind|node_id``."""
    return kind + "|" + node_id(kind, keys)


def _candidate_order(info):
    """Orders organizations as offered: not key/difficult first, then smaller (open first, on request)."""
    def candidate_order(org_ids, open_first=False):
        frame = info.reindex(org_ids).rename_axis(None).assign(org_id=org_ids)
        by = (["open"] if open_first else []) + ["key", "employees", "org_id"]
        asc = ([False] if open_first else []) + [True, True, True]
        return frame.sort_values(by, ascending=asc, kind="stable")
    return candidate_order


def _givers(run, kind):
    """Ledger keys of the overloaded units of `kind`, the largest excess first."""
    return (kind + "|" + run.overloaded.loc[run.overloaded["kind"] == kind, "node_id"]).tolist()


def _is_open(run, org_ids):
    return org_ids.map(run.open_by_id).fillna(False).astype(bool).to_numpy()


def _move_leaders(run):
    ledger, leader_points = run.ledger, run.tables.leader_points
    lp = leader_points.assign(org_street=leader_points["org_id"].map(run.info["street"]),
                              lkey=_ledger_key("leader", leader_points["leader_key"]))
    leader_keys = [k for k in ledger.load if k.startswith("leader|")]
    idle_leaders = [k for k in leader_keys if k not in set(lp["lkey"])]
    by_street = lp.dropna(subset=["org_street"]).groupby("org_street")["lkey"].agg(lambda s: sorted(set(s))).to_dict()
    attached = set(zip(lp["lkey"], lp["org_id"]))
    for giver in _givers(run, "leader"):
        mine = lp.loc[lp["lkey"] == giver, "org_id"]
        candidates = run.order(mine[_is_open(run, mine)].to_numpy())
        for org_id, street in zip(candidates["org_id"], candidates["street"]):
            if ledger.load[giver] <= ledger.capacity[giver]:
                break
            options = [(0, k) for k in by_street.get(street, []) if k != giver] + [(1, k) for k in idle_leaders]
            options = [(tier, k) for tier, k in options if ledger.spare(k) >= 1 and (k, org_id) not in attached]
            if not options:
                continue
            tier, receiver = min(options, key=lambda o: (o[0], -ledger.spare(o[1]), o[1]))
            before = ledger.shift(giver, receiver, org_id)
            attached.discard((giver, org_id))
            attached.add((receiver, org_id))
            run.edits["leader"].append((giver, receiver, org_id))
            ledger.record(run.info, "leader", "leader", giver, receiver, org_id, *before)


def _move_departments(run):
    ledger, tables = run.ledger, run.tables
    stations, contacts = tables.department_stations, tables.department_contacts
    stationed = pd.DataFrame({"dkey": (_ledger_key("department", stations["department_key"])).to_numpy(),
                              "street": stations["street"].to_numpy()})
    in_street = stationed.groupby("street")["dkey"].agg(list).to_dict()
    contact_keys = _ledger_key("department", contacts["department_key"].astype(object))
    contact_pairs = set(zip(contact_keys, contacts["org_id"]))
    open_orgs = run.info[run.info["open"]]
    pool_by_street = {s: list(frame.index) for s, frame in run.order(
        open_orgs.index[~open_orgs.index.isin(list(set(contacts["org_id"])))].to_numpy()).groupby("street", sort=False)}
    for giver in _givers(run, "department"):
        mine = contacts.loc[(contact_keys == giver).to_numpy(), "org_id"]
        direct = run.order(mine[_is_open(run, mine)].to_numpy())
        for org_id, street in zip(direct["org_id"], direct["street"]):
            if ledger.load[giver] <= ledger.capacity[giver]:
                break
            options = [k for k in in_street.get(street, []) if k != giver and (k, org_id) not in contact_pairs
                       and ledger.spare(k) >= 1]
            if not options:
                continue
            receiver = min(options, key=lambda k: (-ledger.spare(k), k))
            before = ledger.shift(giver, receiver, org_id)
            contact_pairs.discard((giver, org_id))
            contact_pairs.add((receiver, org_id))
            run.edits["contact_remove"].append((giver, org_id))
            run.edits["contact_add"].append((receiver, org_id))
            ledger.record(run.info, "department", "department_contact", giver, receiver, org_id, *before)
        for street in stationed.loc[stationed["dkey"] == giver, "street"]:
            _give_pool(run, giver, in_street[street], pool_by_street.get(street, []), contact_pairs)


def _give_pool(run, giver, departments, waiting, contact_pairs):
    """Give the street's uncontacted open organizations (`waiting`) to its light departments."""
    ledger = run.ledger
    share = 1.0 / len(departments)
    while waiting and ledger.load[giver] > ledger.capacity[giver]:
        options = [k for k in departments if k != giver and ledger.spare(k) >= 1 - share]
        if not options:
            break
        receiver = min(options, key=lambda k: (-ledger.spare(k), k))
        org_id = waiting.pop(0)
        before = ledger.load[giver], ledger.load[receiver]
        ledger.add_contact(receiver, org_id)
        contact_pairs.add((receiver, org_id))
        run.edits["contact_add"].append((receiver, org_id))
        ledger.record(run.info, "department", "department_pool", giver, receiver, org_id, *before)


def _supervision_keys(supervision, info):
    """主管包建 with the ledger keys of its supervisory unit and instructor, and its organization's place."""
    instructor_pair = supervision["unit_key"] + "/" + supervision["instructor_key"].fillna("")
    return supervision.assign(
        ukey=_ledger_key("supervisory_unit", supervision["unit_key"]),
        ikey=np.where(supervision["instructor_key"].notna(),
                      _ledger_key("instructor", instructor_pair), None),
        org_industry=supervision["org_id"].map(info["industry"]),
        org_street=supervision["org_id"].map(info["street"]))


def _move_supervised(run, sup):
    """Move supervised organizations; return the 主管包建 rows moved (their instructor is released)."""
    ledger = run.ledger
    supervised = set(zip(sup["ukey"], sup["org_id"]))
    units_by_industry = sup.dropna(subset=["org_industry"]).groupby("org_industry")["ukey"].agg(
        lambda s: sorted(set(s))).to_dict()
    streets_of_unit = sup.dropna(subset=["org_street"]).groupby("ukey")["org_street"].agg(set).to_dict()
    moved_rows = set()
    for giver in _givers(run, "supervisory_unit"):
        rows = sup[(sup["ukey"] == giver) & _is_open(run, sup["org_id"])]
        order = run.order(rows["org_id"].to_numpy())
        row_of = dict(zip(rows["org_id"], rows.index))
        for org_id, street, industry in zip(order["org_id"], order["street"], order["industry"]):
            if ledger.load[giver] <= ledger.capacity[giver]:
                break
            options = [k for k in units_by_industry.get(industry, []) if k != giver and (k, org_id) not in supervised
                       and ledger.spare(k) >= 1]
            if not options:
                continue
            receiver = min(options, key=lambda k: (street not in streets_of_unit.get(k, ()), -ledger.spare(k), k))
            before = ledger.shift(giver, receiver, org_id)
            index = row_of[org_id]
            instructor = sup.at[index, "ikey"]
            if instructor is not None and instructor in ledger.load:
                ledger.release(instructor, org_id)
            supervised.discard((giver, org_id))
            supervised.add((receiver, org_id))
            run.edits["supervision"][index] = ("unit", receiver)
            moved_rows.add(index)
            ledger.record(run.info, "supervisory_unit", "supervisory_unit", giver, receiver, org_id, *before)
    return moved_rows


def _move_guided(run, sup, moved_rows):
    ledger = run.ledger
    guided = sup[sup["ikey"].notna()]
    instructors_of_unit = guided.groupby("ukey")["ikey"].agg(lambda s: sorted(set(s))).to_dict()
    streets_of_instructor = guided.dropna(subset=["org_street"]).groupby("ikey")["org_street"].agg(set).to_dict()
    for giver in _givers(run, "instructor"):
        rows = guided[(guided["ikey"] == giver) & ~guided.index.isin(list(moved_rows))]
        if not len(rows):
            continue
        unit = rows["ukey"].iloc[0]
        order = run.order(rows["org_id"].to_numpy(), open_first=True)
        row_of = dict(zip(rows["org_id"], rows.index))
        for org_id, street in zip(order["org_id"], order["street"]):
            if ledger.load[giver] <= ledger.capacity[giver]:
                break
            options = [k for k in instructors_of_unit.get(unit, []) if k != giver and ledger.spare(k) >= 1]
            if not options:
                break
            receiver = min(options, key=lambda k: (street not in streets_of_instructor.get(k, ()), -ledger.spare(k), k))
            before = ledger.shift(giver, receiver, org_id)
            run.edits["supervision"][row_of[org_id]] = ("instructor", receiver)
            ledger.record(run.info, "instructor", "instructor", giver, receiver, org_id, *before,
                          supervisory_unit=sup.at[row_of[org_id], "supervisory_unit"])


def _apply_moves(tables, edits, ledger):
    """The tables with every move applied (unit names and keys as the receiving unit's)."""
    key_of = ledger.unit_key.get
    leader_points = tables.leader_points.copy()
    if edits["leader"]:
        index = {(k, o): i for i, (k, o) in enumerate(zip(_ledger_key("leader", leader_points["leader_key"]),
                                                           leader_points["org_id"]))}
        names = leader_points["leader"].to_numpy(dtype=object, copy=True)
        keys = leader_points["leader_key"].to_numpy(dtype=object, copy=True)
        for giver, receiver, org_id in edits["leader"]:
            i = index.pop((giver, org_id))
            names[i], keys[i] = ledger.name[receiver], key_of(receiver)
            index[(receiver, org_id)] = i
        leader_points["leader"], leader_points["leader_key"] = names, keys
    contacts = tables.department_contacts
    if edits["contact_remove"] or edits["contact_add"]:
        remove = set(edits["contact_remove"])
        keys = _ledger_key("department", contacts["department_key"].astype(object))
        keep = [(k, o) not in remove for k, o in zip(keys, contacts["org_id"])]
        added = pd.DataFrame({"department": [ledger.name[k] for k, _ in edits["contact_add"]],
                              "department_key": [key_of(k) for k, _ in edits["contact_add"]],
                              "org_id": [o for _, o in edits["contact_add"]]})
        contacts = pd.concat([contacts[keep], added], ignore_index=True).drop_duplicates(["department_key", "org_id"])
    supervision = tables.supervision.copy()
    if edits["supervision"]:
        columns = {c: supervision[c].to_numpy(dtype=object, copy=True)
                   for c in ("supervisory_unit", "unit_key", "instructor", "instructor_key")}
        position = pd.Series(np.arange(len(supervision)), index=supervision.index)
        for index, (what, receiver) in edits["supervision"].items():
            i = position[index]
            if what == "unit":
                columns["supervisory_unit"][i], columns["unit_key"][i] = ledger.name[receiver], key_of(receiver)
                columns["instructor"][i] = columns["instructor_key"][i] = None
            else:
                columns["instructor"][i] = ledger.name[receiver]
                columns["instructor_key"][i] = key_of(receiver)
        for column, values in columns.items():
            supervision[column] = values
    return dataclasses.replace(tables, leader_points=leader_points, department_contacts=contacts,
                               supervision=supervision)


def _rebalancing_tables(before, after, ledger):
    moves = pd.DataFrame(ledger.moves, columns=[
        "kind", "how", "from_unit", "to_unit", "supervisory_unit", "org_id", "name", "street", "community",
        "industry", "open", "from_load_before", "from_load_after", "to_load_before", "to_load_after",
        "from_capacity", "to_capacity", "reason"])
    moves.insert(0, "seq", np.arange(1, len(moves) + 1))
    moves.insert(3, "how_zh", moves["how"].map(MOVE_ZH))
    keep = ["kind", "unit", "supervisory_unit", "node_id", "load", "capacity", "overloaded"]
    units = before[keep].merge(after[["kind", "node_id", "load", "overloaded"]], on=["kind", "node_id"], how="left",
                               suffixes=("_before", "_after"))
    units["load_after"] = units["load_after"].fillna(0.0)
    units["overloaded_after"] = units["overloaded_after"].astype("boolean").fillna(False).astype(bool)
    ledger_key = units["kind"] + "|" + units["node_id"]
    for column, keys in (("moves_out", ledger.givers), ("moves_in", ledger.receivers)):
        units[column] = ledger_key.map(pd.Series(keys, dtype=object).value_counts()).fillna(0).astype(np.int64)
    running = ledger_key.map(ledger.load)
    mismatch = (running - units["load_after"]).abs() > 1e-6
    if mismatch.any():
        log.warning("rebalancing: running loads differ from the recomputed ones for %d units", int(mismatch.sum()))
    changed = (units["load_after"] - units["load_before"]).abs() > 1e-9
    units = units[changed | units["overloaded_before"]].copy()
    units["note"] = np.select(
        [units["overloaded_before"] & ~units["overloaded_after"], units["overloaded_before"] & (units["moves_out"] > 0),
         units["overloaded_before"], units["moves_in"] > 0],
        ["调整后不再超负荷", "调整后仍超负荷：同街道/同领域可承接单位不足", "无可承接单位：建议增派力量或调整容量",
         "承接调出组织"], "负荷随之变化")
    units = units.sort_values(["kind", "unit", "supervisory_unit"], kind="stable", na_position="first")
    return Rebalancing(moves=moves, units=units[["kind", "unit", "supervisory_unit", "node_id", "load_before",
                                                 "load_after", "capacity", "overloaded_before", "overloaded_after",
                                                 "moves_out", "moves_in", "note"]].reset_index(drop=True))
