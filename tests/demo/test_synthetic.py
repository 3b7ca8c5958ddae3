"""The synthetic Longgang workbook of ``liangxin demo``: contract, realism, planted problems.

Every check reads the raw cells, as an analyst's workbook would hold them; the
small parsers below are deliberately independent of the loaders.
"""

import time
import unicodedata

import numpy as np
import pandas as pd
import pytest

from liangxin.loaders.credit_code import is_valid_credit_code, valid_credit_code_mask
from liangxin.demo import DemoWorkbook, demo_sheets

SHEET_COLUMNS = {
    "街道社区": ["街道", "社区", "社区责任人"],
    "两新组织": ["组织名称", "统一社会信用代码", "组织类型", "街道", "社区", "从业人员数", "党员数", "规模以上",
             "实体性", "党组织状态", "所在党组织", "工会", "团组织", "妇组织", "重点难点", "行业"],
    "挂点促建": ["序号", "区领导", "组织名称", "统一社会信用代码", "挂点街道", "联络员", "联系电话"],
    "驻街保建": ["序号", "区直机关", "驻点街道", "联系组织", "联络员", "联系电话"],
    "主管包建": ["序号", "业务主管单位", "组织名称", "统一社会信用代码", "党建工作指导员", "联系电话"],
    "党群共建": ["群团组织", "组织名称", "统一社会信用代码", "任务"],
    "责任容量": ["单位", "容量"],
}
STREETS = ["平湖街道", "布吉街道", "吉华街道", "坂田街道", "南湾街道", "横岗街道", "园山街道", "龙城街道",
           "龙岗街道", "宝龙街道", "坪地街道"]
YES = {"是", "有", "y", "yes", "1", "true", "√"}
NO = {"否", "无", "n", "no", "0", "false", "×"}


@pytest.fixture(scope="module")
def workbook():
    return demo_sheets()


@pytest.fixture(scope="module")
def later():
    return demo_sheets(later=True)


# -- small independent parsers of raw cells ---------------------------------------------


def _text(value):
    return None if value is None else "".join(unicodedata.normalize("NFKC", value).split()) or None


def _count(value):
    """The integer an analyst meant, or None when the cell is not a non-negative integer."""
    if isinstance(value, (int, np.integer)):
        return int(value) if value >= 0 else None
    text = _text(value)
    if text and text.endswith("人"):
        text = text[:-1]
    return int(text) if text and text.isdigit() else None


def _yes(value):
    return _text(value) is not None and _text(value).lower() in YES


def _street(value):
    text = _text(value)
    return None if text is None else text if text.endswith("街道") else text + "街道"


def _organizations(workbook):
    """The 两新组织 sheet with parsed columns; rows the loader must reject are flagged."""
    orgs = workbook.sheets["两新组织"].copy()
    orgs["employees"] = [_count(v) for v in orgs["从业人员数"]]
    orgs["members"] = [_count(v) for v in orgs["党员数"]]
    orgs["key_name"] = [_text(v) for v in orgs["组织名称"]]
    orgs["valid_code"] = valid_credit_code_mask(orgs["统一社会信用代码"])
    duplicate = orgs["valid_code"] & orgs["统一社会信用代码"].duplicated()
    orgs["ok"] = orgs["employees"].notna() & orgs["members"].notna() & orgs["key_name"].notna() & ~duplicate
    orgs["enterprise"] = orgs["组织类型"] == "非公企业"
    orgs["street_full"] = [_street(v) for v in orgs["街道"]]
    employees = orgs["employees"].fillna(-1)
    members = orgs["members"].fillna(-1)
    status = orgs["党组织状态"].fillna("未组建")
    organized = status != "未组建"
    mass = orgs["工会"].map(_yes) | orgs["团组织"].map(_yes) | orgs["妇组织"].map(_yes)
    required = (orgs["enterprise"] & ((employees >= 100) | orgs["规模以上"].map(_yes))) | (
        ~orgs["enterprise"] & orgs["实体性"].map(_yes) & (employees >= 30))
    codes = pd.DataFrame({
        "MEMBERS_REQUIRED": orgs["enterprise"] & (employees >= 50) & (members == 0),
        "PARTY_ORG_REQUIRED": required & ~organized,
        "STANDALONE_POSSIBLE": (members >= 3) & (status != "单独组建"),
        "MASS_ORG_MISSING": (organized & ~mass) | (orgs["enterprise"] & (employees >= 100) & ~orgs["工会"].map(_yes)),
        "MASS_ORG_FIRST": required & ~organized & (members < 3) & ~mass,
    })
    codes = codes.apply(lambda code: code & orgs["ok"])
    orgs["open"] = codes["MEMBERS_REQUIRED"] | codes["PARTY_ORG_REQUIRED"]
    return orgs, codes


