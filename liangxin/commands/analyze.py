"""``liangxin analyze``, ``liangxin demo`` and ``liangxin template``: the main job and its inputs."""

from pathlib import Path

import click

from liangxin._terminal import echo
from liangxin.commands._click import HELP, Command, OutPath, keep_until_exit, parse_date

__all__ = ["analyze", "demo", "template", "report_done"]


def report_done(result, out_dir):
    from liangxin.queries.analysis import headline_figures

    counts = result.summary["counts"]
    overall = result.summary["coverage"]["overall"]

    def pct(value):
        return "—" if value is None else f"{value:.1%}"

    echo(f"已分析 {counts['organizations']} 个两新组织（读取 {counts['rows_read']} 行，"
               f"拒收 {counts['rows_rejected']} 行）")
    head = headline_figures(result.analysis)
    echo(f"  未覆盖组织 {head['open']} 个（另有提升项 {head['improvement']} 个），"
         f"无责任主体 {head['no_responsible_unit']} 个，重点难点未挂点 {head['key_no_leader']} 个，"
         f"超负荷单位 {head['overloaded']} 个，责任链断点 {head['broken_chains']} 个")
    echo(f"  组织覆盖率 {pct(overall['org_coverage'])}，单独组建率 {pct(overall['standalone_rate'])}，"
               f"工作覆盖率 {pct(overall['work_coverage'])}")
    echo(f"报告：{Path(result.files['report']).resolve()}")
    streets = [path for key, path in result.files.items() if key.startswith("street:")]
    if streets:
        echo(f"各街道报告：{Path(streets[0]).parent.resolve()}（{len(streets)} 个街道，每街道一个工作簿）")
    echo(f"网络图：{Path(result.files['network']).resolve()}（用浏览器直接打开，无需联网）")
    echo(f"结果文件夹：{Path(out_dir).resolve()}（summary.json、findings.csv、report.xlsx、network.html、图表 PNG）")


@click.command("analyze", cls=Command, context_settings=HELP, help="""分析台账，生成报告。

\b
INPUT 是 .xlsx/.xls 工作簿、每个工作表一个 CSV 文件的文件夹，或保存的 .lxg 网络。
在 --out 文件夹中写出 report.xlsx（委员会报告，含图表）、network.html（责任网络图，
离线可打开）、summary.json、findings.csv 和图表 PNG。
""")
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", required=True, type=OutPath(path_type=Path, file_okay=False),
              help="输出文件夹（不存在时自动创建）")
@click.option("--rules", "rules_path", type=click.Path(path_type=Path, dir_okay=False),
              help="规则文件（TOML），覆盖默认阈值和责任容量")
@click.option("--date", "data_date", callback=parse_date, help="数据日期，如 2019-04-26 或 2019年4月26日（写在报告总览中；默认今天）")
@click.option("--by-street", is_flag=True, help="另为每个街道写一个工作簿（各街道/平湖街道.xlsx …），供街道书记使用")
def analyze(input_path, out_dir, rules_path, data_date, by_street):
    from liangxin.pipeline import run_analyze

    result = keep_until_exit(run_analyze(input_path, out_dir, rules_path, date=data_date, by_street=by_street))
    report_done(result, out_dir)


@click.command("demo", cls=Command, context_settings=HELP, help="""生成演示数据并分析。

\b
在 --out 文件夹写出一份模拟龙岗区的台账 sample.xlsx（组织数超过 Excel 行数上限时
写成 CSV 文件夹 sample/），并像 analyze 一样分析它。相同 --seed 生成相同数据。
""")
@click.option("--out", "out_dir", required=True, type=OutPath(path_type=Path, file_okay=False),
              help="输出文件夹")
@click.option("--orgs", "n_orgs", default=5000, show_default=True, type=click.IntRange(100, 5_000_000),
              help="两新组织数量")
@click.option("--seed", default=0, show_default=True, type=int, help="随机种子")
@click.option("--later", is_flag=True, help="生成几周后的同一区快照（用于 diff）")
@click.option("--weeks", default=None, type=click.IntRange(2, 52),
              help="生成同一区连续 N 周的台账（DIR/各期台账/台账-日期.xlsx，用于 trend 和 bulletin --history），并分析最后一周")
