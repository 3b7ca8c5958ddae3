"""The committee's charts: files, titles, and Chinese that renders as glyphs, not boxes."""

import logging
import os
import re
import warnings

import numpy as np
import pytest

import liangxin.viz.charts as charts
from liangxin.viz.charts import CJKFontMissingWarning, chart_figures, find_cjk_font, write_charts

TITLES = ["各街道覆盖率", "各类责任单位负荷分布", "各类问题数量"]
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")


@pytest.fixture(scope="module")
def analysis(handmade_xlsx):
    import liangxin as lx

    return lx.analyze(handmade_xlsx)


@pytest.fixture
def cjk_font():
    found = find_cjk_font()
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("CI 上必须有中文字体：apt-get install fonts-noto-cjk（scripts/install-browser.sh 会安装）")
        pytest.skip("没有安装中文字体（Debian/Ubuntu：apt-get install fonts-noto-cjk），无法检查中文字形")
    return found


def test_write_charts_returns_chinese_titles_and_pngs(analysis, tmp_path):
    images = write_charts(analysis, tmp_path / "图表")
    assert [title for title, _ in images] == TITLES
    assert [path.name for _, path in images] == [f"{title}.png" for title in TITLES]  # as the README lists them
    for _, path in images:
        assert path.parent == tmp_path / "图表"
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_charts_go_into_the_report(analysis, tmp_path):
    from openpyxl import load_workbook

    from liangxin.viz.report import write_report_xlsx

    images = write_charts(analysis, tmp_path)
    write_report_xlsx(analysis, tmp_path / "report.xlsx", images=images)
    overview = load_workbook(tmp_path / "report.xlsx")["总览"]
    assert len(overview._images) == len(TITLES)
    assert set(TITLES) <= {cell.value for row in overview.iter_rows() for cell in row}


def _chart_text(analysis):
    for _, _, figure in chart_figures(analysis):
        for text in figure.findobj(lambda artist: hasattr(artist, "get_text") and hasattr(artist, "get_fontproperties")):
            if CJK.search(text.get_text()):
                yield text


def test_every_chinese_character_resolves_to_a_font_that_has_it(analysis, cjk_font):
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    texts = list(_chart_text(analysis))
    assert all(any(title in t.get_text() for t in texts) for title in TITLES)
    for text in texts:
        font = FT2Font(font_manager.findfont(text.get_fontproperties(), fallback_to_default=False))
        missing = [ch for ch in text.get_text() if CJK.match(ch) and not font.get_char_index(ord(ch))]
        assert not missing, (text.get_text(), missing)


def test_chinese_glyphs_are_not_the_tofu_box(analysis, cjk_font):
    from matplotlib.ft2font import FT2Font

    font = FT2Font(str(cjk_font[1]))

    def bitmap(text):
        font.set_size(40, 72)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            font.set_text(text, 0.0)
        font.draw_glyphs_to_bitmap()
        return np.asarray(font.get_image()).copy()

    tofu = bitmap("\U0010fffd")  # not in any font: the .notdef glyph
    characters = sorted({ch for text in _chart_text(analysis) for ch in text.get_text() if CJK.match(ch)})
    assert len(characters) > 20
    for ch in characters:
        glyph = bitmap(ch)
        assert glyph.any(), ch
        assert glyph.shape != tofu.shape or not np.array_equal(glyph, tofu), f"{ch} renders as the tofu box"


def test_no_glyph_goes_missing_while_drawing(analysis, tmp_path, cjk_font):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        write_charts(analysis, tmp_path)
    assert not [w for w in caught if "missing from" in str(w.message)], [str(w.message) for w in caught]


