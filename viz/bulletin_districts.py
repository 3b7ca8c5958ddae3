"""The bulletin's district ranking, for a dataset of several districts (a city).

Blocks (a paragraph and a table) that :func:`liangxin.viz.bulletin.build_bulletin` adds to its
overall section; none for one district. Rendering only: the ranking is
:func:`liangxin.queries.districts.district_ranking`'s.
"""

from liangxin.queries.districts import district_ranking
from liangxin.queries.labels import DISTRICT_ZH, RATE_ZH
from liangxin.viz.bulletin_model import BulletinTable, _names, _num, _pct, _text

__all__ = ["district_blocks"]


def district_blocks(analysis):
    """The district ranking's paragraph and table, or ``[]`` for one district.

    Examples
    --------
    >>> district_blocks(result)  # the hand-made workbook is one district
    []
    """
    ranked = district_ranking(analysis)
    if not len(ranked):
        return []
    rated = ranked[ranked["required"] > 0]
    if len(rated) > 1:
        shown = max(1, min(3, len(rated) // 2))  # the best and the worst never overlap
        text = (f"从各区看，组织覆盖率较高的是{_names(rated['district'].head(shown))}，"
                f"较低的是{_names(rated['district'].tail(shown).iloc[::-1])}。")
    else:
        text = "本次统计共涉及" + f"{len(ranked)}个区。"
    text += f"{len(ranked)}个区共有未覆盖组织{int(ranked['open'].sum())}个。"
    columns = ["排名", DISTRICT_ZH["district"], DISTRICT_ZH["required"], RATE_ZH["org_coverage"],
               RATE_ZH["standalone_rate"], RATE_ZH["work_coverage"], DISTRICT_ZH["open"]]
    rows = [[str(r["rank"]), _text(r["district"]), _num(r["required"]), _pct(r["org_coverage"]),
             _pct(r["standalone_rate"]), _pct(r["work_coverage"]), _num(r["open"])]
            for r in ranked.to_dict("records")]
    return [text, BulletinTable("各区进展情况（按组织覆盖率排名）", columns, rows,
                                "各区的组织按其所在区统计；未填区且街道名在几个区都有的组织不计入任何区。")]