def _org_positions(orgs, names, codes):
    """Map reference cells (name and/or code) to positions in the organization sheet, -1 if none."""
    by_code = {c: i for i, c in enumerate(orgs["统一社会信用代码"]) if isinstance(c, str) and orgs["ok"].iat[i]}
    by_name = {}
    for i, name in enumerate(orgs["key_name"]):
        if name is not None and orgs["ok"].iat[i]:
            by_name.setdefault(name, i)
    found = []
    for name, code in zip(names, codes):
        if isinstance(code, str) and code in by_code:
            found.append(by_code[code])
        else:
            found.append(by_name.get(_text(name), -1))
    return np.array(found, dtype=np.int64)


# -- the contract -------------------------------------------------------------------------


def test_sheets_and_columns_are_the_canonical_ones(workbook):
    assert isinstance(workbook, DemoWorkbook)
    assert list(workbook.sheets) == list(SHEET_COLUMNS)
    for name, columns in SHEET_COLUMNS.items():
        assert list(workbook.sheets[name].columns) == columns, name


def test_annex_sheets_have_titles_and_serial_numbers(workbook):
    assert workbook.titles == {
        "挂点促建": "附件1 区领导“挂点促建”联系安排表",
        "驻街保建": "附件2 区直机关“驻街保建”联系安排表",
        "主管包建": "附件3 社会组织“主管包建”联系安排表",
    }
    for name in workbook.titles:
        frame = workbook.sheets[name]
        assert frame.columns[0] == "序号"
        assert frame["序号"].tolist() == list(range(1, len(frame) + 1))


def test_cells_are_what_an_analyst_types(workbook, later):
    for book in (workbook, later):
        for name, frame in book.sheets.items():
            assert frame.index.equals(pd.RangeIndex(len(frame))), name
            for column in frame.columns:
                kinds = {type(v) for v in frame[column].tolist()}
                assert kinds <= {str, int, type(None)}, (name, column, kinds)
                assert "" not in set(frame[column].tolist()), (name, column)


def test_same_arguments_give_identical_frames():
    first, again, other = demo_sheets(800, seed=3), demo_sheets(800, seed=3), demo_sheets(800, seed=4)
    for name in SHEET_COLUMNS:
        pd.testing.assert_frame_equal(first.sheets[name], again.sheets[name])
    assert first.planted == again.planted and first.notable == again.notable
    assert not first.sheets["两新组织"].equals(other.sheets["两新组织"])
    later_first, later_again = demo_sheets(800, seed=3, later=True), demo_sheets(800, seed=3, later=True)
    for name in SHEET_COLUMNS:
        pd.testing.assert_frame_equal(later_first.sheets[name], later_again.sheets[name])


def test_too_small_a_district_is_refused():
    with pytest.raises(ValueError):
        demo_sheets(99)


# -- realism ------------------------------------------------------------------------------


def test_the_real_streets_with_about_ten_communities_each(workbook):
    geography = workbook.sheets["街道社区"]
    assert list(dict.fromkeys(geography["街道"])) == STREETS
    per_street = geography.groupby("街道", sort=False)["社区"]
    assert per_street.size().between(8, 12).all()
    assert per_street.apply(lambda names: names.is_unique).all()
    assert geography["社区"].str.endswith("社区").all()
    shared = geography.groupby("社区")["街道"].nunique()
    assert shared[shared > 1].index.tolist() == ["中心社区"]


