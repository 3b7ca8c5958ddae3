"""``liangxin diff`` and ``liangxin bulletin``: the periodic comparison and the bulletin (通报).

Listed in :data:`liangxin.cli.COMMANDS`; the jobs behind them are :func:`liangxin.pipeline.run_diff`
and :func:`liangxin.pipeline.run_bulletin`.
"""

from pathlib import Path

import click

from liangxin._terminal import echo
from liangxin.commands._click import HELP, Command, OutPath, parse_date

__all__ = ["diff", "bulletin", "trend"]


def _pct(value):
    return "—" if value is None or value != value else f"{value:.1%}"


def _pp(before, after):
    """The change of a rate in percentage points, as people read it: （+2.5 个百分点）."""
    if before is None or after is None or before != before or after != after:
        return ""
    points = (after - before) * 100
    return "（持平）" if abs(points) < 0.05 else f"（{points:+.1f} 个百分点）"


@click.command("diff", cls=Command, context_settings=HELP, help="""比较两期台账（定期通报用）。

\b
OLD 是上期台账，NEW 是本期台账（.xlsx/.xls 工作簿、CSV 文件夹或保存的 .lxg 网络）。
按统一社会信用代码（无有效代码时按名称）对应两期组织，列出缺口关闭和新增缺口、
新增和减少的组织、更名、新建党组织、各街道覆盖率和各单位负荷的变化，
并对本期给出联合组建建议、单独组建名单、负荷调整建议和数据冲突。
在 --out 文件夹写出 diff.xlsx（中文工作簿）和 diff.json。
""")
@click.argument("old_path", metavar="OLD", type=click.Path(path_type=Path))
@click.argument("new_path", metavar="NEW", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", required=True, type=OutPath(path_type=Path, file_okay=False),
              help="输出文件夹（不存在时自动创建）")
@click.option("--rules", "rules_path", type=click.Path(path_type=Path, dir_okay=False),
              help="规则文件（TOML），覆盖默认阈值和责任容量")
def diff(old_path, new_path, out_dir, rules_path):
    from liangxin.pipeline import run_diff

    result = run_diff(old_path, new_path, out_dir, rules_path)
    c = result.diff.counts
    streets = result.diff.streets
    overall = streets[streets["scope"] == "overall"].iloc[0]
    echo(f"已比较两期台账：上期 {c['organizations_before']} 个组织，本期 {c['organizations_after']} 个组织"
               f"（新增 {c['added']}，减少 {c['removed']}，更名 {c['renamed']}）")
    echo(f"  缺口关闭 {c['closed_gap_orgs']} 个组织，新增缺口 {c['opened_gap_orgs']} 个组织；"
               f"新建党组织 {c['new_branches']} 个（单独组建 {c['new_standalone_branches']}，"
               f"联合党支部 {c['new_joint_branches']}）；党组织组建推进的组织 {c['formed']} 个"
               f"（新建单独组建 {c['formed_standalone']}，加入联合组建 {c['formed_joint']}，"
               f"联合转单独 {c['joint_to_standalone']}）")
    before, after = overall["org_coverage_before"], overall["org_coverage_after"]
    alone_before, alone_after = overall["standalone_rate_before"], overall["standalone_rate_after"]
    echo(f"  组织覆盖率 {_pct(before)} → {_pct(after)}{_pp(before, after)}，"
         f"单独组建率 {_pct(alone_before)} → {_pct(alone_after)}{_pp(alone_before, alone_after)}")
    recs = result.recommendations
    echo(f"  建议：联合组建 {recs.joint['group_id'].nunique()} 组，具备单独组建条件 {len(recs.standalone)} 个，"
               f"负荷调整 {len(recs.rebalancing.moves)} 条，数据冲突 {len(recs.conflicts)} 条（本期台账内不一致）；"
         f"两期间数据变动 {c['changed_orgs']} 个组织")
    echo(f"对比表：{Path(result.files['xlsx']).resolve()}")
    echo(f"结果文件夹：{Path(out_dir).resolve()}（diff.xlsx、diff.json）")


@click.command("bulletin", cls=Command, context_settings=HELP, help="""编写“大组建”进展情况通报。

\b
NEW 是本期台账；给出 --previous 上期台账时，按上期以来的进展排名，否则按当前覆盖率排名。
--out 给 .docx 或 .html 文件名，两种格式都会写出（同名、不同扩展名），
并在旁边写出完整名单“文件名_附件名单.xlsx”。
""")
@click.argument("new_path", metavar="NEW", type=click.Path(path_type=Path))
@click.option("--previous", "previous_path", type=click.Path(path_type=Path), help="上期台账（用于比较进展）")
@click.option("--history", "history_path", type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="存放以往各期台账的文件夹（文件名带日期）：加一节“进展趋势”（趋势图、红黄绿评价、未覆盖最久的组织）")
@click.option("--out", "out_path", required=True, type=OutPath(path_type=Path, dir_okay=False),
              help="通报文件路径（.docx 或 .html）")
