"""report.xlsx's 各区 sheet: the per-district figures of a dataset of several districts (a city).

Rendering only: the figures are :func:`liangxin.queries.districts.district_figures`'. The sheet
lists the districts in the order 街道社区 first names them (the order the data gives) and is
left out for one district.
"""

from liangxin.queries.districts import DISTRICT_COLUMNS, district_figures
from liangxin.queries.labels import DISTRICT_ZH, RATE_ZH

__all__ = ["district_sheets", "DISTRICT_SHEET"]

#: The sheet's name in report.xlsx.
DISTRICT_SHEET = "各区"


def district_sheets(analysis):
    """The 各区 sheet as a list of report.xlsx ``(name, DataFrame, formats)`` triples: one
    triple with several districts, none for one.

    Examples
    --------
    >>> district_sheets(result)  # the hand-made workbook is one district
    []
    """
    figures = district_figures(analysis)
    if not len(figures):
        return []
    order = analysis.network.tables.geography["district"].dropna().drop_duplicates().tolist()
    figures = figures.set_index("district").reindex(order).reset_index()
    frame = figures[DISTRICT_COLUMNS].rename(columns=DISTRICT_ZH)
    formats = {DISTRICT_ZH[c]: "int" for c in ("streets", "communities", "organizations", "open", "required")}
    formats.update({name: "rate" for name in RATE_ZH.values()})
    return [(DISTRICT_SHEET, frame, formats)]
