"""Figures per district, for a dataset of several districts (a city; RULES.md, "Several districts").

With a 区 column naming two or more districts on 街道社区 (INPUT.md), every street and community
belongs to one district and every organization to the district of its 区 cell (or, where that
is empty, the one district whose 街道社区 has its street). The rates themselves are
:func:`liangxin.queries.coverage.coverage_rates`' ``district`` rows; this module adds what a
district ranking needs beside them: how many streets, communities and organizations each district
has and how many of its organizations are open (未覆盖). One district: no rows.
"""

import numpy as np
import pandas as pd

from liangxin.graph.index import district_codes
from liangxin.queries.coverage import RATE_COLUMNS
from liangxin.queries.scope import organization_scope

__all__ = ["district_figures", "district_ranking", "DISTRICT_COLUMNS", "several_districts"]

#: Columns of :func:`district_figures`.
DISTRICT_COLUMNS = ["district", "streets", "communities", "organizations", "open", "required", *RATE_COLUMNS]


def several_districts(network) -> bool:
    """Whether `network`'s dataset holds several districts (a 区 column naming two or more)."""
    return "district" in network.tables.geography and "district" in network.tables.organizations


def district_figures(analysis) -> pd.DataFrame:
    """One row per district of 街道社区, in Unicode order (as ``coverage.by_district``).

    Parameters
    ----------
    analysis : Analysis
        As :func:`liangxin.queries.analysis.analyze_network` returns it.

    Returns
    -------
    DataFrame
        :data:`DISTRICT_COLUMNS`: ``streets`` and ``communities`` of 街道社区, ``organizations``
        loaded in the district, ``open`` of them 未覆盖 (MEMBERS_REQUIRED or PARTY_ORG_REQUIRED),
        ``required`` and the rates as in :func:`~liangxin.queries.coverage.coverage_rates`.
        An organization of no known district counts in none. Empty for one district.

    Examples
    --------
    The hand-made workbook is one district:

    >>> len(district_figures(result))
    0
    """
    network = analysis.network
    if not several_districts(network):
        return pd.DataFrame({column: pd.Series(dtype=object) for column in DISTRICT_COLUMNS})
    geo = network.tables.geography
    districts, code = district_codes(network)
    rates = analysis.coverage[analysis.coverage["scope"] == "district"].set_index("group").reindex(districts)
    is_open = organization_scope(network, analysis.rules)["open"].to_numpy(dtype=bool)
    known = code >= 0
    per_geo = geo.dropna(subset=["district"])
    table = pd.DataFrame({
        "district": districts.to_numpy(dtype=object),
        "streets": per_geo.groupby("district")["street"].nunique().reindex(districts, fill_value=0).to_numpy(),
        "communities": per_geo.groupby("district").size().reindex(districts, fill_value=0).to_numpy(),
        "organizations": np.bincount(code[known], minlength=len(districts)),
        "open": np.bincount(code[known & is_open], minlength=len(districts)),
        "required": rates["required"].fillna(0).to_numpy(dtype=np.int64),
    })
    for column in RATE_COLUMNS:
        table[column] = rates[column].to_numpy(dtype=float)
    # Only the districts the coverage table has rows for (a coverage without district rows: none).
    table = table[rates["required"].notna().to_numpy()].reset_index(drop=True)
    return table[DISTRICT_COLUMNS]


def district_ranking(analysis) -> pd.DataFrame:
    """The districts ranked as the bulletin ranks streets without a previous snapshot: by
    organization coverage (组织覆盖率), then standalone rate, then name; a district with no
    party-org-required organization last.

    Returns
    -------
    DataFrame
        ``rank`` (1 first) and :data:`DISTRICT_COLUMNS`; empty for one district.

    Examples
    --------
    >>> list(district_ranking(result))[:3]
    ['rank', 'district', 'streets']
    """
    figures = district_figures(analysis)
    ranked = figures.assign(_empty=figures["required"].eq(0)).sort_values(
        ["_empty", "org_coverage", "standalone_rate", "district"], ascending=[True, False, False, True],
        kind="stable", na_position="last").drop(columns="_empty").reset_index(drop=True)
    ranked.insert(0, "rank", np.arange(1, len(ranked) + 1))
    return ranked
