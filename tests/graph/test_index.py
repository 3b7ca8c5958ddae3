"""The integer index built with the network must say what the tables say."""

import numpy as np
import pandas as pd
import pytest

from liangxin.graph.index import UNIT_COLUMNS, positions, unit_links
from liangxin.graph.network import build_network
from liangxin.loaders.validate import load_tables
from liangxin.queries.analysis import analyze_network
from tests.fixtures import handmade


def test_geography_rows_match_each_organizations_street_and_community(handmade_network):
    index = positions(handmade_network)
    orgs, geo = handmade_network.tables.organizations, handmade_network.tables.geography
    for org, row in zip(orgs.itertuples(), index.geo_row):
        places = set(zip(geo["street"], geo["community"]))
        if row >= 0:
            assert (geo["street"].iloc[row], geo["community"].iloc[row]) == (org.street, org.community)
        else:
            assert (org.street, org.community) not in places
    assert (index.geo_row >= 0).sum() == len(handmade_network.edge_tables["HOSTS"])


def test_unit_links_follow_the_relation_tables(handmade_network):
    units = unit_links(handmade_network)
    table, t = units.table, handmade_network.tables
    assert list(table.columns) == UNIT_COLUMNS
    order = table.sort_values(["kind", "unit", "supervisory_unit"], kind="stable", na_position="first")
    assert order.index.tolist() == list(range(len(table)))
    org_ids = t.organizations["org_id"].to_numpy()
    pairs = {(table["kind"].iloc[u], table["unit_key"].iloc[u], org_ids[o])
             for u, o in zip(units.link_unit, units.link_org)}
    expected = ({("leader", k, o) for k, o in zip(t.leader_points["leader_key"], t.leader_points["org_id"])}
                | {("department", k, o) for k, o in zip(t.department_contacts["department_key"],
                                                        t.department_contacts["org_id"])}
                | {("supervisory_unit", k, o) for k, o in zip(t.supervision["unit_key"], t.supervision["org_id"])})
    guided = t.supervision[t.supervision["instructor_key"].notna()]
    expected |= {("instructor", k, o) for k, o in zip(guided["instructor_key"], guided["org_id"])}
    assert pairs == expected
    # 张伟 (leader) and 区民政局 (supervisory unit) have their capacity from 责任容量; others none
    overrides = dict(zip(zip(table["kind"], table["unit"]), table["capacity_override"]))
    assert overrides[("leader", "张伟")] == 2 and overrides[("supervisory_unit", "区民政局")] == 1
    assert np.isnan(overrides[("department", "区教育局")])


@pytest.fixture
def bare_network(tmp_path):
    """Places and organizations only: every relation sheet is there but empty."""
    def header_only(rows):
        return rows[:2] if len(rows[0]) == 1 else rows[:1]  # a title row, then the header

    sheets = {name: rows if name in ("街道社区", "两新组织") else header_only(rows)
              for name, rows in handmade.SHEETS.items()}
    return build_network(load_tables(handmade.write_xlsx(tmp_path / "台账.xlsx", sheets)))


def test_a_network_without_any_responsible_unit(bare_network):
    units = unit_links(bare_network)
    assert len(units.table) == 0 and len(units.link_unit) == 0
    analysis = analyze_network(bare_network)
    assert len(analysis.loads) == 0 and list(analysis.loads.columns)[:3] == ["kind", "unit", "unit_key"]
    # every social organization lacks a supervisory unit; every street lacks a stationed department
    social = bare_network.tables.organizations["kind"].eq("social_org").sum()
    chains = analysis.broken_chains
    assert (chains["code"] == "NO_SUPERVISOR").sum() == social
    assert pd.api.types.is_object_dtype(chains["org_id"])


def test_tables_built_by_hand_with_a_repeated_org_id_are_a_schema_error(handmade_network):
    import dataclasses

    from liangxin.errors import SchemaError

    tables = handmade_network.tables
    orgs = pd.concat([tables.organizations, tables.organizations.iloc[:1]], ignore_index=True)
    with pytest.raises(SchemaError, match="duplicate org_id"):
        build_network(dataclasses.replace(tables, organizations=orgs))


@pytest.mark.parametrize("threaded", [False, True])
def test_street_then_id_is_arrows_two_key_sort(threaded, monkeypatch):
    """Report order: street (none and empty first, as one), then id, in code-point order, as
    one Arrow sort on both keys gives it (the order before it was split per street)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from liangxin import settings
    from liangxin.graph.index import _street_then_id

    monkeypatch.setattr(settings, "usable_cores", lambda: 2)  # a one-core machine takes the threads too
    monkeypatch.setattr(settings, "THREADED_SORT_MIN_ORGANIZATIONS", 0 if threaded else 10**12)
    rng = np.random.default_rng(0)
    streets = np.array(rng.choice(["平湖街道", "布吉街道", "B街道", "", None, "𠀋街道"], 500), dtype=object)
    ids = np.array([f"{rng.choice(['甲', 'a', 'Z', '１', '𠀋'])}{i}" for i in range(500)], dtype=object)
    keys = pa.table({"street": pa.array([s or "" for s in streets], pa.string()), "org_id": pa.array(ids, pa.string())})
    expected = pc.sort_indices(keys, sort_keys=[("street", "ascending"), ("org_id", "ascending")]).to_numpy()
    got = _street_then_id(streets, ids)
    assert got.dtype == expected.dtype and got.tolist() == expected.tolist()
    assert _street_then_id(np.array([], dtype=object), np.array([], dtype=object)).tolist() == []
