"""Two snapshots of the same district compared (RULES.md, "Snapshots").

Analysts keep dated copies of the workbook; :func:`compare_snapshots` tells which organizations
closed a gap and which opened one, which formed a Party organization, which were added, removed
or renamed, and how each street's rates and each unit's load moved. Organizations are matched
across snapshots by :func:`~liangxin.queries.snapshots.matching.match_organizations`.

Every function here is pure: analyses in, DataFrames out.
"""

import logging
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from liangxin.queries._tabulate import ORG_COLUMNS
from liangxin.queries.chains import CHAIN_CODES
from liangxin.queries.coverage import RATE_COLUMNS
from liangxin.queries.loads import unit_attribution
from liangxin.queries.scope import organization_scope
from liangxin.queries.snapshots.branches import branch_counts
from liangxin.queries.snapshots.matching import _as_object, match_organizations
from liangxin.queries.uncovered import UNCOVERED_CODES
from liangxin.queries.labels import CATEGORY_ZH as GAP_CATEGORY_ZH
from liangxin.queries.labels import FIELD_ZH, STATUS_CHANGE_ZH

__all__ = ["SnapshotDiff", "compare_snapshots", "STATUS_CHANGE_ZH", "GAP_CATEGORY_ZH", "FIELD_ZH"]

log = logging.getLogger(__name__)

#: (old status, new status) → Chinese description; the first three are formations (新建党组织).
_FORMED = [("none", "standalone"), ("none", "joint"), ("joint", "standalone")]
#: Organization fields compared across snapshots → Chinese column name.
_LABELS = {**UNCOVERED_CODES, **CHAIN_CODES}
_GAP_COLUMNS = [*ORG_COLUMNS, "category", "code", "label"]
_ORG_DETAIL = [*ORG_COLUMNS, "employees", "party_members", "status"]


@dataclass
class SnapshotDiff:
    """What changed between two snapshots of one district.

    Attributes
    ----------
    matches : DataFrame
        ``old_org_id, new_org_id, match_by`` (``code`` or ``name``): one row per organization
        present in both snapshots.
    closed_gaps, opened_gaps : DataFrame
        One row per (matched organization, code) whose code held in the old snapshot and not in
        the new one (closed) or the other way round (opened): ``org_id, name, kind, street,
        community, category`` (``uncovered`` or ``broken_chain``), ``code, label``; identities
        and places are the new snapshot's.
    added, removed : DataFrame
        Organizations only in the new (added) or only in the old (removed) snapshot:
        ``org_id, name, kind, street, community, employees, party_members, status, open, codes,
        labels`` (their codes in their own snapshot, joined with ``、``).
    renamed : DataFrame
        Matched organizations whose normalized name changed (a code gained, lost or corrected
        under the same name is in ``changed``, field ``credit_code``):
        ``org_id, old_org_id, old_name, name, street, match_by``.
    formed, regressed : DataFrame
        Matched organizations whose Party organization status moved forward (未组建 → 单独/联合,
        联合 → 单独) or back: ``org_id, name, kind, street, community, employees, party_members,
        old_status, status, change, party_org``.
    changed : DataFrame
        Figures that differ for a matched organization, one row per (organization, field):
        ``org_id, name, street, field, field_zh, old, new, scope_changed`` (whether the change
        moves the organization into or out of the plan's scope).
    streets : DataFrame
        ``scope`` (``overall`` or ``street``), ``group``, then ``*_before``/``*_after``/``*_change``
        of ``required`` and the three rates, ``open_before, open_after, formed, closed_orgs,
        opened_orgs`` (the last three counted by the new snapshot's street).
    units : DataFrame
        One row per (unit, role) of either snapshot: ``kind, unit, supervisory_unit, node_id,
        presence`` (``both``/``added``/``removed``), ``load_before, load_after, load_change,
        capacity_before, capacity_after, overloaded_before, overloaded_after, idle_before,
        idle_after``, and the unit's progress by the load rules: ``open_before`` (open
        organizations it answered for), ``closed`` (of those, the ones no longer open) and
        ``formed`` (organizations it answered for that formed a Party organization).
    counts : dict
        Headline counts (see :func:`compare_snapshots`).
    district : str or None
        The name of the scope compared (the new analysis's network's ``district``: 龙岗区, or 深圳市 for
        a city), for the words an output uses for the whole (全区, 全市).
    """

    matches: pd.DataFrame
    closed_gaps: pd.DataFrame
    opened_gaps: pd.DataFrame
    added: pd.DataFrame
    removed: pd.DataFrame
    renamed: pd.DataFrame
    formed: pd.DataFrame
    regressed: pd.DataFrame
    changed: pd.DataFrame
    streets: pd.DataFrame
    units: pd.DataFrame
    counts: dict = field(default_factory=dict)
    district: str | None = None

    def __repr__(self):
        c = self.counts
        return (f"<SnapshotDiff 缺口关闭 {c.get('closed_gap_orgs', 0)} 个组织, 新增缺口 {c.get('opened_gap_orgs', 0)},"
                f" 新建党组织 {c.get('new_branches', 0)}, 新增组织 {c.get('added', 0)}, 减少组织 {c.get('removed', 0)}>")



