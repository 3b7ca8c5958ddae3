"""A realistic synthetic Longgang workbook for ``liangxin demo``.

:func:`demo_sheets` builds every sheet of INPUT.md as a pandas DataFrame whose
cells are what an analyst types in Excel: ints, text, ``None`` for an empty
cell, yes/no cells as 是/否 (with some 有/无, Y/N, √ for variety). The district
is the real one (11 streets, about ten communities each); organizations,
people and responsibility tables are drawn from a seeded
:class:`numpy.random.Generator`, column-wise, so a million organizations take
seconds.

Every path of the loaders and queries is exercised at the default size: each
data problem INPUT.md lists is planted on a small handful of rows (the handful
grows slowly with the size), and every finding of RULES.md has at least one
organization or unit. :attr:`DemoWorkbook.planted` names the rows,
:attr:`DemoWorkbook.notable` the units, so tests can assert on them.

``later=True`` gives the same district a few weeks on (定期通报): some open
organizations formed a Party organization, a few organizations were added,
removed or renamed, some figures changed and a leader was re-attached.

Keys of :attr:`DemoWorkbook.planted` (value ``(sheet, rows)``)
----------------------------------------------------------------
两新组织, read without complaint:
    ``employees_fullwidth`` (１２０), ``employees_with_unit`` (85人, 120 人),
    ``street_no_suffix`` (平湖), ``community_no_suffix`` (山厦), ``name_padded``
    (leading/trailing spaces, U+3000).
两新组织, rejected rows:
    ``employees_bad_text`` (约一百), ``employees_dash`` (-), ``members_negative``,
    ``name_empty``, ``duplicate_row`` (the second copy of ``duplicate_original``,
    same credit code).
两新组织, warnings:
    ``code_bad_check`` (wrong check character, otherwise fine),
    ``joint_without_party_org``, ``yes_no_unclear`` (工会 不详).
两新组织, findings:
    ``community_empty`` (NO_COMMUNITY), ``street_empty`` (UNKNOWN_STREET),
    ``community_unknown`` (UNKNOWN_COMMUNITY, 金沙社区), ``community_other_street``
    (STREET_MISMATCH), ``community_no_owner``, ``no_supervisor``,
    ``no_responsible_unit`` (open, in 园山街道, named by no table),
    ``members_required``, ``party_org_required``, ``mass_org_first``,
    ``standalone_possible``, ``mass_org_missing`` (one row each).
Other sheets:
    ``owner_empty`` (街道社区), ``leader_unknown_organization``,
    ``leader_name_padded`` (挂点促建), ``station_street_unknown`` (葵涌街道),
    ``station_street_no_suffix`` (驻街保建), ``supervision_of_enterprise``
    (主管包建), ``mass_reference_bad_code``, ``mass_reference_halfwidth_brackets``
    (党群共建).
Later snapshot only:
    ``later_formed``, ``later_changed_figures``, ``later_renamed``, ``later_added``
    (两新组织), ``later_reattached`` (挂点促建).

:attr:`DemoWorkbook.notable` names ``overloaded_leader`` (≥ 8 open organizations),
``boundary_leader`` (capacity override 3, exactly 3 open), ``overloaded_department``,
``capacity_department`` (override 30, load between 20 and 30),
``overloaded_supervisory_unit``, ``overloaded_instructor`` (name, unit),
``twin_instructor`` (one name under two units, at most 8 each),
``dual_role_units``, ``capacity_overrides``, ``no_department_street``,
``shared_community``, ``unknown_community``, ``unknown_station_street``,
``phantom_organization`` and, later, ``later_renamed`` (code, old, new),
``later_removed``, ``later_removed_codes``, ``later_reattached`` (leader, old, new).
The unit findings are guaranteed at the default size; smaller districts plant
every row problem but may lack enough open organizations to overload a unit.
"""

import logging
import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from liangxin.loaders.credit_code import CREDIT_CODE_CHARSET, generate_credit_codes

__all__ = [
    "DemoWorkbook",
    "demo_sheets",
    "MIN_ORGS",
    "SHEET_COLUMNS",
    "SHEET_TITLES",
    "STREETS",
]

log = logging.getLogger(__name__)

#: Fewest organizations :func:`demo_sheets` makes: below this the planted rows crowd out the rest.
MIN_ORGS = 100

#: The 11 streets of Longgang District, in the district's usual order.
STREETS = (
    "平湖街道", "布吉街道", "吉华街道", "坂田街道", "南湾街道", "横岗街道",
    "园山街道", "龙城街道", "龙岗街道", "宝龙街道", "坪地街道",
)

#: Canonical columns of every sheet, in INPUT.md's sheet order (附件 sheets lead with 序号).
SHEET_COLUMNS = {
    "街道社区": ("街道", "社区", "社区责任人"),
    "两新组织": (
        "组织名称", "统一社会信用代码", "组织类型", "街道", "社区", "从业人员数", "党员数",
        "规模以上", "实体性", "党组织状态", "所在党组织", "工会", "团组织", "妇组织", "重点难点", "行业",
    ),
    "挂点促建": ("序号", "区领导", "组织名称", "统一社会信用代码", "挂点街道", "联络员", "联系电话"),
    "驻街保建": ("序号", "区直机关", "驻点街道", "联系组织", "联络员", "联系电话"),
    "主管包建": ("序号", "业务主管单位", "组织名称", "统一社会信用代码", "党建工作指导员", "联系电话"),
    "党群共建": ("群团组织", "组织名称", "统一社会信用代码", "任务"),
    "责任容量": ("单位", "容量"),
}

#: Title lines written above the header row of the 附件 sheets.
SHEET_TITLES = {
    "挂点促建": "附件1 区领导“挂点促建”联系安排表",
    "驻街保建": "附件2 区直机关“驻街保建”联系安排表",
    "主管包建": "附件3 社会组织“主管包建”联系安排表",
}

# ---------------------------------------------------------------------------
# The district
# ---------------------------------------------------------------------------

_STREET_WEIGHTS = np.array([0.11, 0.12, 0.08, 0.15, 0.08, 0.10, 0.05, 0.12, 0.08, 0.06, 0.05])
_NO_DEPARTMENT_STREET = STREETS.index("园山街道")
_SHARED_COMMUNITY = "中心"  # a community of 龙城 and of 坪地: the one realistic shared name
_UNKNOWN_COMMUNITY = "金沙社区"  # a Pingshan community: exists under no street of Longgang
_UNKNOWN_STREET = "葵涌街道"  # a former Longgang street, now Dapeng: not on 街道社区

# Community names without the 社区 suffix; each street keeps 8-12 of its pool.
# Shared names are listed first so that they are always kept.
_COMMUNITY_POOL = {
    "平湖街道": ("平湖", "山厦", "良安田", "辅城坳", "新南", "白泥坑", "凤凰", "禾花", "力昌", "新木", "上木古", "鹅公岭", "华南城"),
    "布吉街道": ("布吉", "罗岗", "长龙", "大芬", "德兴", "金排", "南三", "木棉湾", "景芬", "百鸽笼", "文景", "可园", "茂业"),
    "吉华街道": ("丽湖", "水径", "甘坑", "三联", "上水径", "中海怡翠", "光华", "翠湖", "吉华", "下水径", "金鹏"),
    "坂田街道": ("坂田", "岗头", "马安堂", "五和", "杨美", "大发埔", "象角塘", "南坑", "雪象", "万科城", "新雪", "四季花城", "第五园"),
    "南湾街道": ("南岭村", "沙湾", "丹竹头", "下李朗", "上李朗", "樟树布", "吉厦", "厦村", "南龙", "宝岭", "沙塘布", "康乐"),
    "横岗街道": ("横岗", "四联", "六约", "红棉", "华乐", "茂盛", "松柏", "振业", "六约北", "排榜", "富民"),
    "园山街道": ("保安", "大康", "西坑", "荷坳", "安良", "银荷", "简龙", "横坪", "园山", "塘坑"),
    "龙城街道": (_SHARED_COMMUNITY, "龙西", "愉园", "回龙埔", "尚景", "五联", "爱联", "黄阁坑", "盛平", "龙红格", "嶂背", "紫薇", "吉祥"),
    "龙岗街道": ("龙岗", "南联", "新生", "平南", "龙岗墟", "天安", "瓦窑坑", "大埔", "田祖上", "格坑", "罗瑞合", "沙背坜"),
    "宝龙街道": ("宝龙", "龙新", "同乐", "南约", "龙东", "宝龙新村", "碧新", "浪背", "马洞", "赤石岗", "炳坑"),
    "坪地街道": (_SHARED_COMMUNITY, "坪东", "坪西", "六联", "年丰", "坪北", "四方埔", "怡心", "高桥", "香元", "吉坑", "富地岗"),
}

# 行业, share of enterprises, size offset (log scale), words of the name.
_ENTERPRISE_INDUSTRIES = (
    ("制造业", 0.30, 0.55, ("电子", "精密五金", "塑胶制品", "模具", "电器", "光电", "包装制品", "服装", "家具", "新材料", "电池", "机械设备")),
    ("信息技术", 0.16, 0.15, ("科技", "网络科技", "信息技术", "软件", "智能科技", "电子商务", "通信技术", "数据科技")),
    ("批发零售", 0.20, -0.6, ("贸易", "商贸", "供应链管理", "百货", "实业", "进出口")),
    ("建筑业", 0.06, 0.4, ("建设工程", "建筑工程", "装饰工程", "机电工程", "建材")),
    ("交通运输", 0.05, 0.1, ("物流", "运输", "货运代理", "国际物流")),
    ("住宿餐饮", 0.07, -0.3, ("餐饮管理", "酒店管理", "饮食文化", "餐饮服务")),
    ("房地产", 0.04, 0.3, ("房地产开发", "物业管理", "置业")),
    ("商务服务", 0.08, -0.3, ("企业管理咨询", "人力资源", "广告", "投资咨询", "会计服务", "保安服务")),
    ("居民服务", 0.04, -0.5, ("家政服务", "美容美发", "洗涤服务", "汽车维修")),
)
_ENTERPRISE_MU = 2.0
_ENTERPRISE_SIGMA = 1.55
_ENTERPRISE_FORMS = (  # (before 字号, after the industry word, share)
    ("深圳市", "有限公司", 0.78),
    ("", "（深圳）有限公司", 0.06),
    ("深圳市", "股份有限公司", 0.04),
    ("深圳市", "有限公司龙岗分公司", 0.07),
    ("深圳", "有限公司", 0.05),
)

