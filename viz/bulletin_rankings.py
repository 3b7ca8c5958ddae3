"""The bulletin's rankings: short in the body (top and bottom), complete in the appendices.

A committee member reads the first and last few of a ranking; the whole ranking, the list of
units with no progress and the largest open organizations of every street go to the 附件 at the
end (:class:`Appendices` numbers them in the order they are referred to).
"""

from liangxin.queries.labels import ROLE_ZH
from liangxin.viz.bulletin_model import BulletinTable, Section, _names, _num, _pct, _pp, _text

__all__ = ["Appendices", "highest_and_lowest", "street_section", "unit_section", "largest_section", "SHOWN"]

#: Rows shown at each end of a ranking in the body.
SHOWN = 3


class Appendices:
    """The 附件 of a bulletin, numbered as they are added (附件1, 附件2 …)."""

    def __init__(self):
        self.sections = []

    def add(self, title, table):
        """Add `table` as the next appendix; return its name (附件N) for the body to refer to."""
        name = f"附件{len(self.sections) + 1}"
        table.title = title
        self.sections.append(Section(name, [table]))
        return name


def _ends(rows, shown=SHOWN):
    """The first and last `shown` rows of a ranking, and whether rows were left out between them."""
    if len(rows) <= 2 * shown:
        return list(rows), False
    return list(rows[:shown]) + list(rows[-shown:]), True


def _body_and_appendix(title, columns, rows, note, appendices, appendix_title):
    """The body's table (top and bottom), and the full one as an appendix when rows were left out."""
    shown, cut = _ends(rows)
    if not cut:
        return BulletinTable(title, columns, shown, note)
    name = appendices.add(appendix_title, BulletinTable("", columns, rows, note))
    return BulletinTable(title, columns, shown, f"此处列出前{SHOWN}名和后{SHOWN}名，完整排名见{name}。" + note)


# ---------------------------------------------------------------------------
# 二、各街道
# ---------------------------------------------------------------------------

