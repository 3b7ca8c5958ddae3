"""Two snapshots of the same district compared (RULES.md, "Snapshots"), and the campaign's progress.

The seed plan runs in phases and the committee reports each unit's progress periodically
(定期通报). Analysts keep dated copies of the workbook; :func:`compare_snapshots` tells
which organizations closed a gap and which opened one, which formed a Party organization,
which were added, removed or renamed, and how each street's rates and each unit's load moved.
:func:`target_figures`, :func:`street_progress`, :func:`unit_progress` and
:func:`largest_open_organizations` give the bulletin's (通报) figures.

Matching across snapshots: by unified social credit code where both rows have a valid one,
then, among the organizations still unmatched, by normalized name (``name_key``) where the
name is unique on both sides. A renamed organization with the same code is the same
organization (listed in ``renamed``).

Every function here is pure: analyses in, DataFrames out.
"""

import logging
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from liangxin.queries._tabulate import ORG_COLUMNS
from liangxin.queries.chains import CHAIN_CODES
from liangxin.queries.coverage import RATE_COLUMNS
from liangxin.queries.scope import organization_scope
from liangxin.queries.uncovered import UNCOVERED_CODES

__all__ = ["SnapshotDiff", "compare_snapshots", "match_organizations", "unit_attribution",
           "target_figures", "street_progress", "unit_progress", "largest_open_organizations",
           "campaign_phase", "responsible_units", "STATUS_CHANGE_ZH", "GAP_CATEGORY_ZH", "FIELD_ZH", "PHASES"]

log = logging.getLogger(__name__)

#: (old status, new status) → Chinese description; the first three are formations (新建党组织).
STATUS_CHANGE_ZH = {
    ("none", "standalone"): "新建单独组建",
    ("none", "joint"): "新建联合组建",
    ("joint", "standalone"): "联合组建转单独组建",
    ("standalone", "joint"): "单独组建转联合组建",
    ("standalone", "none"): "党组织撤销（原单独组建）",
    ("joint", "none"): "退出联合组建",
}
_FORMED = [("none", "standalone"), ("none", "joint"), ("joint", "standalone")]
GAP_CATEGORY_ZH = {"uncovered": "未覆盖", "broken_chain": "责任链断点"}
#: Organization fields compared across snapshots → Chinese column name.
FIELD_ZH = {"street": "街道", "community": "社区", "kind": "组织类型", "employees": "从业人员数",
            "party_members": "党员数", "above_scale": "规模以上", "entity": "实体性",
            "credit_code": "统一社会信用代码"}
#: The seed's phases: (last month, last day, name, Chinese description of the deadline).
PHASES = ((4, 15, "准备阶段", "4月中旬前"), (6, 20, "攻坚阶段", "6月20日前"), (6, 30, "总结阶段", "6月30日前"))
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

    def __repr__(self):
        c = self.counts
        return (f"<SnapshotDiff 缺口关闭 {c.get('closed_gap_orgs', 0)} 个组织, 新增缺口 {c.get('opened_gap_orgs', 0)},"
                f" 新建党组织 {c.get('formed', 0)}, 新增组织 {c.get('added', 0)}, 减少组织 {c.get('removed', 0)}>")


def _as_object(frame):
    """Text columns as object dtype: pandas 3 infers an Arrow ``str`` dtype whose ``isin`` is slow."""
    for column in frame.columns:
        if pd.api.types.is_string_dtype(frame[column]) and frame[column].dtype != object:
            values = frame[column].astype(object)
            frame[column] = values.where(values.notna(), None)
    return frame


# ---------------------------------------------------------------------------
# Matching
# ---------------------------------------------------------------------------

def match_organizations(old_orgs, new_orgs):
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
    >>> match_organizations(old.network.tables.organizations,
    ...                     new.network.tables.organizations)  # doctest: +SKIP
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


# ---------------------------------------------------------------------------
# Unit attribution (the load rules applied to any per-organization flag)
# ---------------------------------------------------------------------------

