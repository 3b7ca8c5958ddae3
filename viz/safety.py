"""Keep user data inert in the files liangxin writes."""

import pandas as pd

__all__ = ["spreadsheet_text", "FORMULA_PREFIXES"]

#: A cell starting with one of these is taken as a formula by Excel, WPS or LibreOffice
#: when it opens a CSV file (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(series):
    """Return text cells made inert for a CSV opened in a spreadsheet.

    A value that starts with ``= + - @`` (or a tab or carriage return) gets a leading
    apostrophe, the usual mark of literal text; other values and empty cells are unchanged.

    Examples
    --------
    >>> spreadsheet_text(pd.Series(["=1+1", "平湖街道", None], dtype=object)).tolist()
    ["'=1+1", '平湖街道', None]
    """
    series = pd.Series(series, dtype=object)
    risky = series.str.startswith(FORMULA_PREFIXES, na=False).to_numpy(dtype=bool)
    values = series.to_numpy(dtype=object, copy=True)
    values[risky] = ["'" + value for value in values[risky]]
    return pd.Series(values, index=series.index, dtype=object)