# name word, 行业, supervisory unit, share, size mu, P(实体性), code category, party-member rate.
_SOCIAL_TYPES = (
    ("幼儿园", "教育", "区教育局", 0.18, 3.3, 0.98, "52", 0.08),
    ("实验学校", "教育", "区教育局", 0.04, 4.3, 1.0, "52", 0.10),
    ("培训中心", "教育", "区教育局", 0.10, 2.2, 0.85, "52", 0.05),
    ("职业技能培训学校", "教育", "区人力资源局", 0.05, 2.5, 0.9, "52", 0.05),
    ("社会工作服务中心", "社会服务", "区民政局", 0.12, 2.9, 0.95, "52", 0.08),
    ("养老服务中心", "社会服务", "区民政局", 0.06, 2.8, 0.95, "52", 0.05),
    ("志愿者协会", "社会服务", "区民政局", 0.06, 1.2, 0.3, "51", 0.10),
    ("康复中心", "卫生健康", "区卫生健康局", 0.06, 2.7, 0.95, "52", 0.06),
    ("艺术团", "文化体育", "区文化广电旅游体育局", 0.06, 1.6, 0.5, "51", 0.04),
    ("体育俱乐部", "文化体育", "区文化广电旅游体育局", 0.06, 1.8, 0.6, "52", 0.03),
    ("商会", "商会协会", "区工商业联合会", 0.09, 1.5, 0.5, "51", 0.06),
    ("行业协会", "商会协会", "区工业和信息化局", 0.06, 1.5, 0.4, "51", 0.06),
    ("科普协会", "科技", "区科学技术协会", 0.03, 1.0, 0.3, "51", 0.08),
    ("慈善基金会", "社会服务", "区民政局", 0.02, 1.2, 0.5, "53", 0.08),
)
_SOCIAL_SIGMA = 0.9
_SOCIAL_FORMS = (("深圳市龙岗区", 0.7), ("龙岗区", 0.3))
_SOCIAL_SHARE = 0.15

_ZIHAO_CHARS = tuple(dict.fromkeys(
    "华鑫盛达兴源泰丰宏创新科联信恒瑞锦辉海嘉佳美通宇博晟凯德荣昌金利富天龙腾飞星光明智诚邦正安康"
    "汇隆益合和福祥顺万广润中东南港粤鹏鼎峰众卓越优品思远航领云捷亿巨骏铭晶弘伟力展旺奥艺雅英同宁"
    "平长永春青蓝景耀涛浩志立晨欣川江山林森标泽睿启迪翔宝璟昇"
))

_SURNAMES = tuple("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余叶杜"
                  "程魏苏吕丁任沈姚卢钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶")
_GIVEN_CHARS = tuple("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建文辉力鹏飞斌宇浩凯晨欣雪琳婷慧丹"
                     "海波林峰东志国兴春燕梅兰晓云家俊佳嘉子思雨成新永德清利荣光亮宁昊博瑞诗梓轩")
_TWIN_INSTRUCTOR = "王芳"  # one name, two instructors under two supervisory units

_DEPARTMENTS = (
    "区发展和改革局", "区教育局", "区科技创新局", "区工业和信息化局", "区公安分局", "区民政局", "区司法局",
    "区财政局", "区人力资源局", "区住房和建设局", "区交通运输局", "区水务局", "区文化广电旅游体育局",
    "区卫生健康局", "区退役军人事务局", "区应急管理局", "区审计局", "区市场监督管理局", "区统计局",
    "区医疗保障局", "区城市管理和综合执法局", "区信访局", "区政务服务数据管理局", "区投资推广和企业服务中心",
    "区机关事务管理局", "区建筑工务署", "区城市更新和土地整备局", "区生态环境分局", "区税务局",
    "区委办公室", "区政府办公室", "区纪委监委", "区委组织部", "区委宣传部", "区委统战部", "区委政法委",
    "区委编办", "区直机关工委", "区委党校", "区档案馆", "区国有资产监督管理局", "区经济促进局",
    "区科学技术协会", "区残疾人联合会", "区红十字会", "区融媒体中心", "区规划土地监察局", "区住房保障中心",
)
_OVERLOADED_DEPARTMENT = "区市场监督管理局"
_CAPACITY_DEPARTMENT = "区投资推广和企业服务中心"  # capacity override 30, load between 20 and 30
_DUAL_ROLE_UNIT = "区民政局"  # department and supervisory unit; capacity override 20 for both roles
_OVERLOADED_SUPERVISOR = "区教育局"
_SUPERVISOR_PHONE_PREFIX = "0755-2895"
_MASS_ORGS = ("区总工会", "团区委", "区妇联")

_DEFAULT_CAPACITY = {"leader": 5, "department": 20, "supervisory_unit": 15, "instructor": 8}

# Yes/no cell styles: (yes, no, share). Style 0 is the common 是/否.
_YES_NO_STYLES = (("是", "否", 0.86), ("是", None, 0.10), ("有", "无", 0.02), ("Y", "N", 0.01), ("√", None, 0.01))
_STATUS_TEXT = ("未组建", "单独组建", "联合组建")
_NONE, _STANDALONE, _JOINT = 0, 1, 2
_FULLWIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
_CHINESE_DIGITS = "零一二三四五六七八九"

# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoWorkbook:
    """A synthetic workbook: one DataFrame per sheet, plus what was planted where.

    Attributes
    ----------
    sheets : dict of str to pandas.DataFrame
        Canonical Chinese sheet name to table, in INPUT.md's sheet order, with
        the canonical Chinese column names (:data:`SHEET_COLUMNS`).
    titles : dict of str to str
        Sheet name to the title line written above its header row (附件 sheets).
    planted : dict of str to tuple
        Planted problem or guaranteed finding to ``(sheet, rows)``: ``rows`` is a
        tuple of 0-based positions in that sheet's DataFrame (Excel row =
        position + 2, + 1 more under a title).
    notable : dict of str to tuple of str
        Named units and values (the overloaded leader, the street with no
        department, ...) to assert on.
    """

    sheets: dict
    titles: dict
    planted: dict = field(default_factory=dict)
    notable: dict = field(default_factory=dict)


def demo_sheets(n_orgs=5000, seed=0, *, later=False):
    """Build a realistic synthetic Longgang responsibility workbook.

    Parameters
    ----------
    n_orgs : int, optional
        Number of rows of the 两新组织 sheet (at least :data:`MIN_ORGS`). A
        ``later`` snapshot adds and removes a few.
    seed : int, optional
        Seed of the random generator: the same ``(n_orgs, seed, later)`` gives
        identical DataFrames.
    later : bool, optional
        Return the same district a few weeks later: about 10% of the open
        organizations formed a Party organization, a few organizations were
        added, removed or renamed (keeping the credit code), some figures
        changed and a leader was re-attached.

    Returns
    -------
    DemoWorkbook

    Raises
    ------
    ValueError
        If `n_orgs` is below :data:`MIN_ORGS`.

    Examples
    --------
    >>> workbook = demo_sheets(200, seed=1)
    >>> list(workbook.sheets)
    ['街道社区', '两新组织', '挂点促建', '驻街保建', '主管包建', '党群共建', '责任容量']
    >>> len(workbook.sheets["两新组织"])
    200
    >>> workbook.titles["挂点促建"]
    '附件1 区领导“挂点促建”联系安排表'
    """
    n_orgs = int(n_orgs)
    if n_orgs < MIN_ORGS:
        raise ValueError(f"n_orgs must be at least {MIN_ORGS}, got {n_orgs}")
    started = time.perf_counter()
    district = _District(n_orgs, np.random.default_rng(seed))
    district.build()
    if later:
        district.advance(np.random.default_rng([seed, 20190620]))
    workbook = district.workbook()
    log.info(
        "demo workbook: %d organizations, seed %d%s, built in %.2f s",
        len(workbook.sheets["两新组织"]), seed, " (later)" if later else "", time.perf_counter() - started,
    )
    return workbook


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def _few(n, base, per):
    """A small handful that grows slowly with the size: ``base + n // per``."""
    return base + n // per


def _objects(values):
    """Return `values` as a 1-d object array (``None`` stays ``None``)."""
    array = np.empty(len(values), dtype=object)
    array[:] = list(values) if not isinstance(values, np.ndarray) else values
    return array


def _column(values):
    """Return a pandas Series of dtype object: text stays ``str``, empty stays ``None``."""
    return pd.Series(_objects(values), dtype=object)


def _chinese_number(k):
    """Return 1..99 in Chinese numerals (一, 十二, 二十), larger numbers in digits."""
    if k < 10:
        return _CHINESE_DIGITS[k]
    if k < 100:
        tens, units = divmod(k, 10)
        return ("" if tens == 1 else _CHINESE_DIGITS[tens]) + "十" + (_CHINESE_DIGITS[units] if units else "")
    return str(k)


