"""GB 32100-2015 unified social credit codes: check character, validation, generation."""

import time

import numpy as np
import pandas as pd
import pytest

from liangxin.loaders.credit_code import (
    CREDIT_CODE_CHARSET,
    check_character,
    generate_credit_codes,
    is_valid_credit_code,
    valid_credit_code_mask,
)

WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

# Codes in the real format whose check character is right (the first is the standard's
# worked example, the others were checked by hand like test_check_character_worked_by_hand).
VALID = ["91350100M000100Y43", "91110000802100433B", "9144030071526726XG"]


def test_charset_has_31_characters_without_i_o_z_s_v():
    assert len(CREDIT_CODE_CHARSET) == 31
    assert len(set(CREDIT_CODE_CHARSET)) == 31
    assert not set("IOZSV") & set(CREDIT_CODE_CHARSET)
    assert CREDIT_CODE_CHARSET.startswith("0123456789ABCDEFGH")


def test_check_character_worked_by_hand():
    # 9 1 3 5 0 1 0 0 M 0 0 0 1 0 0 Y 4, with M = 21 and Y = 30 in the charset
    values = (9, 1, 3, 5, 0, 1, 0, 0, 21, 0, 0, 0, 1, 0, 0, 30, 4)
    products = (9, 3, 27, 135, 0, 26, 0, 0, 420, 0, 0, 0, 8, 0, 0, 900, 112)
    assert tuple(v * w for v, w in zip(values, WEIGHTS)) == products
    assert sum(products) == 1640
    assert 1640 % 31 == 28  # 31 - 28 = 3 -> "3"
    assert check_character("91350100M000100Y4") == "3"


def test_check_character_of_a_longgang_body_worked_by_hand():
    # 9 1 4 4 0 3 0 7 M A 5 G 0 0 0 0 1, with M = 21, A = 10, G = 16
    body = "91440307MA5G00001"
    values = (9, 1, 4, 4, 0, 3, 0, 7, 21, 10, 5, 16, 0, 0, 0, 0, 1)
    assert [CREDIT_CODE_CHARSET.index(c) for c in body] == list(values)
    total = 9 * 1 + 1 * 3 + 4 * 9 + 4 * 27 + 3 * 26 + 7 * 17 + 21 * 20 + 10 * 29 + 5 * 25 + 16 * 13 + 1 * 28
    assert total == 1424
    assert total % 31 == 29  # 31 - 29 = 2 -> "2"
    assert check_character(body) == "2"
    assert is_valid_credit_code(body + "2")


def test_check_value_zero_maps_to_digit_zero():
    # a sum that is a multiple of 31 gives (31 - 0) mod 31 = 0, not 31
    assert check_character("0" * 17) == "0"
    assert is_valid_credit_code("0" * 18)


@pytest.mark.parametrize("code", VALID)
def test_real_format_codes_are_valid(code):
    assert is_valid_credit_code(code)
    assert check_character(code[:17]) == code[17]


@pytest.mark.parametrize("code", VALID)
def test_every_other_check_character_is_invalid(code):
    for character in CREDIT_CODE_CHARSET:
        if character != code[17]:
            assert not is_valid_credit_code(code[:17] + character)


@pytest.mark.parametrize("code", [
    "91350100M000100Y4",  # 17 characters
    "91350100M000100Y433",  # 19
    "",
    "91350100m000100y43",  # lower case: normalizing is the caller's job
    " 91350100M000100Y43",
    "91350100M000100Y43 ",
    "９１350100M000100Y43",  # full-width digits
])
def test_wrong_length_case_or_spacing_is_invalid(code):
    assert not is_valid_credit_code(code)


@pytest.mark.parametrize("letter", list("IOZSV"))
def test_letters_outside_the_charset_are_invalid(letter):
    body = "91440307MA5G0000" + letter
    with pytest.raises(ValueError):
        check_character(body)
    for character in CREDIT_CODE_CHARSET:
        assert not is_valid_credit_code(body + character)
    assert not is_valid_credit_code("91350100M000100Y4" + letter)


@pytest.mark.parametrize("value", [None, float("nan"), 91350100, 9.1e17, b"91350100M000100Y43", ["x"]])
def test_non_strings_are_invalid(value):
    assert not is_valid_credit_code(value)


@pytest.mark.parametrize("value", [None, 12345678901234567, "1234", "91350100m000100Y4", "91350100M000100I4"])
def test_check_character_rejects_bad_input(value):
    with pytest.raises(ValueError):
        check_character(value)


