"""The demo district's organizations: drawn kinds, places, sizes, members, names, codes, Party organizations."""

import numpy as np
import pandas as pd

from liangxin.demo.cells import _chinese_number, _clashes, _column, _draw_styles, _objects
from liangxin.demo.district import (_ENTERPRISE_FORMS, _ENTERPRISE_INDUSTRIES, _ENTERPRISE_MU, _ENTERPRISE_SIGMA,
                                    _JOINT, _NONE, _SOCIAL_FORMS, _SOCIAL_SHARE, _SOCIAL_SIGMA, _SOCIAL_TYPES,
                                    _STANDALONE, _STREET_WEIGHTS, _ZIHAO_CHARS, STREETS)
from liangxin.loaders.credit_code import generate_credit_codes

__all__ = []  # a part of the generator's district (liangxin.demo.workbook)


class _Organizations:
    """The organizations of :class:`liangxin.demo.workbook._District` (a mixin of it)."""

    def _draw_organizations(self, rng, n, *, uid_start, existing_names=None, existing_codes=None):
        """Draw `n` organizations as an internal table (one row each)."""
        social, street, community, industry, stype = self._draw_kinds_and_places(rng, n)
        figures = self._draw_figures(rng, social, industry, stype)
        names = self._organization_names(rng, social, industry, stype, existing_names)
        codes = self._organization_codes(rng, social, stype, existing_codes)

        n_ind = len(_ENTERPRISE_INDUSTRIES)
        industry_text = _objects([i[0] for i in _ENTERPRISE_INDUSTRIES] + [t[1] for t in _SOCIAL_TYPES])
        return pd.DataFrame({
            "uid": np.arange(uid_start, uid_start + n, dtype=np.int64),
            "name": _column(names),
            "code": _column(codes),
            "social": social,
            "industry": _column(industry_text[np.where(social, n_ind + stype, industry)]),
            "stype": stype.astype(np.int64),
            "street": street.astype(np.int64),
            "community": community,
            **{name: figures[name] for name in ("employees", "members", "above", "entity", "status")},
            "status_blank": rng.random(n) < 0.4,  # 未组建 written as an empty cell
            **{name: figures[name] for name in ("union", "league", "women")},
            "key": np.zeros(n, dtype=bool),
            "style_above": _draw_styles(rng, n),
            "style_entity": _draw_styles(rng, n),
            "style_union": _draw_styles(rng, n),
            "style_league": _draw_styles(rng, n),
            "style_women": _draw_styles(rng, n),
            "party_org": _column([None] * n),
            # cells written differently from the truth (planted problems); None = as the truth
            "name_cell": _column([None] * n),
            "street_cell": _column([None] * n),
            "community_cell": _column([None] * n),
            "employees_cell": _column([None] * n),
            "union_cell": _column([None] * n),
            "rejected": np.zeros(n, dtype=bool),  # the loader must reject the row
            "special": np.zeros(n, dtype=bool),  # odd identity or place: kept out of reference tables
            "used": np.zeros(n, dtype=bool),  # carries a planted problem or a guaranteed finding
        })

    def _draw_kinds_and_places(self, rng, n):
        """Draw each organization's kind, street, community, industry and social organization type."""
        social = rng.random(n) < _SOCIAL_SHARE
        street = rng.choice(len(STREETS), size=n, p=_STREET_WEIGHTS / _STREET_WEIGHTS.sum())
        community = np.empty(n, dtype=np.int64)
        for s, comms in enumerate(self.street_comms):
            rows = np.flatnonzero(street == s)
            community[rows] = rng.choice(comms, size=len(rows), p=self.street_comm_weights[s])

        n_ind = len(_ENTERPRISE_INDUSTRIES)
        ind_share = np.array([i[1] for i in _ENTERPRISE_INDUSTRIES])
        industry = rng.choice(n_ind, size=n, p=ind_share / ind_share.sum())
        types = np.array([t[3] for t in _SOCIAL_TYPES])
        stype = rng.choice(len(_SOCIAL_TYPES), size=n, p=types / types.sum())
        stype = np.where(social, stype, -1)
        industry = np.where(social, -1, industry)
        return social, street, community, industry, stype

    @staticmethod
    def _draw_figures(rng, social, industry, stype):
        """Draw employees, members, 规模以上, 实体性, the Party organization status and the mass organizations."""
        n = len(social)
        # size: log-normal, heavier for manufacturing, schools, kindergartens
        ind_offset = np.array([i[2] for i in _ENTERPRISE_INDUSTRIES])
        social_mu = np.array([t[4] for t in _SOCIAL_TYPES])
        mu = np.where(social, social_mu[np.maximum(stype, 0)], _ENTERPRISE_MU + ind_offset[np.maximum(industry, 0)])
        sigma = np.where(social, _SOCIAL_SIGMA, _ENTERPRISE_SIGMA)
        employees = np.minimum(np.ceil(rng.lognormal(mu, sigma)), 60000).astype(np.int64)

        # party members: Poisson around an over-dispersed rate, many zeros
        social_rate = np.array([t[7] for t in _SOCIAL_TYPES])
        mean_rate = np.where(social, social_rate[np.maximum(stype, 0)], 0.04)
        rate = rng.gamma(0.8, mean_rate / 0.8)
        members = np.minimum(rng.poisson(employees * rate), employees).astype(np.int64)

        above = ~social & (rng.random(n) < np.select(
            [employees >= 300, employees >= 100, employees >= 50, employees >= 20], [0.9, 0.6, 0.25, 0.05], 0.005))
        p_entity = np.array([t[5] for t in _SOCIAL_TYPES])
        entity = social & (rng.random(n) < p_entity[np.maximum(stype, 0)])

        big = employees >= 100
        p_standalone = np.where(members >= 3, 0.5 + 0.3 * big, 0.0)
        p_joint = np.select([members >= 3, members >= 1], [0.3 - 0.15 * big, 0.45], np.where(big, 0.2, 0.04))
        u = rng.random(n)
        status = np.where(u < p_standalone, _STANDALONE, np.where(u < p_standalone + p_joint, _JOINT, _NONE))
        status = status.astype(np.int8)
        organized = status != _NONE
        union = rng.random(n) < np.clip(0.05 + 0.55 * big + 0.25 * ((employees >= 25) & ~big) + 0.15 * organized, 0, 0.95)
        league = rng.random(n) < 0.02 + 0.25 * big + 0.1 * organized
        women = rng.random(n) < 0.02 + 0.2 * big + 0.1 * organized

        return {"employees": employees, "members": members, "above": above, "entity": entity, "status": status,
                "union": union, "league": league, "women": women}

    @staticmethod
    def _zihao(rng, n, length):
        chars = _objects(_ZIHAO_CHARS)
        m = len(chars)
        first = rng.integers(0, m, n)
        second = (first + 1 + rng.integers(0, m - 1, n)) % m
        zihao = chars[first] + chars[second]
        for _ in range(length - 2):
            zihao = zihao + chars[rng.integers(0, m, n)]
        return zihao

    def _organization_names(self, rng, social, industry, stype, existing_names):
        n = len(social)
        words, offsets, counts = [], [], []
        for _, _, _, industry_words in _ENTERPRISE_INDUSTRIES:
            offsets.append(len(words))
            counts.append(len(industry_words))
            words += industry_words
        words, offsets, counts = _objects(words), np.array(offsets), np.array(counts)
        form_share = np.array([f[2] for f in _ENTERPRISE_FORMS])
        before = _objects([f[0] for f in _ENTERPRISE_FORMS])
        after = _objects([f[1] for f in _ENTERPRISE_FORMS])
        social_before = _objects([f[0] for f in _SOCIAL_FORMS])
        social_share = np.array([f[1] for f in _SOCIAL_FORMS])
        social_words = _objects([t[0] for t in _SOCIAL_TYPES])
        existing = frozenset(() if existing_names is None else existing_names)

        def make(rows, length):
            names = np.empty(len(rows), dtype=object)
            firms = np.flatnonzero(~social[rows])
            k = len(firms)
            ind = industry[rows[firms]]
            word = words[offsets[ind] + (rng.random(k) * counts[ind]).astype(np.int64)]
            form = rng.choice(len(form_share), size=k, p=form_share / form_share.sum())
            names[firms] = before[form] + self._zihao(rng, k, length) + word + after[form]
            others = np.flatnonzero(social[rows])
            k = len(others)
            form = rng.choice(len(social_share), size=k, p=social_share / social_share.sum())
            names[others] = social_before[form] + self._zihao(rng, k, length) + social_words[stype[rows[others]]]
            return names

        names = make(np.arange(n), 2)
        length = 2
        while True:
            clash = pd.Series(names, dtype=object).duplicated().to_numpy() | _clashes(names, existing)
            if not clash.any():
                return names
            length = min(length + 1, 4)
            rows = np.flatnonzero(clash)
            names[rows] = make(rows, length)

    def _organization_codes(self, rng, social, stype, existing_codes):
        n = len(social)
        category = _objects([t[6] for t in _SOCIAL_TYPES])[np.maximum(stype, 0)]
        region = np.where(rng.random(n) < 0.6, "440300", "440307").astype(object)
        prefix = np.where(social, category + "440307", "91" + region)
        has_code = rng.random(n) < np.where(social, 0.9, 0.96)
        codes = np.full(n, None, dtype=object)
        existing = frozenset(() if existing_codes is None else existing_codes)
        for value in sorted(pd.unique(prefix[has_code])):
            rows = np.flatnonzero((prefix == value) & has_code)
            drawn = generate_credit_codes(len(rows), rng, prefix=value).astype(object)
            while True:
                clash = _clashes(drawn, existing)
                if not clash.any():
                    break
                drawn[clash] = generate_credit_codes(int(clash.sum()), rng, prefix=value).astype(object)
                drawn_series = pd.Series(drawn, dtype=object)
                dup = drawn_series.duplicated().to_numpy()
                drawn[dup] = None  # vanishingly rare; an organization without a code is fine
            codes[rows] = drawn
        return codes

    def _party_org_names(self, orgs):
        """Name each organization's Party organization from its status (``None`` for none)."""
        result = np.full(len(orgs), None, dtype=object)
        status = orgs["status"].to_numpy()
        standalone = np.flatnonzero(status == _STANDALONE)
        name = orgs["name"].to_numpy(dtype=object)[standalone]
        members = orgs["members"].to_numpy()[standalone]
        result[standalone] = np.where(
            members >= 50, "中共" + name + "委员会", np.where(members >= 30, name + "党总支", name + "党支部"))
        joint = np.flatnonzero(status == _JOINT)
        result[joint] = self._joint_branch_names(orgs.iloc[joint])
        return _column(result)

    def _joint_branch_names(self, orgs, *, numbered=True):
        """Name the joint branches of `orgs`: 'XX街道YY社区非公企业联合党支部'.

        Organizations of one community and kind share a branch, eight at most:
        the ninth opens the community's 第二联合党支部 (when `numbered`).
        """
        keys = pd.DataFrame({
            "street": orgs["street"].to_numpy(),
            "community": orgs["community"].to_numpy(),
            "social": orgs["social"].to_numpy(),
        })
        number = np.ones(len(orgs), dtype=np.int64)
        if numbered and len(orgs):
            number = keys.groupby(["street", "community", "social"], sort=False).cumcount().to_numpy() // 8 + 1
        top = int(number.max()) if len(number) else 1
        ordinals = _objects([""] + [f"第{_chinese_number(k)}" for k in range(2, top + 1)])
        street = _objects(STREETS)[keys["street"].to_numpy()]
        community = self.comm_name[keys["community"].to_numpy()]
        sector = np.where(keys["social"].to_numpy(), "社会组织", "非公企业").astype(object)
        return street + community + sector + ordinals[number - 1] + "联合党支部"

    def _open_mask(self, orgs=None):
        """Organizations that are open (RULES.md) and loaded, from the true figures."""
        orgs = self.orgs if orgs is None else orgs
        employees = orgs["employees"].to_numpy()
        enterprise = ~orgs["social"].to_numpy()
        status_none = orgs["status"].to_numpy() == _NONE
        members_required = enterprise & (employees >= 50) & (orgs["members"].to_numpy() == 0)
        party_org_required = self._party_org_required(orgs) & status_none
        return (members_required | party_org_required) & ~orgs["rejected"].to_numpy()

    @staticmethod
    def _party_org_required(orgs):
        employees = orgs["employees"].to_numpy()
        enterprise = ~orgs["social"].to_numpy()
        return (enterprise & ((employees >= 100) | orgs["above"].to_numpy())) | (
            orgs["entity"].to_numpy() & (employees >= 30))
