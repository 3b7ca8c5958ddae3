"""One workbook per street (``各街道/平湖街道.xlsx``) for its secretary (街道书记): its organizations, gaps and units.

The sheets are report.xlsx's, kept to one street: the same builders, the same ranking, the
same figures (a street's 未覆盖组织 are the open organizations on its rows).
"""

import logging
import re
from pathlib import Path

import numpy as np
import pandas as pd

from liangxin.queries.streets import resolve_street, street_names
from liangxin.queries.labels import LOAD_STATE_ZH
from liangxin.queries.tables import coverage_by, load_margins, organizations_table, street_tables, uncovered_ranked
from liangxin.viz.report import (_FORMATS, _all_organizations_sheet, _chains_sheet, _grouped_coverage, _header_rows,
                                 _open_and_improvement, write_sheets)

__all__ = ["street_report_sheets", "write_street_reports", "STREET_FOLDER"]

log = logging.getLogger(__name__)

#: The folder of ``analyze --by-street`` inside the output folder.
STREET_FOLDER = "各街道"


def _file_name(text):
    """`text` as one file name on any system (no separators, nothing Windows refuses)."""
    return re.sub(r'[\\/:*?"<>|\x00-\x1f\x7f]', "_", str(text)).strip(" .") or "_"


def _summary(analysis, street, tables, date, source):
    summary = tables["summary"]
    head, head_formats = _header_rows(analysis, date, source)
    measures = summary["measure"].tolist()
    values = summary["value"].tolist()
    formats = ["text" if isinstance(v, str) else ("rate" if m.endswith("率") else "int")
               for m, v in zip(measures, values)]
    frame = pd.DataFrame({"指标": [*head["指标"], *measures], "数值": pd.Series([*head["数值"], *values], dtype=object)})
    return frame, {"数值": [*head_formats, *formats]}


def _units(tables):
    departments, leaders = tables["departments"], tables["leaders"]
    margins = load_margins(departments)
    stationed = pd.DataFrame({
        "单位": departments["unit"], "负荷": departments["load"], "容量": departments["capacity"],
        "超出容量": margins["excess"], "剩余容量": margins["spare"], "联系组织数": departments["linked"],
        "状态": margins["state"].map(LOAD_STATE_ZH),
    })
    attached = pd.DataFrame({
        "区领导": leaders["leader"], "本街道挂点组织数": leaders["in_street"], "负荷": leaders["load"],
        "容量": leaders["capacity"], "超负荷": np.where(leaders["overloaded"].astype(bool), "是", "否")
        if len(leaders) else [],
    })
    return stationed, attached


def street_report_sheets(analysis, street, date=None, source=None, ranked=None, everything=None):
    """The sheets of one street's workbook, as ``(name, DataFrame, formats)`` triples.

    Parameters
    ----------
    analysis : queries.analysis.Analysis
    street : str
        ``"平湖"`` or ``"平湖街道"``.
    date, source : optional
        As :func:`liangxin.viz.report.report_sheets`.
    ranked, everything : DataFrame, optional
        :func:`~liangxin.queries.tables.uncovered_ranked` and
        :func:`~liangxin.queries.tables.organizations_table` of the whole analysis, when already
        computed (one per district, not one per street).

    Examples
    --------
    平湖 holds A B C H N O Q; A C H Q are open (A, key, first), none is only 提升项
    (tests/test_handmade.py); 发改局 and 教育局 are stationed there:

    >>> sheets = {name: frame for name, frame, _ in street_report_sheets(result, "平湖")}
    >>> list(sheets)
    ['概况', '未覆盖组织', '提升项', '全部组织', '责任链断点', '社区覆盖率', '驻街区直机关', '挂点区领导']
    >>> sheets["未覆盖组织"]["组织名称"].tolist(), len(sheets["提升项"]), len(sheets["全部组织"])
    (['甲科技有限公司', '丙物流有限公司', '子餐饮有限公司', '平湖街道餐饮协会'], 0, 7)
    >>> sorted(sheets["驻街区直机关"]["单位"])
    ['区发展和改革局', '区教育局']
    """
    street = resolve_street(analysis, street)
    ranked = uncovered_ranked(analysis) if ranked is None else ranked
    tables = street_tables(analysis, street, ranked=ranked)
    ranked = tables["uncovered"]
    everything = organizations_table(analysis) if everything is None else everything
    communities = coverage_by(analysis, "community")
    summary, summary_formats = _summary(analysis, street, tables, date, source)
    stationed, attached = _units(tables)
    open_sheet, improvement_sheet = _open_and_improvement(analysis, ranked)
    return [
        ("概况", summary, summary_formats),
        ("未覆盖组织", open_sheet, _FORMATS),
        ("提升项", improvement_sheet, _FORMATS),
        ("全部组织", _all_organizations_sheet(analysis, everything[everything["street"] == street]), _FORMATS),
        ("责任链断点", _chains_sheet(analysis, street), _FORMATS),
        ("社区覆盖率", _grouped_coverage(communities[communities["street"] == street],
                                      {"street": "街道", "group": "社区"}), _FORMATS),
        ("驻街区直机关", stationed, {**_FORMATS, "本街道挂点组织数": "int"}),
        ("挂点区领导", attached, {**_FORMATS, "本街道挂点组织数": "int"}),
    ]


def write_street_reports(analysis, folder, date=None, source=None) -> list:
    """Write one workbook per street of 街道社区, in the district's order, into `folder`.

    Returns
    -------
    list of Path
        ``folder/<街道>.xlsx``, one per street.

    Examples
    --------
    >>> [path.name for path in write_street_reports(result, "各街道")]
    ['平湖街道.xlsx', '布吉街道.xlsx', '坂田街道.xlsx', '横岗街道.xlsx']
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    ranked, everything = uncovered_ranked(analysis), organizations_table(analysis)
    written = []
    for street in street_names(analysis):
        sheets = street_report_sheets(analysis, street, date, source, ranked=ranked, everything=everything)
        written.append(write_sheets(sheets, folder / f"{_file_name(street)}.xlsx"))
    log.info("wrote %d street workbooks into %s", len(written), folder)
    return written
