"""The committee's charts: coverage by street, unit loads, findings by code (PNG, matplotlib Agg).

:func:`write_charts` returns ``(Chinese title, PNG path)`` pairs, the form
:func:`liangxin.viz.report.write_report_xlsx` takes as ``images``.

Chinese needs a CJK font. One is looked for at run time (Noto Sans CJK from Debian's
``fonts-noto-cjk``, Microsoft YaHei or SimHei on Windows, …); when none is installed the
charts are still written, but a warning naming what to install is given once, through
:mod:`logging` and :mod:`warnings`, instead of silently drawing boxes.
"""

import logging
import re
import sys
import warnings
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import numpy as np

from liangxin.graph.schema import UNIT_ROLES
from liangxin.queries.chains import CHAIN_CODES
from liangxin.queries.coverage import RATE_COLUMNS
from liangxin.queries.analysis import headline_figures, organizations_per_code
from liangxin.queries.labels import CATEGORY_ZH, GAP_ZH, FIGURE_ZH, RATE_ZH, ROLE_ZH, UNIT_STATE_ZH, whole_zh
from liangxin.queries.streets import street_rank
from liangxin.queries.tables import load_ratio
from liangxin.queries.uncovered import UNCOVERED_CODES
from liangxin.viz.safety import chart_text

__all__ = [
    "write_charts",
    "CHART_FILES",
    "chart_figures",
    "chart_data",
    "save_charts",
    "warm_up",
    "find_cjk_font",
    "CJK_FONT_FAMILIES",
    "CJKFontMissingWarning",
    "font_warning_said",
    "caller_fonts",
]

log = logging.getLogger(__name__)

#: Font families with Chinese glyphs, most wanted first (Linux, Windows, macOS).
CJK_FONT_FAMILIES = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", "Microsoft YaHei",
    "SimHei", "DengXian", "PingFang SC", "Hiragino Sans GB", "Heiti SC", "STHeiti", "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei", "Sarasa Gothic SC", "Noto Sans CJK JP", "Droid Sans Fallback", "Noto Serif CJK SC",
    "SimSun", "AR PL UMing CN", "Arial Unicode MS",
)
#: Font files worth a look when matplotlib's font cache predates the font's installation.
_CJK_FILE = re.compile(r"cjk|msyh|simhei|simsun|deng|wqy|wenquanyi|sourcehan|notosanssc|notoserifsc|droidsansfallback"
                       r"|pingfang|hiragino|stheiti|sarasa|uming|ukai", re.IGNORECASE)
_SAMPLE = "两新组织党建覆盖率街道负荷问题数量"
_MISSING_FONT = ("未找到中文字体，图表中的中文会显示成方框。请安装中文字体后重新生成：Debian/Ubuntu 运行 "
                 "sudo apt-get install fonts-noto-cjk；Windows 一般自带“微软雅黑”（Microsoft YaHei）或“黑体”（SimHei），"
                 "可在“设置 → 个性化 → 字体”中确认。装好后如仍无效，删除 matplotlib 字体缓存文件夹 {cache} 再试。")
_COLORS = {"uncovered": "#e11d48", "improvement": "#0d9488", "chain": "#f59e0b", "unit": "#7c3aed",
           "rate": ("#b91c1c", "#f97316", "#2563eb")}
#: Codes that alone make an organization a 提升项, not 未覆盖 (RULES.md).
_IMPROVEMENT_CODES = ("STANDALONE_POSSIBLE", "MASS_ORG_MISSING", "MASS_ORG_FIRST")
_FIGSIZE = (8.0, 5.2)
#: zlib level of the PNG files: the same pixels; 3 instead of Pillow's 6 takes ~40% less time to
#: encode the tall street chart of a large district (~0.06 s at 150 streets) for a file ~10% larger.
PNG_COMPRESS_LEVEL = 3
_DPI = 100
_warned = False
#: The rcParams that choose a font: the caller's are kept when none of CJK_FONT_FAMILIES is installed.
_FONT_PARAMS = ("font.family", "font.sans-serif", "font.serif")


class CJKFontMissingWarning(UserWarning):
    """No font with Chinese glyphs is installed: chart text would show as boxes."""


def _covers_chinese(path):
    from matplotlib.ft2font import FT2Font

    try:
        font = FT2Font(str(path))
    except (OSError, RuntimeError, ValueError):
        return False
    return all(font.get_char_index(ord(ch)) for ch in _SAMPLE)


