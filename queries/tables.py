"""Ranked and folded tables of an analysis: the headline figures, findings, coverage and loads.

The tables the analysts' notebooks and the report show, computed from an
:class:`~liangxin.queries.analysis.Analysis`: English column names and code values (the
notebooks' ``lx.zh`` puts them into Chinese), numbers as numbers. Nothing given is changed.

- :func:`overview` (and :func:`overview_figures`, the report's 总览 sheet);
- findings: :func:`by_organization`, :func:`uncovered_ranked`, :func:`uncovered_by_street`,
  :func:`chains_by_street`;
- :func:`coverage_table`; loads: :func:`loads_table`, :func:`loads_summary`, :func:`load_ratio`;
- one street: :func:`street_tables`.
"""

import numpy as np
import pandas as pd

from liangxin.graph.index import mark
from liangxin.queries._tabulate import (first_seen, fold_by_organization, groups_of, labels_per_organization,
                                        keep_rows, organization_rows, sorted_order, table_rows)
from liangxin.queries.analysis import headline_figures
from liangxin.queries.chains import CHAIN_CODES
from liangxin.queries.coverage import RATE_COLUMNS, coverage_flags, not_covered
from liangxin.queries.labels import FIGURE_ZH, ROLE_ZH, SCOPE_ZH
from liangxin.queries.responsibility import RESPONSIBLE_COLUMNS, names_at, responsible_names
from liangxin.queries.scope import organization_scope
from liangxin.queries.streets import resolve_street, street_rank
from liangxin.queries.uncovered import UNCOVERED_CODES

__all__ = [
    "overview_figures", "overview", "by_organization", "uncovered_ranked", "uncovered_by_street",
    "chains_by_street", "coverage_table", "coverage_by", "organizations_table", "load_ratio", "loads_table",
    "loads_summary", "street_tables", "load_margins", "HEADLINE_ORDER",
]

#: The headline figures a person reads first, in order (keys of queries.analysis.headline_figures).
HEADLINE_ORDER = ("open", "improvement", "no_responsible_unit", "key_no_leader", "overloaded")

#: The codes that make an organization open (it counts in coverage and loads).
_OPEN_CODES = ("MEMBERS_REQUIRED", "PARTY_ORG_REQUIRED")


def overview_figures(analysis) -> list:
    """The headline figures as ``(指标, value, format)`` triples, format ``"int"`` or ``"rate"``.

    The figures of :func:`liangxin.queries.analysis.headline_figures` first (未覆盖 / 提升项 /
    无责任主体 / 重点难点未挂点 / 超负荷, then the rates), then the sizes of the network and of the
    input. 未覆盖组织数 counts the open organizations only (RULES.md); the 提升项 apart.

    Examples
    --------
    >>> overview_figures(result)[:2]  # A C E F H I Q open; D and P only 提升项
    [('未覆盖组织数', 7, 'int'), ('提升项组织数', 2, 'int')]
    """
    counts = analysis.counts
    head = headline_figures(analysis)
    rows = [(FIGURE_ZH[key], head[key], "int") for key in HEADLINE_ORDER]
    rows += [(FIGURE_ZH[rate], head[rate], "rate") for rate in RATE_COLUMNS]
    rows += [(FIGURE_ZH[key], head[key], "int") for key in ("required", "organizations", "broken_chains", "idle")]
    return rows + [
        ("街道数", counts["streets"], "int"),
        ("社区数", counts["communities"], "int"),
        ("区领导数", counts["leaders"], "int"),
        ("区直机关数", counts["departments"], "int"),
        ("业务主管单位数", counts["supervisory_units"], "int"),
        ("党建工作指导员数", counts["instructors"], "int"),
        ("群团组织数", counts["mass_orgs"], "int"),
        ("党组织数", counts["party_orgs"], "int"),
        ("读取行数", counts["rows_read"], "int"),
        ("载入行数", counts["rows_loaded"], "int"),
        ("拒收行数", counts["rows_rejected"], "int"),
        ("警告条数", int(len(analysis.network.tables.warnings)), "int"),
    ]