def unit_attribution(tables, flags):
    """Sum per-organization flags over each responsible unit, by the load rules of RULES.md.

    A leader, supervisory unit or instructor sums the flags of the organizations it is
    attached to, supervises or guides; a department sums those it contacts directly plus, for
    each street it is stationed in, an equal share of the flags of that street's organizations
    that no department contacts directly. With ``flags`` = open (instructors: every guided
    organization) this is exactly :func:`liangxin.queries.loads.unit_loads`'s ``load``.

    Parameters
    ----------
    tables : liangxin.tables.Tables
    flags : DataFrame
        Indexed by ``org_id``; numeric or boolean columns.

    Returns
    -------
    DataFrame
        ``kind, node_id`` and one float column per flag column; one row per (unit, role).

    Examples
    --------
    >>> flags = pd.DataFrame({"open": scope["open"].to_numpy()}, index=orgs["org_id"])  # doctest: +SKIP
    >>> unit_attribution(net.tables, flags)  # doctest: +SKIP
    """
    columns = list(flags.columns)
    values = flags.astype(float)

    def summed(relation, key):
        part = pd.DataFrame(values.reindex(relation["org_id"].to_numpy()).fillna(0.0).to_numpy(),
                            columns=columns)
        part["key"] = relation[key].to_numpy()
        return part.groupby("key", sort=False)[columns].sum()

    parts = []

    def add(kind, prefix, frame):
        if len(frame):
            out = frame.reset_index().rename(columns={"key": "node_key"})
            out.insert(0, "node_id", prefix + out.pop("node_key").astype(object))
            out.insert(0, "kind", kind)
            parts.append(out)

    add("leader", "leader:", summed(tables.leader_points, "leader_key"))

    orgs, contacts, stations = tables.organizations, tables.department_contacts, tables.department_stations
    direct = summed(contacts, "department_key")
    uncontacted = ~orgs["org_id"].isin(contacts["org_id"]).to_numpy()
    pool_values = values.reindex(orgs["org_id"].to_numpy()).fillna(0.0).to_numpy() * uncontacted[:, None]
    pool = pd.DataFrame(pool_values, columns=columns).groupby(orgs["street"].to_numpy()).sum()
    per_street = stations.groupby("street")["department_key"].nunique()
    share = pool.reindex(stations["street"].to_numpy()).fillna(0.0)
    share = share.div(stations["street"].map(per_street).to_numpy(), axis=0)
    share["key"] = stations["department_key"].to_numpy()
    share = share.groupby("key", sort=False)[columns].sum()
    add("department", "unit:", share.add(direct, fill_value=0.0).reindex(share.index))

    supervision = tables.supervision
    add("supervisory_unit", "unit:", summed(supervision, "unit_key"))
    guided = supervision[supervision["instructor_key"].notna()]
    add("instructor", "instructor:", summed(guided.assign(pair=guided["unit_key"] + "/" + guided["instructor_key"]),
                                            "pair"))
    if not parts:
        return pd.DataFrame({"kind": pd.Series(dtype=object), "node_id": pd.Series(dtype=object),
                             **{c: pd.Series(dtype=float) for c in columns}})
    return pd.concat(parts, ignore_index=True)


# ---------------------------------------------------------------------------
# The comparison
# ---------------------------------------------------------------------------

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
    progress = unit_attribution(old.network.tables, flags)
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


