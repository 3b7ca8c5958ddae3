"""What changed between two analyses of the same organizations (before and after a what-if).

The what-ifs (:mod:`liangxin.graph.whatif`, or other rules) give a second analysis;
:func:`compare` says which headline figures, unit loads, coverage rates and findings moved.
"""

import dataclasses
import math

import numpy as np
import pandas as pd

from liangxin.queries.coverage import RATE_COLUMNS
from liangxin.queries.labels import COLUMN_ZH

__all__ = ["compare", "Comparison"]

_LOAD_KEEP = ["kind", "unit", "supervisory_unit", "node_id", "load", "capacity", "overloaded", "idle"]
_LOAD_COLUMNS = ["kind", "unit", "supervisory_unit", "load_before", "load_after", "load_change", "capacity_before",
                 "capacity_after", "overloaded_before", "overloaded_after", "idle_before", "idle_after"]
_GAP_COLUMNS = ["what", "category", "org_id", "name", "street", "code", "label"]


@dataclasses.dataclass(repr=False)
class Comparison:
    """What changed between two analyses of the same organizations (a what-if).

    Attributes
    ----------
    summary : DataFrame
        ``measure, before, after, change``: headline figures.
    loads : DataFrame
        Units whose load, capacity or state changed (largest change first): ``kind, unit,
        supervisory_unit, load_before, load_after, load_change, capacity_before,
        capacity_after, overloaded_before, overloaded_after, idle_before, idle_after``.
    coverage : DataFrame
        Scopes whose rates changed: ``scope, group, required`` and each rate before/after/change.
    gaps : DataFrame
        Findings that appeared (``what`` = opened) or disappeared (closed): ``what, category,
        org_id, name, street, code, label``.
    """

    summary: pd.DataFrame
    loads: pd.DataFrame
    coverage: pd.DataFrame
    gaps: pd.DataFrame

    def __repr__(self):
        lines = ["<Comparison 调整前 → 调整后"]
        for row in self.summary.itertuples(index=False):
            if row.before != row.after:
                lines.append(f"  {row.measure}: {_shown(row.before)} → {_shown(row.after)}")
        if len(lines) == 1:
            lines.append("  头条数字没有变化")
        lines.append(f"  负荷变化的单位 {len(self.loads)} 个，新增/消除的问题 {len(self.gaps)} 条>")
        return "\n".join(lines)

    def _repr_html_(self):
        shown = self.summary.copy()
        for column in ("before", "after", "change"):
            shown[column] = [_shown(v) for v in shown[column]]
        return (f"<p>负荷变化的单位 {len(self.loads)} 个，新增/消除的问题 {len(self.gaps)} 条"
                f"（详见 <code>.loads</code>、<code>.coverage</code>、<code>.gaps</code>）</p>"
                + shown.rename(columns=COLUMN_ZH).to_html(index=False, escape=True))


def _shown(value):
    if isinstance(value, float):
        return "—" if math.isnan(value) else (f"{value:.1%}" if 0 <= value <= 1 and not value.is_integer()
                                              else f"{value:g}")
    return str(value)


def _headline(analysis):
    overall = analysis.coverage[analysis.coverage["scope"] == "overall"].iloc[0]
    loads = analysis.loads
    return {
        "超负荷单位数": int(loads["overloaded"].sum()),
        "未落实单位数": int(loads["idle"].sum()),
        "未覆盖组织数": int(analysis.uncovered["org_id"].nunique()),
        "责任链断点组织数": int(analysis.broken_chains["org_id"].nunique()),
        "应建党组织的组织数": int(overall["required"]),
        "组织覆盖率": float(overall["org_coverage"]),
        "单独组建率": float(overall["standalone_rate"]),
        "工作覆盖率": float(overall["work_coverage"]),
    }


def _summary_changes(before, after):
    b, a = _headline(before), _headline(after)
    summary = pd.DataFrame({"measure": list(b), "before": list(b.values()), "after": [a[k] for k in b]},
                           dtype=object)
    summary["change"] = [round(y - x, 4) if isinstance(x, float) else y - x
                         for x, y in zip(summary["before"], summary["after"])]
    return summary