def test_organizations_look_like_longgang(workbook):
    orgs, _ = _organizations(workbook)
    assert len(orgs) == 5000
    assert 0.80 < orgs["enterprise"].mean() < 0.90
    assert set(orgs["组织类型"]) == {"非公企业", "社会组织"}
    firms = orgs[orgs["enterprise"]]
    employees = firms["employees"].dropna()
    assert (employees < 20).mean() > 0.6
    assert 150 <= (employees >= 100).sum() <= 450  # a few hundred
    assert 1 <= (employees >= 1000).sum() <= 25  # a handful
    assert (orgs["members"] == 0).mean() > 0.5
    big = orgs["employees"].fillna(0) >= 100
    assert orgs.loc[big, "members"].mean() > 3 * orgs.loc[~big, "members"].mean()
    status = orgs["党组织状态"].fillna("未组建")
    assert {"单独组建", "联合组建", "未组建"} == set(status)
    assert (status[big] != "未组建").mean() > (status[~big] != "未组建").mean()
    assert orgs["valid_code"].mean() > 0.85
    assert orgs.loc[orgs["enterprise"], "统一社会信用代码"].dropna().str[:2].eq("91").all()
    assert set(orgs.loc[~orgs["enterprise"], "统一社会信用代码"].dropna().str[:2]) <= {"51", "52", "53"}
    assert orgs["组织名称"].dropna().str.contains("有限公司|协会|商会|幼儿园|中心|学校|俱乐部|艺术团|基金会").all()
    assert {"制造业", "信息技术", "批发零售", "建筑业", "社会服务"} <= set(orgs["行业"])
    assert orgs.loc[~orgs["enterprise"], "实体性"].map(_yes).mean() > 0.6
    assert orgs.loc[orgs["enterprise"], "实体性"].isna().all()
    assert orgs.loc[~orgs["enterprise"], "规模以上"].isna().all()
    yes_no = pd.concat([orgs[c] for c in ["规模以上", "实体性", "工会", "团组织", "妇组织"]]).dropna()
    assert {"是", "否", "有", "无", "Y", "√"} <= set(yes_no)


def test_names_are_unique_after_normalization_except_the_planted_duplicate(workbook):
    orgs, _ = _organizations(workbook)
    names = orgs["key_name"].dropna()
    duplicated = names[names.duplicated(keep=False)]
    original = workbook.planted["duplicate_original"][1]
    copy = workbook.planted["duplicate_row"][1]
    assert sorted(duplicated.index) == sorted(original + copy)


def test_joint_branches_are_shared_within_a_community(workbook):
    orgs, _ = _organizations(workbook)
    joint = orgs[orgs["党组织状态"] == "联合组建"].dropna(subset=["所在党组织"])
    assert joint["所在党组织"].str.endswith("联合党支部").all()
    sizes = joint.groupby("所在党组织").size()
    assert sizes.max() > 2
    assert (joint.groupby("所在党组织")["社区"].nunique() <= 2).all()  # one community (a few written short)


def test_units_scale_like_a_district(workbook):
    leaders = workbook.sheets["挂点促建"]["区领导"].str.strip()
    assert 15 <= leaders.nunique() <= 25
    assert leaders.value_counts().between(2, 10).all()
    departments = workbook.sheets["驻街保建"]["区直机关"]
    assert 30 <= departments.nunique() <= 60
    supervisors = set(workbook.sheets["主管包建"]["业务主管单位"])
    assert {"区民政局", "区教育局", "区卫生健康局"} <= supervisors
    assert {"区民政局", "区教育局"} <= set(departments) & supervisors  # one real unit, two roles
    tasks = workbook.sheets["党群共建"]
    assert {("区总工会", "建会"), ("团区委", "建团"), ("区妇联", "建妇")} <= set(zip(tasks["群团组织"], tasks["任务"]))


def test_exactly_one_street_has_no_department(workbook):
    stations = workbook.sheets["驻街保建"]
    stationed = {_street(s) for s in stations["驻点街道"]}
    assert [s for s in STREETS if s not in stationed] == ["园山街道"]
    assert workbook.notable["no_department_street"] == ("园山街道",)
    per_street = stations.assign(street=stations["驻点街道"].map(_street)).drop_duplicates(["区直机关", "street"])
    counts = per_street[per_street["street"].isin(STREETS)].groupby("street").size()
    assert counts.between(2, 5).all()