def overview(analysis, percent: bool = True) -> pd.DataFrame:
    """The headline figures (指标, 数值), as on the report's 总览 sheet.

    Parameters
    ----------
    percent : bool
        Rates as text such as ``63.4%`` (default); with False they stay fractions.

    Examples
    --------
    >>> figures = overview(result).set_index("指标")["数值"]
    >>> figures["两新组织数"], figures["应建党组织的组织数"], figures["组织覆盖率"]  # 3 of 7 organized
    (13, 7, '42.9%')
    >>> round(overview(result, percent=False).set_index("指标").loc["工作覆盖率", "数值"], 4)  # 6 of 7
    0.8571
    """
    rows = overview_figures(analysis)
    values = [(f"{v:.1%}" if percent and not pd.isna(v) else float(v)) if kind == "rate" else int(v)
              for _, v, kind in rows]
    return pd.DataFrame({"指标": [r[0] for r in rows], "数值": pd.Series(values, dtype=object)})


def by_organization(rows: pd.DataFrame, network=None) -> pd.DataFrame:
    """Fold finding rows (one per organization and code) into one row per organization.

    Parameters
    ----------
    rows : DataFrame
        ``analysis.uncovered`` or ``analysis.broken_chains`` (or rows filtered from them).
    network : ResponsibilityNetwork, optional
        The network the rows are of: their organizations are then told apart by their positions
        (:func:`~liangxin.queries._tabulate.table_rows`, kept with a query's own table) instead of
        by hashing their ids again. The same result.

    Returns
    -------
    DataFrame
        ``org_id, name, kind, street, community, codes, labels, n_codes``: codes and their
        Chinese labels joined with ``、``.

    Examples
    --------
    >>> folded = by_organization(result.broken_chains)  # 7 organizations, 9 breaks
    >>> len(folded), int(folded["n_codes"].sum())
    (7, 9)
    >>> folded.loc[0, ["name", "codes", "labels"]].tolist()  # no street sorts first
    ['己商贸有限公司', 'NO_COMMUNITY、UNKNOWN_STREET', '未落社区、街道不存在']
    >>> by_organization(result.broken_chains, result.network).equals(folded)
    True
    """
    return _fold(rows, network)[0]


def _fold(rows, network=None):
    """:func:`by_organization` of `rows`, and the folded organizations' positions in `network`
    (None where the rows were told apart by their ids: no network, or a row naming none of its
    organizations)."""
    at = table_rows(network, rows) if network is not None else None
    if at is not None and (at >= 0).all():  # every row names one of the network's organizations
        numbers, at = first_seen(at)
        return fold_by_organization(rows, numbers), at
    ids = rows["org_id"].to_numpy(dtype=object)
    return fold_by_organization(rows, pd.factorize(ids, use_na_sentinel=False)[0]), None


