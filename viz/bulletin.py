"""The committee's periodic bulletin (通报) on the campaign, as .docx and as a self-contained .html.

:func:`build_bulletin` composes the text — headline figures against the seed plan's targets
(Party organizations counted as branches), the ranking of streets and of responsible units
(区直机关 on whole organizations), the units with no progress, each street's largest open
organization, next steps — into a :class:`Bulletin` of paragraphs and tables (all Chinese
text). The body stays short, to be forwarded as is: each ranking shows its first and last three
(:mod:`liangxin.viz.bulletin_rankings`); whole rankings and long lists go to numbered 附件 at the end. :func:`write_bulletin_docx` and
:func:`write_bulletin_html` render it; the HTML page makes no external request (inline CSS, no
script) and every name in it is escaped.
"""

import datetime as dt
import logging

import pandas as pd

from liangxin.queries.labels import PARTY_ORG_STATUS_ZH as STATUS_ZH
from liangxin.queries.labels import committee_zh, scope_level, whole_zh
from liangxin.viz.bulletin_districts import district_blocks  # several districts: their ranking
from liangxin.viz.bulletin_files import bulletin_paths, write_bulletin, write_bulletin_docx, write_bulletin_html
from liangxin.viz.bulletin_model import (Bulletin, BulletinImage, BulletinTable, Section, _date, _num, _pct, _pp,
                                         _text)
from liangxin.viz.bulletin_rankings import Appendices, largest_section, street_section, stuck_blocks, unit_section

__all__ = ["Bulletin", "BulletinTable", "BulletinImage", "Section", "build_bulletin", "write_bulletin_docx", "write_bulletin_html",
           "write_bulletin", "bulletin_paths", "addressee", "TITLE", "DOCUMENT_NO", "ADDRESSEE"]

log = logging.getLogger(__name__)

TITLE = "关于两新组织党组织“大组建”专项攻坚行动进展情况的通报"
DOCUMENT_NO = "深龙组通〔2019〕27号"
PLAN = "《关于开展两新组织党组织“大组建”专项攻坚行动的实施方案》"
ADDRESSEE = "各街道、区属各单位、相关驻区单位："
_NUMERALS = "一二三四五六七八九十"


# ---------------------------------------------------------------------------
# Composition
# ---------------------------------------------------------------------------

