"""All queries of RULES.md in one pass, and the machine-readable forms of their results.

:func:`analyze_network` composes the query modules; :func:`summary_object` and
:func:`findings_table` shape the result into OUTPUT.md's ``summary.json`` object and
``findings.csv`` rows. Both are pure: writing files is :mod:`liangxin.viz`'s job.
"""

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa

from liangxin.graph.index import mark, positions
from liangxin.queries._tabulate import (codes_per_organization, distinct_rows, no_cycles, organization_rows,
                                        table_rows, take_or, text_values)
from liangxin.queries.chains import CHAIN_CODES, broken_chains
from liangxin.queries.coverage import RATE_COLUMNS, coverage_rates
from liangxin.queries.districts import district_figures
from liangxin.queries.labels import GAP_ZH, ROLE_ZH
from liangxin.queries.loads import unit_loads
from liangxin.queries.responsibility import sentences
from liangxin.queries.rules import load_rules
from liangxin.queries.scope import organization_scope
from liangxin.queries.uncovered import UNCOVERED_CODES, uncovered_organizations

__all__ = ["Analysis", "analyze_network", "network_counts", "summary_object", "findings_table", "open_by_id",
           "headline_figures", "organizations_per_code", "FINDING_COLUMNS"]

FINDING_COLUMNS = ["category", "code", "entity_kind", "entity_id", "name", "street", "community", "detail"]


@dataclass
class Analysis:
    """Results of every query on one network.

    Attributes
    ----------
    network : ResponsibilityNetwork
    rules : Rules
    uncovered, broken_chains : DataFrame
        One row per (organization, code). Treat them as read-only: the outputs take their
        organizations' rows as the query found them (``queries._tabulate.table_rows``); to try a
        change, give a new table (``dataclasses.replace(analysis, uncovered=...)``).
    loads : DataFrame
        One row per (unit, role); ``overloaded`` and ``idle`` are its filtered views.
    coverage : DataFrame
        As :func:`liangxin.queries.coverage.coverage_rates`.
    counts : dict
        OUTPUT.md's ``counts``.
    """

    network: object
    rules: object
    uncovered: pd.DataFrame
    loads: pd.DataFrame
    broken_chains: pd.DataFrame
    coverage: pd.DataFrame
    counts: dict

    @property
    def overloaded(self):
        return self.loads[self.loads["overloaded"]].reset_index(drop=True)

    @property
    def idle(self):
        return self.loads[self.loads["idle"]].reset_index(drop=True)

    def __repr__(self):
        head = headline_figures(self)
        return (f"<Analysis {head['organizations']} 个组织: 未覆盖 {head['open']}（另有提升项 {head['improvement']}）, "
                f"超负荷单位 {head['overloaded']}, 未落实单位 {head['idle']}, 责任链断点 {head['broken_chains']}>")


def network_counts(network):
    """Return OUTPUT.md's ``counts`` object for `network`.

    Examples
    --------
    The hand-made workbook (tests/test_handmade.py): 13 organizations load, on the 4 streets of
    its 街道社区 sheet; 44 rows are read, 10 rejected.

    >>> counts = network_counts(net)
    >>> counts["organizations"], counts["streets"], counts["rows_read"], counts["rows_rejected"]
    (13, 4, 44, 10)
    """
    # Each count is the number of nodes of a kind: build_network made them unique already.
    nodes = {kind: len(table) for kind, table in network.node_tables.items()}
    rows = network.tables.row_counts
    return {
        "organizations": nodes["organization"],
        "streets": nodes["street"],
        "communities": nodes["community"],
        "leaders": nodes["leader"],
        "departments": nodes["department"],
        "supervisory_units": nodes["supervisory_unit"],
        "instructors": nodes["instructor"],
        "mass_orgs": nodes["mass_org"],
        "party_orgs": nodes["party_org"],
        "rows_read": int(rows["rows_read"].sum()),
        "rows_loaded": int(rows["rows_loaded"].sum()),
        "rows_rejected": int(rows["rows_rejected"].sum()),
    }


