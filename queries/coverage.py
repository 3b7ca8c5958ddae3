"""Coverage rates overall, per street and per kind (RULES.md, "Coverage rates")."""

import numpy as np
import pandas as pd

from queries.responsibility import organization_attachments
from queries.rules import load_rules
from queries.scope import organization_scope

__all__ = ["coverage_rates", "RATE_COLUMNS", "RATE_ZH"]

RATE_COLUMNS = ["org_coverage", "standalone_rate", "work_coverage"]
RATE_ZH = {"org_coverage": "组织覆盖率", "standalone_rate": "单独组建率", "work_coverage": "工作覆盖率"}
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

    Examples
    --------
    >>> coverage_rates(net).set_index("group").loc["overall", "org_coverage"]  # doctest: +SKIP
    0.6153
    """
    rules = rules or load_rules()
    t = network.tables
    orgs = t.organizations
    required = organization_scope(network, rules)["party_org_required"].to_numpy()
    attached = organization_attachments(network)
    status = orgs["status"]
    flags = pd.DataFrame({
        "required": required,
        "org_coverage": required & status.isin(["standalone", "joint"]).to_numpy(),
        "standalone_rate": required & status.eq("standalone").to_numpy(),
        "work_coverage": required & (status.ne("none") | attached["instructor"] | attached["leader"]
                                     | attached["contact_department"]).to_numpy(),
    })
    overall = flags.sum().to_frame().T.assign(scope="overall", group="overall")
    streets = sorted(pd.unique(t.geography["street"]))
    by_street = (flags.groupby(orgs["street"].to_numpy()).sum()
                 .reindex(streets, fill_value=0).rename_axis("group").reset_index().assign(scope="street"))
    by_kind = (flags.groupby(orgs["kind"].to_numpy()).sum()
               .reindex(list(KINDS), fill_value=0).rename_axis("group").reset_index().assign(scope="kind"))
    table = pd.concat([overall, by_street, by_kind], ignore_index=True)
    table["required"] = table["required"].astype(np.int64)
    denominator = table["required"].where(table["required"] > 0)
    for column in RATE_COLUMNS:
        table[column] = table[column] / denominator
    return table[["scope", "group", "required", *RATE_COLUMNS]]
