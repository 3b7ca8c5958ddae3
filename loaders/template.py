"""The empty input workbook analysts hand out to units: ``liangxin template``.

Every sheet and header of INPUT.md (required headers red and bold, optional grey; the legend in
说明), a 序号 column with one example row per sheet (``示例`` in its 序号 cell: the loaders skip
it, :func:`liangxin.loaders.rows.is_example_label`), drop-downs (Excel data validation) for
组织类型, 党组织状态, every yes/no column and every street column, and 统一社会信用代码 and
联系电话 formatted as text so Excel keeps every digit. A drop-down list longer than Excel's 255
characters is kept on a hidden sheet 选项. The streets come from the 街道社区 sheet, or from a
district's list (``--district 龙岗区``; ``districts.toml``, package data).
"""

import logging
import tomllib
from pathlib import Path

import xlsxwriter

from liangxin.errors import LiangxinInputError
from liangxin.loaders.rows import EXAMPLE_LABEL
from liangxin.loaders.sheets import SHEETS, sheet_spec

__all__ = ["write_template", "district_streets", "known_districts", "CHOICES", "TEXT_COLUMNS", "EXAMPLES"]

log = logging.getLogger(__name__)

_DISTRICTS = Path(__file__).with_name("districts.toml")
#: The words a drop-down offers, by the parser a column declares (each is read by that parser).
CHOICES = {"kind": ["非公企业", "社会组织"], "status": ["单独组建", "联合组建", "未组建"], "yes_no": ["是", "否"]}
#: Columns kept as text in every row: a code or a phone number typed as a number loses digits.
TEXT_COLUMNS = ("统一社会信用代码", "联系电话")
_EXCEL_LIST_CHARS = 255
_LAST_ROW = 1_048_575
_SERIAL = "序号"
_OPTIONS_SHEET = "选项"
#: The example row of each sheet, by column (a column not named stays empty).
EXAMPLES = {
    "街道社区": {"街道": "平湖街道", "社区": "山厦社区", "社区责任人": "张三"},
    "两新组织": {"组织名称": "深圳市某某科技有限公司", "统一社会信用代码": "91440307MA5DA0001P", "组织类型": "非公企业",
                 "街道": "平湖街道", "社区": "山厦社区", "从业人员数": 120, "党员数": 3, "规模以上": "是",
                 "党组织状态": "单独组建", "所在党组织": "深圳市某某科技有限公司党支部", "工会": "是", "团组织": "否",
                 "妇组织": "否", "重点难点": "否", "行业": "信息技术"},
    "挂点促建": {"区领导": "张三", "组织名称": "深圳市某某科技有限公司", "统一社会信用代码": "91440307MA5DA0001P",
                 "挂点街道": "平湖街道", "联络员": "李四", "联系电话": "0755-28900000"},
    "驻街保建": {"区直机关": "区发展和改革局", "驻点街道": "平湖街道", "联系组织": "深圳市某某科技有限公司",
                 "联络员": "王五", "联系电话": "0755-28900001"},
    "主管包建": {"业务主管单位": "区民政局", "组织名称": "深圳市某某社会工作服务中心", "党建工作指导员": "赵六",
                 "联系电话": "0755-28900002"},
    "党群共建": {"群团组织": "区总工会", "组织名称": "深圳市某某科技有限公司", "任务": "建会"},
    "责任容量": {"单位": "张三", "容量": 30},
}


def _districts():
    return tomllib.loads(_DISTRICTS.read_text(encoding="utf-8"))


def known_districts() -> list:
    """The districts whose streets ``--district`` knows.

    Examples
    --------
    >>> known_districts()
    ['龙岗区']
    """
    return list(_districts())


def district_streets(name: str) -> list:
    """The streets of district `name` (``龙岗`` or ``龙岗区``), in their official order.

    Raises
    ------
    LiangxinInputError
        The district is not in ``districts.toml``; the message names those that are.

    Examples
    --------
    >>> len(district_streets("龙岗")), district_streets("龙岗区")[:3]
    (11, ['平湖街道', '布吉街道', '坂田街道'])
    """
    districts = _districts()
    key = name.strip()
    key = key if key in districts else key + "区"
    if key not in districts:
        raise LiangxinInputError(f"不认识的区“{name}”；已有街道名单的区：{'、'.join(districts)}"
                                 "（可在 districts.toml 中增加）")
    return list(districts[key]["streets"])


