"""An input folder written from INPUT.md alone, to benchmark liangxin on data it did not make (issue 17).

Nothing here comes from ``liangxin.demo``: other distributions, other names, other cell forms.
No credit codes anywhere (every organization and reference is matched by its name), long
names (深圳市 + street + a unique key + a trade name + a legal form, 20–30 characters), a
street size that follows a Zipf law, about a fifth of the organizations with a gap (an
uncovered code) and a quarter with a broken responsibility chain, 附件 tables with a title row
above the header and a 序号 column, counts written as ``120``, ``120人`` or with full-width digits.
With ``--districts K`` (K ≥ 2) it is a city: the streets are dealt to K districts, 街道社区,
两新组织 and 驻街保建 gain the optional 区 column (2% of the organizations leave it empty, to be
found by their street), and the departments, supervisory units and mass organizations are each
district's own (``福田区民政局…``). The draws of the one-district data are unchanged by it.

Usage::

    .venv/bin/python benchmarks/independent.py --size 1000000 --out benchmarks/.data/independent-1000000
    .venv/bin/python benchmarks/independent.py --size 3000000 --districts 9 --out benchmarks/.data/city-3000000

writes the CSV folder ``sample/`` (UTF-8 with BOM, one file per sheet) and prints its path.
"""

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["write_independent"]

KEY_CHARS = "安邦宝晨诚达鼎东方丰福富港国海浩恒宏华辉佳嘉建金锦京久骏凯康力联隆茂美明鹏祺启瑞润森盛泰天通万维伟文祥协新鑫信星兴旭耀亿益永宇裕源远跃云泽展正志智中众卓"
PLACE_CHARS = "龙岗坪山田湖沙头角溪布吉坂横岭园宝安福永松岗石岩观澜大浪民治清梅林南湾西乡航城新桥燕罗葵涌鹏坑坪地"
TRADE = ["科技", "电子", "精密制造", "物流供应链", "餐饮管理", "建筑工程", "网络信息", "生物医药", "新材料", "文化传媒",
         "智能装备", "商贸", "环保科技", "教育咨询", "家政服务", "汽车销售", "房地产开发", "金融信息服务"]
