"""graph/whatif.py: a new network from an edited copy of the tables; the original never changes."""

import copy

import pandas as pd
import pytest

from liangxin.errors import LiangxinInputError
from liangxin.graph.whatif import move_department, with_capacity
from liangxin.queries.analysis import analyze_network
from tests.conftest import network_from_rows
from tests.fixtures import handmade


def test_with_capacity_changes_only_the_copy(handmade_network):
    before = handmade_network.tables.capacities.copy()
    changed = with_capacity(handmade_network, "张 伟", 3)  # the same leader as 张伟
    pd.testing.assert_frame_equal(handmade_network.tables.capacities, before)
    assert changed.tables.capacities.set_index("unit")["capacity"].to_dict() == {"区民政局": 1, "刘洋": 0, "张伟": 3}
    loads = analyze_network(changed).loads.set_index(["kind", "unit"])
    assert loads.loc[("leader", "张伟"), "capacity"] == 3 and not loads.loc[("leader", "张伟"), "overloaded"]
    assert changed.district == handmade_network.district


def test_with_capacity_holds_for_every_role_of_the_name(handmade_network):
    loads = analyze_network(with_capacity(handmade_network, "区民政局", 5)).loads
    mine = loads[loads["unit"] == "区民政局"]
    assert set(mine["kind"]) == {"department", "supervisory_unit"} and set(mine["capacity"]) == {5}


def test_with_capacity_refuses(handmade_network):
    with pytest.raises(LiangxinInputError):
        with_capacity(handmade_network, "没有这个单位", 3)
    for bad in (-1, 2.5, True, "3"):
        with pytest.raises(ValueError):
            with_capacity(handmade_network, "张伟", bad)


def test_move_department(handmade_network):
    moved = move_department(handmade_network, "区民政局", "平湖")
    stations = moved.tables.department_stations
    assert stations.loc[stations["department"] == "区民政局", "street"].tolist() == ["平湖街道"]
    original = handmade_network.tables.department_stations
    assert original.loc[original["department"] == "区民政局", "street"].tolist() == ["布吉街道"]
    chains = analyze_network(moved).broken_chains
    assert set(chains.loc[chains["code"] == "STREET_NO_DEPARTMENT", "street"]) == {"坂田街道", "布吉街道"}


def test_move_department_refuses(handmade_network):
    with pytest.raises(LiangxinInputError):
        move_department(handmade_network, "没有这个机关", "平湖")
    with pytest.raises(LiangxinInputError):
        move_department(handmade_network, "区民政局", "园山")  # not on 街道社区
    with pytest.raises(LiangxinInputError):
        move_department(handmade_network, "区民政局", "平湖", from_street="坂田")  # not stationed there


def test_a_department_in_several_streets_needs_from_street():
    sheets = copy.deepcopy(handmade.SHEETS)
    sheets["驻街保建"].append([7, "区民政局", "坂田街道", None, None, None])
    network = network_from_rows(sheets)
    with pytest.raises(LiangxinInputError, match="from_street"):
        move_department(network, "区民政局", "横岗")
    moved = move_department(network, "区民政局", "横岗", from_street="布吉")
    stations = moved.tables.department_stations
    assert sorted(stations.loc[stations["department"] == "区民政局", "street"]) == ["坂田街道", "横岗街道"]
    into_own = move_department(network, "区民政局", "坂田", from_street="布吉")  # two rows become one
    stations = into_own.tables.department_stations
    assert stations.loc[stations["department"] == "区民政局", "street"].tolist() == ["坂田街道"]
