"""Factorize a column of text by the identity of its cells first: most cells share their object.

A column of a few distinct texts (是/否, a status, a street) is rarely a column of as many text
objects as rows: pandas' CSV reader gives equal cells of one chunk one object, and every column
parsed per distinct cell (``mapped[codes]``) repeats the same few objects. Equal objects are
equal texts, so such a column is factorized by its cells' addresses, a pass over integers, and
only the few distinct objects found so are compared as texts. At a million rows pandas'
factorize of a yes/no column took 40–60 ms, this one 5–10 ms; parsing 两新组织 factorizes
eleven such columns, and the network page's catalogue five more.

A column of distinct objects (names; cells read from a workbook, each its own object) is told
by a look at its first rows and factorized by pandas as it is: no pass is spent in vain.
"""

import ctypes
import sys

import numpy as np
import pandas as pd

__all__ = ["factorize", "first_positions", "distinct_positions", "equal_to", "equal_to_each"]

#: Below this many cells pandas' own factorize is as quick: the identity pass is not tried.
_MIN_CELLS = 50_000
#: The cells looked at to tell whether a column shares its objects.
_SAMPLE = 8_192
#: Up to this many distinct objects are taken from their addresses, not found among the cells.
_FEW = 2_048
#: An object's address is its ``id`` in CPython only: elsewhere every column goes the pandas way.
_BY_ADDRESS = sys.implementation.name == "cpython"


def factorize(values) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize(values, use_na_sentinel=True)`` of a column of text cells.

    Returns the same codes (-1 where a cell is empty: None or NaN) and the same distinct
    values, in order of first appearance.

    Examples
    --------
    >>> codes, uniques = factorize(np.array(["是", None, "是", "否"], dtype=object))
    >>> codes.tolist(), uniques.tolist()
    ([0, -1, 0, 1], ['是', '否'])
    >>> yes, no = "是", "".join(["否"])
    >>> column = np.array([yes, no, None] * 40_000, dtype=object)  # shared objects
    >>> codes, uniques = factorize(column)
    >>> codes[:4].tolist(), uniques.tolist(), len(codes)
    ([0, 1, -1, 0], ['是', '否'], 120000)
    """
    values = np.ascontiguousarray(values, dtype=object)
    if _BY_ADDRESS and len(values) >= _MIN_CELLS and _shares_objects(values):
        object_codes, addresses = pd.factorize(_addresses(values))
        if len(addresses) <= len(values) // 8:  # else the objects hardly repeat after all
            # The few objects found from their addresses; more, from the cell where each is first.
            objects = _objects_at(addresses) if len(addresses) <= _FEW else values[first_positions(object_codes)]
            text_codes, uniques = pd.factorize(objects, use_na_sentinel=True)
            return text_codes[object_codes], np.asarray(uniques, dtype=object)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    return codes, np.asarray(uniques, dtype=object)


def distinct_positions(index: pd.Index, values) -> tuple[np.ndarray, np.ndarray]:
    """``(index.get_indexer(values), present)``: each value's position in `index` (-1 where it
    is not there or empty), each distinct value looked up once, and where a value is not empty.

    Examples
    --------
    >>> streets = pd.Index(["甲街道", "乙街道"], dtype=object)
    >>> found, present = distinct_positions(streets, np.array(["乙街道", None, "丙街道", "乙街道"], dtype=object))
    >>> found.tolist(), present.tolist()
    ([1, -1, -1, 1], [True, False, True, True])
    """
    codes, uniques = factorize(values)
    # code -1 (empty) takes the appended -1
    found = np.append(index.get_indexer(pd.Index(uniques, dtype=object)), -1).astype(np.intp)
    return found[codes], codes >= 0


def equal_to(values, text: str) -> np.ndarray:
    """``values == text`` as a boolean array, each distinct value compared once.

    Examples
    --------
    >>> equal_to(np.array(["none", None, "joint", "none"], dtype=object), "none").tolist()
    [True, False, False, True]
    """
    return equal_to_each(values, [text])[0]


def equal_to_each(values, texts) -> list[np.ndarray]:
    """:func:`equal_to` each of `texts`, the column factorized once.

    Examples
    --------
    >>> [m.tolist() for m in equal_to_each(np.array(["joint", None, "none"], dtype=object), ["none", "joint"])]
    [[False, False, True], [True, False, False]]
    """
    codes, uniques = factorize(values)
    return [np.append(uniques == text, False)[codes] for text in texts]


def first_positions(codes: np.ndarray) -> np.ndarray:
    """The position of each code's first row, for codes numbered in order of first appearance
    (as :func:`factorize` numbers them; -1, empty, has none): a row is its code's first where the
    code passes every code before it. A pass, not a sort.

    Examples
    --------
    >>> first_positions(np.array([-1, 0, 1, 0, -1, 2, 1])).tolist()
    [1, 2, 5]
    """
    return np.flatnonzero(np.diff(np.maximum.accumulate(codes), prepend=-1) > 0)


def _addresses(values: np.ndarray) -> np.ndarray:
    """Each cell's object address (its ``id``) as an integer, read in place from the contiguous
    object array: the array holds one pointer per cell and keeps every object alive while the
    returned view is used (by the caller, within its own call). The array must not be written
    meanwhile: :func:`factorize` is given arrays no other thread changes (its callers' own)."""
    pointers = (ctypes.c_ssize_t * len(values)).from_address(values.ctypes.data)
    return np.frombuffer(pointers, dtype=np.intp)


def _objects_at(addresses: np.ndarray) -> np.ndarray:
    """The objects at `addresses`, found among a column's cells by :func:`_addresses` (the column,
    alive in the caller, holds them), in that order."""
    return np.array([ctypes.cast(int(address), ctypes.py_object).value for address in addresses] + [None],
                    dtype=object)[:-1]  # None appended: a list of lists stays a list of objects


def _shares_objects(values: np.ndarray) -> bool:
    """Whether the first cells hold few more objects than texts (then the whole column is taken
    to share its objects)."""
    head = values[:_SAMPLE]
    objects = len(pd.unique(_addresses(head)))
    texts = len(pd.unique(head))
    return objects <= 2 * texts + 64 and objects <= _SAMPLE // 4
