"""What the command line prints: user data in it never drives the terminal."""

import click

from viz.safety import terminal_text

__all__ = ["echo"]


def echo(text="", **options):
    """:func:`click.echo` with control characters shown as ``\\xNN`` (see :func:`terminal_text`).

    Street, unit and file names come from the workbook; an escape sequence in one would retitle
    the terminal, or worse.
    """
    click.echo(terminal_text(text), **options)