def analyze_network(network, rules=None):
    """Run every query of RULES.md on `network`.

    Parameters
    ----------
    network : ResponsibilityNetwork
    rules : Rules, optional
        Defaults to the shipped rules.

    Returns
    -------
    Analysis

    Examples
    --------
    The overloaded units of the hand-made workbook, worked out in tests/test_handmade.py:
    区民政局 carries 布吉's open E and I alone (2 > its capacity 1), 刘洋 guides H (1 > 0),
    张伟 is attached to the open A, C and E (3 > 2):

    >>> result = analyze_network(net)
    >>> result.overloaded[["unit", "kind", "load"]].values.tolist()
    [['区民政局', 'department', 2.0], ['刘洋', 'instructor', 1.0], ['张伟', 'leader', 3.0]]
    """
    rules = rules or load_rules()
    return Analysis(
        network=network,
        rules=rules,
        uncovered=uncovered_organizations(network, rules),
        loads=unit_loads(network, rules),
        broken_chains=broken_chains(network),
        coverage=coverage_rates(network, rules),
        counts=network_counts(network),
    )


def _none(value):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def _rate(value):
    value = _none(value)
    return None if value is None else round(float(value), 4)


def _org_entries(rows, with_street, analysis=None):
    if not len(rows):
        return []
    folded = codes_per_organization(rows)
    if with_street:
        flags = _open_at(analysis, _first_rows(analysis.network, rows, folded)).tolist()
        streets = folded["street"].astype(object)
        streets = streets.where(streets.notna(), None).tolist()  # JSON null for no street
        return [{"org_id": o, "name": n, "street": s, "codes": c, "open": f}
                for o, n, s, c, f in zip(folded["org_id"].tolist(), folded["name"].tolist(), streets,
                                         folded["codes"].tolist(), flags)]
    return [{"org_id": o, "name": n, "codes": c}
            for o, n, c in zip(folded["org_id"].tolist(), folded["name"].tolist(), folded["codes"].tolist())]


def _first_rows(network, rows, folded):
    """The positions of `folded`'s organizations (:func:`codes_per_organization` of `rows`): where
    `rows` name its organizations by position, an organization starts where the position changes."""
    at = table_rows(network, rows)
    if len(at) and (at >= 0).all():
        first = at[np.flatnonzero(np.r_[True, at[1:] != at[:-1]])]
        if len(first) == len(folded):
            return first
    return organization_rows(network, folded["org_id"])


def _coverage_entry(row):
    return {"required": int(row["required"]), **{c: _rate(row[c]) for c in RATE_COLUMNS}}


def _by_district(analysis):
    """``coverage.by_district`` with several districts (OUTPUT.md): each district's ``by_street``
    entry and its ``organizations`` and ``open`` counts; nothing for one district."""
    figures = district_figures(analysis)
    if not len(figures):
        return {}
    return {"by_district": {row["district"]: {**_coverage_entry(row), "organizations": int(row["organizations"]),
                                              "open": int(row["open"])} for _, row in figures.iterrows()}}


def _problem_entries(frame):
    # A network saved before reason codes has no ``code`` column: its entries' code is null.
    codes = frame["code"] if "code" in frame else [None] * len(frame)
    # ``file``: the file the row was read from (a network saved before issue 15 has none: null).
    files = frame["file"] if "file" in frame else [None] * len(frame)
    return [{"sheet": s, "row": int(r), "column": _none(c), "reason": m, "code": _none(k), "file": _none(f)}
            for s, r, c, m, k, f in zip(frame["sheet"], frame["row"], frame["column"], frame["reason"], codes, files)]


