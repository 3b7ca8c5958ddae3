"""The queries of RULES.md in Cypher, run on the Neo4j server (twins of the embedded queries).

=====================================  ===================================================
module                                 concept
=====================================  ===================================================
:mod:`~.statements`                    the Cypher statement of each query, registered
:mod:`~.twins`                         the twins: send a statement, tabulate the answer
:mod:`~.compare`                       the differences between the two implementations
=====================================  ===================================================

Each twin answers the same question as its embedded query, computed by the server from a
district pushed with :func:`liangxin.graph.neo4j.push_network`, and returns a DataFrame with
the same columns, order and values; :func:`analyze_cypher` gathers them into an
:class:`~liangxin.queries.analysis.Analysis`, and :func:`analysis_differences` says where two
analyses differ (``liangxin neo4j check``).

Examples
--------
>>> len(STATEMENTS)
8
>>> analysis_differences(result, result)
[]
>>> with lx.graph.neo4j.connect() as connection:  # doctest: +SKIP
...     differences = analysis_differences(lx.analyze(net), analyze_cypher(connection, "龙岗区"))
"""

from liangxin.queries.cypher.compare import analysis_differences, dtype_family, tables_differences
from liangxin.queries.cypher.statements import STATEMENTS
from liangxin.queries.cypher.twins import (analyze_cypher, broken_chains_cypher, coverage_rates_cypher,
                                           network_counts_cypher, uncovered_organizations_cypher, unit_loads_cypher)

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
