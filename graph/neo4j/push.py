"""Write a district's responsibility network into the shared Neo4j server as its current snapshot.

:func:`push_network` sends one district: its nodes (keyed by ``(district, node_id)``, one
uniqueness constraint per node kind, :func:`ensure_constraints`) and relationships, in
``UNWIND $rows`` batches of registered statements (:mod:`liangxin.graph.neo4j.statements`).
A unit with several roles (department, supervisory unit, mass organization: one node id
``unit:<key>``) is one node carrying one label per role. Every node and relationship carries
``district``; nothing outside the pushed district is read, changed or deleted.

Each push stamps what it writes with a fresh ``push_id``; afterwards the district's nodes and
relationships still carrying an older stamp (gone from the newer snapshot) are deleted, so
pushing the same workbook twice leaves the same counts. :func:`delete_district` removes a
district altogether. How table rows become properties: :mod:`liangxin.graph.neo4j.properties`.

Examples
--------
>>> PushResult(district="龙岗区", push_id="…", nodes={"organization": 13}, relationships={"GUIDES": 2},
...            rows_written=40, deleted_nodes=0, deleted_relationships=0, seconds=0.4, node_total=37)
<PushResult 龙岗区: 37 个节点, 2 条关系, 用时 0.4 秒>
>>> with lx.graph.neo4j.connect() as connection:  # doctest: +SKIP
...     push_network(connection, net)
"""

import json
import logging
import sys
import time
import uuid
from dataclasses import dataclass

from liangxin.errors import LiangxinInputError
from liangxin.graph.neo4j.connection import Neo4jRunner
from liangxin.graph.neo4j.properties import (DISTRICT_TABLES, FORMAT_VERSION, RELATIONSHIP_TABLES, property_value,
                                             table_json, table_layouts, table_records)
from liangxin.graph.neo4j.pull import district_counts
from liangxin.graph.neo4j.statements import STATEMENTS, label
from liangxin.graph.network import SHARED_UNIT_KINDS, node_id
from liangxin.graph.schema import EDGE_KINDS, NODE_KINDS
from liangxin.settings import NEO4J_BATCH_SIZE

__all__ = ["PushResult", "push_network", "ensure_constraints", "delete_district", "DEFAULT_BATCH_SIZE"]

log = logging.getLogger(__name__)

#: Rows sent in one ``UNWIND $rows`` transaction.
DEFAULT_BATCH_SIZE = NEO4J_BATCH_SIZE


@dataclass
class PushResult:
    """What :func:`push_network` did.

    Attributes
    ----------
    district : str
    push_id : str
        The stamp of this push.
    nodes, relationships : dict
        The district's node count per node kind and relationship count per type on the
        server after the push (a unit with two roles counts once in each kind).
    node_total, relationship_total : int
        Distinct nodes (a unit with two roles is one node) and relationships.
    rows_written : int
        Node and relationship rows sent.
    deleted_nodes, deleted_relationships : int
        Stale ones removed (gone from this snapshot, or a unit whose roles changed).
    seconds : float
    """

    district: str
    push_id: str
    nodes: dict
    relationships: dict
    rows_written: int
    deleted_nodes: int
    deleted_relationships: int
    seconds: float
    node_total: int = 0

    @property
    def relationship_total(self):
        return sum(self.relationships.values())

    def __repr__(self):
        return (f"<PushResult {self.district}: {self.node_total} 个节点, "
                f"{self.relationship_total} 条关系, 用时 {self.seconds:.1f} 秒>")


def _with_bookkeeping(records, district, push_id, ids=None):
    for seq, record in enumerate(records):
        record["district"] = district
        record["push_id"] = push_id
        record["seq"] = seq
        if ids is not None:
            record["node_id"] = ids[seq]
    return records


def _district_row(network, push_id, layouts):
    tables = network.tables
    capacities = tables.capacities
    row_counts = tables.row_counts
    properties = {
        "name": network.district, "format_version": FORMAT_VERSION, "source": str(tables.source),
        "has_owner_column": bool(tables.has_owner_column),
        "capacity_keys": [str(k) for k in capacities["unit_key"].tolist()],
        "capacity_values": [int(v) for v in capacities["capacity"].tolist()],
        "rows_read": [int(v) for v in row_counts["rows_read"].tolist()],
        "rows_loaded": [int(v) for v in row_counts["rows_loaded"].tolist()],
        "rows_rejected": [int(v) for v in row_counts["rows_rejected"].tolist()],
        "layouts_json": json.dumps(layouts, ensure_ascii=False),
    }
    for name in DISTRICT_TABLES:
        properties[f"{name}_json"] = table_json(getattr(tables, name))
    district_id = node_id("district", network.district)
    properties.update({"district": network.district, "node_id": district_id, "push_id": push_id, "seq": 0})
    return {"node_id": district_id, "properties": properties}


