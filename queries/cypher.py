"""The queries of RULES.md in Cypher, run on the Neo4j server (twins of the embedded queries).

Each function here answers the same question as its embedded twin, computed by the
server from a district pushed with :func:`liangxin.graph.neo4j.push_network`, and returns a
DataFrame with the same columns, order and values:

=====================================  ===========================================
Cypher twin                            embedded query
=====================================  ===========================================
:func:`uncovered_organizations_cypher`  :func:`liangxin.queries.uncovered.uncovered_organizations`
:func:`unit_loads_cypher`               :func:`liangxin.queries.loads.unit_loads`
:func:`broken_chains_cypher`            :func:`liangxin.queries.chains.broken_chains`
:func:`coverage_rates_cypher`           :func:`liangxin.queries.coverage.coverage_rates`
:func:`network_counts_cypher`           :func:`liangxin.queries.analysis.network_counts`
:func:`analyze_cypher`                  :func:`liangxin.queries.analysis.analyze_network`
=====================================  ===========================================

Subquery expressions (``EXISTS {}``, ``COUNT {}``) are computed in a ``WITH`` of their own, never
inside an aggregate or a list literal: Neo4j's own semantic analysis (the parser guard) gives up
silently on those.

Thresholds come from the same :class:`liangxin.queries.rules.Rules`, passed as parameters; every
value is a parameter (no statement holds a string literal), and labels and relationship
types come from :mod:`liangxin.graph.schema`. The statements are written in the part of Cypher that
Neo4j 5 and ArcadeDB's OpenCypher share (the test server is ArcadeDB).

Two notes on exactness:

- Order: the server sorts the rows; Python then applies a stable sort on the same keys in
  Unicode code-point order, which is OUTPUT.md's order whatever the server's string
  collation (Neo4j, like Java, may compare UTF-16 code units, which differs from code points
  only between characters beyond U+FFFF and U+E000–U+FFFF).
- A department's share of its streets' pools is a sum of fractions; the server adds them in
  station order. The embedded query lets pandas add them (Kahan or pairwise summation,
  depending on the pandas version and the row layout), so with three or more stations the
  two loads can differ in the last bit. :func:`analysis_differences` compares loads within
  ``1e-9``.

Examples
--------
>>> from liangxin.graph.neo4j import connect  # doctest: +SKIP
>>> with connect() as connection:  # doctest: +SKIP
...     result = analyze_cypher(connection, "龙岗区")
>>> result.overloaded[["unit", "kind", "load"]]  # doctest: +SKIP
"""

import logging
import math

import numpy as np
import pandas as pd

from liangxin.errors import Neo4jDataError
from liangxin.graph.neo4j import Neo4jRunner, district_exists, pull_network, register_statements
from liangxin.graph.network import node_id
from liangxin.graph.schema import EDGE_KINDS, NODE_KINDS
from liangxin.text import text_column
from liangxin.queries._tabulate import ORG_COLUMNS
from liangxin.queries.analysis import Analysis, summary_object
from liangxin.queries.chains import CHAIN_CODES
from liangxin.queries.coverage import KINDS, RATE_COLUMNS
from liangxin.queries.loads import LOAD_COLUMNS
from liangxin.queries.rules import load_rules
from liangxin.queries.uncovered import UNCOVERED_CODES

__all__ = [
    "uncovered_organizations_cypher",
    "unit_loads_cypher",
    "broken_chains_cypher",
    "coverage_rates_cypher",
    "network_counts_cypher",
    "analyze_cypher",
    "analysis_differences",
    "tables_differences",
    "dtype_family",
    "STATEMENTS",
]

log = logging.getLogger(__name__)


def _l(kind):
    """Label of node `kind` (schema only)."""
    return NODE_KINDS[kind].neo4j_label


def _r(edge_type):
    """Relationship type `edge_type`, checked against the schema."""
    return EDGE_KINDS[edge_type].type


def _in(edge_type, source_kind, variable="o"):
    """``EXISTS`` pattern: `variable` has an incoming `edge_type` from a node of `source_kind`."""
    return (f"EXISTS {{ MATCH ({variable})<-[:{_r(edge_type)}]-(:{_l(source_kind)} {{district: $district}}) }}")


