"""Chinese labels of every code, kind, role, status and column users see: one place for each.

Tables are ``code → Chinese``. Node kinds, edge types, unit roles, organization kinds and
Party-organization statuses are derived from :mod:`liangxin.graph.schema`, which declares
them; the rest (finding codes, coverage rates and scopes, column names …) are written here.
The rule modules keep their code tables (``UNCOVERED_CODES``, ``CHAIN_CODES``: the codes of
RULES.md in its order) and take the Chinese of each code from here.

Queries, viz and the notebook helpers all read these tables, so a label changed here changes
in the report, the charts, the network page and the notebooks alike.

Examples
--------
>>> ROLE_ZH["instructor"]
'党建工作指导员'
>>> [ORG_KIND_ZH[kind] for kind in ("enterprise", "social_org")]
['非公企业', '社会组织']
>>> CODE_ZH["PARTY_ORG_REQUIRED"], CODE_ZH["STREET_MISMATCH"], CODE_ZH["OVERLOADED"]
('应建未建', '街道社区不符', '超负荷')
"""

from liangxin.graph.schema import EDGE_KINDS, NODE_KINDS, ORG_KINDS, PARTY_ORG_STATUSES, UNIT_ROLES

__all__ = [
    "NODE_KIND_ZH", "EDGE_TYPE_ZH", "ROLE_ZH", "ORG_KIND_ZH", "PARTY_ORG_STATUS_ZH",
    "UNCOVERED_ZH", "CHAIN_ZH", "UNIT_STATE_ZH", "CODE_ZH", "CATEGORY_ZH", "CHANGE_ZH",
    "RATE_ZH", "SCOPE_ZH", "GROUP_ZH", "SEVERITY_ZH", "QUERY_ZH", "FILE_ZH",
    "STATUS_CHANGE_ZH", "FIELD_ZH", "ROLE_IN_GROUP_ZH", "MOVE_ZH", "PRESENCE_ZH", "MATCH_ZH", "FOLDED_ZH",
    "COLUMN_ZH", "VALUE_ZH", "DISTRICT_ZH", "HEADLINE_ZH", "CONFLICT_FIELDS", "LOAD_STATE_ZH", "RESPONSIBLE_ZH", "GAP_ZH", "FIGURE_ZH",
    "SCOPE_LEVELS", "scope_level", "whole_zh", "committee_zh", "scope_zh", "group_zh",
]

# ---------------------------------------------------------------------------------------------
# From the schema

#: Node kind → Chinese name (``graph.schema.NODE_KINDS``).
NODE_KIND_ZH = {kind: spec.label_zh for kind, spec in NODE_KINDS.items()}
#: Relationship type → Chinese name (``graph.schema.EDGE_KINDS``).
EDGE_TYPE_ZH = {edge_type: spec.label_zh for edge_type, spec in EDGE_KINDS.items()}
#: Responsible-unit role → Chinese name, in report order (the role's node kind).
ROLE_ZH = {role: NODE_KINDS[role].label_zh for role in UNIT_ROLES}
#: Organization kind → Chinese name.
ORG_KIND_ZH = {code: term.label_zh for code, term in ORG_KINDS.items()}
#: Party-organization status → Chinese name.
PARTY_ORG_STATUS_ZH = {code: term.label_zh for code, term in PARTY_ORG_STATUSES.items()}

# ---------------------------------------------------------------------------------------------
# Findings (RULES.md)

