"""The page's legend: every node kind with its icon and counts, then the marks of findings.

The icons are small inline SVGs drawn like the nodes (shape, fill, border); the HTML is built
here with every text escaped.

Examples
--------
>>> icon("dot", "#2563eb")  # doctest: +NORMALIZE_WHITESPACE
'<svg class="lx-icon" width="18" height="18" viewBox="0 0 18 18" aria-hidden="true"><circle cx="9" cy="9"
 r="6.5" fill="#2563eb" stroke="#2563eb" stroke-width="1.5"/></svg>'
"""

import html

from liangxin.graph.schema import NODE_KINDS
from liangxin.viz.network.kinds import FINDING_STYLE
from liangxin.viz.network.labels import count_text

__all__ = ["legend_html", "icon"]

_SHAPE_SVG = {
    "dot": '<circle cx="9" cy="9" r="6.5"{a}/>',
    "square": '<rect x="3" y="3" width="12" height="12"{a}/>',
    "box": '<rect x="1.5" y="4" width="15" height="10" rx="2"{a}/>',
    "ellipse": '<ellipse cx="9" cy="9" rx="7.5" ry="5"{a}/>',
    "triangle": '<polygon points="9,2 16,15.5 2,15.5"{a}/>',
    "diamond": '<polygon points="9,1.5 16.5,9 9,16.5 1.5,9"{a}/>',
    "hexagon": '<polygon points="16,9 12.5,15.1 5.5,15.1 2,9 5.5,2.9 12.5,2.9"{a}/>',
    "star": '<polygon points="9,1.5 10.9,6.6 16.1,6.7 12,10 13.4,15.3 9,12.2 4.6,15.3 6,10 1.9,6.7 7.1,6.6"{a}/>',
}


def icon(shape, fill, stroke=None, dashed=False, width=1.5):
    """An 18-pixel SVG of a node of vis-network's `shape` (a dot for an unknown shape)."""
    attributes = f' fill="{html.escape(fill)}" stroke="{html.escape(stroke or fill)}" stroke-width="{width}"'
    if dashed:
        attributes += ' stroke-dasharray="3 2"'
    body = _SHAPE_SVG.get(shape, _SHAPE_SVG["dot"]).format(a=attributes)
    return f'<svg class="lx-icon" width="18" height="18" viewBox="0 0 18 18" aria-hidden="true">{body}</svg>'


def _line_icon(color, dash):
    return (f'<svg class="lx-icon" width="18" height="18" viewBox="0 0 18 18" aria-hidden="true"><line x1="1" y1="9" '
            f'x2="17" y2="9" stroke="{html.escape(color)}" stroke-width="2" stroke-dasharray="{dash}"/></svg>')


def legend_html(view):
    """The legend of `view` (a :class:`~liangxin.viz.network.view.NetworkView`) as HTML.

    Each node kind: how many are drawn, and how many the district has where that differs; each
    mark of a finding: how many of the view's organizations (or drawn units) have it, and the district's.
    """
    rows = []
    for entry in view.legend:
        if not entry["total"] and not entry["drawn"]:
            continue
        count = f"绘出 {count_text(entry['drawn'])}"
        if entry["drawn"] != entry["total"]:
            count += f"（{view.whole} {count_text(entry['total'])}）"
        rows.append(f'<li data-kind="{html.escape(entry["kind"])}">{icon(entry["shape"], entry["color"])}'
                    f'<span class="lx-legend-name">{html.escape(entry["label_zh"])}</span>'
                    f'<span class="lx-legend-count">{html.escape(count)}</span></li>')
    rows.append(f'<li class="lx-legend-heading">问题标记（本图 / {html.escape(view.whole)}）</li>')
    counts = _mark_counts(view.figures)
    for mark, (svg, text) in _marks().items():
        count = counts.get(mark)
        figure = "" if count is None else count_text(count[0]) if count[0] == count[1] else \
            f"{count_text(count[0])} / {count_text(count[1])}"
        rows.append(f'<li data-mark="{html.escape(mark)}">{svg}<span class="lx-legend-name">{html.escape(text)}</span>'
                    f'<span class="lx-legend-count">{html.escape(figure)}</span></li>')
    return ('<div class="lx-legend-title">图例</div><ul>' + "".join(rows) + "</ul>"
            '<div class="lx-legend-hint">点击节点：在右侧列出其责任链（区 → 街道 → 社区 → 组织及责任单位）、'
            '问题和数字，并高亮；点击空白处取消。</div>')


def _mark_counts(figures):
    """Mark → ``[in the view, in the district]``, from the view's figures (none for the edge marks)."""
    if not figures:
        return {}
    codes = figures["codes"]
    return {"no_unit": codes["NO_RESPONSIBLE_UNIT"], "key_no_leader": codes["KEY_NO_LEADER"],
            "uncovered": figures["open"], "improvement": figures["improvement"], "chain": figures["chain"],
            "overloaded": figures["overloaded"], "idle": figures["idle"]}


def _marks():
    """Mark → (icon, Chinese text), for every mark of a finding, as the page draws them."""
    organization, department = NODE_KINDS["organization"].color, NODE_KINDS["department"].color
    return {
        "no_unit": (icon("dot", FINDING_STYLE["no_unit"]["background"]), FINDING_STYLE["no_unit"]["label_zh"]),
        "key_no_leader": (icon(FINDING_STYLE["key_no_leader"]["shape"], organization, "#1f2937", width=2),
                          FINDING_STYLE["key_no_leader"]["label_zh"]),
        "uncovered": (icon("dot", FINDING_STYLE["uncovered"]["background"]), FINDING_STYLE["uncovered"]["label_zh"]),
        "improvement": (icon("dot", FINDING_STYLE["improvement"]["background"]),
                        FINDING_STYLE["improvement"]["label_zh"]),
        "chain": (icon("dot", organization, FINDING_STYLE["chain"]["border"], dashed=True, width=3),
                  FINDING_STYLE["chain"]["label_zh"]),
        "overloaded": (icon("box", department, FINDING_STYLE["overloaded"]["border"], width=3),
                       FINDING_STYLE["overloaded"]["label_zh"]),
        "idle": (icon("box", department, FINDING_STYLE["idle"]["border"], dashed=True, width=3),
                 FINDING_STYLE["idle"]["label_zh"]),
        "break": (_line_icon(FINDING_STYLE["chain"]["border"], "5 3"), "断开的责任链（挂在上一级）"),
        "aggregate": (_line_icon("#6b7280", "2 3"), "虚线汇总：未单独绘出的组织数"),
    }