def _simple_node_rows(network, kind, push_id):
    table = network.node_tables[kind]
    rows = []
    prefix_length = len(node_id(kind, ""))
    for seq, (nid, name) in enumerate(zip(table["id"].tolist(), table["name"].tolist())):
        properties = {"name": property_value(name), "name_key": nid[prefix_length:]}
        properties = {k: v for k, v in properties.items() if v is not None}
        properties.update({"district": network.district, "node_id": nid, "push_id": push_id, "seq": seq})
        rows.append({"node_id": nid, "properties": properties})
    return rows


def _instructor_rows(network, push_id):
    sup = network.tables.supervision
    guided = sup[sup["instructor_key"].notna()]
    first = guided.drop_duplicates(["unit_key", "instructor_key"])
    rows = []
    for seq, record in enumerate(first[["unit_key", "instructor_key", "instructor", "supervisory_unit"]]
                                 .itertuples(index=False, name=None)):
        unit_key, instructor_key, name, unit_name = record
        nid = node_id("instructor", unit_key + "/" + instructor_key)
        properties = {"name": property_value(name), "name_key": instructor_key, "unit_key": unit_key,
                      "supervisory_unit": property_value(unit_name)}
        properties = {k: v for k, v in properties.items() if v is not None}
        properties.update({"district": network.district, "node_id": nid, "push_id": push_id, "seq": seq})
        rows.append({"node_id": nid, "properties": properties})
    return rows


def _unit_rows(network, push_id):
    """Unit nodes grouped by their role set: {roles tuple: rows}."""
    units = {}
    for kind in SHARED_UNIT_KINDS:
        table = network.node_tables[kind]
        for nid, name in zip(table["id"].tolist(), table["name"].tolist()):
            unit = units.setdefault(nid, {"roles": [], "names": {}})
            unit["roles"].append(kind)
            unit["names"][kind] = property_value(name)
    prefix_length = len(node_id("department", ""))
    grouped = {}
    for seq, (nid, unit) in enumerate(units.items()):
        roles = tuple(unit["roles"])
        properties = {"name": unit["names"][roles[0]], "name_key": nid[prefix_length:]}
        for kind, name in unit["names"].items():
            properties[f"{kind}_name"] = name
        properties = {k: v for k, v in properties.items() if v is not None}
        properties.update({"district": network.district, "node_id": nid, "push_id": push_id, "seq": seq})
        grouped.setdefault(roles, []).append({"node_id": nid, "properties": properties})
    return grouped


def _table_relationship_rows(network, table_name, push_id, layout):
    from liangxin.text import name_key

    tables = network.tables
    frame = getattr(tables, table_name)
    edge_type = RELATIONSHIP_TABLES[table_name]
    if table_name == "leader_points":
        sources = node_id("leader", frame["leader_key"])
    elif table_name in ("department_stations", "department_contacts"):
        sources = node_id("department", frame["department_key"])
    elif table_name == "supervision":
        sources = node_id("supervisory_unit", frame["unit_key"])
    else:
        sources = node_id("mass_org", frame["mass_org_key"])
    if table_name == "department_stations":
        targets = node_id("street", frame["street"])
    else:
        targets = node_id("organization", frame["org_id"])
    records = table_records(frame, [(column, prop) for column, prop, _ in layout])
    rows = []
    task_keys = name_key(frame["task"]).tolist() if edge_type == "CO_BUILDS" else None
    for seq, (source, target, properties) in enumerate(zip(sources.tolist(), targets.tolist(), records)):
        properties.update({"district": network.district, "push_id": push_id, "seq": seq})
        row = {"source": source, "target": target, "properties": properties}
        if task_keys is not None:
            key = task_keys[seq]
            row["task_key"] = properties["task_key"] = "" if key is None or key != key else key
        rows.append(row)
    return rows


def _edge_rows(network, edge_type, push_id):
    table = network.edge_tables[edge_type]
    return [{"source": s, "target": t,
             "properties": {"district": network.district, "push_id": push_id, "seq": seq}}
            for seq, (s, t) in enumerate(zip(table["source"].tolist(), table["target"].tolist()))]


