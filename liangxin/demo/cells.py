"""Cells and draws of the demo generator: object columns, yes/no cells, picks, people, phones."""

import numpy as np
import pandas as pd

from liangxin.demo.district import _CHINESE_DIGITS, _GIVEN_CHARS, _SURNAMES, _YES_NO_STYLES

__all__ = []  # helpers of the generator


def _few(n, base, per):
    """A small handful that grows slowly with the size: ``base + n // per``."""
    return base + n // per


def _objects(values):
    """Return `values` as a 1-d object array (``None`` stays ``None``)."""
    array = np.empty(len(values), dtype=object)
    array[:] = list(values) if not isinstance(values, np.ndarray) else values
    return array


def _column(values):
    """Return a pandas Series of dtype object: text stays ``str``, empty stays ``None``."""
    return pd.Series(_objects(values), dtype=object)


def _chinese_number(k):
    """Return 1..99 in Chinese numerals (一, 十二, 二十), larger numbers in digits."""
    if k < 10:
        return _CHINESE_DIGITS[k]
    if k < 100:
        tens, units = divmod(k, 10)
        return ("" if tens == 1 else _CHINESE_DIGITS[tens]) + "十" + (_CHINESE_DIGITS[units] if units else "")
    return str(k)


def _draw_styles(rng, n):
    """Draw the yes/no writing style of `n` cells (index into ``_YES_NO_STYLES``)."""
    shares = np.array([style[2] for style in _YES_NO_STYLES])
    return rng.choice(len(shares), size=n, p=shares / shares.sum()).astype(np.int8)


def _yes_no_cells(truth, styles):
    """Write booleans as yes/no cells in each row's style."""
    yes = _objects([style[0] for style in _YES_NO_STYLES])
    no = _objects([style[1] for style in _YES_NO_STYLES])
    return np.where(truth, yes[styles], no[styles])


def _clashes(values, existing):
    """Return which of `values` are in the set `existing`.

    Only used with a non-empty `existing` for the few organizations a later
    snapshot adds; the million-row base has nothing to clash with.
    """
    if not existing:
        return np.zeros(len(values), dtype=bool)
    return np.fromiter((value in existing for value in values), dtype=bool, count=len(values))


def _pick(rng, candidates, k, weights=None):
    """Pick up to `k` distinct items of `candidates`, optionally weighted."""
    candidates = np.asarray(candidates)
    k = min(int(k), len(candidates))
    if k <= 0:
        return candidates[:0]
    p = None
    if weights is not None:
        weights = np.asarray(weights, dtype=float)
        if (weights > 0).sum() >= k:
            p = weights / weights.sum()
    return rng.choice(candidates, size=k, replace=False, p=p)


class _NamePool:
    """Distinct Chinese person names, drawn as needed from one generator."""

    def __init__(self, rng, reserved=()):
        self.rng = rng
        self.taken = set(reserved)

    def take(self, k):
        names = []
        while len(names) < k:
            batch = 2 * (k - len(names)) + 16
            surnames = _objects(_SURNAMES)[self.rng.integers(0, len(_SURNAMES), batch)]
            given = _objects(_GIVEN_CHARS)
            first = given[self.rng.integers(0, len(given), batch)]
            second = given[self.rng.integers(0, len(given), batch)]
            two_char = self.rng.random(batch) < 0.3
            candidates = np.where(two_char, surnames + first, surnames + first + second)
            for name in pd.unique(candidates):
                if name not in self.taken:
                    self.taken.add(name)
                    names.append(name)
                    if len(names) == k:
                        break
        return names


def _phones(rng, k, *, office=False):
    """Draw `k` phone numbers as text: mobiles, or Longgang office lines."""
    if office:
        digits = pd.Series(rng.integers(0, 10 ** 4, k)).astype(str).str.zfill(4)
        return list("0755-2895" + digits)
    prefixes = _objects(["138", "139", "135", "136", "137", "150", "158", "186", "188", "189", "133", "180"])
    digits = pd.Series(rng.integers(0, 10 ** 8, k)).astype(str).str.zfill(8)
    return list(prefixes[rng.integers(0, len(prefixes), k)] + digits.to_numpy(dtype=object))