def test_without_a_chinese_font_it_warns_once_naming_what_to_install(analysis, tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(charts, "find_cjk_font", lambda: None)
    monkeypatch.setattr(charts, "_warned", False)
    with caplog.at_level(logging.WARNING, logger="liangxin.viz.charts"), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        first = write_charts(analysis, tmp_path / "a")
        write_charts(analysis, tmp_path / "b")
    ours = [w for w in caught if issubclass(w.category, CJKFontMissingWarning)]
    assert len(ours) == 1
    assert "fonts-noto-cjk" in str(ours[0].message) and "Microsoft YaHei" in str(ours[0].message)
    assert not [w for w in caught if "missing from" in str(w.message)]  # said once, not per glyph
    assert [r.levelno for r in caplog.records if r.name == "liangxin.viz.charts"] == [logging.WARNING]
    assert all(path.exists() for _, path in first)


def test_find_cjk_font_names_a_font_with_chinese(cjk_font):
    from matplotlib.ft2font import FT2Font

    family, path = cjk_font
    assert family in charts.CJK_FONT_FAMILIES
    assert FT2Font(str(path)).get_char_index(ord("党"))


def test_street_names_are_drawn_as_written_not_typeset_as_math(tmp_path):
    # A "$...$" in a name is matplotlib's math markup: a bad one crashed analyze.
    from liangxin.graph.network import build_network
    from liangxin.queries.analysis import analyze_network
    from tests.conftest import ORG_HEADER, org, tables_from_rows

    streets = ["A$\\x$街道", "B$\\frac{1}{2}$街道"]
    tables = tables_from_rows({"街道社区": [["街道", "社区"], [streets[0], "甲社区"], [streets[1] + "\x1b", "乙社区"]],
                               "两新组织": [ORG_HEADER, org("甲公司", street=streets[0], community="甲社区", employees=60)]})
    analysis = analyze_network(build_network(tables))
    write_charts(analysis, tmp_path)
    (_, _, figure), = [f for f in chart_figures(analysis) if f[0] == "各街道覆盖率"]
    figure.canvas.draw() if hasattr(figure.canvas, "draw") else None
    labels = [label.get_text() for label in figure.axes[0].get_yticklabels()]
    assert sorted(labels) == sorted(streets)


def test_coverage_bars_one_collection_per_rate_legend_as_before(analysis):
    # The bars of each rate are one artist; the legend still reads: the district's line, then the rates.
    from matplotlib.collections import PolyCollection

    from liangxin.queries.coverage import RATE_COLUMNS
    from liangxin.queries.labels import RATE_ZH

    (_, _, figure), = [f for f in chart_figures(analysis) if f[0] == "各街道覆盖率"]
    axes = figure.axes[0]
    bars = [c for c in axes.collections if isinstance(c, PolyCollection)]
    streets = len(axes.get_yticks())
    assert [b.get_label() for b in bars] == [RATE_ZH[c] for c in RATE_COLUMNS]
    assert all(len(b.get_paths()) == streets for b in bars)
    legend = [t.get_text() for t in axes.get_legend().get_texts()]
    assert legend[0].startswith("全区组织覆盖率") and legend[1:] == [RATE_ZH[c] for c in RATE_COLUMNS]
    assert axes.get_xlim() == (0, 1.1)


def test_a_notebook_style_does_not_change_the_charts(analysis, tmp_path):
    """A style set in the notebook (or none, in the worker process): the same PNG files either way."""
    import matplotlib

    plain = write_charts(analysis, tmp_path / "plain")
    with matplotlib.rc_context({"axes.facecolor": "#ff0000", "font.size": 20, "lines.linewidth": 7}):
        styled = write_charts(analysis, tmp_path / "styled")
        assert matplotlib.rcParams["font.size"] == 20  # the notebook's style is left as it was
    assert [path.read_bytes() for _, path in plain] == [path.read_bytes() for _, path in styled]


def test_without_a_font_of_ours_the_callers_chinese_font_draws(monkeypatch):
    """A Chinese font CJK_FONT_FAMILIES does not name, set in matplotlibrc or in the notebook, is kept."""
    import matplotlib

    monkeypatch.setattr(charts, "find_cjk_font", lambda: None)
    monkeypatch.setattr(charts, "_warned", True)
    monkeypatch.setitem(matplotlib.rcParamsOrig, "font.sans-serif", ["KaiTi", "DejaVu Sans"])  # matplotlibrc
    with charts._chart_style(fonts={}):
        assert matplotlib.rcParams["font.sans-serif"][0] == "KaiTi"
    with matplotlib.rc_context({"font.sans-serif": ["FangSong"]}):  # plt.rcParams[...] = ... in the notebook
        with charts._chart_style():
            assert matplotlib.rcParams["font.sans-serif"][0] == "FangSong"
        assert charts.caller_fonts()["font.sans-serif"] == ["FangSong"]  # what the worker is sent


def test_warm_up_leaves_the_style_as_it_was_and_says_nothing_without_a_font(monkeypatch):
    """The worker's warm-up draws with the charts' style and gives the caller's back; where no Chinese
    font is installed it does nothing at all (the job's charts say so, once, in the parent)."""
    import matplotlib

    before = dict(matplotlib.rcParams)
    charts.warm_up()
    assert dict(matplotlib.rcParams) == before
    monkeypatch.setattr(charts, "find_cjk_font", lambda: None)
    monkeypatch.setattr(charts, "_warned", False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        charts.warm_up()
    assert charts._warned is False
