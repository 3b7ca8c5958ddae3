"""Unified social credit codes (统一社会信用代码) of GB 32100-2015.

A code has 18 characters from a 31-character set (the digits and the capital
letters without I, O, Z, S and V). The 18th is a check character computed from
the first 17 with fixed position weights::

    check = (31 - sum(value_i * weight_i) mod 31) mod 31

Position 1 is the registering authority (9 = market regulation, 5 = civil
affairs), position 2 the category (1 = enterprise; for civil affairs 1 = social
group, 2 = private non-enterprise unit, 3 = foundation), positions 3-8 the
administrative region (440307 = Longgang District, Shenzhen) and positions 9-17
the organization code.

The scalar functions validate one code; :func:`valid_credit_code_mask` does the
same for a whole column at once with numpy (a million codes in a fraction of a
second), and :func:`generate_credit_codes` makes valid codes for synthetic data.
Inputs are expected already normalized (upper case, no spaces): normalization is
the caller's job (:func:`liangxin.text.normalize_code`).
"""

import logging

import numpy as np
import pandas as pd

__all__ = [
    "CREDIT_CODE_CHARSET",
    "CREDIT_CODE_LENGTH",
    "CREDIT_CODE_WEIGHTS",
    "check_character",
    "is_valid_credit_code",
    "valid_credit_code_mask",
    "generate_credit_codes",
]

log = logging.getLogger(__name__)

#: The 31 characters a code is written with, in value order (value 0 is "0").
CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"

#: Number of characters of a code, the check character included.
CREDIT_CODE_LENGTH = 18

#: Weights of positions 1..17 in the check-character sum (3**i mod 31).
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

_MODULUS = len(CREDIT_CODE_CHARSET)
_BODY_LENGTH = CREDIT_CODE_LENGTH - 1
_VALUE_OF = {character: value for value, character in enumerate(CREDIT_CODE_CHARSET)}
_WEIGHTS = np.array(CREDIT_CODE_WEIGHTS, dtype=np.int64)
_CHARSET_BYTES = np.frombuffer(CREDIT_CODE_CHARSET.encode("ascii"), dtype=np.uint8)
_CHARSET_CODE_POINTS = _CHARSET_BYTES.astype("<u4")

# Code point -> character value, -1 for every code point outside the charset.
# Only ASCII is looked up; anything from 128 on is mapped to 127 (DEL, invalid).
_BYTE_VALUE = np.full(256, -1, dtype=np.int16)
_BYTE_VALUE[_CHARSET_BYTES] = np.arange(_MODULUS)


def _check_value(weighted_sum):
    """Return the check value for a weighted sum (scalar or array)."""
    return (_MODULUS - weighted_sum % _MODULUS) % _MODULUS


def check_character(first17):
    """Return the GB 32100-2015 check character of the first 17 characters of a code.

    Parameters
    ----------
    first17 : str
        The first 17 characters, each from :data:`CREDIT_CODE_CHARSET`.

    Returns
    -------
    str
        The 18th character.

    Raises
    ------
    ValueError
        If `first17` is not a string of 17 characters of the charset.

    Examples
    --------
    >>> check_character("91350100M000100Y4")
    '3'
    >>> check_character("9144030071526726X")
    'G'
    """
    if not isinstance(first17, str) or len(first17) != _BODY_LENGTH:
        raise ValueError(
            f"expected a string of {_BODY_LENGTH} characters, got {first17!r}"
        )
    try:
        weighted_sum = sum(
            _VALUE_OF[character] * weight
            for character, weight in zip(first17, CREDIT_CODE_WEIGHTS)
        )
    except KeyError as error:
        raise ValueError(
            f"character {error.args[0]!r} of {first17!r} is not in the credit-code "
            f"charset {CREDIT_CODE_CHARSET}"
        ) from None
    return CREDIT_CODE_CHARSET[_check_value(weighted_sum)]


def is_valid_credit_code(code):
    """Return True when `code` is a valid unified social credit code.

    Valid means: a ``str`` of 18 characters, all from :data:`CREDIT_CODE_CHARSET`,
    whose last character is the check character of the first 17. Anything else
    (``None``, a number, lower case, the wrong length) is not valid.

    Examples
    --------
    >>> is_valid_credit_code("91350100M000100Y43")
    True
    >>> is_valid_credit_code("91350100M000100Y44")
    False
    >>> is_valid_credit_code(None)
    False
    """
    if not isinstance(code, str) or len(code) != CREDIT_CODE_LENGTH:
        return False
    try:
        return check_character(code[:_BODY_LENGTH]) == code[_BODY_LENGTH]
    except ValueError:
        return False


def _string_mask(values):
    """Return a boolean mask of the cells of an object array that are ``str``."""
    if pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty"):
        return pd.notna(values)
    return np.fromiter((isinstance(value, str) for value in values), dtype=bool, count=len(values))


