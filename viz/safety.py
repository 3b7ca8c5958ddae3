"""Keep user data inert in the files liangxin writes."""

import re

import numpy as np
import pandas as pd

__all__ = ["spreadsheet_text", "chart_text", "FORMULA_PREFIXES", "UNPRINTABLE"]

#: Control characters (C0, DEL, C1): no font draws them, and a terminal obeys them.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
#: Control characters but tab and line breaks: Excel and Word cut a cell, a file or a paragraph at them.
UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

#: A cell starting with one of these is taken as a formula by Excel, WPS or LibreOffice
#: when it opens a CSV file (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(series):
    """Return text cells made inert for a CSV opened in a spreadsheet.

    A value that starts with ``= + - @`` (or a tab or carriage return) gets a leading
    apostrophe, the usual mark of literal text; NUL and other control characters but tab and
    line breaks are dropped; other values and empty cells are unchanged.

    Examples
    --------
    >>> spreadsheet_text(pd.Series(["=1+1", "平湖街道", None], dtype=object)).tolist()
    ["'=1+1", '平湖街道', None]
    """
    series = pd.Series(series, dtype=object)
    values = series.to_numpy(dtype=object, copy=True)
    text = np.flatnonzero([isinstance(value, str) for value in values])
    # One search over the whole column: a control character is rare, a per-cell regex is not cheap.
    if UNPRINTABLE.search("\n".join(values[text])):
        values[text] = [UNPRINTABLE.sub("", value) for value in values[text]]
    risky = text[[value.startswith(FORMULA_PREFIXES) for value in values[text]]]
    values[risky] = ["'" + value for value in values[risky]]
    return pd.Series(values, index=series.index, dtype=object)


def chart_text(values):
    r"""Return labels for matplotlib drawn as written: control characters dropped.

    Pass them with ``parse_math=False`` as well: a street named ``A$\frac{1}{2}$`` must not be
    typeset (or crash the chart on a bad formula).

    Examples
    --------
    >>> chart_text(["平湖街道\x1b]0;x\x07", None])
    ['平湖街道]0;x', '']
    """
    return [_CONTROL.sub("", value) if isinstance(value, str) else "" if value is None else str(value)
            for value in values]