class _Formats:
    def __init__(self, workbook):
        add = workbook.add_format
        self.required = add({"bold": True, "bg_color": "#F8CBAD", "border": 1, "text_wrap": True, "valign": "vcenter"})
        self.optional = add({"bold": True, "bg_color": "#E7E6E6", "border": 1, "text_wrap": True, "valign": "vcenter"})
        self.serial = add({"bold": True, "border": 1, "valign": "vcenter"})
        self.example = add({"italic": True, "font_color": "#7F7F7F", "bg_color": "#F2F2F2"})
        self.example_text = add({"italic": True, "font_color": "#7F7F7F", "bg_color": "#F2F2F2", "num_format": "@"})
        self.text = add({"num_format": "@"})
        self.wrap = add({"text_wrap": True, "valign": "top"})
        self.title = add({"bold": True, "font_size": 14})


class _Lists:
    """Where each drop-down's words are: inline when short enough, else a column of the hidden 选项
    sheet (written last, so the sheets keep INPUT.md's order)."""

    def __init__(self):
        self.columns = []

    def source(self, words):
        if len(",".join(words)) <= _EXCEL_LIST_CHARS and not any("," in w for w in words):
            return list(words)
        if list(words) not in self.columns:  # one column per distinct list
            self.columns.append(list(words))
        letter = xlsxwriter.utility.xl_col_to_name(self.columns.index(list(words)))
        return f"='{_OPTIONS_SHEET}'!${letter}$1:${letter}${len(words)}"

    def write(self, workbook):
        if self.columns:
            sheet = workbook.add_worksheet(_OPTIONS_SHEET)
            for col, words in enumerate(self.columns):
                sheet.write_column(0, col, words)
            sheet.hide()


def _validation(sheet, col, column, source):
    words = "、".join(source) if isinstance(source, list) else "下拉列表中的街道"
    sheet.data_validation(1, col, _LAST_ROW, col, {
        "validate": "list", "source": source, "ignore_blank": True, "error_type": "warning",
        "input_title": column.name[:32], "input_message": f"从下拉列表选择：{words}"[:255],
        "error_title": "不在下拉选项中",
        "error_message": f"“{column.name}”一般应为：{words}。{column.note}。仍要保留此值吗？"[:255]})


def _street_source(streets, lists):
    if streets:
        return lists.source(streets)
    spec = sheet_spec("街道社区")
    letter = xlsxwriter.utility.xl_col_to_name(1 + [c.name for c in spec.columns].index("街道"))
    return f"='街道社区'!${letter}$3:${letter}$20000"  # under the header and the example row


def _data_sheet(workbook, spec, formats, lists, streets):
    sheet = workbook.add_worksheet(spec.name)
    sheet.write_string(0, 0, _SERIAL, formats.serial)
    sheet.write_string(1, 0, EXAMPLE_LABEL, formats.example)
    sheet.write_comment(1, 0, "本行是填写示例，导入和检查时自动忽略；可以保留，也可以删除。", {"x_scale": 2, "y_scale": 0.8})
    sheet.set_column(0, 0, 6)
    example = EXAMPLES.get(spec.name, {})
    for c, column in enumerate(spec.columns, start=1):
        required = column.required or column.name in spec.one_of
        sheet.write_string(0, c, column.name, formats.required if required else formats.optional)
        if column.note:
            sheet.write_comment(0, c, column.note)
        text = column.name in TEXT_COLUMNS
        sheet.set_column(c, c, 22 if text or column.name in ("组织名称", "所在党组织") else 14, formats.text if text else None)
        value = example.get(column.name)
        if value is not None and streets and column.parse == "street":
            value = streets[0]  # the district's own first street
        if value is not None:
            style = formats.example_text if text else formats.example
            (sheet.write_number if isinstance(value, int) else sheet.write_string)(1, c, value, style)
        if column.parse in CHOICES:
            _validation(sheet, c, column, lists.source(CHOICES[column.parse]))
        elif column.parse == "street" and (streets or spec.name != "街道社区"):
            _validation(sheet, c, column, _street_source(streets, lists))
    sheet.freeze_panes(1, 0)
    sheet.set_row(0, 30)
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)