def uncovered_ranked(analysis, street: str | None = None) -> pd.DataFrame:
    """The uncovered organizations, one row each, most pressing first, with who answers for each.

    Order: open organizations first (应有党员而无党员 or 应建未建: 未覆盖, they count in coverage
    and loads; the others are 提升项), key/difficult ones (重点难点) first within each group, then
    by employees (largest first), then by the number of codes, then by street in the district's
    official order.

    Parameters
    ----------
    analysis : queries.analysis.Analysis
    street : str, optional
        Only this street (``"平湖"`` or ``"平湖街道"``).

    Returns
    -------
    DataFrame
        ``rank, org_id, name, kind, street, community, employees, party_members, status, key,
        open, codes, labels, n_codes`` and the responsible units by role
        (:data:`~liangxin.queries.responsibility.RESPONSIBLE_COLUMNS`: names joined with 、,
        ``""`` where none).

    Examples
    --------
    The key organization A first, then the open ones by size (E 150, C 60 …), then the 提升项 D and P:

    >>> uncovered_ranked(result)["name"].tolist()  # doctest: +NORMALIZE_WHITESPACE
    ['甲科技有限公司', '戊建筑有限公司', '丙物流有限公司', '己商贸有限公司', '子餐饮有限公司',
     '布吉街道养老服务中心', '平湖街道餐饮协会', '丁制造有限公司', '癸科技有限公司']
    >>> uncovered_ranked(result, "布吉")[["name", "employees", "codes"]].values.tolist()
    [['戊建筑有限公司', 150, 'MEMBERS_REQUIRED、PARTY_ORG_REQUIRED'], ['布吉街道养老服务中心', 40, 'PARTY_ORG_REQUIRED、STANDALONE_POSSIBLE']]
    >>> uncovered_ranked(result, "布吉")[["leader", "street_department", "mass_org"]].values.tolist()
    [['张伟', '区民政局', ''], ['', '区民政局', '区妇联']]
    """
    rows = analysis.uncovered
    if street is not None:
        rows = rows[rows["street"] == resolve_street(analysis, street)]
    table, at = _folded_with_details(analysis, rows)
    table["key"] = table["key"].fillna(False).astype(bool)
    sets, distinct = pd.factorize(table["codes"].to_numpy(dtype=object))
    opens = np.array([any(code in codes.split("、") for code in _OPEN_CODES) for codes in distinct], dtype=bool)
    table["open"] = pd.Series(opens[sets] if len(sets) else np.zeros(0, dtype=bool), index=table.index, dtype=bool)
    table["employees"] = table["employees"].fillna(0).astype(np.int64)
    table["party_members"] = table["party_members"].fillna(0).astype(np.int64)
    table["_street"] = street_rank(analysis, table["street"])
    order = _pressing_first(table)
    # The responsible units are taken once, in the final order.
    table = pd.concat([table.take(order).reset_index(drop=True), names_at(analysis.network, at[order])], axis=1)
    table.insert(0, "rank", np.arange(1, len(table) + 1))
    columns = ["rank", "org_id", "name", "kind", "street", "community", "employees", "party_members", "status",
               "key", "open", "codes", "labels", "n_codes", *RESPONSIBLE_COLUMNS]
    # its organizations' positions go with it: report.xlsx takes their credit codes by them
    return keep_rows(analysis.network, table[columns].reset_index(drop=True), at[order])


def _folded_with_details(analysis, rows):
    """`rows` folded per organization (:func:`by_organization`), with each one's size, status and key
    flag, and the organizations' positions (-1: none)."""
    orgs = analysis.network.tables.organizations
    folded, at = _fold(rows, analysis.network)
    if at is None:  # a row names no organization: the folded ones looked up by id
        at = organization_rows(analysis.network, folded["org_id"])
    detail_columns = ["employees", "party_members", "status", "key"]
    if (at >= 0).all():
        details = orgs[detail_columns].take(at)
    else:  # ids that name no organization (rows put together by hand): empty details
        details = orgs.set_index("org_id").reindex(folded["org_id"])[detail_columns]
    return pd.concat([folded, details.reset_index(drop=True)], axis=1), at


def _pressing_first(table):
    """The order of :func:`uncovered_ranked`: open, key, employees and number of codes, all
    descending, then the street's rank and ``org_id`` (code-point order), ascending."""
    keys = ["open", "key", "employees", "n_codes", "_street", "org_id"]
    order = sorted_order(table, keys, descending=keys[:4])
    if order is None:  # not all text (a table put together by hand)
        order = table.reset_index(drop=True).sort_values(keys, ascending=[False] * 4 + [True] * 2, kind="stable",
                                                         na_position="last").index.to_numpy()
    return order


