"""Charts and the network view shown inline in a notebook, never through pyplot's global state.

A :class:`Chart` is a matplotlib figure that Jupyter shows as a PNG whatever matplotlib's
backend (Agg under test). The committee's charts are :mod:`liangxin.viz.charts`' own; the
coverage per kind and the what-if chart are drawn here from :mod:`liangxin.queries.tables`.
"""

import io
from pathlib import Path

import numpy as np

from liangxin.queries.coverage import RATE_COLUMNS
from liangxin.queries.labels import ORG_KIND_ZH, RATE_ZH, ROLE_ZH
from liangxin.queries.tables import coverage_table, load_ratio
from liangxin.viz.safety import chart_text

__all__ = ["Chart", "coverage_chart", "loads_chart", "findings_chart", "comparison_chart", "show_network"]


class Chart:
    """A matplotlib figure that Jupyter shows inline as a PNG (any backend, no pyplot).

    Attributes
    ----------
    figure : matplotlib.figure.Figure
    title : str
    """

    def __init__(self, figure, title):
        self.figure = figure
        self.title = title

    def png(self) -> bytes:
        """The chart as PNG bytes."""
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        buffer = io.BytesIO()
        FigureCanvasAgg(self.figure).print_png(buffer)
        return buffer.getvalue()

    def _repr_png_(self):
        return self.png()

    def save(self, path) -> Path:
        """Write the chart as a PNG file and return its path."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(self.png())
        return path

    def __repr__(self):
        return f"<Chart {self.title}>"


def _committee_chart(analysis, stem):
    from liangxin.viz.charts import chart_figures

    for title, chart_stem, figure in chart_figures(analysis):
        if chart_stem == stem:
            return Chart(figure, title)
    raise KeyError(stem)  # pragma: no cover - the stems are viz.charts'


def _font_settings():
    from liangxin.viz.charts import find_cjk_font

    settings = {"axes.unicode_minus": False, "axes.spines.top": False, "axes.spines.right": False}
    found = find_cjk_font()
    if found:
        settings["font.family"] = [found[0], "DejaVu Sans"]
    return settings


def _kind_coverage_figure(analysis):
    from matplotlib.figure import Figure
    from matplotlib.ticker import PercentFormatter

    table = coverage_table(analysis, "kind")
    figure = Figure(figsize=(7.0, 4.2), dpi=100)
    axes = figure.subplots()
    positions = np.arange(len(table))
    width = 0.26
    for i, (column, color) in enumerate(zip(RATE_COLUMNS, ("#b91c1c", "#f97316", "#2563eb"))):
        values = np.nan_to_num(table[column].to_numpy(dtype=float))
        bars = axes.bar(positions + (i - 1) * width, values, width=width, color=color, label=RATE_ZH[column])
        for bar, value in zip(bars, values):
            axes.text(bar.get_x() + bar.get_width() / 2, value, f"{value:.0%}", ha="center", va="bottom",
                      fontsize=8)
    axes.set_xticks(positions, [f"{ORG_KIND_ZH.get(g, g)}\n应建 {r} 个" for g, r in
                                zip(table["group"], table["required"])])
    axes.set_ylim(0, 1.1)
    axes.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    axes.set_title("按组织类型的覆盖率", pad=22)
    axes.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3, fontsize=8, frameon=False)
    figure.tight_layout()
    return figure


def coverage_chart(analysis, by: str = "street") -> Chart:
    """Coverage rates per street (the report's chart) or per kind of organization.

    Examples
    --------
    >>> coverage_chart(result)
    <Chart 各街道覆盖率>
    >>> coverage_chart(result, by="kind")._repr_png_()[:4]
    b'\\x89PNG'
    """
    if by == "street":
        return _committee_chart(analysis, "coverage_by_street")
    if by != "kind":
        raise ValueError(f"by must be 'street' or 'kind', not {by!r}")
    import matplotlib

    with matplotlib.rc_context(_font_settings()):
        figure = _kind_coverage_figure(analysis)
    return Chart(figure, "按组织类型的覆盖率")


def loads_chart(analysis) -> Chart:
    """Load / capacity of every unit, per role (the report's chart).

    Examples
    --------
    >>> loads_chart(result)
    <Chart 各类责任单位负荷分布>
    """
    return _committee_chart(analysis, "unit_loads")


def findings_chart(analysis) -> Chart:
    """Number of organizations per finding code (the report's chart).

    Examples
    --------
    >>> findings_chart(result).save("问题.png").name
    '问题.png'
    """
    return _committee_chart(analysis, "findings_by_code")


def _comparison_axes(axes, changed):
    from matplotlib.ticker import PercentFormatter

    positions = np.arange(len(changed))[::-1]
    before = load_ratio(changed["load_before"], changed["capacity_before"])
    after = load_ratio(changed["load_after"], changed["capacity_after"])
    before, after = np.nan_to_num(before, posinf=0.0), np.nan_to_num(after, posinf=0.0)
    axes.barh(positions + 0.2, before, height=0.38, color="#9ca3af", label="调整前")
    axes.barh(positions - 0.2, after, height=0.38, color="#2563eb", label="调整后")
    axes.axvline(1.0, color="#e11d48", linestyle="--", linewidth=1)
    axes.set_yticks(positions, chart_text(f"{u}（{ROLE_ZH.get(k, k)}）"
                                          for u, k in zip(changed["unit"], changed["kind"])),
                    fontsize=8, parse_math=False)
    axes.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    axes.set_xlabel("负荷率 = 负荷 / 容量（红线：容量）")
    axes.legend(loc="lower right", fontsize=8, frameon=False)


def comparison_chart(comparison, limit: int = 15) -> Chart:
    """Load / capacity before and after a what-if, for the units whose load changed most.

    Examples
    --------
    >>> comparison_chart(lx.compare(result, lx.analyze(lx.with_capacity(net, "张伟", 3))))
    <Chart 调整前后的负荷率（负荷 / 容量）>
    """
    import matplotlib
    from matplotlib.figure import Figure

    changed = comparison.loads.head(limit)
    title = "调整前后的负荷率（负荷 / 容量）"
    with matplotlib.rc_context(_font_settings()):
        figure = Figure(figsize=(8.0, max(3.0, 0.42 * len(changed) + 1.6)), dpi=100)
        axes = figure.subplots()
        if not len(changed):
            axes.text(0.5, 0.5, "没有单位的负荷发生变化", ha="center", va="center", transform=axes.transAxes)
            axes.set_axis_off()
        else:
            _comparison_axes(axes, changed)
        axes.set_title(title)
        figure.tight_layout()
    return Chart(figure, title)


def show_network(analysis, height: int = 720, **view_options):
    """The interactive network, inline in the notebook (:func:`liangxin.viz.network.show_network`).

    Options: ``street="平湖"`` or ``unit="区民政局"`` draws one street or one unit in full;
    ``max_nodes`` caps the drawing. ``.save("网络.html")`` writes the page.

    Examples
    --------
    >>> show_network(result, street="平湖")._repr_html_()[:15]
    '<iframe srcdoc='
    """
    from liangxin.viz.network import show_network as _show

    return _show(analysis, height=height, **view_options)
