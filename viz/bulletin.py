"""The committee's periodic bulletin (通报) on the campaign, as .docx and as a self-contained .html.

:func:`build_bulletin` composes the text — headline figures against the seed plan's targets,
the ranking of streets and of responsible units, the units with no progress, each street's
largest open organizations, next steps and appendices — into a :class:`Bulletin` of
paragraphs and tables (all Chinese text). :func:`write_bulletin_docx` and
:func:`write_bulletin_html` render it; the HTML page makes no external request (inline CSS, no
script) and every name in it is escaped.
"""

import datetime as dt
import html
import logging
import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from liangxin.queries.loads import ROLE_ZH
from liangxin.queries.recommend import STATUS_ZH
from liangxin.viz.safety import UNPRINTABLE

__all__ = ["Bulletin", "BulletinTable", "Section", "build_bulletin", "write_bulletin_docx", "write_bulletin_html",
           "write_bulletin", "bulletin_paths", "TITLE", "DOCUMENT_NO"]

log = logging.getLogger(__name__)

TITLE = "关于两新组织党组织“大组建”专项攻坚行动进展情况的通报"
DOCUMENT_NO = "深龙组通〔2019〕27号"
PLAN = "《关于开展两新组织党组织“大组建”专项攻坚行动的实施方案》"
ADDRESSEE = "各街道、区属各单位、相关驻区单位："
_NUMERALS = "一二三四五六七八九十"


@dataclass
class BulletinTable:
    """A table of the bulletin: every cell already text."""

    title: str
    columns: list
    rows: list
    note: str = ""


@dataclass
class Section:
    """A numbered section: a heading and blocks (a paragraph string or a :class:`BulletinTable`)."""

    heading: str
    blocks: list = field(default_factory=list)


@dataclass
class Bulletin:
    """The bulletin's content, ready to render."""

    title: str
    date: dt.date
    issuer: str
    addressee: str
    intro: str
    sections: list
    appendices: list
    subtitle: str = ""

    @property
    def date_text(self):
        return _date(self.date)


# ---------------------------------------------------------------------------
# Number formatting
# ---------------------------------------------------------------------------

def _date(day):
    return f"{day.year}年{day.month}月{day.day}日"


def _missing(value):
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _pct(value):
    return "—" if _missing(value) else f"{float(value) * 100:.1f}%"


def _pp(value):
    """A rate change in percentage points, with its sign."""
    if _missing(value):
        return "—"
    points = float(value) * 100
    return "持平" if abs(points) < 0.05 else f"{points:+.1f}个百分点"


def _num(value):
    """A count, or a fractional share (a department's street share) with 2 decimals."""
    if _missing(value):
        return "—"
    value = float(value)
    return f"{value:.0f}" if abs(value - round(value)) < 1e-9 else f"{value:.2f}"


def _text(value):
    if _missing(value):
        return ""
    return UNPRINTABLE.sub("", str(value))


def _names(values, limit=5):
    values = [_text(v) for v in values]
    shown = "、".join(values[:limit])
    return shown + (f"等{len(values)}个" if len(values) > limit else "")


# ---------------------------------------------------------------------------
# Composition
# ---------------------------------------------------------------------------