def _known_family(font_manager):
    by_name = {}
    for entry in font_manager.fontManager.ttflist:
        by_name.setdefault(entry.name, []).append(entry)
    def regular_first(entry):
        return abs(entry.weight - 400) if isinstance(entry.weight, (int, float)) else 0

    for family in CJK_FONT_FAMILIES:
        for entry in sorted(by_name.get(family, ()), key=regular_first):
            if _covers_chinese(entry.fname):
                return family, Path(entry.fname)
    return None


@lru_cache(maxsize=1)
def find_cjk_font():
    """Return ``(family, path)`` of an installed font that has Chinese glyphs, or None.

    Looks through matplotlib's font list for :data:`CJK_FONT_FAMILIES`; fonts installed after
    matplotlib built its cache are found by file name and added.

    Examples
    --------
    Which font is found depends on the machine (Debian with ``fonts-noto-cjk``: ``('Noto Sans
    CJK SC', PosixPath('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'))``); whatever it
    is, it is one of :data:`CJK_FONT_FAMILIES`, or None:

    >>> found = find_cjk_font()
    >>> found is None or found[0] in CJK_FONT_FAMILIES
    True
    """
    from matplotlib import font_manager

    found = _known_family(font_manager)
    if found:
        return found
    for path in font_manager.findSystemFonts():
        if _CJK_FILE.search(Path(path).name):
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):
                continue
    return _known_family(font_manager)


def font_warning_said(said: bool | None = None) -> bool:
    """Whether this process has said that no Chinese font is installed (it says so once); `said` sets it.

    The worker process that draws a large district's charts (:mod:`liangxin.outputs`) is told, and
    tells back, so that the warning is said once a session whichever process draws.

    Examples
    --------
    >>> font_warning_said() in (True, False)
    True
    """
    global _warned
    if said is not None:
        _warned = bool(said)
    return _warned


def caller_fonts() -> dict:
    """The font rcParams of this process as they stand (its matplotlibrc, or a notebook's
    ``plt.rcParams["font.sans-serif"] = [...]``); empty while matplotlib is not imported.

    The charts keep them when none of :data:`CJK_FONT_FAMILIES` is installed: an analyst's own
    Chinese font still draws the text. Sent to the worker process, which draws with them too.

    Examples
    --------
    >>> import matplotlib
    >>> sorted(caller_fonts())
    ['font.family', 'font.sans-serif', 'font.serif']
    """
    matplotlib = sys.modules.get("matplotlib")
    if matplotlib is None:
        return {}
    return {name: matplotlib.rcParams[name] for name in _FONT_PARAMS}


@contextmanager
def _chart_style(fonts=None):
    """rcParams for the charts, from the matplotlibrc file's up, not from what a notebook set (the
    same charts in the worker process); a Chinese font of :data:`CJK_FONT_FAMILIES`, else `fonts`
    (default :func:`caller_fonts`); says once, clearly, when there is no Chinese font of ours."""
    import matplotlib

    global _warned
    settings = {"axes.unicode_minus": False, "axes.spines.top": False, "axes.spines.right": False}
    found = find_cjk_font()
    fonts = caller_fonts() if fonts is None else fonts
    if found:
        # A family name, not "sans-serif": each text keeps it, so a figure drawn later (in a
        # notebook, outside this context) still finds the Chinese font.
        settings["font.family"] = [found[0], "DejaVu Sans"]
    elif not _warned:
        _warned = True
        message = _MISSING_FONT.format(cache=matplotlib.get_cachedir())
        log.warning(message)
        warnings.warn(message, CJKFontMissingWarning, stacklevel=4)
    with matplotlib.rc_context(), warnings.catch_warnings():
        matplotlib.rc_file_defaults()
        matplotlib.rcParams.update(settings if found else {**fonts, **settings})
        if not found:  # already said once: not one more warning per missing glyph
            warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font")
        yield


def _percent(axis):
    from matplotlib.ticker import PercentFormatter

    axis.set_major_formatter(PercentFormatter(1.0, decimals=0))