# -- planted data problems ----------------------------------------------------------------


def _cells(workbook, key, column):
    sheet, rows = workbook.planted[key]
    assert rows, key
    return workbook.sheets[sheet].iloc[list(rows)][column].tolist()


def test_planted_integer_cells(workbook):
    fullwidth = _cells(workbook, "employees_fullwidth", "从业人员数")
    assert all(isinstance(v, str) and v[0] in "０１２３４５６７８９" for v in fullwidth)
    assert all(_count(v) is not None for v in fullwidth)
    with_unit = _cells(workbook, "employees_with_unit", "从业人员数")
    assert any(v.endswith(" 人") for v in with_unit) and any(v[-2].isdigit() and v.endswith("人") for v in with_unit)
    assert _cells(workbook, "employees_bad_text", "从业人员数") == ["约一百"]
    assert _cells(workbook, "employees_dash", "从业人员数") == ["-"]
    assert all(v < 0 for v in _cells(workbook, "members_negative", "党员数"))


def test_planted_rows_to_reject(workbook):
    orgs = workbook.sheets["两新组织"]
    assert _cells(workbook, "name_empty", "组织名称") == [None]
    original, copy = workbook.planted["duplicate_original"][1], workbook.planted["duplicate_row"][1]
    assert len(original) == len(copy) == 1
    assert orgs.iloc[original[0]].equals(orgs.iloc[copy[0]])
    assert is_valid_credit_code(orgs.iat[original[0], 1])
    assert original[0] < copy[0]  # the second row is the one to reject


def test_planted_invalid_code_on_an_otherwise_fine_row(workbook):
    orgs, _ = _organizations(workbook)
    (row,) = workbook.planted["code_bad_check"][1]
    code = orgs.at[row, "统一社会信用代码"]
    assert len(code) == 18 and not is_valid_credit_code(code)
    assert orgs.at[row, "ok"] and orgs.at[row, "street_full"] in STREETS


def test_planted_place_problems(workbook):
    geography = workbook.sheets["街道社区"]
    communities = set(geography["社区"])
    assert set(_cells(workbook, "street_no_suffix", "街道")) <= {s[:-2] for s in STREETS}
    assert not any(v.endswith("社区") for v in _cells(workbook, "community_no_suffix", "社区"))
    assert _cells(workbook, "community_empty", "社区") == [None]
    assert _cells(workbook, "street_empty", "街道") == [None]
    assert _cells(workbook, "community_unknown", "社区") == ["金沙社区"]
    assert "金沙社区" not in communities
    sheet, (row,) = workbook.planted["community_other_street"]
    street, community = workbook.sheets[sheet].loc[row, ["街道", "社区"]]
    assert community in communities
    assert street not in set(geography.loc[geography["社区"] == community, "街道"])


def test_planted_owner_gaps(workbook):
    geography = workbook.sheets["街道社区"]
    sheet, rows = workbook.planted["owner_empty"]
    assert sheet == "街道社区" and len(rows) >= 2
    assert geography["社区责任人"].isna().sum() == len(rows)
    assert geography.iloc[list(rows)]["社区责任人"].isna().all()
    orphan = set(zip(geography.iloc[list(rows)]["街道"], geography.iloc[list(rows)]["社区"]))
    orgs = workbook.sheets["两新组织"]
    assert any((_street(s), c) in orphan for s, c in zip(orgs["街道"], orgs["社区"]))


def test_planted_warnings(workbook):
    assert _cells(workbook, "joint_without_party_org", "党组织状态") == ["联合组建"]
    assert _cells(workbook, "joint_without_party_org", "所在党组织") == [None]
    assert _cells(workbook, "yes_no_unclear", "工会") == ["不详"]
    padded = _cells(workbook, "name_padded", "组织名称")
    assert all(name != name.strip() for name in padded)
    assert any(name.startswith("\u3000") or name.endswith("\u3000") for name in padded)