def _headline(analysis, previous, diff, targets):
    c = analysis.counts
    org = targets.set_index("key")
    cov = analysis.coverage
    overall = cov[cov["scope"] == "overall"].iloc[0]
    text = (f"全区纳入统计的两新组织{c['organizations']}个，其中按实施方案应建党组织的{int(overall['required'])}个，"
            f"已组建党组织{int(org.at['org_coverage', 'achieved'])}个，组织覆盖率{_pct(overall['org_coverage'])}"
            f"{'（较上期' + _pp(org.at['org_coverage', 'rate_change']) + '）' if previous is not None else ''}，"
            f"单独组建率{_pct(overall['standalone_rate'])}"
            f"{'（较上期' + _pp(org.at['standalone_rate', 'rate_change']) + '）' if previous is not None else ''}，"
            f"工作覆盖率{_pct(overall['work_coverage'])}。")
    parts = [text]
    if diff is not None:
        k = diff.counts
        parts.append(
            f"本期新建党组织{k['formed']}个（其中单独组建{k['formed_standalone']}个、联合组建{k['formed_joint']}个、"
            f"由联合组建转为单独组建{k['joint_to_standalone']}个）；{k['closed_orgs']}个组织消除了"
            f"“应有党员而无党员”或“应建未建”问题，新出现此类问题的组织{k['opened_orgs']}个；"
            f"台账新增两新组织{k['added']}个、减少{k['removed']}个。"
            + (f"另有{k['regressed']}个组织党组织状态倒退，请相关街道核实。" if k["regressed"] else ""))
    members = org.loc["members"]
    parts.append(f"对照“{int(analysis.rules.members_required_min_employees)}人以上非公企业有党员”目标，"
                 f"尚有{int(members['remaining'])}个企业没有党员；对照“有党组织”目标，尚有"
                 f"{int(org.at['org_coverage', 'remaining'])}个应建党组织的两新组织未组建党组织。")
    return "".join(parts)


def _target_table(targets, previous):
    columns = ["指标", "目标", "应覆盖数", "已覆盖数", "本期"]
    if previous is not None:
        columns += ["上期", "变化"]
    columns.append("尚差")
    rows = []
    for row in targets.to_dict("records"):
        cells = [row["label"], "全覆盖" if row["key"] != "standalone_rate" else "以单独组建为原则",
                 _num(row["required"]), _num(row["achieved"]), _pct(row["rate"])]
        if previous is not None:
            cells += [_pct(row["rate_before"]), _pp(row["rate_change"])]
        cells.append(_num(row["remaining"]))
        rows.append(cells)
    return BulletinTable("表1 对照实施方案目标的完成情况", columns, rows,
                         "组织覆盖率、单独组建率以应建党组织的两新组织为基数。")


def _street_section(streets, previous):
    blocks = []
    ranked = streets[streets["required"] > 0]
    if previous is not None:
        up = ranked[ranked["org_coverage_change"] > 0]
        still = ranked[ranked["formed"] == 0]
        text = (f"从各街道看，组织覆盖率提升较快的是{_names(up['street'].head(3)) or '（无）'}；"
                if len(up) else "本期各街道组织覆盖率均未提升；")
        text += (f"{_names(still['street'])}本期没有新建党组织，要加大工作力度。" if len(still)
                 else "各街道本期均有新建党组织。")
    else:
        best, worst = ranked.head(3), ranked.tail(3).iloc[::-1]
        text = (f"从各街道看，组织覆盖率较高的是{_names(best['street'])}，"
                f"较低的是{_names(worst['street'])}。") if len(ranked) else "各街道暂无应建党组织的两新组织。"
    blocks.append(text)
    columns = ["排名", "街道", "应建党组织数", "组织覆盖率"]
    if previous is not None:
        columns += ["较上期"]
    columns += ["单独组建率", "工作覆盖率", "未覆盖组织数"]
    if previous is not None:
        columns += ["新建党组织数"]
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
    blocks.append(BulletinTable(f"表2 各街道进展情况（{order}）", columns, rows,
                                "未覆盖组织指应有党员而无党员或应建未建党组织的组织。"))
    return blocks


