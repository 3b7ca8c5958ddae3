"""How a district's tables are kept as Neo4j properties, and read back as the same tables.

Row-level data lives where it belongs: organization rows on ``Organization`` nodes,
街道社区 rows on ``Community`` nodes (:data:`NODE_TABLES`), the rows of 挂点促建 / 驻街保建 /
主管包建 / 党群共建 on their relationships (:data:`RELATIONSHIP_TABLES`), one property per
column, a missing cell being an absent property. The ``District`` node keeps the small
tables that are not graph data as JSON (:data:`DISTRICT_TABLES`), and each table's *layout*
— its columns, the property each is stored under and its dtype — so that a pull rebuilds
every table with its columns, order and dtypes. :data:`FORMAT_VERSION` versions this.

Examples
--------
>>> layout = table_layouts(net.tables)["leader_points"]
>>> layout[:2]
[['leader', 'leader', 'object'], ['leader_key', 'leader_key', 'object']]
>>> records = table_records(net.tables.leader_points, [(column, prop) for column, prop, _ in layout])
>>> records[0]["leader"], records[0]["row"]
('张伟', 3)
>>> table_from_records(records, layout).equals(net.tables.leader_points)
True
"""

import json
import math

import numpy as np
import pandas as pd

__all__ = [
    "FORMAT_VERSION",
    "NODE_TABLES",
    "RELATIONSHIP_TABLES",
    "DISTRICT_TABLES",
    "property_map",
    "table_layouts",
    "property_value",
    "table_records",
    "table_from_records",
    "table_json",
    "table_from_json",
]

#: Version of the way a district is kept in Neo4j (stored on its ``District`` node).
FORMAT_VERSION = 1

#: The tables whose rows are nodes: table name -> node kind.
NODE_TABLES = {"geography": "community", "organizations": "organization"}
#: The tables whose rows are relationships: table name -> relationship type.
RELATIONSHIP_TABLES = {
    "leader_points": "ATTACHED_TO",
    "department_stations": "STATIONED_IN",
    "department_contacts": "CONTACTS",
    "supervision": "SUPERVISES",
    "mass_org_tasks": "CO_BUILDS",
}
#: Tables kept on the District node as JSON.
DISTRICT_TABLES = ("capacities", "problems", "row_counts")

_RESERVED = ("district", "node_id", "push_id", "seq", "task_key")
#: A table column stored under another property name (the organization's own kind is ``org_kind``,
#: as in the network's node table: ``kind`` is the node kind).
_RENAMED = {("organizations", "kind"): "org_kind"}
#: Properties added beside a table's columns (so its columns get other names).
_ADDED = {"geography": ("name",)}


def property_map(table_name: str, columns) -> list[tuple]:
    """Return [(column, property)] so that no property clashes with liangxin's own.

    Examples
    --------
    >>> property_map("organizations", ["org_id", "kind", "seq", "name"])
    [('org_id', 'org_id'), ('kind', 'org_kind'), ('seq', 'seq_'), ('name', 'name')]
    >>> property_map("geography", ["street", "name"])
    [('street', 'street'), ('name', 'name_')]
    """
    used = set(_RESERVED) | set(_ADDED.get(table_name, ()))
    mapping = []
    for column in columns:
        prop = _RENAMED.get((table_name, column), str(column))
        while prop in used:
            prop += "_"
        used.add(prop)
        mapping.append((column, prop))
    return mapping


def table_layouts(tables) -> dict[str, list[list[str]]]:
    """The layout of each node and relationship table: [[column, property, dtype], ...] by table name.

    Examples
    --------
    >>> table_layouts(net.tables)["organizations"][4]
    ['kind', 'org_kind', 'object']
    """
    layouts = {}
    for name in (*NODE_TABLES, *RELATIONSHIP_TABLES):
        frame = getattr(tables, name)
        mapping = property_map(name, frame.columns)
        layouts[name] = [[str(column), prop, str(frame[column].dtype)] for column, prop in mapping]
    return layouts


def property_value(value):
    """A cell as a Neo4j property value; None for a missing one (the property is then absent).

    Examples
    --------
    >>> property_value(np.int64(3)), property_value(float("nan")), property_value(pd.NA)
    (3, None, None)
    """
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, np.generic):
        value = value.item()
        if isinstance(value, float) and math.isnan(value):
            return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value


def table_records(frame: pd.DataFrame, mapping) -> list[dict]:
    """The rows of `frame` as property dicts, by `mapping` [(column, property)] (missing cells left out).

    Examples
    --------
    >>> table_records(pd.DataFrame({"a": [1, None], "b": ["x", "y"]}), [("a", "a"), ("b", "b_")])
    [{'a': 1.0, 'b_': 'x'}, {'b_': 'y'}]
    """
    columns = [frame[column].tolist() for column, _ in mapping]
    props = [prop for _, prop in mapping]
    rows = []
    for values in zip(*columns):
        record = {}
        for prop, value in zip(props, values):
            value = property_value(value)
            if value is not None:
                record[prop] = value
        rows.append(record)
    if not mapping:
        rows = [{} for _ in range(len(frame))]
    return rows


def _native(value):
    """A property value read back, as the Python value it was written from."""
    to_native = getattr(value, "to_native", None)
    return to_native() if callable(to_native) else value


def table_from_records(records: list[dict], layout) -> pd.DataFrame:
    """Rebuild a table from property dicts and its stored layout [(column, property, dtype)].

    Examples
    --------
    >>> table_from_records([{"b_": "x", "a": 2}, {"b_": "y"}], [("a", "a", "float64"), ("b", "b_", "object")])
         a  b
    0  2.0  x
    1  NaN  y
    """
    data = {}
    for column, prop, dtype in layout:
        series = pd.Series([_native(r.get(prop)) for r in records], dtype=object)
        if dtype != "object":
            series = series.astype(dtype)
        data[column] = series
    frame = pd.DataFrame(data)
    if not layout:
        frame = pd.DataFrame(index=pd.RangeIndex(len(records)))
    return frame


def _json_default(value):
    value = property_value(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def table_json(frame: pd.DataFrame) -> str:
    """`frame` as one JSON text (columns, dtypes, rows), for a property of the ``District`` node.

    Examples
    --------
    >>> table_json(net.tables.capacities.head(1))
    '{"columns": ["unit", "unit_key", "capacity", "row"], "dtypes": ["object", "object", "int64", "int64"], "data": [["张伟", "张伟", 2, 2]]}'
    """
    payload = {"columns": [str(c) for c in frame.columns], "dtypes": [str(t) for t in frame.dtypes],
               "data": [[property_value(v) for v in row] for row in frame.itertuples(index=False, name=None)]}
    return json.dumps(payload, ensure_ascii=False, default=_json_default)


def table_from_json(text: str) -> pd.DataFrame:
    """The table :func:`table_json` wrote.

    Examples
    --------
    >>> table_from_json(table_json(net.tables.capacities)).equals(net.tables.capacities)
    True
    """
    payload = json.loads(text)
    frame = pd.DataFrame({c: pd.Series([row[i] for row in payload["data"]], dtype=object)
                          for i, c in enumerate(payload["columns"])})
    for column, dtype in zip(payload["columns"], payload["dtypes"]):
        if dtype != "object":
            frame[column] = frame[column].astype(dtype)
    return frame
