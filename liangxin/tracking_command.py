"""Campaign tracking commands: ``liangxin diff`` and ``liangxin bulletin`` (issue #7).

Register them on the command group with ``main.add_command(diff)`` and
``main.add_command(bulletin)``. They run inside the group's error handling (exit 2 with a
one-line Chinese reason on bad input) and take its Chinese help formatting.

The jobs behind them, :func:`run_diff` and :func:`run_bulletin`, only compose :mod:`liangxin.loaders`,
:mod:`liangxin.graph`, :mod:`liangxin.queries` and :mod:`liangxin.viz`, as :mod:`liangxin.pipeline` does.
"""

import datetime as dt
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import click

from liangxin.graph.network import build_network
from liangxin._terminal import echo
from liangxin.loaders.validate import load_tables
from liangxin.queries.analysis import analyze_network
from liangxin.queries.recommend import data_conflicts, joint_formation_candidates, rebalance_units, standalone_candidates
from liangxin.queries.rules import load_rules
from liangxin.queries.snapshots import compare_snapshots

__all__ = ["diff", "bulletin", "run_diff", "run_bulletin", "recommend_all", "lists_path", "DiffResult",
           "BulletinResult"]

log = logging.getLogger(__name__)


@dataclass
class DiffResult:
    """What ``liangxin diff`` produced."""

    old: object
    new: object
    diff: object
    recommendations: object
    files: dict


@dataclass
class BulletinResult:
    """What ``liangxin bulletin`` produced."""

    bulletin: object
    files: dict


def _analyze(path, rules):
    return analyze_network(build_network(load_tables(path), district=rules.district), rules)


def recommend_all(analysis, previous=None, diff=None):
    """Every recommendation of :mod:`liangxin.queries.recommend` for `analysis`, as one object.

    Examples
    --------
    >>> recs = recommend_all(new, diff=diff)  # doctest: +SKIP
    """
    from liangxin.viz.diff_report import Recommendations

    return Recommendations(joint=joint_formation_candidates(analysis), standalone=standalone_candidates(analysis),
                           rebalancing=rebalance_units(analysis),
                           conflicts=data_conflicts(analysis, previous=previous, diff=diff))


def run_diff(old_path, new_path, out_dir, rules_path=None, progress=None):
    """Compare two snapshots and write ``diff.json`` and ``diff.xlsx`` into `out_dir`.

    ``diff.xlsx`` also holds the recommendations for the new snapshot (联合组建建议, 单独组建名单,
    负荷调整建议, 调整后负荷, 数据冲突).

    Parameters
    ----------
    old_path, new_path : str or Path
        The earlier and the later workbook (.xlsx/.xls or a CSV folder).
    out_dir : str or Path
        Created when missing.
    rules_path : str or Path, optional

    Returns
    -------
    DiffResult

    Examples
    --------
    >>> run_diff("台账-4月.xlsx", "台账-5月.xlsx", "对比结果")  # doctest: +SKIP
    """
    from liangxin.pipeline import check_writable, stages
    from liangxin.viz.diff_report import diff_object, write_diff_json, write_diff_xlsx

    rules = load_rules(rules_path)
    out_dir = Path(out_dir)
    check_writable([out_dir / "diff.json", out_dir / "diff.xlsx"])
    with stages(6, progress) as bar:
        bar.step("读取并分析上期台账")
        old = _analyze(old_path, rules)
        bar.step("读取并分析本期台账")
        new = _analyze(new_path, rules)
        bar.step("比较两期")
        change = compare_snapshots(old, new)
        bar.step("生成建议")
        recommendations = recommend_all(new, diff=change)
        out_dir.mkdir(parents=True, exist_ok=True)
        bar.step("写出 diff.json")
        files = {"json": write_diff_json(diff_object(change, old_path, new_path), out_dir / "diff.json")}
        bar.step("写出 diff.xlsx")
        files["xlsx"] = write_diff_xlsx(change, out_dir / "diff.xlsx", recommendations)
    return DiffResult(old=old, new=new, diff=change, recommendations=recommendations, files=files)