def _draw_styles(rng, n):
    """Draw the yes/no writing style of `n` cells (index into ``_YES_NO_STYLES``)."""
    shares = np.array([style[2] for style in _YES_NO_STYLES])
    return rng.choice(len(shares), size=n, p=shares / shares.sum()).astype(np.int8)


def _yes_no_cells(truth, styles):
    """Write booleans as yes/no cells in each row's style."""
    yes = _objects([style[0] for style in _YES_NO_STYLES])
    no = _objects([style[1] for style in _YES_NO_STYLES])
    return np.where(truth, yes[styles], no[styles])


def _clashes(values, existing):
    """Return which of `values` are in the set `existing`.

    Only used with a non-empty `existing` for the few organizations a later
    snapshot adds; the million-row base has nothing to clash with.
    """
    if not existing:
        return np.zeros(len(values), dtype=bool)
    return np.fromiter((value in existing for value in values), dtype=bool, count=len(values))


def _pick(rng, candidates, k, weights=None):
    """Pick up to `k` distinct items of `candidates`, optionally weighted."""
    candidates = np.asarray(candidates)
    k = min(int(k), len(candidates))
    if k <= 0:
        return candidates[:0]
    p = None
    if weights is not None:
        weights = np.asarray(weights, dtype=float)
        if (weights > 0).sum() >= k:
            p = weights / weights.sum()
    return rng.choice(candidates, size=k, replace=False, p=p)


class _NamePool:
    """Distinct Chinese person names, drawn as needed from one generator."""

    def __init__(self, rng, reserved=()):
        self.rng = rng
        self.taken = set(reserved)

    def take(self, k):
        names = []
        while len(names) < k:
            batch = 2 * (k - len(names)) + 16
            surnames = _objects(_SURNAMES)[self.rng.integers(0, len(_SURNAMES), batch)]
            given = _objects(_GIVEN_CHARS)
            first = given[self.rng.integers(0, len(given), batch)]
            second = given[self.rng.integers(0, len(given), batch)]
            two_char = self.rng.random(batch) < 0.3
            candidates = np.where(two_char, surnames + first, surnames + first + second)
            for name in pd.unique(candidates):
                if name not in self.taken:
                    self.taken.add(name)
                    names.append(name)
                    if len(names) == k:
                        break
        return names


def _phones(rng, k, *, office=False):
    """Draw `k` phone numbers as text: mobiles, or Longgang office lines."""
    if office:
        digits = pd.Series(rng.integers(0, 10 ** 4, k)).astype(str).str.zfill(4)
        return list("0755-2895" + digits)
    prefixes = _objects(["138", "139", "135", "136", "137", "150", "158", "186", "188", "189", "133", "180"])
    digits = pd.Series(rng.integers(0, 10 ** 8, k)).astype(str).str.zfill(8)
    return list(prefixes[rng.integers(0, len(prefixes), k)] + digits.to_numpy(dtype=object))


# ---------------------------------------------------------------------------
# Building the district
# ---------------------------------------------------------------------------


