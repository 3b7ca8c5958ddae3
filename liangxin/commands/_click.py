"""click in Chinese: the help formatter, context and command classes every command uses.

The main group (:mod:`liangxin.cli`) and the ``neo4j`` subgroup both build on these, so every
``--help`` has Chinese headings and click's own English phrases are translated.
"""

import datetime as dt
import re
from pathlib import Path

import click

__all__ = ["ChineseFormatter", "Context", "Command", "Group", "OutPath", "chinese", "HELP", "INPUT", "RULES", "parse_date"]

_HEADINGS = {"Options": "选项", "Commands": "命令", "Arguments": "参数"}

_CLICK_PHRASES = (("Missing option", "缺少选项"), ("Missing argument", "缺少参数"), ("No such option", "没有这个选项"),
                  ("No such command", "没有这个命令"), ("Invalid value for", "取值无效："),
                  ("Got unexpected extra argument", "多余的参数"), ("does not exist", "不存在"),
                  ("is not in the range", "不在范围内"), ("is not a valid integer", "不是整数"),
                  ("requires an argument", "需要一个值"))


def chinese(message: str) -> str:
    """click's English phrases in `message`, in Chinese.

    Examples
    --------
    >>> chinese("Missing option '--out'.")
    "缺少选项 '--out'."
    """
    for english, translated in _CLICK_PHRASES:
        message = message.replace(english, translated)
    return message


class ChineseFormatter(click.HelpFormatter):
    """Help text with Chinese headings and click's own option help in Chinese."""

    def write_usage(self, prog, args="", prefix=None):
        super().write_usage(prog, args.replace("[OPTIONS]", "[选项]").replace("COMMAND", "命令")
                            .replace("[ARGS]...", "[参数]..."), prefix="用法：")

    def write_heading(self, heading):
        super().write_heading(_HEADINGS.get(heading, heading))

    def write_dl(self, rows, *args, **kwargs):
        rows = [(term, text.replace("Show this message and exit.", "显示帮助并退出")
                 .replace("Show the version and exit.", "显示版本号并退出")
                 .replace("[required]", "[必填]").replace("[default: ", "[默认：")) for term, text in rows]
        super().write_dl(rows, *args, **kwargs)


class Context(click.Context):
    formatter_class = ChineseFormatter


class Command(click.Command):
    context_class = Context


class Group(click.Group):
    """A group whose commands (and their subcommands) get the Chinese help."""

    context_class = Context
    command_class = Command


class OutPath(click.Path):
    """An output path (``--out``): never empty (``--out ""`` would write into the current folder)."""

    def convert(self, value, param, ctx):
        if isinstance(value, str) and not value.strip():
            self.fail("输出位置不能为空", param, ctx)
        return super().convert(value, param, ctx)


#: The options and arguments several commands share.
HELP = dict(help_option_names=["-h", "--help"])
INPUT = click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
RULES = click.option("--rules", "rules_path", type=click.Path(path_type=Path, dir_okay=False),
                     help="规则文件（TOML），覆盖默认阈值和责任容量")

_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


def parse_date(ctx, param, value):
    """A click callback: ``2019-05-10``, ``2019/5/10`` or ``2019年5月10日`` as a date (None stays None).

    Examples
    --------
    >>> parse_date(None, None, "2019年5月10日")
    datetime.date(2019, 5, 10)
    """
    if value is None:
        return None
    match = _DATE.match(value)
    try:
        if not match:
            raise ValueError
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        raise click.BadParameter(f"日期“{value}”无效，应写成 2019-05-10 或 2019年5月10日") from None
