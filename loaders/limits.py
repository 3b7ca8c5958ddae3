"""What the reader refuses to read: the limits that keep a damaged or hostile file from
crashing, hanging or swelling a run (issue 19).

No real district comes near the defaults; the rules file may raise or lower them in its
``[limits]`` section (``queries/default_rules.toml``). The reader takes the limits in force
from :func:`current`, which :func:`reading_limits` sets for a block of code.
"""

import contextlib
import contextvars

from liangxin.settings import DEFAULT_LIMITS, ReadLimits

__all__ = ["ReadLimits", "DEFAULT_LIMITS", "current", "reading_limits", "column_letter", "cell_name"]

_CURRENT = contextvars.ContextVar("liangxin_read_limits", default=DEFAULT_LIMITS)


def current():
    """The limits in force (the defaults unless :func:`reading_limits` set others).

    Examples
    --------
    >>> current().max_cell_chars
    32767
    """
    return _CURRENT.get()


@contextlib.contextmanager
def reading_limits(limits):
    """Read with `limits` (a :class:`ReadLimits`, or None for the defaults) inside the block.

    Examples
    --------
    >>> with reading_limits(ReadLimits(max_columns=50)):
    ...     current().max_columns
    50
    >>> current().max_columns
    1000
    """
    token = _CURRENT.set(limits or DEFAULT_LIMITS)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def column_letter(position):
    """Excel's name of the column at 0-based `position`: 0 → A, 26 → AA.

    Examples
    --------
    >>> column_letter(0), column_letter(26), column_letter(16383)
    ('A', 'AA', 'XFD')
    """
    letters = ""
    position += 1
    while position:
        position, remainder = divmod(position - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def cell_name(row, column):
    """Excel's name of the cell at 0-based `row` and `column`.

    Examples
    --------
    >>> cell_name(1048575, 16383)
    'XFD1048576'
    """
    return f"{column_letter(column)}{row + 1}"