@click.option("--csv", "as_csv", is_flag=True, help="写成 CSV 文件夹（每个工作表一个 CSV），而不是 .xlsx")
@click.option("--no-analyze", is_flag=True, help="只生成台账，不分析")
@click.option("--districts", default=1, show_default=True, type=click.IntRange(1, 10),
              help="几个区合成一份台账（全市，带“区”列；组织数平均分到各区）")
def demo(out_dir, n_orgs, seed, later, weeks, as_csv, no_analyze, districts):
    from liangxin.demo import write_demo, write_demo_series
    from liangxin.pipeline import ANALYZE_OUTPUTS, check_writable, run_analyze

    if districts > 1 and (later or weeks):
        raise click.BadParameter("--districts 不能与 --later、--weeks 同用", param_hint="--districts")
    if later and weeks:
        raise click.BadParameter("--later 与 --weeks 只能选一个（--weeks 2 的第二周即 --later 的快照）", param_hint="--weeks")
    if not no_analyze:  # before the sample is replaced, not after
        check_writable([out_dir / name for name in ANALYZE_OUTPUTS])
    out_dir.mkdir(parents=True, exist_ok=True)
    if weeks:
        series = write_demo_series(out_dir / "各期台账", n_orgs=n_orgs, seed=seed, weeks=weeks, csv=as_csv)
        sample = series[-1]
        echo(f"演示台账（{weeks} 周）：{sample.parent.resolve()}；看趋势：liangxin trend {sample.parent} --out 趋势")
    else:
        sample = write_demo(out_dir, n_orgs=n_orgs, seed=seed, later=later, csv=as_csv, districts=districts)
        echo(f"演示台账：{sample.resolve()}")
    rules = None
    if districts > 1:  # a city's ledger names its scope, or the outputs would call it 龙岗区
        from liangxin.demo.city import CITY_NAME, write_city_rules

        rules = write_city_rules(out_dir)
        echo(f"规则文件：{rules.resolve()}（范围名称 {CITY_NAME}；自己的全市台账复制它、改成本市名称）")
        if no_analyze:
            echo(f"分析：liangxin analyze {sample} --out 结果 --rules {rules}")
    if not no_analyze:
        result = keep_until_exit(run_analyze(sample, out_dir, rules_path=rules))
        report_done(result, out_dir)


@click.command("template", cls=Command, context_settings=HELP, help="""生成空白台账模板：INPUT 约定的全部工作表和表头，以及“说明”工作表。

\b
必填列红色表头、可选列灰色表头；每个工作表有一行示例（序号为“示例”，导入时自动忽略）；
组织类型、党组织状态、是/否列和街道列有下拉选项；统一社会信用代码、联系电话列为文本格式。

\b
例：
  liangxin template --out 台账模板.xlsx
  liangxin template --district 龙岗区 --out 台账模板.xlsx   街道下拉列表预置龙岗区 11 个街道
""")
@click.option("--out", "out_file", required=True, type=OutPath(path_type=Path, dir_okay=False),
              help="模板文件路径（.xlsx）")
@click.option("--district", default=None,
              help="预置该区的街道作为街道列的下拉选项（如 龙岗区）；不给时下拉选项取自“街道社区”表中填写的街道")
@click.option("--force", is_flag=True, help="文件已存在时覆盖它（默认不覆盖，以免冲掉已填写的台账）")
def template(out_file, district, force):
    from liangxin.loaders.template import district_streets, write_template

    if out_file.suffix.lower() != ".xlsx":
        raise click.BadParameter("模板文件须以 .xlsx 结尾", param_hint="--out")
    if out_file.exists() and not force:
        raise click.BadParameter(f"{out_file} 已存在（可能是已填写的台账），不覆盖；确要覆盖请加 --force", param_hint="--out")
    streets = district_streets(district) if district else None
    out_file.parent.mkdir(parents=True, exist_ok=True)
    write_template(out_file, streets=streets)
    echo(f"模板：{out_file.resolve()}")
    echo("填好后先检查：liangxin check 台账.xlsx --out 检查结果（问题标注回各文件，便于退回修改）")
