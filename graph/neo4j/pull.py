"""Read what the shared Neo4j server holds of a district: whether it is there, its counts, its network.

:func:`pull_network` reads a district written by
:func:`~liangxin.graph.neo4j.push.push_network` back into the same
:class:`~liangxin.graph.network.ResponsibilityNetwork`: the tables are rebuilt from node and
relationship properties with the layout stored on the ``District`` node
(:mod:`liangxin.graph.neo4j.properties`) and passed to
:func:`~liangxin.graph.network.build_network`. Sheets the contract does not know
(``Tables.extra_sheets``) are not kept in Neo4j.

Examples
--------
>>> with lx.graph.neo4j.connect() as connection:  # doctest: +SKIP
...     if district_exists(connection, "龙岗区"):
...         same = pull_network(connection, "龙岗区")
"""

import json
from dataclasses import fields
from typing import TYPE_CHECKING

from liangxin.errors import Neo4jDataError
from liangxin.graph.neo4j.connection import Neo4jRunner
from liangxin.graph.neo4j.properties import (DISTRICT_TABLES, FORMAT_VERSION, NODE_TABLES, RELATIONSHIP_TABLES,
                                             table_from_json, table_from_records)
from liangxin.graph.neo4j.statements import STATEMENTS
from liangxin.graph.network import ResponsibilityNetwork, build_network, node_id
from liangxin.graph.schema import EDGE_KINDS, NODE_KINDS

if TYPE_CHECKING:
    from liangxin.tables import Tables

__all__ = ["district_exists", "district_counts", "pull_tables", "pull_network"]


def district_counts(target, district: str, *, database: str | None = None) -> tuple[dict, dict]:
    """Return the district's node count per node kind and relationship count per type on the server.

    Returns
    -------
    (dict, dict)
        Like :meth:`ResponsibilityNetwork.counts`, except that ``CO_BUILDS`` counts one
        relationship per 党群共建 task row.

    Examples
    --------
    >>> nodes, relationships = district_counts(connection, "龙岗区")  # doctest: +SKIP
    """
    with Neo4jRunner(target, database) as runner:
        record = runner.read(STATEMENTS["district_counts"], {"district": district})[0]
    return ({kind: int(record[kind]) for kind in NODE_KINDS},
            {edge_type: int(record[edge_type]) for edge_type in EDGE_KINDS})


def _district_properties(runner, district):
    records = runner.read(STATEMENTS["district_node"],
                          {"district": district, "district_id": node_id("district", district)})
    return records[0]["properties"] if records else None


def district_exists(target, district: str, *, database: str | None = None) -> bool:
    """Return True when the server holds a pushed snapshot of `district`.

    Examples
    --------
    >>> district_exists(connection, "龙岗区")  # doctest: +SKIP
    True
    """
    with Neo4jRunner(target, database) as runner:
        return _district_properties(runner, district) is not None


def _read_tables(runner, district, layouts):
    """The node and relationship tables of `district`, rebuilt from their properties."""
    frames = {}
    for name, kind in NODE_TABLES.items():
        records = [r["properties"] for r in runner.read(STATEMENTS[f"pull_nodes:{kind}"], {"district": district})]
        frames[name] = table_from_records(records, layouts[name])
    for name, edge_type in RELATIONSHIP_TABLES.items():
        records = [r["properties"] for r in
                   runner.read(STATEMENTS[f"pull_relationships:{edge_type}"], {"district": district})]
        frames[name] = table_from_records(records, layouts[name])
    return frames


def pull_tables(target, district: str, *, database: str | None = None) -> "Tables":
    """Read a pushed district back into :class:`liangxin.tables.Tables`.

    Raises
    ------
    Neo4jDataError
        The server holds no snapshot of `district`, or one written by a newer liangxin.

    Examples
    --------
    >>> tables = pull_tables(connection, "龙岗区")  # doctest: +SKIP
    """
    from liangxin.tables import Tables

    with Neo4jRunner(target, database) as runner:
        meta = _district_properties(runner, district)
        if meta is None:
            raise Neo4jDataError(f"Neo4j 数据库中没有区“{district}”的数据：请先运行 liangxin neo4j push")
        if int(meta.get("format_version", 0)) > FORMAT_VERSION:
            raise Neo4jDataError(f"Neo4j 中区“{district}”的数据由更新版本的 liangxin 写入，请升级后再读取")
        frames = _read_tables(runner, district, json.loads(meta["layouts_json"]))
    for name in DISTRICT_TABLES:
        frames[name] = table_from_json(meta[f"{name}_json"])
    known = {f.name for f in fields(Tables)}
    return Tables(source=meta.get("source", ""), has_owner_column=bool(meta.get("has_owner_column", False)),
                  **{k: v for k, v in frames.items() if k in known})


def pull_network(target, district: str, *, database: str | None = None) -> ResponsibilityNetwork:
    """Read a pushed district back into a :class:`~liangxin.graph.network.ResponsibilityNetwork`.

    The tables are rebuilt from node and relationship properties and passed to
    :func:`liangxin.graph.network.build_network`, so the result is the network that was pushed
    (sheets the contract does not know are not kept in Neo4j).

    Parameters
    ----------
    target : Neo4jConnection, neo4j.Driver or neo4j.Session
    district : str
    database : str, optional

    Returns
    -------
    ResponsibilityNetwork

    Examples
    --------
    >>> with lx.graph.neo4j.connect() as connection:  # doctest: +SKIP
    ...     net = pull_network(connection, "龙岗区")
    >>> lx.analyze(net).overloaded  # doctest: +SKIP
    """
    tables = pull_tables(target, district, database=database)
    return build_network(tables, district=district)
