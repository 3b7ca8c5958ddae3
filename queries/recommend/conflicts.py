"""Data conflicts (数据冲突): the same organization with different figures in two places."""

import numpy as np
import pandas as pd

from liangxin.queries.snapshots import compare_snapshots
from liangxin.text import header_key, normalize_place, parse_count

__all__ = ["data_conflicts", "CONFLICT_COLUMNS"]

#: Extra columns of the relation sheets compared with the organization's own figure.
_CROSS_FIELDS = {
    "street": ("街道", ("挂点街道", "所在街道", "街道")),
    "employees": ("从业人员数", ("从业人员数", "从业人数", "职工人数", "员工人数")),
    "party_members": ("党员数", ("党员数", "正式党员数", "党员人数")),
}
_RELATION_SHEETS = (("leader_points", "挂点促建"), ("supervision", "主管包建"), ("mass_org_tasks", "党群共建"))
CONFLICT_COLUMNS = ["org_id", "name", "street", "field", "field_zh", "value", "other_source", "other_row",
                    "other_value", "note"]



def data_conflicts(analysis, previous=None, diff=None) -> pd.DataFrame:
    """List the same organization with different street, size or member figures in two places.

    Across sheets: the 挂点街道 of 挂点促建 against the organization's own street, and any other
    column of 挂点促建, 主管包建 or 党群共建 named like a street, an employee count or a member
    count (kept as extra columns by the loaders) against the 两新组织 figure. Across snapshots
    (with `previous` or `diff`): the street, community, employees or members of the same
    organization in the previous workbook. Each row is for the analyst to resolve; the
    organization's own row in the current 两新组织 sheet is what the queries used.

    Returns
    -------
    DataFrame
        ``org_id, name, street, field, field_zh, value`` (the 两新组织 figure), ``other_source``
        (sheet, or 上期台账), ``other_row`` (Excel row, or None), ``other_value``, ``note``.

    Examples
    --------
    In the hand-made workbook every 挂点街道 that is filled in agrees with the organization's own
    street (平湖 reads as 平湖街道), and a snapshot compared with itself changes nothing
    (tests/fixtures/handmade.py):

    >>> data_conflicts(result, previous=result).empty
    True
    """
    tables = analysis.network.tables
    orgs = tables.organizations.set_index("org_id")
    parts = _cross_sheet_conflicts(tables, orgs)
    if previous is not None or diff is not None:
        diff = diff if diff is not None else compare_snapshots(previous, analysis)
        parts += _snapshot_conflicts(diff)
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in CONFLICT_COLUMNS})
    table = pd.concat(parts, ignore_index=True)
    table["name"] = table["org_id"].map(orgs["name"])
    table["street"] = table["org_id"].map(orgs["street"])
    table["other_row"] = table["other_row"].astype(object).where(table["other_row"].notna(), None)
    table = table.assign(_street=table["street"].fillna("")).sort_values(["_street", "org_id", "field"], kind="stable")
    return table[CONFLICT_COLUMNS].reset_index(drop=True)


def _cross_sheet_conflicts(tables, orgs):
    """Extra street, employee or member columns of the relation sheets against the organization's figure."""
    parts = []
    for attribute, sheet in _RELATION_SHEETS:
        relation = getattr(tables, attribute)
        for field, (label, headers) in _CROSS_FIELDS.items():
            wanted = {header_key(h) for h in headers}
            for column in relation.columns:
                if column in ("org_id", "row", "leader", "supervisory_unit", "mass_org", "instructor"):
                    continue
                if header_key(column.rstrip("_")) not in wanted and not (attribute == "leader_points"
                                                                          and field == "street" and column == "street"):
                    continue
                rows = relation[relation[column].notna()]
                if not len(rows):
                    continue
                own = orgs[field].reindex(rows["org_id"].to_numpy()).to_numpy(dtype=object)
                if field == "street":
                    other = normalize_place(rows[column].astype(object), "街道").to_numpy(dtype=object)
                    bad = np.zeros(len(rows), dtype=bool)
                else:
                    parsed, bad = parse_count(rows[column].astype(object))
                    other = parsed.astype(object)
                differs = ~bad & (pd.isna(own) | (own != other))
                if differs.any():
                    shown = rows[column].to_numpy(dtype=object)[differs] if field != "street" else other[differs]
                    parts.append(pd.DataFrame({
                        "org_id": rows["org_id"].to_numpy(dtype=object)[differs],
                        "field": field, "field_zh": label, "value": own[differs],
                        "other_source": sheet, "other_row": rows["row"].to_numpy()[differs] if "row" in rows else None,
                        "other_value": shown,
                        "note": f"“{sheet}”表中的{label}与“两新组织”表不一致",
                    }))
    return parts


def _snapshot_conflicts(diff):
    """The street, community, employees or members of the same organization in the previous workbook."""
    parts = []
    changed = diff.changed[diff.changed["field"].isin(["street", "community", "employees", "party_members"])]
    if len(changed):
        note = np.where(changed["scope_changed"], "与上期台账不一致，且影响是否属于应建范围", "与上期台账不一致")
        parts.append(pd.DataFrame({
            "org_id": changed["org_id"].to_numpy(dtype=object), "field": changed["field"].to_numpy(),
            "field_zh": changed["field_zh"].to_numpy(), "value": changed["new"].to_numpy(dtype=object),
            "other_source": "上期台账", "other_row": None, "other_value": changed["old"].to_numpy(dtype=object),
            "note": note,
        }))
    return parts
