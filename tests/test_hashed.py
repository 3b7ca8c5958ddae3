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
            np.array([1, "1", 2.5], dtype=object), np.array([], dtype=object), np.array(["一"], dtype=object),
            np.array([None, None], dtype=object), np.array([float("nan"), float("nan")], dtype=object),
            np.array([None, float("nan"), "甲"], dtype=object), np.array(["甲", "乙", "甲"], dtype=object)]


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
        assert lookup.has_empty == bool(index.hasnans)
        if index.is_unique:  # (keys that repeat cannot be looked up, in pandas either)
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
    assert repeated._index is None  # told by the keys of the repeated hash, not by pandas hashing them all
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


def test_numbers_and_text_kinds_on_the_hash_path_are_pandas_rows():
    """Keys with no empty cell take the hash path: numbers equal across types (1, 1.0, True,
    NumPy's), NumPy's and a subclass's text, and targets as a list, a Series or Arrow text."""
    class Name(str):
        pass

    keys = np.array([1, "1", 2.5, "甲", np.str_("乙"), Name("丙")], dtype=object)
    lookup = TextLookup(keys)
    assert lookup._hashes is not None  # not handed to pandas
    targets = [1.0, True, np.int64(1), np.float64(2.5), "2.5", np.str_("甲"), Name("乙"), "丙", 0, None]
    expected = pd.Index(keys, dtype=object).get_indexer(np.array(targets, dtype=object)).tolist()
    assert lookup.get_indexer(targets).tolist() == expected
    texts = ["丙", "丁", None, "甲"]
    for given in (pd.Series(texts, dtype=object), pd.Series(texts, dtype="str"), pd.Index(texts, dtype="str")):
        rows = lookup.get_indexer(given)
        assert rows.tolist() == [5, -1, -1, 3] and rows.dtype == np.intp and rows.flags.writeable


def test_a_number_whose_hash_a_text_shares_still_matches(monkeypatch):
    """Where a compare must go pair by pair (pandas' NA among the targets), NumPy's yes (np.True_)
    is a match."""
    import liangxin.hashed as hashed

    monkeypatch.setattr(hashed, "text_hashes",
                        lambda values: np.array([7 if v is pd.NA else hash(v) for v in values], dtype=np.int64))
    lookup = TextLookup(np.array([np.int64(5), "甲"], dtype=object))
    lookup._hashes = pd.Index([hash(5), 7])  # 甲 and NA share a hash
    assert lookup.get_indexer(np.array([5, pd.NA], dtype=object)).tolist() == [0, -1]


def test_a_lookup_unpickled_in_another_process_hashes_its_keys_again(tmp_path):
    """Python salts text hashes per process: the hashes are not what a pickle carries."""
    import os
    import pickle
    import subprocess
    import sys

    dump = tmp_path / "lookup.pickle"
    code = ("import pickle, sys; from liangxin.hashed import TextLookup; "
            "open(sys.argv[1], 'wb').write(pickle.dumps(TextLookup(['甲', '乙', '丙'])))")
    subprocess.run([sys.executable, "-c", code, str(dump)], check=True, env={**os.environ, "PYTHONHASHSEED": "1"})
    lookup = pickle.loads(dump.read_bytes())
    assert lookup.is_unique and lookup.get_indexer(["丙", "甲", "丁"]).tolist() == [2, 0, -1]