def _push_plan(network, push_id):
    """The (statement name, rows) batches of a push, in order: nodes first, then relationships."""
    tables = network.tables
    layouts = table_layouts(tables)
    plan = [("merge_nodes:district", [_district_row(network, push_id, layouts)]),
            ("merge_nodes:street", _simple_node_rows(network, "street", push_id))]
    geography = tables.geography
    community_ids = node_id("community", geography["street"] + "/" + geography["community"]).tolist()
    community_records = table_records(geography, [(c, p) for c, p, _ in layouts["geography"]])
    for record, name in zip(community_records, geography["community"].tolist()):
        record["name"] = name
    plan.append(("merge_nodes:community",
                 [{"node_id": nid, "properties": record} for nid, record in
                  zip(community_ids, _with_bookkeeping(community_records, network.district, push_id, community_ids))]))
    orgs = tables.organizations
    org_ids = node_id("organization", orgs["org_id"]).tolist()
    org_records = _with_bookkeeping(table_records(orgs, [(c, p) for c, p, _ in layouts["organizations"]]),
                                    network.district, push_id, org_ids)
    plan.append(("merge_nodes:organization",
                 [{"node_id": nid, "properties": record} for nid, record in zip(org_ids, org_records)]))
    plan.append(("merge_nodes:party_org", _simple_node_rows(network, "party_org", push_id)))
    plan.append(("merge_nodes:leader", _simple_node_rows(network, "leader", push_id)))
    for roles, rows in _unit_rows(network, push_id).items():
        plan.append((f"merge_units:{'+'.join(roles)}", rows))
    plan.append(("merge_nodes:instructor", _instructor_rows(network, push_id)))
    table_of_edge = {edge: table for table, edge in RELATIONSHIP_TABLES.items()}
    for edge_type in EDGE_KINDS:
        if edge_type in table_of_edge:
            name = table_of_edge[edge_type]
            rows = _table_relationship_rows(network, name, push_id, layouts[name])
        else:
            rows = _edge_rows(network, edge_type, push_id)
        plan.append((f"merge_relationships:{edge_type}", rows))
    # CONTACTS rows come from department_contacts, STATIONED_IN rows from department_stations:
    # both tables are already de-duplicated per relationship.
    return [(name, rows) for name, rows in plan if rows]


def ensure_constraints(target, database: str | None = None) -> None:
    """Create the uniqueness constraint of every node kind on ``(district, node_id)``, if missing.

    Examples
    --------
    >>> ensure_constraints(connection)  # doctest: +SKIP
    """
    with Neo4jRunner(target, database) as runner:
        for kind in NODE_KINDS:
            runner.write(STATEMENTS[f"constraint:{kind}"])


def _existing_unit_roles(runner, district):
    roles = {}
    for kind in SHARED_UNIT_KINDS:
        for record in runner.read(STATEMENTS[f"unit_labels:{kind}"], {"district": district}):
            labels = set(record["labels"])
            roles[record["node_id"]] = tuple(k for k in SHARED_UNIT_KINDS if label(k) in labels)
    return roles


def _progress_bar(total, enabled):
    enabled = sys.stderr.isatty() if enabled is None else enabled
    from tqdm import tqdm

    return tqdm(total=total, file=sys.stderr, unit="行", desc="写入 Neo4j", disable=not enabled,
                leave=False, dynamic_ncols=True)


def _delete_stale(runner, statement, district, push_id, limit):
    deleted = 0
    while True:
        records = runner.write(statement, {"district": district, "push_id": push_id, "limit": limit})
        count = records[0]["deleted"] if records else 0
        deleted += count
        if count < limit:
            return deleted


def _delete_older(runner, district, push_id, limit):
    """Delete the district's relationships, then nodes, not stamped `push_id`; return the counts."""
    relationships = sum(_delete_stale(runner, STATEMENTS[f"delete_stale_relationships:{edge_type}"],
                                      district, push_id, limit) for edge_type in EDGE_KINDS)
    nodes = sum(_delete_stale(runner, STATEMENTS[f"delete_stale_nodes:{kind}"], district, push_id, limit)
                for kind in NODE_KINDS)
    return nodes, relationships


