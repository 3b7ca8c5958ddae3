"""The workbook contract of INPUT.md, declared as data.

Loaders, the ``liangxin template`` workbook and its 说明 sheet all read these
declarations, so a column is described in one place only.
"""

from dataclasses import dataclass

__all__ = ["ColumnSpec", "SheetSpec", "SHEETS", "sheet_spec"]


@dataclass(frozen=True)
class ColumnSpec:
    """One column: canonical Chinese name, English alias, how its cells are read.

    ``parse`` names the parser of :mod:`liangxin.loaders.parsers` that reads its cells (text,
    reference, count, check_count, yes_no, credit_code, street, community, kind, status). A ``required``
    column must be present, and its cells filled unless ``blank_ok``.
    """

    name: str
    alias: str
    parse: str = "text"
    required: bool = False
    note: str = ""
    #: Other headers analysts write for this column; read as it, with a note in 数据问题.
    synonyms: tuple = ()
    #: What an absent column means for the results, noted in 数据问题 when it is absent.
    if_absent: str = ""
    #: For a required column: an empty cell is allowed (a chain break, not a rejected row).
    blank_ok: bool = False
    #: For a yes/no column: its own words read as 是 and as 否 beside the usual ones (规上, 规下).
    yes_words: tuple = ()
    no_words: tuple = ()


@dataclass(frozen=True)
class SheetSpec:
    """One sheet: canonical Chinese name, English alias and its columns."""

    name: str
    alias: str
    required: bool
    columns: tuple
    title: str = ""
    note: str = ""
    one_of: tuple = ()  # at least one of these columns must exist (组织名称 or 统一社会信用代码)

    def column(self, name):
        """Return the :class:`ColumnSpec` with canonical name `name`."""
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)


#: Figures a relation sheet may repeat for the analyst's reference; compared with 两新组织 (数据冲突),
#: never used instead of it. A bad cell is a warning, not a rejected row.
_CHECKED_FIGURES = (
    ColumnSpec("从业人员数", "employees", "check_count", False, "仅作核对，可不填；与“两新组织”表不一致时列入数据冲突",
               synonyms=("从业人员", "从业人数", "员工人数", "职工人数", "员工数")),
    ColumnSpec("党员数", "party_members", "check_count", False, "仅作核对，可不填；与“两新组织”表不一致时列入数据冲突",
               synonyms=("正式党员数", "党员人数")),
)

_ORG_REFERENCE = (
    ColumnSpec("组织名称", "name", "reference", note="组织名称或统一社会信用代码至少填一项，须与“两新组织”表中的组织对应"),
    ColumnSpec("统一社会信用代码", "credit_code", "reference", note="18位，按GB 32100-2015校验"),
)

