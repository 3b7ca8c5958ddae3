"""The Cypher twins of the queries: each sends its statement to the server and tabulates the answer.

Each function here answers the same question as its embedded twin, computed by the server
from a district pushed with :func:`liangxin.graph.neo4j.push.push_network`, and returns a
DataFrame with the same columns, order and values (the statements:
:mod:`liangxin.queries.cypher.statements`):

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

Order: the server sorts the rows; Python then applies a stable sort on the same keys in
Unicode code-point order, which is OUTPUT.md's order whatever the server's string collation
(Neo4j, like Java, may compare UTF-16 code units, which differs from code points only between
characters beyond U+FFFF and U+E000–U+FFFF).

Examples
--------
>>> with lx.graph.neo4j.connect() as connection:  # doctest: +SKIP
...     result = analyze_cypher(connection, "龙岗区")
>>> result.overloaded[["unit", "kind", "load"]]  # doctest: +SKIP
"""

import numpy as np
import pandas as pd

from liangxin.errors import Neo4jDataError
from liangxin.graph.neo4j.connection import Neo4jRunner
from liangxin.graph.neo4j.pull import district_exists, pull_network
from liangxin.queries._tabulate import ORG_COLUMNS
from liangxin.queries.analysis import Analysis
from liangxin.queries.chains import CHAIN_CODES
from liangxin.queries.coverage import KINDS, RATE_COLUMNS
from liangxin.queries.cypher.statements import (BROKEN_CHAINS, COUNTED, COVERAGE, NETWORK_COUNTS, UNCOVERED,
                                                UNIT_LOADS, statement_parameters)
from liangxin.queries.loads import LOAD_COLUMNS
from liangxin.queries.rules import Rules, load_rules
from liangxin.queries.uncovered import UNCOVERED_CODES
from liangxin.text import text_column

__all__ = [
    "uncovered_organizations_cypher",
    "unit_loads_cypher",
    "broken_chains_cypher",
    "coverage_rates_cypher",
    "network_counts_cypher",
    "analyze_cypher",
]


def _code_point_sorted(frame, keys, fill_null=()):
    """Stable sort by `keys` in Unicode code-point order (Python's str order).

    Examples
    --------
    >>> streets = pd.DataFrame({"street": pd.Series(["\uff21", "\U00020000", None], dtype=object)})
    >>> _code_point_sorted(streets, ["street"], fill_null=("street",))
      street
    0   None
    1      Ａ
    2      𠀀
    """
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


def uncovered_organizations_cypher(driver_or_session, district: str | None = None, rules: Rules | None = None, *,
                                   database: str | None = None) -> pd.DataFrame:
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
        records = runner.read(UNCOVERED, statement_parameters(district, rules, code={c: c for c in UNCOVERED_CODES},
                                                     labels=UNCOVERED_CODES))
    return _org_rows(records)


def broken_chains_cypher(driver_or_session, district: str | None = None, *, database: str | None = None,
                         rules: Rules | None = None) -> pd.DataFrame:
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
        records = runner.read(BROKEN_CHAINS, statement_parameters(district, code={c: c for c in CHAIN_CODES},
                                                         labels=CHAIN_CODES))
    return _org_rows(records)


def unit_loads_cypher(driver_or_session, district: str | None = None, rules: Rules | None = None, *,
                      database: str | None = None) -> pd.DataFrame:
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
        parameters = statement_parameters(district, rules, default_capacity=defaults)
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


def coverage_rates_cypher(driver_or_session, district: str | None = None, rules: Rules | None = None, *,
                          database: str | None = None) -> pd.DataFrame:
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
        records = runner.read(COVERAGE, statement_parameters(district, rules, kinds=list(KINDS)))
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


def network_counts_cypher(driver_or_session, district: str | None = None, *, database: str | None = None,
                          rules: Rules | None = None) -> dict[str, int]:
    """OUTPUT.md's ``counts`` computed by the server: twin of :func:`liangxin.queries.analysis.network_counts`.

    Examples
    --------
    >>> network_counts_cypher(connection, "龙岗区")["organizations"]  # doctest: +SKIP
    5000
    """
    district = district or (rules or load_rules()).district
    with Neo4jRunner(driver_or_session, database) as runner:
        record = runner.read(NETWORK_COUNTS, statement_parameters(district))[0]
    # OUTPUT.md's order: the node counts, then the rows read, loaded and rejected.
    names = [name for name, _ in COUNTED] + ["rows_read", "rows_loaded", "rows_rejected"]
    return {name: int(record[name]) for name in names}


def analyze_cypher(driver_or_session, district: str | None = None, rules: Rules | None = None, *,
                   database: str | None = None, network=None) -> Analysis:
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