def _gap_rows(analysis):
    parts = []
    for category, rows in (("uncovered", analysis.uncovered), ("broken_chain", analysis.broken_chains)):
        if len(rows):
            parts.append(pd.DataFrame({"org_id": rows["org_id"].to_numpy(dtype=object), "category": category,
                                       "code": rows["code"].to_numpy(dtype=object)}))
    if not parts:
        return pd.DataFrame({"org_id": pd.Series(dtype=object), "category": pd.Series(dtype=object),
                             "code": pd.Series(dtype=object)})
    return _as_object(pd.concat(parts, ignore_index=True))


def _joined_codes(analysis, org_ids):
    """Codes and Chinese labels of each organization (uncovered, then chain codes), joined with 、."""
    gaps = _gap_rows(analysis)
    gaps = gaps[gaps["org_id"].isin(org_ids)]
    if not len(gaps):
        empty = pd.Series("", index=pd.Index(org_ids, dtype=object), dtype=object)
        return empty, empty
    gaps = gaps.sort_values(["org_id", "category", "code"], ascending=[True, False, True], kind="stable")
    gaps = gaps.assign(label=gaps["code"].map(_LABELS))
    grouped = gaps.groupby("org_id", sort=False)
    codes = grouped["code"].agg("、".join).reindex(org_ids).fillna("")
    labels = grouped["label"].agg("、".join).reindex(org_ids).fillna("")
    return codes.astype(object), labels.astype(object)


def _org_list(analysis, org_ids):
    orgs = analysis.network.tables.organizations
    scope = organization_scope(analysis.network, analysis.rules)
    mask = orgs["org_id"].isin(org_ids).to_numpy()
    frame = orgs.loc[mask, _ORG_DETAIL].copy()
    frame["open"] = scope["open"].to_numpy()[mask]
    codes, labels = _joined_codes(analysis, frame["org_id"].to_numpy())
    frame["codes"] = codes.to_numpy()
    frame["labels"] = labels.to_numpy()
    return _by_street(frame)


def _by_street(frame):
    """Sort by street (no street first), then org_id, in code-point order, as the other outputs."""
    if not len(frame):
        return frame.reset_index(drop=True)
    order = frame.assign(_street=frame["street"].fillna("")).sort_values(["_street", "org_id"], kind="stable").index
    return frame.loc[order].reset_index(drop=True)


def _scope_by_id(analysis):
    orgs = analysis.network.tables.organizations
    scope = organization_scope(analysis.network, analysis.rules)
    scope.index = orgs["org_id"].to_numpy()
    return scope


def _differs(old, new):
    both_missing = pd.isna(old) & pd.isna(new)
    return ~both_missing & ((pd.isna(old) != pd.isna(new)) | (old != new))


def _figure_changes(old_o, new_o, pairs, scope_changed):
    parts = []
    for column, label in FIELD_ZH.items():
        before = old_o[column].to_numpy(dtype=object)
        after = new_o[column].to_numpy(dtype=object)
        mask = np.asarray(_differs(pd.Series(before), pd.Series(after)), dtype=bool)
        if mask.any():
            parts.append(pd.DataFrame({
                "org_id": new_o["org_id"].to_numpy(dtype=object)[mask],
                "name": new_o["name"].to_numpy(dtype=object)[mask],
                "street": new_o["street"].to_numpy(dtype=object)[mask],
                "field": column, "field_zh": label, "old": before[mask], "new": after[mask],
                "scope_changed": scope_changed[mask],
            }))
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in
                             ["org_id", "name", "street", "field", "field_zh", "old", "new"]}
                            ).assign(scope_changed=pd.Series(dtype=bool))
    frame = pd.concat(parts, ignore_index=True)
    order = list(FIELD_ZH)
    frame = frame.assign(_street=frame["street"].fillna(""), _field=frame["field"].map(order.index))
    return frame.sort_values(["_street", "org_id", "_field"], kind="stable").drop(
        columns=["_street", "_field"]).reset_index(drop=True)