def delete_district(target, district: str, *, database: str | None = None,
                    batch_size: int = DEFAULT_BATCH_SIZE) -> tuple[int, int]:
    """Delete every node and relationship of `district` from the server, and nothing else.

    Returns
    -------
    (int, int)
        Nodes and relationships deleted.

    Examples
    --------
    >>> delete_district(connection, "测试区")  # doctest: +SKIP
    (37, 38)
    """
    with Neo4jRunner(target, database) as runner:
        # A stamp no push has used: every node and relationship of the district is older.
        return _delete_older(runner, district, "deleted-" + uuid.uuid4().hex, batch_size)




def _recreate_changed_units(runner, district, plan):
    """Delete the district's units whose roles changed since the last push; return how many.

    They are merged again by `plan` with their new labels, and their relationships rewritten.
    """
    existing = _existing_unit_roles(runner, district)
    wanted = {}
    for name, rows in plan:
        if name.startswith("merge_units:"):
            roles = tuple(name.split(":", 1)[1].split("+"))
            wanted.update({row["node_id"]: roles for row in rows})
    changed = {nid: roles for nid, roles in existing.items() if nid in wanted and wanted[nid] != roles}
    for nid, roles in changed.items():
        runner.write(STATEMENTS[f"delete_units:{roles[0]}"], {"district": district, "node_ids": [nid]})
    return len(changed)


def _send_plan(runner, plan, district, batch_size, progress):
    """Send every batch of `plan` (one write transaction each); return the rows sent."""
    total = sum(len(rows) for _, rows in plan)
    with _progress_bar(total, progress) as bar:
        for name, rows in plan:
            for start in range(0, len(rows), batch_size):
                batch = rows[start:start + batch_size]
                runner.write(STATEMENTS[name], {"rows": batch, "district": district})
                bar.update(len(batch))
    return total


def _node_total(runner, district, nodes):
    """Distinct nodes of the district on the server: a unit with several roles counts once."""
    units = runner.read(STATEMENTS["distinct_units"], {"district": district})[0]["units"]
    return sum(count for kind, count in nodes.items() if kind not in SHARED_UNIT_KINDS) + int(units)


def push_network(target, network, *, database: str | None = None, batch_size: int = DEFAULT_BATCH_SIZE,
                 progress: bool | None = None) -> PushResult:
    """Write `network` into Neo4j as its district's current snapshot.

    Idempotent: pushing the same network twice leaves the same nodes, relationships and
    properties. Pushing a newer snapshot of the district updates properties and deletes the
    district's nodes and relationships that are gone; other districts and other data in the
    database are not touched. Each batch is one managed write transaction (retried by the
    driver on transient errors); the push as a whole is not one transaction.

    Parameters
    ----------
    target : Neo4jConnection, neo4j.Driver or neo4j.Session
    network : ResponsibilityNetwork
    database : str, optional
        With a driver: the database to write to.
    batch_size : int
        Rows per ``UNWIND`` transaction.
    progress : bool, optional
        Show a progress bar on stderr; by default only when stderr is a terminal.

    Returns
    -------
    PushResult

    Examples
    --------
    >>> with lx.graph.neo4j.connect() as connection:  # doctest: +SKIP
    ...     result = push_network(connection, lx.load("台账.xlsx"))
    >>> result.nodes["organization"]  # doctest: +SKIP
    5000
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    if len(network.node_tables["district"]) > 1:  # a city: each district is pushed as its own network
        raise LiangxinInputError("这份台账含几个区：请用 liangxin neo4j push 按区分别载入，或对 "
                                 "liangxin.graph.districts.district_networks(network) 的每个区分别调用 push_network")
    started = time.perf_counter()
    district, push_id = network.district, uuid.uuid4().hex
    plan = _push_plan(network, push_id)
    with Neo4jRunner(target, database) as runner:
        ensure_constraints(runner)
        recreated = _recreate_changed_units(runner, district, plan)
        total = _send_plan(runner, plan, district, batch_size, progress)
        stale_nodes, deleted_relationships = _delete_older(runner, district, push_id, batch_size)
        nodes, relationships = district_counts(runner, district)
        node_total = _node_total(runner, district, nodes)
    result = PushResult(district=district, push_id=push_id, nodes=nodes, relationships=relationships,
                        rows_written=total, deleted_nodes=recreated + stale_nodes,
                        deleted_relationships=deleted_relationships, seconds=time.perf_counter() - started,
                        node_total=node_total)
    log.info("pushed %r", result)
    return result
