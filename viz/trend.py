"""``trend.json`` and ``trend.xlsx``: the campaign over time, as :func:`~liangxin.queries.trend.campaign_trend` computed it.

Rendering only: every figure comes from the :class:`~liangxin.queries.trend.Trend`.
"""

from __future__ import annotations

import logging
import math
from pathlib import Path

import numpy as np
import pandas as pd

from liangxin.queries.labels import ROLE_ZH
from liangxin.viz.charts import _chart_style
from liangxin.viz.report import write_sheets
from liangxin.viz.safety import chart_text

__all__ = ["trend_object", "trend_sheets", "trend_charts", "write_trend_xlsx", "TREND_FIGURES"]

log = logging.getLogger(__name__)

#: Each headline figure of a snapshot: column → (Chinese name, kind). Rates are shown as %.
TREND_FIGURES = {
    "open": ("未覆盖组织", "int"),
    "org_coverage": ("组织覆盖率", "rate"),
    "standalone_rate": ("单独组建率", "rate"),
    "work_coverage": ("工作覆盖率", "rate"),
    "target_members": ("50人以上非公企业有党员比例", "rate"),
    "target_party_org_large": ("100人以上非公企业党组织覆盖率", "rate"),
    "target_party_org_above_scale": ("规模以上非公企业党组织覆盖率", "rate"),
    "target_party_org_social": ("30人以上实体性社会组织党组织覆盖率", "rate"),
    "no_responsible_unit": ("无责任主体", "int"),
    "key_no_leader": ("重点难点未挂点", "int"),
    "overloaded": ("超负荷单位", "int"),
}


def _number(value, digits):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return round(float(value), digits) if digits else int(value)


def _unit_keys(units: pd.DataFrame) -> dict:
    """Each unit node's name in trend.json: its name, with its role added where one name has two
    roles (区民政局（业务主管单位）), and an instructor's unit where one name serves two (刘洋（区民政局）)."""
    nodes = units[["node_id", "kind", "unit", "supervisory_unit"]].drop_duplicates("node_id")
    shared = nodes["unit"].duplicated(keep=False).to_numpy()
    keys = {}
    for (node, kind, unit, sup), twin in zip(nodes.itertuples(index=False, name=None), shared):
        if twin:
            unit = f"{unit}（{sup}）" if kind == "instructor" and isinstance(sup, str) else f"{unit}（{ROLE_ZH.get(kind, kind)}）"
        keys[node] = unit
    return keys


def trend_object(trend) -> dict:
    """Return the ``trend.json`` object (OUTPUT.md): snapshots in date order, then the status.

    Examples
    --------
    >>> import datetime as dt
    >>> from liangxin.queries.trend import campaign_trend
    >>> obj = trend_object(campaign_trend([result], [dt.date(2019, 5, 10)], ["台账.xlsx"]))
    >>> obj["snapshots"][0]["overall"]["open"], obj["snapshots"][0]["date"]
    (7, '2019-05-10')
    """
    unit_keys = _unit_keys(trend.units)
    units = trend.units.assign(key=trend.units["node_id"].map(unit_keys))
    snapshots = []
    for row in trend.snapshots.to_dict("records"):
        day = row["date"]
        streets = trend.streets[trend.streets["date"] == day]
        of_day = units[units["date"] == day]
        snapshots.append({
            "date": day.isoformat(), "input": row["input"],
            "overall": {key: _number(row[key], 4 if key.endswith(("coverage", "rate")) else 0)
                        for key in ["open", "required", "org_coverage", "standalone_rate", "work_coverage",
                                    "no_responsible_unit", "key_no_leader", "overloaded"]},
            "targets": {key[len("target_"):]: _number(row[key], 4) for key in row if key.startswith("target_")},
            "by_street": {s["street"]: {"open": int(s["open"]), "required": int(s["required"]),
                                        "org_coverage": _number(s["org_coverage"], 4)}
                          for s in streets.to_dict("records")},
            "by_unit": {u["key"]: {"kind": u["kind"], "load": _number(u["load"], 2)} for u in of_day.to_dict("records")},
        })
    status = trend.status
    streets, unit_rows = status[status["scope"] == "street"], status[status["scope"] == "unit"]
    return {"snapshots": snapshots, "status": {
        "by_street": dict(zip(streets["group"], streets["status"])),
        "by_unit": dict(zip(unit_rows["node_id"].map(unit_keys), unit_rows["status"])),
    }}


