"""The queries of RULES.md as Cypher statements: the text each Cypher twin sends to the server.

Every statement here is registered (:data:`STATEMENTS`, with
:func:`liangxin.graph.neo4j.statements.register_statements`) and runs with the parameters of
:func:`statement_parameters`: thresholds come from the same
:class:`liangxin.queries.rules.Rules` as the embedded queries, constant values from ``$value``
— no statement holds a string literal — and labels and relationship types from
:mod:`liangxin.graph.schema`. The statements are written in the part of Cypher that Neo4j 5
and ArcadeDB's OpenCypher share (the test server is ArcadeDB). The functions that send them
and tabulate the answers are in :mod:`liangxin.queries.cypher.twins`.

Subquery expressions (``EXISTS {}``, ``COUNT {}``) are computed in a ``WITH`` of their own, never
inside an aggregate or a list literal: Neo4j's own semantic analysis (the parser guard) gives up
silently on those.

Examples
--------
>>> sorted(STATEMENTS)  # doctest: +NORMALIZE_WHITESPACE
['broken_chains', 'coverage_rates', 'network_counts', 'uncovered_organizations', 'unit_loads:department',
 'unit_loads:instructor', 'unit_loads:leader', 'unit_loads:supervisory_unit']
>>> print(INSTRUCTOR_LOADS.splitlines()[0])
MATCH (i:Instructor {district: $district})
"""

from liangxin.graph.neo4j.statements import register_statements
from liangxin.graph.network import node_id
from liangxin.graph.schema import EDGE_KINDS, NODE_KINDS

__all__ = [
    "UNCOVERED",
    "BROKEN_CHAINS",
    "LEADER_LOADS",
    "DEPARTMENT_LOADS",
    "SUPERVISORY_UNIT_LOADS",
    "INSTRUCTOR_LOADS",
    "UNIT_LOADS",
    "COVERAGE",
    "NETWORK_COUNTS",
    "COUNTED",
    "STATEMENTS",
    "statement_parameters",
]


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
     {_in('SUPERVISES', 'supervisory_unit')} AS supervised,
     {_in('ATTACHED_TO', 'leader')} AS attached
WITH o, [code IN [
       CASE WHEN o.community IS NULL THEN $code.NO_COMMUNITY END,
       CASE WHEN o.community IS NOT NULL AND NOT community_known THEN $code.UNKNOWN_COMMUNITY END,
       CASE WHEN NOT street_known THEN $code.UNKNOWN_STREET END,
       CASE WHEN o.street IS NOT NULL AND community_known AND NOT pair_known THEN $code.STREET_MISMATCH END,
       CASE WHEN street_known AND NOT coalesce(o.street IN stationed_streets, false)
            THEN $code.STREET_NO_DEPARTMENT END,
       CASE WHEN has_owner_column AND coalesce([o.street, o.community] IN ownerless_pairs, false)
            THEN $code.COMMUNITY_NO_OWNER END,
       CASE WHEN o.org_kind = $value.social_org AND NOT supervised THEN $code.NO_SUPERVISOR END,
       CASE WHEN coalesce(o.key, false) AND o.status = $value.none AND NOT attached THEN $code.KEY_NO_LEADER END
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

#: OUTPUT.md's node counts: count name -> node kind.
COUNTED = (("organizations", "organization"), ("streets", "street"), ("communities", "community"),
           ("leaders", "leader"), ("departments", "department"), ("supervisory_units", "supervisory_unit"),
           ("instructors", "instructor"), ("mass_orgs", "mass_org"), ("party_orgs", "party_org"))

NETWORK_COUNTS = (
    f"OPTIONAL MATCH (d:{_l('district')} {{district: $district, node_id: $district_id}}) RETURN "
    + ", ".join(f"COUNT {{ MATCH (n:{_l(kind)} {{district: $district}}) }} AS {name}" for name, kind in COUNTED)
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


def statement_parameters(district: str, rules=None, **more) -> dict:
    """The parameters the statements expect: the district, constant values, the thresholds of `rules`.

    Parameters
    ----------
    district : str
    rules : Rules, optional
        Its thresholds become ``$rules``.
    **more
        Further parameters (``code``, ``labels``, ``default_capacity``, ``kinds``).

    Examples
    --------
    >>> parameters = statement_parameters("龙岗区", lx.load_rules())
    >>> parameters["district_id"], parameters["value"]["none"], parameters["rules"]["standalone_min_members"]
    ('district:龙岗区', 'none', 3)
    """
    parameters = {"district": district, "district_id": node_id("district", district), "value": _VALUES}
    if rules is not None:
        parameters["rules"] = {name: getattr(rules, name) for name in _RULE_FIELDS}
    parameters.update(more)
    return parameters