def highest_and_lowest(ranked):
    """The streets named highest and lowest by coverage: distinct, none tied with the other end.

    `ranked` is the ranking (best first) of the streets with organizations required. Returns
    ``(highest, lowest)`` lists of street names, at most :data:`SHOWN` each, never sharing a
    street; both empty when every street has the same coverage (or there is only one).
    """
    rates = ranked["org_coverage"]
    if len(ranked) < 2 or rates.max() - rates.min() < 1e-12:
        return [], []
    n = min(SHOWN, len(ranked) // 2)
    best = ranked.head(n)
    worst = ranked.tail(n).iloc[::-1]
    best = best[best["org_coverage"] > rates.min()]      # never a street tied with the lowest
    worst = worst[worst["org_coverage"] < rates.max()]   # nor one tied with the highest
    both = set(best["org_coverage"]) & set(worst["org_coverage"])  # a rate named both high and low: neither
    best, worst = best[~best["org_coverage"].isin(both)], worst[~worst["org_coverage"].isin(both)]
    return best["street"].tolist(), worst["street"].tolist()


def _first_period_text(ranked):
    """Distinct highest and lowest streets by coverage; said so when they all tie."""
    if not len(ranked):
        return "各街道暂无应建党组织的两新组织。"
    rates = ranked["org_coverage"]
    if len(ranked) == 1:
        return f"目前只有{_text(ranked['street'].iloc[0])}有应建党组织的两新组织，组织覆盖率{_pct(rates.iloc[0])}。"
    best, worst = highest_and_lowest(ranked)
    if not best:
        return f"各街道组织覆盖率均为{_pct(rates.iloc[0])}。"
    return (f"从各街道看，组织覆盖率较高的是{_names(best)}（最高{_pct(rates.max())}），"
            f"较低的是{_names(worst)}（最低{_pct(rates.min())}）。")


def street_section(streets, previous, appendices):
    ranked = streets[streets["required"] > 0]
    if previous is not None:
        up = ranked[ranked["org_coverage_change"] > 0]
        still = ranked[ranked["formed"] == 0]
        text = (f"从各街道看，组织覆盖率提升较快的是{_names(up['street'].head(SHOWN))}；"
                if len(up) else "本期各街道组织覆盖率均未提升；")
        text += (f"{_names(still['street'])}本期没有组织新建或加入党组织，要加大工作力度。" if len(still)
                 else "各街道本期均有组织新建或加入党组织。" if len(ranked) else "本期没有应建党组织的街道纳入排名。")
    else:
        text = _first_period_text(ranked)
    columns = ["排名", "街道", "应建党组织数", "组织覆盖率"] + (["较上期"] if previous is not None else [])
    columns += ["单独组建率", "工作覆盖率", "未覆盖组织数"] + (["组建推进组织数"] if previous is not None else [])
    rows = []
    for r in streets.to_dict("records"):
        cells = [str(r["rank"]), _text(r["street"]), _num(r["required"]), _pct(r["org_coverage"])]
        if previous is not None:
            cells.append(_pp(r["org_coverage_change"]))
        cells += [_pct(r["standalone_rate"]), _pct(r["work_coverage"]), _num(r["open"])]
        if previous is not None:
            cells.append(_num(r["formed"]))
        rows.append(cells)
    order = "按组织覆盖率较上期变化排名" if previous is not None else "按组织覆盖率排名"
    table = _body_and_appendix(f"表2 各街道进展情况（{order}）", columns, rows,
                               "未覆盖组织指应有党员而无党员或应建未建党组织的组织。"
                               + ("组建推进组织数指本期新建或加入党组织、由联合组建转为单独组建的组织数。" if previous is not None else ""),
                               appendices,
                               f"各街道进展情况（{order}）")
    return [text, table]


# ---------------------------------------------------------------------------
# 三、责任单位; 四、尚无进展的单位
# ---------------------------------------------------------------------------

def _unit_text(units, previous, overloaded, stuck):
    by_kind = units.groupby("kind").size()
    counted = "、".join(f"{ROLE_ZH[k]}{int(by_kind.get(k, 0))}个" for k in ("leader", "department", "supervisory_unit")
                       if by_kind.get(k, 0))
    counted = f"（{counted}）" if counted else ""
    moving = units[(units["closed"] > 0) | (units["formed"] > 0)]
    if previous is not None:
        text = f"纳入排名的责任单位{len(units)}个{counted}。本期有进展的{len(moving)}个，尚无进展的{len(stuck)}个；"
    else:
        text = (f"纳入排名的责任单位{len(units)}个{counted}。所负责的组织已全部或部分覆盖的{len(moving)}个，"
                f"所负责组织尚无一个覆盖或未落实联系的{len(stuck)}个；")
    text += (f"超出责任容量的{len(overloaded)}个：{_names(overloaded['unit'])}，建议按附件调整联系责任。" if len(overloaded)
             else "没有超出责任容量的单位。")
    return text


def unit_section(progress, previous, overloaded, appendices):
    """表3 (区领导, 业务主管单位 by rate) and 表4 (区直机关 on whole organizations); returns the blocks and the stuck units."""
    units = progress.units
    stuck = progress.stuck
    blocks = [_unit_text(units, previous, overloaded, stuck)]
    people = units[units["kind"] != "department"].copy()
    people["rank"] = range(1, len(people) + 1)
    if previous is not None:
        columns = ["排名", "单位", "类别", "上期负责未覆盖组织", "已解决", "进展率", "本期负荷／容量"]
    else:
        columns = ["排名", "单位", "类别", "负责应覆盖组织", "已覆盖", "覆盖进度", "当前负荷／容量"]
    rows = [[str(r["rank"]), _text(r["unit"]), ROLE_ZH.get(r["kind"], r["kind"]), _num(r["base"]), _num(r["closed"]),
             _pct(r["rate"]), f"{_num(r['load'])}／{_num(r['capacity'])}"] for r in people.to_dict("records")]
    how = "按已解决的未覆盖组织占上期负责数的比例排名" if previous is not None else "按所负责的应覆盖组织中已覆盖的比例排名"
    if rows:
        blocks.append(_body_and_appendix(f"表3 区领导和业务主管单位进展情况（{how}）", columns, rows, "", appendices,
                                         f"区领导和业务主管单位进展情况（{how}）"))
    d = progress.departments
    if len(d):
        what = ("上期未覆盖", "已解决") if previous is not None else ("应覆盖", "已覆盖")
        columns = ["排名", "区直机关", "驻点街道", "直接联系组织", "驻点街道待覆盖组织", f"负责的{what[0]}组织", what[1],
                   "尚未覆盖"]
        rows = [[str(r["rank"]), _text(r["unit"]), _text(r["streets"]), _num(r["contacted"]), _num(r["pool"]),
                 _num(r["base"]), _num(r["closed"]), _num(r["open"])] for r in d.to_dict("records")]
        note = ("驻点街道待覆盖组织指驻点街道中没有区直机关直接联系的未覆盖组织，由驻该街道的区直机关共同负责，按整数计入每个机关。"
                f"按{what[1]}组织数从多到少、尚未覆盖组织数从少到多排名。")
        blocks.append(_body_and_appendix("表4 区直机关进展情况（按组织个数排名）", columns, rows, note, appendices,
                                         "区直机关进展情况（按组织个数排名）"))
    return blocks, stuck


def stuck_blocks(stuck, progress, previous, appendices):
    if not len(stuck):
        return ["本期所有责任单位均有进展。" if len(progress.units) else "本期没有纳入排名的责任单位。"]
    rows = []
    for r in stuck.to_dict("records"):
        if r["idle"]:
            why = "未联系任何组织（未落实）"
        elif previous is not None:
            why = f"上期负责的{_num(r['base'])}个未覆盖组织本期均未解决"
        else:
            why = f"负责的{_num(r['base'])}个应覆盖组织均未覆盖"
        if r["overloaded"]:
            why += "；超出责任容量"
        rows.append([_text(r["unit"]), ROLE_ZH.get(r["kind"], r["kind"]), _num(r["load"]), why])
    table = BulletinTable("", ["单位", "类别", "当前负责未覆盖组织", "情况"], rows)
    name = appendices.add("尚无进展的单位", table)
    return [f"{_names(stuck['unit'], limit=8)}本期尚无进展（名单见{name}），请主要负责同志直接抓、选派得力干部具体抓。"]


# ---------------------------------------------------------------------------
# 五、各街道规模较大的未覆盖组织
# ---------------------------------------------------------------------------

def _largest_rows(largest, numbered=True):
    # no 社区 column: with eight columns on a portrait page the name, the problems and the units
    # (the columns a reader needs) were squeezed to a few characters a line
    return [[_text(r["street"]), *([str(r["rank"])] if numbered else []), _text(r["name"]),
             _num(r["employees"]), _num(r["party_members"]), _text(r["labels"]), _text(r["responsible"]) or "（无）"]
            for r in largest.to_dict("records")]


def largest_section(progress, appendices, whole: str = "全区"):
    columns = ["街道", "组织名称", "从业人员", "党员", "存在问题", "责任单位"]
    largest = progress.largest
    first = largest[largest["rank"] == 1]
    where = ""
    if len(first) < len(largest):
        name = appendices.add(f"各街道规模较大的未覆盖组织（每个街道前{progress.per_street}个）",
                              BulletinTable("", [columns[0], "序号", *columns[1:]], _largest_rows(largest)))
        where = f"，各街道前{progress.per_street}个见{name}"
    text = (f"{whole}尚有未覆盖组织{progress.open_total}个。各街道规模（从业人员数）最大的未覆盖组织如下{where}，"
            "请街道和责任单位优先推动：")
    return [text, BulletinTable("表5 各街道规模最大的未覆盖组织", columns, _largest_rows(first, numbered=False),
                                "责任单位含驻点街道的区直机关（标“驻点”），适用于没有区直机关直接联系的组织。")]