def organizations_table(analysis) -> pd.DataFrame:
    """Every organization, one row each: its place, size, flags, findings and responsible units.

    The flat table for an analyst's own pivots (report.xlsx's 全部组织), in the district's street
    order, then community and name.

    Returns
    -------
    DataFrame
        ``org_id, name, kind, street, community, industry, employees, party_members, status, key,
        party_org_required, open`` (未覆盖), ``improvement`` (提升项), ``no_responsible_unit``,
        ``key_no_leader``, ``uncovered_labels`` and ``chain_labels`` (its codes in Chinese, joined)
        and the responsible units by role (``""`` where none).

    Examples
    --------
    >>> table = organizations_table(result)
    >>> len(table), int(table["open"].sum()), int(table["improvement"].sum())
    (13, 7, 2)
    >>> table["street"].drop_duplicates().tolist()  # the order of 街道社区, then unknown, then none
    ['平湖街道', '布吉街道', '坂田街道', '龙城街道', None]
    """
    network = analysis.network
    orgs = network.tables.organizations
    n = len(orgs)
    scope = organization_scope(network, analysis.rules)
    uncovered = table_rows(network, analysis.uncovered)
    broken = table_rows(network, analysis.broken_chains)

    def having(rows, at, code):
        return mark(n, at[(rows["code"] == code).to_numpy(dtype=bool)])

    table = orgs[["org_id", "name", "kind", "street", "community", "industry", "employees", "party_members",
                  "status"]].reset_index(drop=True).assign(
        key=orgs["key"].fillna(False).astype(bool).to_numpy(),
        party_org_required=scope["party_org_required"].to_numpy(dtype=bool),
        open=scope["open"].to_numpy(dtype=bool),
        improvement=mark(n, uncovered) & ~scope["open"].to_numpy(dtype=bool),
        no_responsible_unit=having(analysis.uncovered, uncovered, "NO_RESPONSIBLE_UNIT"),
        key_no_leader=having(analysis.broken_chains, broken, "KEY_NO_LEADER"),
        uncovered_labels=labels_per_organization(analysis.uncovered, uncovered, n),
        chain_labels=labels_per_organization(analysis.broken_chains, broken, n),
    )
    table = pd.concat([table, responsible_names(network).reset_index(drop=True)], axis=1)
    return table.take(_by_place(analysis, table)).reset_index(drop=True)


def _by_place(analysis, table):
    """The order of :func:`organizations_table`: the district's street order, then community and name."""
    table = table.assign(_street=street_rank(analysis, table["street"]))
    keys = ["_street", "community", "name"]
    order = sorted_order(table, keys)
    if order is None:  # not all text (a table put together by hand)
        order = table.reset_index(drop=True).sort_values(keys, kind="stable", na_position="last").index.to_numpy()
    return order


