"""Helpers of the Neo4j tests: a network under a test district, table comparison, raw inspection."""

from dataclasses import fields

import pandas as pd

from liangxin.graph.network import build_network
from tests.conftest import tables_from_rows, workbook

__all__ = ["network_for", "assert_same_tables", "raw", "expected_counts", "snapshot"]


def network_for(tables, district):
    return build_network(tables, district=district)


def assert_same_tables(expected, actual):
    for f in fields(expected):
        if f.name == "extra_sheets":
            continue
        a, b = getattr(expected, f.name), getattr(actual, f.name)
        if isinstance(a, pd.DataFrame):
            pd.testing.assert_frame_equal(a, b, check_exact=True, obj=f.name)
        else:
            assert a == b, f.name


def raw(server, statement, **parameters):
    """Run a test-only statement with the driver directly (inspection, not something liangxin sends)."""
    with server.connection.driver.session(database=server.connection.database) as session:
        return session.run(statement, parameters).data()


def expected_counts(network):
    nodes, edges = network.counts()
    tasks = network.tables.mass_org_tasks
    return nodes, {**edges, "CO_BUILDS": len(tasks)}  # one CO_BUILDS per 党群共建 task row


def snapshot(orgs, **sheets):
    tables = tables_from_rows(workbook(orgs, **sheets))
    assert tables.rejected.empty, tables.rejected
    return tables