def open_by_id(analysis):
    """Whether each organization is open (未覆盖: MEMBERS_REQUIRED or PARTY_ORG_REQUIRED), by ``org_id``.

    The one answer every output gives to "is it 未覆盖": the rest of the ``uncovered`` list are 提升项.

    Examples
    --------
    7 of the hand-made workbook's 13 organizations are open (tests/test_handmade.py):

    >>> int(open_by_id(result).sum()), len(open_by_id(result))
    (7, 13)
    """
    orgs = analysis.network.tables.organizations
    return pd.Series(_open(analysis), index=orgs["org_id"].to_numpy(dtype=object), dtype=bool)


def _open(analysis):
    """Whether each organization is open, by row (see :func:`open_by_id`)."""
    return organization_scope(analysis.network, analysis.rules)["open"].to_numpy(dtype=bool)


def _open_at(analysis, rows):
    """Whether the organization at each of `rows` is open (a row of -1, no organization: not open)."""
    return take_or(_open(analysis), rows, False)


def _distinct(n, rows, ids, where=None):
    """How many distinct organizations finding rows name: `rows` their positions (of `n`), `ids`
    their ``org_id`` column, `where` an optional mask of the rows to count.

    Ids that name no organization (a table put together by hand) are counted by value, as
    ``nunique`` counts them."""
    if where is not None:
        where = np.asarray(where, dtype=bool)
        rows, ids = rows[where], ids[where]
    return int(mark(n, rows).sum()) + int(ids[rows < 0].nunique())


def headline_figures(analysis) -> dict:
    """The figures every human-facing output leads with, computed once (RULES.md's wording).

    ``open`` (未覆盖组织: MEMBERS_REQUIRED or PARTY_ORG_REQUIRED), ``improvement`` (提升项: on the
    ``uncovered`` list but not open), ``no_responsible_unit`` (无责任主体), ``key_no_leader``
    (重点难点未挂点), ``overloaded`` and ``idle`` units, ``broken_chains`` (organizations with a
    break), ``organizations``, ``required`` and the overall rates (fractions, NaN when nothing
    is required). The console, report.xlsx, the bulletin and the trend read these numbers, so
    they cannot disagree; :data:`liangxin.queries.labels.FIGURE_ZH` names them.

    Worked out once per analysis and kept on it, with the results they come from: an analysis
    whose results are other objects (``dataclasses.replace``) has them worked out again. Like a
    network, an analysis is not changed in place.

    Examples
    --------
    The hand-made workbook (tests/test_handmade.py): A C E F H I Q open; D and P only 提升项;
    F alone has no unit at all; A, the only key organization without a branch, has 张伟:

    >>> figures = headline_figures(result)
    >>> [figures[k] for k in ("open", "improvement", "no_responsible_unit", "key_no_leader", "overloaded")]
    [7, 2, 1, 0, 3]
    """
    sources = (analysis.network, analysis.rules, analysis.uncovered, analysis.broken_chains, analysis.loads,
               analysis.coverage, analysis.counts)
    kept = getattr(analysis, "_headline", None)
    if kept is None or len(kept[0]) != len(sources) or any(a is not b for a, b in zip(kept[0], sources)):
        kept = (sources, _headline(analysis))
        try:
            analysis._headline = kept  # the sources are held, so none of their ids can be reused meanwhile
        except AttributeError:  # an object that takes no attribute: worked out every time
            pass
    return dict(kept[1])


def organizations_per_code(analysis) -> dict:
    """How many distinct organizations have each finding code of ``uncovered`` and ``broken_chains``.

    Counted by organization position (each table's ids looked up once), not by hashing every id
    per code; codes no organization has are left out.

    Examples
    --------
    The hand-made workbook (tests/test_handmade.py): F is the one organization without any unit;
    A, the key organization without a branch, has its leader:

    >>> counts = organizations_per_code(result)
    >>> counts["NO_RESPONSIBLE_UNIT"], counts.get("KEY_NO_LEADER", 0)
    (1, 0)
    """
    n = len(analysis.network.tables.organizations)
    counts = {}
    for table in (analysis.uncovered, analysis.broken_chains):
        rows = table_rows(analysis.network, table)
        codes = table["code"].to_numpy(dtype=object)
        for code in pd.unique(codes):
            counts[code] = _distinct(n, rows, table["org_id"], codes == code)
    return counts