class _District:
    """Mutable state of one synthetic district while it is built."""

    def __init__(self, n, rng):
        self.n = n
        self.rng = rng
        self.planted = {}  # key -> (sheet, uids or positions)
        self.notable = {}

    # -- geography -------------------------------------------------------

    def build(self):
        rng = self.rng
        self.people = _NamePool(rng, reserved=(_TWIN_INSTRUCTOR,))
        self._build_geography()
        self.orgs = self._draw_organizations(rng, self.n, uid_start=0)
        self.orgs = self.orgs.sort_values(["street", "community"], kind="stable", ignore_index=True)
        self.orgs["uid"] = np.arange(self.n, dtype=np.int64)
        self.orgs["party_org"] = self._party_org_names(self.orgs)
        self._plant_organization_problems()
        self._build_leaders()
        self._build_departments()
        self._build_supervision()
        self._build_mass_org_tasks()
        self._build_capacities()
        self._mark_key_organizations()
        self.notable["no_department_street"] = (STREETS[_NO_DEPARTMENT_STREET],)
        self.notable["shared_community"] = (
            _SHARED_COMMUNITY + "社区",
            *[STREETS[s] for s in np.unique(self.comm_street[self.comm_name == _SHARED_COMMUNITY + "社区"])],
        )
        self.notable["unknown_community"] = (_UNKNOWN_COMMUNITY,)
        self.notable["unknown_station_street"] = (_UNKNOWN_STREET,)

    def _build_geography(self):
        rng = self.rng
        streets, names = [], []
        for s, street in enumerate(STREETS):
            pool = _COMMUNITY_POOL[street]
            k = min(int(rng.integers(8, 13)), len(pool))
            keep = np.sort(rng.choice(np.arange(1, len(pool)), size=k - 1, replace=False))
            keep = np.concatenate([[0], keep])  # the first (shared) name is always kept
            streets += [s] * k
            names += [pool[i] + "社区" for i in keep]
        self.comm_street = np.array(streets, dtype=np.int64)
        self.comm_name = _objects(names)
        n_comm = len(names)
        owners = _objects(self.people.take(n_comm))
        no_owner = _pick(rng, np.flatnonzero(self.comm_street != _NO_DEPARTMENT_STREET),
                         max(2, round(0.05 * n_comm)))
        owners[no_owner] = None
        self.comm_owner = owners
        self.comm_no_owner = np.zeros(n_comm, dtype=bool)
        self.comm_no_owner[no_owner] = True
        self.planted["owner_empty"] = ("街道社区", tuple(int(i) for i in np.sort(no_owner)))
        # communities by street, for drawing an organization's community
        self.street_comms = [np.flatnonzero(self.comm_street == s) for s in range(len(STREETS))]
        self.street_comm_weights = [rng.dirichlet(np.full(len(c), 3.0)) for c in self.street_comms]

    # -- organizations ---------------------------------------------------

    def _draw_organizations(self, rng, n, *, uid_start, existing_names=None, existing_codes=None):
        """Draw `n` organizations as an internal table (one row each)."""
        social = rng.random(n) < _SOCIAL_SHARE
        street = rng.choice(len(STREETS), size=n, p=_STREET_WEIGHTS / _STREET_WEIGHTS.sum())
        community = np.empty(n, dtype=np.int64)
        for s, comms in enumerate(self.street_comms):
            rows = np.flatnonzero(street == s)
            community[rows] = rng.choice(comms, size=len(rows), p=self.street_comm_weights[s])

        n_ind = len(_ENTERPRISE_INDUSTRIES)
        ind_share = np.array([i[1] for i in _ENTERPRISE_INDUSTRIES])
        industry = rng.choice(n_ind, size=n, p=ind_share / ind_share.sum())
        types = np.array([t[3] for t in _SOCIAL_TYPES])
        stype = rng.choice(len(_SOCIAL_TYPES), size=n, p=types / types.sum())
        stype = np.where(social, stype, -1)
        industry = np.where(social, -1, industry)

        # size: log-normal, heavier for manufacturing, schools, kindergartens
        ind_offset = np.array([i[2] for i in _ENTERPRISE_INDUSTRIES])
        social_mu = np.array([t[4] for t in _SOCIAL_TYPES])
        mu = np.where(social, social_mu[np.maximum(stype, 0)], _ENTERPRISE_MU + ind_offset[np.maximum(industry, 0)])
        sigma = np.where(social, _SOCIAL_SIGMA, _ENTERPRISE_SIGMA)
        employees = np.minimum(np.ceil(rng.lognormal(mu, sigma)), 60000).astype(np.int64)

        # party members: Poisson around an over-dispersed rate, many zeros
        social_rate = np.array([t[7] for t in _SOCIAL_TYPES])
        mean_rate = np.where(social, social_rate[np.maximum(stype, 0)], 0.04)
        rate = rng.gamma(0.8, mean_rate / 0.8)
        members = np.minimum(rng.poisson(employees * rate), employees).astype(np.int64)

        above = ~social & (rng.random(n) < np.select(
            [employees >= 300, employees >= 100, employees >= 50, employees >= 20], [0.9, 0.6, 0.25, 0.05], 0.005))
        p_entity = np.array([t[5] for t in _SOCIAL_TYPES])
        entity = social & (rng.random(n) < p_entity[np.maximum(stype, 0)])

        big = employees >= 100
        p_standalone = np.where(members >= 3, 0.5 + 0.3 * big, 0.0)
        p_joint = np.select([members >= 3, members >= 1], [0.3 - 0.15 * big, 0.45], np.where(big, 0.2, 0.04))
        u = rng.random(n)
        status = np.where(u < p_standalone, _STANDALONE, np.where(u < p_standalone + p_joint, _JOINT, _NONE))
        status = status.astype(np.int8)
        organized = status != _NONE
        union = rng.random(n) < np.clip(0.05 + 0.55 * big + 0.25 * ((employees >= 25) & ~big) + 0.15 * organized, 0, 0.95)
        league = rng.random(n) < 0.02 + 0.25 * big + 0.1 * organized
        women = rng.random(n) < 0.02 + 0.2 * big + 0.1 * organized

        names = self._organization_names(rng, social, industry, stype, existing_names)
        codes = self._organization_codes(rng, social, stype, existing_codes)

        industry_text = _objects([i[0] for i in _ENTERPRISE_INDUSTRIES] + [t[1] for t in _SOCIAL_TYPES])
        return pd.DataFrame({
            "uid": np.arange(uid_start, uid_start + n, dtype=np.int64),
            "name": _column(names),
            "code": _column(codes),
            "social": social,
            "industry": _column(industry_text[np.where(social, n_ind + stype, industry)]),
            "stype": stype.astype(np.int64),
            "street": street.astype(np.int64),
            "community": community,
            "employees": employees,
            "members": members,
            "above": above,
            "entity": entity,
            "status": status,
            "status_blank": rng.random(n) < 0.4,  # 未组建 written as an empty cell
            "union": union,
            "league": league,
            "women": women,
            "key": np.zeros(n, dtype=bool),
            "style_above": _draw_styles(rng, n),
            "style_entity": _draw_styles(rng, n),
            "style_union": _draw_styles(rng, n),
            "style_league": _draw_styles(rng, n),
            "style_women": _draw_styles(rng, n),
            "party_org": _column([None] * n),
            # cells written differently from the truth (planted problems); None = as the truth
            "name_cell": _column([None] * n),
            "street_cell": _column([None] * n),
            "community_cell": _column([None] * n),
            "employees_cell": _column([None] * n),
            "union_cell": _column([None] * n),
            "rejected": np.zeros(n, dtype=bool),  # the loader must reject the row
            "special": np.zeros(n, dtype=bool),  # odd identity or place: kept out of reference tables
            "used": np.zeros(n, dtype=bool),  # carries a planted problem or a guaranteed finding
        })

    @staticmethod
    def _zihao(rng, n, length):
        chars = _objects(_ZIHAO_CHARS)
        m = len(chars)
        first = rng.integers(0, m, n)
        second = (first + 1 + rng.integers(0, m - 1, n)) % m
        zihao = chars[first] + chars[second]
        for _ in range(length - 2):
            zihao = zihao + chars[rng.integers(0, m, n)]
        return zihao

    def _organization_names(self, rng, social, industry, stype, existing_names):
        n = len(social)
        words, offsets, counts = [], [], []
        for _, _, _, industry_words in _ENTERPRISE_INDUSTRIES:
            offsets.append(len(words))
            counts.append(len(industry_words))
            words += industry_words
        words, offsets, counts = _objects(words), np.array(offsets), np.array(counts)
        form_share = np.array([f[2] for f in _ENTERPRISE_FORMS])
        before = _objects([f[0] for f in _ENTERPRISE_FORMS])
        after = _objects([f[1] for f in _ENTERPRISE_FORMS])
        social_before = _objects([f[0] for f in _SOCIAL_FORMS])
        social_share = np.array([f[1] for f in _SOCIAL_FORMS])
        social_words = _objects([t[0] for t in _SOCIAL_TYPES])
        existing = frozenset(() if existing_names is None else existing_names)

        def make(rows, length):
            names = np.empty(len(rows), dtype=object)
            firms = np.flatnonzero(~social[rows])
            k = len(firms)
            ind = industry[rows[firms]]
            word = words[offsets[ind] + (rng.random(k) * counts[ind]).astype(np.int64)]
            form = rng.choice(len(form_share), size=k, p=form_share / form_share.sum())
            names[firms] = before[form] + self._zihao(rng, k, length) + word + after[form]
            others = np.flatnonzero(social[rows])
            k = len(others)
            form = rng.choice(len(social_share), size=k, p=social_share / social_share.sum())
            names[others] = social_before[form] + self._zihao(rng, k, length) + social_words[stype[rows[others]]]
            return names

        names = make(np.arange(n), 2)
        length = 2
        while True:
            clash = pd.Series(names, dtype=object).duplicated().to_numpy() | _clashes(names, existing)
            if not clash.any():
                return names
            length = min(length + 1, 4)
            rows = np.flatnonzero(clash)
            names[rows] = make(rows, length)

    def _organization_codes(self, rng, social, stype, existing_codes):
        n = len(social)
        category = _objects([t[6] for t in _SOCIAL_TYPES])[np.maximum(stype, 0)]
        region = np.where(rng.random(n) < 0.6, "440300", "440307").astype(object)
        prefix = np.where(social, category + "440307", "91" + region)
        has_code = rng.random(n) < np.where(social, 0.9, 0.96)
        codes = np.full(n, None, dtype=object)
        existing = frozenset(() if existing_codes is None else existing_codes)
        for value in sorted(pd.unique(prefix[has_code])):
            rows = np.flatnonzero((prefix == value) & has_code)
            drawn = generate_credit_codes(len(rows), rng, prefix=value).astype(object)
            while True:
                clash = _clashes(drawn, existing)
                if not clash.any():
                    break
                drawn[clash] = generate_credit_codes(int(clash.sum()), rng, prefix=value).astype(object)
                drawn_series = pd.Series(drawn, dtype=object)
                dup = drawn_series.duplicated().to_numpy()
                drawn[dup] = None  # vanishingly rare; an organization without a code is fine
            codes[rows] = drawn
        return codes

    def _party_org_names(self, orgs):
        """Name each organization's Party organization from its status (``None`` for none)."""
        result = np.full(len(orgs), None, dtype=object)
        status = orgs["status"].to_numpy()
        standalone = np.flatnonzero(status == _STANDALONE)
        name = orgs["name"].to_numpy(dtype=object)[standalone]
        members = orgs["members"].to_numpy()[standalone]
        result[standalone] = np.where(
            members >= 50, "中共" + name + "委员会", np.where(members >= 30, name + "党总支", name + "党支部"))
        joint = np.flatnonzero(status == _JOINT)
        result[joint] = self._joint_branch_names(orgs.iloc[joint])
        return _column(result)

    def _joint_branch_names(self, orgs, *, numbered=True):
        """Name the joint branches of `orgs`: 'XX街道YY社区非公企业联合党支部'.

        Organizations of one community and kind share a branch, eight at most:
        the ninth opens the community's 第二联合党支部 (when `numbered`).
        """
        keys = pd.DataFrame({
            "street": orgs["street"].to_numpy(),
            "community": orgs["community"].to_numpy(),
            "social": orgs["social"].to_numpy(),
        })
        number = np.ones(len(orgs), dtype=np.int64)
        if numbered and len(orgs):
            number = keys.groupby(["street", "community", "social"], sort=False).cumcount().to_numpy() // 8 + 1
        top = int(number.max()) if len(number) else 1
        ordinals = _objects([""] + [f"第{_chinese_number(k)}" for k in range(2, top + 1)])
        street = _objects(STREETS)[keys["street"].to_numpy()]
        community = self.comm_name[keys["community"].to_numpy()]
        sector = np.where(keys["social"].to_numpy(), "社会组织", "非公企业").astype(object)
        return street + community + sector + ordinals[number - 1] + "联合党支部"

    # -- planted problems and guaranteed findings ------------------------

    def _take(self, k, mask=None):
        """Take up to `k` unused organization rows (positions), marking them used."""
        orgs = self.orgs
        ok = ~orgs["used"].to_numpy()
        if mask is not None:
            ok &= mask
        candidates = self._order[ok[self._order]][:k]
        orgs.loc[candidates, "used"] = True
        return candidates

    def _plant(self, key, rows, *, special=False, rejected=False):
        rows = np.asarray(rows, dtype=np.int64)
        if special:
            self.orgs.loc[rows, "special"] = True
        if rejected:
            self.orgs.loc[rows, "rejected"] = True
        uids = self.orgs["uid"].to_numpy()[rows]
        self.planted[key] = ("两新组织", uids)
        return rows

    def _open_mask(self, orgs=None):
        """Organizations that are open (RULES.md) and loaded, from the true figures."""
        orgs = self.orgs if orgs is None else orgs
        employees = orgs["employees"].to_numpy()
        enterprise = ~orgs["social"].to_numpy()
        status_none = orgs["status"].to_numpy() == _NONE
        members_required = enterprise & (employees >= 50) & (orgs["members"].to_numpy() == 0)
        party_org_required = self._party_org_required(orgs) & status_none
        return (members_required | party_org_required) & ~orgs["rejected"].to_numpy()

    @staticmethod
    def _party_org_required(orgs):
        employees = orgs["employees"].to_numpy()
        enterprise = ~orgs["social"].to_numpy()
        return (enterprise & ((employees >= 100) | orgs["above"].to_numpy())) | (
            orgs["entity"].to_numpy() & (employees >= 30))

    def _plant_organization_problems(self):
        rng, n, orgs = self.rng, self.n, self.orgs
        self._order = rng.permutation(n)
        one = _few(n, 1, 100_000)
        few = _few(n, 2, 2500)
        has_code = orgs["code"].notna().to_numpy()
        street = orgs["street"].to_numpy()

        # cells an analyst writes that the loader must read (no problem)
        rows = self._plant("employees_fullwidth", self._take(few))
        orgs.loc[rows, "employees_cell"] = [str(v).translate(_FULLWIDTH_DIGITS) for v in orgs.loc[rows, "employees"]]
        rows = self._plant("employees_with_unit", self._take(few))
        orgs.loc[rows, "employees_cell"] = [f"{v}人" if i % 2 == 0 else f"{v} 人"
                                            for i, v in enumerate(orgs.loc[rows, "employees"])]
        rows = self._plant("street_no_suffix", self._take(_few(n, 3, 1000), street != _NO_DEPARTMENT_STREET))
        orgs.loc[rows, "street_cell"] = [STREETS[s][:-2] for s in orgs.loc[rows, "street"]]
        rows = self._plant("community_no_suffix", self._take(few))
        orgs.loc[rows, "community_cell"] = [self.comm_name[c][:-2] for c in orgs.loc[rows, "community"]]
        rows = self._plant("name_padded", self._take(_few(n, 3, 2500)))
        pads = (("  ", ""), ("", " "), ("\u3000", ""), ("", "\u3000"))
        orgs.loc[rows, "name_cell"] = [pads[i % 4][0] + v + pads[i % 4][1] for i, v in enumerate(orgs.loc[rows, "name"])]

        # rows the loader must reject
        rows = self._plant("employees_bad_text", self._take(one), special=True, rejected=True)
        orgs.loc[rows, "employees_cell"] = "约一百"
        rows = self._plant("employees_dash", self._take(one), special=True, rejected=True)
        orgs.loc[rows, "employees_cell"] = "-"
        rows = self._plant("members_negative", self._take(one, orgs["members"].to_numpy() <= 5), special=True, rejected=True)
        orgs.loc[rows, "members"] = -orgs.loc[rows, "members"] - 1
        rows = self._plant("name_empty", self._take(one), special=True, rejected=True)
        orgs.loc[rows, "name_cell"] = ""

        # the same organization twice: a copy overwrites another row; the later of the
        # two identical rows is the one the loader rejects
        originals = self._take(one, has_code)
        copies = self._take(len(originals))
        keep = ["uid", "used", "special", "rejected"]
        for column in orgs.columns.difference(keep):
            orgs.loc[copies, column] = orgs.loc[originals, column].to_numpy()
        self._plant("duplicate_original", np.minimum(originals, copies), special=True)
        self._plant("duplicate_row", np.maximum(originals, copies), special=True, rejected=True)

        rows = self._plant("code_bad_check", self._take(one, has_code), special=True)
        bad = []
        for code in orgs.loc[rows, "code"]:
            i = CREDIT_CODE_CHARSET.index(code[-1])
            bad.append(code[:-1] + CREDIT_CODE_CHARSET[(i + 1 + int(rng.integers(0, 30))) % 31])
        orgs.loc[rows, "code"] = bad

        # broken responsibility chains
        rows = self._plant("community_empty", self._take(one), special=True)
        orgs.loc[rows, "community_cell"] = ""
        rows = self._plant("street_empty", self._take(one), special=True)
        orgs.loc[rows, "street_cell"] = ""
        rows = self._plant("community_unknown", self._take(one), special=True)
        orgs.loc[rows, "community_cell"] = _UNKNOWN_COMMUNITY
        shared = self.comm_name == _SHARED_COMMUNITY + "社区"
        rows = self._plant("community_other_street", self._take(one), special=True)
        for row in rows:  # the community of another street (never the shared name)
            others = np.flatnonzero((self.comm_street != orgs.at[row, "street"]) & ~shared)
            orgs.at[row, "community"] = int(rng.choice(others))
        rows = self._plant("joint_without_party_org", self._take(one, orgs["status"].to_numpy() == _JOINT))
        orgs.loc[rows, "party_org"] = None
        rows = self._plant("yes_no_unclear", self._take(one))
        orgs.loc[rows, "union"] = False
        orgs.loc[rows, "union_cell"] = "不详"

        self._guarantee_findings()

    def _guarantee_findings(self):
        """Make sure each uncovered / chain finding of RULES.md has an organization."""
        rng, n, orgs = self.rng, self.n, self.orgs
        social = orgs["social"].to_numpy()
        employees = orgs["employees"].to_numpy()
        members = orgs["members"].to_numpy()
        status = orgs["status"].to_numpy()
        no_mass = ~(orgs["union"].to_numpy() | orgs["league"].to_numpy() | orgs["women"].to_numpy())
        required = self._party_org_required(orgs)

        def guarantee(key, natural, force):
            rows = self._take(1, natural)
            if len(rows) == 0:
                rows = self._take(1, ~social)
                force(rows)
            self._plant(key, rows)

        def set_values(rows, **values):
            for column, value in values.items():
                orgs.loc[rows, column] = value

        guarantee("members_required", ~social & (employees >= 50) & (employees < 100) & (members == 0),
                  lambda r: set_values(r, employees=int(rng.integers(55, 95)), members=0, above=False))
        guarantee("party_org_required", ~social & (employees >= 100) & (status == _NONE) & (members >= 1),
                  lambda r: set_values(r, employees=int(rng.integers(120, 400)), members=1, status=_NONE, party_org=None))
        guarantee("mass_org_first", required & (status == _NONE) & (members < 3) & no_mass,
                  lambda r: set_values(r, employees=int(rng.integers(150, 300)), members=2, status=_NONE,
                                       party_org=None, union=False, league=False, women=False))
        guarantee("standalone_possible", (members >= 3) & (status == _JOINT),
                  lambda r: set_values(r, members=int(rng.integers(3, 8)), status=_JOINT,
                                       employees=int(rng.integers(30, 90)),
                                       party_org=self._joint_branch_names(orgs.loc[r], numbered=False)[0]))
        guarantee("mass_org_missing", (status != _NONE) & no_mass & (employees < 100),
                  lambda r: set_values(r, members=int(rng.integers(3, 10)), status=_STANDALONE,
                                       employees=int(rng.integers(30, 90)), union=False, league=False, women=False,
                                       party_org=orgs.loc[r[0], "name"] + "党支部"))

        # open enterprises in the street with no department, kept out of every table
        open_now = self._open_mask()
        yuanshan = orgs["street"].to_numpy() == _NO_DEPARTMENT_STREET
        reserved = self._take(_few(n, 1, 5000), ~social & yuanshan & open_now)
        if len(reserved) == 0:
            reserved = self._take(1, ~social)
            comm = int(rng.choice(self.street_comms[_NO_DEPARTMENT_STREET]))
            set_values(reserved, street=_NO_DEPARTMENT_STREET, community=comm,
                       employees=int(rng.integers(120, 300)), members=0, status=_NONE, party_org=None)
        self._plant("no_responsible_unit", reserved, special=True)

        no_owner = self.comm_no_owner[orgs["community"].to_numpy()] & ~orgs["special"].to_numpy()
        rows = self._take(1, no_owner)
        if len(rows) == 0:
            rows = self._take(1, orgs["street"].to_numpy() != _NO_DEPARTMENT_STREET)
            street = orgs.at[rows[0], "street"]
            comms = np.flatnonzero(self.comm_no_owner & (self.comm_street == street))
            if len(comms) == 0:
                comms = np.flatnonzero(self.comm_no_owner)
                orgs.loc[rows, "street"] = self.comm_street[comms[0]]
            orgs.loc[rows, "community"] = comms[0]
            if orgs.at[rows[0], "status"] == _JOINT:
                orgs.loc[rows, "party_org"] = self._joint_branch_names(orgs.loc[rows], numbered=False)[0]
        self._plant("community_no_owner", rows)

    # -- responsibility tables -------------------------------------------

    def _referenceable(self):
        """Rows a reference table may name: loaded, ordinary identity and place."""
        if getattr(self, "_referenceable_rows", None) is None or len(self._referenceable_rows) != len(self.orgs):
            orgs = self.orgs
            self._referenceable_rows = ~orgs["rejected"].to_numpy() & ~orgs["special"].to_numpy()
        return self._referenceable_rows

    def _reference_cells(self, rows, rng, *, code_missing=0.12, name_missing=0.03):
        """Name and code cells naming the organizations at `rows` (name as written, trimmed)."""
        names = self.orgs["name"].to_numpy(dtype=object)[rows].copy()
        codes = self.orgs["code"].to_numpy(dtype=object)[rows].copy()
        u = rng.random(len(rows))
        has_code = pd.notna(codes)
        codes[(u < code_missing) & has_code] = None
        names[(u > 1 - name_missing) & has_code] = None
        return names, codes

    def _build_leaders(self):
        rng, n, orgs = self.rng, self.n, self.orgs
        n_leaders = int(np.clip(round(5 * np.log10(n)), 10, 25))
        leaders = self.people.take(n_leaders)
        liaisons = self.people.take(n_leaders)
        phones = _phones(rng, n_leaders)
        employees = orgs["employees"].to_numpy()
        referenceable = self._referenceable()
        open_now = self._open_mask()
        open_pool = list(_pick(rng, np.flatnonzero(referenceable & open_now), 10 * n_leaders,
                               np.log1p(employees[referenceable & open_now])))
        closed_rows = np.flatnonzero(referenceable & ~open_now & (employees >= 30))
        closed_pool = list(_pick(rng, closed_rows, 4 * n_leaders, np.log1p(employees[closed_rows])))
        spare_rows = np.flatnonzero(referenceable & ~np.isin(np.arange(n), open_pool + closed_pool))
        spare_pool = list(_pick(rng, spare_rows, 4 * n_leaders))  # small sizes: whatever is left

        overloaded, boundary = (int(i) for i in rng.choice(n_leaders, size=2, replace=False))
        rows_leader, rows_org = [], []
        for i in range(n_leaders):
            if i == overloaded:
                n_open, n_closed = 9, 1
            elif i == boundary:
                n_open, n_closed = 3, 1
            else:  # 2-6 organizations (1-2 in a toy district of a few hundred)
                k = int(rng.integers(2, 7)) if n >= 1000 else int(rng.integers(1, 3))
                n_closed = max(int(rng.integers(0, min(k, 3))), k - 5)
                n_open = k - n_closed
            targets = [open_pool.pop() for _ in range(min(n_open, len(open_pool)))]
            n_closed += n_open - len(targets)
            for _ in range(n_closed):
                pool = closed_pool or spare_pool
                if pool:
                    targets.append(pool.pop())
            rows_leader += [i] * len(targets)
            rows_org += targets
        rows_org = np.array(rows_org, dtype=np.int64)
        rows_leader = np.array(rows_leader, dtype=np.int64)
        names, codes = self._reference_cells(rows_org, rng)
        table = pd.DataFrame({
            "leader": _column(_objects(leaders)[rows_leader]),
            "uid": orgs["uid"].to_numpy()[rows_org],
            "name": _column(names),
            "code": _column(codes),
            "street": _column(_objects(STREETS)[orgs["street"].to_numpy()[rows_org]]),
            "liaison": _column(_objects(liaisons)[rows_leader]),
            "phone": _column(_objects(phones)[rows_leader]),
        })
        # planted: a row naming an organization that does not exist; a padded leader name
        phantom = "深圳市龙岗区嘉禾望岗实业有限公司"
        while orgs["name"].eq(phantom).any():
            phantom = phantom.replace("实业", "实业发展")
        victim = next(i for i in range(n_leaders) if i not in (overloaded, boundary))
        at = int(np.flatnonzero(rows_leader == victim)[-1]) + 1 if (rows_leader == victim).any() else len(table)
        extra = pd.DataFrame({
            "leader": _column([leaders[victim]]), "uid": [-1], "name": _column([phantom]), "code": _column([None]),
            "street": _column([STREETS[0]]), "liaison": _column([liaisons[victim]]), "phone": _column([phones[victim]]),
        })
        table = pd.concat([table.iloc[:at], extra, table.iloc[at:]], ignore_index=True)
        padded = int(np.flatnonzero(table["leader"].to_numpy() != leaders[victim])[0])
        table.loc[padded, "leader"] = table.at[padded, "leader"] + "\u3000"
        self.leader_table = table
        self.leader_names = leaders
        self.planted["leader_unknown_organization"] = ("挂点促建", (at,))
        self.planted["leader_name_padded"] = ("挂点促建", (padded,))
        self.notable["overloaded_leader"] = (leaders[overloaded],)
        self.notable["boundary_leader"] = (leaders[boundary],)
        self.notable["phantom_organization"] = (phantom,)
        self.protected_leaders = (leaders[overloaded], leaders[boundary])

    def _department_loads(self, departments, station_dept, station_street, contact_dept, contact_org):
        """Load of each department per RULES.md, from the true figures (for tuning only)."""
        orgs = self.orgs
        open_now = self._open_mask()
        street = orgs["street"].to_numpy().copy()
        street[orgs["street_cell"].to_numpy(dtype=object) == ""] = -1
        contacted = np.zeros(len(orgs), dtype=bool)
        contacted[contact_org] = True
        pairs = pd.DataFrame({"d": contact_dept, "o": contact_org}).drop_duplicates()
        direct = np.bincount(pairs["d"], weights=open_now[pairs["o"]], minlength=len(departments))
        pool = np.bincount(street[open_now & ~contacted & (street >= 0)], minlength=len(STREETS))
        stations = pd.DataFrame({"d": station_dept, "s": station_street}).drop_duplicates()
        per_street = np.bincount(stations["s"], minlength=len(STREETS))
        share = pool[stations["s"]] / per_street[stations["s"]]
        return direct + np.bincount(stations["d"], weights=share, minlength=len(departments))

    def _build_departments(self):
        rng, n, orgs = self.rng, self.n, self.orgs
        n_dept = int(np.clip(round(26 + 3 * np.log10(n)), 30, 45))
        forced = [_OVERLOADED_DEPARTMENT, _CAPACITY_DEPARTMENT, _DUAL_ROLE_UNIT, _OVERLOADED_SUPERVISOR]
        others = [d for d in _DEPARTMENTS if d not in forced]
        chosen = set(forced) | set(_pick(rng, _objects(others), n_dept - len(forced)))
        departments = [d for d in _DEPARTMENTS if d in chosen]  # the district's usual order

        streets = [s for s in range(len(STREETS)) if s != _NO_DEPARTMENT_STREET]
        n_double = 3
        counts = np.full(len(streets), 2)
        extra_slots = np.repeat(np.arange(len(streets)), 3)
        counts += np.bincount(rng.permutation(extra_slots)[: n_dept + n_double - counts.sum()], minlength=len(streets))
        slot_street = np.repeat(streets, counts)
        slot_dept = np.full(len(slot_street), -1)
        order = rng.permutation(len(slot_street))
        slot_dept[order[:n_dept]] = rng.permutation(n_dept)
        for slot in order[n_dept:]:
            here = set(slot_dept[slot_street == slot_street[slot]].tolist())
            slot_dept[slot] = int(rng.choice([d for d in range(n_dept) if d not in here]))
        stations = pd.DataFrame({"d": slot_dept, "s": slot_street}).sort_values(["d", "s"], ignore_index=True)

        # ordinary contacts: a third of the stations name 1-3 organizations of their street
        referenceable = self._referenceable()
        employees = orgs["employees"].to_numpy()
        street = orgs["street"].to_numpy()
        by_street = {s: np.flatnonzero(referenceable & (street == s) & (employees >= 20)) for s in streets}
        contact_dept, contact_org = [], []
        taken = np.zeros(n, dtype=bool)
        for d, s in zip(stations["d"], stations["s"]):
            if rng.random() < 0.35:
                pool = by_street[s][~taken[by_street[s]]]
                picked = _pick(rng, pool, int(rng.integers(1, 4)), np.log1p(employees[pool]))
                taken[picked] = True
                contact_dept += [d] * len(picked)
                contact_org += picked.tolist()

        def tune(department, target, ceiling):
            d = departments.index(department)
            own_streets = stations.loc[stations["d"] == d, "s"].to_numpy()
            for _ in range(8):
                load = self._department_loads(departments, stations["d"], stations["s"], contact_dept, contact_org)[d]
                if load > target or load > ceiling:
                    return
                open_now = self._open_mask()
                candidates = referenceable & open_now & ~taken & (street != _NO_DEPARTMENT_STREET)
                preferred = np.flatnonzero(candidates & np.isin(street, own_streets))
                rest = np.flatnonzero(candidates & ~np.isin(street, own_streets))
                need = int(np.ceil(target - load)) + 1
                picked = np.concatenate([preferred, rest])[:need]
                if len(picked) == 0:
                    return
                taken[picked] = True
                contact_dept.extend([d] * len(picked))
                contact_org.extend(picked.tolist())

        tune(_OVERLOADED_DEPARTMENT, 32, np.inf)
        tune(_CAPACITY_DEPARTMENT, 24, 30)

        # rows: one per station, repeated per contact; a contact outside the department's
        # streets is written on its first station row
        contacts = pd.DataFrame({"d": np.array(contact_dept, dtype=np.int64),
                                 "o": np.array(contact_org, dtype=np.int64)})
        contacts["s"] = street[contacts["o"].to_numpy()]
        station_keys = pd.MultiIndex.from_frame(stations[["d", "s"]])
        outside = ~pd.MultiIndex.from_frame(contacts[["d", "s"]]).isin(station_keys)
        first_station = stations.drop_duplicates("d").set_index("d")["s"]
        contacts.loc[outside, "s"] = first_station.loc[contacts.loc[outside, "d"]].to_numpy()
        quiet = stations[~station_keys.isin(pd.MultiIndex.from_frame(contacts[["d", "s"]]))].assign(o=-1)
        rows = pd.concat([contacts, quiet], ignore_index=True).sort_values(["d", "s"], kind="stable", ignore_index=True)
        org_rows = rows["o"].to_numpy()
        has_contact = org_rows >= 0
        contact_cell = np.full(len(rows), None, dtype=object)
        names, codes = self._reference_cells(org_rows[has_contact], rng, code_missing=0.0, name_missing=0.0)
        by_code = (rng.random(has_contact.sum()) < 0.1) & pd.notna(codes)
        contact_cell[has_contact] = np.where(by_code, codes, names)

        liaisons = _objects(self.people.take(len(departments)))
        phones = _objects(_phones(rng, len(departments), office=True))
        d = rows["d"].to_numpy()
        table = pd.DataFrame({
            "department": _column(_objects(departments)[d]),
            "street": _column(_objects(STREETS)[rows["s"].to_numpy()]),
            "uid": np.where(has_contact, orgs["uid"].to_numpy()[np.maximum(org_rows, 0)], -1),
            "contact": _column(contact_cell),
            "liaison": _column(liaisons[d]),
            "phone": _column(phones[d]),
        })
        short = _pick(rng, np.flatnonzero(~has_contact), 2)
        table.loc[short, "street"] = [v[:-2] for v in table.loc[short, "street"]]
        # planted: a station in a street that is not on 街道社区
        wrong = int(np.flatnonzero(d == departments.index(_CAPACITY_DEPARTMENT))[-1]) + 1
        extra = table.iloc[[wrong - 1]].assign(street=_UNKNOWN_STREET, contact=None, uid=-1)
        table = pd.concat([table.iloc[:wrong], extra, table.iloc[wrong:]], ignore_index=True)
        self.department_table = table
        self.planted["station_street_unknown"] = ("驻街保建", (wrong,))
        self.planted["station_street_no_suffix"] = (
            "驻街保建", tuple(int(i) + int(i >= wrong) for i in np.sort(short)))
        self.notable["overloaded_department"] = (_OVERLOADED_DEPARTMENT,)
        self.notable["capacity_department"] = (_CAPACITY_DEPARTMENT,)
        self.departments = departments

    def _build_supervision(self):
        rng, orgs = self.rng, self.orgs
        social = orgs["social"].to_numpy()
        street = orgs["street"].to_numpy()
        stype = orgs["stype"].to_numpy()
        referenceable = self._referenceable()
        unit_of_type = _objects([t[2] for t in _SOCIAL_TYPES])
        unit = np.full(len(orgs), None, dtype=object)
        unit[social] = unit_of_type[stype[social]]
        by_street_office = social & (rng.random(len(orgs)) < 0.05)  # registered with their street
        unit[by_street_office] = _objects([s[:-2] + "街道办事处" for s in STREETS])[street[by_street_office]]
        supervised = social & referenceable & (rng.random(len(orgs)) < 0.85)
        # at least one social organization without a supervisory unit
        unsupervised = np.flatnonzero(social & referenceable & ~supervised & ~orgs["used"].to_numpy())
        if len(unsupervised) == 0:
            candidates = np.flatnonzero(supervised & ~orgs["used"].to_numpy())
            if len(candidates):
                supervised[candidates[0]] = False
                unsupervised = candidates[:1]
        if len(unsupervised):
            orgs.loc[unsupervised[:1], "used"] = True
            self._plant("no_supervisor", unsupervised[:1])

        units = [t[2] for t in _SOCIAL_TYPES] + [s[:-2] + "街道办事处" for s in STREETS]
        units = list(dict.fromkeys(units))
        rows = np.flatnonzero(supervised)
        unit_index = pd.Index(units, dtype=object).get_indexer(unit[rows])
        order = np.lexsort((rows, unit_index))
        rows, unit_index = rows[order], unit_index[order]

        # instructors: 2-6 organizations each, one guiding 12, one name under two units
        instructor = np.full(len(rows), None, dtype=object)
        instructor_unit = _DUAL_ROLE_UNIT  # where the overloaded instructor works
        twin_units = (_DUAL_ROLE_UNIT, "区卫生健康局")
        for u, name in enumerate(units):
            mine = np.flatnonzero((unit_index == u) & (rng.random(len(rows)) < 0.85))
            if len(mine) == 0:
                continue
            sizes = rng.integers(2, 7, size=len(mine) + 2)
            if name == instructor_unit:
                sizes[:2] = (12, 5)
            elif name == twin_units[1]:
                sizes[0] = 4
            bounds = np.cumsum(sizes)
            k = int(np.searchsorted(bounds, len(mine) - 1, side="right")) + 1
            people = self.people.take(k)
            if name in twin_units:
                slot = 1 if name == instructor_unit else 0
                if k > slot:
                    people[slot] = _TWIN_INSTRUCTOR
            which = np.searchsorted(bounds, np.arange(len(mine)), side="right")
            instructor[mine] = _objects(people)[which]
            if name == instructor_unit and (which == 0).sum() > _DEFAULT_CAPACITY["instructor"]:
                self.notable["overloaded_instructor"] = (people[0], name)
        self.notable["twin_instructor"] = (_TWIN_INSTRUCTOR, *twin_units)

        names, codes = self._reference_cells(rows, rng)
        phone = np.where(pd.notna(instructor), None, None).astype(object)
        phone[pd.notna(instructor)] = _phones(rng, int(pd.notna(instructor).sum()))
        phone[pd.isna(instructor)] = _phones(rng, int(pd.isna(instructor).sum()), office=True)
        table = pd.DataFrame({
            "unit": _column(_objects(units)[unit_index]),
            "uid": orgs["uid"].to_numpy()[rows],
            "name": _column(names),
            "code": _column(codes),
            "instructor": _column(instructor),
            "phone": _column(phone),
        })
        # planted: a row naming an enterprise
        enterprise = np.flatnonzero(~social & referenceable & ~orgs["used"].to_numpy())
        if len(enterprise):
            target = int(enterprise[0])
            orgs.loc[[target], "used"] = True
            mine = np.flatnonzero(table["unit"].to_numpy() == _DUAL_ROLE_UNIT)
            at = int(mine[-1]) + 1 if len(mine) else len(table)
            extra = pd.DataFrame({
                "unit": _column([_DUAL_ROLE_UNIT]), "uid": [orgs.at[target, "uid"]],
                "name": _column([orgs.at[target, "name"]]), "code": _column([orgs.at[target, "code"]]),
                "instructor": _column([None]), "phone": _column(_phones(rng, 1, office=True)),
            })
            table = pd.concat([table.iloc[:at], extra, table.iloc[at:]], ignore_index=True)
            self.planted["supervision_of_enterprise"] = ("主管包建", (at,))
        self.supervision_table = table
        self.notable["overloaded_supervisory_unit"] = (_OVERLOADED_SUPERVISOR,)
        self.notable["dual_role_units"] = tuple(u for u in units if u in self.departments)

    def _build_mass_org_tasks(self):
        rng, orgs = self.rng, self.orgs
        n = len(orgs)
        social = orgs["social"].to_numpy()
        employees = orgs["employees"].to_numpy()
        members = orgs["members"].to_numpy()
        organized = orgs["status"].to_numpy() != _NONE
        union = orgs["union"].to_numpy()
        league = orgs["league"].to_numpy()
        women = orgs["women"].to_numpy()
        ok = self._referenceable() & ~orgs["used"].to_numpy()
        u = [rng.random(n) for _ in range(6)]
        tasks = (
            ("区总工会", "建会", ok & ~social & ~union & ((employees >= 100) & (u[0] < 0.6) | (employees >= 50) & (employees < 100) & (u[0] < 0.15))),
            ("区总工会", "找党员", ok & (members == 0) & (employees >= 50) & (u[1] < 0.1)),
            ("团区委", "建团", ok & ~league & (employees >= 50) & (u[2] < 0.12)),
            ("团区委", "推优", ok & organized & league & (u[3] < 0.2)),
            ("区妇联", "建妇", ok & ~women & (employees >= 50) & (u[4] < 0.1)),
        )
        mass, task, rows = [], [], []
        for mass_org, what, mask in tasks:
            picked = np.flatnonzero(mask)
            mass += [mass_org] * len(picked)
            task += [what] * len(picked)
            rows.append(picked)
        rows = np.concatenate(rows)
        mass_index = pd.Index(_MASS_ORGS, dtype=object).get_indexer(_objects(mass))
        order = np.lexsort((rows, mass_index))
        rows = rows[order]
        names, codes = self._reference_cells(rows, rng, code_missing=0.15)
        table = pd.DataFrame({
            "mass_org": _column(_objects(mass)[order]),
            "uid": orgs["uid"].to_numpy()[rows],
            "name": _column(names),
            "code": _column(codes),
            "task": _column(_objects(task)[order]),
        })
        # planted: a reference with the organization's invalid code; a name with half-width brackets
        extra_rows = []
        bad_code = self.planted["code_bad_check"][1][0]
        at_bad = orgs.index[orgs["uid"] == bad_code][0]
        extra_rows.append(("区总工会", orgs.at[at_bad, "uid"], orgs.at[at_bad, "name"], orgs.at[at_bad, "code"], "找党员"))
        candidates = np.flatnonzero(ok & ~np.isin(orgs["uid"].to_numpy(), table["uid"].to_numpy()))[:20000]
        names = pd.Series(orgs["name"].to_numpy(dtype=object)[candidates], dtype=object)
        bracketed = candidates[names.str.contains("（", regex=False).to_numpy()]
        if len(bracketed):
            b = int(bracketed[0])
            orgs.loc[[b], "used"] = True
            half = orgs.at[b, "name"].replace("（", "(").replace("）", ")")
            extra_rows.append(("团区委", orgs.at[b, "uid"], half, None, "建团"))
        start = len(table)
        columns = list(zip(*extra_rows))
        extra = pd.DataFrame({
            "mass_org": _column(columns[0]), "uid": np.array(columns[1], dtype=np.int64),
            "name": _column(columns[2]), "code": _column(columns[3]), "task": _column(columns[4]),
        })
        table = pd.concat([table, extra], ignore_index=True)
        self.mass_table = table
        self.planted["mass_reference_bad_code"] = ("党群共建", (start,))
        if len(bracketed):
            self.planted["mass_reference_halfwidth_brackets"] = ("党群共建", (start + 1,))

    def _build_capacities(self):
        boundary = self.notable["boundary_leader"][0]
        self.capacity_table = pd.DataFrame({
            "unit": _column([boundary, _CAPACITY_DEPARTMENT, _DUAL_ROLE_UNIT]),
            "capacity": np.array([3, 30, 20], dtype=np.int64),
        })
        self.notable["capacity_overrides"] = (f"{boundary}=3", f"{_CAPACITY_DEPARTMENT}=30", f"{_DUAL_ROLE_UNIT}=20")

    def _mark_key_organizations(self):
        """重点难点: every organization a leader is attached to, and some large unorganized ones."""
        orgs = self.orgs
        attached = np.isin(orgs["uid"].to_numpy(), self.leader_table["uid"].to_numpy())
        required_none = self._party_org_required(orgs) & (orgs["status"].to_numpy() == _NONE)
        extra = required_none & (self.rng.random(len(orgs)) < 0.4) & ~orgs["special"].to_numpy()
        orgs["key"] = attached | extra

    # -- a few weeks later -----------------------------------------------

    def _referenced_uids(self):
        return np.unique(np.concatenate([
            self.leader_table["uid"].to_numpy(), self.department_table["uid"].to_numpy(),
            self.supervision_table["uid"].to_numpy(), self.mass_table["uid"].to_numpy(),
        ]))

    def advance(self, rng):
        """Move the district a few weeks on (the periodic report's second snapshot)."""
        orgs = self.orgs
        n = len(orgs)
        uid = orgs["uid"].to_numpy()
        ordinary = ~orgs["special"].to_numpy() & ~orgs["used"].to_numpy() & ~orgs["rejected"].to_numpy()
        leaders = self.leader_table
        protected = np.isin(uid, leaders.loc[leaders["leader"].str.strip().isin(self.protected_leaders), "uid"])
        attached = np.isin(uid, leaders["uid"].to_numpy())
        open_now = self._open_mask()

        # ~10% of the open organizations formed a Party organization
        formed = _pick(rng, np.flatnonzero(ordinary & open_now & ~protected), max(1, round(0.10 * open_now.sum())))
        formed = np.sort(formed)
        members = orgs["members"].to_numpy().copy()
        standalone = (members[formed] >= 3) & (rng.random(len(formed)) < 0.6)
        if len(formed) > 1 and not standalone.any():  # the best-staffed one found enough members
            best = int(np.argmax(members[formed]))
            members[formed[best]] = max(members[formed[best]], 3)
            standalone[best] = True
        members[formed] = np.where(members[formed] == 0, rng.integers(1, 3, len(formed)), members[formed])
        orgs["members"] = members
        orgs.loc[formed, "status"] = np.where(standalone, _STANDALONE, _JOINT).astype(np.int8)
        orgs.loc[formed, "status_blank"] = False
        joint_name = self._joint_branch_names(orgs.loc[formed], numbered=False)
        orgs.loc[formed, "party_org"] = np.where(standalone, orgs.loc[formed, "name"].to_numpy(dtype=object) + "党支部", joint_name)
        union_now = rng.random(len(formed)) < 0.5
        orgs.loc[formed[union_now], "union"] = True
        taken = np.zeros(n, dtype=bool)
        taken[formed] = True

        # some figures changed
        changed = _pick(rng, np.flatnonzero(ordinary & ~taken & ~attached), max(2, round(0.03 * n)))
        changed = np.sort(changed)
        factor = rng.uniform(0.7, 1.4, len(changed))
        orgs.loc[changed, "employees"] = np.maximum(1, np.round(orgs.loc[changed, "employees"].to_numpy() * factor)).astype(np.int64)
        orgs.loc[changed, "members"] = orgs.loc[changed, "members"].to_numpy() + rng.integers(0, 3, len(changed)) * (rng.random(len(changed)) < 0.5)
        taken[changed] = True

        referenced = np.isin(uid, self._referenced_uids())
        free = ordinary & ~taken & ~referenced
        # one organization renamed, keeping its credit code
        names = orgs["name"].to_numpy(dtype=object)
        candidates = np.flatnonzero(free & ~orgs["social"].to_numpy() & pd.notna(orgs["code"].to_numpy()))[:20000]
        plain = pd.Series(names[candidates], dtype=object).str.match(r"^深圳市.*[^分]有限公司$").to_numpy()
        renamed = candidates[plain][:1]
        if len(renamed):
            r = int(renamed[0])
            old = names[r]
            new = old[: -len("有限公司")] + "集团有限公司"
            orgs.at[r, "name"] = new
            if orgs.at[r, "name_cell"] is not None:
                orgs.at[r, "name_cell"] = None
            self.notable["later_renamed"] = (orgs.at[r, "code"], old, new)
            taken[r] = True
            free[r] = False

        # a few removed (never one a table names)
        removed = np.sort(_pick(rng, np.flatnonzero(free), _few(self.n, 3, 2000)))
        self.notable["later_removed"] = tuple(orgs.loc[removed, "name"])
        self.notable["later_removed_codes"] = tuple(c for c in orgs.loc[removed, "code"] if c is not None)

        # a leader re-attached elsewhere
        self._reattach_leader(rng, open_now & ordinary & ~taken & ~attached)

        # a few new organizations, appended at the bottom
        n_new = _few(self.n, 5, 1000)
        new = self._draw_organizations(
            rng, n_new, uid_start=int(uid.max()) + 1,
            existing_names=orgs["name"].to_numpy(dtype=object), existing_codes=orgs["code"].to_numpy(dtype=object))
        new["party_org"] = self._party_org_names(new)
        joint = np.flatnonzero(new["status"].to_numpy() == _JOINT)  # newcomers join branch 1
        new.loc[joint, "party_org"] = self._joint_branch_names(new.iloc[joint], numbered=False)
        kept = orgs.drop(index=removed)
        self.orgs = pd.concat([kept, new], ignore_index=True)
        self.planted["later_formed"] = ("两新组织", uid[formed])
        self.planted["later_changed_figures"] = ("两新组织", uid[changed])
        self.planted["later_renamed"] = ("两新组织", uid[renamed])
        self.planted["later_added"] = ("两新组织", new["uid"].to_numpy())

    def _reattach_leader(self, rng, candidates):
        orgs, table = self.orgs, self.leader_table
        leader = table["leader"].str.strip()
        counts = leader[table["uid"] >= 0].value_counts()
        movable = [name for name in self.leader_names
                   if name not in self.protected_leaders and counts.get(name, 0) >= 2]
        targets = np.flatnonzero(candidates)
        if not movable or len(targets) == 0:
            return
        who = movable[int(rng.integers(0, len(movable)))]
        row = int(np.flatnonzero((leader == who).to_numpy() & (table["uid"] >= 0).to_numpy())[0])
        old_uid = int(table.at[row, "uid"])
        new_row = int(rng.choice(targets))
        old_name = orgs.loc[orgs["uid"] == old_uid, "name"].iloc[0]
        table.loc[row, ["uid", "name", "code", "street"]] = [
            int(orgs.at[new_row, "uid"]), orgs.at[new_row, "name"], orgs.at[new_row, "code"],
            STREETS[orgs.at[new_row, "street"]],
        ]
        orgs.at[new_row, "key"] = True
        self.notable["later_reattached"] = (who, old_name, orgs.at[new_row, "name"])
        self.planted["later_reattached"] = ("挂点促建", (row,))

    # -- the workbook ----------------------------------------------------

    def workbook(self):
        sheets = {
            "街道社区": self._geography_sheet(),
            "两新组织": self._organization_sheet(),
            "挂点促建": self._numbered(self.leader_table, "挂点促建",
                                   {"leader": "区领导", "name": "组织名称", "code": "统一社会信用代码",
                                    "street": "挂点街道", "liaison": "联络员", "phone": "联系电话"}),
            "驻街保建": self._numbered(self.department_table, "驻街保建",
                                   {"department": "区直机关", "street": "驻点街道", "contact": "联系组织",
                                    "liaison": "联络员", "phone": "联系电话"}),
            "主管包建": self._numbered(self.supervision_table, "主管包建",
                                   {"unit": "业务主管单位", "name": "组织名称", "code": "统一社会信用代码",
                                    "instructor": "党建工作指导员", "phone": "联系电话"}),
            "党群共建": self.mass_table.rename(columns={
                "mass_org": "群团组织", "name": "组织名称", "code": "统一社会信用代码", "task": "任务",
            })[list(SHEET_COLUMNS["党群共建"])].reset_index(drop=True),
            "责任容量": self.capacity_table.rename(columns={"unit": "单位", "capacity": "容量"}),
        }
        positions = pd.Index(self.orgs["uid"].to_numpy())
        planted = {}
        for key, (sheet, rows) in self.planted.items():
            if sheet == "两新组织":
                rows = positions.get_indexer(np.asarray(rows, dtype=np.int64))
                rows = np.sort(rows[rows >= 0])
            planted[key] = (sheet, tuple(int(r) for r in rows))
        return DemoWorkbook(sheets=sheets, titles=dict(SHEET_TITLES), planted=planted, notable=dict(self.notable))

    @staticmethod
    def _numbered(table, sheet, columns):
        frame = table.rename(columns=columns)
        frame.insert(0, "序号", np.arange(1, len(frame) + 1, dtype=np.int64))
        return frame[list(SHEET_COLUMNS[sheet])].reset_index(drop=True)

    def _geography_sheet(self):
        return pd.DataFrame({
            "街道": _column(_objects(STREETS)[self.comm_street]),
            "社区": _column(self.comm_name),
            "社区责任人": _column(self.comm_owner),
        })

    def _organization_sheet(self):
        orgs = self.orgs
        social = orgs["social"].to_numpy()

        def override(truth, cell):
            cell = orgs[cell].to_numpy(dtype=object)
            written = pd.notna(cell)
            result = np.where(written, cell, truth).astype(object)
            result[written & (cell == "")] = None
            return result

        name = override(orgs["name"].to_numpy(dtype=object), "name_cell")
        street = override(_objects(STREETS)[orgs["street"].to_numpy()], "street_cell")
        community = override(self.comm_name[orgs["community"].to_numpy()], "community_cell")
        employees = override(orgs["employees"].to_numpy().astype(object), "employees_cell")
        status = orgs["status"].to_numpy()
        status_text = _objects(_STATUS_TEXT)[status]
        status_text[(status == _NONE) & orgs["status_blank"].to_numpy()] = None
        above = _yes_no_cells(orgs["above"].to_numpy(), orgs["style_above"].to_numpy())
        above[social] = None
        entity = _yes_no_cells(orgs["entity"].to_numpy(), orgs["style_entity"].to_numpy())
        entity[~social] = None
        union = override(_yes_no_cells(orgs["union"].to_numpy(), orgs["style_union"].to_numpy()), "union_cell")
        key = np.where(orgs["key"].to_numpy(), "是", None).astype(object)
        return pd.DataFrame({
            "组织名称": _column(name),
            "统一社会信用代码": _column(orgs["code"].to_numpy(dtype=object)),
            "组织类型": _column(np.where(social, "社会组织", "非公企业").astype(object)),
            "街道": _column(street),
            "社区": _column(community),
            "从业人员数": _column(employees),
            "党员数": orgs["members"].to_numpy().astype(np.int64),
            "规模以上": _column(above),
            "实体性": _column(entity),
            "党组织状态": _column(status_text),
            "所在党组织": _column(orgs["party_org"].to_numpy(dtype=object)),
            "工会": _column(union),
            "团组织": _column(_yes_no_cells(orgs["league"].to_numpy(), orgs["style_league"].to_numpy())),
            "妇组织": _column(_yes_no_cells(orgs["women"].to_numpy(), orgs["style_women"].to_numpy())),
            "重点难点": _column(key),
            "行业": _column(orgs["industry"].to_numpy(dtype=object)),
        })
