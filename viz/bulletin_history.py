"""The bulletin's section on the campaign over time (``liangxin bulletin … --history FOLDER``).

Words and lays out what :func:`~liangxin.queries.trend.campaign_trend` computed: the trend of the
organization coverage, each street's and the lagging units' traffic lights, and the organizations
open longest with the units that answer for them.
"""

from __future__ import annotations

import math

from liangxin.queries.labels import ROLE_ZH
from liangxin.viz.bulletin_model import BulletinImage, BulletinTable, Section, _date

__all__ = ["history_section"]

_ORDER = {"红": 0, "黄": 1, "绿": 2}


def _pct(value):
    return "—" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.1%}"


def _pp(value):
    return "—" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value * 100:.1f}个百分点"


def _weeks(value):
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def _names(values, limit=8):
    values = [str(v) for v in values]
    shown = "、".join(values[:limit])
    return shown + (f"等{len(values)}个" if len(values) > limit else "")


def _summary(trend, deadline, whole):
    s = trend.snapshots
    first, last = s.iloc[0], s.iloc[-1]
    streets = trend.status[trend.status["scope"] == "street"]
    lights = {light: streets.loc[streets["status"] == light, "group"].tolist() for light in ("红", "黄", "绿")}
    text = (f"自{_date(first['date'])}至{_date(last['date'])}共统计{len(s)}期，{whole}未覆盖组织由"
            f"{int(first['open'])}个变为{int(last['open'])}个，组织覆盖率由{_pct(first['org_coverage'])}变为"
            f"{_pct(last['org_coverage'])}。按{deadline.month}月{deadline.day}日攻坚期限测算，")
    parts = []
    if lights["红"]:
        parts.append(f"连续两期没有进展（红）的街道：{_names(lights['红'])}")
    if lights["黄"]:
        parts.append(f"进度落后（黄）的街道：{_names(lights['黄'])}")
    if lights["绿"]:
        parts.append(f"进度符合要求（绿）的街道：{_names(lights['绿'])}")
    return text + ("；".join(parts) or "暂无可评价的街道") + "。"


def _street_table(trend):
    streets = trend.status[trend.status["scope"] == "street"]
    rows = [[r["group"], _pct(r["value"]), _pp(r["needed_per_week"]), _pp(r["pace_per_week"]), r["status"]]
            for r in streets.to_dict("records")]
    return BulletinTable("表A  各街道进度评价", ["街道", "组织覆盖率", "每周需提高", "上期以来每周提高", "评价"], rows,
                         "红：连续两期没有进展；黄：上期以来的进度低于按期完成所需；绿：进度符合要求或已完成。")


def _unit_table(trend, top):
    units = trend.status[(trend.status["scope"] == "unit") & trend.status["status"].isin(["红", "黄"])]
    units = units.assign(order=units["status"].map(_ORDER)).sort_values(["order", "value", "group"],
                                                                          ascending=[True, False, True], kind="stable")
    head = units.head(top)
    rows = [[r["group"], ROLE_ZH.get(r["kind"], r["kind"]), _weeks(r["value"]),
             "—" if math.isnan(r["needed_per_week"]) else f"{r['needed_per_week']:.2f}", r["status"]]
            for r in head.to_dict("records")]
    note = f"共{len(units)}个单位为红灯或黄灯，此处列出{len(head)}个。" if len(units) > len(head) else ""
    return BulletinTable("表B  进度落后的责任单位", ["单位", "类别", "负责的未覆盖组织", "每周需解决", "评价"], rows, note)


def _longest_table(trend, top):
    now = trend.history[trend.history["open_now"]]
    head = now.head(top)
    rows = [[r["name"], r["street"] or "（未填街道）", f"{r['opened'].month}月{r['opened'].day}日", _weeks(r["weeks"]),
             r["units"] or "无"] for r in head.to_dict("records")]
    note = f"目前未覆盖的组织共{len(now)}个，此处列出时间最长的{len(head)}个。" if len(now) > len(head) else ""
    return BulletinTable("表C  未覆盖时间最长的组织", ["组织名称", "街道", "开始未覆盖", "已持续周数", "责任单位"], rows,
                         note)


def history_section(trend, chart: BulletinImage | None, deadline, top: int = 10, numeral: str = "六",
                    whole: str = "全区") -> Section:
    """The section ``六、进展趋势`` of the bulletin.

    Parameters
    ----------
    trend : Trend
        The campaign over the history and the current snapshot.
    chart : BulletinImage or None
        The organization coverage over time.
    deadline : datetime.date
        The end of the push (``rules.campaign_push_end``).
    top : int, optional
        Rows at most in the units' and organizations' tables.
    whole : str, optional
        The words for the whole scope (:func:`liangxin.queries.labels.whole_zh`: 全区, 全市).

    Examples
    --------
    >>> import datetime as dt
    >>> from liangxin.queries.trend import campaign_trend
    >>> trend = campaign_trend([result, result], [dt.date(2019, 5, 3), dt.date(2019, 5, 10)])
    >>> section = history_section(trend, None, dt.date(2019, 6, 20))
    >>> section.heading, [block.title for block in section.blocks[1:]]
    ('六、进展趋势', ['表A  各街道进度评价', '表B  进度落后的责任单位', '表C  未覆盖时间最长的组织'])
    """
    blocks = [_summary(trend, deadline, whole)]
    if chart is not None:
        blocks.append(chart)
    blocks += [_street_table(trend), _unit_table(trend, top), _longest_table(trend, top)]
    return Section(f"{numeral}、进展趋势", blocks)