# Scope (RULES.md, "Scope"), on an organization variable. Every property is non-null
# (validated), so these stay two-valued; on a missing `o` (OPTIONAL MATCH) they are null.
def _members_gap(o="o"):
    return (f"({o}.org_kind = $value.enterprise AND {o}.employees >= $rules.members_required_min_employees "
            f"AND {o}.party_members = 0)")


def _party_org_required(o="o"):
    return (f"(({o}.org_kind = $value.enterprise AND ({o}.employees >= $rules.party_org_required_min_employees "
            f"OR ({o}.above_scale AND $rules.party_org_required_above_scale))) "
            f"OR ({o}.org_kind = $value.social_org AND {o}.entity "
            f"AND {o}.employees >= $rules.entity_social_org_min_employees))")


def _open(o="o"):
    return f"({_members_gap(o)} OR ({_party_org_required(o)} AND {o}.status = $value.none))"


_ORG_RETURN = ("RETURN o.org_id AS org_id, o.name AS name, o.org_kind AS kind, o.street AS street, "
               "o.community AS community, code, $labels[code] AS label "
               "ORDER BY coalesce(street, $value.empty), org_id, code")

UNCOVERED = f"""
OPTIONAL MATCH (:{_l('department')} {{district: $district}})-[:{_r('STATIONED_IN')}]->(stationed:{_l('street')} {{district: $district}})
WITH collect(DISTINCT stationed.name) AS stationed_streets
MATCH (o:{_l('organization')} {{district: $district}})
WITH o, stationed_streets,
     {_members_gap()} AS members_gap,
     {_party_org_required()} AS party_org_required,
     (o.has_union OR o.has_youth_league OR o.has_womens_org) AS any_mass_branch
WITH o, stationed_streets, members_gap, party_org_required, any_mass_branch,
     party_org_required AND o.status = $value.none AS party_org_gap
WITH o, members_gap, party_org_required, any_mass_branch, party_org_gap,
     {_in('ATTACHED_TO', 'leader')}
     OR {_in('CONTACTS', 'department')}
     OR coalesce(o.street IN stationed_streets, false)
     OR {_in('SUPERVISES', 'supervisory_unit')}
     OR {_in('CO_BUILDS', 'mass_org')} AS responsible
WITH o, [code IN [
       CASE WHEN members_gap THEN $code.MEMBERS_REQUIRED END,
       CASE WHEN party_org_gap THEN $code.PARTY_ORG_REQUIRED END,
       CASE WHEN o.party_members >= $rules.standalone_min_members AND o.status <> $value.standalone
            THEN $code.STANDALONE_POSSIBLE END,
       CASE WHEN (members_gap OR party_org_gap) AND NOT responsible THEN $code.NO_RESPONSIBLE_UNIT END,
       CASE WHEN (o.status <> $value.none AND NOT any_mass_branch)
              OR (o.org_kind = $value.enterprise AND o.employees >= $rules.union_required_min_employees
                  AND NOT o.has_union)
            THEN $code.MASS_ORG_MISSING END,
       CASE WHEN party_org_required AND o.status = $value.none
              AND o.party_members < $rules.standalone_min_members AND NOT any_mass_branch
            THEN $code.MASS_ORG_FIRST END
     ] WHERE code IS NOT NULL] AS codes
UNWIND codes AS code
{_ORG_RETURN}
""".strip()