def _street_table(old, new, formed, closed_orgs, opened_orgs):
    def rates(analysis):
        cov = analysis.coverage
        cov = cov[cov["scope"].isin(["overall", "street"])][["scope", "group", "required", *RATE_COLUMNS]]
        orgs = analysis.network.tables.organizations
        open_mask = organization_scope(analysis.network, analysis.rules)["open"].to_numpy()
        open_by_street = pd.Series(open_mask).groupby(orgs["street"].to_numpy()).sum()
        cov = cov.assign(open=np.where(cov["scope"].eq("overall"), open_mask.sum(),
                                       cov["group"].map(open_by_street).fillna(0)).astype(np.int64))
        return cov

    table = rates(old).merge(rates(new), on=["scope", "group"], how="outer", suffixes=("_before", "_after"))
    for column in ["required", "open"]:
        for side in ("_before", "_after"):
            table[column + side] = table[column + side].fillna(0).astype(np.int64)
    for column in RATE_COLUMNS:
        table[column + "_change"] = table[column + "_after"] - table[column + "_before"]
    table["required_change"] = table["required_after"] - table["required_before"]
    for name, frame in (("formed", formed), ("closed_orgs", closed_orgs), ("opened_orgs", opened_orgs)):
        per_street = frame["street"].value_counts()
        table[name] = np.where(table["scope"].eq("overall"), len(frame),
                               table["group"].map(per_street).fillna(0)).astype(np.int64)
    table["_order"] = table["scope"].map({"overall": 0, "street": 1})
    table = table.sort_values(["_order", "group"], kind="stable").drop(columns="_order").reset_index(drop=True)
    columns = ["scope", "group"]
    for base in ["required", *RATE_COLUMNS]:
        columns += [base + "_before", base + "_after", base + "_change"]
    return table[columns + ["open_before", "open_after", "formed", "closed_orgs", "opened_orgs"]]


def _unit_table(old, new, closed_old_ids, formed_old_ids):
    keep = ["kind", "unit", "supervisory_unit", "node_id", "load", "capacity", "overloaded", "idle"]
    table = old.loads[keep].merge(new.loads[keep], on=["kind", "node_id"], how="outer",
                                  suffixes=("_before", "_after"), indicator=True)
    table["presence"] = table.pop("_merge").map({"both": "both", "left_only": "removed", "right_only": "added"})
    table = table.astype({"presence": object})
    for column in ("unit", "supervisory_unit"):
        table[column] = table[column + "_after"].where(table[column + "_after"].notna(), table[column + "_before"])
    old_orgs = old.network.tables.organizations
    old_scope = organization_scope(old.network, old.rules)
    flags = pd.DataFrame({
        "open_before": old_scope["open"].to_numpy(),
        "closed": old_orgs["org_id"].isin(closed_old_ids).to_numpy(),
        "formed": old_orgs["org_id"].isin(formed_old_ids).to_numpy(),
    }, index=old_orgs["org_id"].to_numpy())
    progress = unit_attribution(old.network, flags)
    table = table.merge(progress, on=["kind", "node_id"], how="left")
    for column in ("open_before", "closed", "formed", "load_before", "load_after"):
        table[column] = table[column].fillna(0.0)
    table["load_change"] = table["load_after"] - table["load_before"]
    for column in ("overloaded_before", "overloaded_after", "idle_before", "idle_after"):
        table[column] = table[column].astype("boolean").fillna(False).astype(bool)
    table = table.sort_values(["kind", "unit", "supervisory_unit"], kind="stable", na_position="first")
    return table[["kind", "unit", "supervisory_unit", "node_id", "presence", "load_before", "load_after",
                  "load_change", "capacity_before", "capacity_after", "overloaded_before", "overloaded_after",
                  "idle_before", "idle_after", "open_before", "closed", "formed"]].reset_index(drop=True)




