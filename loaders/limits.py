"""What the reader refuses to read: the limits that keep a damaged or hostile file from
crashing, hanging or swelling a run (issue 19).

No real district comes near the defaults; the rules file may raise or lower them in its
``[limits]`` section (``queries/default_rules.toml``). The reader takes the limits in force
from :func:`current`, which :func:`reading_limits` sets for a block of code.
"""

from liangxin.settings import DEFAULT_LIMITS, ReadLimits, current, reading_limits

__all__ = ["ReadLimits", "DEFAULT_LIMITS", "current", "reading_limits", "column_letter", "column_index", "cell_name"]

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


def column_index(letters) -> int:
    """The 0-based position of the column Excel names `letters` (text, or bytes read from a package).

    Examples
    --------
    >>> column_index("A"), column_index("AA"), column_index(b"XFD")
    (0, 26, 16383)
    """
    number = 0
    for letter in letters.encode("ascii") if isinstance(letters, str) else letters:
        number = number * 26 + letter - 64
    return number - 1


def cell_name(row, column):
    """Excel's name of the cell at 0-based `row` and `column`.

    Examples
    --------
    >>> cell_name(1048575, 16383)
    'XFD1048576'
    """
    return f"{column_letter(column)}{row + 1}"