def coverage_by(analysis, column: str) -> pd.DataFrame:
    """Coverage rates grouped by any column of the organizations (``community``, ``industry`` …).

    The rates of RULES.md over each group's party-org-required organizations (the same
    per-organization flags as :func:`liangxin.queries.coverage.coverage_rates`). Groups of a
    ``community`` are (street, community) pairs, in the district's street order.

    Returns
    -------
    DataFrame
        ``street`` (for ``community`` only), ``group``, ``organizations``, ``required``,
        ``not_covered`` and the three rates (NaN where nothing is required); an empty cell is
        the group ``（未填）``.

    Examples
    --------
    By industry on the hand-made workbook: 信息技术 has A (required, 未组建), G (standalone) and P
    (not required); 社会服务 has H and I, neither organized:

    >>> table = coverage_by(result, "industry").set_index("group")
    >>> table.loc["信息技术", ["organizations", "required", "not_covered"]].tolist(), table.loc["信息技术", "org_coverage"]
    ([3, 2, 1], np.float64(0.5))

    Communities in the order of 街道社区 (平湖's 山厦 holds A and H required, 白坭坑 B; 布吉's 南岭 I):

    >>> coverage_by(result, "community")[["street", "group", "required"]].head(3).values.tolist()
    [['平湖街道', '山厦社区', 2], ['平湖街道', '白坭坑社区', 1], ['布吉街道', '南岭社区', 1]]
    """
    orgs = analysis.network.tables.organizations
    flags = coverage_flags(analysis.network, analysis.rules)
    keys = ["street", column] if column == "community" else [column]
    group, values = groups_of(orgs, keys)
    # The keys as a groupby gives them: its own dtype, text (an object column) as pandas infers it
    table = pd.DataFrame({**{key: pd.Series(value.to_numpy()) for key, value in zip(keys, values)},
                          "organizations": np.bincount(group, minlength=len(values[0])),
                          **{name: np.bincount(group, weights=flags[name].to_numpy(dtype=np.int64),
                                               minlength=len(values[0])).astype(np.int64) for name in flags}})
    table = table.rename(columns={column: "group"})
    table.insert(table.columns.get_loc("required") + 1, "not_covered", table["required"] - table["org_coverage"])
    for rate in RATE_COLUMNS:
        table[rate] = table[rate] / table["required"].where(table["required"] > 0)
    if column == "community":
        geo = analysis.network.tables.geography
        pairs = pd.MultiIndex.from_arrays([geo["street"], geo["community"]]).drop_duplicates()
        place = pairs.get_indexer(pd.MultiIndex.from_arrays([table["street"], table["group"]]))
        table["_street"] = street_rank(analysis, table["street"].replace("（未填）", None))
        table["_place"] = np.where(place >= 0, place, len(pairs))
        table = table.sort_values(["_street", "_place", "group"], kind="stable").drop(columns=["_street", "_place"])
    else:
        table = table.sort_values(["required", "organizations", "group"], ascending=[False, False, True],
                                  kind="stable")
    return table.reset_index(drop=True)


def _by_street(analysis, rows, codes):
    street = rows["street"].fillna("（未填街道）")
    table = pd.crosstab(street, rows["code"]).reindex(columns=list(codes), fill_value=0)
    table["total"] = rows.groupby(street)["org_id"].nunique()
    # ties in the district's street order (streets not on 街道社区, then no street, after)
    rank = street_rank(analysis, table.index.to_series().replace("（未填街道）", None))
    table = table.iloc[np.argsort(rank, kind="stable")].sort_values(["total"], ascending=False, kind="stable")
    table.index.name = "street"
    table.columns.name = None
    return table.fillna(0).astype(np.int64)


def chains_by_street(analysis) -> pd.DataFrame:
    """Organizations with a broken chain, per street (rows) and code (columns).

    Returns
    -------
    DataFrame
        Indexed by ``street`` (an organization's street as written; ``（未填街道）`` when
        empty), one column per chain code of RULES.md (organizations with that code) and
        ``total`` (organizations with any code), most broken street first (ties in the
        district's street order).

    Examples
    --------
    >>> table = chains_by_street(result)
    >>> table["total"].to_dict()
    {'布吉街道': 2, '坂田街道': 2, '平湖街道': 1, '龙城街道': 1, '（未填街道）': 1}
    >>> table.loc["坂田街道", "STREET_NO_DEPARTMENT"]  # D and P: 坂田 has no stationed department
    np.int64(2)
    """
    return _by_street(analysis, analysis.broken_chains, CHAIN_CODES)


def uncovered_by_street(analysis) -> pd.DataFrame:
    """Uncovered organizations per street (rows) and code (columns), like :func:`chains_by_street`.

    ``total`` counts organizations with any code (one organization may have several).

    Examples
    --------
    >>> uncovered_by_street(result)["total"].to_dict()  # 平湖: A, C, H and Q
    {'平湖街道': 4, '布吉街道': 2, '坂田街道': 2, '（未填街道）': 1}
    """
    return _by_street(analysis, analysis.uncovered, UNCOVERED_CODES)


