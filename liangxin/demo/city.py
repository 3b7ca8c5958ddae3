"""A synthetic city: several demo districts in one workbook, with a 区 column (INPUT.md).

Each district is :func:`~liangxin.demo.workbook.demo_sheets` drawn with its own seed and share of
the organizations; the first is 龙岗区 as drawn, the others are named after Shenzhen's other
districts, and their organizations, Party organizations and district units are renamed so that
the districts share no organization: ``深圳市X有限公司`` → ``深圳市福田区X有限公司``, ``龙岗区…`` →
``福田区…``, ``区教育局`` → ``福田区教育局``. People (区领导, 指导员, 联络员) keep their names, so
a few share one across districts, as in life. Every district keeps Longgang's street names: a
street name is in every district, which is what keying streets within their district is for.
For the city-size benchmark (``liangxin demo --districts N``).
"""

from pathlib import Path

import numpy as np
import pandas as pd

from liangxin.demo.district import MIN_ORGS
from liangxin.demo.workbook import SHEET_TITLES, DemoWorkbook, demo_sheets

__all__ = ["city_sheets", "write_city_rules", "CITY_DISTRICTS", "CITY_NAME"]

#: The city the demo's districts make up: the scope its rules file names (:func:`write_city_rules`).
CITY_NAME = "深圳市"
#: The districts a city demo draws, in order (Shenzhen's, 龙岗区 first).
CITY_DISTRICTS = ("龙岗区", "福田区", "罗湖区", "南山区", "宝安区", "龙华区", "坪山区", "光明区", "盐田区", "大鹏新区")

#: Columns holding an organization's or Party organization's name, per sheet.
_ORG_NAME_COLUMNS = {"两新组织": ("组织名称", "所在党组织"), "挂点促建": ("组织名称",), "驻街保建": ("联系组织",),
                     "主管包建": ("组织名称",), "党群共建": ("组织名称",)}
#: Columns holding a unit's name, per sheet (a name starting with 区 is the district's).
_UNIT_COLUMNS = {"驻街保建": ("区直机关",), "主管包建": ("业务主管单位",), "党群共建": ("群团组织",), "责任容量": ("单位",)}
#: Sheets that carry the 区 column, and the column it is put after.
_DISTRICT_AFTER = {"街道社区": "社区", "两新组织": "组织类型", "驻街保建": "驻点街道"}


def _org_name(district):
    short = district.removesuffix("区")

    def rename(name):
        if not isinstance(name, str):
            return name
        if "龙岗区" in name:
            return name.replace("龙岗区", district)
        if "龙岗" in name:
            return name.replace("龙岗", short)
        if name.startswith("深圳市"):
            return "深圳市" + district + name[3:]
        return district + name
    return rename


def _unit_name(district):
    def rename(name):
        return district + name[1:] if isinstance(name, str) and name.startswith("区") else name
    return rename


def _district_sheets(sheets, district, first):
    out = {}
    for sheet, frame in sheets.items():
        frame = frame.copy()
        if not first:
            for column, rename in ([(c, _org_name(district)) for c in _ORG_NAME_COLUMNS.get(sheet, ())]
                                   + [(c, _unit_name(district)) for c in _UNIT_COLUMNS.get(sheet, ())]):
                frame[column] = frame[column].map(rename, na_action="ignore").astype(object)
        if sheet in _DISTRICT_AFTER:
            frame.insert(int(frame.columns.get_loc(_DISTRICT_AFTER[sheet])) + 1, "区",
                         np.full(len(frame), district, dtype=object))
        out[sheet] = frame
    return out


def city_sheets(n_orgs: int, seed: int = 0, districts: int = 2) -> DemoWorkbook:
    """A city of `districts` demo districts, `n_orgs` organizations in all, as one workbook.

    Examples
    --------
    >>> city = city_sheets(400, seed=1, districts=2)
    >>> city.sheets["两新组织"]["区"].value_counts().to_dict()
    {'龙岗区': 200, '福田区': 200}
    >>> city.sheets["街道社区"].groupby("区")["街道"].nunique().to_dict()  # Longgang's 11 street names in each
    {'福田区': 11, '龙岗区': 11}
    """
    if not 1 <= districts <= len(CITY_DISTRICTS):
        raise ValueError(f"districts must be between 1 and {len(CITY_DISTRICTS)}, got {districts}")
    shares = np.full(districts, n_orgs // districts) + (np.arange(districts) < n_orgs % districts)
    if shares.min() < MIN_ORGS:
        raise ValueError(f"each district needs at least {MIN_ORGS} organizations: {n_orgs} for {districts}")
    parts = [_district_sheets(demo_sheets(int(share), seed + k).sheets, CITY_DISTRICTS[k], k == 0)
             for k, share in enumerate(shares)]
    sheets = {}
    for name in parts[0]:
        frame = pd.concat([part[name] for part in parts], ignore_index=True)
        if "序号" in frame:
            frame["序号"] = np.arange(1, len(frame) + 1, dtype=np.int64)
        sheets[name] = frame
    return DemoWorkbook(sheets=sheets, titles=dict(SHEET_TITLES))


def write_city_rules(folder) -> Path:
    """Write the rules file a city's ledger is analysed with: its scope named (``district``), every
    other rule the default's. Without it the outputs would name the city after 龙岗区
    (:func:`liangxin.inputs.warn_unnamed_scope`).

    Examples
    --------
    >>> from liangxin.queries.rules import load_rules
    >>> load_rules(write_city_rules(Path("全市"))).district
    '深圳市'
    """
    path = Path(folder) / "全市规则.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# liangxin 规则文件：只写要改的项，其余按默认（liangxin/queries/default_rules.toml）。\n"
                    "# 全市（几个区）一份台账：范围名称写在开头（任何 [小节] 之前），报告总览、通报落款和网络图标题都用它。\n"
                    f'district = "{CITY_NAME}"\n', encoding="utf-8")
    return path