BROKEN_CHAINS = f"""
OPTIONAL MATCH (d:{_l('district')} {{district: $district, node_id: $district_id}})
WITH coalesce(d.has_owner_column, false) AS has_owner_column
OPTIONAL MATCH (s:{_l('street')} {{district: $district}})
WITH has_owner_column, collect(s.name) AS street_names
OPTIONAL MATCH (c:{_l('community')} {{district: $district}})
WITH has_owner_column, street_names,
     collect(c.community) AS community_names,
     collect(CASE WHEN c IS NOT NULL THEN [c.street, c.community] END) AS community_pairs,
     collect(CASE WHEN c IS NOT NULL AND c.community_owner IS NULL THEN [c.street, c.community] END) AS ownerless_pairs
OPTIONAL MATCH (:{_l('department')} {{district: $district}})-[:{_r('STATIONED_IN')}]->(stationed:{_l('street')} {{district: $district}})
WITH has_owner_column, street_names, community_names, community_pairs, ownerless_pairs,
     collect(DISTINCT stationed.name) AS stationed_streets
MATCH (o:{_l('organization')} {{district: $district}})
WITH o, has_owner_column, stationed_streets, ownerless_pairs,
     coalesce(o.street IN street_names, false) AS street_known,
     coalesce(o.community IN community_names, false) AS community_known,
     coalesce([o.street, o.community] IN community_pairs, false) AS pair_known,
     {_in('SUPERVISES', 'supervisory_unit')} AS supervised
WITH o, [code IN [
       CASE WHEN o.community IS NULL THEN $code.NO_COMMUNITY END,
       CASE WHEN o.community IS NOT NULL AND NOT community_known THEN $code.UNKNOWN_COMMUNITY END,
       CASE WHEN NOT street_known THEN $code.UNKNOWN_STREET END,
       CASE WHEN o.street IS NOT NULL AND community_known AND NOT pair_known THEN $code.STREET_MISMATCH END,
       CASE WHEN street_known AND NOT coalesce(o.street IN stationed_streets, false)
            THEN $code.STREET_NO_DEPARTMENT END,
       CASE WHEN has_owner_column AND coalesce([o.street, o.community] IN ownerless_pairs, false)
            THEN $code.COMMUNITY_NO_OWNER END,
       CASE WHEN o.org_kind = $value.social_org AND NOT supervised THEN $code.NO_SUPERVISOR END
     ] WHERE code IS NOT NULL] AS codes
UNWIND codes AS code
{_ORG_RETURN}
""".strip()

_CAPACITY = ("coalesce(head([position IN range(0, size(d.capacity_keys) - 1) "
             "WHERE d.capacity_keys[position] = unit_key | d.capacity_values[position]]), "
             "$default_capacity[kind])")

_LOAD_TAIL = f"""
MATCH (d:{_l('district')} {{district: $district, node_id: $district_id}})
WITH d, kind, unit, unit_key, supervisory_unit, node_id, load, linked, {_CAPACITY} AS capacity
RETURN kind, unit, unit_key, supervisory_unit, node_id, load, capacity, linked,
       load > capacity AS overloaded, linked = 0 AS idle
ORDER BY unit, coalesce(supervisory_unit, $value.empty)
""".strip()

# One statement per role (a CALL { ... UNION ALL ... } would need Neo4j 5.23's CALL () syntax).
LEADER_LOADS = f"""
MATCH (l:{_l('leader')} {{district: $district}})
OPTIONAL MATCH (l)-[:{_r('ATTACHED_TO')}]->(o:{_l('organization')} {{district: $district}})
WITH l, o, {_open()} AS open
WITH l, sum(CASE WHEN open THEN 1 ELSE 0 END) AS open_count, count(o) AS linked
WITH $value.leader AS kind, l.name AS unit, l.name_key AS unit_key, null AS supervisory_unit,
     l.node_id AS node_id, toFloat(open_count) AS load, linked
{_LOAD_TAIL}
""".strip()

DEPARTMENT_LOADS = f"""
OPTIONAL MATCH (o:{_l('organization')} {{district: $district}})
WITH o, {_open()} AND NOT {_in('CONTACTS', 'department')} AS pooled
WITH o.street AS street, sum(CASE WHEN pooled THEN 1 ELSE 0 END) AS pool, count(o) AS organizations
WITH collect({{street: street, pool: pool, organizations: organizations}}) AS street_stats
MATCH (dep:{_l('department')} {{district: $district}})-[station:{_r('STATIONED_IN')}]->(s:{_l('street')} {{district: $district}})
WITH street_stats, dep, station, s,
     COUNT {{ MATCH (s)<-[:{_r('STATIONED_IN')}]-(:{_l('department')} {{district: $district}}) }} AS departments_here
WITH dep, station, s, departments_here, head([x IN street_stats WHERE x.street = s.name]) AS stat
ORDER BY station.seq
WITH dep, collect(toFloat(coalesce(stat.pool, 0)) / departments_here) AS shares,
     sum(coalesce(stat.organizations, 0)) AS street_organizations, collect(s.name) AS stationed_streets
OPTIONAL MATCH (dep)-[:{_r('CONTACTS')}]->(o:{_l('organization')} {{district: $district}})
WITH dep, shares, street_organizations, stationed_streets, o, {_open()} AS open
WITH dep, shares, street_organizations, sum(CASE WHEN open THEN 1 ELSE 0 END) AS direct,
     sum(CASE WHEN o IS NOT NULL AND NOT coalesce(o.street IN stationed_streets, false) THEN 1 ELSE 0 END)
     AS contacted
WITH $value.department AS kind, dep.department_name AS unit, dep.name_key AS unit_key, null AS supervisory_unit,
     dep.node_id AS node_id, toFloat(direct) + reduce(total = 0.0, share IN shares | total + share) AS load,
     contacted + street_organizations AS linked
{_LOAD_TAIL}
""".strip()