def coverage_table(analysis, by: str = "street") -> pd.DataFrame:
    """Coverage rates of one scope, weakest organization coverage first.

    Parameters
    ----------
    by : {"street", "kind", "overall"}

    Returns
    -------
    DataFrame
        ``group, required, not_covered`` (应建未建: required organizations with no Party
        organization) and the three rates; a street with no required organization has NaN rates
        and comes last.

    Examples
    --------
    >>> table = coverage_table(result)  # 横岗 requires none: NaN rates, last
    >>> list(zip(table["group"], table["required"].tolist(), table["not_covered"].tolist()))
    [('布吉街道', 2, 2), ('平湖街道', 3, 2), ('坂田街道', 1, 0), ('横岗街道', 0, 0)]
    >>> coverage_table(result, "kind")["org_coverage"].tolist()
    [0.6, 0.0]
    """
    if by not in SCOPE_ZH:
        raise ValueError(f"by must be one of {sorted(SCOPE_ZH)}, not {by!r}")
    coverage = analysis.coverage
    table = coverage[coverage["scope"] == by].drop(columns="scope").reset_index(drop=True)
    table.insert(2, "not_covered", not_covered(table))
    if by == "street":  # weakest first; ties in the district's street order
        table = table.assign(_r=street_rank(analysis, table["group"])).sort_values(
            ["org_coverage", "_r"], kind="stable", na_position="last").drop(columns="_r")
    return table.reset_index(drop=True)