def valid_credit_code_mask(codes):
    """Return, for each cell, whether it holds a valid unified social credit code.

    The vectorized form of :func:`is_valid_credit_code`: the 18-character cells
    are laid out as an ``(n, 18)`` matrix of code points, mapped to character
    values through a lookup table and checked with one product by the weights.

    Parameters
    ----------
    codes : pandas.Series, list or numpy.ndarray
        Codes as ``str``; ``None``, NaN and anything that is not a ``str`` are
        not valid.

    Returns
    -------
    numpy.ndarray of bool
        One entry per input cell, in order.

    Examples
    --------
    >>> valid_credit_code_mask(["91350100M000100Y43", "91350100M000100Y44", None]).tolist()
    [True, False, False]
    """
    values = pd.Series(codes, dtype=object).to_numpy()
    mask = np.zeros(len(values), dtype=bool)
    strings = np.flatnonzero(_string_mask(values))
    lengths = np.fromiter(map(len, values[strings]), dtype=np.int64, count=len(strings))
    candidates = strings[lengths == CREDIT_CODE_LENGTH]
    if len(candidates) == 0:
        return mask
    # One byte per character: anything past Latin-1 becomes "?", which is outside the charset.
    joined = "".join(values[candidates]).encode("latin-1", errors="replace")
    code_bytes = np.frombuffer(joined, dtype=np.uint8).reshape(len(candidates), CREDIT_CODE_LENGTH)
    character_values = _BYTE_VALUE[code_bytes]
    in_charset = (character_values >= 0).all(axis=1)
    expected = _check_value(character_values[:, :_BODY_LENGTH].astype(np.int64) @ _WEIGHTS)
    mask[candidates] = in_charset & (expected == character_values[:, _BODY_LENGTH])
    return mask


def _validate_prefix(prefix):
    if not isinstance(prefix, str) or len(prefix) > _BODY_LENGTH:
        raise ValueError(f"prefix must be a string of at most {_BODY_LENGTH} characters, got {prefix!r}")
    unknown = sorted(set(prefix) - set(CREDIT_CODE_CHARSET))
    if unknown:
        raise ValueError(f"prefix {prefix!r} has characters outside the charset: {''.join(unknown)}")


def _codes_from_values(values):
    """Turn an ``(n, 17)`` matrix of character values into an array of 18-char codes."""
    check = _check_value(values @ _WEIGHTS)
    code_points = np.empty((len(values), CREDIT_CODE_LENGTH), dtype="<u4")
    code_points[:, :_BODY_LENGTH] = _CHARSET_CODE_POINTS[values]
    code_points[:, _BODY_LENGTH] = _CHARSET_CODE_POINTS[check]
    return code_points.view(f"<U{CREDIT_CODE_LENGTH}").ravel()


def _body_keys(values, start):
    """Return an int64 key per row from up to 12 body characters (31**12 < 2**63).

    Rows with equal codes have equal keys; rows with equal keys but different
    codes beyond the 12th body character are rare and only cost a redraw.
    """
    body = values[:, start:start + 12]
    powers = _MODULUS ** np.arange(body.shape[1], dtype=np.int64)
    return body @ powers


def generate_credit_codes(n, rng, *, prefix="91440307"):
    """Return `n` distinct valid credit codes that start with `prefix`.

    Each code is `prefix`, a random body from the charset and the check
    character. The result depends only on `n`, `prefix` and the state of `rng`.

    Parameters
    ----------
    n : int
        Number of codes.
    rng : numpy.random.Generator
        Source of randomness; it is advanced.
    prefix : str, optional
        Leading characters: ``91`` enterprise, ``51``/``52``/``53`` social group,
        private non-enterprise unit, foundation; then the region (``440307``
        Longgang, ``440300`` Shenzhen).

    Returns
    -------
    numpy.ndarray of str (``<U18``)

    Raises
    ------
    ValueError
        For a bad prefix, or when `prefix` leaves fewer than `n` distinct codes.

    Examples
    --------
    >>> codes = generate_credit_codes(3, np.random.default_rng(0), prefix="52440307")
    >>> len(codes), all(code.startswith("52440307") for code in codes)
    (3, True)
    >>> bool(valid_credit_code_mask(codes).all())
    True
    """
    _validate_prefix(prefix)
    n = int(n)
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    body_length = _BODY_LENGTH - len(prefix)
    if n > _MODULUS ** min(body_length, 12):
        raise ValueError(f"prefix {prefix!r} leaves only {_MODULUS ** body_length} codes, {n} asked")
    prefix_values = np.array([_VALUE_OF[character] for character in prefix], dtype=np.int64)
    values = np.empty((0, _BODY_LENGTH), dtype=np.int64)
    while len(values) < n:
        missing = n - len(values)
        drawn = np.empty((missing, _BODY_LENGTH), dtype=np.int64)
        drawn[:, : len(prefix)] = prefix_values
        drawn[:, len(prefix):] = rng.integers(0, _MODULUS, size=(missing, body_length))
        values = np.concatenate([values, drawn])
        _, first = np.unique(_body_keys(values, len(prefix)), return_index=True)
        if len(first) < len(values):
            log.debug("redrawing %d colliding credit codes", len(values) - len(first))
            values = values[np.sort(first)]
    return _codes_from_values(values)
