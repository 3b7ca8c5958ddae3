"""The demo district a few weeks on (定期通报): the second snapshot of the periodic report.

Some open organizations formed a Party organization, a few were added, removed or renamed
(keeping the credit code), some figures changed and a leader was re-attached.
"""

import numpy as np
import pandas as pd

from liangxin.demo.cells import _few, _pick
from liangxin.demo.district import _JOINT, _STANDALONE, STREETS

__all__ = []  # a part of the generator's district (liangxin.demo.workbook)


class _Later:
    """The later snapshot of :class:`liangxin.demo.workbook._District` (a mixin of it)."""

    def _referenced_uids(self):
        return np.unique(np.concatenate([
            self.leader_table["uid"].to_numpy(), self.department_table["uid"].to_numpy(),
            self.supervision_table["uid"].to_numpy(), self.mass_table["uid"].to_numpy(),
        ]))

    def advance(self, rng):
        """Move the district a few weeks on (the periodic report's second snapshot)."""
        orgs = self.orgs
        uid = orgs["uid"].to_numpy()
        ordinary = ~orgs["special"].to_numpy() & ~orgs["used"].to_numpy() & ~orgs["rejected"].to_numpy()
        leaders = self.leader_table
        protected = np.isin(uid, leaders.loc[leaders["leader"].str.strip().isin(self.protected_leaders), "uid"])
        attached = np.isin(uid, leaders["uid"].to_numpy())
        open_now = self._open_mask()
        taken = np.zeros(len(orgs), dtype=bool)
        formed = self._form_party_orgs(rng, ordinary & open_now & ~protected, max(1, round(0.10 * open_now.sum())))
        taken[formed] = True
        changed = self._change_figures(rng, ordinary & ~taken & ~attached)
        taken[changed] = True
        free = ordinary & ~taken & ~np.isin(uid, self._referenced_uids())
        renamed = self._rename_one(free)
        taken[renamed] = True
        free[renamed] = False
        # a few removed (never one a table names)
        removed = np.sort(_pick(rng, np.flatnonzero(free), _few(self.n, 3, 2000)))
        self.notable["later_removed"] = tuple(orgs.loc[removed, "name"])
        self.notable["later_removed_codes"] = tuple(c for c in orgs.loc[removed, "code"] if c is not None)
        # a leader re-attached elsewhere
        self._reattach_leader(rng, open_now & ordinary & ~taken & ~attached)
        new = self._newcomers(rng, int(uid.max()) + 1)
        self.orgs = pd.concat([orgs.drop(index=removed), new], ignore_index=True)
        self.planted["later_formed"] = ("两新组织", uid[formed])
        self.planted["later_changed_figures"] = ("两新组织", uid[changed])
        self.planted["later_renamed"] = ("两新组织", uid[renamed])
        self.planted["later_added"] = ("两新组织", new["uid"].to_numpy())

    def _form_party_orgs(self, rng, candidates, k):
        """About 10% of the open organizations formed a Party organization; return their rows."""
        orgs = self.orgs
        formed = np.sort(_pick(rng, np.flatnonzero(candidates), k))
        members = orgs["members"].to_numpy().copy()
        standalone = (members[formed] >= 3) & (rng.random(len(formed)) < 0.6)
        if len(formed) > 1 and not standalone.any():  # the best-staffed one found enough members
            best = int(np.argmax(members[formed]))
            members[formed[best]] = max(members[formed[best]], 3)
            standalone[best] = True
        members[formed] = np.where(members[formed] == 0, rng.integers(1, 3, len(formed)), members[formed])
        orgs["members"] = members
        orgs.loc[formed, "status"] = np.where(standalone, _STANDALONE, _JOINT).astype(np.int8)
        orgs.loc[formed, "status_blank"] = False
        joint_name = self._joint_branch_names(orgs.loc[formed], numbered=False)
        orgs.loc[formed, "party_org"] = np.where(standalone, orgs.loc[formed, "name"].to_numpy(dtype=object) + "党支部", joint_name)
        union_now = rng.random(len(formed)) < 0.5
        orgs.loc[formed[union_now], "union"] = True
        return formed

    def _change_figures(self, rng, candidates):
        """Some organizations' employees and members changed; return their rows."""
        orgs = self.orgs
        changed = np.sort(_pick(rng, np.flatnonzero(candidates), max(2, round(0.03 * len(orgs)))))
        factor = rng.uniform(0.7, 1.4, len(changed))
        orgs.loc[changed, "employees"] = np.maximum(1, np.round(orgs.loc[changed, "employees"].to_numpy() * factor)).astype(np.int64)
        orgs.loc[changed, "members"] = orgs.loc[changed, "members"].to_numpy() + rng.integers(0, 3, len(changed)) * (rng.random(len(changed)) < 0.5)
        return changed

    def _rename_one(self, free):
        """One enterprise renamed, keeping its credit code; return its row (none if no candidate)."""
        orgs = self.orgs
        names = orgs["name"].to_numpy(dtype=object)
        candidates = np.flatnonzero(free & ~orgs["social"].to_numpy() & pd.notna(orgs["code"].to_numpy()))[:20000]
        plain = pd.Series(names[candidates], dtype=object).str.match(r"^深圳市.*[^分]有限公司$").to_numpy()
        renamed = candidates[plain][:1]
        if len(renamed):
            r = int(renamed[0])
            old = names[r]
            new = old[: -len("有限公司")] + "集团有限公司"
            orgs.at[r, "name"] = new
            if orgs.at[r, "name_cell"] is not None:
                orgs.at[r, "name_cell"] = None
            self.notable["later_renamed"] = (orgs.at[r, "code"], old, new)
        return renamed

    def _newcomers(self, rng, uid_start):
        """A few new organizations, to be appended at the bottom."""
        orgs = self.orgs
        new = self._draw_organizations(
            rng, _few(self.n, 5, 1000), uid_start=uid_start,
            existing_names=orgs["name"].to_numpy(dtype=object), existing_codes=orgs["code"].to_numpy(dtype=object))
        new["party_org"] = self._party_org_names(new)
        joint = np.flatnonzero(new["status"].to_numpy() == _JOINT)  # newcomers join branch 1
        new.loc[joint, "party_org"] = self._joint_branch_names(new.iloc[joint], numbered=False)
        return new

    def _reattach_leader(self, rng, candidates):
        orgs, table = self.orgs, self.leader_table
        leader = table["leader"].str.strip()
        counts = leader[table["uid"] >= 0].value_counts()
        movable = [name for name in self.leader_names
                   if name not in self.protected_leaders and counts.get(name, 0) >= 2]
        targets = np.flatnonzero(candidates)
        if not movable or len(targets) == 0:
            return
        who = movable[int(rng.integers(0, len(movable)))]
        row = int(np.flatnonzero((leader == who).to_numpy() & (table["uid"] >= 0).to_numpy())[0])
        old_uid = int(table.at[row, "uid"])
        new_row = int(rng.choice(targets))
        old_name = orgs.loc[orgs["uid"] == old_uid, "name"].iloc[0]
        table.loc[row, ["uid", "name", "code", "street"]] = [
            int(orgs.at[new_row, "uid"]), orgs.at[new_row, "name"], orgs.at[new_row, "code"],
            STREETS[orgs.at[new_row, "street"]],
        ]
        orgs.at[new_row, "key"] = True
        self.notable["later_reattached"] = (who, old_name, orgs.at[new_row, "name"])
        self.planted["later_reattached"] = ("挂点促建", (row,))
