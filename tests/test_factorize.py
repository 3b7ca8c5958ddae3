"""liangxin/factorize.py: columns factorized by their cells' identity first, against pandas' own."""

import numpy as np
import pandas as pd
import pytest

import liangxin.factorize as fz
from liangxin.factorize import distinct_positions, equal_to, factorize, first_positions


def _shared(n):
    """A column of shared objects (as a CSV chunk or a parsed column holds them) with empty cells,
    NaN, and equal texts held by different objects (as two CSV chunks hold them)."""
    yes, no = "规上", "规下"
    other_yes = "".join(["规", "上"])  # equal to `yes`, another object
    assert other_yes is not yes
    pattern = np.array([yes, no, None, other_yes, float("nan"), no, "不详"], dtype=object)
    return np.resize(pattern, n)


def _distinct(n):
    return np.array([f"深圳市组织{i % (n // 2)}" for i in range(n)], dtype=object)


def _many_shared(n):
    """More distinct objects than are taken from their addresses, each repeated, fewer of them
    in the first rows looked at."""
    words = np.array([f"社区{i}" for i in range(fz._FEW + 500)] + [None], dtype=object)
    return words[np.arange(n) // 8 % len(words)]


def _shared_then_distinct(n):
    """Shared objects in the first rows looked at, distinct objects after them."""
    head = _shared(min(n, fz._SAMPLE))
    return np.concatenate([head, _distinct(n - len(head))]) if n > len(head) else head


@pytest.mark.parametrize("make", [_shared, _distinct, _many_shared, _shared_then_distinct])
def test_factorize_is_pandas_factorize(make):
    """Codes and distinct values as pandas gives them, both ways a column goes (shared objects
    above the size the identity pass is tried from, distinct objects, and small columns)."""
    for n in (7, 1_000, fz._MIN_CELLS + 3):
        values = make(n)
        codes, uniques = factorize(values)
        expected_codes, expected = pd.factorize(values, use_na_sentinel=True)
        assert codes.tolist() == expected_codes.tolist()
        assert list(uniques) == list(expected)


def test_identity_pass_taken_for_shared_objects(monkeypatch):
    """The shared column goes by addresses (else the test above proved nothing of that pass); by
    hand, its first cells are 规上 规下 (empty) 规上 (empty) 规下 不详: codes 0 1 -1 0 -1 1 2."""
    taken = []
    real, real_first = fz._addresses, fz.first_positions
    monkeypatch.setattr(fz, "_addresses", lambda values: taken.append(len(values)) or real(values))
    codes, uniques = factorize(_shared(fz._MIN_CELLS + 3))
    assert len(taken) == 2  # the sample, then the whole column
    assert codes[:7].tolist() == [0, 1, -1, 0, -1, 1, 2]
    assert list(uniques) == ["规上", "规下", "不详"]
    taken.clear()
    factorize(_distinct(fz._MIN_CELLS + 3))
    assert len(taken) == 1  # the sample told: distinct objects go the pandas way


def test_first_positions_by_hand():
    assert first_positions(np.array([-1, 0, 1, 0, -1, 2, 1])).tolist() == [1, 2, 5]
    assert first_positions(np.array([], dtype=np.intp)).tolist() == []
    assert first_positions(np.array([-1, -1])).tolist() == []


def test_distinct_positions_and_equal_to():
    """By hand: 乙 is the index's row 1, 丙 and an empty cell none; 'none' where the cell says so."""
    index = pd.Index(["甲", "乙"], dtype=object)
    values = np.resize(np.array(["乙", None, "丙", float("nan")], dtype=object), fz._MIN_CELLS + 4)
    found, present = distinct_positions(index, values)
    assert found[:4].tolist() == [1, -1, -1, -1]
    assert present[:4].tolist() == [True, False, True, False]
    assert (found == index.get_indexer(pd.Index(values, dtype=object))).all()
    statuses = np.resize(np.array(["none", None, "joint"], dtype=object), fz._MIN_CELLS + 3)
    assert equal_to(statuses, "none")[:3].tolist() == [True, False, False]
    assert (equal_to(statuses, "none") == (statuses == "none")).all()
    assert equal_to(np.array([], dtype=object), "none").tolist() == []
