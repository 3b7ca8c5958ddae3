"""Problems planted in the demo's 两新组织 sheet, and the findings of RULES.md guaranteed to occur.

Each data problem INPUT.md lists is planted on a small handful of rows (the handful grows slowly
with the size); every uncovered and chain finding has at least one organization.
"""

import numpy as np

from liangxin.demo.cells import _few
from liangxin.demo.district import (_FULLWIDTH_DIGITS, _JOINT, _NO_DEPARTMENT_STREET, _NONE, _SHARED_COMMUNITY,
                                    _STANDALONE, _UNKNOWN_COMMUNITY, STREETS)
from liangxin.loaders.credit_code import CREDIT_CODE_CHARSET

__all__ = []  # a part of the generator's district (liangxin.demo.workbook)


class _Problems:
    """The planted problems of :class:`liangxin.demo.workbook._District` (a mixin of it)."""

    def _take(self, k, mask=None):
        """Take up to `k` unused organization rows (positions), marking them used."""
        orgs = self.orgs
        ok = ~orgs["used"].to_numpy()
        if mask is not None:
            ok &= mask
        candidates = self._order[ok[self._order]][:k]
        orgs.loc[candidates, "used"] = True
        return candidates

    def _plant(self, key, rows, *, special=False, rejected=False):
        rows = np.asarray(rows, dtype=np.int64)
        if special:
            self.orgs.loc[rows, "special"] = True
        if rejected:
            self.orgs.loc[rows, "rejected"] = True
        uids = self.orgs["uid"].to_numpy()[rows]
        self.planted[key] = ("两新组织", uids)
        return rows

    def _plant_organization_problems(self):
        n, orgs = self.n, self.orgs
        self._order = self.rng.permutation(n)
        one = _few(n, 1, 100_000)
        has_code = orgs["code"].notna().to_numpy()
        self._plant_readable_cells(_few(n, 2, 2500), orgs["street"].to_numpy())
        self._plant_rejected_rows(one, has_code)
        self._plant_chain_breaks(one)
        self._guarantee_findings()
        self._reserve_no_responsible_unit()
        self._guarantee_community_no_owner()

    def _plant_readable_cells(self, few, street):
        """Cells an analyst writes that the loader must read (no problem)."""
        n, orgs = self.n, self.orgs
        rows = self._plant("employees_fullwidth", self._take(few))
        orgs.loc[rows, "employees_cell"] = [str(v).translate(_FULLWIDTH_DIGITS) for v in orgs.loc[rows, "employees"]]
        rows = self._plant("employees_with_unit", self._take(few))
        orgs.loc[rows, "employees_cell"] = [f"{v}人" if i % 2 == 0 else f"{v} 人"
                                            for i, v in enumerate(orgs.loc[rows, "employees"])]
        rows = self._plant("street_no_suffix", self._take(_few(n, 3, 1000), street != _NO_DEPARTMENT_STREET))
        orgs.loc[rows, "street_cell"] = [STREETS[s][:-2] for s in orgs.loc[rows, "street"]]
        rows = self._plant("community_no_suffix", self._take(few))
        orgs.loc[rows, "community_cell"] = [self.comm_name[c][:-2] for c in orgs.loc[rows, "community"]]
        rows = self._plant("name_padded", self._take(_few(n, 3, 2500)))
        pads = (("  ", ""), ("", " "), ("\u3000", ""), ("", "\u3000"))
        orgs.loc[rows, "name_cell"] = [pads[i % 4][0] + v + pads[i % 4][1] for i, v in enumerate(orgs.loc[rows, "name"])]

    def _plant_rejected_rows(self, one, has_code):
        """Rows the loader must reject, the same organization twice, a code with a bad check character."""
        rng, orgs = self.rng, self.orgs
        rows = self._plant("employees_bad_text", self._take(one), special=True, rejected=True)
        orgs.loc[rows, "employees_cell"] = "约一百"
        rows = self._plant("employees_dash", self._take(one), special=True, rejected=True)
        orgs.loc[rows, "employees_cell"] = "-"
        rows = self._plant("members_negative", self._take(one, orgs["members"].to_numpy() <= 5), special=True, rejected=True)
        orgs.loc[rows, "members"] = -orgs.loc[rows, "members"] - 1
        rows = self._plant("name_empty", self._take(one), special=True, rejected=True)
        orgs.loc[rows, "name_cell"] = ""

        # the same organization twice: a copy overwrites another row; the later of the
        # two identical rows is the one the loader rejects
        originals = self._take(one, has_code)
        copies = self._take(len(originals))
        keep = ["uid", "used", "special", "rejected"]
        for column in orgs.columns.difference(keep):
            orgs.loc[copies, column] = orgs.loc[originals, column].to_numpy()
        self._plant("duplicate_original", np.minimum(originals, copies), special=True)
        self._plant("duplicate_row", np.maximum(originals, copies), special=True, rejected=True)

        rows = self._plant("code_bad_check", self._take(one, has_code), special=True)
        bad = []
        for code in orgs.loc[rows, "code"]:
            i = CREDIT_CODE_CHARSET.index(code[-1])
            bad.append(code[:-1] + CREDIT_CODE_CHARSET[(i + 1 + int(rng.integers(0, 30))) % 31])
        orgs.loc[rows, "code"] = bad

    def _plant_chain_breaks(self, one):
        """Broken responsibility chains, and two warnings."""
        rng, orgs = self.rng, self.orgs
        rows = self._plant("community_empty", self._take(one), special=True)
        orgs.loc[rows, "community_cell"] = ""
        rows = self._plant("street_empty", self._take(one), special=True)
        orgs.loc[rows, "street_cell"] = ""
        rows = self._plant("community_unknown", self._take(one), special=True)
        orgs.loc[rows, "community_cell"] = _UNKNOWN_COMMUNITY
        shared = self.comm_name == _SHARED_COMMUNITY + "社区"
        rows = self._plant("community_other_street", self._take(one), special=True)
        for row in rows:  # the community of another street (never the shared name)
            others = np.flatnonzero((self.comm_street != orgs.at[row, "street"]) & ~shared)
            orgs.at[row, "community"] = int(rng.choice(others))
        rows = self._plant("joint_without_party_org", self._take(one, orgs["status"].to_numpy() == _JOINT))
        orgs.loc[rows, "party_org"] = None
        rows = self._plant("yes_no_unclear", self._take(one))
        orgs.loc[rows, "union"] = False
        orgs.loc[rows, "union_cell"] = "不详"

    def _guarantee_findings(self):
        """Make sure each uncovered / chain finding of RULES.md has an organization."""
        rng, orgs = self.rng, self.orgs
        social = orgs["social"].to_numpy()
        employees = orgs["employees"].to_numpy()
        members = orgs["members"].to_numpy()
        status = orgs["status"].to_numpy()
        no_mass = ~(orgs["union"].to_numpy() | orgs["league"].to_numpy() | orgs["women"].to_numpy())
        required = self._party_org_required(orgs)

        def guarantee(key, natural, force):
            rows = self._take(1, natural)
            if len(rows) == 0:
                rows = self._take(1, ~social)
                force(rows)
            self._plant(key, rows)

        set_values = self._set_values
        guarantee("members_required", ~social & (employees >= 50) & (employees < 100) & (members == 0),
                  lambda r: set_values(r, employees=int(rng.integers(55, 95)), members=0, above=False))
        guarantee("party_org_required", ~social & (employees >= 100) & (status == _NONE) & (members >= 1),
                  lambda r: set_values(r, employees=int(rng.integers(120, 400)), members=1, status=_NONE, party_org=None))
        guarantee("mass_org_first", required & (status == _NONE) & (members < 3) & no_mass,
                  lambda r: set_values(r, employees=int(rng.integers(150, 300)), members=2, status=_NONE,
                                       party_org=None, union=False, league=False, women=False))
        guarantee("standalone_possible", (members >= 3) & (status == _JOINT),
                  lambda r: set_values(r, members=int(rng.integers(3, 8)), status=_JOINT,
                                       employees=int(rng.integers(30, 90)),
                                       party_org=self._joint_branch_names(orgs.loc[r], numbered=False)[0]))
        guarantee("mass_org_missing", (status != _NONE) & no_mass & (employees < 100),
                  lambda r: set_values(r, members=int(rng.integers(3, 10)), status=_STANDALONE,
                                       employees=int(rng.integers(30, 90)), union=False, league=False, women=False,
                                       party_org=orgs.loc[r[0], "name"] + "党支部"))

    def _set_values(self, rows, **values):
        for column, value in values.items():
            self.orgs.loc[rows, column] = value

    def _reserve_no_responsible_unit(self):
        """Open enterprises in the street with no department, kept out of every table."""
        rng, n, orgs = self.rng, self.n, self.orgs
        social = orgs["social"].to_numpy()
        open_now = self._open_mask()
        yuanshan = orgs["street"].to_numpy() == _NO_DEPARTMENT_STREET
        reserved = self._take(_few(n, 1, 5000), ~social & yuanshan & open_now)
        if len(reserved) == 0:
            reserved = self._take(1, ~social)
            comm = int(rng.choice(self.street_comms[_NO_DEPARTMENT_STREET]))
            self._set_values(reserved, street=_NO_DEPARTMENT_STREET, community=comm,
                             employees=int(rng.integers(120, 300)), members=0, status=_NONE, party_org=None)
        self._plant("no_responsible_unit", reserved, special=True)

    def _guarantee_community_no_owner(self):
        orgs = self.orgs
        no_owner = self.comm_no_owner[orgs["community"].to_numpy()] & ~orgs["special"].to_numpy()
        rows = self._take(1, no_owner)
        if len(rows) == 0:
            rows = self._take(1, orgs["street"].to_numpy() != _NO_DEPARTMENT_STREET)
            street = orgs.at[rows[0], "street"]
            comms = np.flatnonzero(self.comm_no_owner & (self.comm_street == street))
            if len(comms) == 0:
                comms = np.flatnonzero(self.comm_no_owner)
                orgs.loc[rows, "street"] = self.comm_street[comms[0]]
            orgs.loc[rows, "community"] = comms[0]
            if orgs.at[rows[0], "status"] == _JOINT:
                orgs.loc[rows, "party_org"] = self._joint_branch_names(orgs.loc[rows], numbered=False)[0]
        self._plant("community_no_owner", rows)