#: Uncovered code → Chinese, in RULES.md's order (the codes are ``queries.uncovered.UNCOVERED_CODES``).
UNCOVERED_ZH = {
    "MEMBERS_REQUIRED": "应有党员而无党员",
    "PARTY_ORG_REQUIRED": "应建未建",
    "STANDALONE_POSSIBLE": "具备单独组建条件",
    "NO_RESPONSIBLE_UNIT": "无责任主体",
    "MASS_ORG_MISSING": "党建带群建缺位",
    "MASS_ORG_FIRST": "应先建群团",
}
#: Chain-break code → Chinese, in RULES.md's order (the codes are ``queries.chains.CHAIN_CODES``).
CHAIN_ZH = {
    "NO_COMMUNITY": "未落社区",
    "UNKNOWN_COMMUNITY": "社区不存在",
    "UNKNOWN_STREET": "街道不存在",
    "STREET_MISMATCH": "街道社区不符",
    "STREET_NO_DEPARTMENT": "街道无驻点机关",
    "COMMUNITY_NO_OWNER": "社区无责任人",
    "NO_SUPERVISOR": "无业务主管单位",
    "KEY_NO_LEADER": "重点难点未挂点",
}
#: A responsible unit's state, as a code.
UNIT_STATE_ZH = {"OVERLOADED": "超负荷", "IDLE": "未落实"}
#: A unit's state on the load sheets: a finding of UNIT_STATE_ZH, or neither.
LOAD_STATE_ZH = {**UNIT_STATE_ZH, "NORMAL": "正常"}
#: Every finding code → Chinese.
CODE_ZH = {**UNCOVERED_ZH, **CHAIN_ZH, **UNIT_STATE_ZH}
#: Who answers for an organization, by role (queries/responsibility.py's RESPONSIBLE_COLUMNS).
RESPONSIBLE_ZH = {"leader": "挂点区领导", "contact_department": "联系区直机关", "street_department": "驻街区直机关",
                  "supervisory_unit": "业务主管单位", "instructor": "党建工作指导员", "mass_org": "群团组织"}
#: What an organization on the ``uncovered`` list is for a person (RULES.md): open or an improvement item.
GAP_ZH = {True: "未覆盖", False: "提升项"}
#: The headline figures (queries.analysis.headline_figures), as the report and the console name them.
FIGURE_ZH = {
    "organizations": "两新组织数", "required": "应建党组织的组织数", "open": "未覆盖组织数",
    "improvement": "提升项组织数", "no_responsible_unit": "无责任主体组织数", "key_no_leader": "重点难点未挂点组织数",
    "overloaded": "超负荷单位数", "idle": "未落实单位数", "broken_chains": "责任链断点组织数",
    "org_coverage": "组织覆盖率", "standalone_rate": "单独组建率", "work_coverage": "工作覆盖率",
}
#: Category of a finding row (``uncovered``; ``broken_chain``, also written ``chain``).
CATEGORY_ZH = {"uncovered": "未覆盖", "broken_chain": "责任链断点", "chain": "责任链断点"}
#: Headline figures of a view (the network page's subtitle): 未覆盖 is the open organizations,
#: 提升项 those whose uncovered codes are none of them open.
HEADLINE_ZH = {"organizations": "两新组织", "open": "未覆盖", "improvement": "提升项", "chain": "责任链断点",
               "overloaded": "超负荷单位", "idle": "未落实单位"}
#: What a data conflict (数据冲突, queries.recommend.conflicts) is about → Chinese.
CONFLICT_FIELDS = {"street": "街道", "employees": "从业人员数", "party_members": "党员数", "duplicate": "重复登记"}
#: A finding that appeared or disappeared between two analyses.
CHANGE_ZH = {"opened": "新增", "closed": "消除"}

# ---------------------------------------------------------------------------------------------
# Coverage, data problems, queries and files

#: Coverage rate column → Chinese.
RATE_ZH = {"org_coverage": "组织覆盖率", "standalone_rate": "单独组建率", "work_coverage": "工作覆盖率"}
#: Columns of the per-district figures (queries.districts; report.xlsx's 各区, the bulletin's ranking) → Chinese.
DISTRICT_ZH = {"district": "区", "streets": "街道数", "communities": "社区数", "organizations": "两新组织数",
               "open": "未覆盖组织数", "required": "应建党组织数", **RATE_ZH}
#: Coverage scope → Chinese.
SCOPE_ZH = {"overall": "全区", "street": "街道", "kind": "组织类型", "district": "区"}
#: Coverage group (the district, or an organization kind; a street is its own name) → Chinese.
GROUP_ZH = {"overall": "全区", **ORG_KIND_ZH}
#: The levels a scope can be, by the last character of its name; anything else reads as a district.
SCOPE_LEVELS = ("区", "市", "县", "旗")