def load_ratio(load, capacity) -> np.ndarray:
    """Load / capacity; with no capacity, infinite when there is a load and 0 when there is none.

    Examples
    --------
    >>> load_ratio([3.0, 1.0, 0.0], [2, 0, 0]).tolist()
    [1.5, inf, 0.0]
    """
    load, capacity = np.asarray(load, dtype=float), np.asarray(capacity, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(capacity > 0, load / np.where(capacity > 0, capacity, 1.0),
                        np.where(load > 0, np.inf, 0.0))


def loads_table(analysis, kind: str | None = None) -> pd.DataFrame:
    """Every unit's load, heaviest (load / capacity) first.

    Parameters
    ----------
    kind : str, optional
        ``leader``, ``department``, ``supervisory_unit`` or ``instructor`` (or its Chinese name).

    Returns
    -------
    DataFrame
        ``kind, unit, supervisory_unit, load, capacity, ratio, excess, linked, overloaded, idle``;
        loads rounded to 2 decimals (compared before rounding).

    Examples
    --------
    刘洋 guides H with capacity 0, 区民政局 carries 布吉's E and I with capacity 1, 张伟 has 3 of 2:

    >>> loads_table(result).head(3)[["unit", "ratio", "excess"]].values.tolist()
    [['刘洋', inf, 1.0], ['区民政局', 2.0, 1.0], ['张伟', 1.5, 1.0]]
    >>> loads_table(result, "区领导")["unit"].tolist()
    ['张伟', '李娜']
    """
    return _ranked_loads(analysis.loads, kind)


def load_margins(loads: pd.DataFrame) -> pd.DataFrame:
    """What each unit row of `loads` carries beyond its capacity (``excess``) and what is left of it
    (``spare``), both ≥ 0 and to 2 decimals, and its ``state``: ``IDLE`` or ``OVERLOADED``
    (labels.UNIT_STATE_ZH), else ``NORMAL``.

    Examples
    --------
    刘洋 guides H (open) with capacity 0: 1 over; 李娜 is attached to D only, which has a joint
    branch, so she carries 0 of a leader's default capacity 5 (default_rules.toml): 5 left
    (tests/fixtures/handmade.py):

    >>> margins = load_margins(result.loads).set_axis(result.loads["unit"])
    >>> [float(margins.loc["刘洋", c]) for c in ("excess", "spare")], margins.loc["刘洋", "state"]
    ([1.0, 0.0], 'OVERLOADED')
    >>> [float(margins.loc["李娜", c]) for c in ("excess", "spare")], margins.loc["李娜", "state"]
    ([0.0, 5.0], 'NORMAL')
    """
    load, capacity = loads["load"], loads["capacity"]
    state = (np.select([loads["idle"].astype(bool), loads["overloaded"].astype(bool)], ["IDLE", "OVERLOADED"], "NORMAL")
             if len(loads) else np.array([], dtype=object))
    return pd.DataFrame({"excess": (load - capacity).clip(lower=0).round(2),
                         "spare": (capacity - load).clip(lower=0).round(2), "state": state}, index=loads.index)


def _ranked_loads(loads, kind=None):
    if kind is not None:
        roles = {**{k: k for k in ROLE_ZH}, **{v: k for k, v in ROLE_ZH.items()}}
        if kind not in roles:
            raise ValueError(f"kind must be one of {list(ROLE_ZH)} (or {list(ROLE_ZH.values())}), not {kind!r}")
        loads = loads[loads["kind"] == roles[kind]]
    table = loads.assign(ratio=load_ratio(loads["load"], loads["capacity"]), excess=load_margins(loads)["excess"])
    table = table.sort_values(["ratio", "kind", "unit"], ascending=[False, True, True], kind="stable")
    table["load"] = table["load"].round(2)
    table["ratio"] = table["ratio"].round(4)
    columns = ["kind", "unit", "supervisory_unit", "load", "capacity", "ratio", "excess", "linked", "overloaded", "idle"]
    if kind is not None and roles[kind] != "instructor":
        columns.remove("supervisory_unit")  # only instructors belong to a supervisory unit
    return table[columns].reset_index(drop=True)


def loads_summary(analysis) -> pd.DataFrame:
    """Per role: units, overloaded, idle, total load, mean and highest load / capacity, default capacity.

    Examples
    --------
    >>> summary = loads_summary(result).set_index("kind")
    >>> summary["units"].to_dict()  # 张伟 and 李娜; 发改局, 教育局, 民政局, 司法局; 民政局; 刘洋
    {'leader': 2, 'department': 4, 'supervisory_unit': 1, 'instructor': 1}
    >>> summary["overloaded_units"].to_dict()
    {'leader': 1, 'department': 1, 'supervisory_unit': 0, 'instructor': 1}
    """
    loads = analysis.loads
    rows = []
    for kind in ROLE_ZH:
        part = loads[loads["kind"] == kind]
        ratio = load_ratio(part["load"], part["capacity"])
        finite = ratio[np.isfinite(ratio)]
        rows.append({
            "kind": kind, "units": int(len(part)), "overloaded_units": int(part["overloaded"].sum()),
            "idle_units": int(part["idle"].sum()), "load_total": round(float(part["load"].sum()), 2),
            "ratio_mean": round(float(finite.mean()), 4) if len(finite) else float("nan"),
            "ratio_max": round(float(ratio.max()), 4) if len(ratio) else float("nan"),
            "default_capacity": int(analysis.rules.capacity(kind)),
        })
    return pd.DataFrame(rows)


def _street_summary(street, organizations, rates, uncovered, chains, departments):
    """A street's figures as ``measure, value`` rows (Chinese measure names, as report.xlsx's 总览)."""
    def rate(value):
        return None if pd.isna(value) else float(value)

    return pd.DataFrame({
        "measure": ["街道", "两新组织数", "应建党组织的组织数", "组织覆盖率", "单独组建率", "工作覆盖率",
                    FIGURE_ZH["open"], "其中重点难点", FIGURE_ZH["improvement"], FIGURE_ZH["no_responsible_unit"],
                    FIGURE_ZH["key_no_leader"], "责任链断点组织数", "驻街区直机关数"],
        "value": [street, int(organizations), int(rates["required"]), rate(rates["org_coverage"]),
                  rate(rates["standalone_rate"]), rate(rates["work_coverage"]), int(uncovered["open"].sum()),
                  int((uncovered["key"] & uncovered["open"]).sum()), int((~uncovered["open"]).sum()),
                  sum("NO_RESPONSIBLE_UNIT" in str(codes) for codes in uncovered["codes"]),
                  sum("KEY_NO_LEADER" in str(codes) for codes in chains["codes"]),
                  int(len(chains)), int(departments)],
    })


def street_tables(analysis, street: str, ranked: pd.DataFrame | None = None) -> dict:
    """The tables of one street's list for its secretary (English columns; Chinese ``measure`` names).

    Parameters
    ----------
    ranked : DataFrame, optional
        :func:`uncovered_ranked` of the whole analysis, when already computed (one street after
        another: each takes its rows instead of ranking again).

    Returns
    -------
    dict of str to DataFrame
        ``summary`` (``measure, value``: the street's figures), ``uncovered`` (ranked as
        :func:`uncovered_ranked`), ``broken_chains`` (one row per organization),
        ``departments`` (departments stationed there, with their loads) and ``leaders``
        (leaders attached to the street's organizations: ``leader, in_street, load, capacity,
        overloaded``).

    Examples
    --------
    >>> tables = street_tables(result, "平湖")  # A B C H N O Q; 发改局 and 教育局 stationed
    >>> dict(zip(tables["summary"]["measure"], tables["summary"]["value"]))  # doctest: +NORMALIZE_WHITESPACE
    {'街道': '平湖街道', '两新组织数': 7, '应建党组织的组织数': 3, '组织覆盖率': 0.3333333333333333,
     '单独组建率': 0.0, '工作覆盖率': 1.0, '未覆盖组织数': 4, '其中重点难点': 1, '提升项组织数': 0,
     '无责任主体组织数': 0, '重点难点未挂点组织数': 0, '责任链断点组织数': 1, '驻街区直机关数': 2}
    >>> tables["leaders"][["leader", "in_street"]].values.tolist()  # 张伟 on A and C
    [['张伟', 2]]
    """
    street = resolve_street(analysis, street)
    tables = analysis.network.tables
    orgs = tables.organizations
    if ranked is None:
        uncovered = uncovered_ranked(analysis, street)
    else:  # the whole district's ranking, already computed: this street's rows, ranked again from 1
        uncovered = ranked[ranked["street"] == street].reset_index(drop=True)
        uncovered["rank"] = np.arange(1, len(uncovered) + 1)
    chains = by_organization(analysis.broken_chains[analysis.broken_chains["street"] == street])
    coverage = analysis.coverage
    rates = coverage[(coverage["scope"] == "street") & (coverage["group"] == street)].iloc[0]
    loads = analysis.loads
    stationed = tables.department_stations.loc[tables.department_stations["street"] == street, "department_key"]
    departments = loads[(loads["kind"] == "department") & loads["unit_key"].isin(set(stationed))]
    in_street = set(orgs.loc[orgs["street"] == street, "org_id"])
    points = tables.leader_points[tables.leader_points["org_id"].isin(in_street)]
    leaders = loads[(loads["kind"] == "leader") & loads["unit_key"].isin(set(points["leader_key"]))]
    per_leader = points.groupby("leader_key")["org_id"].nunique()

    summary = _street_summary(street, len(in_street), rates, uncovered, chains, len(departments))
    leader_table = leaders.assign(in_street=leaders["unit_key"].map(per_leader).fillna(0).astype(np.int64))
    return {
        "summary": summary, "uncovered": uncovered, "broken_chains": chains,
        "departments": _ranked_loads(departments).drop(columns="supervisory_unit"),
        "leaders": leader_table.assign(load=leader_table["load"].round(2))[
            ["unit", "in_street", "load", "capacity", "overloaded"]].rename(columns={"unit": "leader"})
        .reset_index(drop=True),
    }