def _headline(analysis):
    network, uncovered, chains = analysis.network, analysis.uncovered, analysis.broken_chains
    n = len(network.tables.organizations)
    is_open = _open(analysis)
    # Counted by position: each table's ids are looked up once, then every count is a bincount.
    listed = table_rows(network, uncovered)
    broken = table_rows(network, chains)
    overall = analysis.coverage[analysis.coverage["scope"] == "overall"].iloc[0]
    return {
        "organizations": int(analysis.counts["organizations"]),
        "required": int(overall["required"]),
        "open": int(is_open.sum()),
        # listed but not open; an id naming no organization is never open (pd.unique keeps a missing one)
        "improvement": int((mark(n, listed) & ~is_open).sum()) + len(pd.unique(uncovered["org_id"][listed < 0])),
        "no_responsible_unit": _distinct(n, listed, uncovered["org_id"], uncovered["code"] == "NO_RESPONSIBLE_UNIT"),
        "key_no_leader": _distinct(n, broken, chains["org_id"], chains["code"] == "KEY_NO_LEADER"),
        "overloaded": int(len(analysis.overloaded)),
        "idle": int(len(analysis.idle)),
        "broken_chains": _distinct(n, broken, chains["org_id"]),
        **{rate: float(overall[rate]) for rate in RATE_COLUMNS},
    }


def summary_object(analysis, input_path):
    """Return OUTPUT.md's ``summary.json`` object, with exactly its keys and orders.

    Each ``uncovered`` entry says whether the organization is ``open`` (未覆盖) or only an
    improvement item (提升项: STANDALONE_POSSIBLE / MASS_ORG_* alone).

    Rates are rounded to 4 decimals, loads to 2; empty rates are ``None`` (JSON null).

    Examples
    --------
    >>> summary = summary_object(result, "台账.xlsx")
    >>> list(summary)
    ['input', 'counts', 'uncovered', 'overloaded', 'idle', 'broken_chains', 'coverage', 'rejected', 'warnings']
    >>> summary["counts"]["organizations"], len(summary["uncovered"]), summary["coverage"]["overall"]["org_coverage"]
    (13, 9, 0.4286)
    """
    with no_cycles():  # a dict per organization listed
        return _summary(analysis, input_path)


def _summary(analysis, input_path):
    tables = analysis.network.tables
    coverage = analysis.coverage
    overloaded, idle = analysis.overloaded, analysis.idle
    return {
        "input": str(input_path),
        "counts": dict(analysis.counts),
        "uncovered": _org_entries(analysis.uncovered, with_street=True, analysis=analysis),
        "overloaded": [{"unit": u, "kind": k, "load": round(float(l), 2), "capacity": int(c)}
                       for u, k, l, c in zip(overloaded["unit"], overloaded["kind"], overloaded["load"],
                                             overloaded["capacity"])],
        "idle": [{"unit": u, "kind": k} for u, k in zip(idle["unit"], idle["kind"])],
        "broken_chains": _org_entries(analysis.broken_chains, with_street=False),
        "coverage": {
            "overall": _coverage_entry(coverage[coverage["scope"] == "overall"].iloc[0]),
            "by_street": {row["group"]: _coverage_entry(row)
                          for _, row in coverage[coverage["scope"] == "street"].iterrows()},
            "by_kind": {row["group"]: _coverage_entry(row)
                        for _, row in coverage[coverage["scope"] == "kind"].iterrows()},
            **_by_district(analysis),
        },
        "rejected": _problem_entries(tables.rejected),
        "warnings": _problem_entries(tables.warnings),
    }


def _labels(rows, labels):
    """``rows["code"].map(labels)``, with each distinct code looked up once and Arrow taking the labels."""
    codes, distinct = pd.factorize(rows["code"].to_numpy(dtype=object))
    named = pa.array([labels.get(code) for code in distinct], pa.large_string())
    return pd.Series(text_values(named.take(pa.array(codes, mask=codes < 0))), index=rows.index)