def test_planted_reference_problems(workbook):
    orgs, _ = _organizations(workbook)
    names = set(orgs["key_name"].dropna())
    (phantom,) = _cells(workbook, "leader_unknown_organization", "组织名称")
    assert phantom == workbook.notable["phantom_organization"][0] and phantom not in names
    (leader,) = _cells(workbook, "leader_name_padded", "区领导")
    assert leader != leader.strip()
    (enterprise,) = _cells(workbook, "supervision_of_enterprise", "组织名称")
    assert orgs.loc[orgs["key_name"] == _text(enterprise), "组织类型"].tolist() == ["非公企业"]
    assert _cells(workbook, "station_street_unknown", "驻点街道") == ["葵涌街道"]
    assert set(_cells(workbook, "station_street_no_suffix", "驻点街道")) <= {s[:-2] for s in STREETS}
    (bad_code,) = _cells(workbook, "mass_reference_bad_code", "统一社会信用代码")
    assert not is_valid_credit_code(bad_code)
    assert bad_code == orgs.at[workbook.planted["code_bad_check"][1][0], "统一社会信用代码"]
    (half,) = _cells(workbook, "mass_reference_halfwidth_brackets", "组织名称")
    assert "(" in half and half not in set(orgs["组织名称"]) and _text(half) in names


# -- every query of RULES.md finds something ----------------------------------------------


def test_every_uncovered_code_is_present(workbook):
    _, codes = _organizations(workbook)
    assert codes.sum().min() > 0, codes.sum()
    for key, code in [("members_required", "MEMBERS_REQUIRED"), ("party_org_required", "PARTY_ORG_REQUIRED"),
                      ("standalone_possible", "STANDALONE_POSSIBLE"), ("mass_org_missing", "MASS_ORG_MISSING"),
                      ("mass_org_first", "MASS_ORG_FIRST")]:
        assert codes[code].iloc[list(workbook.planted[key][1])].all(), key


def _named_in_any_table(workbook, orgs):
    named = np.zeros(len(orgs), dtype=bool)
    for sheet in ("挂点促建", "主管包建", "党群共建"):
        table = workbook.sheets[sheet]
        found = _org_positions(orgs, table["组织名称"], table["统一社会信用代码"])
        named[found[found >= 0]] = True
    contacts = workbook.sheets["驻街保建"]["联系组织"]
    found = _org_positions(orgs, contacts, contacts)
    named[found[found >= 0]] = True
    return named


def test_no_responsible_unit_and_chain_breaks(workbook):
    orgs, _ = _organizations(workbook)
    named = _named_in_any_table(workbook, orgs)
    rows = list(workbook.planted["no_responsible_unit"][1])
    assert orgs.iloc[rows]["open"].all()
    assert (orgs.iloc[rows]["street_full"] == "园山街道").all()
    assert not named[rows].any()
    social = orgs[~orgs["enterprise"] & orgs["ok"]]
    assert (~named[social.index]).any()  # NO_SUPERVISOR
    (row,) = workbook.planted["no_supervisor"][1]
    assert orgs.at[row, "组织类型"] == "社会组织" and not named[row]


def test_the_overloaded_leader_and_the_boundary_leader(workbook):
    orgs, _ = _organizations(workbook)
    points = workbook.sheets["挂点促建"]
    found = _org_positions(orgs, points["组织名称"], points["统一社会信用代码"])
    attached = pd.DataFrame({"leader": points["区领导"].str.strip(), "row": found})
    attached = attached[attached["row"] >= 0].drop_duplicates()
    open_load = attached.assign(open=orgs["open"].to_numpy()[attached["row"]]).groupby("leader")["open"].sum()
    (overloaded,) = workbook.notable["overloaded_leader"]
    assert open_load[overloaded] >= 8
    assert (open_load.drop(overloaded) <= 5).all()  # exactly one leader over the default 5
    (boundary,) = workbook.notable["boundary_leader"]
    capacities = dict(zip(workbook.sheets["责任容量"]["单位"], workbook.sheets["责任容量"]["容量"]))
    assert capacities[boundary] == 3 and open_load[boundary] == 3  # load = capacity: not overloaded
    key = orgs["重点难点"].map(_yes).to_numpy()
    assert key[attached["row"]].all()  # leaders are attached to key organizations