def lists_path(path):
    """Return the path of the complete lists written beside the bulletin ``X.docx``: ``X_附件名单.xlsx``.

    Examples
    --------
    >>> lists_path("结果/通报.docx").name
    '通报_附件名单.xlsx'
    """
    path = Path(path)
    return path.with_name(f"{path.stem}_附件名单.xlsx")


def run_bulletin(new_path, out_path, previous_path=None, rules_path=None, date=None, previous_date=None, top=50,
                 progress=None):
    """Write the bulletin (通报) as .docx and .html, and its complete lists as an .xlsx beside them.

    Parameters
    ----------
    new_path : str or Path
        The current workbook.
    out_path : str or Path
        ``X.docx`` or ``X.html``: both ``X.docx`` and ``X.html`` are written, with
        ``X_附件名单.xlsx`` (联合组建建议, 单独组建名单, 负荷调整建议, 调整后负荷, 数据冲突).
    previous_path : str or Path, optional
        The previous workbook: rankings by progress since then.
    rules_path : str or Path, optional
    date, previous_date : datetime.date, optional
        The bulletin's date (default today), the previous snapshot's.
    top : int, optional
        Rows at most in each appendix of the document.

    Returns
    -------
    BulletinResult

    Examples
    --------
    >>> run_bulletin("台账-5月.xlsx", "通报.docx", previous_path="台账-4月.xlsx")  # doctest: +SKIP
    """
    from liangxin.pipeline import check_writable, stages
    from liangxin.viz.bulletin import build_bulletin, bulletin_paths, write_bulletin
    from liangxin.viz.diff_report import recommendation_sheets, write_sheets_xlsx

    rules = load_rules(rules_path)
    out_path = Path(out_path)
    check_writable([*bulletin_paths(out_path), lists_path(out_path)])
    steps = 5 if previous_path is None else 6
    with stages(steps, progress) as bar:
        previous = change = None
        if previous_path is not None:
            bar.step("读取并分析上期台账")
            previous = _analyze(previous_path, rules)
        bar.step("读取并分析本期台账")
        new = _analyze(new_path, rules)
        bar.step("比较两期并生成建议")
        if previous is not None:
            change = compare_snapshots(previous, new)
        recommendations = recommend_all(new, previous=previous, diff=change)
        bar.step("编写通报")
        lists = lists_path(out_path)
        bulletin = build_bulletin(new, previous=previous, diff=change, recommendations=recommendations, date=date,
                                  previous_date=previous_date, top=top, lists_name=lists.name)
        out_path.parent.mkdir(parents=True, exist_ok=True)
        bar.step("写出 .docx 和 .html")
        files = write_bulletin(bulletin, out_path)
        bar.step("写出附件名单")
        files["lists"] = write_sheets_xlsx(recommendation_sheets(recommendations), lists)
    return BulletinResult(bulletin=bulletin, files=files)


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------

class _TrackingCommand(click.Command):
    """A command that takes its group's context class (and so its Chinese help and errors)."""

    def make_context(self, info_name, args, parent=None, **extra):
        if parent is not None:
            self.context_class = type(parent)
        return super().make_context(info_name, args, parent=parent, **extra)


_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


def _parse_date(ctx, param, value):
    if value is None:
        return None
    match = _DATE.match(value)
    try:
        if not match:
            raise ValueError
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        raise click.BadParameter(f"日期“{value}”无效，应写成 2019-05-10 或 2019年5月10日") from None


def _pct(value):
    return "—" if value is None or value != value else f"{value:.1%}"


@click.command("diff", cls=_TrackingCommand, help="""比较两期台账（定期通报用）。

\b
OLD 是上期台账，NEW 是本期台账（.xlsx/.xls 工作簿或 CSV 文件夹）。
按统一社会信用代码（无有效代码时按名称）对应两期组织，列出缺口关闭和新增缺口、
新增和减少的组织、更名、新建党组织、各街道覆盖率和各单位负荷的变化，
并对本期给出联合组建建议、单独组建名单、负荷调整建议和数据冲突。
在 --out 文件夹写出 diff.xlsx（中文工作簿）和 diff.json。
""")
@click.argument("old_path", metavar="OLD", type=click.Path(path_type=Path))
@click.argument("new_path", metavar="NEW", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path, file_okay=False),
              help="输出文件夹（不存在时自动创建）")