def _bars(axes, y, widths, height, color, label):
    """Horizontal bars from 0, as ``axes.barh`` draws them, but as one collection: one artist to lay
    out and draw instead of one per bar (a district of 150 streets has 450 bars)."""
    from matplotlib.collections import PolyCollection

    low, high = y - height / 2, y + height / 2
    zero = np.zeros(len(y))
    corners = np.stack([np.column_stack(corner) for corner in
                        ((zero, low), (widths, low), (widths, high), (zero, high))], axis=1)
    bars = PolyCollection(corners, facecolors=color, edgecolors="none", linewidths=0, label=label)
    bars.sticky_edges.x.append(0)  # as barh: the axis starts at the bars' base
    axes.add_collection(bars)
    return bars


def _coverage_data(analysis):
    """The streets' rows of the coverage table in the district's order, and the district's own row."""
    coverage = analysis.coverage
    streets = coverage[coverage["scope"] == "street"]
    streets = streets.assign(_r=street_rank(analysis, streets["group"])).sort_values("_r", kind="stable")
    columns = ["group", "required", *RATE_COLUMNS]
    return {"streets": streets[columns].reset_index(drop=True), "whole": whole_zh(analysis.network.district),
            "overall": float(coverage.loc[coverage["scope"] == "overall", "org_coverage"].iloc[0])}


def _coverage_figure(data):
    """Each street's three rates, streets top to bottom in the district's order; the legend below the axes."""
    from matplotlib.figure import Figure

    streets, overall = data["streets"], data["overall"]
    figure = Figure(figsize=(_FIGSIZE[0], max(_FIGSIZE[1], 0.42 * len(streets) + 2.2)), dpi=_DPI)
    axes = figure.subplots()
    positions = np.arange(len(streets))[::-1]
    height = 0.26
    legend = []
    for i, (column, color) in enumerate(zip(RATE_COLUMNS, _COLORS["rate"])):
        values = np.nan_to_num(streets[column].to_numpy(dtype=float))
        offset = positions + (1 - i) * height
        legend.append(_bars(axes, offset, values, height, color=color, label=RATE_ZH[column]))
        if len(streets) <= 30:  # the value at the end of each bar, while there is room to read it
            for y, value, required in zip(offset, values, streets["required"]):
                if required:
                    axes.text(value + 0.005, y, f"{value:.0%}", va="center", fontsize=6.5, color="#374151")
    for position, required in zip(positions, streets["required"]):
        if required == 0:
            axes.text(0.01, position, "无应建党组织的组织", va="center", fontsize=8, color="#6b7280")
    if not np.isnan(overall):
        legend.insert(0, axes.axvline(overall, color="#111827", linestyle="--", linewidth=1,
                                      label=f"{data['whole']}组织覆盖率 {overall:.1%}"))
    axes.set_yticks(positions, chart_text(streets["group"]), parse_math=False)
    axes.set_xlim(0, 1.1)
    _percent(axes.xaxis)
    axes.set_xlabel("占应建党组织的组织的比例")
    axes.set_title("各街道覆盖率")
    # Below the x label, outside the axes: the legend can never cover a bar, a value or a street.
    axes.legend(handles=legend, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=4, fontsize=8, frameon=False)
    figure.tight_layout()
    return figure


#: Overloaded units named in the load chart, per role (the heaviest); the rest are in 超负荷单位.
NAMED_OVERLOADED = 3


def _loads_data(analysis):
    """The units' loads: role, load, capacity, overloaded and name."""
    return analysis.loads[["kind", "load", "capacity", "overloaded", "unit"]].reset_index(drop=True)


