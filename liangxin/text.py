"""Vectorized cell normalization of INPUT.md ("Normalization every loader applies").

Every function takes a pandas Series of text cells (``None`` where empty, as
:mod:`liangxin.loaders.read` returns them) and works column-wise, never row by row.
"""

import functools
import re
import unicodedata

import numpy as np
import pandas as pd

from liangxin.factorize import factorize

__all__ = [
    "header_key",
    "BLANKS",
    "cell_key",
    "per_distinct",
    "text_index",
    "text_column",
    "name_key",
    "normalize_code",
    "normalize_place",
    "parse_count",
    "parse_yes_no",
    "YES_WORDS",
    "NO_WORDS",
    "first_few",
]

YES_WORDS = frozenset({"是", "有", "y", "yes", "1", "true", "√", "✓", "✔", "对"})
NO_WORDS = frozenset({"否", "无", "n", "no", "0", "false", "×", "✗", "✘", "没有"})

#: White space, control characters and the invisible format characters that text pasted from
#: web pages and chat apps carries (zero-width space, BOM, soft hyphen, direction marks): a name
#: differing from another only by them is the same name.
BLANKS = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]+")
#: The ASCII characters :data:`BLANKS` matches but NUL (the joined column's separator), as bytes.
_ASCII_BLANKS = bytes(c for c in range(1, 128) if BLANKS.fullmatch(chr(c)))
#: A count as offices write it: digits (``1269``, or grouped in thousands ``1,269`` as a CSV export of a
#: formatted cell has it), an Excel ``.0``, and a unit (``人``, ``名``).
_COUNT = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)(?:\.0+)?\s*[人名]?")
#: Larger counts are rejected: far beyond any organization, and beyond int64 at 10**19.
MAX_COUNT = 10**12


def _text(series):
    return pd.Series(series, dtype=object)


def text_index(values):
    """An object-dtype ``pd.Index`` of `values` (text, with None for empty).

    pandas 3 infers its Arrow ``str`` dtype for an Index built from a NumPy object array, and
    ``get_indexer`` casts a NumPy target to the Index's dtype and back. Both sides as object
    Indexes look text up directly: at a million ids that is ten times faster.
    """
    if isinstance(values, pd.Index) and values.dtype == object:
        return values
    return pd.Index(np.asarray(values, dtype=object), dtype=object)


def text_column(values):
    """A text column of `values`: ``object`` dtype with None for empty, on a fresh RangeIndex.

    pandas 3 would infer its Arrow ``str`` dtype from a NumPy array or list of text; the
    tables keep text as ``object`` throughout.
    """
    return pd.Series(np.asarray(values, dtype=object), dtype=object)


def cell_key(value):
    """The comparison form of one cell (see :func:`name_key`)."""
    if value is None or value != value:  # None or NaN
        return None
    value = unicodedata.normalize("NFKC", value if isinstance(value, str) else str(value))
    # Every white space and format character but " " is non-printable, so most names skip the regex.
    if " " in value or not value.isprintable():
        value = BLANKS.sub("", value)
    return value or None


def per_distinct(series, function):
    """Apply `function` to each distinct value once; return an object array aligned with `series`."""
    codes, uniques = factorize(_text(series))
    mapped = np.array([function(value) for value in uniques] + [function(None)], dtype=object)
    return mapped[codes]  # code -1 (empty) takes the last entry


def name_key(series):
    """Return the comparison form of names: NFKC with all white space and invisible format
    characters (:data:`BLANKS`) removed.

    Empty cells stay ``None``. Plain list comprehensions: pandas' ``.str`` methods cost
    several times more per value, which shows at a million organizations.

    Examples
    --------
    >>> name_key(pd.Series(["深圳市 龙岗（科技）有限公司", None])).tolist()
    ['深圳市龙岗(科技)有限公司', None]
    """
    text = _text(series)
    return pd.Series(_cell_keys(text.to_numpy()), index=text.index, dtype=object)


def _cell_keys(values, upper=False):
    """:func:`cell_key` of every value of an object array (upper-cased with `upper`).

    A column of plain ASCII text (credit codes, mostly) is normalized in one pass over the
    joined column: NFKC leaves ASCII as it is, so only white space and case remain to change,
    and for ASCII both are byte operations. A column whose first cell is not ASCII (names) is
    not joined to find that out: the join alone cost a fifth of the keys of a million names.
    """
    present = pd.notna(values)
    texts = values[present]
    if len(texts) and isinstance(texts[0], str) and not texts[0].isascii():
        keys = _each_cell_key(texts)
    else:
        try:
            joined = "\x00".join(texts)
        except TypeError:  # a number or a date among the text
            texts = [v if isinstance(v, str) else str(v) for v in texts]
            joined = "\x00".join(texts)
        if joined.isascii() and joined.count("\x00") == max(len(texts) - 1, 0):
            data = joined.encode("ascii").translate(None, _ASCII_BLANKS)
            data = data.upper() if upper else data
            keys = np.array(data.decode("ascii").split("\x00") if len(texts) else [], dtype=object)
            keys[keys == ""] = None
            upper = False
        else:
            keys = _each_cell_key(texts)
    if upper:
        keys = np.array([k.upper() if k is not None else None for k in keys], dtype=object)
    out = np.full(len(values), None, dtype=object)
    out[present] = keys
    return out