SUPERVISORY_UNIT_LOADS = f"""
MATCH (u:{_l('supervisory_unit')} {{district: $district}})
OPTIONAL MATCH (u)-[:{_r('SUPERVISES')}]->(o:{_l('organization')} {{district: $district}})
WITH u, o, {_open()} AS open
WITH u, sum(CASE WHEN open THEN 1 ELSE 0 END) AS open_count, count(o) AS linked
WITH $value.supervisory_unit AS kind, u.supervisory_unit_name AS unit, u.name_key AS unit_key,
     null AS supervisory_unit, u.node_id AS node_id, toFloat(open_count) AS load, linked
{_LOAD_TAIL}
""".strip()

INSTRUCTOR_LOADS = f"""
MATCH (i:{_l('instructor')} {{district: $district}})
OPTIONAL MATCH (i)-[:{_r('GUIDES')}]->(o:{_l('organization')} {{district: $district}})
WITH i, count(o) AS linked
WITH $value.instructor AS kind, i.name AS unit, i.name_key AS unit_key, i.supervisory_unit AS supervisory_unit,
     i.node_id AS node_id, toFloat(linked) AS load, linked
{_LOAD_TAIL}
""".strip()

#: The load statement of each role, in the output's kind order.
UNIT_LOADS = {"department": DEPARTMENT_LOADS, "instructor": INSTRUCTOR_LOADS, "leader": LEADER_LOADS,
              "supervisory_unit": SUPERVISORY_UNIT_LOADS}

COVERAGE = f"""
MATCH (o:{_l('organization')} {{district: $district}})
WITH o, {_party_org_required()} AS required
WITH o, required,
     required AND (o.status = $value.standalone OR o.status = $value.joint) AS organized,
     required AND o.status = $value.standalone AS standalone,
     required AND (o.status <> $value.none OR {_in('GUIDES', 'instructor')} OR {_in('ATTACHED_TO', 'leader')}
                   OR {_in('CONTACTS', 'department')}) AS worked
WITH o.street AS street, o.org_kind AS kind,
     sum(CASE WHEN required THEN 1 ELSE 0 END) AS required_count,
     sum(CASE WHEN organized THEN 1 ELSE 0 END) AS organized_count,
     sum(CASE WHEN standalone THEN 1 ELSE 0 END) AS standalone_count,
     sum(CASE WHEN worked THEN 1 ELSE 0 END) AS worked_count
WITH collect({{street: street, kind: kind, required: required_count, organized: organized_count,
              standalone: standalone_count, worked: worked_count}}) AS cells
OPTIONAL MATCH (s:{_l('street')} {{district: $district}})
WITH cells, s.name AS street_name ORDER BY street_name
WITH cells, collect(street_name) AS street_names
WITH cells, [[$value.overall, $value.overall]] + [name IN street_names | [$value.street, name]]
            + [kind IN $kinds | [$value.kind, kind]] AS groups
UNWIND range(0, size(groups) - 1) AS position
WITH position, groups[position][0] AS scope, groups[position][1] AS group_name, cells
WITH position, scope, group_name,
     [c IN cells WHERE scope = $value.overall OR (scope = $value.street AND c.street = group_name)
                       OR (scope = $value.kind AND c.kind = group_name)] AS members
WITH position, scope, group_name,
     reduce(total = 0, c IN members | total + c.required) AS required,
     reduce(total = 0, c IN members | total + c.organized) AS organized,
     reduce(total = 0, c IN members | total + c.standalone) AS standalone,
     reduce(total = 0, c IN members | total + c.worked) AS worked
RETURN scope, group_name, required,
       CASE WHEN required > 0 THEN toFloat(organized) / required END AS org_coverage,
       CASE WHEN required > 0 THEN toFloat(standalone) / required END AS standalone_rate,
       CASE WHEN required > 0 THEN toFloat(worked) / required END AS work_coverage
ORDER BY position
""".strip()