def _legend(guide, row, formats):
    """The legend under the column table: what the colours, the example row and the drop-downs mean."""
    legend = [
        (formats.required, "红色表头", "必填列（“组织名称”和“统一社会信用代码”在附件表中至少填一项）"),
        (formats.optional, "灰色表头", "可选列；也可以增加其他列，导入时作为属性保留"),
        (formats.example, EXAMPLE_LABEL, "示例行：序号为“示例”的一行只作示范，导入和检查时自动忽略，可删除"),
        (None, "下拉选项", "组织类型、党组织状态、是/否列和街道列可从下拉列表选择；输入列表以外的写法时会提示确认"),
    ]
    for fmt, label, text in legend:
        guide.write_string(row, 0, label, fmt)
        guide.merge_range(row, 1, row, 5, text, formats.wrap)
        row += 1
    return row + 1


_NOTES = (
    "“附件”表可保留标题行（如“附件1 区领导挂点促建联系安排表”）和“序号”列。",
    "人数可写成数字或“120人”；是/否列可写 是/否、有/无、Y/N、√/×，留空为否。",
    "街道可写“平湖”或“平湖街道”，社区同理。",
    "统一社会信用代码为18位，按GB 32100-2015校验；填写后按代码识别组织，否则按名称识别。本列已设为文本格式，请勿改为数字。",
    "也可以把每个工作表另存为同名 CSV 文件（如 两新组织.csv）放在一个文件夹中导入。",
    "填好后可先检查：liangxin check 台账.xlsx --out 检查结果（问题会标注在副本的单元格上）。",
)


def _guide(workbook, formats):
    guide = workbook.add_worksheet("说明")
    guide.write_string(0, 0, "两新组织党建责任台账 填写说明", formats.title)
    row = _legend(guide, 2, formats)
    guide.write_row(row, 0, ["工作表", "是否必需", "列名", "英文别名", "是否必填", "说明"], formats.serial)
    header_row = row
    for spec in SHEETS:
        for column in spec.columns:
            row += 1
            required = "必填" if column.required else ("二选一" if column.name in spec.one_of else "可选")
            guide.write_row(row, 0, [spec.name, "必需" if spec.required else "可选", column.name, column.alias,
                                     required, column.note], formats.wrap)
            if column.required or column.name in spec.one_of:
                guide.write_string(row, 2, column.name, formats.required)
    row += 2
    for note in _NOTES:
        guide.merge_range(row, 0, row, 5, note, formats.wrap)
        row += 1
    for col, width in enumerate((12, 9, 18, 16, 9, 62)):
        guide.set_column(col, col, width)
    guide.set_landscape()
    guide.set_paper(9)
    guide.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    guide.fit_to_pages(1, 0)  # one page wide, as many pages down as it takes
    guide.repeat_rows(header_row)
    guide.activate()


def write_template(path, streets=None):
    """Write the empty input workbook (see the module's documentation).

    Parameters
    ----------
    streets : list of str, optional
        The streets the 街道 drop-downs offer (:func:`district_streets`); by default those
        entered on the 街道社区 sheet.

    Examples
    --------
    >>> from liangxin.loaders.read import read_raw_sheets
    >>> list(read_raw_sheets(write_template("台账模板.xlsx")))
    ['说明', '街道社区', '两新组织', '挂点促建', '驻街保建', '主管包建', '党群共建', '责任容量']
    >>> from liangxin.loaders.validate import load_tables
    >>> tables = load_tables("台账模板.xlsx")  # the example rows are no rows
    >>> len(tables.organizations), int(tables.row_counts["rows_read"].sum()), len(tables.rejected)
    (0, 0, 0)
    """
    path = Path(path)
    workbook = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_urls": False,
                                               "strings_to_numbers": False})
    try:
        formats = _Formats(workbook)
        _guide(workbook, formats)
        lists = _Lists()
        for spec in SHEETS:
            _data_sheet(workbook, spec, formats, lists, streets)
        lists.write(workbook)
    finally:
        workbook.close()
    log.info("wrote template %s", path)
    return path
