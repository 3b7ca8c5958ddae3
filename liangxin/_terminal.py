"""What the command line prints: user data in it never drives the terminal.

Imports nothing heavy: ``liangxin --help`` loads this module, not pandas.
"""

import re

import click

__all__ = ["echo", "terminal_text"]

#: Control characters (C0, DEL, C1): no font draws them, and a terminal obeys them.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def terminal_text(text):
    r"""Return `text` safe to print on a terminal: control characters but line breaks shown as ``\xNN``.

    Examples
    --------
    >>> terminal_text("平湖\x1b]0;x\x07街道")
    '平湖\\x1b]0;x\\x07街道'
    """
    return _CONTROL.sub(lambda match: match.group() if match.group() == "\n" else f"\\x{ord(match.group()):02x}",
                        str(text))


def echo(text="", **options):
    """:func:`click.echo` with control characters shown as ``\\xNN`` (see :func:`terminal_text`).

    Street, unit and file names come from the workbook; an escape sequence in one would retitle
    the terminal, or worse.
    """
    click.echo(terminal_text(text), **options)