_COUNTED = (("organizations", "organization"), ("streets", "street"), ("communities", "community"),
            ("leaders", "leader"), ("departments", "department"), ("supervisory_units", "supervisory_unit"),
            ("instructors", "instructor"), ("mass_orgs", "mass_org"), ("party_orgs", "party_org"))

NETWORK_COUNTS = (
    f"OPTIONAL MATCH (d:{_l('district')} {{district: $district, node_id: $district_id}}) RETURN "
    + ", ".join(f"COUNT {{ MATCH (n:{_l(kind)} {{district: $district}}) }} AS {name}" for name, kind in _COUNTED)
    + ", " + ", ".join(f"reduce(total = 0, x IN coalesce(d.{name}, []) | total + x) AS {name}"
                       for name in ("rows_read", "rows_loaded", "rows_rejected"))
)

#: Every statement of this module, by name (the parser test reads this registry).
STATEMENTS = register_statements({
    "uncovered_organizations": UNCOVERED,
    "broken_chains": BROKEN_CHAINS,
    **{f"unit_loads:{kind}": statement for kind, statement in UNIT_LOADS.items()},
    "coverage_rates": COVERAGE,
    "network_counts": NETWORK_COUNTS,
})

#: Constant values the statements compare with, passed as the ``$value`` parameter.
_VALUES = {"enterprise": "enterprise", "social_org": "social_org", "none": "none", "standalone": "standalone",
           "joint": "joint", "empty": "", "overall": "overall", "street": "street", "kind": "kind",
           "leader": "leader", "department": "department", "supervisory_unit": "supervisory_unit",
           "instructor": "instructor"}

_RULE_FIELDS = ("members_required_min_employees", "party_org_required_min_employees",
                "party_org_required_above_scale", "entity_social_org_min_employees", "standalone_min_members",
                "union_required_min_employees")


def _parameters(district, rules=None, **more):
    parameters = {"district": district, "district_id": node_id("district", district), "value": _VALUES}
    if rules is not None:
        parameters["rules"] = {name: getattr(rules, name) for name in _RULE_FIELDS}
    parameters.update(more)
    return parameters


def _code_point_sorted(frame, keys, fill_null=()):
    """Stable sort by `keys` in Unicode code-point order (Python's str order)."""
    if len(frame) < 2:
        return frame.reset_index(drop=True)
    sort_keys = {f"_key{i}": (frame[k].fillna("") if k in fill_null else frame[k]) for i, k in enumerate(keys)}
    ordered = frame.assign(**sort_keys).sort_values(list(sort_keys), kind="stable", na_position="first")
    return ordered.drop(columns=list(sort_keys)).reset_index(drop=True)


def _org_rows(records):
    columns = ORG_COLUMNS + ["code", "label"]
    if not records:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame({c: text_column([r[c] for r in records]) for c in columns})
    return _code_point_sorted(frame, ["street", "org_id", "code"], fill_null=("street",))


def _check_district(runner, district):
    if not district_exists(runner, district):
        raise Neo4jDataError(f"Neo4j 数据库中没有区“{district}”的数据：请先运行 liangxin neo4j push")


def uncovered_organizations_cypher(driver_or_session, district=None, rules=None, *, database=None):
    """Uncovered organizations computed by the server: twin of :func:`liangxin.queries.uncovered.uncovered_organizations`.

    Parameters
    ----------
    driver_or_session : Neo4jConnection, neo4j.Driver or neo4j.Session
    district : str, optional
        Defaults to ``rules.district``.
    rules : Rules, optional
    database : str, optional
        With a driver: the database to read.

    Returns
    -------
    DataFrame
        ``org_id, name, kind, street, community, code, label``, one row per (organization, code),
        sorted by street, then ``org_id``, then code.

    Examples
    --------
    >>> uncovered_organizations_cypher(connection, "龙岗区")["code"].value_counts()  # doctest: +SKIP
    """
    rules = rules or load_rules()
    district = district or rules.district
    with Neo4jRunner(driver_or_session, database) as runner:
        records = runner.read(UNCOVERED, _parameters(district, rules, code={c: c for c in UNCOVERED_CODES},
                                                     labels=UNCOVERED_CODES))
    return _org_rows(records)


