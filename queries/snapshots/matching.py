"""Matching the organizations of two snapshots of one district (RULES.md, "Snapshots").

By unified social credit code where both rows have a valid one, then, among the organizations
still unmatched, by normalized name (``name_key``) where the name is unique on both sides. A
renamed organization with the same code is the same organization.
"""

import pandas as pd

__all__ = ["match_organizations"]


def _as_object(frame):
    """Text columns as object dtype: pandas 3 infers an Arrow ``str`` dtype whose ``isin`` is slow."""
    for column in frame.columns:
        if pd.api.types.is_string_dtype(frame[column]) and frame[column].dtype != object:
            values = frame[column].astype(object)
            frame[column] = values.where(values.notna(), None)
    return frame



def match_organizations(old_orgs: pd.DataFrame, new_orgs: pd.DataFrame) -> pd.DataFrame:
    """Match the organizations of two snapshots.

    By credit code where both rows have a valid one; then, among the rows still unmatched,
    by normalized name where that name is unique among the unmatched rows of each side.

    Parameters
    ----------
    old_orgs, new_orgs : DataFrame
        ``Tables.organizations`` of each snapshot.

    Returns
    -------
    DataFrame
        ``old_org_id, new_org_id, match_by`` (``code`` or ``name``).

    Examples
    --------
    A snapshot matched with itself: every organization with a valid code by its code, the
    others by name (the hand-made workbook keys an organization without a valid code by its
    name, tests/test_handmade.py):

    >>> orgs = net.tables.organizations
    >>> matches = match_organizations(orgs, orgs)
    >>> len(matches) == len(orgs), (matches["old_org_id"] == matches["new_org_id"]).all()
    (True, np.True_)
    >>> int((matches["match_by"] == "code").sum()) == int(orgs["credit_code"].notna().sum())
    True
    """
    old_coded = old_orgs.loc[old_orgs["credit_code"].notna(), ["org_id", "credit_code"]]
    new_coded = new_orgs.loc[new_orgs["credit_code"].notna(), ["org_id", "credit_code"]]
    by_code = old_coded.merge(new_coded, on="credit_code", suffixes=("_old", "_new"))
    by_code = pd.DataFrame({"old_org_id": by_code["org_id_old"].to_numpy(dtype=object),
                            "new_org_id": by_code["org_id_new"].to_numpy(dtype=object), "match_by": "code"})

    def unique_unmatched(orgs, matched):
        rest = orgs.loc[~orgs["org_id"].isin(matched) & orgs["name_key"].notna(), ["org_id", "name_key"]]
        return rest[~rest["name_key"].duplicated(keep=False)]

    old_rest = unique_unmatched(old_orgs, by_code["old_org_id"])
    new_rest = unique_unmatched(new_orgs, by_code["new_org_id"])
    by_name = old_rest.merge(new_rest, on="name_key", suffixes=("_old", "_new"))
    by_name = pd.DataFrame({"old_org_id": by_name["org_id_old"].to_numpy(dtype=object),
                            "new_org_id": by_name["org_id_new"].to_numpy(dtype=object), "match_by": "name"})
    return _as_object(pd.concat([by_code, by_name], ignore_index=True))
