"""Write input workbooks: the demo data (and, from :mod:`liangxin.loaders.template`, the empty template).

These write *inputs* in the form INPUT.md describes (a title row above the
header where the real 附件 tables have one); reports are written by :mod:`liangxin.viz`.
"""

import logging
import math
from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter

from liangxin.loaders.template import write_template  # noqa: F401 (re-exported: the template lives there)

__all__ = ["write_workbook_xlsx", "write_workbook_csv", "write_template", "EXCEL_MAX_DATA_ROWS"]

log = logging.getLogger(__name__)

EXCEL_MAX_DATA_ROWS = 1_048_576 - 2  # a title row and a header row


def _cells(column):
    values = column.tolist()
    out = []
    for value in values:
        if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
            out.append(None)
        elif isinstance(value, (np.integer,)):
            out.append(int(value))
        elif isinstance(value, (np.floating,)):
            out.append(float(value))
        else:
            out.append(value)
    return out


def write_workbook_xlsx(sheets, path, titles=None):
    """Write `sheets` (name → DataFrame) as an .xlsx workbook, each title row above its header.

    Numbers are written as numbers, text as text (never as a formula).

    Examples
    --------
    >>> from liangxin.loaders.read import read_raw_sheets
    >>> geography = pd.DataFrame({"街道": ["平湖街道"], "社区": ["山厦社区"]})
    >>> path = write_workbook_xlsx({"街道社区": geography}, "台账.xlsx")
    >>> read_raw_sheets(path)["街道社区"].grid.values.tolist()
    [['街道', '社区'], ['平湖街道', '山厦社区']]
    """
    titles = titles or {}
    path = Path(path)
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False,
                                               "strings_to_urls": False, "strings_to_numbers": False})
    bold = workbook.add_format({"bold": True})
    try:
        for name, frame in sheets.items():
            worksheet = workbook.add_worksheet(name)
            row = 0
            if titles.get(name):
                worksheet.write_string(0, 0, titles[name], bold)
                row = 1
            worksheet.write_row(row, 0, [str(c) for c in frame.columns], bold)
            columns = [_cells(frame[c]) for c in frame.columns]
            for r in range(len(frame)):
                for c, values in enumerate(columns):
                    value = values[r]
                    if value is None:
                        continue
                    if isinstance(value, bool):
                        worksheet.write_boolean(row + 1 + r, c, value)
                    elif isinstance(value, (int, float)):
                        worksheet.write_number(row + 1 + r, c, value)
                    else:
                        worksheet.write_string(row + 1 + r, c, str(value))
            worksheet.set_column(0, max(len(frame.columns) - 1, 0), 16)
    finally:
        workbook.close()
    log.info("wrote workbook %s", path)
    return path


def write_workbook_csv(sheets, folder, titles=None, encoding="utf-8-sig"):
    """Write `sheets` as a folder of CSV files named like the sheets (``两新组织.csv``).

    Parameters
    ----------
    encoding : str
        ``utf-8-sig`` (Excel's "CSV UTF-8") or ``gb18030`` (Excel's "CSV" on Chinese Windows).

    Examples
    --------
    >>> from liangxin.loaders.read import read_raw_sheets
    >>> geography = pd.DataFrame({"街道": ["平湖街道"], "社区": ["山厦社区"]})
    >>> folder = write_workbook_csv({"街道社区": geography}, "台账")
    >>> sorted(p.name for p in folder.iterdir()), read_raw_sheets(folder)["街道社区"].grid.values.tolist()
    (['街道社区.csv'], [['街道', '社区'], ['平湖街道', '山厦社区']])
    """
    titles = titles or {}
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in sheets.items():
        with open(folder / f"{name}.csv", "w", encoding=encoding, newline="") as handle:
            if titles.get(name):
                pd.DataFrame([[titles[name]] + [""] * (len(frame.columns) - 1)]).to_csv(
                    handle, header=False, index=False, lineterminator="\r\n")
            frame.to_csv(handle, index=False, lineterminator="\r\n")
    log.info("wrote CSV folder %s", folder)
    return folder