def compare_snapshots(old, new):
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
        ``changed_orgs`` (organizations with a figure change).

    Examples
    --------
    >>> diff = compare_snapshots(lx.analyze("4月.xlsx"), lx.analyze("5月.xlsx"))  # doctest: +SKIP
    >>> diff.formed[["name", "change"]]  # doctest: +SKIP
    """
    old_orgs = old.network.tables.organizations
    new_orgs = new.network.tables.organizations
    matches = match_organizations(old_orgs, new_orgs)
    old_to_new = pd.Series(matches["new_org_id"].to_numpy(), index=matches["old_org_id"].to_numpy(), dtype=object)

    # Matched pairs, aligned: old_o row i and new_o row i are the same organization.
    old_o = old_orgs.set_index("org_id", drop=False).loc[matches["old_org_id"].to_numpy()].reset_index(drop=True)
    new_o = new_orgs.set_index("org_id", drop=False).loc[matches["new_org_id"].to_numpy()].reset_index(drop=True)
    old_scope = _scope_by_id(old)
    new_scope = _scope_by_id(new)
    open_before = old_scope["open"].reindex(matches["old_org_id"].to_numpy()).to_numpy(dtype=bool)
    open_after = new_scope["open"].reindex(matches["new_org_id"].to_numpy()).to_numpy(dtype=bool)

    # Gaps closed and opened, per (matched organization, code), in the new snapshot's identity.
    old_gaps = _gap_rows(old)
    old_gaps = old_gaps[old_gaps["org_id"].isin(old_to_new.index)]
    # astype: with no organization in both snapshots, map gives an empty float column
    old_gaps = old_gaps.assign(org_id=old_gaps["org_id"].map(old_to_new).astype(object))
    new_gaps = _gap_rows(new)
    new_gaps = new_gaps[new_gaps["org_id"].isin(matches["new_org_id"])]
    both = old_gaps.merge(new_gaps, on=["org_id", "category", "code"], how="outer", indicator=True)
    attributes = new_orgs.set_index("org_id")[ORG_COLUMNS[1:]]

    def gap_table(rows):
        rows = rows[["org_id", "category", "code"]].reset_index(drop=True)
        rows = pd.concat([rows, attributes.reindex(rows["org_id"].to_numpy()).reset_index(drop=True)], axis=1)
        rows["label"] = rows["code"].map(_LABELS)
        rows = rows.assign(_street=rows["street"].fillna(""), _cat=rows["category"].map({"uncovered": 0,
                                                                                          "broken_chain": 1}))
        rows = rows.sort_values(["_street", "org_id", "_cat", "code"], kind="stable")
        return rows[_GAP_COLUMNS].reset_index(drop=True).astype({c: object for c in _GAP_COLUMNS})

    closed_gaps = gap_table(both[both["_merge"] == "left_only"])
    opened_gaps = gap_table(both[both["_merge"] == "right_only"])

    added = _org_list(new, new_orgs.loc[~new_orgs["org_id"].isin(matches["new_org_id"]), "org_id"].to_numpy())
    removed = _org_list(old, old_orgs.loc[~old_orgs["org_id"].isin(matches["old_org_id"]), "org_id"].to_numpy())

    # A code gained, lost or corrected under the same name is a figure change, not a new name.
    name_changed = old_o["name_key"].to_numpy() != new_o["name_key"].to_numpy()
    renamed = _by_street(pd.DataFrame({
        "org_id": new_o["org_id"].to_numpy(dtype=object)[name_changed],
        "old_org_id": old_o["org_id"].to_numpy(dtype=object)[name_changed],
        "old_name": old_o["name"].to_numpy(dtype=object)[name_changed],
        "name": new_o["name"].to_numpy(dtype=object)[name_changed],
        "street": new_o["street"].to_numpy(dtype=object)[name_changed],
        "match_by": matches["match_by"].to_numpy(dtype=object)[name_changed],
    }))

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

    formed = status_table(is_formed)
    regressed = status_table(is_regressed)

    scope_columns = ["members_required", "party_org_required"]
    scope_changed = (old_scope[scope_columns].reindex(matches["old_org_id"].to_numpy()).to_numpy()
                     != new_scope[scope_columns].reindex(matches["new_org_id"].to_numpy()).to_numpy()).any(axis=1)
    changed = _figure_changes(old_o, new_o, matches, scope_changed)

    closed_mask = open_before & ~open_after
    opened_mask = ~open_before & open_after
    closed_orgs = new_o.loc[closed_mask, ["org_id", "street"]]
    opened_orgs = new_o.loc[opened_mask, ["org_id", "street"]]
    streets = _street_table(old, new, formed, closed_orgs, opened_orgs)
    units = _unit_table(old, new, matches["old_org_id"].to_numpy()[closed_mask],
                        matches["old_org_id"].to_numpy()[is_formed])

    counts = {
        "organizations_before": int(len(old_orgs)), "organizations_after": int(len(new_orgs)),
        "matched": int(len(matches)), "matched_by_name": int((matches["match_by"] == "name").sum()),
        "added": int(len(added)), "removed": int(len(removed)), "renamed": int(len(renamed)),
        "closed_gaps": int(len(closed_gaps)), "opened_gaps": int(len(opened_gaps)),
        "closed_gap_orgs": int(closed_gaps["org_id"].nunique()),
        "opened_gap_orgs": int(opened_gaps["org_id"].nunique()),
        "closed_orgs": int(closed_mask.sum()), "opened_orgs": int(opened_mask.sum()),
        "formed": int(len(formed)),
        "formed_standalone": int((formed["change"] == STATUS_CHANGE_ZH[("none", "standalone")]).sum()),
        "formed_joint": int((formed["change"] == STATUS_CHANGE_ZH[("none", "joint")]).sum()),
        "joint_to_standalone": int((formed["change"] == STATUS_CHANGE_ZH[("joint", "standalone")]).sum()),
        "regressed": int(len(regressed)),
        "changed_orgs": int(changed["org_id"].nunique()),
    }
    log.info("snapshots compared: %s", counts)
    return SnapshotDiff(matches=matches, closed_gaps=closed_gaps, opened_gaps=opened_gaps, added=added,
                        removed=removed, renamed=renamed, formed=formed, regressed=regressed, changed=changed,
                        streets=streets, units=units, counts=counts)


# ---------------------------------------------------------------------------
# The bulletin's figures
# ---------------------------------------------------------------------------

def _target_rows(analysis):
    rules = analysis.rules
    orgs = analysis.network.tables.organizations
    enterprise = orgs["kind"].eq("enterprise").to_numpy()
    employees = orgs["employees"].to_numpy()
    organized = orgs["status"].ne("none").to_numpy()
    scope = organization_scope(analysis.network, rules)
    required = scope["party_org_required"].to_numpy()
    rows = [
        ("members", f"{rules.members_required_min_employees}人以上非公企业有党员比例",
         enterprise & (employees >= rules.members_required_min_employees), orgs["party_members"].gt(0).to_numpy()),
        ("party_org_large", f"{rules.party_org_required_min_employees}人以上非公企业党组织覆盖率",
         enterprise & (employees >= rules.party_org_required_min_employees), organized),
    ]
    if rules.party_org_required_above_scale:
        rows.append(("party_org_above_scale", "规模以上非公企业党组织覆盖率",
                     enterprise & orgs["above_scale"].to_numpy(dtype=bool), organized))
    rows += [
        ("party_org_social", f"{rules.entity_social_org_min_employees}人以上实体性社会组织党组织覆盖率",
         orgs["kind"].eq("social_org").to_numpy() & orgs["entity"].to_numpy(dtype=bool)
         & (employees >= rules.entity_social_org_min_employees), organized),
        ("org_coverage", "应建党组织的两新组织组织覆盖率", required, organized),
        ("standalone_rate", "应建党组织的两新组织单独组建率", required, orgs["status"].eq("standalone").to_numpy()),
    ]
    return rows


def target_figures(analysis, previous=None):
    """Return the headline figures against the seed plan's targets.

    The targets of the plan (实现50人以上非公企业有党员，100人以上非公企业、规模以上非公企业及30人
    以上实体性社会组织有党组织; thresholds as in the rules) are full coverage; the organization
    coverage and the standalone rate are over the party-org-required organizations (RULES.md).

    Parameters
    ----------
    analysis : Analysis
        The current snapshot.
    previous : Analysis, optional
        The earlier snapshot: adds ``*_before`` and ``rate_change`` columns.

    Returns
    -------
    DataFrame
        ``key, label, target`` (1.0: full coverage), ``required`` (organizations in the target's
        scope), ``achieved``, ``rate`` (NaN when ``required`` is 0), ``remaining``
        (``required - achieved``); with `previous` also ``required_before, achieved_before,
        rate_before, rate_change``.

    Examples
    --------
    >>> target_figures(result)[["label", "rate", "remaining"]]  # doctest: +SKIP
    """
    def table(a):
        rows = _target_rows(a)
        required = np.array([int(scope.sum()) for _, _, scope, _ in rows], dtype=np.int64)
        achieved = np.array([int((scope & hit).sum()) for _, _, scope, hit in rows], dtype=np.int64)
        return pd.DataFrame({"key": [r[0] for r in rows], "label": [r[1] for r in rows], "target": 1.0,
                             "required": required, "achieved": achieved,
                             "rate": np.where(required > 0, achieved / np.maximum(required, 1), np.nan),
                             "remaining": required - achieved})

    current = table(analysis)
    if previous is None:
        return current
    before = table(previous)[["key", "required", "achieved", "rate"]]
    merged = current.merge(before, on="key", how="left", suffixes=("", "_before"))
    merged["rate_change"] = merged["rate"] - merged["rate_before"]
    return merged


def street_progress(analysis, previous=None, diff=None):
    """Rank the streets by progress (with `previous`) or by current coverage (without).

    With a previous snapshot streets are ranked by the change of their organization coverage
    (组织覆盖率), then by the organizations formed, then by the current coverage; without, by the
    current organization coverage, then the standalone rate. Streets with no party-org-required
    organization rank last.

    Returns
    -------
    DataFrame
        ``rank, street, required, org_coverage, standalone_rate, work_coverage, open, formed``;
        with `previous` also ``org_coverage_before, org_coverage_change, standalone_rate_change,
        closed_orgs``.

    Examples
    --------
    >>> street_progress(new, old)[["rank", "street", "org_coverage_change"]]  # doctest: +SKIP
    """
    if previous is not None or diff is not None:
        diff = diff if diff is not None else compare_snapshots(previous, analysis)
        s = diff.streets[diff.streets["scope"] == "street"]
        table = pd.DataFrame({
            "street": s["group"].to_numpy(), "required": s["required_after"].to_numpy(),
            "org_coverage": s["org_coverage_after"].to_numpy(), "standalone_rate": s["standalone_rate_after"].to_numpy(),
            "work_coverage": s["work_coverage_after"].to_numpy(), "open": s["open_after"].to_numpy(),
            "formed": s["formed"].to_numpy(), "closed_orgs": s["closed_orgs"].to_numpy(),
            "org_coverage_before": s["org_coverage_before"].to_numpy(),
            "org_coverage_change": s["org_coverage_change"].to_numpy(),
            "standalone_rate_change": s["standalone_rate_change"].to_numpy(),
        })
        keys = ["org_coverage_change", "formed", "org_coverage"]
    else:
        cov = analysis.coverage[analysis.coverage["scope"] == "street"]
        orgs = analysis.network.tables.organizations
        open_mask = organization_scope(analysis.network, analysis.rules)["open"]
        open_by_street = open_mask.groupby(orgs["street"].to_numpy()).sum()
        formed = pd.Series(0, index=cov["group"].to_numpy())
        table = pd.DataFrame({
            "street": cov["group"].to_numpy(), "required": cov["required"].to_numpy(),
            "org_coverage": cov["org_coverage"].to_numpy(), "standalone_rate": cov["standalone_rate"].to_numpy(),
            "work_coverage": cov["work_coverage"].to_numpy(),
            "open": cov["group"].map(open_by_street).fillna(0).astype(np.int64).to_numpy(),
            "formed": formed.to_numpy(),
        })
        keys = ["org_coverage", "standalone_rate"]
    ranked = table.assign(_empty=table["required"].eq(0)).sort_values(
        ["_empty", *keys, "street"], ascending=[True, *[False] * len(keys), True], kind="stable", na_position="last")
    ranked = ranked.drop(columns="_empty").reset_index(drop=True)
    ranked.insert(0, "rank", np.arange(1, len(ranked) + 1))
    return ranked


def unit_progress(analysis, previous=None, diff=None, kinds=("leader", "department", "supervisory_unit")):
    """Rank the responsible units by progress.

    With a previous snapshot: ``closed`` counts the organizations the unit answered for that
    were open then and are closed now, ``rate`` = closed / ``open_before`` (both by the load
    rules, so a department's street share is a fraction); ranked by rate, then closed. A unit
    that answered for at least one open organization and closed none, formed none, has
    ``no_progress`` (a department carrying only a fraction of a street's pool is not flagged).

    Without: ``answered`` counts the in-scope organizations (应有党员 or 应建党组织) the unit
    answers for, ``closed`` those of them no longer open, ``rate`` = closed / answered; a unit
    answering for at least one in-scope organization, none of them closed, has ``no_progress``.
    Idle units (未落实) always have ``no_progress``.

    Parameters
    ----------
    analysis : Analysis
    previous : Analysis, optional
    diff : SnapshotDiff, optional
        Reused when given (else computed from `previous`).
    kinds : tuple of str
        Roles to rank (instructors are left out by default: there are hundreds).

    Returns
    -------
    DataFrame
        ``rank, kind, unit, supervisory_unit, load, capacity, overloaded, idle, base, closed,
        formed, rate, no_progress`` where ``base`` is ``open_before`` (with previous) or
        ``answered`` (without); with previous also ``load_before``.

    Examples
    --------
    >>> unit_progress(new, old).query("no_progress")[["kind", "unit"]]  # doctest: +SKIP
    """
    if previous is not None or diff is not None:
        diff = diff if diff is not None else compare_snapshots(previous, analysis)
        u = diff.units[(diff.units["presence"] != "removed") & diff.units["kind"].isin(kinds)]
        table = pd.DataFrame({
            "kind": u["kind"].to_numpy(), "unit": u["unit"].to_numpy(), "supervisory_unit": u["supervisory_unit"].to_numpy(),
            "load": u["load_after"].to_numpy(), "capacity": u["capacity_after"].to_numpy(),
            "overloaded": u["overloaded_after"].to_numpy(), "idle": u["idle_after"].to_numpy(),
            "base": u["open_before"].to_numpy(), "closed": u["closed"].to_numpy(), "formed": u["formed"].to_numpy(),
            "load_before": u["load_before"].to_numpy(),
        })
        table["no_progress"] = table["idle"] | ((table["base"] >= 1) & (table["closed"] == 0) & (table["formed"] == 0))
    else:
        loads = analysis.loads[analysis.loads["kind"].isin(kinds)]
        orgs = analysis.network.tables.organizations
        scope = organization_scope(analysis.network, analysis.rules)
        in_scope = (scope["members_required"] | scope["party_org_required"]).to_numpy()
        flags = pd.DataFrame({"answered": in_scope, "closed": in_scope & ~scope["open"].to_numpy()},
                             index=orgs["org_id"].to_numpy())
        attributed = unit_attribution(analysis.network.tables, flags)
        loads = loads.merge(attributed, on=["kind", "node_id"], how="left")
        table = pd.DataFrame({
            "kind": loads["kind"].to_numpy(), "unit": loads["unit"].to_numpy(),
            "supervisory_unit": loads["supervisory_unit"].to_numpy(), "load": loads["load"].to_numpy(),
            "capacity": loads["capacity"].to_numpy(), "overloaded": loads["overloaded"].to_numpy(),
            "idle": loads["idle"].to_numpy(), "base": loads["answered"].fillna(0).to_numpy(),
            "closed": loads["closed"].fillna(0).to_numpy(), "formed": 0.0,
        })
        table["no_progress"] = table["idle"] | ((table["base"] >= 1) & (table["closed"] == 0))
    table["rate"] = np.where(table["base"] > 0, table["closed"] / np.maximum(table["base"], 1e-12), np.nan)
    ranked = table.sort_values(["no_progress", "rate", "closed", "load", "kind", "unit"],
                               ascending=[True, False, False, True, True, True], kind="stable", na_position="last")
    ranked = ranked.reset_index(drop=True)
    ranked.insert(0, "rank", np.arange(1, len(ranked) + 1))
    columns = ["rank", "kind", "unit", "supervisory_unit", "load", "capacity", "overloaded", "idle", "base",
               "closed", "formed", "rate", "no_progress"]
    if "load_before" in ranked:
        columns.append("load_before")
    return ranked[columns]


def responsible_units(tables, org_ids):
    """Return the names of the units answering for each of `org_ids`, joined with 、.

    Leaders attached to it, departments contacting it directly, its supervisory units and
    instructors (departments merely stationed in its street are not named). Meant for short
    lists (a bulletin's tables, a ranked list): one string per organization.

    Parameters
    ----------
    tables : liangxin.tables.Tables
    org_ids : sequence of str

    Returns
    -------
    Series
        Indexed by ``org_id``; ``""`` where no unit is named.

    Examples
    --------
    >>> responsible_units(net.tables, ["91440307MA5DA0001P"])  # doctest: +SKIP
    91440307MA5DA0001P    张伟
    dtype: object
    """
    org_ids = pd.Index(pd.unique(np.asarray(org_ids, dtype=object)), dtype=object)
    parts = []
    for relation, column in ((tables.leader_points, "leader"), (tables.department_contacts, "department"),
                             (tables.supervision, "supervisory_unit"), (tables.supervision, "instructor")):
        rows = relation[relation["org_id"].isin(org_ids) & relation[column].notna()]
        if len(rows):
            parts.append(pd.DataFrame({"org_id": rows["org_id"].to_numpy(), "unit": rows[column].to_numpy()}))
    if not parts:
        return pd.Series("", index=org_ids, dtype=object)
    long = pd.concat(parts, ignore_index=True).drop_duplicates()
    return long.groupby("org_id", sort=False)["unit"].agg("、".join).reindex(org_ids).fillna("").astype(object)


def largest_open_organizations(analysis, per_street=5):
    """Return each street's largest open organizations (by employees), for the bulletin.

    Returns
    -------
    DataFrame
        ``street, rank`` (within the street), ``org_id, name, kind, community, employees,
        party_members, status, key, labels`` (Chinese labels of its codes), ``responsible``
        (units answering for it, joined with 、; empty when none); streets in code-point order.
        Organizations with no street are left out.

    Examples
    --------
    >>> largest_open_organizations(result, per_street=3)  # doctest: +SKIP
    """
    orgs = analysis.network.tables.organizations
    scope = organization_scope(analysis.network, analysis.rules)
    open_orgs = orgs[scope["open"].to_numpy() & orgs["street"].notna().to_numpy()]
    top = (open_orgs.sort_values(["street", "employees", "org_id"], ascending=[True, False, True], kind="stable")
           .groupby("street", sort=False).head(per_street).reset_index(drop=True))
    columns = ["street", "rank", "org_id", "name", "kind", "community", "employees", "party_members", "status",
               "key", "labels", "responsible"]
    if not len(top):
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    top["rank"] = top.groupby("street", sort=False).cumcount() + 1
    _, labels = _joined_codes(analysis, top["org_id"].to_numpy())
    top["labels"] = labels.to_numpy()
    top["responsible"] = responsible_units(analysis.network.tables, top["org_id"]).reindex(
        top["org_id"].to_numpy()).to_numpy()
    return top[columns]


def campaign_phase(date):
    """Return the seed plan's phase on `date`, as ``(name, deadline)``, or None after 30 June.

    准备阶段 until mid-April (4月15日), 攻坚阶段 until 20 June, 总结阶段 until 30 June.

    Examples
    --------
    >>> import datetime
    >>> campaign_phase(datetime.date(2019, 5, 8))
    ('攻坚阶段', '6月20日前')
    >>> campaign_phase(datetime.date(2019, 7, 1)) is None
    True
    """
    for month, day, name, deadline in PHASES:
        if (date.month, date.day) <= (month, day):
            return name, deadline
    return None

