"""Data conflicts (数据冲突): the same organization with different figures in one snapshot.

A conflict is within one snapshot: a relation sheet (挂点促建, 主管包建, 党群共建) that repeats an
organization's street, employees or members differently from 两新组织, or two rows of one
organization with different figures (the loaders' ``CONFLICTING_DUPLICATE`` problem, when they
report it). A figure that changed between two snapshots (headcount 27 → 31) is a 数据变动 of the
comparison (:func:`~liangxin.queries.snapshots.compare_snapshots`), never a conflict.
"""

import re

import numpy as np
import pandas as pd

from liangxin.queries.labels import CONFLICT_FIELDS

__all__ = ["data_conflicts", "CONFLICT_COLUMNS", "CONFLICT_FIELDS"]

# The figures compared are CONFLICT_FIELDS' (queries.labels). The relation sheets' columns are
# declared (with their header synonyms) in liangxin.loaders.sheets and parsed by the loaders.
_RELATION_SHEETS = (("leader_points", "挂点促建"), ("supervision", "主管包建"), ("mass_org_tasks", "党群共建"))
#: The loaders' problem code for one organization entered twice with different figures.
DUPLICATE_CODE = "CONFLICTING_DUPLICATE"
CONFLICT_COLUMNS = ["org_id", "name", "street", "field", "field_zh", "value", "other_source", "other_row",
                    "other_value", "note"]


def data_conflicts(analysis) -> pd.DataFrame:
    """List the organizations whose figures disagree within one snapshot.

    Across sheets: the street (挂点促建's 挂点街道), 从业人员数 or 党员数 a relation sheet gives for
    an organization against its 两新组织 row. Within 两新组织: rows the loaders report as
    ``CONFLICTING_DUPLICATE`` (the same organization again, in another row or file, with different
    figures; its reason names the other row). The 两新组织 row the queries used is ``value``; each
    conflict is for the analyst to resolve.

    Returns
    -------
    DataFrame
        ``org_id, name, street, field`` (street, employees, party_members or duplicate),
        ``field_zh, value`` (the 两新组织 figure), ``other_source`` (sheet, with the file when the
        loaders name one), ``other_row`` (Excel row), ``other_value``, ``note``; by street, then
        organization. A duplicate the loaders rejected names the organization its reason points to
        (no ``org_id`` when it points to none); its note is the loaders' reason.

    Examples
    --------
    In the hand-made workbook every 挂点街道 that is filled in agrees with the organization's own
    street (平湖 reads as 平湖街道), and nothing else repeats a figure (tests/fixtures/handmade.py):

    >>> data_conflicts(result).empty
    True
    """
    tables = analysis.network.tables
    orgs = tables.organizations.set_index("org_id")
    parts = [part for attribute, sheet in _RELATION_SHEETS for part in _sheet_conflicts(getattr(tables, attribute), sheet, orgs)]
    parts += _duplicate_conflicts(tables.problems, tables.organizations)
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in CONFLICT_COLUMNS})
    table = pd.concat(parts, ignore_index=True)
    table["name"] = table["org_id"].map(orgs["name"])
    table["street"] = table["org_id"].map(orgs["street"])
    table["other_row"] = table["other_row"].astype(object).where(table["other_row"].notna(), None)
    table = table.assign(_street=table["street"].fillna("~"), _org=table["org_id"].fillna("~")).sort_values(
        ["_street", "_org", "field"], kind="stable")
    return table[CONFLICT_COLUMNS].reset_index(drop=True)


def _sheet_conflicts(relation, sheet, orgs):
    """The street, employees and members of one relation sheet's rows against the organizations'."""
    parts = []
    for field in ("street", "employees", "party_members"):
        if field not in relation.columns:
            continue
        rows = relation[relation[field].notna() & relation["org_id"].isin(orgs.index)]
        if not len(rows):
            continue
        own = orgs[field].reindex(rows["org_id"].to_numpy()).to_numpy(dtype=object)
        other = rows[field].to_numpy(dtype=object)
        if field != "street":
            other = np.array([int(v) for v in other], dtype=object)
        differs = pd.isna(own) | (own != other)
        if differs.any():
            label = CONFLICT_FIELDS[field]
            parts.append(pd.DataFrame({
                "org_id": rows["org_id"].to_numpy(dtype=object)[differs], "field": field, "field_zh": label,
                "value": own[differs], "other_source": sheet, "other_row": rows["row"].to_numpy()[differs],
                "other_value": other[differs], "note": f"“{sheet}”表中的{label}与“两新组织”表不一致",
            }))
    return parts


#: How the loaders' reason names the row kept: 与第3行… or 与文件 平湖.xlsx 的“两新组织”第3行….
_KEPT_ROW = re.compile(r"^与(?:文件 (?P<file>.+?) 的“[^”]*”)?第(?P<row>\d+)行")


def _kept_organization(found, organizations):
    """The org_id of the 两新组织 row each duplicate repeats, read from the loaders' reason; None
    where the reason names no such row or the row is ambiguous (several files, no file column)."""
    by_row = organizations.groupby("row")["org_id"].agg(list).to_dict() if len(organizations) else {}
    by_file_row = ({(f, r): i for f, r, i in zip(organizations["file"], organizations["row"], organizations["org_id"])}
                   if "file" in organizations.columns else None)
    kept = []
    for sheet, reason in zip(found["sheet"], found["reason"].astype(str)):
        match = _KEPT_ROW.match(reason) if sheet == "两新组织" else None
        if match is None:
            kept.append(None)
            continue
        row, file = int(match["row"]), match["file"]
        if by_file_row is not None and file is not None:
            kept.append(by_file_row.get((file, row)))
        else:
            ids = by_row.get(row, [])
            kept.append(ids[0] if len(ids) == 1 else None)
    return kept


def _duplicate_conflicts(problems, organizations):
    """The loaders' CONFLICTING_DUPLICATE rows (absent from older loaders: then none), each with
    the organization it repeats when the reason names its row."""
    if "code" not in problems.columns:
        return []
    found = problems[problems["code"] == DUPLICATE_CODE]
    if not len(found):
        return []
    source = found["sheet"].astype(object)
    if "file" in found.columns:
        source = np.where(found["file"].notna(), found["file"].astype(str) + "：" + found["sheet"].astype(str), source)
    return [pd.DataFrame({
        "org_id": _kept_organization(found, organizations), "field": "duplicate", "field_zh": CONFLICT_FIELDS["duplicate"], "value": None,
        "other_source": np.asarray(source, dtype=object), "other_row": found["row"].to_numpy(dtype=object),
        "other_value": None, "note": found["reason"].to_numpy(dtype=object),
    })]
