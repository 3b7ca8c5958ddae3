"""Recommendations for the campaign: who to group, who to form next, who to relieve, what to check.

- :func:`joint_formation_candidates` (联合组建建议): groups of open organizations with fewer full
  members than a standalone branch needs, whose members add up to enough, within one community
  first, then one street, the same industry first.
- :func:`standalone_candidates` (成熟一个、组建一个): organizations with enough full members and no
  standalone branch, ranked.
- :func:`rebalance_units` (负荷调整建议): for each overloaded unit, which open organizations could move
  to which light unit of the same street or field, with the loads before and after, recomputed
  with the load rules of RULES.md.
- :func:`data_conflicts` (数据冲突): the same organization with a different street, size or member
  figure in two places (another sheet, or the previous snapshot).

Every function is pure: an :class:`~liangxin.queries.analysis.Analysis` in, DataFrames out.
"""

import dataclasses
import logging
from types import SimpleNamespace

import numpy as np
import pandas as pd

from liangxin.graph.schema import PARTY_ORG_STATUS_ZH
from liangxin.text import header_key, normalize_place, parse_count
from liangxin.queries.loads import unit_loads
from liangxin.queries.scope import organization_scope
from liangxin.queries.snapshots import compare_snapshots, responsible_units

__all__ = ["joint_formation_candidates", "standalone_candidates", "rebalance_units", "Rebalancing",
           "data_conflicts", "JOINT_LEVELS", "ROLE_IN_GROUP_ZH", "MOVE_ZH"]

log = logging.getLogger(__name__)

#: Grouping levels, in the order tried: (key columns, Chinese description).
JOINT_LEVELS = (
    (("street", "community", "industry"), "同社区同行业"),
    (("street", "community"), "同社区"),
    (("street", "industry"), "同街道同行业"),
    (("street",), "同街道"),
)
ROLE_IN_GROUP_ZH = {
    "target": "未覆盖组织（有党员）",
    "partner": "有党员的未组建组织（一并联合）",
    "covered": "未覆盖组织（暂无党员，纳入覆盖）",
}
STATUS_ZH = PARTY_ORG_STATUS_ZH
MOVE_ZH = {
    "leader": "改由其他区领导挂点",
    "department_contact": "移交驻同街道的其他机关直接联系",
    "department_pool": "由驻同街道的机关直接联系（原由驻街各机关分担）",
    "supervisory_unit": "改由同领域的其他业务主管单位主管",
    "instructor": "改由同单位的其他指导员指导",
}
_REASON = {
    "leader": "改由“{to}”挂点促建",
    "department_contact": "移交驻{street}的“{to}”直接联系",
    "department_pool": "由驻{street}的“{to}”直接联系（原由驻街各机关分担，各机关分担量随之减少）",
    "supervisory_unit": "改由同样主管{industry}类社会组织的“{to}”主管，并由其另派党建工作指导员",
    "instructor": "改由同属“{unit}”的指导员“{to}”指导",
}


# ---------------------------------------------------------------------------
# 联合组建建议
# ---------------------------------------------------------------------------

def _bucket(frame, keys):
    """Integer bucket per row for `keys` (rows with a missing key get -1)."""
    if not len(frame):
        return np.zeros(0, dtype=np.int64)
    return frame.groupby(list(keys), sort=False, dropna=True).ngroup().to_numpy()


def _rank_within(*arrays):
    """0-based rank of each row within the groups of `arrays`, in row order."""
    if not len(arrays[0]):
        return np.zeros(0, dtype=np.int64)
    return pd.DataFrame({f"k{i}": a for i, a in enumerate(arrays)}).groupby(
        [f"k{i}" for i in range(len(arrays))], sort=False).cumcount().to_numpy()