@click.option("--date", "date", callback=parse_date, help="通报日期，如 2019-05-10（默认今天）")
@click.option("--previous-date", "previous_date", callback=parse_date, help="上期台账的日期，写入通报正文")
@click.option("--issuer", default=None, help="发文机关（默认“中共<区名>委两新组织工委”）")
@click.option("--number", default=None, help="文号，如 深龙组通〔2019〕35号")
@click.option("--signer", default=None, help="签发人")
@click.option("--top", default=50, show_default=True, type=click.IntRange(1, 10000), help="通报附件每张表最多列出的行数")
@click.option("--rules", "rules_path", type=click.Path(path_type=Path, dir_okay=False),
              help="规则文件（TOML），覆盖默认阈值和责任容量")
def bulletin(new_path, previous_path, history_path, out_path, date, previous_date, issuer, number, signer, top,
             rules_path):
    if out_path.suffix.lower() not in (".docx", ".html", ".htm"):
        raise click.BadParameter("通报文件须以 .docx 或 .html 结尾", param_hint="--out")
    if date and previous_date and previous_date > date:
        raise click.BadParameter(f"上期日期 {previous_date} 晚于本期日期 {date}", param_hint="--previous-date")
    from liangxin.pipeline import run_bulletin

    result = run_bulletin(new_path, out_path, previous_path=previous_path, rules_path=rules_path, date=date,
                          previous_date=previous_date, top=top, history_path=history_path,
                          masthead={"issuer": issuer, "number": number, "signer": signer})
    echo(f"通报（Word）：{Path(result.files['docx']).resolve()}")
    echo(f"通报（网页）：{Path(result.files['html']).resolve()}")
    echo(f"附件名单：{Path(result.files['lists']).resolve()}")


def _parse_dates(ctx, param, value):
    if value is None:
        return None
    return [parse_date(ctx, param, part) for part in value.replace("，", ",").split(",") if part.strip()]


@click.command("trend", cls=Command, context_settings=HELP, help="""各期台账的进展趋势（“大组建”全程跟踪）。

\b
SNAPSHOT 是各期台账（.xlsx/.xls 工作簿、CSV 文件夹或 .lxg），或存放各期台账的一个文件夹。
每期的日期取自 --dates，否则取自文件名（如 台账-2019-05-10.xlsx），都没有时按给出的顺序每周一期。
在 --out 文件夹写出 trend.xlsx（各期汇总、进度评价、未覆盖时长等，含趋势图）和 trend.json：
每期的未覆盖组织、各项覆盖率和实施方案目标、无责任主体、重点难点未挂点、超负荷单位，
以及各街道、各责任单位按攻坚期限（规则文件 [campaign]）应有的每周进度和红黄绿评价。
""")
@click.argument("snapshot_paths", metavar="SNAPSHOT...", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", required=True, type=OutPath(path_type=Path, file_okay=False),
              help="输出文件夹（不存在时自动创建）")
@click.option("--dates", "dates", callback=_parse_dates,
              help="各期日期，按 SNAPSHOT 的顺序用逗号分隔，如 2019-05-03,2019-05-10")
@click.option("--rules", "rules_path", type=click.Path(path_type=Path, dir_okay=False),
              help="规则文件（TOML），覆盖默认阈值、责任容量和攻坚期限")
def trend(snapshot_paths, out_dir, dates, rules_path):
    from liangxin.pipeline import run_trend
    from liangxin.snapshot_dates import date_in_name, snapshot_paths as named

    if dates is None and any(date_in_name(p.name) is None for p in named(snapshot_paths)):
        echo("注意：有台账的文件名中没有日期，按给出的顺序每周一期排列；可用 --dates 指定各期日期", err=True)
    result = run_trend(snapshot_paths, out_dir, dates=dates, rules_path=rules_path)
    last = result.trend.snapshots.iloc[-1]
    lights = result.trend.status["status"].value_counts()
    echo(f"已汇总 {len(result.dates)} 期台账（{result.dates[0]} 至 {result.dates[-1]}）：最近一期未覆盖组织 "
         f"{int(last['open'])} 个，组织覆盖率 {_pct(last['org_coverage'])}")
    echo(f"  进度评价：绿 {int(lights.get('绿', 0))}，黄 {int(lights.get('黄', 0))}，红 {int(lights.get('红', 0))}"
         f"（街道和责任单位）")
    echo(f"趋势表：{Path(result.files['xlsx']).resolve()}")
