import pandas as pd
import pytest

from liangxin.text import cell_key, name_key, normalize_code, normalize_place, parse_count, parse_yes_no


def text(*values):
    return pd.Series(values, dtype=object)


def test_name_key_trims_full_width_spaces_and_folds_nfkc():
    assert name_key(text("\u3000深圳市 龙岗（科技）有限公司\u3000", "ＡＢＣ１２３", "   ", None)).tolist() == [
        "深圳市龙岗(科技)有限公司", "ABC123", None, None]


def test_name_key_drops_invisible_characters_pasted_from_web_pages_and_chat_apps():
    pasted = text("甲科技\u200b有限公司", "\ufeff甲科技有限公司", "甲科技有限\u00ad公司\u200d", "甲科技有限公司")
    assert name_key(pasted).tolist() == ["甲科技有限公司"] * 4
    assert normalize_place(text("平湖街道\ufeff"), "街道").tolist() == ["平湖街道"]


@pytest.mark.parametrize("cell, value", [
    ("120", 120), ("１２０", 120), ("120人", 120), ("120 人", 120), ("0", 0), ("120.0", 120), (" 7 ", 7),
    ("\u3000120\u3000人", 120), ("1000000000000", 10**12),
    # a thousands-formatted count exported to CSV, and the unit 名 (issue 19: 28 organizations were lost)
    ("1,269", 1269), ("1,200", 1200), ("１，２００", 1200), ("3名", 3), ("1,000,000", 10**6),
])
def test_counts_accepted(cell, value):
    values, bad = parse_count(text(cell))
    assert (values[0], bad[0]) == (value, False)


@pytest.mark.parametrize("cell", ["约一百", "-", "12.5", "-3", "", None, "一百", "12,00", "1,2000", ",120", "120人左右",
                                  # two numbers in one cell; counts past int64 (a phone number, 1E+20)
                                  "120 130", "13800138000 13900139000", "100000000000000000000", 1e20,
                                  "9" * 5000])
def test_counts_rejected(cell):
    _, bad = parse_count(text(cell))
    assert bad[0]


@pytest.mark.parametrize("cell", ["是", "有", "Y", "y", "yes", "YES", "1", "true", "TRUE", "√", "Ｙ"])
def test_yes_words(cell):
    values, odd = parse_yes_no(text(cell))
    assert values[0] and not odd[0]


@pytest.mark.parametrize("cell", ["否", "无", "N", "no", "0", "false", "×", None])
def test_no_words_and_empty(cell):
    values, odd = parse_yes_no(text(cell))
    assert not values[0] and not odd[0]


def test_other_yes_no_cells_are_no_with_a_warning():
    values, odd = parse_yes_no(text("不详"))
    assert not values[0] and odd[0]


def test_places_get_their_suffix_once():
    assert normalize_place(text("平湖", "平湖街道", " 平 湖 ", None), "街道").tolist() == [
        "平湖街道", "平湖街道", "平湖街道", None]
    assert normalize_place(text("山厦", "山厦社区"), "社区").tolist() == ["山厦社区", "山厦社区"]


def test_codes_upper_cased_without_spaces():
    assert normalize_code(text(" 91440307ma5da0001p ", "９１４４")).tolist() == ["91440307MA5DA0001P", "9144"]


COLUMN_CELLS = [" 9144 0300ma5\t", "abc", "", "  ", None, float("nan"), 12345, 1.5, "a\x1cb", "a\x00b", "ok"]
NON_ASCII_CELLS = ["x\u3000y", "ａｂ", "深圳市 龙岗（科技）有限公司", "Ⅻ", "ﬁ"]


@pytest.mark.parametrize("cells", [COLUMN_CELLS, COLUMN_CELLS[:9] + COLUMN_CELLS[10:], COLUMN_CELLS + NON_ASCII_CELLS,
                                   NON_ASCII_CELLS, NON_ASCII_CELLS + COLUMN_CELLS, ["ａｂ", "ab"], [None, None], []])
def test_whole_column_keys_are_each_cells_key(cells):
    # An all-ASCII column takes a one-pass path, a column whose first cell is not ASCII goes cell by
    # cell at once (numbers among its cells too); both must agree with cell_key cell by cell.
    series = pd.Series(cells, dtype=object)
    assert name_key(series).tolist() == [cell_key(v) for v in cells]
    assert normalize_code(series).tolist() == [k.upper() if k else k for k in map(cell_key, cells)]


@pytest.mark.parametrize("cell, suffix, full", [
    ("平湖街道办事处", "街道", "平湖街道"), ("平湖街道办", "街道", "平湖街道"), ("平湖", "街道", "平湖街道"),
    ("山厦社区居委会", "社区", "山厦社区"), ("山厦社区工作站", "社区", "山厦社区"),
    ("办事处", "街道", "办事处街道"),  # nothing before the office: a name, kept as a name
])
def test_a_place_written_as_its_office_is_the_place(cell, suffix, full):
    from liangxin.text import normalize_place

    assert normalize_place(text(cell), suffix).tolist() == [full]


def test_a_text_cell_that_cannot_be_keyed_raises_once():
    # Every cell is already text, so turning cells into text cannot help: the error is raised, not retried.
    class Odd(str):
        def isprintable(self):
            raise TypeError("odd")

    with pytest.raises(TypeError):
        name_key(pd.Series([Odd("深圳市甲公司")], dtype=object))