def _headline(analysis, previous, diff, targets, branches):
    c = analysis.counts
    org = targets.set_index("key")
    cov = analysis.coverage
    overall = cov[cov["scope"] == "overall"].iloc[0]
    b = branches
    text = (f"{whole_zh(analysis.network.district)}纳入统计的两新组织{c['organizations']}个，共有党组织{b['branches']}个（单独组建{b['standalone']}个、"
            f"联合党支部{b['joint']}个），覆盖两新组织{b['orgs_covered']}个。按实施方案应建党组织的{int(overall['required'])}个，"
            f"已有党组织覆盖的{int(org.at['org_coverage', 'achieved'])}个，组织覆盖率{_pct(overall['org_coverage'])}"
            f"{'（较上期' + _pp(org.at['org_coverage', 'rate_change']) + '）' if previous is not None else ''}，"
            f"单独组建率{_pct(overall['standalone_rate'])}"
            f"{'（较上期' + _pp(org.at['standalone_rate', 'rate_change']) + '）' if previous is not None else ''}，"
            f"工作覆盖率{_pct(overall['work_coverage'])}。")
    parts = [text]
    if diff is not None:
        k = diff.counts
        parts.append(
            f"本期新建党组织{b['new_branches']}个（单独组建{b['new_standalone']}个、联合党支部{b['new_joint']}个），"
            f"新纳入党组织覆盖或提升组建方式的组织{k['formed']}个（其中新建单独组建{k['formed_standalone']}个、"
            f"加入联合党支部{k['formed_joint']}个、由联合组建转为单独组建{k['joint_to_standalone']}个）；{k['closed_orgs']}个组织消除了"
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


def _next_steps(analysis, recommendations, phase, lists_name, names):
    """The next steps; `names` maps standalone/joint/moves to the appendix that lists them."""
    steps = []
    m = int(analysis.rules.standalone_min_members)
    where = f"，完整名单见附件电子表格《{lists_name}》" if lists_name else ""
    if recommendations is not None:
        s = recommendations.standalone
        key = int(s["key"].sum()) if len(s) else 0
        steps.append(f"坚持成熟一个、组建一个。{whole_zh(analysis.network.district)}有{len(s)}个组织已有正式党员{m}名以上但尚未单独组建党组织"
                     f"（其中重点难点组织{key}个），各责任单位要逐一对接，推动单独组建"
                     + (f"（名单见{names['standalone']}{where}）。" if "standalone" in names else "。"))
        j = recommendations.joint
        if len(j):
            groups = j["group_id"].nunique()
            covered = int(j["open"].sum())
            steps.append(f"推进联合组建。对暂不具备单独组建条件的组织，经按同社区、同行业优先匹配，可组成联合党支部{groups}个，"
                         f"覆盖未覆盖组织{covered}个（见{names['joint']}），请各街道会同责任单位逐一核实、推进。")
        moves = recommendations.rebalancing.moves
        units = recommendations.rebalancing.units
        left = units[units["overloaded_before"] & units["overloaded_after"]]
        if len(moves) or len(left):
            steps.append((f"调整责任负荷。建议调整{len(moves)}个组织的联系责任（见{names['moves']}）；" if len(moves)
                          else "调整责任负荷。")
                         + (f"{len(left)}个单位在同街道、同领域内暂无可承接单位，请增派工作力量或调整责任容量。" if len(left)
                            else "调整后各单位均不超出责任容量。"))
        c = recommendations.conflicts
        if len(c):
            steps.append(f"核实台账数据。本期台账中有{len(c)}处同一组织的街道、从业人员数或党员数在不同表格或不同行中"
                         f"填写不一致，请各街道核实更正后报送" + (f"（名单见附件电子表格《{lists_name}》的“数据冲突”表）。"
                                                                  if lists_name else "。"))
    if phase is not None:
        name, deadline = phase
        steps.append(f"按照实施方案时间安排，目前处于{name}（{deadline}），各单位要对照任务清单倒排时间、挂图作战，"
                     f"确保组建任务按时、按量完成。")
    committee = committee_zh(analysis.network.district)
    steps.append(f"各单位要及时将工作进展、意见建议反馈{committee}，{committee}将继续定期通报各单位完成情况。")
    return [f"（{_NUMERALS[i]}）{text}" for i, text in enumerate(steps)]


def _recommendation_appendices(recommendations, top, lists_name, appendices):
    """The recommendation lists as appendices; returns their names (standalone, joint, moves)."""
    if recommendations is None:
        return {}
    more = f"，完整名单见附件电子表格《{lists_name}》" if lists_name else ""

    def note(total, shown, unit):
        return f"共{total}{unit}" + (f"，此处列出前{shown}{unit}{more}。" if total > shown else "。")

    s = recommendations.standalone
    names = {}
    if len(s):
        names["standalone"] = _standalone_appendix(s, top, note, appendices)
    j = recommendations.joint
    if len(j):
        names["joint"] = _joint_appendix(j, top, note, appendices)
    m = recommendations.rebalancing.moves
    if len(m):
        names["moves"] = _moves_appendix(m, top, note, appendices)
    return names


def _standalone_appendix(s, top, note, appendices):
    head = s.head(top)
    return appendices.add("具备单独组建条件的组织名单", BulletinTable(
        "", ["序号", "组织名称", "街道", "社区", "党员", "从业人员", "现状态", "重点难点", "责任单位"],
        [[str(r["rank"]), _text(r["name"]), _text(r["street"]), _text(r["community"]), _num(r["party_members"]),
          _num(r["employees"]), STATUS_ZH.get(r["status"], ""), "是" if r["key"] else "", _text(r["responsible"])]
         for r in head.to_dict("records")],
        note(len(s), len(head), "个") + "排序：重点难点组织在前，其次应建党组织范围内的组织，再按党员数、从业人员数从多到少。"))


def _joint_appendix(j, top, note, appendices):
    ids = list(pd.unique(j["group_id"]))[:top]
    rows = [[_text(r["group_id"]), _text(r["level"]), _text(r["name"]), _text(r["community"]), _num(r["party_members"]),
             _text(r["role_zh"]), _text(r["reason"])] for r in j[j["group_id"].isin(ids)].to_dict("records")]
    return appendices.add("联合组建建议", BulletinTable(
        "", ["建议编号", "联合范围", "组织名称", "社区", "党员", "作用", "理由"], rows, note(j["group_id"].nunique(), len(ids), "组")))


def _moves_appendix(m, top, note, appendices):
    head = m.head(top)
    return appendices.add("责任负荷调整建议", BulletinTable(
        "", ["序号", "调出单位", "调入单位", "组织名称", "街道", "调整方式", "调出单位负荷（调整后）", "调入单位负荷（调整后）"],
        [[str(r["seq"]), _text(r["from_unit"]), _text(r["to_unit"]), _text(r["name"]), _text(r["street"]),
          _text(r["how_zh"]),
          f"{_num(r['from_load_before'])}→{_num(r['from_load_after'])}（容量{_num(r['from_capacity'])}）",
          f"{_num(r['to_load_before'])}→{_num(r['to_load_after'])}（容量{_num(r['to_capacity'])}）"]
         for r in head.to_dict("records")],
        note(len(m), len(head), "条")))


def build_bulletin(analysis, progress, recommendations=None, date=None, previous_date=None, top=50,
                   lists_name=None, history=None, issuer=None, number="", signer=""):
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
    history : Section, optional
        The campaign over time (:func:`liangxin.viz.bulletin_history.history_section`), placed
        before the next steps.
    issuer, number, signer : str, optional
        发文机关 (default 中共<district>委两新组织工委), 文号 and 签发人, printed when given.

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
    intro = (f"根据{PLAN}（{DOCUMENT_NO}）关于“强化沟通、定期通报”的要求，{committee_zh(analysis.network.district)}对截至{_date(date)}"
             f"各街道、各责任单位“大组建”专项攻坚行动进展情况进行了统计{since}。现将有关情况通报如下：")
    appendices = Appendices()
    sections = _sections(analysis, progress, previous, recommendations, lists_name, history, top, appendices)
    return Bulletin(title=TITLE, date=date, issuer=issuer or f"中共{analysis.network.district}委两新组织工委",
                    addressee=addressee(analysis), intro=intro, sections=sections,
                    appendices=appendices.sections, subtitle=f"（截至{_date(date)}）",
                    number=number or "", signer=signer or "")


def addressee(analysis) -> str:
    """To whom the bulletin goes: :data:`ADDRESSEE` for a district; the districts first where the
    data hold several, and 市属/县属 units for a scope named so (:func:`~liangxin.queries.labels.scope_level`).

    Examples
    --------
    >>> addressee(result) == ADDRESSEE
    True
    """
    level = scope_level(analysis.network.district)
    districts = "各区、" if "district" in analysis.network.tables.geography else ""
    return f"{districts}各街道、{level}属各单位、相关驻{level}单位："


def _sections(analysis, progress, previous, recommendations, lists_name, history, top, appendices):
    sections = [Section("一、总体进展情况", [_headline(analysis, previous, progress.diff, progress.targets, progress.branches),
                                        _target_table(progress.targets, previous), *district_blocks(analysis)])]
    sections.append(Section("二、各街道进展情况", street_section(progress.streets, previous, appendices)))
    unit_blocks, stuck = unit_section(progress, previous, analysis.overloaded, appendices)
    sections.append(Section("三、责任单位进展情况", unit_blocks))
    sections.append(Section("四、尚无进展的单位", stuck_blocks(stuck, progress, previous, appendices)))
    sections.append(Section("五、各街道规模较大的未覆盖组织", largest_section(progress, appendices, whole_zh(analysis.network.district))))
    if history is not None:
        sections.append(history)
    names = _recommendation_appendices(recommendations, top, lists_name, appendices)
    numeral = "七" if history is not None else "六"
    sections.append(Section(f"{numeral}、下一步工作要求",
                            _next_steps(analysis, recommendations, progress.phase, lists_name, names)))
    return sections