SHEETS = (
    SheetSpec(
        "街道社区", "geography", True,
        (
            ColumnSpec("街道", "street", "street", True, "街道名称，可带或不带“街道”二字，如 平湖 或 平湖街道",
                       synonyms=("街道名称", "所属街道")),
            ColumnSpec("社区", "community", "community", True, "社区名称，可带或不带“社区”二字",
                       synonyms=("社区名称", "所属社区")),
            ColumnSpec("区", "district", "district", False,
                       "一个数据集含几个区（全市）时填写所属区，如 龙岗区；各区的街道、社区分别识别",
                       synonyms=("所属区", "区县", "所在区")),
            ColumnSpec("社区责任人", "community_owner", "text", False,
                       "社区两新党建责任人；有此列时，留空视为责任链断点"),
        ),
        note="每个社区一行",
    ),
    SheetSpec(
        "两新组织", "organizations", True,
        (
            ColumnSpec("组织名称", "name", "text", True, "组织全称", synonyms=("单位名称", "企业名称", "组织全称")),
            ColumnSpec("统一社会信用代码", "credit_code", "credit_code", False, "18位，按GB 32100-2015校验；校验不通过时按名称匹配并提示",
                       synonyms=("社会信用代码", "统一信用代码", "信用代码")),
            ColumnSpec("组织类型", "kind", "kind", True, "非公企业 或 社会组织；也可写法定类型，如 有限责任公司、社会团体、民非、基金会",
                       synonyms=("组织类别", "类型", "类别")),
            ColumnSpec("区", "district", "district", False, "几个区合在一起时填写所在区；留空时按街道名推定（街道名只在一个区出现时）",
                       synonyms=("所在区", "所属区", "区县")),
            ColumnSpec("街道", "street", "street", True, "所在街道；留空为责任链断点，不拒收",
                       synonyms=("所在街道", "所属街道"), blank_ok=True),
            ColumnSpec("社区", "community", "community", True, "所在社区；留空为责任链断点，不拒收",
                       synonyms=("所在社区", "所属社区"), blank_ok=True),
            ColumnSpec("从业人员数", "employees", "count", True, "整数≥0，可写“120人”",
                       synonyms=("从业人员", "从业人数", "员工人数", "职工人数", "员工数")),
            ColumnSpec("党员数", "party_members", "count", True, "正式党员人数，整数≥0", synonyms=("党员人数", "党员")),
            ColumnSpec("规模以上", "above_scale", "yes_no", False, "是/否，适用于非公企业；也可写 规上/规下",
                       synonyms=("规模以上企业", "规上企业", "规上", "是否规上", "是否规上企业", "是否规模以上",
                                 "是否规模以上企业"),
                       if_absent="所有非公企业按非规模以上企业处理",
                       yes_words=("规上", "规模以上", "规上企业", "规模以上企业"),
                       no_words=("规下", "规模以下", "规下企业", "规模以下企业", "非规上", "规上以下")),
            ColumnSpec("实体性", "entity", "yes_no", False, "是/否，适用于社会组织",
                       synonyms=("实体性社会组织", "实体型", "实体型社会组织", "是否实体性", "是否实体"),
                       if_absent="所有社会组织按非实体性社会组织处理",
                       yes_words=("实体", "实体性", "实体型"), no_words=("非实体", "非实体性", "非实体型")),
            ColumnSpec("党组织状态", "party_org_status", "status", False, "单独组建、联合组建 或 未组建；留空为未组建；写“已组建”时按所在党组织判断",
                       synonyms=("党组织组建情况", "党组织建立情况", "党组织组建状态", "组建情况", "组建状态"),
                       if_absent="所有组织按未组建党组织处理"),
            ColumnSpec("所在党组织", "party_org", "text", False, "覆盖本组织的党组织名称；联合组建的几个组织填同一名称",
                       synonyms=("党组织名称", "所属党组织")),
            ColumnSpec("工会", "has_union", "yes_no", False, "是/否", synonyms=("建立工会", "工会组织")),
            ColumnSpec("团组织", "has_youth_league", "yes_no", False, "是/否", synonyms=("共青团组织", "团支部")),
            ColumnSpec("妇组织", "has_womens_org", "yes_no", False, "是/否", synonyms=("妇联组织", "妇女组织")),
            ColumnSpec("重点难点", "key", "yes_no", False, "是/否：重点、难点组织", synonyms=("重点难点组织",)),
            ColumnSpec("行业", "industry", "text", False, "所属行业", synonyms=("所属行业", "行业类别")),
        ),
        note="每个两新组织一行",
    ),
    SheetSpec(
        "挂点促建", "leader_points", False,
        (
            ColumnSpec("区领导", "leader", "text", True, "区领导姓名"),
            *_ORG_REFERENCE,
            ColumnSpec("挂点街道", "street", "street", False, "挂点组织所在街道（仅作参考）",
                       synonyms=("所在街道",)),
            ColumnSpec("联络员", "liaison", "text", False, ""),
            ColumnSpec("联系电话", "phone", "text", False, ""),
            *_CHECKED_FIGURES,
        ),
        title="附件1 区领导“挂点促建”联系安排表",
        note="每个（区领导，组织）一行",
        one_of=("组织名称", "统一社会信用代码"),
    ),
    SheetSpec(
        "驻街保建", "department_stations", False,
        (
            ColumnSpec("区直机关", "department", "text", True, "区直机关名称"),
            ColumnSpec("驻点街道", "street", "street", True, "须为“街道社区”表中的街道"),
            ColumnSpec("区", "district", "district", False, "几个区合在一起时填写驻点街道所属的区（区直机关在本区驻点）",
                       synonyms=("所属区", "区县")),
            ColumnSpec("联系组织", "contact_org", "reference", False, "直接联系的组织（名称或统一社会信用代码）；联系多个组织时重复本行"),
            ColumnSpec("联络员", "liaison", "text", False, ""),
            ColumnSpec("联系电话", "phone", "text", False, ""),
        ),
        title="附件2 区直机关“驻街保建”联系安排表",
        note="每个（区直机关，街道）一行",
    ),
    SheetSpec(
        "主管包建", "supervision", False,
        (
            ColumnSpec("业务主管单位", "supervisory_unit", "text", True, "业务主管单位名称"),
            *_ORG_REFERENCE,
            ColumnSpec("党建工作指导员", "instructor", "text", False, "选派的党建工作指导员；留空表示尚未选派"),
            ColumnSpec("联系电话", "phone", "text", False, ""),
            *_CHECKED_FIGURES,
        ),
        title="附件3 社会组织“主管包建”联系安排表",
        note="每个（业务主管单位，社会组织）一行；只能对应社会组织",
        one_of=("组织名称", "统一社会信用代码"),
    ),
    SheetSpec(
        "党群共建", "mass_org_tasks", False,
        (
            ColumnSpec("群团组织", "mass_org", "text", True, "区总工会、团区委、区妇联或其他群团组织"),
            *_ORG_REFERENCE,
            ColumnSpec("任务", "task", "text", False, "建会、建团、建妇、找党员、推优等"),
            *_CHECKED_FIGURES,
        ),
        note="每个（群团组织，组织，任务）一行；可选",
        one_of=("组织名称", "统一社会信用代码"),
    ),
    SheetSpec(
        "责任容量", "capacities", False,
        (
            ColumnSpec("单位", "unit", "text", True, "区领导、区直机关、业务主管单位或指导员名称，须已在其他表中出现"),
            ColumnSpec("容量", "capacity", "count", True, "可承担的未覆盖组织数，整数≥0"),
        ),
        note="按单位覆盖默认责任容量；可选",
    ),
)

_BY_NAME = {sheet.name: sheet for sheet in SHEETS}


def sheet_spec(name):
    """Return the :class:`SheetSpec` with canonical Chinese name `name`.

    Examples
    --------
    >>> sheet_spec("两新组织").alias
    'organizations'
    """
    return _BY_NAME[name]