def test_department_loads(workbook):
    orgs, _ = _organizations(workbook)
    stations = workbook.sheets["驻街保建"].assign(street=lambda f: f["驻点街道"].map(_street))
    stations = stations[stations["street"].isin(STREETS)]
    contacts = stations.assign(row=_org_positions(orgs, stations["联系组织"], stations["联系组织"]))
    contacts = contacts[contacts["row"] >= 0].drop_duplicates(["区直机关", "row"])
    is_open = orgs["open"].to_numpy()
    direct = contacts.assign(open=is_open[contacts["row"]]).groupby("区直机关")["open"].sum()
    contacted = np.zeros(len(orgs), dtype=bool)
    contacted[contacts["row"]] = True
    pool = orgs[is_open & ~contacted].groupby("street_full").size()
    pairs = stations.drop_duplicates(["区直机关", "street"])
    share = pairs["street"].map(pool).fillna(0) / pairs["street"].map(pairs["street"].value_counts())
    load = direct.reindex(pairs["区直机关"].unique(), fill_value=0) + share.groupby(pairs["区直机关"]).sum()
    assert load[workbook.notable["overloaded_department"][0]] > 30
    capacity_department = workbook.notable["capacity_department"][0]
    capacities = dict(zip(workbook.sheets["责任容量"]["单位"], workbook.sheets["责任容量"]["容量"]))
    assert capacities[capacity_department] == 30
    assert 20 < load[capacity_department] <= 30  # overloaded only without the override


def test_supervisory_unit_and_instructor_loads(workbook):
    orgs, _ = _organizations(workbook)
    supervision = workbook.sheets["主管包建"]
    rows = _org_positions(orgs, supervision["组织名称"], supervision["统一社会信用代码"])
    social = ~orgs["enterprise"].to_numpy()
    ok = (rows >= 0) & social[np.maximum(rows, 0)]
    table = supervision[ok].assign(row=rows[ok])
    open_load = table.assign(open=orgs["open"].to_numpy()[table["row"]]).groupby("业务主管单位")["open"].sum()
    assert open_load[workbook.notable["overloaded_supervisory_unit"][0]] > 15
    guided = table.dropna(subset=["党建工作指导员"]).groupby(["业务主管单位", "党建工作指导员"]).size()
    name, unit = workbook.notable["overloaded_instructor"]
    assert guided[(unit, name)] > 8
    assert (guided.drop((unit, name)) <= 8).all()
    twin, *units = workbook.notable["twin_instructor"]
    assert all(guided[(u, twin)] <= 8 for u in units) and sum(guided[(u, twin)] for u in units) > 8
    assert supervision["党建工作指导员"].notna().mean() > 0.7


# -- a few weeks later --------------------------------------------------------------------


def test_later_snapshot_keeps_the_district_and_moves_on(workbook, later):
    before, _ = _organizations(workbook)
    after, _ = _organizations(later)
    for name in ("街道社区", "驻街保建", "主管包建", "党群共建", "责任容量"):
        pd.testing.assert_frame_equal(workbook.sheets[name], later.sheets[name])
    removed, added = later.notable["later_removed_codes"], later.planted["later_added"][1]
    assert len(after) == len(before) - len(later.notable["later_removed"]) + len(added)
    assert 3 <= len(added) <= 30 and 2 <= len(later.notable["later_removed"]) <= 30
    old_codes, new_codes = set(before["统一社会信用代码"].dropna()), set(after["统一社会信用代码"].dropna())
    assert not set(removed) & new_codes
    assert set(after.iloc[list(added)]["统一社会信用代码"].dropna()).isdisjoint(old_codes)
    assert old_codes - set(removed) <= new_codes  # everyone else keeps their code

    code, old_name, new_name = later.notable["later_renamed"]
    assert before.loc[before["统一社会信用代码"] == code, "组织名称"].tolist() == [old_name]
    assert after.loc[after["统一社会信用代码"] == code, "组织名称"].tolist() == [new_name]

    def by_code(frame):
        frame = frame[frame["valid_code"] & frame["ok"]]
        return frame.drop_duplicates("统一社会信用代码").set_index("统一社会信用代码")

    old, new = by_code(before), by_code(after)
    common = old.index.intersection(new.index)
    was_open = old.loc[common, "open"]
    formed = was_open & (new.loc[common, "党组织状态"].fillna("未组建") != "未组建") & (
        old.loc[common, "党组织状态"].fillna("未组建") == "未组建")
    assert 0.05 < formed.sum() / was_open.sum() < 0.15
    assert set(new.loc[formed[formed].index, "党组织状态"]) == {"单独组建", "联合组建"}
    changed = (old.loc[common, "employees"] != new.loc[common, "employees"]).sum()
    assert changed > 20

    points_before, points_after = workbook.sheets["挂点促建"], later.sheets["挂点促建"]
    assert len(points_before) == len(points_after)
    moved = (points_before["组织名称"].fillna("") != points_after["组织名称"].fillna("")).to_numpy()
    assert moved.sum() == 1
    leader, old_org, new_org = later.notable["later_reattached"]
    assert points_before.loc[moved, "组织名称"].iloc[0] in (old_org, None)  # None: named by code only
    assert points_after.loc[moved, "区领导"].str.strip().tolist() == [leader]
    assert points_after.loc[moved, "组织名称"].tolist() == [new_org]