def _unit_section(units, previous):
    blocks = []
    moving = units[(units["closed"] > 0) | (units["formed"] > 0)]
    stuck = units[units["no_progress"]]
    over = units[units["overloaded"]]
    by_kind = units.groupby("kind").size()
    counted = "、".join(f"{ROLE_ZH[k]}{int(by_kind.get(k, 0))}个" for k in ("leader", "department", "supervisory_unit")
                       if by_kind.get(k, 0))
    if previous is not None:
        text = (f"纳入排名的责任单位{len(units)}个（{counted}）。本期有进展的{len(moving)}个，"
                f"尚无进展的{len(stuck)}个（名单见表4）；")
    else:
        text = (f"纳入排名的责任单位{len(units)}个（{counted}）。所负责的组织已全部或部分覆盖的{len(moving)}个，"
                f"所负责组织尚无一个覆盖或未落实联系的{len(stuck)}个（名单见表4）；")
    text += (f"超出责任容量的{len(over)}个：{_names(over['unit'])}，建议按附件调整联系责任。" if len(over)
             else "没有超出责任容量的单位。")
    blocks.append(text)
    if previous is not None:
        columns = ["排名", "单位", "类别", "上期负责未覆盖组织", "已解决", "进展率", "本期负荷／容量"]
    else:
        columns = ["排名", "单位", "类别", "负责应覆盖组织", "已覆盖", "覆盖进度", "当前负荷／容量"]
    rows = [[str(r["rank"]), _text(r["unit"]), ROLE_ZH.get(r["kind"], r["kind"]), _num(r["base"]), _num(r["closed"]),
             _pct(r["rate"]), f"{_num(r['load'])}／{_num(r['capacity'])}"] for r in units.to_dict("records")]
    how = ("按本期已解决的未覆盖组织占上期负责数的比例排名" if previous is not None
           else "按所负责的应覆盖组织中已覆盖的比例排名")
    blocks.append(BulletinTable(f"表3 责任单位进展情况（{how}）", columns, rows,
                                "区直机关所负责的组织含驻点街道中无机关直接联系的组织，按驻点机关数平均分担，故可能为小数。"))
    return blocks, stuck


def _stuck_table(stuck, previous):
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
    return BulletinTable("表4 尚无进展的单位", ["单位", "类别", "当前负责未覆盖组织", "情况"], rows)


def _largest_table(largest):
    rows = [[_text(r["street"]), str(r["rank"]), _text(r["name"]), _text(r["community"]), _num(r["employees"]),
             _num(r["party_members"]), _text(r["labels"]), _text(r["responsible"]) or "（无）"]
            for r in largest.to_dict("records")]
    return BulletinTable("表5 各街道规模较大的未覆盖组织", ["街道", "序号", "组织名称", "社区", "从业人员", "党员",
                                              "存在问题", "责任单位"], rows)


def _next_steps(analysis, recommendations, phase, lists_name):
    steps = []
    m = int(analysis.rules.standalone_min_members)
    where = f"，完整名单见附件电子表格《{lists_name}》" if lists_name else ""
    if recommendations is not None:
        s = recommendations.standalone
        key = int(s["key"].sum()) if len(s) else 0
        steps.append(f"坚持成熟一个、组建一个。全区有{len(s)}个组织已有正式党员{m}名以上但尚未单独组建党组织"
                     f"（其中重点难点组织{key}个），各责任单位要逐一对接，推动单独组建（名单见附件1{where}）。")
        j = recommendations.joint
        if len(j):
            groups = j["group_id"].nunique()
            covered = int(j["open"].sum())
            steps.append(f"推进联合组建。对暂不具备单独组建条件的组织，经按同社区、同行业优先匹配，可组成联合党支部{groups}个，"
                         f"覆盖未覆盖组织{covered}个（见附件2），请各街道会同责任单位逐一核实、推进。")
        moves = recommendations.rebalancing.moves
        units = recommendations.rebalancing.units
        left = units[units["overloaded_before"] & units["overloaded_after"]]
        if len(moves) or len(left):
            steps.append(f"调整责任负荷。建议调整{len(moves)}个组织的联系责任（见附件3）；"
                         + (f"{len(left)}个单位在同街道、同领域内暂无可承接单位，请增派工作力量或调整责任容量。" if len(left)
                            else "调整后各单位均不超出责任容量。"))
        c = recommendations.conflicts
        if len(c):
            steps.append(f"核实台账数据。发现{c['org_id'].nunique()}个组织的街道、从业人员数或党员数在不同表格或前后两期中"
                         f"不一致，请各街道核实更正后报送" + (f"（名单见附件电子表格《{lists_name}》）。" if lists_name
                                                                  else "。"))
    if phase is not None:
        name, deadline = phase
        steps.append(f"按照实施方案时间安排，目前处于{name}（{deadline}），各单位要对照任务清单倒排时间、挂图作战，"
                     f"确保组建任务按时、按量完成。")
    steps.append("各单位要及时将工作进展、意见建议反馈区委两新组织工委，区委两新组织工委将继续定期通报各单位完成情况。")
    return [f"（{_NUMERALS[i]}）{text}" for i, text in enumerate(steps)]