def _each_cell_key(texts):
    """:func:`cell_key` of each of `texts` (present cells), written out: a function call per cell
    costs a quarter of the time."""
    nfkc, remove = functools.partial(unicodedata.normalize, "NFKC"), BLANKS.sub
    try:
        return np.array([(remove("", k) if " " in k or not k.isprintable() else k) or None for k in map(nfkc, texts)],
                        dtype=object)
    except TypeError:  # a number or a date among the text
        if all(isinstance(v, str) for v in texts):
            raise
        return _each_cell_key([v if isinstance(v, str) else str(v) for v in texts])


def normalize_code(series):
    """Return credit codes in comparison form: NFKC, without :data:`BLANKS`, upper case.

    Examples
    --------
    >>> normalize_code(pd.Series(["９１４４ 0300mA5"])).tolist()
    ['91440300MA5']
    """
    text = _text(series)
    return pd.Series(_cell_keys(text.to_numpy(), upper=True), index=text.index, dtype=object)


#: What follows a place's suffix when the cell names its office: ``平湖街道办事处`` is ``平湖街道``.
_PLACE_OFFICES = {"街道": ("办事处", "办"), "社区": ("居民委员会", "居委会", "工作站")}


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

    The office of a street or community names the place itself:

    >>> normalize_place(pd.Series(["平湖街道办事处", "平湖街道办"]), "街道").tolist()
    ['平湖街道', '平湖街道']
    >>> normalize_place(pd.Series(["山厦社区居委会", "山厦社区工作站"]), "社区").tolist()
    ['山厦社区', '山厦社区']
    """
    def full(value):
        key = cell_key(value)
        if key is None:
            return None
        for office in _PLACE_OFFICES.get(suffix, ()):  # 平湖街道办事处 is 平湖街道, not 平湖街道办事处街道
            if key.endswith(suffix + office) and len(key) > len(suffix + office):
                return key[:-len(office)]
        return key if key.endswith(suffix) else key + suffix
    return pd.Series(per_distinct(series, full), index=_text(series).index, dtype=object)


def first_few(values, limit: int = 5) -> str:
    """The first `limit` of `values` joined with 、, and 等 after them when there are more (a
    message naming some districts of many).

    Examples
    --------
    >>> first_few(["福田区", "罗湖区"]), first_few("甲乙丙丁戊己")
    ('福田区、罗湖区', '甲、乙、丙、丁、戊等')
    """
    values = [str(value) for value in values]
    return "、".join(values[:limit]) + ("等" if len(values) > limit else "")


def parse_count(series):
    """Parse non-negative integers written as numbers or text (``120``, ``１２０``, ``120 人``, ``3名``, ``1,269``).

    Returns
    -------
    values : numpy.ndarray of int64
        The parsed value, 0 where the cell is bad.
    bad : numpy.ndarray of bool
        True where the cell is empty or not a non-negative integer.

    Examples
    --------
    >>> values, bad = parse_count(pd.Series(["120", "１２０", "85 人", "约一百", "-3", "12.5", "120 130", None]))
    >>> values.tolist(), bad.tolist()
    ([120, 120, 85, 0, 0, 0, 0, 0], [False, False, False, True, True, True, True, True])

    Thousands separators only where they group thousands:

    >>> parse_count(pd.Series(["1,269", "3名", "12,69", "1,2690"]))[0].tolist()
    [1269, 3, 0, 0]
    """
    def parse(value):
        # Trimmed, not stripped of inner white space: "120 130" is two numbers, not 120130.
        if value is None or value != value:
            return -1
        text = unicodedata.normalize("NFKC", value if isinstance(value, str) else str(value)).strip()
        match = _COUNT.fullmatch(text)
        digits = match.group(1).replace(",", "") if match else ""
        if not match or len(digits.lstrip("0")) > len(str(MAX_COUNT)):  # before int(): 5000 digits
            return -1
        number = int(digits)
        return number if number <= MAX_COUNT else -1
    parsed = per_distinct(series, parse).astype(np.int64)
    bad = parsed < 0
    return np.where(bad, 0, parsed), bad


def parse_yes_no(series, own=None):
    """Parse yes/no cells (是/否, 有/无, Y/N, yes/no, 1/0, true/false, √/×).

    Parameters
    ----------
    series : pandas.Series
        The cells.
    own : dict, optional
        A column's own words (``规上`` for 规模以上), their lower-cased :func:`cell_key` → ``是`` or ``否``.

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
    >>> parse_yes_no(pd.Series(["规上", "规下", "是"]), own={"规上": "是", "规下": "否"})[0].tolist()
    [True, False, True]
    """
    def answer(value):
        word = cell_key(value)
        if word is None:
            return 0
        word = word.lower()
        word = own.get(word, word) if own else word
        return 1 if word in YES_WORDS else 0 if word in NO_WORDS else -1
    answers = per_distinct(series, answer).astype(np.int8)
    return answers == 1, answers == -1

def header_key(text):
    """Comparison form of a sheet or column name: NFKC, no spaces, lower case.

    Examples
    --------
    >>> header_key(" Credit Code ") == header_key("credit_code")
    True
    """
    if text is None:
        return ""
    text = BLANKS.sub("", unicodedata.normalize("NFKC", str(text))).lower()
    return text.replace("-", "").replace("_", "")