@click.option("--rules", "rules_path", type=click.Path(path_type=Path, dir_okay=False),
              help="规则文件（TOML），覆盖默认阈值和责任容量")
def diff(old_path, new_path, out_dir, rules_path):
    result = run_diff(old_path, new_path, out_dir, rules_path)
    c = result.diff.counts
    streets = result.diff.streets
    overall = streets[streets["scope"] == "overall"].iloc[0]
    echo(f"已比较两期台账：上期 {c['organizations_before']} 个组织，本期 {c['organizations_after']} 个组织"
               f"（新增 {c['added']}，减少 {c['removed']}，更名 {c['renamed']}）")
    echo(f"  缺口关闭 {c['closed_gap_orgs']} 个组织，新增缺口 {c['opened_gap_orgs']} 个组织；"
               f"新建党组织 {c['formed']} 个（单独组建 {c['formed_standalone']}，联合组建 {c['formed_joint']}，"
               f"联合转单独 {c['joint_to_standalone']}）")
    echo(f"  组织覆盖率 {_pct(overall['org_coverage_before'])} → {_pct(overall['org_coverage_after'])}，"
               f"单独组建率 {_pct(overall['standalone_rate_before'])} → {_pct(overall['standalone_rate_after'])}")
    recs = result.recommendations
    echo(f"  建议：联合组建 {recs.joint['group_id'].nunique()} 组，具备单独组建条件 {len(recs.standalone)} 个，"
               f"负荷调整 {len(recs.rebalancing.moves)} 条，数据冲突 {len(recs.conflicts)} 条")
    echo(f"对比表：{Path(result.files['xlsx']).resolve()}")
    echo(f"结果文件夹：{Path(out_dir).resolve()}（diff.xlsx、diff.json）")


@click.command("bulletin", cls=_TrackingCommand, help="""编写“大组建”进展情况通报。

\b
NEW 是本期台账；给出 --previous 上期台账时，按上期以来的进展排名，否则按当前覆盖率排名。
--out 给 .docx 或 .html 文件名，两种格式都会写出（同名、不同扩展名），
并在旁边写出完整名单“文件名_附件名单.xlsx”。
""")
@click.argument("new_path", metavar="NEW", type=click.Path(path_type=Path))
@click.option("--previous", "previous_path", type=click.Path(path_type=Path), help="上期台账（用于比较进展）")
@click.option("--out", "out_path", required=True, type=click.Path(path_type=Path, dir_okay=False),
              help="通报文件路径（.docx 或 .html）")
@click.option("--date", "date", callback=_parse_date, help="通报日期，如 2019-05-10（默认今天）")
@click.option("--previous-date", "previous_date", callback=_parse_date, help="上期台账的日期，写入通报正文")
@click.option("--top", default=50, show_default=True, type=click.IntRange(1, 10000), help="通报附件每张表最多列出的行数")
@click.option("--rules", "rules_path", type=click.Path(path_type=Path, dir_okay=False),
              help="规则文件（TOML），覆盖默认阈值和责任容量")
def bulletin(new_path, previous_path, out_path, date, previous_date, top, rules_path):
    if out_path.suffix.lower() not in (".docx", ".html", ".htm"):
        raise click.BadParameter("通报文件须以 .docx 或 .html 结尾", param_hint="--out")
    result = run_bulletin(new_path, out_path, previous_path=previous_path, rules_path=rules_path, date=date,
                          previous_date=previous_date, top=top)
    echo(f"通报（Word）：{Path(result.files['docx']).resolve()}")
    echo(f"通报（网页）：{Path(result.files['html']).resolve()}")
    echo(f"附件名单：{Path(result.files['lists']).resolve()}")