def _appendices(recommendations, top, lists_name):
    if recommendations is None:
        return []
    more = f"，完整名单见附件电子表格《{lists_name}》" if lists_name else ""

    def note(total, shown, unit):
        return f"共{total}{unit}" + (f"，此处列出前{shown}{unit}{more}。" if total > shown else "。")

    s = recommendations.standalone
    head = s.head(top)
    standalone = BulletinTable(
        "附件1 具备单独组建条件的组织名单", ["序号", "组织名称", "街道", "社区", "党员", "从业人员", "现状态", "重点难点", "责任单位"],
        [[str(r["rank"]), _text(r["name"]), _text(r["street"]), _text(r["community"]), _num(r["party_members"]),
          _num(r["employees"]), STATUS_ZH.get(r["status"], ""), "是" if r["key"] else "", _text(r["responsible"])]
         for r in head.to_dict("records")],
        note(len(s), len(head), "个") + "排序：重点难点组织在前，其次应建党组织范围内的组织，再按党员数、从业人员数从多到少。")
    j = recommendations.joint
    ids = list(pd.unique(j["group_id"]))[:top]
    rows = []
    for r in j[j["group_id"].isin(ids)].to_dict("records"):
        rows.append([_text(r["group_id"]), _text(r["level"]), _text(r["name"]), _text(r["community"]),
                     _num(r["party_members"]), _text(r["role_zh"]), _text(r["reason"])])
    joint = BulletinTable("附件2 联合组建建议", ["建议编号", "联合范围", "组织名称", "社区", "党员", "作用", "理由"], rows,
                          note(j["group_id"].nunique(), len(ids), "组"))
    m = recommendations.rebalancing.moves
    head = m.head(top)
    moves = BulletinTable("附件3 责任负荷调整建议", ["序号", "调出单位", "调入单位", "组织名称", "街道", "调整方式",
                                                "调出单位负荷（调整后）", "调入单位负荷（调整后）"],
                          [[str(r["seq"]), _text(r["from_unit"]), _text(r["to_unit"]), _text(r["name"]),
                            _text(r["street"]), _text(r["how_zh"]),
                            f"{_num(r['from_load_before'])}→{_num(r['from_load_after'])}（容量{_num(r['from_capacity'])}）",
                            f"{_num(r['to_load_before'])}→{_num(r['to_load_after'])}（容量{_num(r['to_capacity'])}）"]
                           for r in head.to_dict("records")],
                          note(len(m), len(head), "条") if len(m) else "本期没有可行的调整建议。")
    return [Section("附件", [standalone, joint, moves])]