def broken_chains_cypher(driver_or_session, district=None, *, database=None, rules=None):
    """Broken responsibility chains computed by the server: twin of :func:`liangxin.queries.chains.broken_chains`.

    Returns
    -------
    DataFrame
        ``org_id, name, kind, street, community, code, label`` sorted by street, then ``org_id``, then code.

    Examples
    --------
    >>> broken_chains_cypher(connection, "龙岗区")  # doctest: +SKIP
    """
    district = district or (rules or load_rules()).district
    with Neo4jRunner(driver_or_session, database) as runner:
        records = runner.read(BROKEN_CHAINS, _parameters(district, code={c: c for c in CHAIN_CODES},
                                                         labels=CHAIN_CODES))
    return _org_rows(records)


def unit_loads_cypher(driver_or_session, district=None, rules=None, *, database=None):
    """Loads of responsible units computed by the server: twin of :func:`liangxin.queries.loads.unit_loads`.

    Returns
    -------
    DataFrame
        ``kind, unit, unit_key, supervisory_unit, node_id, load, capacity, linked, overloaded, idle``,
        one row per (unit, role), sorted by kind, then unit.

    Examples
    --------
    >>> unit_loads_cypher(connection, "龙岗区").query("overloaded")  # doctest: +SKIP
    """
    rules = rules or load_rules()
    district = district or rules.district
    defaults = {kind: rules.capacity(kind) for kind in ("leader", "department", "supervisory_unit", "instructor")}
    with Neo4jRunner(driver_or_session, database) as runner:
        _check_district(runner, district)
        parameters = _parameters(district, rules, default_capacity=defaults)
        records = [record for kind in sorted(UNIT_LOADS) for record in runner.read(UNIT_LOADS[kind], parameters)]
    frame = pd.DataFrame({
        "kind": text_column([r["kind"] for r in records]),
        "unit": text_column([r["unit"] for r in records]),
        "unit_key": text_column([r["unit_key"] for r in records]),
        "supervisory_unit": text_column([r["supervisory_unit"] for r in records]),
        "node_id": text_column([r["node_id"] for r in records]),
        "load": pd.Series([r["load"] for r in records], dtype=float),
        "capacity": pd.Series([r["capacity"] for r in records], dtype=np.int64),
        "linked": pd.Series([r["linked"] for r in records], dtype=np.int64),
        "overloaded": pd.Series([r["overloaded"] for r in records], dtype=bool),
        "idle": pd.Series([r["idle"] for r in records], dtype=bool),
    })[LOAD_COLUMNS]
    return _code_point_sorted(frame, ["kind", "unit", "supervisory_unit"])


def coverage_rates_cypher(driver_or_session, district=None, rules=None, *, database=None):
    """Coverage rates computed by the server: twin of :func:`liangxin.queries.coverage.coverage_rates`.

    Returns
    -------
    DataFrame
        ``scope, group, required, org_coverage, standalone_rate, work_coverage``: overall, each street
        of 街道社区 in Unicode order, then ``enterprise`` and ``social_org``; NaN rates where
        ``required`` is 0.

    Examples
    --------
    >>> coverage_rates_cypher(connection, "龙岗区").set_index("group").loc["overall"]  # doctest: +SKIP
    """
    rules = rules or load_rules()
    district = district or rules.district
    with Neo4jRunner(driver_or_session, database) as runner:
        records = runner.read(COVERAGE, _parameters(district, rules, kinds=list(KINDS)))
    frame = pd.DataFrame({
        "scope": text_column([r["scope"] for r in records]),
        "group": text_column([r["group_name"] for r in records]),
        "required": pd.Series([r["required"] for r in records], dtype=np.int64),
        **{c: pd.Series([np.nan if r[c] is None else r[c] for r in records], dtype=float) for c in RATE_COLUMNS},
    })
    # The server sorted the streets; make their order Python's code-point order.
    parts = [frame[frame["scope"] == scope] for scope in ("overall", "street", "kind")]
    parts[1] = _code_point_sorted(parts[1], ["group"])
    frame = pd.concat(parts, ignore_index=True)
    return frame


def network_counts_cypher(driver_or_session, district=None, *, database=None, rules=None):
    """OUTPUT.md's ``counts`` computed by the server: twin of :func:`liangxin.queries.analysis.network_counts`.

    Examples
    --------
    >>> network_counts_cypher(connection, "龙岗区")["organizations"]  # doctest: +SKIP
    5000
    """
    district = district or (rules or load_rules()).district
    with Neo4jRunner(driver_or_session, database) as runner:
        record = runner.read(NETWORK_COUNTS, _parameters(district))[0]
    # OUTPUT.md's order: the node counts, then the rows read, loaded and rejected.
    names = [name for name, _ in _COUNTED] + ["rows_read", "rows_loaded", "rows_rejected"]
    return {name: int(record[name]) for name in names}


