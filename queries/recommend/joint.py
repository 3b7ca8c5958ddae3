"""Joint formation (联合组建建议): groups of open organizations that cannot form a branch alone.

Open organizations with fewer full members than a standalone branch needs are grouped so that
their members add up to enough, within one community first, then one street, the same industry
first (:func:`joint_formation_candidates`).
"""

import numpy as np
import pandas as pd

from liangxin.queries.scope import organization_scope
from liangxin.queries.labels import ROLE_IN_GROUP_ZH

__all__ = ["joint_formation_candidates", "JOINT_LEVELS", "ROLE_IN_GROUP_ZH"]

#: Grouping levels, in the order tried: (key columns, Chinese description).
JOINT_LEVELS = (
    (("street", "community", "industry"), "同社区同行业"),
    (("street", "community"), "同社区"),
    (("street", "industry"), "同街道同行业"),
    (("street",), "同街道"),
)


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




def joint_formation_candidates(analysis, max_orgs_per_group: int = 5, partners: bool = True) -> pd.DataFrame:
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

    Leftovers try the next level. A group takes in organizations only at the level it was formed
    at, so it keeps that level (a 同社区同行业 group never receives an organization of another
    industry). Targets with members still without a group at the end join a group of their
    level with a free place, finest level first: every open organization with 1–2 members gets a
    proposal wherever one exists. Targets are taken in order: party-org-required first, then
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
    In the hand-made workbook the open organizations with 未组建 and fewer than 3 members are
    A, C, E and Q (no members), H (none) and 壬文化 (1 member, not open: a partner); none of the
    members add up to 3 in one street, so no group forms (tests/test_handmade.py):

    >>> joint_formation_candidates(result).empty
    True
    """
    rules = analysis.rules
    needed = int(rules.standalone_min_members)
    grouping = _Grouping(_joint_pool(analysis, needed, partners), needed, max_orgs_per_group)
    for index, (keys, _) in enumerate(JOINT_LEVELS):
        grouping.level(index, keys)
    grouping.place_leftovers()
    return _joint_table(grouping.pool, grouping.group)


def _joint_pool(analysis, needed, partners):
    """Targets (open, 未组建, too few members, with a street) and partners, in the order they are taken."""
    orgs = analysis.network.tables.organizations
    scope = organization_scope(analysis.network, analysis.rules)
    members = orgs["party_members"].to_numpy()
    base = orgs["status"].eq("none").to_numpy() & orgs["street"].notna().to_numpy() & (members < needed)
    is_target = base & scope["open"].to_numpy()
    is_partner = base & ~scope["open"].to_numpy() & (members >= 1) & partners
    columns = ["org_id", "name", "kind", "street", "community", "industry", "employees", "party_members", "key"]
    pool = orgs.loc[is_target | is_partner, columns].copy()
    pool["open"] = is_target[is_target | is_partner]
    pool["required"] = scope["party_org_required"].to_numpy()[is_target | is_partner]
    pool["role"] = np.where(pool["open"], np.where(pool["party_members"] > 0, "target", "covered"), "partner")
    return pool.sort_values(["open", "required", "key", "party_members", "employees", "org_id"],
                            ascending=[False, False, False, False, False, True], kind="stable").reset_index(drop=True)


class _Grouping:
    """The pool's global group numbers (-1: none yet), filled level by level."""

    def __init__(self, pool, needed, max_orgs_per_group):
        self.pool, self.needed, self.max_orgs = pool, needed, max_orgs_per_group
        self.group = np.full(len(pool), -1, dtype=np.int64)
        self.next_group = 0
        self.formed_at = np.zeros(0, dtype=np.int64)  # per global group: the level index it was formed at
        self.current = 0
        self.role = pool["role"].to_numpy()
        self.value = pool["party_members"].to_numpy()

    def free(self, keyed, role):
        return keyed & (self.group < 0) & (self.role == role)

    def new_groups(self, local, mask):
        """Turn local labels (>= 0) of rows `mask` into fresh global group numbers."""
        rows = np.flatnonzero(mask)
        labels = local[mask] if len(local) == len(self.pool) else local
        ok = labels >= 0
        codes, uniques = pd.factorize(labels[ok])
        self.group[rows[ok]] = codes + self.next_group
        self.next_group += len(uniques)
        self.formed_at = np.concatenate([self.formed_at, np.full(len(uniques), self.current, dtype=np.int64)])

    def level(self, index, keys):
        """One level of JOINT_LEVELS: the four steps of :func:`joint_formation_candidates`."""
        self.current = index
        pool, value, needed = self.pool, self.value, self.needed
        keyed = pool[list(keys)].notna().all(axis=1).to_numpy()
        # 1. targets with members among themselves
        free_targets = self.free(keyed, "target")
        if free_targets.any():
            local = _group_by_members(_bucket(pool[free_targets], keys), value[free_targets], needed)
            self.new_groups(local, free_targets)
        # 2. what is left of them, completed with partners
        left, free_partners = self.free(keyed, "target"), self.free(keyed, "partner")
        if left.any() and free_partners.any():
            self.complete_with_partners(left, free_partners, keys)
        # 3. no-member targets join a group of their bucket
        self.attach(self.free(keyed, "covered"), keys, round_robin=True)
        # 4. no-member targets still alone: a group of partners for them
        waiting, free_partners = self.free(keyed, "covered"), self.free(keyed, "partner")
        if waiting.any() and free_partners.any():
            self.partners_for(waiting, free_partners, keys)

    def complete_with_partners(self, left, free_partners, keys):
        value, needed = self.value, self.needed
        both = left | free_partners
        sub = self.pool[both]
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
        self.new_groups(np.where(take, bucket, -1), both)

    def partners_for(self, waiting, free_partners, keys):
        pool, group = self.pool, self.group
        wanted = pd.MultiIndex.from_frame(pool.loc[waiting, list(keys)]).unique()
        in_wanted = free_partners & pd.MultiIndex.from_frame(pool[list(keys)]).isin(wanted)
        if not in_wanted.any():
            return
        before = self.next_group
        local = _group_by_members(_bucket(pool[in_wanted], keys), self.value[in_wanted], self.needed)
        self.new_groups(local, in_wanted)
        self.attach(waiting, keys, round_robin=False)
        fresh = (group >= before)
        with_target = set(group[fresh & (self.role == "covered")])
        drop = fresh & ~np.isin(group, list(with_target))
        group[drop] = -1

    def place_leftovers(self):
        """Targets with members still alone join a group formed at a level they share, finest first."""
        for index, (keys, _) in enumerate(JOINT_LEVELS):
            self.current = index
            keyed = self.pool[list(keys)].notna().all(axis=1).to_numpy()
            self.attach(self.free(keyed, "target"), keys, round_robin=False)

    def attach(self, rows_mask, keys, round_robin):
        """Attach targets of `rows_mask` to the current level's groups of their bucket with free slots."""
        pool, group, max_orgs = self.pool, self.group, self.max_orgs
        groups = pool[group >= 0].assign(g=group[group >= 0])
        groups = groups[self.formed_at[groups["g"].to_numpy()] == self.current]
        if not len(groups) or not rows_mask.any():
            return
        by_group = groups.groupby("g")
        info = pd.DataFrame({"n": by_group.size()})
        for k in keys:  # the group's street, community, industry when all its members share it
            info[k] = by_group[k].first().where(by_group[k].nunique(dropna=False) == 1)
        info = info.dropna(subset=list(keys))
        info = info[info["n"] < max_orgs]
        if not len(info):
            return
        free = (max_orgs - info["n"]).to_numpy()
        slots = info.loc[info.index.repeat(free)].reset_index()
        slots["slot"] = slots.groupby("g").cumcount()
        slots = slots.sort_values(["slot", "g"] if round_robin else ["g", "slot"], kind="stable")
        slots["rank"] = slots.groupby(list(keys), sort=False).cumcount()
        waiting = pool[rows_mask].dropna(subset=list(keys))
        waiting = waiting.assign(rank=waiting.groupby(list(keys), sort=False).cumcount())
        joined = waiting.reset_index().merge(slots[[*keys, "rank", "g"]], on=[*keys, "rank"])
        group[joined["index"].to_numpy()] = joined["g"].to_numpy()


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