def scope_level(name: str | None) -> str:
    """The level of the scope called `name` (the rules file's ``district``): 区 for 龙岗区, 市 for a
    city analysed as one (深圳市), 县 or 旗; 区 for any other name, or none.

    Examples
    --------
    >>> [scope_level(n) for n in ("龙岗区", "深圳市", "博罗县", "龙岗", None)]
    ['区', '市', '县', '区', '区']
    """
    last = str(name).strip()[-1:] if name else ""
    return last if last in SCOPE_LEVELS else "区"


def whole_zh(name: str | None) -> str:
    """The words for the whole scope called `name`: 全区, or 全市 for a city.

    Examples
    --------
    >>> whole_zh("龙岗区"), whole_zh("深圳市")
    ('全区', '全市')
    """
    return "全" + scope_level(name)


def committee_zh(name: str | None) -> str:
    """The committee that receives the figures, short form: 区委两新组织工委, or 市委… for a city.

    Examples
    --------
    >>> committee_zh("深圳市")
    '市委两新组织工委'
    """
    return scope_level(name) + "委两新组织工委"


def scope_zh(name: str | None) -> dict:
    """:data:`SCOPE_ZH` for the scope called `name` (its overall scope is :func:`whole_zh`)."""
    return {**SCOPE_ZH, "overall": whole_zh(name)}


def group_zh(name: str | None) -> dict:
    """:data:`GROUP_ZH` for the scope called `name` (its overall group is :func:`whole_zh`)."""
    return {**GROUP_ZH, "overall": whole_zh(name)}

#: Severity of a data problem → Chinese.
SEVERITY_ZH = {"rejected": "拒收", "warning": "警告"}
#: Query result compared between the embedded queries and their Cypher twins → Chinese title.
QUERY_ZH = {"uncovered": "未覆盖组织", "broken_chains": "责任链断点", "loads": "责任单位负荷", "coverage": "覆盖率"}
#: Output file key (``liangxin.run_analyze(...).files``) → what it is for.
FILE_ZH = {
    "report": "给领导小组的报告：总览、未覆盖组织、超负荷单位、责任链断点、覆盖率、数据问题（含图表）",
    "network": "交互式责任网络图：用浏览器直接打开，无需联网",
    "summary": "机器读取的汇总（summary.json）",
    "findings": "每条问题一行（findings.csv，Excel/WPS 可直接打开）",
}

# ---------------------------------------------------------------------------------------------
# Snapshots, recommendations and the snapshot comparison

#: (old status, new status) → Chinese description; the first three are formations (新建党组织).
STATUS_CHANGE_ZH = {
    ("none", "standalone"): "新建单独组建",
    ("none", "joint"): "新建联合组建",
    ("joint", "standalone"): "联合组建转单独组建",
    ("standalone", "joint"): "单独组建转联合组建",
    ("standalone", "none"): "党组织撤销（原单独组建）",
    ("joint", "none"): "退出联合组建",
}
#: Organization fields compared across snapshots → Chinese column name.
FIELD_ZH = {"street": "街道", "community": "社区", "kind": "组织类型", "employees": "从业人员数",
            "party_members": "党员数", "above_scale": "规模以上", "entity": "实体性",
            "credit_code": "统一社会信用代码"}
#: An organization's role in a proposed joint Party organization.
ROLE_IN_GROUP_ZH = {
    "target": "未覆盖组织（有党员）",
    "partner": "有党员的未组建组织（一并联合）",
    "covered": "未覆盖组织（暂无党员，纳入覆盖）",
}
#: How a rebalancing move hands an organization over.
MOVE_ZH = {
    "leader": "改由其他区领导挂点",
    "department_contact": "移交驻同街道的其他机关直接联系",
    "department_pool": "由驻同街道的机关直接联系（原由驻街各机关分担）",
    "supervisory_unit": "改由同领域的其他业务主管单位主管",
    "instructor": "改由同单位的其他指导员指导",
}
#: A unit present in both snapshots, added or removed.
PRESENCE_ZH = {"both": "两期均有", "added": "本期新增", "removed": "本期撤销"}
#: What an organization was recognized by across snapshots.
MATCH_ZH = {"code": "统一社会信用代码相同", "name": "名称相同"}
#: What the network page's whole view of a large scope draws only with its organizations
#: (``viz.network.selection.Selection.folded``).
FOLDED_ZH = {"community": "社区", "unit": "无问题的责任单位", "flagged_unit": "超负荷或未落实的责任单位"}