def compare_snapshots(old, new) -> SnapshotDiff:
    """Compare two analyses of the same district at two dates.

    Parameters
    ----------
    old, new : queries.analysis.Analysis
        The earlier and the later snapshot (each from ``lx.analyze``).

    Returns
    -------
    SnapshotDiff
        ``counts`` holds ``organizations_before``, ``organizations_after``, ``matched``,
        ``added``, ``removed``, ``renamed``, ``closed_gaps`` and ``opened_gaps`` (rows),
        ``closed_gap_orgs`` and ``opened_gap_orgs`` (organizations), ``closed_orgs`` (open
        before, no longer open), ``opened_orgs`` (open now, not before), ``formed``,
        ``formed_standalone``, ``formed_joint``, ``joint_to_standalone``, ``regressed``,
        ``changed_orgs``; ``new_branches`` and its parts count branches (:func:`_new_branches`).

    Examples
    --------
    A snapshot compared with itself: every organization matched, nothing changed.

    >>> diff = compare_snapshots(result, result)
    >>> diff.counts["matched"] == len(net.tables.organizations)
    True
    >>> [diff.counts[k] for k in ("added", "removed", "closed_gaps", "opened_gaps", "formed", "changed_orgs")]
    [0, 0, 0, 0, 0, 0]
    """
    old_orgs = old.network.tables.organizations
    new_orgs = new.network.tables.organizations
    matches = match_organizations(old_orgs, new_orgs)
    # Matched pairs, aligned: old_o row i and new_o row i are the same organization.
    old_o = old_orgs.set_index("org_id", drop=False).loc[matches["old_org_id"].to_numpy()].reset_index(drop=True)
    new_o = new_orgs.set_index("org_id", drop=False).loc[matches["new_org_id"].to_numpy()].reset_index(drop=True)
    old_scope = _scope_by_id(old).reindex(matches["old_org_id"].to_numpy())
    new_scope = _scope_by_id(new).reindex(matches["new_org_id"].to_numpy())
    open_before = old_scope["open"].to_numpy(dtype=bool)
    open_after = new_scope["open"].to_numpy(dtype=bool)

    closed_gaps, opened_gaps = _gap_changes(old, new, matches)
    added = _org_list(new, new_orgs.loc[~new_orgs["org_id"].isin(matches["new_org_id"]), "org_id"].to_numpy())
    removed = _org_list(old, old_orgs.loc[~old_orgs["org_id"].isin(matches["old_org_id"]), "org_id"].to_numpy())
    renamed = _renamed(old_o, new_o, matches)
    formed, regressed, is_formed = _status_changes(old_o, new_o)
    scope_columns = ["members_required", "party_org_required"]
    scope_changed = (old_scope[scope_columns].to_numpy() != new_scope[scope_columns].to_numpy()).any(axis=1)
    changed = _figure_changes(old_o, new_o, matches, scope_changed)

    closed_mask = open_before & ~open_after
    opened_mask = ~open_before & open_after
    streets = _street_table(old, new, formed, new_o.loc[closed_mask, ["org_id", "street"]],
                            new_o.loc[opened_mask, ["org_id", "street"]])
    units = _unit_table(old, new, matches["old_org_id"].to_numpy()[closed_mask],
                        matches["old_org_id"].to_numpy()[is_formed])
    diff = SnapshotDiff(matches=matches, closed_gaps=closed_gaps, opened_gaps=opened_gaps, added=added,
                        removed=removed, renamed=renamed, formed=formed, regressed=regressed, changed=changed,
                        streets=streets, units=units, district=new.network.district)
    diff.counts = {**_counts(diff, old_orgs, new_orgs, closed_mask, opened_mask), **_new_branches(old, new)}
    log.info("snapshots compared: %s", diff.counts)
    return diff


def _gap_changes(old, new, matches):
    """Gaps closed and opened, per (matched organization, code), in the new snapshot's identity."""
    old_to_new = pd.Series(matches["new_org_id"].to_numpy(), index=matches["old_org_id"].to_numpy(), dtype=object)
    old_gaps = _gap_rows(old)
    old_gaps = old_gaps[old_gaps["org_id"].isin(old_to_new.index)]
    # astype: with no organization in both snapshots, map gives an empty float column
    old_gaps = old_gaps.assign(org_id=old_gaps["org_id"].map(old_to_new).astype(object))
    new_gaps = _gap_rows(new)
    new_gaps = new_gaps[new_gaps["org_id"].isin(matches["new_org_id"])]
    both = old_gaps.merge(new_gaps, on=["org_id", "category", "code"], how="outer", indicator=True)
    attributes = new.network.tables.organizations.set_index("org_id")[ORG_COLUMNS[1:]]

    def gap_table(rows):
        rows = rows[["org_id", "category", "code"]].reset_index(drop=True)
        rows = pd.concat([rows, attributes.reindex(rows["org_id"].to_numpy()).reset_index(drop=True)], axis=1)
        rows["label"] = rows["code"].map(_LABELS)
        rows = rows.assign(_street=rows["street"].fillna(""), _cat=rows["category"].map({"uncovered": 0,
                                                                                          "broken_chain": 1}))
        rows = rows.sort_values(["_street", "org_id", "_cat", "code"], kind="stable")
        return rows[_GAP_COLUMNS].reset_index(drop=True).astype({c: object for c in _GAP_COLUMNS})

    return gap_table(both[both["_merge"] == "left_only"]), gap_table(both[both["_merge"] == "right_only"])