def test_planted_rows_follow_the_rows_in_the_later_snapshot(workbook, later):
    for key in ("duplicate_row", "code_bad_check", "community_unknown", "no_responsible_unit"):
        names = workbook.sheets["两新组织"].iloc[list(workbook.planted[key][1])]["组织名称"].tolist()
        assert later.sheets["两新组织"].iloc[list(later.planted[key][1])]["组织名称"].tolist() == names


# -- sizes --------------------------------------------------------------------------------


def test_smallest_district_still_plants_every_problem():
    small = demo_sheets(100, seed=2)
    assert len(small.sheets["两新组织"]) == 100
    _, codes = _organizations(small)
    assert codes.sum().min() > 0
    for key in ("employees_fullwidth", "name_empty", "duplicate_row", "code_bad_check", "community_empty",
                "street_empty", "community_unknown", "community_other_street", "joint_without_party_org",
                "yes_no_unclear", "no_responsible_unit", "leader_unknown_organization",
                "supervision_of_enterprise", "station_street_unknown"):
        assert small.planted[key][1], key
    assert len(demo_sheets(100, seed=2, later=True).sheets["两新组织"]) > 100


def test_a_hundred_thousand_organizations_take_seconds():
    started = time.perf_counter()
    big = demo_sheets(100_000, seed=1)
    elapsed = time.perf_counter() - started
    orgs = big.sheets["两新组织"]
    assert len(orgs) == 100_000
    assert elapsed < 15  # about 1 s
    assert valid_credit_code_mask(orgs["统一社会信用代码"]).mean() > 0.85
    assert len(big.planted["employees_fullwidth"][1]) > len(demo_sheets(5000).planted["employees_fullwidth"][1])
    assert 15 <= big.sheets["挂点促建"]["区领导"].str.strip().nunique() <= 25


def test_planted_department_loads_are_the_analysis_loads():
    """The generator tunes its overloaded departments with the load rule (attribute_loads) on its true
    figures; the analysis of the written workbook finds the same load for every department."""
    from liangxin.demo.workbook import _District
    from liangxin.graph.network import build_network
    from liangxin.queries.analysis import analyze_network
    from tests.conftest import tables_from_rows

    district = _District(2000, np.random.default_rng(3))
    district.build()
    plan = district.department_plan
    planted = district._department_loads(plan.departments, plan.stations["d"], plan.stations["s"],
                                         plan.contact_dept, plan.contact_org)
    sheets = {name: [list(frame.columns)] + frame.astype(object).where(frame.notna(), None).values.tolist()
              for name, frame in district.workbook().sheets.items()}
    loads = analyze_network(build_network(tables_from_rows(sheets))).loads
    found = loads[loads["kind"] == "department"].set_index("unit")["load"]
    assert found.reindex(plan.departments).to_numpy() == pytest.approx(planted)
    assert found[district.notable["overloaded_department"][0]] > 30
