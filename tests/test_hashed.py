"""liangxin/hashed.py: repeats and rows of text keys by their hash, against pandas' own."""

import numpy as np
import pandas as pd
import pytest

from liangxin.hashed import TextLookup, duplicated, text_hashes


@pytest.mark.parametrize("keep", ["first", "last", False])
def test_duplicated_is_pandas_duplicated(keep):
    """The hash-first repeat check gives what pandas gives, empty cells, numbers and unhashable
    cells included (those go the pandas way)."""
    rng = np.random.default_rng(1)
    words = np.array([f"组织{i}" for i in rng.integers(0, 300, 1000)], dtype=object)
    cases = [words, np.array(["甲", None, "甲", float("nan"), None, float("nan")], dtype=object),
             np.array([1, 1.0, "1", True, 2, "2"], dtype=object), np.array([["a"], "b", "b"], dtype=object),
             np.array([], dtype=object), np.array(["一"], dtype=object)]
    for values in cases:
        expected = pd.Series(values, dtype=object).duplicated(keep=keep).to_numpy()
        assert duplicated(values, keep=keep).tolist() == expected.tolist()


def _cases():
    rng = np.random.default_rng(7)
    words = np.array([f"深圳市组织{i}" for i in rng.permutation(500)], dtype=object)
    return [words, np.array(["甲", "乙", None], dtype=object), np.array(["甲", "乙", float("nan")], dtype=object),
            np.array([1, "1", 2.5], dtype=object), np.array([], dtype=object), np.array(["一"], dtype=object)]


def test_text_lookup_rows_are_pandas_rows():
    """By hand: 丙 is row 2, 甲 row 0, 丁 and an empty cell none. Then whatever pandas' Index gives,
    for keys with an empty cell, numbers, and targets with empty cells, strangers and numbers."""
    ids = TextLookup(["甲", "乙", "丙"])
    assert ids.get_indexer(["丙", "丁", None, "甲", float("nan")]).tolist() == [2, -1, -1, 0, -1]
    rng = np.random.default_rng(8)
    for values in _cases():
        index = pd.Index(values, dtype=object)
        pool = np.concatenate([values, np.array(["陌生", None, float("nan"), 1, 2.5, "2.5"], dtype=object)])
        targets = pool[rng.integers(0, len(pool), 200)]
        lookup = TextLookup(values)
        assert lookup.is_unique == index.is_unique and len(lookup) == len(values)
        assert lookup.get_indexer(targets).tolist() == index.get_indexer(targets).tolist()


def test_a_hash_shared_by_two_texts_is_no_match(monkeypatch):
    """Two texts of one hash: among the keys, the lookup is pandas' (unique, rows right); as a
    target, the other key's row is not taken for it."""
    import liangxin.hashed as hashed

    def one_hash(values):  # 甲, 乙 and pandas' NA hash alike
        return np.array([0 if v is pd.NA or (isinstance(v, str) and v in ("甲", "乙")) else hash(v)
                         for v in values], dtype=np.int64)

    monkeypatch.setattr(hashed, "text_hashes", one_hash)
    both = TextLookup(["甲", "乙", "丙"])
    assert both.is_unique and both.get_indexer(["乙", "甲", "丁"]).tolist() == [1, 0, -1]
    one = TextLookup(["甲", "丙"])
    assert one.is_unique and one.get_indexer(["乙", "甲"]).tolist() == [-1, 0]
    # NA's equality is neither yes nor no: no match, where pandas' Index finds none either
    targets = np.array([pd.NA, "甲"], dtype=object)
    pandas_rows = pd.Index(["甲", "丙"], dtype=object).get_indexer(targets).tolist()
    assert one.get_indexer(targets).tolist() == [-1, 0] == pandas_rows


def test_repeated_keys_are_not_unique_and_cannot_be_looked_up():
    repeated = TextLookup(["甲", "乙", "甲"])
    assert not repeated.is_unique
    with pytest.raises(pd.errors.InvalidIndexError):
        repeated.get_indexer(["甲"])


def test_unhashable_cells_go_the_pandas_way():
    """A cell Python cannot hash (a list): no hashes, and the lookup answers as pandas' Index does."""
    assert text_hashes(np.array([["a"], "b"], dtype=object)) is None

    def outcome(lookup, targets):
        try:
            return lookup.get_indexer(targets).tolist()
        except TypeError:
            return TypeError

    targets = np.array([["a"], "b"], dtype=object)
    assert outcome(TextLookup(["b", "c"]), targets) == outcome(pd.Index(["b", "c"], dtype=object), targets)
