"""The ``liangxin`` command line (OUTPUT.md).

Exit status: 0 done; 2 bad input or usage, with a one-line Chinese reason and no
traceback; 1 anything else.
"""

import logging
import sys
from pathlib import Path

import click

from liangxin.errors import GraphFileError, LiangxinInputError, OutputError, RulesError
from liangxin._terminal import echo

__all__ = ["main"]

log = logging.getLogger("liangxin")

_HEADINGS = {"Options": "选项", "Commands": "命令", "Arguments": "参数"}


class _ChineseFormatter(click.HelpFormatter):
    def write_usage(self, prog, args="", prefix=None):
        super().write_usage(prog, args.replace("[OPTIONS]", "[选项]").replace("COMMAND", "命令")
                            .replace("[ARGS]...", "[参数]..."), prefix="用法：")

    def write_heading(self, heading):
        super().write_heading(_HEADINGS.get(heading, heading))

    def write_dl(self, rows, *args, **kwargs):
        """click's own words in option help, in Chinese."""
        rows = [(term, text.replace("Show this message and exit.", "显示帮助并退出")
                 .replace("Show the version and exit.", "显示版本号并退出")
                 .replace("[required]", "[必填]").replace("[default: ", "[默认：")) for term, text in rows]
        super().write_dl(rows, *args, **kwargs)


class _Context(click.Context):
    formatter_class = _ChineseFormatter


class _Command(click.Command):
    context_class = _Context


_CLICK_PHRASES = (("Missing option", "缺少选项"), ("Missing argument", "缺少参数"), ("No such option", "没有这个选项"),
                  ("No such command", "没有这个命令"), ("Invalid value for", "取值无效："), ("Got unexpected extra argument",
                  "多余的参数"), ("does not exist", "不存在"), ("is not in the range", "不在范围内"),
                  ("is not a valid integer", "不是整数"), ("requires an argument", "需要一个值"))


def _chinese(message):
    for english, chinese in _CLICK_PHRASES:
        message = message.replace(english, chinese)
    return message


class _Group(click.Group):
    context_class = _Context
    command_class = _Command

    def add_command(self, cmd, name=None):
        """Commands defined in other modules get the Chinese help too."""
        cmd.context_class = _Context
        if isinstance(cmd, click.Group):
            for sub in cmd.commands.values():
                sub.context_class = _Context
        super().add_command(cmd, name)

    def main(self, args=None, prog_name=None, **extra):
        """Run, turning click's multi-line usage errors into one Chinese line (exit 2)."""
        extra.pop("standalone_mode", None)
        try:
            status = super().main(args, prog_name, standalone_mode=False, **extra)
        except click.UsageError as error:
            where = f"{error.ctx.command_path} --help" if error.ctx else "liangxin --help"
            echo(f"错误：{_chinese(error.format_message())}（用法见 {where}）", err=True)
            sys.exit(2)
        except click.ClickException as error:
            echo(f"错误：{_chinese(error.format_message())}", err=True)
            sys.exit(error.exit_code)
        except click.exceptions.Abort:
            echo("已中断", err=True)
            sys.exit(1)
        sys.exit(status if isinstance(status, int) else 0)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (LiangxinInputError, RulesError, GraphFileError, OutputError) as error:
            echo(f"错误：{error}", err=True)
            sys.exit(2)
        except PermissionError as error:  # an output locked after the check, or a folder we may not write in
            log.debug("cannot write", exc_info=True)
            echo(f"错误：无法写入 {error.filename or ''}：没有写入权限，或文件正被其他程序"
                 f"（如 Excel、WPS）打开。请关闭后重试，或换一个文件夹", err=True)
            sys.exit(2)
        except KeyboardInterrupt:
            echo("已中断", err=True)
            sys.exit(1)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit):
            raise
        except Exception as error:  # anything else is our bug: say so in one line, details in the log
            log.debug("unexpected error", exc_info=True)
            echo(f"内部错误：{type(error).__name__}: {error}（加 --verbose 查看详情）", err=True)
            if ctx.obj and ctx.obj.get("verbose"):
                raise
            sys.exit(1)


_HELP = dict(help_option_names=["-h", "--help"])


def _version():
    from liangxin import __version__

    return __version__


@click.group(cls=_Group, context_settings=_HELP, help="""两新组织党建责任网络分析工具 liangxin。

\b
把“挂点促建、驻街保建、主管包建、党群共建”台账读成一张责任网络，
找出未覆盖组织、超负荷单位和责任链断点，计算覆盖率，输出委员会报告。

\b
常用：
  liangxin demo --out 结果/                 用演示数据试一遍
  liangxin template --out 台账模板.xlsx      生成空白台账模板
  liangxin analyze 台账.xlsx --out 结果/     分析台账，生成报告
""")
@click.version_option(_version(), "-V", "--version", prog_name="liangxin", message="%(prog)s %(version)s",
                      help="显示版本号并退出")