def build_bulletin(analysis, progress, recommendations=None, date=None, previous_date=None, top=50,
                   lists_name=None):
    """Compose the bulletin (通报) from the figures :func:`~liangxin.queries.progress.campaign_progress` computed.

    Parameters
    ----------
    analysis : Analysis
        The current snapshot (its counts, coverage and district are quoted).
    progress : CampaignProgress
        The figures: rankings by progress when it compares with a previous snapshot.
    recommendations : Recommendations, optional
        Adds the next steps' figures and the appendices.
    date, previous_date : datetime.date, optional
        The bulletin's date (default today) and the previous snapshot's date (named when given).
    top : int, optional
        Rows at most in each appendix.
    lists_name : str, optional
        File name of the spreadsheet holding the complete lists, quoted in the text.

    Returns
    -------
    Bulletin

    Examples
    --------
    >>> import datetime
    >>> from liangxin.queries.progress import campaign_progress
    >>> day = datetime.date(2019, 5, 10)
    >>> bulletin = build_bulletin(result, campaign_progress(result, date=day), date=day)
    >>> [section.heading for section in bulletin.sections][:2]
    ['一、总体进展情况', '二、各街道进展情况']
    """
    date = date or dt.date.today()
    previous = progress.has_previous or None  # the section helpers ask only whether there is one
    since = ""
    if previous is not None:
        since = f"，并与上期（{_date(previous_date)}）进行了比较" if previous_date else "，并与上期进行了比较"
    intro = (f"根据{PLAN}（{DOCUMENT_NO}）关于“强化沟通、定期通报”的要求，区委两新组织工委对截至{_date(date)}"
             f"各街道、各责任单位“大组建”专项攻坚行动进展情况进行了统计{since}。现将有关情况通报如下：")
    return Bulletin(title=TITLE, date=date, issuer=f"中共{analysis.rules.district}委两新组织工委", addressee=ADDRESSEE,
                    intro=intro, sections=_sections(analysis, progress, previous, recommendations, lists_name),
                    appendices=_appendices(recommendations, top, lists_name), subtitle=f"（截至{_date(date)}）")


def _sections(analysis, progress, previous, recommendations, lists_name):
    sections = [Section("一、总体进展情况", [_headline(analysis, previous, progress.diff, progress.targets),
                                        _target_table(progress.targets, previous)])]
    sections.append(Section("二、各街道进展情况", _street_section(progress.streets, previous)))
    unit_blocks, stuck = _unit_section(progress.units, previous)
    sections.append(Section("三、责任单位进展情况", unit_blocks))
    stuck_text = (f"以下{len(stuck)}个单位本期尚无进展，请主要负责同志直接抓、选派得力干部具体抓。" if len(stuck)
                  else "本期所有责任单位均有进展。")
    sections.append(Section("四、尚无进展的单位", [stuck_text] + ([_stuck_table(stuck, previous)] if len(stuck) else [])))
    sections.append(Section("五、各街道规模较大的未覆盖组织", [
        f"全区尚有未覆盖组织{progress.open_total}个。各街道按从业人员数列出规模最大的{progress.per_street}个，请街道和责任单位优先推动：",
        _largest_table(progress.largest)]))
    sections.append(Section("六、下一步工作要求", _next_steps(analysis, recommendations, progress.phase, lists_name)))
    return sections


# ---------------------------------------------------------------------------
# .docx
# ---------------------------------------------------------------------------

def _font(run, name, size, bold=False, color=None):
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    if color:
        run.font.color.rgb = RGBColor.from_string(color)
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


def _paragraph(document, text, font="仿宋", size=16, bold=False, align=None, indent=True, space_after=0):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = document.add_paragraph()
    if align == "center":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif align == "right":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    else:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    form = paragraph.paragraph_format
    form.first_line_indent = Pt(size * 2) if indent else None
    form.line_spacing = Pt(28) if size >= 14 else None
    form.space_after = Pt(space_after)
    _font(paragraph.add_run(_text(text)), font, size, bold)
    return paragraph


def _docx_table(document, table):
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    _paragraph(document, table.title, font="黑体", size=12, align="center", indent=False, space_after=4)
    grid = document.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = grid.rows[0]
    # Repeat the header row on every page.
    properties = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    properties.append(repeat)
    for cell, text in zip(header.cells, table.columns):
        run = cell.paragraphs[0].add_run(_text(text))
        _font(run, "黑体", 9)
    for values in table.rows:
        cells = grid.add_row().cells
        for cell, text in zip(cells, values):
            _font(cell.paragraphs[0].add_run(_text(text)), "宋体", 9)
    if table.note:
        _paragraph(document, "注：" + table.note, font="楷体", size=10, indent=False, space_after=6)
    else:
        document.add_paragraph().paragraph_format.space_after = Pt(6)


