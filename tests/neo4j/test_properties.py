"""Tables as Neo4j properties and back (liangxin.graph.neo4j.properties), without a server."""

import pandas as pd

from liangxin.graph.neo4j.properties import (DISTRICT_TABLES, NODE_TABLES, RELATIONSHIP_TABLES, property_map,
                                             table_from_json, table_from_records, table_json, table_layouts,
                                             table_records)


def test_every_node_and_relationship_table_comes_back_from_its_records(handmade_network):
    tables = handmade_network.tables
    layouts = table_layouts(tables)
    assert set(layouts) == set(NODE_TABLES) | set(RELATIONSHIP_TABLES)
    for name, layout in layouts.items():
        frame = getattr(tables, name)
        records = table_records(frame, [(column, prop) for column, prop, _ in layout])
        assert all(value is not None for record in records for value in record.values())
        pd.testing.assert_frame_equal(table_from_records(records, layout), frame, check_exact=True, obj=name)


def test_the_district_tables_come_back_from_their_json(handmade_network):
    for name in DISTRICT_TABLES:
        frame = getattr(handmade_network.tables, name)
        pd.testing.assert_frame_equal(table_from_json(table_json(frame)), frame, check_exact=True, obj=name)


def test_no_column_takes_the_name_of_a_bookkeeping_property():
    mapping = dict(property_map("organizations", ["district", "node_id", "push_id", "seq", "task_key", "kind"]))
    assert mapping == {"district": "district_", "node_id": "node_id_", "push_id": "push_id_", "seq": "seq_",
                       "task_key": "task_key_", "kind": "org_kind"}


def test_an_empty_table_keeps_its_rows():
    frame = pd.DataFrame(index=range(3))
    assert table_records(frame, []) == [{}, {}, {}]
    assert len(table_from_records([{}, {}, {}], [])) == 3
