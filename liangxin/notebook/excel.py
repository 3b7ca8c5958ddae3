"""Excel files from a notebook: any tables (:func:`write_excel`) and one street's list (:func:`export_street`).

Cells are written the way ``report.xlsx`` is (:func:`liangxin.viz.report.write_sheets`):
values, never formulas; numbers as numbers, rates as percentages, yes/no as 是/否.
"""

import re
from pathlib import Path

import numpy as np
import pandas as pd

from liangxin.notebook.translate import RATE_NAMES, yes_no, zh
from liangxin.queries.streets import resolve_street
from liangxin.queries.tables import street_tables

__all__ = ["street_sheets", "write_excel", "export_street"]

_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def street_sheets(analysis, street: str) -> dict:
    """The sheets of one street's list for its secretary, in Chinese.

    Returns
    -------
    dict of str to DataFrame
        ``概况`` (the street's figures), ``未覆盖组织`` (the open organizations, ranked as
        :func:`liangxin.queries.tables.uncovered_ranked`), ``提升项`` (the rest of that list), ``责任链断点`` (one row per
        organization), ``驻街机关`` (departments stationed there, with their loads) and
        ``挂点区领导`` (leaders attached to the street's organizations); as
        :func:`liangxin.queries.tables.street_tables`.

    Examples
    --------
    >>> sheets = street_sheets(result, "平湖")
    >>> list(sheets)
    ['概况', '未覆盖组织', '提升项', '责任链断点', '驻街机关', '挂点区领导']
    >>> sheets["未覆盖组织"]["组织名称"].tolist()  # A is key; then C 60, Q 50, H 35 employees
    ['甲科技有限公司', '丙物流有限公司', '子餐饮有限公司', '平湖街道餐饮协会']
    >>> sheets["驻街机关"]["单位"].tolist()  # 教育局: A and half of C, H, Q
    ['区教育局', '区发展和改革局']
    """
    tables = street_tables(analysis, street)
    ranked = tables["uncovered"]
    return {
        "概况": tables["summary"].rename(columns={"measure": "指标", "value": "数值"}),
        "未覆盖组织": zh(ranked[ranked["open"]].reset_index(drop=True)),
        "提升项": zh(ranked[~ranked["open"]].reset_index(drop=True)),
        "责任链断点": zh(tables["broken_chains"]),
        "驻街机关": zh(tables["departments"]),
        "挂点区领导": zh(tables["leaders"]),
    }


def _sheet_name(name, used):
    base = _SHEET_BAD.sub("_", str(name)).strip("'") or "Sheet"
    base = base[:31]
    candidate, n = base, 2
    while candidate.lower() in used:
        suffix = f"({n})"
        candidate, n = base[:31 - len(suffix)] + suffix, n + 1
    used.add(candidate.lower())
    return candidate


def _value_format(value, is_rate):
    if isinstance(value, (bool, np.bool_)) or value is None or isinstance(value, str):
        return "text"
    if isinstance(value, (int, np.integer)):
        return "int"
    if isinstance(value, (float, np.floating)):
        return "rate" if is_rate else "float"
    return "text"


def _excel_formats(frame):
    """The frame with yes/no as 是/否, and the format of each column (or of each cell) for write_sheets."""
    formats = {}
    converted = frame.copy()
    # A 指标/数值 table (overview, a street's figures, a comparison): a 指标 ending in 率 is a rate.
    measure = next((c for c in ("指标", "measure") if c in frame.columns), None)
    row_rate = (frame[measure].astype(str).str.endswith("率").to_numpy() if measure is not None
                else np.zeros(len(frame), dtype=bool))
    for column in frame.columns:
        values = frame[column]
        column_rate = str(column) in RATE_NAMES or str(column).endswith("率")
        if values.dtype == bool or str(values.dtype) == "boolean":
            converted[column] = yes_no(values.astype(object))
        elif pd.api.types.is_integer_dtype(values.dtype):
            formats[column] = "int"
        elif pd.api.types.is_float_dtype(values.dtype):
            formats[column] = "rate" if column_rate else "float"
        elif values.dtype == object:
            cells = [_value_format(v, column_rate or rate) for v, rate in zip(values, row_rate)]
            converted[column] = [("是" if v else "否") if isinstance(v, (bool, np.bool_)) else v for v in values]
            formats[column] = cells
    converted.columns = [str(c) for c in converted.columns]
    formats = {str(k): v for k, v in formats.items()}
    return converted, formats


def write_excel(sheets, path) -> Path:
    """Write DataFrames to an .xlsx file the way ``report.xlsx`` is written.

    Every text cell is written as text (never a formula, a link or a number: a name starting
    with ``=`` stays text), numbers as numbers, rates as percentages, yes/no as 是/否; header
    frozen, filters on, widths fitted. Column names are written as they are: pass
    :func:`zh` tables for Chinese headers. A long table continues on ``name(2)`` ….

    Parameters
    ----------
    sheets : DataFrame or dict of str to DataFrame
        One table (sheet ``清单``) or sheet name → table; names are made valid for Excel.
    path : str or Path
        The .xlsx file (its folder is created when missing).

    Returns
    -------
    Path

    Examples
    --------
    >>> write_excel({"未覆盖组织": zh(lx.uncovered_ranked(result))}, "清单/未覆盖组织.xlsx").as_posix()
    '清单/未覆盖组织.xlsx'
    """
    from liangxin.viz.report import write_sheets

    if isinstance(sheets, pd.DataFrame):
        sheets = {"清单": sheets}
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ValueError(f"the file must end with .xlsx: {path}")
    path.parent.mkdir(parents=True, exist_ok=True)
    used, prepared = set(), []
    for name, frame in sheets.items():
        frame = frame.reset_index() if frame.index.name is not None else frame.reset_index(drop=True)
        converted, formats = _excel_formats(frame)
        prepared.append((_sheet_name(name, used), converted, formats))
    return write_sheets(prepared, path)


def export_street(analysis, street: str, folder="out") -> Path:
    """Write one street's list (:func:`street_sheets`) to ``folder/<街道>两新组织清单.xlsx``.

    Examples
    --------
    >>> export_street(result, "平湖", "out").as_posix()
    'out/平湖街道两新组织清单.xlsx'
    """
    street = resolve_street(analysis, street)
    return write_excel(street_sheets(analysis, street), Path(folder) / _file_name(f"{street}两新组织清单.xlsx"))


def _file_name(text):
    """`text` as one file name in any folder: no path separators, nothing Windows refuses.

    Examples
    --------
    >>> _file_name("../平湖/街道:清单.xlsx")
    '_平湖_街道_清单.xlsx'
    """
    return re.sub(r'[\\/:*?"<>|\x00-\x1f\x7f]', "_", text).strip(" .") or "_"