def write_bulletin_docx(bulletin, path):
    """Write the bulletin as a Word document (python-docx), A4 with official-document margins.

    Fonts: title 宋体 bold 22 pt (二号), headings 黑体 16 pt, body 仿宋 16 pt (三号), tables 宋体 9 pt.

    Examples
    --------
    >>> import datetime
    >>> from docx import Document
    >>> from liangxin.queries.progress import campaign_progress
    >>> day = datetime.date(2019, 5, 10)
    >>> bulletin = build_bulletin(result, campaign_progress(result, date=day), date=day)
    >>> path = write_bulletin_docx(bulletin, "通报.docx")
    >>> paragraphs = [p.text for p in Document(str(path)).paragraphs]
    >>> paragraphs[0] == TITLE, any("截至2019年5月10日" in text for text in paragraphs)
    (True, True)
    """
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    path = Path(path)
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    properties = document.core_properties
    properties.title = bulletin.title
    properties.author = bulletin.issuer
    properties.language = "zh-CN"

    _paragraph(document, bulletin.title, font="宋体", size=22, bold=True, align="center", indent=False, space_after=6)
    if bulletin.subtitle:
        _paragraph(document, bulletin.subtitle, font="楷体", size=16, align="center", indent=False, space_after=12)
    _paragraph(document, bulletin.addressee, indent=False)
    _paragraph(document, bulletin.intro)
    for part in bulletin.sections:
        _paragraph(document, part.heading, font="黑体", size=16)
        for block in part.blocks:
            if isinstance(block, BulletinTable):
                _docx_table(document, block)
            else:
                _paragraph(document, block)
    _paragraph(document, "", indent=False)
    _paragraph(document, bulletin.issuer, align="right", indent=False)
    _paragraph(document, bulletin.date_text, align="right", indent=False)
    for part in bulletin.appendices:
        document.add_page_break()
        _paragraph(document, part.heading, font="黑体", size=16, indent=False)
        for block in part.blocks:
            if isinstance(block, BulletinTable):
                _docx_table(document, block)
            else:
                _paragraph(document, block)
    document.save(str(path))
    log.info("wrote %s", path)
    return path


# ---------------------------------------------------------------------------
# .html
# ---------------------------------------------------------------------------

_CSS = """
body { margin: 0; background: #f3f3f3; color: #111;
       font-family: "FangSong", "仿宋", "STFangsong", "SimSun", "Songti SC", serif; }
.page { max-width: 900px; margin: 24px auto; background: #fff; padding: 56px 64px;
        box-shadow: 0 1px 4px rgba(0,0,0,.15); }
h1 { font-family: "SimSun", "宋体", "Songti SC", serif; font-size: 28px; text-align: center; margin: 0 0 8px; }
.subtitle { text-align: center; font-family: "KaiTi", "楷体", serif; font-size: 18px; margin-bottom: 28px; }
.rule { border-top: 2px solid #c00; margin: 0 0 24px; }
h2 { font-family: "SimHei", "黑体", "Heiti SC", sans-serif; font-size: 20px; margin: 28px 0 10px; }
p { font-size: 18px; line-height: 1.9; text-indent: 2em; margin: 0 0 6px; text-align: justify; }
p.addressee { text-indent: 0; }
.caption { font-family: "SimHei", "黑体", sans-serif; font-size: 15px; text-align: center; margin: 16px 0 6px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin-bottom: 4px;
        font-family: "SimSun", "宋体", serif; }
th, td { border: 1px solid #555; padding: 3px 5px; vertical-align: top; }
th { background: #f2e4e4; font-family: "SimHei", "黑体", sans-serif; font-weight: normal; }
tr:nth-child(even) td { background: #fafafa; }
.note { font-family: "KaiTi", "楷体", serif; font-size: 14px; text-indent: 0; color: #333; margin-bottom: 12px; }
.sign { text-align: right; text-indent: 0; margin-top: 24px; }
.appendix { page-break-before: always; margin-top: 48px; }
@media print { body { background: #fff; } .page { box-shadow: none; margin: 0; padding: 0; max-width: none; }
               thead { display: table-header-group; } }
"""


