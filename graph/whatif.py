"""What-ifs: a new network built from an edited copy of a network's tables.

:func:`with_capacity` gives a unit another 责任容量; :func:`move_department` stations a
department in another street. The network given is never changed: analyze the new one and
compare the two analyses (:func:`liangxin.queries.comparison.compare`).
"""

import dataclasses
import difflib

import numpy as np
import pandas as pd

from liangxin.errors import LiangxinInputError
from liangxin.graph.network import ResponsibilityNetwork, build_network
from liangxin.text import name_key, normalize_place

__all__ = ["with_capacity", "move_department"]


def _rebuilt(network, **changes):
    tables = dataclasses.replace(network.tables, **changes)
    return build_network(tables, district=network.district)


def _known_units(tables):
    names = pd.concat([
        tables.leader_points[["leader", "leader_key"]].set_axis(["unit", "key"], axis=1),
        tables.department_stations[["department", "department_key"]].set_axis(["unit", "key"], axis=1),
        tables.supervision[["supervisory_unit", "unit_key"]].set_axis(["unit", "key"], axis=1),
        tables.supervision[["instructor", "instructor_key"]].dropna().set_axis(["unit", "key"], axis=1),
    ], ignore_index=True)
    return names.drop_duplicates("key")


def _unknown_unit(unit, names, what):
    close = difflib.get_close_matches(str(unit), names, n=5, cutoff=0.5)
    hint = f"相近的名称：{'、'.join(close)}" if close else "请检查名称是否与台账一致"
    return LiangxinInputError(f"找不到{what}“{unit}”。{hint}")


def with_capacity(network: ResponsibilityNetwork, unit: str, capacity: int) -> ResponsibilityNetwork:
    """A new network whose 责任容量 sheet gives `unit` the capacity `capacity`.

    As a 责任容量 row does, the capacity holds for every unit of that name in every role it
    has. `network` itself is not changed.

    Raises
    ------
    LiangxinInputError
        No leader, department, supervisory unit or instructor has that name.

    Examples
    --------
    张伟 carries 3 open organizations with capacity 2; written as on the workbook's other row:

    >>> after = with_capacity(net, "张 伟", 3)
    >>> after.tables.capacities.set_index("unit")["capacity"].to_dict()
    {'区民政局': 1, '刘洋': 0, '张伟': 3}
    >>> net.tables.capacities.set_index("unit")["capacity"].to_dict()  # unchanged
    {'张伟': 2, '区民政局': 1, '刘洋': 0}
    """
    if isinstance(capacity, bool) or not isinstance(capacity, (int, np.integer)) or capacity < 0:
        raise ValueError(f"capacity must be a non-negative integer, not {capacity!r}")
    tables = network.tables
    key = name_key(pd.Series([unit], dtype=object)).iloc[0]
    known = _known_units(tables)
    if key is None or key not in set(known["key"]):
        raise _unknown_unit(unit, known["unit"].tolist(), "区领导、区直机关、业务主管单位或党建工作指导员")
    name = known.loc[known["key"] == key, "unit"].iloc[0]
    capacities = tables.capacities
    kept = capacities[capacities["unit_key"] != key]
    row = pd.DataFrame({"unit": [name], "unit_key": [key], "capacity": [int(capacity)], "row": [None]},
                       dtype=object)
    new = pd.concat([kept, row.reindex(columns=capacities.columns)], ignore_index=True).astype(
        {c: object for c in capacities.columns if capacities[c].dtype == object})
    return _rebuilt(network, capacities=new)


def _street_of(value, streets, what="街道"):
    full = normalize_place(pd.Series([value], dtype=object), "街道").iloc[0]
    if full not in streets:
        raise LiangxinInputError(f"找不到{what}“{value}”：台账“街道社区”工作表中没有它。已有街道：{'、'.join(streets)}")
    return full


def move_department(network: ResponsibilityNetwork, department: str, to_street: str,
                    from_street: str | None = None) -> ResponsibilityNetwork:
    """A new network where `department` is stationed in `to_street` instead of `from_street`.

    The department keeps the organizations it contacts directly; its share of the old street's
    pool goes to the departments left there (or, when none is left, that street has no
    stationed department: 街道无驻点机关). `network` itself is not changed.

    Parameters
    ----------
    department : str
    to_street : str
        ``"平湖"`` or ``"平湖街道"``.
    from_street : str, optional
        Needed only when the department is stationed in several streets.

    Examples
    --------
    区民政局 is stationed in 布吉 only (its 园山 row was rejected):

    >>> moved = move_department(net, "区民政局", "平湖")
    >>> stations = moved.tables.department_stations
    >>> stations.loc[stations["department"] == "区民政局", "street"].tolist()
    ['平湖街道']
    >>> move_department(net, "区民政局", "园山")
    Traceback (most recent call last):
    ...
    liangxin.errors.LiangxinInputError: 找不到街道“园山”：台账“街道社区”工作表中没有它。已有街道：坂田街道、布吉街道、平湖街道、横岗街道
    """
    tables = network.tables
    stations = tables.department_stations
    key = name_key(pd.Series([department], dtype=object)).iloc[0]
    if key is None or key not in set(stations["department_key"]):
        raise _unknown_unit(department, stations["department"].drop_duplicates().tolist(), "驻街区直机关")
    streets = sorted(pd.unique(tables.geography["street"]).tolist())
    to_street = _street_of(to_street, streets)
    mine = stations["department_key"] == key
    current = sorted(stations.loc[mine, "street"].tolist())
    if from_street is None:
        if len(current) > 1:
            raise LiangxinInputError(f"“{department}”驻点于多个街道（{'、'.join(current)}）：请用 from_street 指定从哪个街道调出")
        from_street = current[0]
    else:
        from_street = _street_of(from_street, streets)
        if from_street not in current:
            raise LiangxinInputError(f"“{department}”没有驻点于{from_street}（现驻点：{'、'.join(current)}）")
    moved = stations.copy()
    moved.loc[mine & (stations["street"] == from_street), "street"] = to_street
    moved = moved.drop_duplicates(["department_key", "street"]).reset_index(drop=True)
    return _rebuilt(network, department_stations=moved)