@click.option("-v", "--verbose", is_flag=True, help="显示详细日志（排查问题时使用）")
@click.pass_context
def main(ctx, verbose):
    ctx.ensure_object(dict)["verbose"] = verbose
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    if not verbose:  # the driver logs its own English errors; ours say the same in Chinese
        logging.getLogger("neo4j").setLevel(logging.CRITICAL)


def _report_done(result, out_dir):
    counts = result.summary["counts"]
    overall = result.summary["coverage"]["overall"]

    def pct(value):
        return "—" if value is None else f"{value:.1%}"

    echo(f"已分析 {counts['organizations']} 个两新组织（读取 {counts['rows_read']} 行，"
               f"拒收 {counts['rows_rejected']} 行）")
    echo(f"  未覆盖组织 {len(result.summary['uncovered'])} 个，超负荷单位 {len(result.summary['overloaded'])} 个，"
               f"责任链断点 {len(result.summary['broken_chains'])} 个")
    echo(f"  组织覆盖率 {pct(overall['org_coverage'])}，单独组建率 {pct(overall['standalone_rate'])}，"
               f"工作覆盖率 {pct(overall['work_coverage'])}")
    echo(f"报告：{Path(result.files['report']).resolve()}")
    echo(f"网络图：{Path(result.files['network']).resolve()}（用浏览器直接打开，无需联网）")
    echo(f"结果文件夹：{Path(out_dir).resolve()}（summary.json、findings.csv、report.xlsx、network.html、图表 PNG）")


@main.command(help="""分析台账，生成报告。

\b
INPUT 是 .xlsx/.xls 工作簿，或每个工作表一个 CSV 文件的文件夹。
在 --out 文件夹中写出 report.xlsx（委员会报告，含图表）、network.html（责任网络图，
离线可打开）、summary.json、findings.csv 和图表 PNG。
""")
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path, file_okay=False),
              help="输出文件夹（不存在时自动创建）")
@click.option("--rules", "rules_path", type=click.Path(path_type=Path, dir_okay=False),
              help="规则文件（TOML），覆盖默认阈值和责任容量")
def analyze(input_path, out_dir, rules_path):
    from liangxin.pipeline import run_analyze

    result = run_analyze(input_path, out_dir, rules_path)
    _report_done(result, out_dir)


@main.command(help="""生成演示数据并分析。

\b
在 --out 文件夹写出一份模拟龙岗区的台账 sample.xlsx（组织数超过 Excel 行数上限时
写成 CSV 文件夹 sample/），并像 analyze 一样分析它。相同 --seed 生成相同数据。
""")
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path, file_okay=False),
              help="输出文件夹")
@click.option("--orgs", "n_orgs", default=5000, show_default=True, type=click.IntRange(100, 5_000_000),
              help="两新组织数量")
@click.option("--seed", default=0, show_default=True, type=int, help="随机种子")
@click.option("--later", is_flag=True, help="生成几周后的同一区快照（用于 diff）")
@click.option("--csv", "as_csv", is_flag=True, help="写成 CSV 文件夹（每个工作表一个 CSV），而不是 .xlsx")
@click.option("--no-analyze", is_flag=True, help="只生成台账，不分析")
def demo(out_dir, n_orgs, seed, later, as_csv, no_analyze):
    from liangxin.demo import write_demo
    from liangxin.pipeline import ANALYZE_OUTPUTS, check_writable, run_analyze

    if not no_analyze:  # before the sample is replaced, not after
        check_writable([out_dir / name for name in ANALYZE_OUTPUTS])
    out_dir.mkdir(parents=True, exist_ok=True)
    sample = write_demo(out_dir, n_orgs=n_orgs, seed=seed, later=later, csv=as_csv)
    echo(f"演示台账：{sample.resolve()}")
    if not no_analyze:
        result = run_analyze(sample, out_dir)
        _report_done(result, out_dir)


@main.command(help="生成空白台账模板：包含 INPUT 约定的全部工作表和表头，以及“说明”工作表。")
@click.option("--out", "out_file", required=True, type=click.Path(path_type=Path, dir_okay=False),
              help="模板文件路径（.xlsx）")
def template(out_file):
    from liangxin.loaders.writers import write_template

    if out_file.suffix.lower() != ".xlsx":
        raise click.BadParameter("模板文件须以 .xlsx 结尾", param_hint="--out")
    out_file.parent.mkdir(parents=True, exist_ok=True)
    write_template(out_file)
    echo(f"模板：{out_file.resolve()}")


def _register_commands():
    from liangxin.neo4j_command import neo4j
    from liangxin.tracking_command import bulletin, diff
    from liangxin.viz_command import viz

    for command in (viz, diff, bulletin, neo4j):
        main.add_command(command)


_register_commands()

if __name__ == "__main__":  # pragma: no cover
    main()