def analyze_cypher(driver_or_session, district=None, rules=None, *, database=None, network=None):
    """Run every query of RULES.md on the server: an :class:`~liangxin.queries.analysis.Analysis` like the embedded one.

    Parameters
    ----------
    driver_or_session : Neo4jConnection, neo4j.Driver or neo4j.Session
    district : str, optional
        Defaults to ``rules.district``.
    rules : Rules, optional
        The thresholds, passed to the server as parameters.
    database : str, optional
    network : ResponsibilityNetwork, optional
        The result's ``network`` (its tables give ``summary.json``'s rejected rows and
        warnings). By default the district is pulled from the server.

    Returns
    -------
    Analysis
        Compare ``summary_object(result, input)`` with the embedded one.

    Raises
    ------
    liangxin.errors.Neo4jDataError
        The server holds no snapshot of the district.

    Examples
    --------
    >>> result = analyze_cypher(connection, "龙岗区")  # doctest: +SKIP
    >>> summary_object(result, "台账.xlsx")["coverage"]["overall"]  # doctest: +SKIP
    """
    rules = rules or load_rules()
    district = district or rules.district
    with Neo4jRunner(driver_or_session, database) as runner:
        _check_district(runner, district)
        uncovered = uncovered_organizations_cypher(runner, district, rules)
        loads = unit_loads_cypher(runner, district, rules)
        broken = broken_chains_cypher(runner, district)
        coverage = coverage_rates_cypher(runner, district, rules)
        counts = network_counts_cypher(runner, district)
        if network is None:
            network = pull_network(runner, district)
    return Analysis(network=network, rules=rules, uncovered=uncovered, loads=loads, broken_chains=broken,
                    coverage=coverage, counts=counts)


# --------------------------------------------------------------------------------------------
# Comparing the two implementations

_QUERY_ZH = {"uncovered": "未覆盖组织", "broken_chains": "责任链断点", "loads": "责任单位负荷", "coverage": "覆盖率"}
_SIDES = ("内置查询", "Cypher")


def _same_value(a, b, tolerance):
    a_missing = a is None or (isinstance(a, float) and math.isnan(a))
    b_missing = b is None or (isinstance(b, float) and math.isnan(b))
    if a_missing or b_missing:
        return a_missing and b_missing
    if isinstance(a, (float, np.floating)) or isinstance(b, (float, np.floating)):
        return math.isclose(float(a), float(b), rel_tol=tolerance, abs_tol=tolerance)
    return a == b


def _shape_differences(title, expected, actual):
    problems = []
    if list(expected.columns) != list(actual.columns):
        problems.append(f"{title}：列不同（{_SIDES[0]} {list(expected.columns)}，{_SIDES[1]} {list(actual.columns)}）")
        return problems
    for column in expected.columns:
        same_family = _is_text(expected[column]) and _is_text(actual[column])
        if str(expected[column].dtype) != str(actual[column].dtype) and not same_family and len(expected) and len(actual):
            problems.append(f"{title}：列“{column}”的类型不同（{_SIDES[0]} {expected[column].dtype}，"
                            f"{_SIDES[1]} {actual[column].dtype}）")
    return problems


def _is_text(series):
    """Object or string dtype: both hold text (pandas 3 infers ``str`` where pandas 2 kept ``object``)."""
    return series.dtype == object or pd.api.types.is_string_dtype(series.dtype)


def dtype_family(series):
    """``text`` for object and string columns, else the dtype's name (``int64``, ``float64``, ``bool``).

    Text columns may be ``object`` on one side and ``str`` on the other (pandas infers ``str``
    since 3.0); their values are what matter.

    Examples
    --------
    >>> dtype_family(pd.Series(["a"], dtype=object)), dtype_family(pd.Series([1.5]))
    ('text', 'float64')
    """
    return "text" if _is_text(series) else str(series.dtype)


def _row_text(row, keys):
    return "，".join(f"{k}={row[k]}" for k in keys)


