"""The demo's responsibility tables: 挂点促建, 驻街保建, 主管包建, 党群共建, 责任容量 and 重点难点.

The notable units are planted here: an overloaded leader and one exactly at its capacity, an
overloaded department and one within an overridden capacity, an overloaded supervisory unit and
instructor. Department loads are the load rule's (:func:`liangxin.queries.loads.attribute_loads`)
on the generator's true figures, so what is planted is what the analysis finds.
"""

from types import SimpleNamespace

import numpy as np
import pandas as pd

from liangxin.demo.cells import _column, _objects, _phones, _pick
from liangxin.demo.district import (_CAPACITY_DEPARTMENT, _DEPARTMENTS, _DUAL_ROLE_UNIT, _MASS_ORGS,
                                    _NO_DEPARTMENT_STREET, _NONE, _OVERLOADED_DEPARTMENT, _OVERLOADED_SUPERVISOR,
                                    _SOCIAL_TYPES, _TWIN_INSTRUCTOR, _UNKNOWN_STREET, STREETS)
from liangxin.queries.loads import LoadLinks, attribute_loads
from liangxin.queries.rules import load_rules

__all__ = []  # a part of the generator's district (liangxin.demo.workbook)


class _ResponsibilityTables:
    """The responsibility tables of :class:`liangxin.demo.workbook._District` (a mixin of it)."""

    def _referenceable(self):
        """Rows a reference table may name: loaded, ordinary identity and place."""
        if getattr(self, "_referenceable_rows", None) is None or len(self._referenceable_rows) != len(self.orgs):
            orgs = self.orgs
            self._referenceable_rows = ~orgs["rejected"].to_numpy() & ~orgs["special"].to_numpy()
        return self._referenceable_rows

    def _reference_cells(self, rows, rng, *, code_missing=0.12, name_missing=0.03):
        """Name and code cells naming the organizations at `rows` (name as written, trimmed)."""
        names = self.orgs["name"].to_numpy(dtype=object)[rows].copy()
        codes = self.orgs["code"].to_numpy(dtype=object)[rows].copy()
        u = rng.random(len(rows))
        has_code = pd.notna(codes)
        codes[(u < code_missing) & has_code] = None
        names[(u > 1 - name_missing) & has_code] = None
        return names, codes

    # -- 挂点促建 ---------------------------------------------------------

    def _build_leaders(self):
        rng, n, orgs = self.rng, self.n, self.orgs
        n_leaders = int(np.clip(round(5 * np.log10(n)), 10, 25))
        leaders = self.people.take(n_leaders)
        liaisons = self.people.take(n_leaders)
        phones = _phones(rng, n_leaders)
        pools = self._leader_pools(n_leaders)
        overloaded, boundary = (int(i) for i in rng.choice(n_leaders, size=2, replace=False))
        rows_leader, rows_org = self._leader_rows(n_leaders, overloaded, boundary, *pools)
        names, codes = self._reference_cells(rows_org, rng)
        table = pd.DataFrame({
            "leader": _column(_objects(leaders)[rows_leader]),
            "uid": orgs["uid"].to_numpy()[rows_org],
            "name": _column(names),
            "code": _column(codes),
            "street": _column(_objects(STREETS)[orgs["street"].to_numpy()[rows_org]]),
            "liaison": _column(_objects(liaisons)[rows_leader]),
            "phone": _column(_objects(phones)[rows_leader]),
        })
        self.notable["overloaded_leader"] = (leaders[overloaded],)
        self.notable["boundary_leader"] = (leaders[boundary],)
        victim = next(i for i in range(n_leaders) if i not in (overloaded, boundary))
        self.leader_table = self._plant_leader_problems(table, rows_leader, victim, leaders, liaisons, phones)
        self.leader_names = leaders
        self.protected_leaders = (leaders[overloaded], leaders[boundary])

    def _leader_pools(self, n_leaders):
        """Open, closed (30+ employees) and spare organizations leaders may be attached to, drawn."""
        rng, n, orgs = self.rng, self.n, self.orgs
        employees = orgs["employees"].to_numpy()
        referenceable = self._referenceable()
        open_now = self._open_mask()
        open_pool = list(_pick(rng, np.flatnonzero(referenceable & open_now), 10 * n_leaders,
                               np.log1p(employees[referenceable & open_now])))
        closed_rows = np.flatnonzero(referenceable & ~open_now & (employees >= 30))
        closed_pool = list(_pick(rng, closed_rows, 4 * n_leaders, np.log1p(employees[closed_rows])))
        spare_rows = np.flatnonzero(referenceable & ~np.isin(np.arange(n), open_pool + closed_pool))
        spare_pool = list(_pick(rng, spare_rows, 4 * n_leaders))  # small sizes: whatever is left
        return open_pool, closed_pool, spare_pool

    def _leader_rows(self, n_leaders, overloaded, boundary, open_pool, closed_pool, spare_pool):
        """Each leader's organizations: 9 open + 1 closed for the overloaded one, 3 + 1 at the boundary."""
        rng, n = self.rng, self.n
        rows_leader, rows_org = [], []
        for i in range(n_leaders):
            if i == overloaded:
                n_open, n_closed = 9, 1
            elif i == boundary:
                n_open, n_closed = 3, 1
            else:  # 2-6 organizations (1-2 in a toy district of a few hundred)
                k = int(rng.integers(2, 7)) if n >= 1000 else int(rng.integers(1, 3))
                n_closed = max(int(rng.integers(0, min(k, 3))), k - 5)
                n_open = k - n_closed
            targets = [open_pool.pop() for _ in range(min(n_open, len(open_pool)))]
            n_closed += n_open - len(targets)
            for _ in range(n_closed):
                pool = closed_pool or spare_pool
                if pool:
                    targets.append(pool.pop())
            rows_leader += [i] * len(targets)
            rows_org += targets
        return np.array(rows_leader, dtype=np.int64), np.array(rows_org, dtype=np.int64)

    def _plant_leader_problems(self, table, rows_leader, victim, leaders, liaisons, phones):
        """Planted: a row naming an organization that does not exist; a padded leader name."""
        orgs = self.orgs
        phantom = "深圳市龙岗区嘉禾望岗实业有限公司"
        while orgs["name"].eq(phantom).any():
            phantom = phantom.replace("实业", "实业发展")
        at = int(np.flatnonzero(rows_leader == victim)[-1]) + 1 if (rows_leader == victim).any() else len(table)
        extra = pd.DataFrame({
            "leader": _column([leaders[victim]]), "uid": [-1], "name": _column([phantom]), "code": _column([None]),
            "street": _column([STREETS[0]]), "liaison": _column([liaisons[victim]]), "phone": _column([phones[victim]]),
        })
        table = pd.concat([table.iloc[:at], extra, table.iloc[at:]], ignore_index=True)
        padded = int(np.flatnonzero(table["leader"].to_numpy() != leaders[victim])[0])
        table.loc[padded, "leader"] = table.at[padded, "leader"] + "\u3000"
        self.planted["leader_unknown_organization"] = ("挂点促建", (at,))
        self.planted["leader_name_padded"] = ("挂点促建", (padded,))
        self.notable["phantom_organization"] = (phantom,)
        return table

    # -- 驻街保建 ---------------------------------------------------------

    def _department_loads(self, departments, station_dept, station_street, contact_dept, contact_org):
        """Load of each department by the load rule, from the true figures (for tuning only).

        The stations and contacts as the loader keeps them (each pair once); an organization
        whose street cell is empty is in no street's pool.
        """
        orgs = self.orgs
        street = orgs["street"].to_numpy().copy()
        street[orgs["street_cell"].to_numpy(dtype=object) == ""] = -1
        pairs = pd.DataFrame({"d": contact_dept, "o": contact_org}).drop_duplicates()
        stations = pd.DataFrame({"d": station_dept, "s": station_street}).drop_duplicates()
        links = LoadLinks(n_units=len(departments), link_unit=pairs["d"].to_numpy(dtype=np.int64),
                          link_org=pairs["o"].to_numpy(dtype=np.int64),
                          station_unit=stations["d"].to_numpy(dtype=np.int64),
                          station_street=stations["s"].to_numpy(dtype=np.int64), org_street=street)
        return attribute_loads(links, self._open_mask().astype(float))

    def _build_departments(self):
        departments = self._choose_departments()
        plan = SimpleNamespace(departments=departments, stations=self._draw_stations(len(departments)),
                               referenceable=self._referenceable(), street=self.orgs["street"].to_numpy(),
                               taken=np.zeros(self.n, dtype=bool), contact_dept=[], contact_org=[])
        self._ordinary_contacts(plan)
        self._tune_department(plan, _OVERLOADED_DEPARTMENT, 32, np.inf)
        self._tune_department(plan, _CAPACITY_DEPARTMENT, 24, 30)
        self.department_table = self._department_table(plan)
        self.department_plan = plan  # the stations and contacts as drawn, for tests to check the loads
        self.notable["overloaded_department"] = (_OVERLOADED_DEPARTMENT,)
        self.notable["capacity_department"] = (_CAPACITY_DEPARTMENT,)
        self.departments = departments

    def _choose_departments(self):
        n_dept = int(np.clip(round(26 + 3 * np.log10(self.n)), 30, 45))
        forced = [_OVERLOADED_DEPARTMENT, _CAPACITY_DEPARTMENT, _DUAL_ROLE_UNIT, _OVERLOADED_SUPERVISOR]
        others = [d for d in _DEPARTMENTS if d not in forced]
        chosen = set(forced) | set(_pick(self.rng, _objects(others), n_dept - len(forced)))
        return [d for d in _DEPARTMENTS if d in chosen]  # the district's usual order

    def _draw_stations(self, n_dept):
        """Two or more departments per street (none in 园山); three departments in two streets."""
        rng = self.rng
        streets = [s for s in range(len(STREETS)) if s != _NO_DEPARTMENT_STREET]
        n_double = 3
        counts = np.full(len(streets), 2)
        extra_slots = np.repeat(np.arange(len(streets)), 3)
        counts += np.bincount(rng.permutation(extra_slots)[: n_dept + n_double - counts.sum()], minlength=len(streets))
        slot_street = np.repeat(streets, counts)
        slot_dept = np.full(len(slot_street), -1)
        order = rng.permutation(len(slot_street))
        slot_dept[order[:n_dept]] = rng.permutation(n_dept)
        for slot in order[n_dept:]:
            here = set(slot_dept[slot_street == slot_street[slot]].tolist())
            slot_dept[slot] = int(rng.choice([d for d in range(n_dept) if d not in here]))
        return pd.DataFrame({"d": slot_dept, "s": slot_street}).sort_values(["d", "s"], ignore_index=True)

    def _ordinary_contacts(self, plan):
        """A third of the stations name 1-3 organizations of their street."""
        rng = self.rng
        employees = self.orgs["employees"].to_numpy()
        streets = [s for s in range(len(STREETS)) if s != _NO_DEPARTMENT_STREET]
        by_street = {s: np.flatnonzero(plan.referenceable & (plan.street == s) & (employees >= 20)) for s in streets}
        for d, s in zip(plan.stations["d"], plan.stations["s"]):
            if rng.random() < 0.35:
                pool = by_street[s][~plan.taken[by_street[s]]]
                picked = _pick(rng, pool, int(rng.integers(1, 4)), np.log1p(employees[pool]))
                plan.taken[picked] = True
                plan.contact_dept += [d] * len(picked)
                plan.contact_org += picked.tolist()

    def _tune_department(self, plan, department, target, ceiling):
        """Give `department` open organizations to contact until its load passes `target`."""
        d = plan.departments.index(department)
        stations, street = plan.stations, plan.street
        own_streets = stations.loc[stations["d"] == d, "s"].to_numpy()
        for _ in range(8):
            load = self._department_loads(plan.departments, stations["d"], stations["s"], plan.contact_dept,
                                          plan.contact_org)[d]
            if load > target or load > ceiling:
                return
            open_now = self._open_mask()
            candidates = plan.referenceable & open_now & ~plan.taken & (street != _NO_DEPARTMENT_STREET)
            preferred = np.flatnonzero(candidates & np.isin(street, own_streets))
            rest = np.flatnonzero(candidates & ~np.isin(street, own_streets))
            need = int(np.ceil(target - load)) + 1
            picked = np.concatenate([preferred, rest])[:need]
            if len(picked) == 0:
                return
            plan.taken[picked] = True
            plan.contact_dept.extend([d] * len(picked))
            plan.contact_org.extend(picked.tolist())

    def _station_rows(self, plan):
        """One row per station, repeated per contact; a contact outside the department's streets
        is written on its first station row."""
        stations = plan.stations
        contacts = pd.DataFrame({"d": np.array(plan.contact_dept, dtype=np.int64),
                                 "o": np.array(plan.contact_org, dtype=np.int64)})
        contacts["s"] = plan.street[contacts["o"].to_numpy()]
        station_keys = pd.MultiIndex.from_frame(stations[["d", "s"]])
        outside = ~pd.MultiIndex.from_frame(contacts[["d", "s"]]).isin(station_keys)
        first_station = stations.drop_duplicates("d").set_index("d")["s"]
        contacts.loc[outside, "s"] = first_station.loc[contacts.loc[outside, "d"]].to_numpy()
        quiet = stations[~station_keys.isin(pd.MultiIndex.from_frame(contacts[["d", "s"]]))].assign(o=-1)
        return pd.concat([contacts, quiet], ignore_index=True).sort_values(["d", "s"], kind="stable", ignore_index=True)

    def _department_table(self, plan):
        rng, orgs, departments = self.rng, self.orgs, plan.departments
        rows = self._station_rows(plan)
        org_rows = rows["o"].to_numpy()
        has_contact = org_rows >= 0
        contact_cell = np.full(len(rows), None, dtype=object)
        names, codes = self._reference_cells(org_rows[has_contact], rng, code_missing=0.0, name_missing=0.0)
        by_code = (rng.random(has_contact.sum()) < 0.1) & pd.notna(codes)
        contact_cell[has_contact] = np.where(by_code, codes, names)
        liaisons = _objects(self.people.take(len(departments)))
        phones = _objects(_phones(rng, len(departments), office=True))
        d = rows["d"].to_numpy()
        table = pd.DataFrame({
            "department": _column(_objects(departments)[d]),
            "street": _column(_objects(STREETS)[rows["s"].to_numpy()]),
            "uid": np.where(has_contact, orgs["uid"].to_numpy()[np.maximum(org_rows, 0)], -1),
            "contact": _column(contact_cell),
            "liaison": _column(liaisons[d]),
            "phone": _column(phones[d]),
        })
        short = _pick(rng, np.flatnonzero(~has_contact), 2)
        table.loc[short, "street"] = [v[:-2] for v in table.loc[short, "street"]]
        # planted: a station in a street that is not on 街道社区
        wrong = int(np.flatnonzero(d == departments.index(_CAPACITY_DEPARTMENT))[-1]) + 1
        extra = table.iloc[[wrong - 1]].assign(street=_UNKNOWN_STREET, contact=None, uid=-1)
        table = pd.concat([table.iloc[:wrong], extra, table.iloc[wrong:]], ignore_index=True)
        self.planted["station_street_unknown"] = ("驻街保建", (wrong,))
        self.planted["station_street_no_suffix"] = (
            "驻街保建", tuple(int(i) + int(i >= wrong) for i in np.sort(short)))
        return table

    # -- 主管包建 ---------------------------------------------------------

    def _build_supervision(self):
        rng, orgs = self.rng, self.orgs
        units, unit, supervised = self._supervisory_units()
        rows = np.flatnonzero(supervised)
        unit_index = pd.Index(units, dtype=object).get_indexer(unit[rows])
        order = np.lexsort((rows, unit_index))
        rows, unit_index = rows[order], unit_index[order]
        instructor = self._instructors(units, unit_index)
        names, codes = self._reference_cells(rows, rng)
        phone = np.where(pd.notna(instructor), None, None).astype(object)
        phone[pd.notna(instructor)] = _phones(rng, int(pd.notna(instructor).sum()))
        phone[pd.isna(instructor)] = _phones(rng, int(pd.isna(instructor).sum()), office=True)
        table = pd.DataFrame({
            "unit": _column(_objects(units)[unit_index]),
            "uid": orgs["uid"].to_numpy()[rows],
            "name": _column(names),
            "code": _column(codes),
            "instructor": _column(instructor),
            "phone": _column(phone),
        })
        self.supervision_table = self._plant_supervised_enterprise(table)
        self.notable["overloaded_supervisory_unit"] = (_OVERLOADED_SUPERVISOR,)
        self.notable["dual_role_units"] = tuple(u for u in units if u in self.departments)

    def _supervisory_units(self):
        """The supervisory units, each social organization's, and which are supervised (one not)."""
        rng, orgs = self.rng, self.orgs
        social = orgs["social"].to_numpy()
        street = orgs["street"].to_numpy()
        stype = orgs["stype"].to_numpy()
        referenceable = self._referenceable()
        unit_of_type = _objects([t[2] for t in _SOCIAL_TYPES])
        unit = np.full(len(orgs), None, dtype=object)
        unit[social] = unit_of_type[stype[social]]
        by_street_office = social & (rng.random(len(orgs)) < 0.05)  # registered with their street
        unit[by_street_office] = _objects([s[:-2] + "街道办事处" for s in STREETS])[street[by_street_office]]
        supervised = social & referenceable & (rng.random(len(orgs)) < 0.85)
        # at least one social organization without a supervisory unit
        unsupervised = np.flatnonzero(social & referenceable & ~supervised & ~orgs["used"].to_numpy())
        if len(unsupervised) == 0:
            candidates = np.flatnonzero(supervised & ~orgs["used"].to_numpy())
            if len(candidates):
                supervised[candidates[0]] = False
                unsupervised = candidates[:1]
        if len(unsupervised):
            orgs.loc[unsupervised[:1], "used"] = True
            self._plant("no_supervisor", unsupervised[:1])
        units = [t[2] for t in _SOCIAL_TYPES] + [s[:-2] + "街道办事处" for s in STREETS]
        return list(dict.fromkeys(units)), unit, supervised

    def _instructors(self, units, unit_index):
        """Instructors: 2-6 organizations each, one guiding 12, one name under two units."""
        rng = self.rng
        instructor = np.full(len(unit_index), None, dtype=object)
        instructor_unit = _DUAL_ROLE_UNIT  # where the overloaded instructor works
        twin_units = (_DUAL_ROLE_UNIT, "区卫生健康局")
        capacity = load_rules().capacity("instructor")
        for u, name in enumerate(units):
            mine = np.flatnonzero((unit_index == u) & (rng.random(len(unit_index)) < 0.85))
            if len(mine) == 0:
                continue
            sizes = rng.integers(2, 7, size=len(mine) + 2)
            if name == instructor_unit:
                sizes[:2] = (12, 5)
            elif name == twin_units[1]:
                sizes[0] = 4
            bounds = np.cumsum(sizes)
            k = int(np.searchsorted(bounds, len(mine) - 1, side="right")) + 1
            people = self.people.take(k)
            if name in twin_units:
                slot = 1 if name == instructor_unit else 0
                if k > slot:
                    people[slot] = _TWIN_INSTRUCTOR
            which = np.searchsorted(bounds, np.arange(len(mine)), side="right")
            instructor[mine] = _objects(people)[which]
            if name == instructor_unit and (which == 0).sum() > capacity:
                self.notable["overloaded_instructor"] = (people[0], name)
        self.notable["twin_instructor"] = (_TWIN_INSTRUCTOR, *twin_units)
        return instructor

    def _plant_supervised_enterprise(self, table):
        """Planted: a 主管包建 row naming an enterprise."""
        orgs = self.orgs
        enterprise = np.flatnonzero(~orgs["social"].to_numpy() & self._referenceable() & ~orgs["used"].to_numpy())
        if not len(enterprise):
            return table
        target = int(enterprise[0])
        orgs.loc[[target], "used"] = True
        mine = np.flatnonzero(table["unit"].to_numpy() == _DUAL_ROLE_UNIT)
        at = int(mine[-1]) + 1 if len(mine) else len(table)
        extra = pd.DataFrame({
            "unit": _column([_DUAL_ROLE_UNIT]), "uid": [orgs.at[target, "uid"]],
            "name": _column([orgs.at[target, "name"]]), "code": _column([orgs.at[target, "code"]]),
            "instructor": _column([None]), "phone": _column(_phones(self.rng, 1, office=True)),
        })
        self.planted["supervision_of_enterprise"] = ("主管包建", (at,))
        return pd.concat([table.iloc[:at], extra, table.iloc[at:]], ignore_index=True)

    # -- 党群共建, 责任容量, 重点难点 --------------------------------------

    def _build_mass_org_tasks(self):
        rng, orgs = self.rng, self.orgs
        ok = self._referenceable() & ~orgs["used"].to_numpy()
        mass, task, rows = [], [], []
        for mass_org, what, mask in self._mass_org_tasks(ok):
            picked = np.flatnonzero(mask)
            mass += [mass_org] * len(picked)
            task += [what] * len(picked)
            rows.append(picked)
        rows = np.concatenate(rows)
        mass_index = pd.Index(_MASS_ORGS, dtype=object).get_indexer(_objects(mass))
        order = np.lexsort((rows, mass_index))
        rows = rows[order]
        names, codes = self._reference_cells(rows, rng, code_missing=0.15)
        table = pd.DataFrame({
            "mass_org": _column(_objects(mass)[order]),
            "uid": orgs["uid"].to_numpy()[rows],
            "name": _column(names),
            "code": _column(codes),
            "task": _column(_objects(task)[order]),
        })
        self.mass_table = self._plant_mass_references(table, ok)

    def _mass_org_tasks(self, ok):
        """(mass organization, task, which organizations) for each task of 党群共建."""
        rng, orgs = self.rng, self.orgs
        n = len(orgs)
        social = orgs["social"].to_numpy()
        employees = orgs["employees"].to_numpy()
        members = orgs["members"].to_numpy()
        organized = orgs["status"].to_numpy() != _NONE
        union = orgs["union"].to_numpy()
        league = orgs["league"].to_numpy()
        women = orgs["women"].to_numpy()
        u = [rng.random(n) for _ in range(6)]
        return (
            ("区总工会", "建会", ok & ~social & ~union & ((employees >= 100) & (u[0] < 0.6) | (employees >= 50) & (employees < 100) & (u[0] < 0.15))),
            ("区总工会", "找党员", ok & (members == 0) & (employees >= 50) & (u[1] < 0.1)),
            ("团区委", "建团", ok & ~league & (employees >= 50) & (u[2] < 0.12)),
            ("团区委", "推优", ok & organized & league & (u[3] < 0.2)),
            ("区妇联", "建妇", ok & ~women & (employees >= 50) & (u[4] < 0.1)),
        )

    def _plant_mass_references(self, table, ok):
        """Planted: a reference with the organization's invalid code; a name with half-width brackets."""
        orgs = self.orgs
        extra_rows = []
        bad_code = self.planted["code_bad_check"][1][0]
        at_bad = orgs.index[orgs["uid"] == bad_code][0]
        extra_rows.append(("区总工会", orgs.at[at_bad, "uid"], orgs.at[at_bad, "name"], orgs.at[at_bad, "code"], "找党员"))
        candidates = np.flatnonzero(ok & ~np.isin(orgs["uid"].to_numpy(), table["uid"].to_numpy()))[:20000]
        names = pd.Series(orgs["name"].to_numpy(dtype=object)[candidates], dtype=object)
        bracketed = candidates[names.str.contains("（", regex=False).to_numpy()]
        if len(bracketed):
            b = int(bracketed[0])
            orgs.loc[[b], "used"] = True
            half = orgs.at[b, "name"].replace("（", "(").replace("）", ")")
            extra_rows.append(("团区委", orgs.at[b, "uid"], half, None, "建团"))
        start = len(table)
        columns = list(zip(*extra_rows))
        extra = pd.DataFrame({
            "mass_org": _column(columns[0]), "uid": np.array(columns[1], dtype=np.int64),
            "name": _column(columns[2]), "code": _column(columns[3]), "task": _column(columns[4]),
        })
        self.planted["mass_reference_bad_code"] = ("党群共建", (start,))
        if len(bracketed):
            self.planted["mass_reference_halfwidth_brackets"] = ("党群共建", (start + 1,))
        return pd.concat([table, extra], ignore_index=True)

    def _build_capacities(self):
        boundary = self.notable["boundary_leader"][0]
        self.capacity_table = pd.DataFrame({
            "unit": _column([boundary, _CAPACITY_DEPARTMENT, _DUAL_ROLE_UNIT]),
            "capacity": np.array([3, 30, 20], dtype=np.int64),
        })
        self.notable["capacity_overrides"] = (f"{boundary}=3", f"{_CAPACITY_DEPARTMENT}=30", f"{_DUAL_ROLE_UNIT}=20")

    def _mark_key_organizations(self):
        """重点难点: every organization a leader is attached to, and some large unorganized ones."""
        orgs = self.orgs
        attached = np.isin(orgs["uid"].to_numpy(), self.leader_table["uid"].to_numpy())
        required_none = self._party_org_required(orgs) & (orgs["status"].to_numpy() == _NONE)
        extra = required_none & (self.rng.random(len(orgs)) < 0.4) & ~orgs["special"].to_numpy()
        orgs["key"] = attached | extra