def _uncovered_detail(analysis, rows):
    """``detail`` of uncovered finding rows: the code's label, 未覆盖 or 提升项, then who answers for it."""
    at = table_rows(analysis.network, rows)
    distinct, inverse = distinct_rows(at, positions(analysis.network).n)  # each organization's sentence once
    frame = pl.DataFrame({
        "code": pl.Series(rows["code"].to_numpy(dtype=object), dtype=pl.String),
        "open": _open_at(analysis, at),
        "text": sentences(analysis.network, distinct).gather(inverse),
    })
    label = pl.col("code").replace_strict(UNCOVERED_CODES, default=None, return_dtype=pl.String)
    gap = pl.when(pl.col("open")).then(pl.lit(GAP_ZH[True])).otherwise(pl.lit(GAP_ZH[False]))
    detail = frame.select(pl.concat_str([label, pl.lit("（"), gap, pl.lit("）；"), pl.col("text")]).alias("detail"))
    return pd.Series(text_values(detail["detail"].to_arrow()), index=rows.index)


def findings_table(analysis):
    """Return ``findings.csv``'s rows: one per finding, columns of OUTPUT.md.

    Categories: ``uncovered`` and ``broken_chain`` (one row per organization and code),
    ``overloaded`` (code ``OVERLOADED``) and ``idle`` (code ``IDLE``) per unit and role.
    ``detail`` is a short Chinese explanation; for an uncovered organization it also names who
    answers for it (:func:`liangxin.queries.responsibility.responsible_text`), or 无.

    Examples
    --------
    On the hand-made workbook: 16 (organization, code) rows of 9 uncovered organizations,
    9 chain breaks of 7 organizations, the 3 overloaded units and the idle 区司法局
    (tests/test_handmade.py):

    >>> findings = findings_table(result)
    >>> findings["category"].value_counts().to_dict()
    {'uncovered': 16, 'broken_chain': 9, 'overloaded': 3, 'idle': 1}
    >>> findings.loc[findings["name"].eq("平湖街道餐饮协会"), "detail"].tolist()  # doctest: +NORMALIZE_WHITESPACE
    ['应建未建（未覆盖）；责任单位：驻街区直机关 区发展和改革局、区教育局；业务主管单位 区民政局；党建工作指导员 刘洋']
    """
    parts = []
    for category, rows, labels in (("uncovered", analysis.uncovered, UNCOVERED_CODES),
                                   ("broken_chain", analysis.broken_chains, CHAIN_CODES)):
        if len(rows):
            detail = _uncovered_detail(analysis, rows) if category == "uncovered" else _labels(rows, labels)
            parts.append(pd.DataFrame({
                "category": category, "code": rows["code"], "entity_kind": "organization",
                "entity_id": rows["org_id"], "name": rows["name"], "street": rows["street"],
                "community": rows["community"], "detail": detail,
            }))
    for category, code, rows in (("overloaded", "OVERLOADED", analysis.overloaded),
                                 ("idle", "IDLE", analysis.idle)):
        if len(rows):
            role = rows["kind"].map(ROLE_ZH)
            entity_id = rows["unit"].where(rows["supervisory_unit"].isna(),
                                           rows["supervisory_unit"].fillna("") + "/" + rows["unit"])
            if category == "overloaded":
                detail = (role + "负荷 " + rows["load"].round(2).map("{:g}".format) + " 超过容量 "
                          + rows["capacity"].astype(str))
            else:
                detail = role + "未联系任何组织（未落实）"
            parts.append(pd.DataFrame({
                "category": category, "code": code, "entity_kind": rows["kind"], "entity_id": entity_id,
                "name": rows["unit"], "street": None, "community": None, "detail": detail,
            }))
    if not parts:
        return pd.DataFrame(columns=FINDING_COLUMNS)
    return pd.concat(parts, ignore_index=True)[FINDING_COLUMNS]