def trend_sheets(trend) -> list:
    """The sheets of ``trend.xlsx`` as ``(name, DataFrame, formats)``, in Chinese, in order.

    Examples
    --------
    >>> import datetime as dt
    >>> from liangxin.queries.trend import campaign_trend
    >>> [name for name, _, _ in trend_sheets(campaign_trend([result], [dt.date(2019, 5, 10)]))]
    ['各期汇总', '进度评价', '未覆盖时长', '久未解决的责任单位', '各街道', '各责任单位']
    """
    s = trend.snapshots
    summary = pd.DataFrame({"日期": s["date"].astype(str), "台账": s["input"], "应建党组织的组织": s["required"]})
    formats = {"应建党组织的组织": "int"}
    for column, (name, kind) in TREND_FIGURES.items():
        if column in s and not (kind == "rate" and s[column].isna().all()):
            summary[name], formats[name] = s[column].to_numpy(), kind
    st = trend.status
    status = pd.DataFrame({"类别": np.where(st["scope"] == "street", "街道", st["kind"].map(ROLE_ZH)),
                           "名称": st["group"], "目前": st["value"], "目标": st["target"],
                           "每周需推进": st["needed_per_week"], "上期以来每周推进": st["pace_per_week"], "评价": st["status"]})
    street_rows = st["scope"].eq("street").tolist()
    rate_or_float = ["rate" if is_street else "float" for is_street in street_rows]
    h = trend.history
    history = pd.DataFrame({"组织名称": h["name"], "街道": h["street"], "开始未覆盖": h["opened"].astype(str),
                            "消除": [str(c) if c is not None and c == c else "" for c in h["closed"]],
                            "周数": h["weeks"], "目前仍未覆盖": np.where(h["open_now"], "是", "否"),
                            "责任单位": np.where(h["open_now"], h["units"].replace("", "无"), "")})
    lg = trend.longest
    longest = pd.DataFrame({"责任单位": lg["unit"], "未覆盖组织": lg["open_orgs"], "最长周数": lg["longest_weeks"],
                            "最久的组织": lg["org_name"]})
    streets = trend.streets.rename(columns={"date": "日期", "street": "街道", "open": "未覆盖组织", "required": "应建党组织的组织",
                                            "org_coverage": "组织覆盖率", "standalone_rate": "单独组建率",
                                            "work_coverage": "工作覆盖率"}).assign(日期=lambda f: f["日期"].astype(str))
    units = trend.units.assign(kind=trend.units["kind"].map(ROLE_ZH), date=trend.units["date"].astype(str),
                               overloaded=np.where(trend.units["overloaded"], "是", "否"))
    units = units.drop(columns=["node_id"]).rename(columns={
        "date": "日期", "kind": "类别", "unit": "单位", "supervisory_unit": "所属业务主管单位", "load": "负荷",
        "capacity": "容量", "overloaded": "超负荷"})
    return [("各期汇总", summary, formats),
            ("进度评价", status, {"目前": rate_or_float, "目标": rate_or_float, "每周需推进": rate_or_float,
                               "上期以来每周推进": rate_or_float}),
            ("未覆盖时长", history, {"周数": "float"}),
            ("久未解决的责任单位", longest, {"未覆盖组织": "int", "最长周数": "float"}),
            ("各街道", streets, {"未覆盖组织": "int", "应建党组织的组织": "int", "组织覆盖率": "rate", "单独组建率": "rate",
                              "工作覆盖率": "rate"}),
            ("各责任单位", units, {"负荷": "float", "容量": "int"})]


def trend_charts(trend, out_dir, target=1.0) -> list:
    """One line chart per headline figure, as PNG files in `out_dir`: ``[(title, path)]``.

    Rates are drawn against the campaign's `target` (a dashed line).
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import PercentFormatter

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    s = trend.snapshots
    labels = chart_text(s["date"].astype(str))
    written = []
    with _chart_style():
        for column, (title, kind) in TREND_FIGURES.items():
            values = s[column].to_numpy(dtype=float)
            if np.isnan(values).all():
                continue
            figure = Figure(figsize=(6.4, 3.4), dpi=100)
            axes = figure.subplots()
            axes.plot(range(len(values)), values, marker="o", color="#b91c1c" if kind == "int" else "#2563eb")
            axes.set_xticks(range(len(values)), labels, parse_math=False)
            if kind == "rate":
                axes.axhline(target, color="#6b7280", linestyle="--", linewidth=1)
                axes.text(len(values) - 1, target, f"目标 {target:.0%}", fontsize=8, ha="right", va="bottom",
                          color="#6b7280")
                axes.set_ylim(0, 1.1)
                axes.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
            else:
                axes.set_ylim(0, max(1.0, np.nanmax(values) * 1.15))
            axes.set_title(title)
            axes.grid(axis="y", alpha=0.3)
            figure.tight_layout()
            path = out_dir / f"趋势-{title}.png"
            FigureCanvasAgg(figure).print_png(str(path))
            written.append((title, path))
    return written


def write_trend_xlsx(trend, path, images=()) -> Path:
    """Write ``trend.xlsx``: the sheets of :func:`trend_sheets`, the charts below 各期汇总."""
    return write_sheets(trend_sheets(trend), path, images={"各期汇总": list(images)})
