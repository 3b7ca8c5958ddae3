"""Write input workbooks: the demo data and the empty template analysts fill in.

These write *inputs* in the form INPUT.md describes (a title row above the
header where the real 附件 tables have one); reports are written by :mod:`liangxin.viz`.
"""

import logging
import math
from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter

from liangxin.loaders.sheets import SHEETS

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


def write_template(path):
    """Write the empty input workbook: every sheet and header of INPUT.md and a 说明 sheet.

    Examples
    --------
    >>> from liangxin.loaders.read import read_raw_sheets
    >>> list(read_raw_sheets(write_template("台账模板.xlsx")))
    ['说明', '街道社区', '两新组织', '挂点促建', '驻街保建', '主管包建', '党群共建', '责任容量']
    """
    path = Path(path)
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    required_fmt = workbook.add_format({"bold": True, "bg_color": "#FDE7E7", "border": 1})
    optional_fmt = workbook.add_format({"bold": True, "bg_color": "#F3F4F6", "border": 1})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    try:
        guide = workbook.add_worksheet("说明")
        guide.write_row(0, 0, ["工作表", "是否必需", "列名", "英文别名", "是否必填", "说明"], required_fmt)
        guide.set_column(0, 0, 12)
        guide.set_column(1, 1, 9)
        guide.set_column(2, 3, 18)
        guide.set_column(4, 4, 9)
        guide.set_column(5, 5, 70)
        row = 1
        for spec in SHEETS:
            for column in spec.columns:
                required = "必填" if column.required else ("二选一" if column.name in spec.one_of else "可选")
                guide.write_row(row, 0, [spec.name, "必需" if spec.required else "可选", column.name,
                                         column.alias, required, column.note], wrap)
                row += 1
        row += 1
        notes = [
            "红色表头为必填列，灰色为可选列；可增加其他列，导入时作为属性保留。",
            "“附件”表可保留标题行（如“附件1 区领导挂点促建联系安排表”）和“序号”列。",
            "人数可写成数字或“120人”；是/否列可写 是/否、有/无、Y/N、√/×，留空为否。",
            "街道可写“平湖”或“平湖街道”，社区同理。",
            "统一社会信用代码为18位，按GB 32100-2015校验；填写后按代码识别组织，否则按名称识别。",
            "也可以把每个工作表另存为同名 CSV 文件（如 两新组织.csv）放在一个文件夹中导入。",
        ]
        for note in notes:
            guide.write_string(row, 0, note)
            row += 1
        guide.freeze_panes(1, 0)
        for spec in SHEETS:
            sheet = workbook.add_worksheet(spec.name)
            for c, column in enumerate(spec.columns):
                fmt = required_fmt if column.required or column.name in spec.one_of else optional_fmt
                sheet.write_string(0, c, column.name, fmt)
                if column.note:
                    sheet.write_comment(0, c, column.note)
            sheet.set_column(0, len(spec.columns) - 1, 16)
            sheet.freeze_panes(1, 0)
    finally:
        workbook.close()
    log.info("wrote template %s", path)
    return path
