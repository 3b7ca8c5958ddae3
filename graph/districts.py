"""A city's network split into one network per district, each as if its district had been loaded alone.

With several districts (a 区 column on 街道社区, :mod:`liangxin.loaders.districts`) streets are
keyed within their district (``龙岗区平湖街道``). :func:`district_networks` gives each district
its own :class:`~liangxin.graph.network.ResponsibilityNetwork`, named after the district, with its
streets under their own names (``平湖街道``) and node ids exactly as a one-district workbook of
that district would give: what ``liangxin neo4j push`` writes under each district's name.

A unit belongs to a district where the data puts it there: a 区直机关 in the districts of the
streets it is stationed in (驻街保建's 区) and of the organizations it contacts, a 区领导,
业务主管单位, 党建工作指导员 or 群团组织 in the districts of the organizations it answers for;
a unit serving two districts appears in both. An organization of no known district (its 区
empty and its street in several districts or none) belongs to none: :func:`unplaced` counts them.
"""

import dataclasses

import pandas as pd

from liangxin.graph.network import build_network

__all__ = ["district_networks", "unplaced"]


def _own_street(street, district):
    """`street` keyed within `district` back to its own name (``龙岗区平湖街道`` → ``平湖街道``)."""
    street = pd.Series(street, dtype=object).reset_index(drop=True)
    prefixed = street.str.startswith(district, na=False)
    return street.where(~prefixed, street.str[len(district):]).to_numpy(dtype=object)


def _district_tables(tables, district):
    geo, orgs = tables.geography, tables.organizations
    geo = geo[geo["district"].eq(district).to_numpy()]
    own_keys = set(geo["street"])
    geo = geo.drop(columns=["district", "street_name"])
    geo = geo.assign(street=_own_street(geo["street"], district)).reset_index(drop=True)
    orgs = orgs[orgs["district"].eq(district).to_numpy()].drop(columns=["district"])
    orgs = orgs.assign(street=_own_street(orgs["street"], district)).reset_index(drop=True)
    ids = set(orgs["org_id"])

    def of_orgs(frame):
        return frame[frame["org_id"].isin(ids).to_numpy()].reset_index(drop=True)

    stations = tables.department_stations
    stations = stations[stations["street"].isin(own_keys).to_numpy()]
    stations = stations.assign(street=_own_street(stations["street"], district)).reset_index(drop=True)
    leaders = of_orgs(tables.leader_points)
    leaders = leaders.assign(street=_own_street(leaders["street"], district))
    supervision = of_orgs(tables.supervision)
    contacts = of_orgs(tables.department_contacts)
    units = (set(leaders["leader_key"]) | set(stations["department_key"]) | set(contacts["department_key"])
             | set(supervision["unit_key"]) | set(supervision["instructor_key"].dropna()))
    capacities = tables.capacities[tables.capacities["unit_key"].isin(units).to_numpy()].reset_index(drop=True)
    return dataclasses.replace(tables, geography=geo, organizations=orgs, leader_points=leaders,
                               department_stations=stations, department_contacts=contacts, supervision=supervision,
                               mass_org_tasks=of_orgs(tables.mass_org_tasks), capacities=capacities)


def district_networks(network) -> dict:
    """One network per district, by district name, in the order 街道社区 names them.

    Parameters
    ----------
    network : ResponsibilityNetwork

    Returns
    -------
    dict of str to ResponsibilityNetwork
        ``{network.district: network}`` when the dataset is one district.

    Examples
    --------
    >>> list(district_networks(net))  # the hand-made workbook: one district, the rules file's
    ['龙岗区']
    """
    geo = network.tables.geography
    if "district" not in geo or "district" not in network.tables.organizations:
        return {network.district: network}
    names = geo["district"].dropna().drop_duplicates().tolist()
    return {name: build_network(_district_tables(network.tables, name), district=name) for name in names}


def unplaced(network) -> int:
    """How many organizations belong to no district of a several-district network (0 for one district)."""
    orgs = network.tables.organizations
    if "district" not in orgs or "district" not in network.tables.geography:
        return 0
    known = set(network.tables.geography["district"].dropna())
    return int((~orgs["district"].isin(known)).to_numpy(dtype=bool).sum())
