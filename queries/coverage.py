"""Coverage rates overall, per street and per kind (RULES.md, "Coverage rates")."""

import numpy as np
import pandas as pd

from liangxin.graph.index import district_codes, positions
from liangxin.queries.responsibility import organization_attachments
from liangxin.queries.rules import load_rules
from liangxin.queries.scope import organization_scope

__all__ = ["coverage_rates", "coverage_flags", "not_covered", "RATE_COLUMNS"]

RATE_COLUMNS = ["org_coverage", "standalone_rate", "work_coverage"]
KINDS = ("enterprise", "social_org")


def coverage_rates(network, rules=None):
    """Return the three coverage rates over the party-org-required organizations.

    Parameters
    ----------
    network : ResponsibilityNetwork
    rules : Rules, optional

    Returns
    -------
    DataFrame
        ``scope`` (``overall``, ``street`` or ``kind``), ``group`` (``overall``, each street of
        街道社区 in Unicode order, ``enterprise``, ``social_org``), ``required`` and the rates
        ``org_coverage``, ``standalone_rate``, ``work_coverage`` as fractions in [0, 1], NaN where
        ``required`` is 0. An organization whose street is unknown counts in overall and kind only.
        With several districts (a 区 column on 街道社区) scope ``district`` follows: each district
        of 街道社区 in Unicode order, over the organizations of that district (its 区 cell, or the
        one district whose street it names).

    Examples
    --------
    The hand-made workbook (tests/test_handmade.py, EXPECTED_COVERAGE): 7 organizations are
    party-org-required (A B D E G H I), of which B, D and G are organized; 横岗 requires none,
    so its rates are empty:

    >>> rates = coverage_rates(net).set_index("group")
    >>> int(rates.loc["overall", "required"]), round(float(rates.loc["overall", "org_coverage"]), 4)
    (7, 0.4286)
    >>> bool(np.isnan(rates.loc["横岗街道", "org_coverage"]))
    True
    """
    rules = rules or load_rules()
    index = positions(network)
    counted = {name: flags.to_numpy(dtype=bool) for name, flags in coverage_flags(network, rules).items()}
    known = index.org_street >= 0
    rows = [("overall", "overall", *(int(flags.sum()) for flags in counted.values()))]
    per_street = {name: np.bincount(index.org_street[known & flags], minlength=len(index.streets))
                  for name, flags in counted.items()}
    for position, street in enumerate(index.streets):
        rows.append(("street", street, *(int(per_street[name][position]) for name in counted)))
    for kind, members in zip(KINDS, (index.enterprise, index.social_org)):
        rows.append(("kind", kind, *(int(flags[members].sum()) for flags in counted.values())))
    rows += _district_rows(network, counted)
    table = pd.DataFrame(rows, columns=["scope", "group", *counted]).astype({"scope": object, "group": object})
    denominator = table["required"].where(table["required"] > 0)
    for column in RATE_COLUMNS:
        table[column] = table[column] / denominator
    return table[["scope", "group", "required", *RATE_COLUMNS]]


def not_covered(coverage: pd.DataFrame) -> pd.Series:
    """应建未建数 per row of :func:`coverage_rates` (or of its Cypher twin): the party-org-required
    organizations without a Party organization, ``required`` less those ``org_coverage`` counts.

    Examples
    --------
    The hand-made workbook: of its 7 party-org-required organizations, B, D and G are organized;
    横岗 requires none:

    >>> rates = coverage_rates(net).set_index("group")
    >>> int(not_covered(rates)["overall"]), int(not_covered(rates)["横岗街道"])
    (4, 0)
    """
    covered = (coverage["org_coverage"] * coverage["required"]).round().fillna(0).astype(np.int64)
    return coverage["required"].astype(np.int64) - covered


def coverage_flags(network, rules=None) -> pd.DataFrame:
    """Per organization, whether it counts in each rate's numerator and in the denominator.

    Returns
    -------
    DataFrame
        Indexed like ``network.tables.organizations``; boolean ``required`` (party-org-required)
        and ``org_coverage``, ``standalone_rate``, ``work_coverage`` (required and covered in that
        sense). Grouping these and dividing by ``required`` gives the rates of any group.

    Examples
    --------
    >>> flags = coverage_flags(net)
    >>> flags.sum().astype(int).to_dict()  # 7 required; B D G organized; G standalone; + A E H
    {'required': 7, 'org_coverage': 3, 'standalone_rate': 1, 'work_coverage': 6}
    """
    rules = rules or load_rules()
    index = positions(network)
    required = organization_scope(network, rules)["party_org_required"].to_numpy(dtype=bool)
    attached = organization_attachments(network)
    reached = attached[["instructor", "leader", "contact_department"]].to_numpy().any(axis=1)
    return pd.DataFrame({
        "required": required,
        "org_coverage": required & ~index.unorganized,
        "standalone_rate": required & index.standalone,
        "work_coverage": required & (~index.unorganized | reached),
    }, index=network.tables.organizations.index)


def _district_rows(network, counted):
    """The ``district`` rows of :func:`coverage_rates` (none for one district)."""
    districts, code = district_codes(network)
    known = code >= 0
    per = {name: np.bincount(code[known & flags], minlength=len(districts)) for name, flags in counted.items()}
    return [("district", name, *(int(per[column][position]) for column in counted))
            for position, name in enumerate(districts)]