def _mixed_codes(n, seed):
    """Valid codes and every way of breaking them, shuffled."""
    rng = np.random.default_rng(seed)
    valid = list(generate_credit_codes(n, rng, prefix="9144"))
    cells = []
    for i, code in enumerate(valid):
        kind = i % 10
        position = int(rng.integers(0, 18))
        if kind == 0:
            cells.append(code)
        elif kind == 1:  # one character changed within the charset
            other = CREDIT_CODE_CHARSET[(CREDIT_CODE_CHARSET.index(code[position]) + 1) % 31]
            cells.append(code[:position] + other + code[position + 1:])
        elif kind == 2:
            cells.append(code[:position] + "IOZSV"[position % 5] + code[position + 1:])
        elif kind == 3:
            cells.append(code.lower())
        elif kind == 4:
            cells.append(code[: 1 + position % 17])
        elif kind == 5:
            cells.append(code + "0")
        elif kind == 6:
            cells.append([None, float("nan"), 42, 3.5][position % 4])
        elif kind == 7:
            cells.append(code[:position] + "中" + code[position + 1:])
        elif kind == 8:
            cells.append(code[:17] + CREDIT_CODE_CHARSET[int(rng.integers(0, 31))])  # right ~1 time in 31
        else:
            cells.append(code)
    order = rng.permutation(len(cells))
    return [cells[i] for i in order]


def test_mask_agrees_with_scalar_on_mixed_codes():
    cells = _mixed_codes(10_000, seed=3)
    expected = np.array([is_valid_credit_code(c) for c in cells])
    assert 0.15 < expected.mean() < 0.3
    np.testing.assert_array_equal(valid_credit_code_mask(cells), expected)
    np.testing.assert_array_equal(valid_credit_code_mask(pd.Series(cells, dtype=object)), expected)
    np.testing.assert_array_equal(valid_credit_code_mask(np.array(cells, dtype=object)), expected)


def test_mask_on_string_series_and_arrays():
    codes = VALID + ["91350100M000100Y44", None]
    expected = [True, True, True, False, False]
    assert valid_credit_code_mask(pd.Series(codes)).tolist() == expected  # pandas' str dtype, NaN for None
    assert valid_credit_code_mask(np.array(VALID)).tolist() == [True] * 3  # numpy <U18
    assert valid_credit_code_mask(pd.Series(VALID, index=[7, 8, 9])).tolist() == [True] * 3


def test_mask_of_nothing_and_of_no_strings():
    assert valid_credit_code_mask([]).shape == (0,)
    assert valid_credit_code_mask(pd.Series([], dtype=object)).dtype == bool
    assert valid_credit_code_mask([None, float("nan")]).tolist() == [False, False]
    assert valid_credit_code_mask(pd.Series([1.0, 2.0])).tolist() == [False, False]


def test_mask_of_a_million_codes_is_fast():
    codes = generate_credit_codes(1_000_000, np.random.default_rng(0)).astype(object)
    codes[::7] = None
    started = time.perf_counter()
    mask = valid_credit_code_mask(pd.Series(codes, dtype=object))
    elapsed = time.perf_counter() - started
    assert mask.sum() == 1_000_000 - len(codes[::7])
    assert elapsed < 3.0  # about 0.3 s; a loop over codes would take many seconds


def test_generated_codes_are_valid_unique_and_prefixed():
    codes = generate_credit_codes(20_000, np.random.default_rng(1), prefix="52440307")
    assert codes.shape == (20_000,)
    assert len(set(codes.tolist())) == 20_000
    assert all(code.startswith("52440307") and len(code) == 18 for code in codes)
    assert valid_credit_code_mask(codes).all()
    assert all(is_valid_credit_code(code) for code in codes[:500])


def test_default_prefix_is_a_longgang_enterprise():
    codes = generate_credit_codes(10, np.random.default_rng(0))
    assert all(code.startswith("91440307") for code in codes)


def test_generation_is_deterministic():
    first = generate_credit_codes(1000, np.random.default_rng(5), prefix="51440307")
    again = generate_credit_codes(1000, np.random.default_rng(5), prefix="51440307")
    other = generate_credit_codes(1000, np.random.default_rng(6), prefix="51440307")
    np.testing.assert_array_equal(first, again)
    assert (first != other).any()


def test_generation_fills_a_small_space_with_distinct_codes():
    codes = generate_credit_codes(31, np.random.default_rng(0), prefix="9144030712345678")
    assert sorted(code[16] for code in codes) == sorted(CREDIT_CODE_CHARSET)
    with pytest.raises(ValueError):
        generate_credit_codes(32, np.random.default_rng(0), prefix="9144030712345678")


@pytest.mark.parametrize("prefix", ["91440307I", "9144030S", "914403071234567890", 91])
def test_generation_rejects_bad_prefixes(prefix):
    with pytest.raises(ValueError):
        generate_credit_codes(3, np.random.default_rng(0), prefix=prefix)


def test_generation_of_zero_codes():
    assert generate_credit_codes(0, np.random.default_rng(0)).shape == (0,)