def _keyed_differences(title, expected, actual, keys, tolerance):
    problems = _shape_differences(title, expected, actual)
    if problems:
        return problems
    exp = {tuple(r[k] for k in keys): r for r in expected.to_dict("records")}
    act = {tuple(r[k] for k in keys): r for r in actual.to_dict("records")}
    for key in exp.keys() - act.keys():
        problems.append(f"{title}：只有{_SIDES[0]}有这一行：{_row_text(exp[key], expected.columns)}")
    for key in act.keys() - exp.keys():
        problems.append(f"{title}：只有{_SIDES[1]}有这一行：{_row_text(act[key], actual.columns)}")
    for key in exp.keys() & act.keys():
        for column in expected.columns:
            a, b = exp[key][column], act[key][column]
            if not _same_value(a, b, tolerance):
                where = "，".join(f"{k}={v}" for k, v in zip(keys, key))
                problems.append(f"{title}：{where} 的“{column}”不同（{_SIDES[0]} {a!r}，{_SIDES[1]} {b!r}）")
    if not problems:
        order_e = [tuple(r[k] for k in keys) for r in expected.to_dict("records")]
        order_a = [tuple(r[k] for k in keys) for r in actual.to_dict("records")]
        if order_e != order_a:
            first = next(i for i, (x, y) in enumerate(zip(order_e, order_a)) if x != y)
            problems.append(f"{title}：行的顺序不同（从第 {first + 1} 行起）")
        elif len(expected) != len(actual):
            problems.append(f"{title}：行数不同（{_SIDES[0]} {len(expected)}，{_SIDES[1]} {len(actual)}）")
    return problems


def analysis_differences(expected, actual, input_path="", *, tolerance=1e-9):
    """List, in Chinese, every difference between two analyses of the same district.

    Parameters
    ----------
    expected : Analysis
        The embedded queries' result.
    actual : Analysis
        The Cypher twins' result (:func:`analyze_cypher`).
    input_path : str
        Passed to :func:`~liangxin.queries.analysis.summary_object` on both sides.
    tolerance : float
        Loads and rates are compared within this (relative and absolute) tolerance.

    Returns
    -------
    list of str
        Empty when the two agree on every row, value and order and on ``summary.json``.

    Examples
    --------
    >>> analysis_differences(analyze_network(net), analyze_cypher(connection))  # doctest: +SKIP
    []
    """
    problems = []
    for name, value in expected.counts.items():
        other = actual.counts.get(name)
        if other != value:
            problems.append(f"计数“{name}”不同（{_SIDES[0]} {value}，{_SIDES[1]} {other}）")
    org_keys = ["org_id", "code"]
    problems += _keyed_differences(_QUERY_ZH["uncovered"], expected.uncovered, actual.uncovered, org_keys, tolerance)
    problems += _keyed_differences(_QUERY_ZH["broken_chains"], expected.broken_chains, actual.broken_chains,
                                   org_keys, tolerance)
    problems += _keyed_differences(_QUERY_ZH["loads"], expected.loads, actual.loads, ["kind", "node_id"], tolerance)
    problems += _keyed_differences(_QUERY_ZH["coverage"], expected.coverage, actual.coverage, ["scope", "group"],
                                   tolerance)
    if not problems:
        left, right = summary_object(expected, input_path), summary_object(actual, input_path)
        for key in left:
            if left[key] != right.get(key):
                problems.append(f"summary.json 的“{key}”不同")
    return problems


def tables_differences(expected, actual):
    """List, in Chinese, every difference between two :class:`~liangxin.tables.Tables` (e.g. local and pulled).

    Examples
    --------
    >>> tables_differences(net.tables, pull_network(connection, "龙岗区").tables)  # doctest: +SKIP
    []
    """
    from dataclasses import fields

    problems = []
    for f in fields(expected):
        if f.name == "extra_sheets":
            continue
        a, b = getattr(expected, f.name), getattr(actual, f.name)
        if isinstance(a, pd.DataFrame):
            try:
                pd.testing.assert_frame_equal(a, b, check_exact=True)
            except AssertionError as error:
                detail = " ".join(str(error).split())[:200]
                problems.append(f"从 Neo4j 读回的表“{f.name}”与本地不同：{detail}")
        elif a != b:
            problems.append(f"从 Neo4j 读回的“{f.name}”与本地不同（本地 {a!r}，读回 {b!r}）")
    return problems