def _loads_figure(loads):
    """Each role's load / capacity, one dot per unit; the heaviest overloaded units of each role named."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(_FIGSIZE[0] + 1.0, _FIGSIZE[1] + 0.6), dpi=_DPI)
    axes = figure.subplots()
    labels, data, named = [], [], []
    rng = np.random.default_rng(0)
    overload_label = "超负荷"
    ceiling = max([2.0] + [float(v) for v in load_ratio(loads["load"], loads["capacity"]) if np.isfinite(v)]) * 1.08
    for index, kind in enumerate(UNIT_ROLES):
        rows = loads[loads["kind"] == kind]
        # capacity 0 with a load is infinitely over: drawn at the top of the chart
        ratio = np.minimum(load_ratio(rows["load"], rows["capacity"]), ceiling)
        data.append(ratio[np.isfinite(ratio)] if len(ratio) else np.array([]))
        over = rows["overloaded"].to_numpy(dtype=bool)
        labels.append(f"{ROLE_ZH[kind]}\n{len(rows)} 个，超负荷 {int(over.sum())}")
        if not len(ratio):
            continue
        jitter = rng.uniform(-0.18, 0.18, len(ratio))
        axes.scatter(index + 1 + jitter[~over], ratio[~over], s=8, color="#2563eb", alpha=0.45, linewidths=0)
        if over.any():
            axes.scatter(index + 1 + jitter[over], ratio[over], s=16, color=_COLORS["uncovered"], alpha=0.9,
                         linewidths=0, label=overload_label)
            overload_label = None
            heaviest = np.argsort(-ratio[over], kind="stable")[:NAMED_OVERLOADED]
            units = rows["unit"].to_numpy(dtype=object)[over]
            for rank, i in enumerate(heaviest):
                named.append((index + 1 + jitter[over][i], ratio[over][i], units[i], rank))
    axes.boxplot(data, positions=range(1, len(data) + 1), widths=0.5, showfliers=False,
                 medianprops={"color": "#111827"})
    for x, y, unit, rank in named:
        axes.annotate(chart_text([unit])[0], (x, y), xytext=(8, 10 - 11 * rank), textcoords="offset points",
                      fontsize=7.5, color="#9f1239", arrowprops={"arrowstyle": "-", "color": "#9f1239", "lw": 0.6},
                      annotation_clip=False)
    axes.axhline(1.0, color=_COLORS["uncovered"], linestyle="--", linewidth=1)
    axes.text(len(data) + 0.45, 1.0, "容量", color=_COLORS["uncovered"], va="bottom", ha="right", fontsize=8)
    axes.set_xticks(range(1, len(data) + 1), labels)
    axes.set_xlim(0.4, len(data) + 0.9)
    axes.set_ylabel("负荷 / 容量")
    axes.set_ylim(0, ceiling * 1.05)
    note = f"红点为超负荷单位，每类标出最重的 {NAMED_OVERLOADED} 个；全部名单见“超负荷单位”表"
    axes.set_title("各类责任单位负荷分布（每点一个单位）")
    axes.text(0.5, -0.16, note, transform=axes.transAxes, ha="center", va="top", fontsize=8, color="#374151")
    if axes.get_legend_handles_labels()[1]:
        axes.legend(loc="upper left", fontsize=8, frameon=False)
    figure.tight_layout()
    return figure


def _findings_data(analysis):
    """``(label, count, colour category)`` per bar: 未覆盖 and 提升项 first (headline), then each code."""
    head = headline_figures(analysis)
    rows = [(f"{FIGURE_ZH['open']}（合计）", head["open"], "uncovered"),
            (f"{FIGURE_ZH['improvement']}（合计）", head["improvement"], "improvement")]
    counts = organizations_per_code(analysis)
    rows += [(label, counts.get(code, 0), "improvement" if code in _IMPROVEMENT_CODES else "uncovered")
             for code, label in UNCOVERED_CODES.items()]
    rows += [(label, counts.get(code, 0), "chain") for code, label in CHAIN_CODES.items()]
    rows += [(f"{UNIT_STATE_ZH[code]}单位", int(len(units)), "unit")
             for code, units in (("OVERLOADED", analysis.overloaded), ("IDLE", analysis.idle))]
    return rows


def _findings_figure(rows):
    """How many organizations have each finding, no English."""
    from matplotlib.figure import Figure

    figure = Figure(figsize=(_FIGSIZE[0], max(_FIGSIZE[1], 0.32 * len(rows) + 1.4)), dpi=_DPI)
    axes = figure.subplots()
    positions = np.arange(len(rows))[::-1]
    counts = [count for _, count, _ in rows]
    axes.barh(positions, counts, color=[_COLORS[category] for _, _, category in rows], height=0.65)
    for position, count in zip(positions, counts):
        axes.text(count, position, f" {count:,}", va="center", fontsize=8)
    axes.set_yticks(positions, [label for label, _, _ in rows], fontsize=8)
    axes.set_xlim(0, max(counts + [1]) * 1.15)
    axes.set_xlabel("组织数（单位类为单位数）")
    axes.set_title("各类问题数量")
    from matplotlib.patches import Patch

    axes.legend(handles=[Patch(color=_COLORS[c], label=label) for c, label in
                         (("uncovered", GAP_ZH[True]), ("improvement", GAP_ZH[False]),
                          ("chain", CATEGORY_ZH["chain"]), ("unit", "责任单位"))],
                loc="upper center", bbox_to_anchor=(0.5, -0.09), ncol=4, fontsize=8, frameon=False)
    figure.tight_layout()
    return figure


_CHARTS = (
    ("各街道覆盖率", "coverage_by_street", _coverage_data, _coverage_figure),
    ("各类责任单位负荷分布", "unit_loads", _loads_data, _loads_figure),
    ("各类问题数量", "findings_by_code", _findings_data, _findings_figure),
)
_FIGURES = {stem: figure for _, stem, _, figure in _CHARTS}
#: The PNG files :func:`write_charts` writes: named by their Chinese titles, as analysts see them.
CHART_FILES = tuple(f"{title}.png" for title, _, _, _ in _CHARTS)


def chart_data(analysis):
    """What the charts draw, taken from `analysis`: ``(title, file stem, data)`` triples.

    The data are small tables and numbers (some thousand rows at most), so another process can draw
    them (:func:`save_charts`) while this one writes the other outputs.

    Examples
    --------
    >>> [(title, stem) for title, stem, _ in chart_data(result)][0]
    ('各街道覆盖率', 'coverage_by_street')
    >>> import pickle
    >>> len(pickle.loads(pickle.dumps(chart_data(result))))
    3
    """
    return [(title, stem, data(analysis)) for title, stem, data, _ in _CHARTS]


def chart_figures(analysis):
    """Return the charts as ``(title, file stem, matplotlib Figure)`` triples, not yet saved.

    Examples
    --------
    >>> figures = chart_figures(result)
    >>> [title for title, _, _ in figures]
    ['各街道覆盖率', '各类责任单位负荷分布', '各类问题数量']
    >>> [stem for _, stem, _ in figures]
    ['coverage_by_street', 'unit_loads', 'findings_by_code']
    """
    with _chart_style():
        return [(title, stem, _FIGURES[stem](data)) for title, stem, data in chart_data(analysis)]


def warm_up() -> None:
    """Draw a small chart with Chinese text and keep nothing: the Chinese font is found and loaded
    and matplotlib's caches filled before the charts are drawn. The worker does this while it
    waits for its job (the first chart of a process took ~0.3 s more than the next). Nothing is
    drawn, and nothing said, where no Chinese font of ours is installed.

    Examples
    --------
    >>> warm_up()
    """
    if not find_cjk_font():
        return
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with _chart_style():
        figure = Figure(figsize=_FIGSIZE, dpi=_DPI)
        axes = figure.subplots()
        axes.barh([0, 1], [0.5, 0.8], label="组织覆盖率")
        axes.set_yticks([0, 1], ["平湖街道", "坂田街道"], parse_math=False)
        _percent(axes.xaxis)
        axes.set_title("各街道覆盖率")
        axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), fontsize=8, frameon=False)
        figure.tight_layout()
        FigureCanvasAgg(figure).draw()


def save_charts(charts, out_dir, fonts=None):
    """Draw :func:`chart_data`'s charts and write them as PNG files into `out_dir` (created when missing).

    Returns ``(Chinese title, PNG path)`` pairs, as :func:`write_charts` does. `fonts`: the font
    rcParams to keep when no Chinese font of ours is installed (default :func:`caller_fonts`).
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with _chart_style(fonts):
        for title, stem, data in charts:
            path = out_dir / f"{title}.png"
            FigureCanvasAgg(_FIGURES[stem](data)).print_png(str(path),
                                                              pil_kwargs={"compress_level": PNG_COMPRESS_LEVEL})
            written.append((title, path))
            log.info("wrote %s", path)
    return written


def write_charts(analysis, out_dir):
    """Write the committee's charts as PNG files into `out_dir`.

    Parameters
    ----------
    analysis : queries.analysis.Analysis
    out_dir : str or Path
        Created when missing.

    Returns
    -------
    list of (str, Path)
        ``(Chinese title, PNG path)``, ready for ``write_report_xlsx(..., images=...)``.

    Examples
    --------
    >>> images = write_charts(result, "图表")
    >>> [path.name for _, path in images]
    ['各街道覆盖率.png', '各类责任单位负荷分布.png', '各类问题数量.png']
    >>> images[0][1].read_bytes()[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
    True

    The pairs go into the report's 总览 sheet:

    >>> from liangxin.viz.report import write_report_xlsx
    >>> write_report_xlsx(result, "report.xlsx", images=images).name
    'report.xlsx'
    """
    return save_charts(chart_data(analysis), out_dir)
