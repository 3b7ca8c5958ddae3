"""Operational knobs, in one place (osmnx's ``settings``): limits and defaults that are not rules.

The rules of RULES.md (thresholds, capacities, the district) live in the rules file
(``liangxin/queries/default_rules.toml``); what is here only changes how much is drawn, sent or
written at once. Plain constants, importable without pandas.
"""

__all__ = ["NETWORK_MAX_NODES", "NEO4J_BATCH_SIZE"]

#: Nodes drawn at most in one network page (``liangxin viz --max-nodes``); more slows the browser.
NETWORK_MAX_NODES = 3000

#: Rows sent in one ``UNWIND $rows`` transaction to Neo4j (``liangxin neo4j push --batch-size``).
NEO4J_BATCH_SIZE = 2000
