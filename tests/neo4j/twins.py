"""The two implementations of the queries behind one interface, so one test suite runs on both.

``EmbeddedQueries`` calls the pandas queries; ``CypherQueries`` pushes the network to a real
Bolt server (under a fresh district name, once per network) and runs the Cypher twins
there. Tests take the ``queries`` fixture (tests/queries/conftest.py) and never know which.
"""

import weakref

from liangxin.graph.neo4j.push import push_network
from liangxin.graph.network import build_network
from liangxin.queries.analysis import analyze_network
from liangxin.queries.chains import broken_chains
from liangxin.queries.coverage import coverage_rates
from liangxin.queries.cypher import (analyze_cypher, broken_chains_cypher, coverage_rates_cypher, unit_loads_cypher,
                            uncovered_organizations_cypher)
from liangxin.queries.loads import unit_loads
from liangxin.queries.uncovered import uncovered_organizations

__all__ = ["EmbeddedQueries", "CypherQueries", "codes_by_name"]


class EmbeddedQueries:
    """The embedded (pandas) queries."""

    name = "embedded"

    def uncovered(self, network, rules=None):
        return uncovered_organizations(network, rules)

    def loads(self, network, rules=None):
        return unit_loads(network, rules)

    def chains(self, network):
        return broken_chains(network)

    def coverage(self, network, rules=None):
        return coverage_rates(network, rules)

    def analyze(self, network, rules=None):
        return analyze_network(network, rules)


class CypherQueries:
    """The Cypher twins, run by a real server on the pushed network."""

    name = "cypher"

    def __init__(self, server):
        self.server = server
        self._districts = weakref.WeakKeyDictionary()

    def district_of(self, network):
        """Push `network` (once) under a fresh district name and return that name."""
        district = self._districts.get(network)
        if district is None:
            district = self.server.district()
            push_network(self.server.connection, build_network(network.tables, district=district))
            self._districts[network] = district
        return district

    def uncovered(self, network, rules=None):
        return uncovered_organizations_cypher(self.server.connection, self.district_of(network), rules)

    def loads(self, network, rules=None):
        return unit_loads_cypher(self.server.connection, self.district_of(network), rules)

    def chains(self, network):
        return broken_chains_cypher(self.server.connection, self.district_of(network))

    def coverage(self, network, rules=None):
        return coverage_rates_cypher(self.server.connection, self.district_of(network), rules)

    def analyze(self, network, rules=None):
        return analyze_cypher(self.server.connection, self.district_of(network), rules, network=network)


def codes_by_name(rows, name):
    """Sorted codes of the organization called `name` in uncovered / broken-chain rows."""
    return sorted(rows.loc[rows["name"] == name, "code"])
