"""Shared shaping of per-organization code flags into finding rows."""

import pandas as pd

__all__ = ["codes_to_rows", "ORG_COLUMNS"]

ORG_COLUMNS = ["org_id", "name", "kind", "street", "community"]


def codes_to_rows(orgs, flags, labels):
    """Turn one boolean column per code into one row per (organization, code).

    Sorted by street, then ``org_id``, then code, in Unicode code-point order;
    an organization with no street sorts first.
    """
    parts = []
    for code in labels:
        mask = flags[code].to_numpy()
        if mask.any():
            part = orgs.loc[mask, ORG_COLUMNS].copy()
            part["code"] = code
            part["label"] = labels[code]
            parts.append(part)
    if not parts:
        return pd.DataFrame(columns=ORG_COLUMNS + ["code", "label"])
    frame = pd.concat(parts, ignore_index=True)
    order = frame.assign(_street=frame["street"].fillna("")).sort_values(
        ["_street", "org_id", "code"], kind="stable").index
    return frame.loc[order].reset_index(drop=True)