ENTERPRISE_FORMS = ["有限公司", "股份有限公司", "实业有限公司", "集团有限公司", "有限责任公司", "科技发展有限公司"]
SOCIAL_FORMS = ["协会", "商会", "促进会", "服务中心", "研究会", "基金会", "社会工作服务中心", "民办学校"]
INDUSTRIES = ["制造业", "批发和零售业", "信息传输、软件和信息技术服务业", "建筑业", "交通运输、仓储和邮政业",
              "住宿和餐饮业", "租赁和商务服务业", "教育", "卫生和社会工作", "文化、体育和娱乐业"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏飞建国志刚海燕春梅晓东丹凤雪琴晨阳宇轩子涵思远"
MASS_ORGS = ["区总工会", "团区委", "区妇联", "区科协", "区工商联"]
TASKS = ["建会", "建团", "建妇", "找党员", "推优", "培育入党积极分子"]
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _keys(rng, n, alphabet=KEY_CHARS, length=4):
    """`n` distinct strings of `length` characters of `alphabet`, in random order."""
    codes = rng.permutation(len(alphabet) ** length)[:n] if len(alphabet) ** length <= 50_000_000 else \
        rng.choice(len(alphabet) ** length, n, replace=False)
    chars = np.array(list(alphabet), dtype=object)
    out = np.full(n, "", dtype=object)
    for _ in range(length):
        out = out + chars[codes % len(alphabet)]
        codes //= len(alphabet)
    return out


def _people(rng, n):
    """`n` distinct person names (surname and one or two given characters)."""
    given = np.array(list(GIVEN), dtype=object)
    pool = np.concatenate([np.array([s + g for s in SURNAMES for g in GIVEN], dtype=object),
                           np.array([s + g + h for s in SURNAMES for g in given[:40] for h in given[20:]], dtype=object)])
    if n > len(pool):
        pool = np.concatenate([pool, np.array([f"{p}{i}" for i, p in enumerate(rng.choice(pool, n - len(pool)))],
                                              dtype=object)])
    return rng.choice(pool, n, replace=False)


def _count_cells(rng, values):
    """Counts as analysts type them: mostly digits, some with 人, some in full-width digits."""
    text = values.astype(str).astype(object)
    style = rng.random(len(values))
    with_unit = style < 0.06
    text[with_unit] = text[with_unit] + "人"
    wide = (style >= 0.06) & (style < 0.07)
    text[wide] = [t.translate(FULL_WIDTH) for t in text[wide]]
    return text


def _geography(rng, n):
    n_streets = max(6, int(round(np.sqrt(n) / 7)))
    stems = _keys(rng, n_streets, PLACE_CHARS, 2)
    streets = stems + "街道"
    per_street = rng.integers(5, 30, n_streets)
    street_of = np.repeat(np.arange(n_streets), per_street)
    community = _keys(rng, len(street_of), KEY_CHARS + PLACE_CHARS, 2) + "社区"
    owner = _people(rng, len(street_of))
    owner[rng.random(len(owner)) < 0.08] = ""       # a community with nobody answering: a chain break
    geography = pd.DataFrame({"街道": streets[street_of], "社区": community, "社区责任人": owner})
    return geography, stems, street_of


def _organizations(rng, n, geography, stems, street_of):
    n_streets = len(stems)
    weight = 1 / np.arange(1, n_streets + 1) ** 0.8          # a few large streets, a long tail of small ones
    street = rng.choice(n_streets, n, p=weight / weight.sum())
    first = np.searchsorted(street_of, np.arange(n_streets))
    sizes = np.bincount(street_of, minlength=n_streets)
    row = first[street] + (rng.random(n) * sizes[street]).astype(np.int64)
    social = rng.random(n) < 0.28
    form = np.where(social, np.array(SOCIAL_FORMS, dtype=object)[rng.integers(0, len(SOCIAL_FORMS), n)],
                    np.array(ENTERPRISE_FORMS, dtype=object)[rng.integers(0, len(ENTERPRISE_FORMS), n)])
    trade = np.array(TRADE, dtype=object)[rng.integers(0, len(TRADE), n)]
    name = "深圳市" + stems[street] + _keys(rng, n) + trade + form
    employees = np.minimum(np.round(rng.lognormal(2.6, 1.25, n)), 20_000).astype(np.int64)
    members = rng.poisson(np.where(rng.random(n) < 0.41, employees * 0.035, 0.0))
    draw = rng.random(n)
    status = np.where(members >= 3, np.where(draw < 0.62, "单独组建", np.where(draw < 0.9, "联合组建", "未组建")),
                      np.where(members >= 1, np.where(draw < 0.55, "联合组建", "未组建"),
                               np.where(draw < 0.22, "联合组建", "未组建"))).astype(object)
    organized = status != "未组建"
    street_cell = geography["街道"].to_numpy(dtype=object)[row].copy()
    community_cell = geography["社区"].to_numpy(dtype=object)[row].copy()
    party_org = np.where(status == "单独组建", name + "党支部",
                         np.where(status == "联合组建", community_cell + "两新组织联合党支部", "")).astype(object)
    breaks = rng.random(n)
    community_cell[breaks < 0.02] = ""                                    # 未落社区
    street_cell[(breaks >= 0.02) & (breaks < 0.03)] = ""                  # 街道不存在
    unknown = (breaks >= 0.03) & (breaks < 0.04)
    community_cell[unknown] = "新建" + community_cell[unknown]            # 社区不存在
    elsewhere = (breaks >= 0.04) & (breaks < 0.055)                       # 街道社区不符
    community_cell[elsewhere] = geography["社区"].to_numpy(dtype=object)[rng.integers(0, len(geography), elsewhere.sum())]
    short = rng.random(n) < 0.3                                           # 平湖 ≡ 平湖街道
    street_cell[short & (street_cell != "")] = [s[:-2] for s in street_cell[short & (street_cell != "")]]
    yes = np.array(["否", "是"], dtype=object)
    mass = organized & (rng.random(n) < 0.85)
    frame = pd.DataFrame({
        "序号": np.arange(1, n + 1), "组织名称": name,
        "组织类型": np.where(social, "社会组织", np.where(rng.random(n) < 0.2, "企业", "非公企业")),
        "街道": street_cell, "社区": community_cell,
        "从业人员数": _count_cells(rng, employees), "党员数": _count_cells(rng, members),
        "规模以上": np.where(social, "", yes[(~social & (rng.random(n) < 0.07)).astype(int)]),
        "实体性": np.where(social, yes[(rng.random(n) < 0.55).astype(int)], ""),
        "党组织状态": status, "所在党组织": party_org,
        "工会": yes[(mass & (rng.random(n) < 0.8) | (~social & (employees >= 100) & (rng.random(n) < 0.85))).astype(int)],
        "团组织": yes[(mass & (rng.random(n) < 0.4)).astype(int)],
        "妇组织": yes[(mass & (rng.random(n) < 0.4)).astype(int)],
        "重点难点": yes[(rng.random(n) < 0.025).astype(int)],
        "行业": np.array(INDUSTRIES, dtype=object)[rng.integers(0, len(INDUSTRIES), n)],
    })
    return frame, street, social


def _title(frame, title):
    """A CSV with the 附件 title row above its header, as the real tables have."""
    header = pd.DataFrame([list(frame.columns)], columns=frame.columns)
    top = pd.DataFrame([[title] + [""] * (len(frame.columns) - 1)], columns=frame.columns)
    return pd.concat([top, header, frame.astype(object)], ignore_index=True)


def _references(rng, orgs, street, social, stems):
    n = len(orgs)
    names = orgs["组织名称"].to_numpy(dtype=object)
    key = np.flatnonzero(orgs["重点难点"].to_numpy() == "是")
    attached = key[rng.random(len(key)) < 0.6]
    extra = rng.choice(n, max(1, n // 400), replace=False)              # leaders also take ordinary ones
    points = np.concatenate([attached, extra])
    leaders = _people(rng, max(8, n // 2500))
    leader_points = pd.DataFrame({"序号": np.arange(1, len(points) + 1),
                                  "区领导": leaders[rng.integers(0, len(leaders), len(points))],
                                  "组织名称": names[points], "挂点街道": stems[street[points]] + "街道"})
    n_departments = max(10, len(stems) * 2)
    departments = np.array([f"区{t}局第{i + 1}工作组" for i, t in
                            enumerate(np.array(["发展改革", "教育", "科技创新", "工业和信息化", "民政", "司法",
                                                "财政", "人力资源", "住房建设", "交通运输", "水务", "商务",
                                                "文化广电旅游体育", "卫生健康", "应急管理", "市场监管"])
                                      [rng.integers(0, 16, n_departments)])], dtype=object)
    # 7% of the streets without a department (街道无驻点机关), none of the tenth largest: one large
    # street left without would decide the share of chain breaks on its own
    unstationed = rng.random(len(stems)) >= 0.93
    unstationed[: max(1, len(stems) // 10)] = False
    stationed_streets = np.flatnonzero(~unstationed)
    station_dept = rng.integers(0, n_departments, len(stationed_streets) * 2)
    stations = pd.DataFrame({"区直机关": departments[station_dept],
                             "驻点街道": np.repeat(stems[stationed_streets] + "街道", 2), "联系组织": ""})
    station_of = {}                                                     # a street → one department stationed there
    for department, street_name in zip(stations["区直机关"], stations["驻点街道"]):
        station_of.setdefault(street_name, department)
    contacted = rng.choice(n, max(1, n // 25), replace=False)          # departments contacting organizations directly
    org_street = stems[street[contacted]] + "街道"
    kept = np.array([s in station_of for s in org_street], dtype=bool)
    contacts = pd.DataFrame({"区直机关": [station_of[s] for s in org_street[kept]], "驻点街道": org_street[kept],
                             "联系组织": names[contacted[kept]]})
    stationing = pd.concat([stations, contacts], ignore_index=True).drop_duplicates(["区直机关", "驻点街道", "联系组织"])
    social_rows = np.flatnonzero(social)
    supervised = social_rows[rng.random(len(social_rows)) < 0.66]       # the rest: 无业务主管单位
    units = np.array([f"区{t}（第{i + 1}片区）" for i, t in enumerate(
        np.array(["民政局", "教育局", "文化广电旅游体育局", "卫生健康委", "科技创新局", "工商联"])
        [rng.integers(0, 6, max(6, n // 4000))])], dtype=object)
    instructors = _people(rng, max(6, n // 600))
    unit_of = rng.integers(0, len(units), len(supervised))
    instructor = np.where(rng.random(len(supervised)) < 0.65,
                          instructors[(unit_of * 7 + rng.integers(0, 7, len(supervised))) % len(instructors)], "")
    supervision = pd.DataFrame({"序号": np.arange(1, len(supervised) + 1), "业务主管单位": units[unit_of],
                                "组织名称": names[supervised], "党建工作指导员": instructor})
    tasked = rng.choice(n, max(1, n // 40), replace=False)
    mass = pd.DataFrame({"群团组织": np.array(MASS_ORGS, dtype=object)[rng.integers(0, len(MASS_ORGS), len(tasked))],
                         "组织名称": names[tasked],
                         "任务": np.array(TASKS, dtype=object)[rng.integers(0, len(TASKS), len(tasked))]})
    return leader_points, stationing, supervision, mass


def _districts(seed, n_districts, geography, orgs, street, stems, stationing, supervision, mass):
    """Deal the streets to `n_districts` districts (a city): 区 columns, and each district's own units.

    A separate random stream, so the tables of one district are the same with or without a city.
    """
    rng = np.random.default_rng(seed + 20_191_001)
    names = _keys(rng, n_districts, PLACE_CHARS, 2) + "区"
    of_stem = dict(zip(stems + "街道", names[rng.permutation(len(stems)) % n_districts]))
    geography.insert(0, "区", geography["街道"].map(of_stem))
    district = np.array([of_stem[s + "街道"] for s in stems], dtype=object)[street]
    orgs.insert(3, "区", np.where(rng.random(len(orgs)) < 0.02, "", district))
    # a district's own bureaus: 区民政局 of 福田区 is 福田区民政局
    stationing["区直机关"] = stationing["驻点街道"].map(of_stem) + stationing["区直机关"].str[1:]
    stationing.insert(0, "区", stationing["驻点街道"].map(of_stem))
    district_of = dict(zip(orgs["组织名称"], district))
    for table, column in ((supervision, "业务主管单位"), (mass, "群团组织")):
        table[column] = table["组织名称"].map(district_of) + table[column].str[1:]


def write_independent(out_dir, n_orgs, seed=0, districts=1):
    """Write the CSV folder ``sample/`` of `n_orgs` organizations into `out_dir` and return its path.

    With `districts` ≥ 2 the folder is a city of that many districts (see the module's text).
    """
    rng = np.random.default_rng(seed + 20_190_415)
    folder = Path(out_dir) / "sample"
    folder.mkdir(parents=True, exist_ok=True)
    geography, stems, street_of = _geography(rng, n_orgs)
    orgs, street, social = _organizations(rng, n_orgs, geography, stems, street_of)
    leader_points, stationing, supervision, mass = _references(rng, orgs, street, social, stems)
    if districts >= 2:
        _districts(seed, districts, geography, orgs, street, stems, stationing, supervision, mass)
    tables = {"街道社区": geography, "两新组织": orgs,
              "挂点促建": _title(leader_points, "附件1 区领导挂点促建联系安排表"),
              "驻街保建": stationing,
              "主管包建": _title(supervision, "附件3 业务主管单位包建责任表"), "党群共建": mass}
    for sheet, frame in tables.items():
        header = sheet not in ("挂点促建", "主管包建")
        frame.to_csv(folder / f"{sheet}.csv", index=False, header=header, encoding="utf-8-sig")
    return folder


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--districts", type=int, default=1, help="a city of this many districts (区 columns)")
    args = parser.parse_args()
    print(write_independent(args.out, args.size, args.seed, args.districts))


if __name__ == "__main__":
    main()