def _group_by_members(bucket, members, needed):
    """Group rows of one bucket each so that members add up to `needed` with little waste.

    `members` are in [1, needed - 1] and rows come in priority order. Complementary values are
    paired first (2+1 when `needed` is 3), then equal values are grouped (2+2, 1+1+1), then what
    is left of a bucket forms one group if it is enough. Returns group labels (-1: left over).
    Fully vectorized.
    """
    n = len(bucket)
    label = np.full(n, -1, dtype=np.int64)
    if n == 0:
        return label
    stride = n + 1
    phases = 2 * needed + 2
    rank = _rank_within(bucket, members)
    per_value = pd.DataFrame({"b": bucket, "v": members}).groupby(["b", "v"]).size()
    count = per_value.reindex(pd.MultiIndex.from_arrays([bucket, members])).to_numpy(dtype=np.int64)

    def count_of(value):
        counts = per_value[per_value.index.get_level_values(1) == value].droplevel(1)
        return counts.reindex(bucket).fillna(0).to_numpy(dtype=np.int64)

    paired = np.zeros(n, dtype=np.int64)  # per row: how many of its value were used in pairs
    for small in range(1, (needed + 1) // 2):
        big = needed - small
        pairs = np.minimum(count_of(small), count_of(big))
        for value in (small, big):
            rows = members == value
            take = rows & (rank < pairs)
            label[take] = (bucket[take] * phases + small) * stride + rank[take]
            paired[rows] = pairs[rows]
    # Then equal values: ceil(needed / value) of them make a group.
    rest = label < 0
    size = -(-needed // members)
    rest_rank = rank - paired
    rest_count = count - paired
    full = rest & (rest_rank // size < rest_count // size)
    label[full] = (bucket[full] * phases + needed + members[full]) * stride + rest_rank[full] // size[full]
    # What is left of a bucket forms one group if it is enough (never for needed = 3).
    left = label < 0
    if left.any():
        total = pd.Series(members[left]).groupby(bucket[left]).transform("sum").to_numpy()
        enough = np.zeros(n, dtype=bool)
        enough[left] = total >= needed
        label[enough] = (bucket[enough] * phases + phases - 1) * stride
    return label


def joint_formation_candidates(analysis, max_orgs_per_group=5, partners=True):
    """Propose joint Party branches (联合组建) for open organizations that cannot form their own.

    Candidates ("targets") are open organizations (RULES.md) with status 未组建, fewer full
    members than ``standalone_min_members`` and a street. Groups are sought at four levels in
    turn — the same community and industry, the same community, the same street and industry,
    the same street — and within a level:

    1. targets with members are grouped so that members add up to at least
       ``standalone_min_members`` (2+1 first, then 2+2 and 1+1+1 for the default 3);
    2. what is left of them in a bucket is completed with *partners* (when `partners`):
       organizations with status 未组建 that are not open but have 1–2 members;
    3. targets with no member join a group of their bucket (round robin, up to
       `max_orgs_per_group` organizations a group): the joint branch covers them;
    4. targets with no member still alone get a group of partners whose members are enough.

    Leftovers try the next level. Targets are taken in order: party-org-required first, then
    key/difficult, then employees (descending); partners by members, then employees.

    Parameters
    ----------
    analysis : Analysis
    max_orgs_per_group : int, optional
        Groups take no-member targets up to this many organizations.
    partners : bool, optional
        Whether organizations outside the plan's scope that have members may complete a group.

    Returns
    -------
    DataFrame
        One row per (group, organization): ``group_id`` (街道-编号), ``level`` (同社区同行业 …),
        ``street``, ``group_community`` (the community, or 跨社区), ``group_industry`` (or None),
        ``group_orgs``, ``group_members``, ``org_id, name, kind, community, industry, employees,
        party_members, open, role`` (target/partner/covered), ``role_zh``, ``reason`` (Chinese);
        groups ordered by street, then level, then community; within a group the open organizations
        with members first, then partners, then the covered ones, each by members and employees.

    Examples
    --------
    >>> groups = joint_formation_candidates(result)  # doctest: +SKIP
    >>> groups.groupby("group_id")["party_members"].sum().min() >= 3  # doctest: +SKIP
    True
    """
    rules = analysis.rules
    needed = int(rules.standalone_min_members)
    orgs = analysis.network.tables.organizations
    scope = organization_scope(analysis.network, rules)
    members = orgs["party_members"].to_numpy()
    base = orgs["status"].eq("none").to_numpy() & orgs["street"].notna().to_numpy() & (members < needed)
    is_target = base & scope["open"].to_numpy()
    is_partner = base & ~scope["open"].to_numpy() & (members >= 1) & partners
    columns = ["org_id", "name", "kind", "street", "community", "industry", "employees", "party_members", "key"]
    pool = orgs.loc[is_target | is_partner, columns].copy()
    pool["open"] = is_target[is_target | is_partner]
    pool["required"] = scope["party_org_required"].to_numpy()[is_target | is_partner]
    pool["role"] = np.where(pool["open"], np.where(pool["party_members"] > 0, "target", "covered"), "partner")
    pool = pool.sort_values(["open", "required", "key", "party_members", "employees", "org_id"],
                            ascending=[False, False, False, False, False, True], kind="stable").reset_index(drop=True)
    group = np.full(len(pool), -1, dtype=np.int64)   # global group number
    next_group = 0

    def new_groups(local, mask):
        """Turn local labels (>= 0) of rows `mask` into fresh global group numbers."""
        nonlocal next_group
        rows = np.flatnonzero(mask)
        labels = local[mask] if len(local) == len(pool) else local
        ok = labels >= 0
        codes, uniques = pd.factorize(labels[ok])
        group[rows[ok]] = codes + next_group
        next_group += len(uniques)

    def attach(rows_mask, keys, round_robin):
        """Attach no-member targets of `rows_mask` to groups of their bucket with free slots."""
        groups = pool[group >= 0].assign(g=group[group >= 0])
        if not len(groups) or not rows_mask.any():
            return
        by_group = groups.groupby("g")
        info = pd.DataFrame({"n": by_group.size()})
        for k in keys:  # the group's street, community, industry when all its members share it
            info[k] = by_group[k].first().where(by_group[k].nunique(dropna=False) == 1)
        info = info.dropna(subset=list(keys))
        info = info[info["n"] < max_orgs_per_group]
        if not len(info):
            return
        free = (max_orgs_per_group - info["n"]).to_numpy()
        slots = info.loc[info.index.repeat(free)].reset_index()
        slots["slot"] = slots.groupby("g").cumcount()
        slots = slots.sort_values(["slot", "g"] if round_robin else ["g", "slot"], kind="stable")
        slots["rank"] = slots.groupby(list(keys), sort=False).cumcount()
        waiting = pool[rows_mask].dropna(subset=list(keys))
        waiting = waiting.assign(rank=waiting.groupby(list(keys), sort=False).cumcount())
        joined = waiting.reset_index().merge(slots[[*keys, "rank", "g"]], on=[*keys, "rank"])
        group[joined["index"].to_numpy()] = joined["g"].to_numpy()

    role = pool["role"].to_numpy()
    value = pool["party_members"].to_numpy()
    for keys, _ in JOINT_LEVELS:
        keyed = pool[list(keys)].notna().all(axis=1).to_numpy()
        # 1. targets with members among themselves
        free_targets = keyed & (group < 0) & (role == "target")
        if free_targets.any():
            sub = pool[free_targets]
            local = _group_by_members(_bucket(sub, keys), value[free_targets], needed)
            new_groups(local, free_targets)
        # 2. what is left of them, completed with partners
        left = keyed & (group < 0) & (role == "target")
        free_partners = keyed & (group < 0) & (role == "partner")
        if left.any() and free_partners.any():
            both = left | free_partners
            sub = pool[both]
            bucket = _bucket(sub, keys)
            sub_left = left[both]
            have = pd.Series(np.where(sub_left, value[both], 0)).groupby(bucket).transform("sum").to_numpy()
            deficit = needed - have
            partner_value = np.where(sub_left, 0, value[both])
            order = np.lexsort((np.arange(len(sub)), -partner_value, bucket))
            cum = np.zeros(len(sub), dtype=np.int64)
            cum[order] = pd.Series(partner_value[order]).groupby(bucket[order]).cumsum().to_numpy()
            supply = pd.Series(partner_value).groupby(bucket).transform("sum").to_numpy()
            viable = (have > 0) & (supply >= deficit)
            take = viable & (sub_left | ((partner_value > 0) & (cum - partner_value < deficit)))
            local = np.where(take, bucket, -1)
            new_groups(local, both)
        # 3. no-member targets join a group of their bucket
        attach(keyed & (group < 0) & (role == "covered"), keys, round_robin=True)
        # 4. no-member targets still alone: a group of partners for them
        waiting = keyed & (group < 0) & (role == "covered")
        free_partners = keyed & (group < 0) & (role == "partner")
        if waiting.any() and free_partners.any():
            wanted = pd.MultiIndex.from_frame(pool.loc[waiting, list(keys)]).unique()
            in_wanted = free_partners & pd.MultiIndex.from_frame(pool[list(keys)]).isin(wanted)
            if in_wanted.any():
                before = next_group
                local = _group_by_members(_bucket(pool[in_wanted], keys), value[in_wanted], needed)
                new_groups(local, in_wanted)
                attach(waiting, keys, round_robin=False)
                fresh = (group >= before)
                with_target = set(group[fresh & (role == "covered")])
                drop = fresh & ~np.isin(group, list(with_target))
                group[drop] = -1
    return _joint_table(pool, group)


def _joint_table(pool, group):
    grouped = pool[group >= 0].assign(g=group[group >= 0])
    columns = ["group_id", "level", "street", "group_community", "group_industry", "group_orgs", "group_members",
               "org_id", "name", "kind", "community", "industry", "employees", "party_members", "open", "role",
               "role_zh", "reason"]
    if not len(grouped):
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    # Renumber surviving groups densely; a group must hold at least one open organization.
    has_open = grouped.groupby("g")["open"].transform("any").to_numpy()
    grouped = grouped[has_open]
    agg = grouped.groupby("g").agg(
        street=("street", "first"), group_orgs=("org_id", "size"), group_members=("party_members", "sum"),
        n_comm=("community", "nunique"), community0=("community", "first"),
        n_ind=("industry", lambda s: s.nunique(dropna=False)), industry0=("industry", "first"))
    # The level a group stands at is what its organizations share in the end (no-member
    # organizations may have joined it at a wider level than the one it was formed at).
    same_industry = (agg["n_ind"] == 1) & agg["industry0"].notna()
    agg["level_index"] = np.select([(agg["n_comm"] == 1) & same_industry, agg["n_comm"] == 1, same_industry],
                                   [0, 1, 2], 3)
    agg["level"] = agg["level_index"].map(lambda i: JOINT_LEVELS[i][1])
    agg["group_community"] = np.where(agg["n_comm"] == 1, agg["community0"], "跨社区")
    agg["group_industry"] = np.where(same_industry, agg["industry0"], None)
    agg = agg.sort_values(["street", "level_index", "group_community"], kind="stable")
    agg["group_id"] = agg["street"] + "-联建" + (agg.groupby("street").cumcount() + 1).map("{:03d}".format)
    where = np.where(agg["n_comm"] == 1, agg["street"] + agg["group_community"], agg["street"] + "内跨社区")
    industry = np.where(pd.notna(agg["group_industry"]), "、同属" + agg["group_industry"].fillna("") + "行业", "")
    agg["reason"] = (where + industry + "的" + agg["group_orgs"].astype(str) + "个组织共有正式党员"
                     + agg["group_members"].astype(str) + "名，可联合组建党支部")
    table = grouped.merge(agg[["group_id", "level", "group_community", "group_industry", "group_orgs",
                               "group_members", "reason", "level_index"]], left_on="g", right_index=True)
    table["role_zh"] = table["role"].map(ROLE_IN_GROUP_ZH)
    role_order = table["role"].map({"target": 0, "partner": 1, "covered": 2})
    table = table.assign(_r=role_order).sort_values(
        ["street", "level_index", "group_community", "group_id", "_r", "party_members", "employees", "org_id"],
        ascending=[True, True, True, True, True, False, False, True], kind="stable")
    return table[columns].reset_index(drop=True)


# ---------------------------------------------------------------------------
# 成熟一个、组建一个
# ---------------------------------------------------------------------------

def standalone_candidates(analysis):
    """List the organizations ready for a standalone branch (成熟一个、组建一个).

    Organizations with at least ``standalone_min_members`` full members whose status is not
    单独组建 (STANDALONE_POSSIBLE). Ranked: key/difficult organizations (重点难点) first, then those
    the plan requires a Party organization of (应建党组织), then by full members and by employees
    (both descending), then ``org_id``.

    Returns
    -------
    DataFrame
        ``rank, org_id, name, kind, street, community, industry, employees, party_members,
        status, status_zh, key, party_org_required, open, responsible, reason``.

    Examples
    --------
    >>> standalone_candidates(result).head(10)[["rank", "name", "party_members"]]  # doctest: +SKIP
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
    table["responsible"] = responsible_units(analysis.network.tables, table["org_id"]).reindex(
        table["org_id"].to_numpy()).to_numpy() if len(table) else []
    now = np.where(table["status"].eq("joint"), "目前在联合党组织中", "尚未组建党组织")
    tags = (np.where(table["key"], "；重点难点组织", "") + np.where(table["party_org_required"], "；属应建党组织范围", ""))
    table["reason"] = ("有正式党员" + table["party_members"].astype(str) + "名，" + now + "，具备单独组建条件" + tags)
    return table[["rank", "org_id", "name", "kind", "street", "community", "industry", "employees", "party_members",
                  "status", "status_zh", "key", "party_org_required", "open", "responsible", "reason"]]


# ---------------------------------------------------------------------------
# 负荷调整建议
# ---------------------------------------------------------------------------

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
    """Running loads during the greedy pass, and the moves made."""

    def __init__(self, loads):
        key = loads["kind"] + "|" + loads["node_id"]
        self.load = dict(zip(key, loads["load"].astype(float)))
        self.capacity = dict(zip(key, loads["capacity"].astype(float)))
        self.name = dict(zip(key, loads["unit"]))
        self.moves = []
        self.givers = []     # ledger key of the giving unit of each move
        self.receivers = []  # ... and of the receiving one

    def spare(self, key):
        return self.capacity[key] - self.load[key]

    def shift(self, giver, receiver):
        """Move one organization's load from `giver` to `receiver`; return both loads before."""
        before = self.load[giver], self.load[receiver]
        self.load[giver] -= 1
        self.load[receiver] += 1
        return before


def _org_lookup(orgs, open_by_id):
    info = orgs.set_index("org_id")[["name", "street", "community", "industry", "key", "employees", "kind"]].copy()
    info["open"] = open_by_id.reindex(info.index).fillna(False).astype(bool)
    return info


def rebalance_units(analysis):
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

    Among receivers the one with the most spare capacity is taken. The loads after all moves
    are recomputed with :func:`liangxin.queries.loads.unit_loads` on the changed tables.

    Returns
    -------
    Rebalancing

    Examples
    --------
    >>> plan = rebalance_units(result)  # doctest: +SKIP
    >>> plan.units.query("overloaded_before")[["unit", "load_before", "load_after"]]  # doctest: +SKIP
    """
    rules = analysis.rules
    tables = analysis.network.tables
    orgs = tables.organizations
    scope = organization_scope(analysis.network, rules)
    open_by_id = pd.Series(scope["open"].to_numpy(), index=orgs["org_id"].to_numpy())
    info = _org_lookup(orgs, open_by_id)
    ledger = _Ledger(analysis.loads)
    overloaded = analysis.overloaded.assign(excess=lambda f: f["load"] - f["capacity"]).sort_values(
        ["excess", "kind", "unit"], ascending=[False, True, True], kind="stable")

    leader_points = tables.leader_points.copy()
    contacts = tables.department_contacts.copy()
    supervision = tables.supervision.copy()
    edits = {"leader": [], "contact_remove": [], "contact_add": [], "supervision": {}}

    def candidate_order(org_ids, open_first=False):
        frame = info.reindex(org_ids).rename_axis(None).assign(org_id=org_ids)
        by = (["open"] if open_first else []) + ["key", "employees", "org_id"]
        asc = ([False] if open_first else []) + [True, True, True]
        return frame.sort_values(by, ascending=asc, kind="stable")

    def record(kind, how, giver, receiver, org_id, from_before, to_before, supervisory_unit=None):
        row = info.loc[org_id]
        ledger.givers.append(giver)
        ledger.receivers.append(receiver)
        ledger.moves.append({
            "kind": kind, "how": how, "from_unit": ledger.name[giver], "to_unit": ledger.name[receiver],
            "supervisory_unit": supervisory_unit, "org_id": org_id, "name": row["name"], "street": row["street"],
            "community": row["community"], "industry": row["industry"], "open": bool(row["open"]),
            "from_load_before": from_before, "from_load_after": ledger.load[giver],
            "to_load_before": to_before, "to_load_after": ledger.load[receiver],
            "from_capacity": ledger.capacity[giver], "to_capacity": ledger.capacity[receiver],
            "reason": (f"“{ledger.name[giver]}”负荷{from_before:g}超过容量{ledger.capacity[giver]:g}，建议将"
                       f"“{row['name']}”" + _REASON[how].format(
                           to=ledger.name[receiver], street=row["street"], industry=row["industry"],
                           unit=supervisory_unit) + f"（调整后{ledger.load[giver]:.2f}／{ledger.load[receiver]:.2f}）"),
        })

    # -- leaders ---------------------------------------------------------------
    lp = leader_points.assign(org_street=leader_points["org_id"].map(info["street"]),
                              lkey="leader|leader:" + leader_points["leader_key"])
    leader_keys = [k for k in ledger.load if k.startswith("leader|")]
    idle_leaders = [k for k in leader_keys if k not in set(lp["lkey"])]
    by_street = lp.dropna(subset=["org_street"]).groupby("org_street")["lkey"].agg(lambda s: sorted(set(s))).to_dict()
    attached = set(zip(lp["lkey"], lp["org_id"]))
    for giver in ("leader|" + overloaded.loc[overloaded["kind"] == "leader", "node_id"]).tolist():
        mine = lp.loc[lp["lkey"] == giver, "org_id"]
        candidates = candidate_order(mine[mine.map(open_by_id).fillna(False).astype(bool)].to_numpy())
        for org_id, street in zip(candidates["org_id"], candidates["street"]):
            if ledger.load[giver] <= ledger.capacity[giver]:
                break
            options = [(0, k) for k in by_street.get(street, []) if k != giver] + [(1, k) for k in idle_leaders]
            options = [(tier, k) for tier, k in options if ledger.spare(k) >= 1 and (k, org_id) not in attached]
            if not options:
                continue
            tier, receiver = min(options, key=lambda o: (o[0], -ledger.spare(o[1]), o[1]))
            before = ledger.shift(giver, receiver)
            attached.discard((giver, org_id))
            attached.add((receiver, org_id))
            edits["leader"].append((giver, receiver, org_id))
            record("leader", "leader", giver, receiver, org_id, *before)

    # -- departments -----------------------------------------------------------
    stations = tables.department_stations
    dkey = "department|unit:" + stations["department_key"]
    stationed = pd.DataFrame({"dkey": dkey.to_numpy(), "street": stations["street"].to_numpy()})
    in_street = stationed.groupby("street")["dkey"].agg(list).to_dict()
    n_street = {s: len(v) for s, v in in_street.items()}
    contact_keys = "department|unit:" + contacts["department_key"].astype(object)
    contact_pairs = set(zip(contact_keys, contacts["org_id"]))
    contacted_orgs = set(contacts["org_id"])
    open_orgs = info[info["open"]]
    pool_by_street = {s: list(frame.index) for s, frame in candidate_order(
        open_orgs.index[~open_orgs.index.isin(list(contacted_orgs))].to_numpy()).groupby("street", sort=False)}
    for giver in ("department|" + overloaded.loc[overloaded["kind"] == "department", "node_id"]).tolist():
        mine = contacts.loc[(contact_keys == giver).to_numpy(), "org_id"]
        direct = candidate_order(mine[mine.map(open_by_id).fillna(False).astype(bool)].to_numpy())
        for org_id, street in zip(direct["org_id"], direct["street"]):
            if ledger.load[giver] <= ledger.capacity[giver]:
                break
            options = [k for k in in_street.get(street, []) if k != giver and (k, org_id) not in contact_pairs
                       and ledger.spare(k) >= 1]
            if not options:
                continue
            receiver = min(options, key=lambda k: (-ledger.spare(k), k))
            before = ledger.shift(giver, receiver)
            contact_pairs.discard((giver, org_id))
            contact_pairs.add((receiver, org_id))
            edits["contact_remove"].append((giver, org_id))
            edits["contact_add"].append((receiver, org_id))
            record("department", "department_contact", giver, receiver, org_id, *before)
        for street in stationed.loc[stationed["dkey"] == giver, "street"]:
            share = 1.0 / n_street[street]
            waiting = pool_by_street.get(street, [])
            while waiting and ledger.load[giver] > ledger.capacity[giver]:
                options = [k for k in in_street[street] if k != giver and ledger.spare(k) >= 1 - share]
                if not options:
                    break
                receiver = min(options, key=lambda k: (-ledger.spare(k), k))
                org_id = waiting.pop(0)
                before = ledger.load[giver], ledger.load[receiver]
                for k in in_street[street]:
                    ledger.load[k] -= share
                ledger.load[receiver] += 1
                contact_pairs.add((receiver, org_id))
                edits["contact_add"].append((receiver, org_id))
                record("department", "department_pool", giver, receiver, org_id, *before)

    # -- supervisory units -----------------------------------------------------
    sup = supervision.assign(ukey="supervisory_unit|unit:" + supervision["unit_key"],
                             ikey=np.where(supervision["instructor_key"].notna(),
                                           "instructor|instructor:" + supervision["unit_key"] + "/"
                                           + supervision["instructor_key"].fillna(""), None),
                             org_industry=supervision["org_id"].map(info["industry"]),
                             org_street=supervision["org_id"].map(info["street"]))
    supervised = set(zip(sup["ukey"], sup["org_id"]))
    units_by_industry = sup.dropna(subset=["org_industry"]).groupby("org_industry")["ukey"].agg(
        lambda s: sorted(set(s))).to_dict()
    streets_of_unit = sup.dropna(subset=["org_street"]).groupby("ukey")["org_street"].agg(set).to_dict()
    moved_rows = set()
    for giver in ("supervisory_unit|" + overloaded.loc[overloaded["kind"] == "supervisory_unit", "node_id"]).tolist():
        rows = sup[(sup["ukey"] == giver) & sup["org_id"].map(open_by_id).fillna(False).astype(bool).to_numpy()]
        order = candidate_order(rows["org_id"].to_numpy())
        row_of = dict(zip(rows["org_id"], rows.index))
        for org_id, street, industry in zip(order["org_id"], order["street"], order["industry"]):
            if ledger.load[giver] <= ledger.capacity[giver]:
                break
            options = [k for k in units_by_industry.get(industry, []) if k != giver and (k, org_id) not in supervised
                       and ledger.spare(k) >= 1]
            if not options:
                continue
            receiver = min(options, key=lambda k: (street not in streets_of_unit.get(k, ()), -ledger.spare(k), k))
            before = ledger.shift(giver, receiver)
            index = row_of[org_id]
            instructor = sup.at[index, "ikey"]
            if instructor is not None and instructor in ledger.load:
                ledger.load[instructor] -= 1
            supervised.discard((giver, org_id))
            supervised.add((receiver, org_id))
            edits["supervision"][index] = ("unit", receiver)
            moved_rows.add(index)
            record("supervisory_unit", "supervisory_unit", giver, receiver, org_id, *before)

    # -- instructors -----------------------------------------------------------
    guided = sup[sup["ikey"].notna()]
    instructors_of_unit = guided.groupby("ukey")["ikey"].agg(lambda s: sorted(set(s))).to_dict()
    streets_of_instructor = guided.dropna(subset=["org_street"]).groupby("ikey")["org_street"].agg(set).to_dict()
    for giver in ("instructor|" + overloaded.loc[overloaded["kind"] == "instructor", "node_id"]).tolist():
        rows = guided[(guided["ikey"] == giver) & ~guided.index.isin(list(moved_rows))]
        if not len(rows):
            continue
        unit = rows["ukey"].iloc[0]
        order = candidate_order(rows["org_id"].to_numpy(), open_first=True)
        row_of = dict(zip(rows["org_id"], rows.index))
        for org_id, street in zip(order["org_id"], order["street"]):
            if ledger.load[giver] <= ledger.capacity[giver]:
                break
            options = [k for k in instructors_of_unit.get(unit, []) if k != giver and ledger.spare(k) >= 1]
            if not options:
                break
            receiver = min(options, key=lambda k: (street not in streets_of_instructor.get(k, ()), -ledger.spare(k), k))
            before = ledger.shift(giver, receiver)
            edits["supervision"][row_of[org_id]] = ("instructor", receiver)
            record("instructor", "instructor", giver, receiver, org_id, *before,
                   supervisory_unit=sup.at[row_of[org_id], "supervisory_unit"])

    changed = _apply_moves(tables, edits, sup, ledger)
    after = unit_loads(SimpleNamespace(tables=changed), rules)
    return _rebalancing_tables(analysis.loads, after, ledger)


def _apply_moves(tables, edits, sup, ledger):
    """The tables with every move applied (unit names and keys as the receiving unit's)."""
    def key_of(ledger_key):
        return ledger_key.split(":", 1)[1]

    leader_points = tables.leader_points.copy()
    if edits["leader"]:
        index = {(k, o): i for i, (k, o) in enumerate(zip("leader|leader:" + leader_points["leader_key"],
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
        keep = [("department|unit:" + k, o) not in remove for k, o in zip(contacts["department_key"], contacts["org_id"])]
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
                columns["instructor_key"][i] = key_of(receiver).split("/", 1)[1]
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


# ---------------------------------------------------------------------------
# 数据冲突
# ---------------------------------------------------------------------------

#: Extra columns of the relation sheets compared with the organization's own figure.
_CROSS_FIELDS = {
    "street": ("街道", ("挂点街道", "所在街道", "街道")),
    "employees": ("从业人员数", ("从业人员数", "从业人数", "职工人数", "员工人数")),
    "party_members": ("党员数", ("党员数", "正式党员数", "党员人数")),
}
_RELATION_SHEETS = (("leader_points", "挂点促建"), ("supervision", "主管包建"), ("mass_org_tasks", "党群共建"))
CONFLICT_COLUMNS = ["org_id", "name", "street", "field", "field_zh", "value", "other_source", "other_row",
                    "other_value", "note"]


def data_conflicts(analysis, previous=None, diff=None):
    """List the same organization with different street, size or member figures in two places.

    Across sheets: the 挂点街道 of 挂点促建 against the organization's own street, and any other
    column of 挂点促建, 主管包建 or 党群共建 named like a street, an employee count or a member
    count (kept as extra columns by the loaders) against the 两新组织 figure. Across snapshots
    (with `previous` or `diff`): the street, community, employees or members of the same
    organization in the previous workbook. Each row is for the analyst to resolve; the
    organization's own row in the current 两新组织 sheet is what the queries used.

    Returns
    -------
    DataFrame
        ``org_id, name, street, field, field_zh, value`` (the 两新组织 figure), ``other_source``
        (sheet, or 上期台账), ``other_row`` (Excel row, or None), ``other_value``, ``note``.

    Examples
    --------
    >>> data_conflicts(new, previous=old)["other_source"].value_counts()  # doctest: +SKIP
    """
    tables = analysis.network.tables
    orgs = tables.organizations.set_index("org_id")
    parts = []
    for attribute, sheet in _RELATION_SHEETS:
        relation = getattr(tables, attribute)
        for field, (label, headers) in _CROSS_FIELDS.items():
            wanted = {header_key(h) for h in headers}
            for column in relation.columns:
                if column in ("org_id", "row", "leader", "supervisory_unit", "mass_org", "instructor"):
                    continue
                if header_key(column.rstrip("_")) not in wanted and not (attribute == "leader_points"
                                                                          and field == "street" and column == "street"):
                    continue
                rows = relation[relation[column].notna()]
                if not len(rows):
                    continue
                own = orgs[field].reindex(rows["org_id"].to_numpy()).to_numpy(dtype=object)
                if field == "street":
                    other = normalize_place(rows[column].astype(object), "街道").to_numpy(dtype=object)
                    bad = np.zeros(len(rows), dtype=bool)
                else:
                    parsed, bad = parse_count(rows[column].astype(object))
                    other = parsed.astype(object)
                differs = ~bad & (pd.isna(own) | (own != other))
                if differs.any():
                    shown = rows[column].to_numpy(dtype=object)[differs] if field != "street" else other[differs]
                    parts.append(pd.DataFrame({
                        "org_id": rows["org_id"].to_numpy(dtype=object)[differs],
                        "field": field, "field_zh": label, "value": own[differs],
                        "other_source": sheet, "other_row": rows["row"].to_numpy()[differs] if "row" in rows else None,
                        "other_value": shown,
                        "note": f"“{sheet}”表中的{label}与“两新组织”表不一致",
                    }))
    if previous is not None or diff is not None:
        diff = diff if diff is not None else compare_snapshots(previous, analysis)
        changed = diff.changed[diff.changed["field"].isin(["street", "community", "employees", "party_members"])]
        if len(changed):
            note = np.where(changed["scope_changed"], "与上期台账不一致，且影响是否属于应建范围", "与上期台账不一致")
            parts.append(pd.DataFrame({
                "org_id": changed["org_id"].to_numpy(dtype=object), "field": changed["field"].to_numpy(),
                "field_zh": changed["field_zh"].to_numpy(), "value": changed["new"].to_numpy(dtype=object),
                "other_source": "上期台账", "other_row": None, "other_value": changed["old"].to_numpy(dtype=object),
                "note": note,
            }))
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in CONFLICT_COLUMNS})
    table = pd.concat(parts, ignore_index=True)
    table["name"] = table["org_id"].map(orgs["name"])
    table["street"] = table["org_id"].map(orgs["street"])
    table["other_row"] = table["other_row"].astype(object).where(table["other_row"].notna(), None)
    table = table.assign(_street=table["street"].fillna("")).sort_values(["_street", "org_id", "field"], kind="stable")
    return table[CONFLICT_COLUMNS].reset_index(drop=True)
