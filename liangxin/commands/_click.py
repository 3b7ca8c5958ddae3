"""click in Chinese: the help formatter, context and command classes every command uses.

The main group (:mod:`liangxin.cli`) and the ``neo4j`` subgroup both build on these, so every
``--help`` has Chinese headings and click's own English phrases are translated.
"""

import datetime as dt
import re
from pathlib import Path

import click

__all__ = ["ChineseFormatter", "Context", "Command", "Group", "OutPath", "chinese", "HELP", "INPUT", "RULES", "parse_date",
           "keep_until_exit", "keep_results", "KEPT"]

_HEADINGS = {"Options": "选项", "Commands": "命令", "Arguments": "参数"}

_PATH = r"(?:[Ff]ile|[Dd]irectory|[Pp]ath) '([^']*)'"
#: click's own messages (8.x), as patterns → Chinese, applied in order.
_CLICK_MESSAGES = tuple((re.compile(pattern), chinese_text) for pattern, chinese_text in (
    (r"Invalid value for ([^:]+): ", r"\1 的取值无效："),
    (r"Invalid value: ", "取值无效："),
    (_PATH + r" does not exist\.", r"“\1”不存在"),
    (_PATH + r" is a directory\.", r"“\1”是文件夹，这里应为文件"),
    (_PATH + r" is a file\.", r"“\1”是文件，这里应为文件夹"),
    (_PATH + r" is not readable\.", r"“\1”无法读取（没有读取权限）"),
    (_PATH + r" is not writable\.", r"“\1”无法写入（没有写入权限）"),
    (_PATH + r" is not executable\.", r"“\1”不可执行"),
    (r"'([^']*)' is not a valid integer range\.", r"“\1”不是范围内的整数"),
    (r"'([^']*)' is not a valid (?:integer|int)\.", r"“\1”不是整数"),
    (r"'([^']*)' is not a valid (?:float|float range)\.", r"“\1”不是数字"),
    (r"'([^']*)' is not a valid boolean\.", r"“\1”不是是/否"),
    (r"'([^']*)' is not a valid \w+\.", r"“\1”无效"),
    (r"(\S+) is not in the range (.+?)\.", r"\1 不在范围 \2 内"),
    (r"'([^']*)' is not one of (.+)\.", r"“\1”应为其中之一：\2"),
    (r"'([^']*)' is not '([^']*)'\.", r"“\1”应为“\2”"),
    (r"Missing option '([^']*)'\.?", r"缺少选项 \1"),
    (r"Missing argument '([^']*)'\.?", r"缺少参数 \1"),
    (r"Missing (?:option|argument|parameter)", "缺少参数"),
    (r"Missing command\.", "缺少命令"),
    (r"No such option:? '?([^'\s.]+)'?\.?", r"没有这个选项 \1"),
    (r"No such command:? '?([^'\s]+?)'?\.", r"没有这个命令 \1"),
    (r"\(Did you mean one of: (.+)\?\)", r"（是否想用其中之一：\1？）"),
    (r"Did you mean (\S+)\?", r"是否想用 \1？"),
    (r"Option '([^']*)' requires an argument\.", r"选项 \1 需要一个值"),
    (r"Option '([^']*)' requires (\d+) arguments\.", r"选项 \1 需要 \2 个值"),
    (r"Option '([^']*)' does not take a value\.", r"选项 \1 不接受取值"),
    (r"Argument '([^']*)' takes (\d+) values\.", r"参数 \1 需要 \2 个值"),
    (r"Got unexpected extra arguments? \((.*)\)", r"多余的参数（\1）"),
    (r"Could not open file '([^']*)': ", r"无法打开文件“\1”："),
))


def chinese(message: str) -> str:
    """click's English messages in `message`, in Chinese.

    Examples
    --------
    >>> chinese("Missing option '--out'.")
    '缺少选项 --out'
    >>> chinese("Invalid value for '--rules': File '/tmp' is a directory.")
    "'--rules' 的取值无效：“/tmp”是文件夹，这里应为文件"
    >>> chinese("No such option: --outt Did you mean --out?")
    '没有这个选项 --outt 是否想用 --out？'
    """
    for pattern, translated in _CLICK_MESSAGES:
        message = pattern.sub(translated, message)
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


#: What finished commands built, kept until the program ends (:func:`liangxin.cli.run`).
KEPT = []
_keeping = []  # one True once the program ends without teardown (:func:`keep_results`)


def keep_results() -> None:
    """From now on :func:`keep_until_exit` keeps what it is given: the process ends without freeing it.

    Only :func:`liangxin.cli.run` says so, and only when it ends the process itself.

    Examples
    --------
    >>> _keeping, KEPT  # not said here (the doctests' process is not the liangxin program)
    ([], [])
    """
    _keeping[:] = [True]


def keep_until_exit(value):
    """Keep `value` alive until ``liangxin`` exits, which it does without freeing it.

    A million organizations' tables are some ten million Python objects: freeing them one by one
    when a command returns takes about a second (a city's, several), while the operating system
    takes the whole memory back at once when the process ends. Only the ``liangxin`` program does
    this (after :func:`keep_results`); called from a notebook or a test runner (``main()`` without
    ``run()``), nothing is kept.

    Examples
    --------
    >>> keep_until_exit("表")
    '表'
    >>> KEPT  # not the liangxin program: nothing kept
    []
    """
    if _keeping:
        KEPT.append(value)
    return value
