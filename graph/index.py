"""Integer positions behind the queries: relation rows → organization rows, organizations → streets.

Built once per network, when it is built (:func:`graph.network.build_network` calls
:func:`positions` and :func:`report_order`): the integer adjacency of the columnar network, so
that every query works on numpy arrays (bincount, fancy indexing) instead of matching strings.
"""

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["positions", "mark", "memo", "report_order"]


def _build(network):
    t = network.tables
    orgs = t.organizations
    ids = pd.Index(orgs["org_id"].to_numpy(dtype=object))

    def org_rows(frame):
        return ids.get_indexer(frame["org_id"].to_numpy(dtype=object))

    streets = pd.Index(sorted(pd.unique(t.geography["street"].to_numpy(dtype=object))), dtype=object)
    communities = pd.Index(pd.unique(t.geography["community"].to_numpy(dtype=object)), dtype=object)
    org_street = streets.get_indexer(orgs["street"].to_numpy(dtype=object))
    org_community = communities.get_indexer(orgs["community"].to_numpy(dtype=object))
    geo_street = streets.get_indexer(t.geography["street"].to_numpy(dtype=object))
    geo_community = communities.get_indexer(t.geography["community"].to_numpy(dtype=object))
    stationed = np.zeros(len(streets), dtype=bool)
    stationed[streets.get_indexer(t.department_stations["street"].to_numpy(dtype=object))] = True
    guided = t.supervision["instructor_key"].notna().to_numpy()
    kind = orgs["kind"].to_numpy(dtype=object)
    status = orgs["status"].to_numpy(dtype=object)
    return SimpleNamespace(
        n=len(orgs),
        enterprise=kind == "enterprise", social_org=kind == "social_org",
        standalone=status == "standalone", joint=status == "joint", unorganized=status == "none",
        streets=streets, org_street=org_street, stationed=stationed,
        communities=communities, org_community=org_community,
        # (street, community) pairs as one integer, for membership tests
        org_pair=np.where((org_street >= 0) & (org_community >= 0),
                          org_street.astype(np.int64) * max(len(communities), 1) + org_community, -1),
        geo_pair=geo_street.astype(np.int64) * max(len(communities), 1) + geo_community,
        leader=org_rows(t.leader_points), contact=org_rows(t.department_contacts),
        supervised=org_rows(t.supervision), guided=org_rows(t.supervision)[guided],
        mass=org_rows(t.mass_org_tasks),
    )


def memo(network, key, compute):
    """``network.memo(key, compute)``, or just ``compute()`` for a stand-in that has only ``tables``."""
    cache = getattr(network, "memo", None)
    return cache(key, compute) if cache else compute()


def positions(network):
    """Return the integer index of `network` (see the module docstring)."""
    return memo(network, "positions", lambda: _build(network))


def mark(n, rows):
    """A boolean array of length `n`, True at `rows` (rows of -1, unmatched, are ignored)."""
    flags = np.zeros(n, dtype=bool)
    flags[rows[rows >= 0]] = True
    return flags


def report_order(network):
    """Positions of the organizations sorted by street, then ``org_id`` (code-point order, no street first)."""
    def compute():
        # Arrow sorts UTF-8 bytes, which is code-point order, several times faster than pandas on text.
        orgs = network.tables.organizations
        keys = pa.table({"street": pa.array(orgs["street"].fillna("").to_numpy(dtype=object), pa.string()),
                         "org_id": pa.array(orgs["org_id"].to_numpy(dtype=object), pa.string())})
        return pc.sort_indices(keys, sort_keys=[("street", "ascending"), ("org_id", "ascending")]).to_numpy()
    return memo(network, "report_order", compute)
