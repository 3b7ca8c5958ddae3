"""The figures one page states: of the view that is drawn, and of the whole district beside them.

未覆盖 is the *open* organizations (MEMBERS_REQUIRED or PARTY_ORG_REQUIRED, summary.json's
``"open": true``); organizations whose uncovered codes are only STANDALONE_POSSIBLE / MASS_ORG_*
are 提升项. Every figure is a count of the analysis's own findings (through
:class:`~liangxin.viz.network.findings.OrganizationFindings`) over the view's organizations, so
the district page says what summary.json says.

Examples
--------
The hand-made workbook (tests/test_handmade.py): 13 organizations, 7 open, 2 提升项 (9 with
uncovered codes), 7 with a broken chain; 平湖街道 has 7 organizations, 4 of them open.

>>> from liangxin.viz.network.lookups import GraphLookups
>>> graph = GraphLookups(result)
>>> figures = view_figures(graph, np.ones(graph.n, dtype=bool), set())
>>> figures["organizations"], figures["open"], figures["improvement"], figures["chain"]
([13, 13], [7, 7], [2, 2], [7, 7])
>>> subtitle(figures, "district")
'两新组织 13 个 · 未覆盖 7 个 · 提升项 2 个 · 责任链断点 7 个 · 超负荷单位 0 个（全区 3 个） · 未落实单位 0 个（全区 1 个）'
"""

import numpy as np

from liangxin.queries.labels import HEADLINE_ZH
from liangxin.viz.network.findings import FINDING_CODES
from liangxin.viz.network.labels import count_text

__all__ = ["view_figures", "subtitle"]


def view_figures(graph, scope: np.ndarray, drawn: set) -> dict:
    """Each headline figure and each finding code's organizations, as ``[in the view, in the district]``.

    Parameters
    ----------
    graph : GraphLookups
    scope : ndarray of bool
        The view's organizations (a mask over the positions).
    drawn : set of str
        The node ids drawn: the overloaded and idle units counted are those drawn.

    Returns
    -------
    dict
        ``organizations, open, improvement, chain, overloaded, idle`` and ``codes`` (code → pair).
        Units count per (unit, role), as summary.json's ``overloaded`` and ``idle`` lists do.
    """
    findings, loads = graph.findings, graph.analysis.loads

    def pair(mask):
        return [int(np.count_nonzero(mask & scope)), int(np.count_nonzero(mask))]

    def units(flag):
        rows = flag.astype(bool).to_numpy()
        return [int(loads.loc[rows, "node_id"].isin(drawn).sum()), int(rows.sum())]

    figures = {"organizations": pair(np.ones(graph.n, dtype=bool)), "open": pair(findings.open),
               "improvement": pair(findings.improvement), "chain": pair(findings.chain),
               "overloaded": units(loads["overloaded"]), "idle": units(loads["idle"])}
    figures["codes"] = {code: pair(findings.with_code(code)) for code in FINDING_CODES}
    return figures


def subtitle(figures: dict, mode: str, whole: str = "全区") -> str:
    """The page's subtitle: the view's figures, each with the whole dataset's (`whole`: 全区, 全市)
    where they differ.

    Examples
    --------
    >>> subtitle({"organizations": [7, 13], "open": [4, 7]}, "street")
    '本图两新组织 7 个（全区 13 个） · 未覆盖 4 个（全区 7 个）'
    """
    parts = []
    for key, name in HEADLINE_ZH.items():
        if key not in figures:
            continue
        view, district = figures[key]
        text = f"{name} {count_text(view)} 个"
        if view != district:
            text += f"（{whole} {count_text(district)} 个）"
        parts.append(text)
    prefix = "" if mode == "district" else "本图"
    return prefix + " · ".join(parts)