def _load_changes(before, after):
    loads = before.loads[_LOAD_KEEP].merge(after.loads[_LOAD_KEEP], on=["kind", "node_id"], how="outer",
                                           suffixes=("_before", "_after"))
    for column in ("unit", "supervisory_unit"):
        loads[column] = loads[f"{column}_after"].where(loads[f"{column}_after"].notna(), loads[f"{column}_before"])
    for column in ("load_before", "load_after"):
        loads[column] = loads[column].fillna(0.0)
    for column in ("overloaded_before", "overloaded_after", "idle_before", "idle_after"):
        loads[column] = loads[column].astype("boolean").fillna(False).astype(bool)
    loads["load_change"] = loads["load_after"] - loads["load_before"]
    changed = ((loads["load_change"].abs() > 1e-9) | (loads["capacity_before"] != loads["capacity_after"])
               | (loads["overloaded_before"] != loads["overloaded_after"]) | (loads["idle_before"] != loads["idle_after"]))
    # (The size is added before filtering: a Series assigned to an empty frame would give it its index.)
    loads = loads.assign(_size=loads["load_change"].abs())[changed]
    loads = loads.sort_values(["_size", "kind", "unit"], ascending=[False, True, True], kind="stable")
    for column in ("load_before", "load_after", "load_change"):
        loads[column] = loads[column].round(2)
    return loads[_LOAD_COLUMNS].reset_index(drop=True)


def _coverage_changes(before, after):
    rates = before.coverage.merge(after.coverage, on=["scope", "group"], suffixes=("_before", "_after"))
    moved = np.zeros(len(rates), dtype=bool)
    for column in RATE_COLUMNS:
        x, y = rates[f"{column}_before"], rates[f"{column}_after"]
        rates[f"{column}_change"] = (y - x).round(4)
        moved |= ~(np.isclose(x, y, equal_nan=True))
    moved |= (rates["required_before"] != rates["required_after"]).to_numpy()
    rates = rates[moved].rename(columns={"required_after": "required"})
    columns = [f"{c}_{w}" for c in RATE_COLUMNS for w in ("before", "after", "change")]
    return rates[["scope", "group", "required", *columns]].reset_index(drop=True)


def _finding_rows(analysis):
    return pd.concat([analysis.uncovered.assign(category="uncovered"),
                      analysis.broken_chains.assign(category="broken_chain")], ignore_index=True)


def _gap_changes(before, after):
    old, new = _finding_rows(before), _finding_rows(after)
    closed = old.merge(new[["org_id", "code"]], on=["org_id", "code"], how="left", indicator=True)
    closed = closed[closed["_merge"] == "left_only"].assign(what="closed")
    opened = new.merge(old[["org_id", "code"]], on=["org_id", "code"], how="left", indicator=True)
    opened = opened[opened["_merge"] == "left_only"].assign(what="opened")
    gaps = pd.concat([opened, closed], ignore_index=True)
    return gaps[_GAP_COLUMNS].reset_index(drop=True)


def compare(before, after) -> Comparison:
    """Compare two analyses of the same workbook (before and after a what-if change).

    Parameters
    ----------
    before, after : queries.analysis.Analysis

    Returns
    -------
    Comparison

    Examples
    --------
    区民政局 moves from 布吉 to 平湖: it no longer carries 布吉's E and I (2 → 1 of capacity 1,
    no longer overloaded), 平湖's pool of C, H and Q is shared by three departments instead of
    two, and 布吉 is left with no stationed department:

    >>> change = compare(result, lx.analyze(lx.move_department(net, "区民政局", "平湖")))
    >>> change.summary.set_index("measure").loc["超负荷单位数", ["before", "after"]].tolist()
    [3, 2]
    >>> change.loads[["unit", "load_before", "load_after"]].values.tolist()
    [['区民政局', 2.0, 1.0], ['区发展和改革局', 1.5, 1.0], ['区教育局', 2.5, 2.0]]
    >>> change.gaps[["what", "name", "code"]].values.tolist()
    [['opened', '戊建筑有限公司', 'STREET_NO_DEPARTMENT'], ['opened', '布吉街道养老服务中心', 'STREET_NO_DEPARTMENT']]
    >>> change.coverage.empty  # coverage counts contacts, not stations
    True
    """
    return Comparison(summary=_summary_changes(before, after), loads=_load_changes(before, after),
                      coverage=_coverage_changes(before, after), gaps=_gap_changes(before, after))
