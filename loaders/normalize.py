"""Vectorized cell normalization of INPUT.md ("Normalization every loader applies").

Every function takes a pandas Series of text cells (``None`` where empty, as
:mod:`loaders.read` returns them) and works column-wise, never row by row.
"""

import numpy as np
import pandas as pd

__all__ = [
    "name_key",
    "normalize_code",
    "normalize_place",
    "parse_count",
    "parse_yes_no",
    "YES_WORDS",
    "NO_WORDS",
]

YES_WORDS = frozenset({"是", "有", "y", "yes", "1", "true", "√", "✓", "✔", "对"})
NO_WORDS = frozenset({"否", "无", "n", "no", "0", "false", "×", "✗", "✘", "没有"})

_WHITESPACE = r"\s+"
_COUNT = r"^(\d+)(?:\.0+)?人?$"


def _text(series):
    return pd.Series(series, dtype=object)


def name_key(series):
    """Return the comparison form of names: NFKC with all white space removed.

    Empty cells stay ``None``.

    Examples
    --------
    >>> name_key(pd.Series(["深圳市 龙岗（科技）有限公司", None])).tolist()
    ['深圳市龙岗(科技)有限公司', None]
    """
    text = _text(series)
    # Columns repeat few values (streets, 是/否, kinds): normalize each distinct value once.
    codes, uniques = pd.factorize(text, use_na_sentinel=True)
    uniques = pd.Series(np.asarray(uniques, dtype=object), dtype=object)
    keys = uniques.str.normalize("NFKC").str.replace(_WHITESPACE, "", regex=True)
    keys = keys.where(keys.notna() & (keys != ""), None).to_numpy(dtype=object)
    result = np.full(len(codes), None, dtype=object)
    present = codes >= 0
    result[present] = keys[codes[present]]
    return pd.Series(result, index=text.index, dtype=object)


def normalize_code(series):
    """Return credit codes in comparison form: NFKC, no white space, upper case.

    Examples
    --------
    >>> normalize_code(pd.Series(["９１４４ 0300mA5"])).tolist()
    ['91440300MA5']
    """
    return name_key(series).str.upper().astype(object)


def normalize_place(series, suffix):
    """Return street or community names in their full form (``平湖`` → ``平湖街道``).

    Parameters
    ----------
    series : pandas.Series
        Names as written, ``None`` where empty.
    suffix : str
        ``"街道"`` or ``"社区"``.

    Examples
    --------
    >>> normalize_place(pd.Series(["平湖", "平湖街道 ", None]), "街道").tolist()
    ['平湖街道', '平湖街道', None]
    """
    keys = name_key(series)
    missing = keys.notna() & ~keys.str.endswith(suffix, na=False)
    return keys.where(~missing, keys + suffix).astype(object)


def parse_count(series):
    """Parse non-negative integers written as numbers or text (``120``, ``１２０``, ``120 人``).

    Returns
    -------
    values : numpy.ndarray of int64
        The parsed value, 0 where the cell is bad.
    bad : numpy.ndarray of bool
        True where the cell is empty or not a non-negative integer.

    Examples
    --------
    >>> values, bad = parse_count(pd.Series(["120", "１２０", "85 人", "约一百", "-3", "12.5", None]))
    >>> values.tolist(), bad.tolist()
    ([120, 120, 85, 0, 0, 0, 0], [False, False, False, True, True, True, True])
    """
    digits = name_key(series).str.extract(_COUNT, expand=False)
    bad = digits.isna().to_numpy()
    values = pd.to_numeric(digits, errors="coerce").fillna(0).astype("int64").to_numpy()
    return values, bad


def parse_yes_no(series):
    """Parse yes/no cells (是/否, 有/无, Y/N, yes/no, 1/0, true/false, √/×).

    Returns
    -------
    values : numpy.ndarray of bool
        True for a yes word; empty and unrecognized cells count as no.
    unrecognized : numpy.ndarray of bool
        True where the cell holds something that is neither (a warning).

    Examples
    --------
    >>> values, odd = parse_yes_no(pd.Series(["是", "N", "√", None, "不详"]))
    >>> values.tolist(), odd.tolist()
    ([True, False, True, False, False], [False, False, False, False, True])
    """
    words = name_key(series).str.lower()
    yes = words.isin(YES_WORDS).to_numpy()
    no = words.isin(NO_WORDS).to_numpy() | words.isna().to_numpy()
    return yes, ~(yes | no)
