"""Text keys compared and looked up by their own hash: repeats and rows among millions of keys.

pandas hashes text objects in a table it sizes for at most about a million entries and grows
past that, and each probe reads a string object wherever it lies in memory. At three million
keys a city's organization ids took 1.0–1.3 s to hash so (``Index.is_unique``), seven to ten
times what a million took. Each Python string keeps its own hash once computed: taken as an
int64, the keys are looked up among integers (0.42–0.45 s at three million, the hashes taken
included), and only where two hashes are equal are the texts compared. Equal texts have equal hashes, so no repeat and no
row is missed; a hash shared by two different texts goes the pandas way.
"""

import functools

import numpy as np
import pandas as pd

from liangxin.text import text_index

__all__ = ["text_hashes", "duplicated", "TextLookup"]


def text_hashes(values: np.ndarray) -> np.ndarray | None:
    """Each value's Python hash as an int64; None where a value cannot be hashed.

    Examples
    --------
    >>> values = np.array(["甲", "乙", "甲"], dtype=object)
    >>> hashes = text_hashes(values)
    >>> bool(hashes[0] == hashes[2]), bool(hashes[0] == hashes[1])
    (True, False)
    """
    try:
        return np.fromiter(map(hash, values), dtype=np.int64, count=len(values))
    except TypeError:  # a cell Python cannot hash
        return None


def duplicated(values, keep="first") -> np.ndarray:
    """``pd.Series(values).duplicated(keep=keep)`` as a NumPy array, for text keys.

    Only the keys whose hash repeats are compared as pandas compares them. Empty cells (None,
    NaN) go the pandas way throughout.

    Examples
    --------
    >>> duplicated(["甲", "乙", "甲", "丙", "乙"]).tolist()
    [False, False, True, False, True]
    >>> duplicated(["甲", "乙", "甲"], keep=False).tolist()
    [True, False, True]
    """
    values = np.asarray(values, dtype=object)
    hashes = text_hashes(values) if len(values) >= 2 and not pd.isna(values).any() else None
    if hashes is None:
        return pd.Series(values, dtype=object).duplicated(keep=keep).to_numpy()
    out = np.zeros(len(values), dtype=bool)
    maybe = np.flatnonzero(pd.Series(hashes).duplicated(keep=False).to_numpy())
    if len(maybe):
        out[maybe] = pd.Series(values[maybe], dtype=object).duplicated(keep=keep).to_numpy()
    return out


class TextLookup:
    """The row of a text among `values`: ``pd.Index(values).get_indexer`` for millions of keys.

    Parameters
    ----------
    values : array-like
        The keys, in row order. Where one is empty (None, NaN), cannot be hashed, or shares its
        hash with another, the lookup is pandas' own Index of them.

    Examples
    --------
    >>> ids = TextLookup(["甲", "乙", "丙"])
    >>> ids.is_unique, ids.get_indexer(["丙", "丁", None, "甲"]).tolist()
    (True, [2, -1, -1, 0])
    >>> TextLookup(["甲", "乙", "甲"]).is_unique
    False
    """

    def __init__(self, values):
        self.values = np.asarray(values, dtype=object)
        #: Whether a key is empty (None, NaN): told once here, for a caller that refuses one too.
        self.has_empty = bool(pd.isna(self.values).any())
        hashes = text_hashes(self.values) if not self.has_empty else None
        self._hashes = pd.Index(hashes) if hashes is not None else None
        if self._hashes is not None and not self._hashes.is_unique:
            self._hashes = None  # a repeated text (or two texts of one hash): pandas' Index looks up
        self._index = None  # pandas' Index of the keys, made when first needed

    def __len__(self) -> int:
        return len(self.values)

    def __reduce__(self):
        # Python salts text hashes per process: another process hashes the keys again.
        return TextLookup, (self.values,)

    @functools.cached_property
    def is_unique(self) -> bool:
        """Whether no key repeats: distinct hashes, distinct keys; where a hash repeats, only the
        keys of repeated hashes are compared (:func:`duplicated`), not all of them hashed by pandas."""
        return self._hashes is not None or not duplicated(self.values).any()

    def _exact(self) -> pd.Index:
        if self._index is None:
            self._index = text_index(self.values)
        return self._index

    def get_indexer(self, targets) -> np.ndarray:
        """The row of each of `targets` (-1 where none), as ``pd.Index.get_indexer`` gives it;
        the keys must be unique, as there."""
        targets = np.asarray(targets, dtype=object)
        hashes = text_hashes(targets) if self._hashes is not None else None
        if hashes is None:  # keys not looked up by hash, or a target Python cannot hash
            return self._exact().get_indexer(text_index(targets))
        rows = self._hashes.get_indexer(hashes)
        found = np.flatnonzero(rows >= 0)
        # The text itself, where the hash matched: another text of the same hash is no match. (No key
        # is empty: an empty target, None or NaN, is equal to none of them.)
        try:
            same = np.asarray(self.values[rows[found]] == targets[found], dtype=bool)
        except TypeError:  # a target whose equality is no yes or no (pd.NA)
            same = np.array([_equal(key, target) for key, target in zip(self.values[rows[found]], targets[found])],
                            dtype=bool)
        rows[found[~same]] = -1
        return rows


def _equal(key, target) -> bool:
    try:
        return bool(key == target)
    except TypeError:  # pd.NA: equal to nothing here
        return False