# ---------------------------------------------------------------------------------------------
# Table columns (the notebooks' ``lx.zh``)

#: English column name → Chinese column label (the report's wording where it has one).
COLUMN_ZH = {
    "org_id": "组织标识", "name": "组织名称", "credit_code": "统一社会信用代码", "kind": "组织类型",
    "street": "街道", "community": "社区", "employees": "从业人员数", "party_members": "党员数",
    "above_scale": "规模以上", "entity": "实体性", "status": "党组织状态", "party_org": "所在党组织",
    "has_union": "工会", "has_youth_league": "团组织", "has_womens_org": "妇组织", "key": "重点难点",
    "industry": "行业", "row": "行号", "name_key": "名称键", "party_org_key": "党组织名称键",
    "code": "问题代码", "label": "问题", "codes": "问题代码", "labels": "问题", "n_codes": "问题数",
    "open": "是否未覆盖", "rank": "排序",
    "unit": "单位", "unit_key": "单位名称键", "supervisory_unit": "所属业务主管单位", "node_id": "节点标识",
    "load": "负荷", "capacity": "容量", "linked": "联系组织数", "overloaded": "超负荷", "idle": "未落实",
    "ratio": "负荷率", "excess": "超出",
    "scope": "范围", "group": "名称", "required": "应建党组织数", "not_covered": "应建未建数",
    **RATE_ZH,
    "units": "单位数", "load_total": "负荷合计", "ratio_mean": "平均负荷率", "ratio_max": "最高负荷率",
    "default_capacity": "默认容量", "total": "组织数", "overloaded_units": "超负荷单位数",
    "idle_units": "未落实单位数", "in_street": "本街道挂点组织数",
    "department": "区直机关", "leader": "区领导", "instructor": "党建工作指导员", "mass_org": "群团组织",
    "contact_department": "联系区直机关", "street_department": "驻街区直机关",
    "liaison": "联络员", "phone": "联系电话", "task": "共建任务",
    "severity": "类别", "sheet": "工作表", "column": "列", "reason": "原因",
    "rows_read": "读取行数", "rows_loaded": "载入行数", "rows_rejected": "拒收行数",
    "before": "调整前", "after": "调整后", "change": "变化", "measure": "指标", "value": "数值",
    "load_before": "调整前负荷", "load_after": "调整后负荷", "load_change": "负荷变化",
    "capacity_before": "调整前容量", "capacity_after": "调整后容量",
    "overloaded_before": "调整前超负荷", "overloaded_after": "调整后超负荷",
    "idle_before": "调整前未落实", "idle_after": "调整后未落实",
    "category": "类别", "what": "变化", "query": "查询", "embedded_rows": "内置查询行数",
    "cypher_rows": "Cypher 行数", "differences": "差异数", "same": "一致",
    "file": "文件", "purpose": "用途", "size_kb": "大小（KB）", "path": "路径",
    "seq": "序号", "how": "调整方式代码", "how_zh": "调整方式", "from_unit": "调出单位", "to_unit": "接收单位",
    "from_load_before": "调出单位原负荷", "from_load_after": "调出单位新负荷", "to_load_before": "接收单位原负荷",
    "to_load_after": "接收单位新负荷", "from_capacity": "调出单位容量", "to_capacity": "接收单位容量",
    "moves_out": "调出组织数", "moves_in": "接收组织数", "note": "说明",
    **UNCOVERED_ZH, **CHAIN_ZH,
}

#: Column → {code value → Chinese}, for the columns whose values are codes (``kind`` is
#: organization kinds or unit roles: see ``liangxin.notebook.labels``).
VALUE_ZH = {
    "status": PARTY_ORG_STATUS_ZH, "scope": SCOPE_ZH, "group": GROUP_ZH, "severity": SEVERITY_ZH,
    "category": CATEGORY_ZH, "what": CHANGE_ZH, "code": CODE_ZH,
}
