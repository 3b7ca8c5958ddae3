"""The ``liangxin`` command line (OUTPUT.md): one group, and the table of its commands.

Exit status: 0 done; 2 bad input or usage, with a one-line Chinese reason and no
traceback; 1 anything else.

Each command lives in a module of :mod:`liangxin.commands` and is imported only when it runs
(or when ``--help`` lists it), so ``liangxin --help`` loads neither pandas nor networkx.
"""

import importlib
import logging
import os
import sys

import click

from liangxin._memory import retain_freed_memory
from liangxin._terminal import echo
from liangxin.commands._click import HELP, Context, Group, chinese, keep_results
from liangxin.errors import GraphFileError, LiangxinInputError, OutputError, RulesError

__all__ = ["main", "run", "COMMANDS"]

log = logging.getLogger("liangxin")

#: Every command: name → "module:attribute" (a click command or group), in the order ``--help`` lists them.
COMMANDS = {
    "analyze": "liangxin.commands.analyze:analyze",
    "demo": "liangxin.commands.analyze:demo",
    "template": "liangxin.commands.analyze:template",
    "check": "liangxin.commands.check:check",
    "viz": "liangxin.commands.viz:viz",
    "diff": "liangxin.commands.tracking:diff",
    "bulletin": "liangxin.commands.tracking:bulletin",
    "trend": "liangxin.commands.tracking:trend",
    "neo4j": "liangxin.commands.neo4j:neo4j",
}

#: click ≥ 8.2 raises this for a group called without its command; its message is the whole help.
_NO_ARGS_IS_HELP = getattr(click.exceptions, "NoArgsIsHelpError", ())

#: What a user's mistake raises: one Chinese line, exit status 2.
_USER_ERRORS = (LiangxinInputError, RulesError, GraphFileError, OutputError)


def _with_chinese_help(command):
    command.context_class = Context
    for sub in getattr(command, "commands", {}).values():
        _with_chinese_help(sub)
    return command


class _Group(Group):
    """The main group: commands from :data:`COMMANDS`, errors as one Chinese line."""

    def list_commands(self, ctx):
        return [*COMMANDS, *(name for name in super().list_commands(ctx) if name not in COMMANDS)]

    def get_command(self, ctx, name):
        if name in self.commands or name not in COMMANDS:
            return super().get_command(ctx, name)
        module, attribute = COMMANDS[name].split(":")
        command = _with_chinese_help(getattr(importlib.import_module(module), attribute))
        self.add_command(command, name)
        return command

    def main(self, args=None, prog_name=None, **extra):
        """Run, turning click's multi-line usage errors into one Chinese line (exit 2)."""
        extra.pop("standalone_mode", None)
        try:
            status = super().main(args, prog_name, standalone_mode=False, **extra)
        except _NO_ARGS_IS_HELP as error:  # `liangxin neo4j` alone: its help, not "错误：" and the help as one error
            echo(error.ctx.get_help() if error.ctx else error.format_message(), err=True)
            sys.exit(2)
        except click.UsageError as error:
            where = f"{error.ctx.command_path} --help" if error.ctx else "liangxin --help"
            echo(f"错误：{chinese(error.format_message())}（用法见 {where}）", err=True)
            sys.exit(2)
        except click.ClickException as error:
            echo(f"错误：{chinese(error.format_message())}", err=True)
            sys.exit(error.exit_code)
        except click.exceptions.Abort:
            echo("已中断", err=True)
            sys.exit(1)
        sys.exit(status if isinstance(status, int) else 0)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except _USER_ERRORS as error:
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
        except BrokenPipeError:  # `liangxin … | head`: the reader has gone, nothing is left to tell it
            _quiet_stdout()
            sys.exit(1)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit):
            raise
        except Exception as error:  # anything else is our bug: say so in one line, details in the log
            log.debug("unexpected error", exc_info=True)
            echo(f"内部错误：{type(error).__name__}: {error}（加 --verbose 查看详情）", err=True)
            if ctx.obj and ctx.obj.get("verbose"):
                raise
            sys.exit(1)


def _quiet_stdout():
    """Point stdout at devnull, so that Python's flush at exit does not raise BrokenPipeError again."""
    import os

    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):  # not a real file (a test runner's capture)
        pass


def _version():
    from liangxin import __version__

    return __version__


@click.group(cls=_Group, context_settings=HELP, help="""两新组织党建责任网络分析工具 liangxin。

\b
把“挂点促建、驻街保建、主管包建、党群共建”台账读成一张责任网络，
找出未覆盖组织、超负荷单位和责任链断点，计算覆盖率，输出委员会报告。

\b
常用：
  liangxin demo --out 结果/                 用演示数据试一遍
  liangxin template --out 台账模板.xlsx      生成空白台账模板
  liangxin check 台账.xlsx --out 检查结果/   检查台账，问题标注回文件以便退回修改
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
    # Libraries' warnings (pandas wrote one line per extra column of a wide sheet, 29,238 of them)
    # are for --verbose: the analyst sees our Chinese lines only.
    logging.captureWarnings(True)
    logging.getLogger("py.warnings").setLevel(logging.DEBUG if verbose else logging.ERROR)


def run():
    """The ``liangxin`` program: :func:`main`, then out without the interpreter's teardown.

    What a command kept (:func:`liangxin.commands._click.keep_until_exit`) is not freed object by
    object: the streams and logs are flushed and the process ends with its exit status, the
    operating system taking its memory back at once. Only an exit (done, or an error already
    said) ends this way; anything else propagates as it would from :func:`main`. In an interactive
    session (``%run -m liangxin`` in Jupyter, ``python -i``) the process is the user's: nothing is
    kept, and the exit is the usual :class:`SystemExit`.
    """
    if _interactive():
        try:
            main()
        except SystemExit as done:  # the error is said already: not its chain in the notebook's traceback
            raise SystemExit(done.code) from None
        return
    keep_results()
    retain_freed_memory()  # the process is the program's: what it frees serves its next tables
    try:
        main()
        status = 0
    except SystemExit as done:
        status = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
        if not isinstance(done.code, (int, type(None))):
            echo(str(done.code), err=True)
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:  # pythonw has none
                stream.flush()
        except (OSError, ValueError):  # a reader gone (`| head`), or a stream closed
            pass
    os._exit(status)


def _interactive():
    """Whether this process is an interactive session (a Jupyter kernel, IPython, ``python -i``)."""
    return hasattr(sys, "ps1") or bool(sys.flags.interactive) or "IPython" in sys.modules or "ipykernel" in sys.modules


if __name__ == "__main__":  # pragma: no cover
    run()