def _html_table(table):
    e = html.escape
    head = "".join(f"<th>{e(_text(c))}</th>" for c in table.columns)
    body = "".join("<tr>" + "".join(f"<td>{e(_text(v))}</td>" for v in row) + "</tr>" for row in table.rows)
    note = f'<p class="note">注：{e(_text(table.note))}</p>' if table.note else ""
    return (f'<div class="caption">{e(_text(table.title))}</div>'
            f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{note}")


def _html_blocks(blocks):
    out = []
    for block in blocks:
        if isinstance(block, BulletinTable):
            out.append(_html_table(block))
        else:
            out.append(f"<p>{html.escape(_text(block))}</p>")
    return "\n".join(out)


def write_bulletin_html(bulletin, path):
    """Write the bulletin as one self-contained HTML page (inline CSS, no script, no external request).

    Every text is escaped with :func:`html.escape`.

    Examples
    --------
    >>> import datetime
    >>> from liangxin.queries.progress import campaign_progress
    >>> day = datetime.date(2019, 5, 10)
    >>> bulletin = build_bulletin(result, campaign_progress(result, date=day), date=day)
    >>> page = write_bulletin_html(bulletin, "通报.html").read_text(encoding="utf-8")
    >>> page.startswith("<!DOCTYPE html>"), TITLE in page, "<script" in page
    (True, True, False)
    """
    e = html.escape
    path = Path(path)
    parts = [
        "<!DOCTYPE html>", '<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(bulletin.title)}</title><style>{_CSS}</style></head><body><div class=\"page\">",
        f"<h1>{e(bulletin.title)}</h1>",
        f'<div class="subtitle">{e(bulletin.subtitle)}</div><div class="rule"></div>' if bulletin.subtitle else "",
        f'<p class="addressee">{e(bulletin.addressee)}</p>', f"<p>{e(bulletin.intro)}</p>",
    ]
    for part in bulletin.sections:
        parts.append(f"<h2>{e(part.heading)}</h2>")
        parts.append(_html_blocks(part.blocks))
    parts.append(f'<p class="sign">{e(bulletin.issuer)}<br>{e(bulletin.date_text)}</p>')
    for part in bulletin.appendices:
        parts.append(f'<div class="appendix"><h2>{e(part.heading)}</h2>{_html_blocks(part.blocks)}</div>')
    parts.append("</div></body></html>")
    path.write_text("\n".join(p for p in parts if p) + "\n", encoding="utf-8")
    log.info("wrote %s", path)
    return path


def write_bulletin(bulletin, path):
    """Write the bulletin as both .docx and .html, side by side.

    `path` ending in ``.docx`` or ``.html`` names one of them; the other gets the same name
    with the other suffix. Returns ``{"docx": Path, "html": Path}``.

    Examples
    --------
    >>> import datetime
    >>> from liangxin.queries.progress import campaign_progress
    >>> day = datetime.date(2019, 5, 10)
    >>> bulletin = build_bulletin(result, campaign_progress(result, date=day), date=day)
    >>> {kind: path.name for kind, path in write_bulletin(bulletin, "通报.docx").items()}
    {'docx': '通报.docx', 'html': '通报.html'}
    """
    docx_path, html_path = bulletin_paths(path)
    return {"docx": write_bulletin_docx(bulletin, docx_path), "html": write_bulletin_html(bulletin, html_path)}


def bulletin_paths(path):
    """The ``(.docx, .html)`` pair :func:`write_bulletin` writes for `path`.

    Examples
    --------
    >>> [p.name for p in bulletin_paths("结果/通报.htm")]
    ['通报.docx', '通报.htm']
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".docx", ".html", ".htm"):
        raise ValueError(f"通报文件须以 .docx 或 .html 结尾：{path}")
    return (path if suffix == ".docx" else path.with_suffix(".docx"),
            path if suffix in (".html", ".htm") else path.with_suffix(".html"))