def _renamed(old_o, new_o, matches):
    """Matched organizations whose normalized name changed.

    A code gained, lost or corrected under the same name is a figure change, not a new name.
    """
    name_changed = old_o["name_key"].to_numpy() != new_o["name_key"].to_numpy()
    return _by_street(pd.DataFrame({
        "org_id": new_o["org_id"].to_numpy(dtype=object)[name_changed],
        "old_org_id": old_o["org_id"].to_numpy(dtype=object)[name_changed],
        "old_name": old_o["name"].to_numpy(dtype=object)[name_changed],
        "name": new_o["name"].to_numpy(dtype=object)[name_changed],
        "street": new_o["street"].to_numpy(dtype=object)[name_changed],
        "match_by": matches["match_by"].to_numpy(dtype=object)[name_changed],
    }))


def _status_changes(old_o, new_o):
    """The formed and the regressed Party organizations, and which matched pairs formed one."""
    transition = pd.Series(old_o["status"].to_numpy(dtype=object) + ">" + new_o["status"].to_numpy(dtype=object),
                           dtype=object)
    change = transition.map({f"{a}>{b}": text for (a, b), text in STATUS_CHANGE_ZH.items()})
    is_formed = transition.isin([f"{a}>{b}" for a, b in _FORMED]).to_numpy()
    is_regressed = change.notna().to_numpy() & ~is_formed

    def status_table(mask):
        frame = new_o.loc[mask, [*ORG_COLUMNS, "employees", "party_members"]].copy()
        frame["old_status"] = old_o.loc[mask, "status"].to_numpy()
        frame["status"] = new_o.loc[mask, "status"].to_numpy()
        frame["change"] = change.to_numpy()[mask]
        frame["party_org"] = new_o.loc[mask, "party_org"].to_numpy()
        return _by_street(frame)

    return status_table(is_formed), status_table(is_regressed), is_formed


def _new_branches(old, new):
    """Party organizations new since `old`, as branches (:func:`~liangxin.queries.snapshots.branches.branch_counts`:
    a new joint branch of three organizations is one; joining an existing one adds none)."""
    branches = branch_counts(new, old)
    return {"new_branches": branches["new_branches"], "new_standalone_branches": branches["new_standalone"],
            "new_joint_branches": branches["new_joint"]}


def _counts(diff, old_orgs, new_orgs, closed_mask, opened_mask):
    matches, formed = diff.matches, diff.formed
    return {
        "organizations_before": int(len(old_orgs)), "organizations_after": int(len(new_orgs)),
        "matched": int(len(matches)), "matched_by_name": int((matches["match_by"] == "name").sum()),
        "added": int(len(diff.added)), "removed": int(len(diff.removed)), "renamed": int(len(diff.renamed)),
        "closed_gaps": int(len(diff.closed_gaps)), "opened_gaps": int(len(diff.opened_gaps)),
        "closed_gap_orgs": int(diff.closed_gaps["org_id"].nunique()),
        "opened_gap_orgs": int(diff.opened_gaps["org_id"].nunique()),
        "closed_orgs": int(closed_mask.sum()), "opened_orgs": int(opened_mask.sum()),
        "formed": int(len(formed)),
        "formed_standalone": int((formed["change"] == STATUS_CHANGE_ZH[("none", "standalone")]).sum()),
        "formed_joint": int((formed["change"] == STATUS_CHANGE_ZH[("none", "joint")]).sum()),
        "joint_to_standalone": int((formed["change"] == STATUS_CHANGE_ZH[("joint", "standalone")]).sum()),
        "regressed": int(len(diff.regressed)),
        "changed_orgs": int(diff.changed["org_id"].nunique()),
    }
