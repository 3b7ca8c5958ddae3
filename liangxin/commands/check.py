"""``liangxin check``: validate the input and write each file back marked up, for 退回修改.

Listed in :data:`liangxin.cli.COMMANDS`. Exit status: 0 when no file has a problem, 1 when any
row was rejected or warned about (the copies say where), 2 when the input cannot be read at all.
"""

from pathlib import Path

import click

from liangxin._terminal import echo
from liangxin.commands._click import HELP, INPUT, RULES, Command, OutPath

__all__ = ["check"]


@click.command("check", cls=Command, context_settings=HELP, help="""检查台账，把问题标注回各个文件，便于退回修改。

\b
只检查数据（读取和校验），不分析、不出报告，用时约为 analyze 的一半。
INPUT 的每个文件在 --out 文件夹中得到一份同名副本（CSV、.xls 文件的副本为 .xlsx）：
有问题的单元格标色（拒收为浅红，警告为浅黄）并加批注写明原因，
最前面的“问题清单”工作表逐条列出问题，点单元格地址可跳到该单元格。原件不做任何改动。

\b
退出状态：0 没有发现问题；1 发现问题（见副本和问题清单）；2 无法读取输入。

\b
例：
  liangxin check 附件1.xlsx --out 检查结果
  liangxin check 台账CSV文件夹 --out 检查结果
""")
@INPUT
@click.option("--out", "out_dir", required=True, type=OutPath(path_type=Path, file_okay=False),
              help="输出文件夹：标注后的副本写在这里（不存在时自动创建；不能是输入所在的文件夹）")
@RULES
def check(input_path, out_dir, rules_path):
    from liangxin.loaders.check import check_input
    from liangxin.loaders.limits import reading_limits
    from liangxin.queries.rules import load_rules

    rules = load_rules(rules_path)
    with reading_limits(rules.limits):
        results = check_input(input_path, out_dir)
    for result in results:
        if result.skipped:
            echo(f"{result.file}：{result.skipped}，未读取")
            continue
        if result.structural:
            echo(f"{result.file}：缺少必需的工作表或列，无法逐行检查 → {result.copy}")
            continue
        echo(f"{result.file}：读取 {result.rows_read} 行，拒收 {result.rows_rejected} 行，"
             f"警告 {result.warnings} 条 → {result.copy}")
    for message in dict.fromkeys(m for r in results for m in r.structural):
        echo(f"  {message}")
    problems = [r for r in results if not r.clean]
    if problems:
        echo(f"{len(problems)} 个文件有问题：请把标注后的副本退回填报单位修改（问题见各副本的“问题清单”工作表）")
        return 1
    echo("未发现问题，可以分析：liangxin analyze " + str(input_path) + " --out 结果")
    return 0
