"""Build each validated table of :class:`~liangxin.tables.Tables` from its checked sheet.

A table's columns are declared once, in :data:`liangxin.tables.TABLE_COLUMNS`; :func:`_table`
fills each column a builder does not derive (a key, an ``org_id``, a display name) from the
sheet column whose English alias it is, read by the parser that column declares. Builders parse
the columns with checks first, in the order a row's first problem is found, then add the rules
across columns (duplicates, references, 所在党组织 against 党组织状态).
"""

import numpy as np
import pandas as pd

from liangxin.factorize import equal_to, equal_to_each
from liangxin.hashed import duplicated
from liangxin.loaders.districts import key_geography, with_district
from liangxin.loaders.problems import say
from liangxin.loaders.references import OrgIndex, first_per_key, units
from liangxin.loaders.rows import Sheet, SubSheet
from liangxin.tables import TABLE_COLUMNS
from liangxin.text import name_key

__all__ = ["load_geography", "load_organizations", "load_leader_points", "load_stations", "load_supervision",
           "load_mass_org_tasks", "load_capacities", "empty_table"]

#: 两新组织's columns in the order they are checked: a row is rejected with its first problem,
#: and warned about only while no earlier check rejected it.
_ORGANIZATION_CHECKS = ("组织名称", "组织类型", "从业人员数", "党员数", "规模以上", "实体性", "工会", "团组织",
                        "妇组织", "重点难点", "党组织状态", "统一社会信用代码")

#: The display columns re-derived over loaded rows, with their keys.
_DISPLAY = (("leader", "leader_key"), ("department", "department_key"), ("supervisory_unit", "unit_key"),
            ("mass_org", "mass_org_key"), ("unit", "unit_key"))


def empty_table(name: str) -> pd.DataFrame:
    """The table `name` with no rows (for a sheet not given).

    Examples
    --------
    >>> list(empty_table("capacities"))
    ['unit', 'unit_key', 'capacity', 'row']
    """
    return pd.DataFrame({c: pd.Series(dtype=object) for c in TABLE_COLUMNS[name]})


def _table(name, sheet, **derived):
    """The table `name` of `sheet`'s rows: `derived` columns, the others parsed by their alias,
    then the sheet's extra columns (all rows; see :func:`_loaded`)."""
    # copy=False: one block per column, not every text column copied into one 2-D block; each
    # caller keeps only the loaded rows, which copies them anyway (a boolean selection copies under
    # pandas 2.2 as under 3), and nothing writes into the table before: the parsed arrays it shares
    # are never changed through it, with copy-on-write or without.
    table = pd.DataFrame({column: _text_as_object(derived[column] if column in derived
                                                  else sheet.rows if column == "row" else sheet.parse_alias(column),
                                                  sheet.frame.index)
                          for column in TABLE_COLUMNS[name]}, copy=False)
    return _add_extras(table, sheet)


def _text_as_object(values, index):
    """A NumPy array of text as an object column on `index` with None for empty, as :func:`_as_object` of
    :mod:`~liangxin.loaders.validate` leaves every table: pandas 3 would otherwise build its
    Arrow ``str`` column from it, only for that to be converted back. Other values as they are."""
    if not isinstance(values, np.ndarray) or values.dtype != object or pd.api.types.infer_dtype(
            values, skipna=True) != "string":
        return values
    values = pd.Series(values, index=index, dtype=object)
    return values.where(values.notna(), None)


def _add_extras(table, sheet):
    """Keep the sheet's extra columns as attributes, never clobbering a column of ours.

    All at once: inserting them one by one rebuilt the table's columns each time, quadratic in a
    sheet filled far to the right (issue 19: 2,000 extra columns took 28 s).
    """
    if not len(sheet.extras):
        return table
    taken, names = set(table.columns), []
    for extra in sheet.extras:
        name = extra
        while name in taken:
            name += "_"
        taken.add(name)
        names.append(name)
    extras = pd.DataFrame({name: sheet.frame[extra].to_numpy(dtype=object) for name, extra in zip(names, sheet.extras)},
                          index=table.index, dtype=object)
    return pd.concat([table, extras], axis=1)


def _loaded(table, sheet):
    """The loaded rows of `table`, display names re-derived over them only."""
    table = table[sheet.loaded()].reset_index(drop=True)
    for column, key in _DISPLAY:
        if column in table and key in table and len(table):
            table[column] = pd.Series(first_per_key(table[column], table[key]).to_numpy(), index=table.index,
                                      dtype=object)
    return table


def load_geography(sheet: Sheet) -> pd.DataFrame:
    street, community = sheet.parse("街道"), sheet.parse("社区")
    street, district, names = key_geography(sheet, street)  # keyed within its district (a city)
    sheet.duplicates(street + "\x00" + community, "（街道，社区）", "街道")
    table = with_district(_table("geography", sheet, street=street), district, names)
    return table[sheet.loaded()].reset_index(drop=True)


#: 两新组织's columns compared between two rows of one organization: a difference where both rows
#: fill the column is a conflict (``CONFLICTING_DUPLICATE``), not a plain repeat.
_COMPARED = ("组织类型", "街道", "社区", "从业人员数", "党员数", "规模以上", "实体性", "党组织状态",
             "所在党组织", "工会", "团组织", "妇组织", "重点难点")


def load_organizations(sheet: Sheet, streets=None) -> pd.DataFrame:
    parsed = {column: sheet.parse(column) for column in _ORGANIZATION_CHECKS}
    name, code, status = parsed["组织名称"], parsed["统一社会信用代码"], parsed["党组织状态"]
    party_org = _party_org(sheet, status)
    # Duplicates: the same valid code, or the same normalized name where either row has no valid code.
    keys = name_key(name)
    compare = _figures(sheet, status, party_org)
    has_code, has_key = code.notna().to_numpy(), keys.notna().to_numpy()
    sheet.duplicates(code.where(has_code, None), "统一社会信用代码", "统一社会信用代码", compare)
    _reject_name_duplicates(sheet, keys, has_key, has_code, compare)
    # An organization is identified by its valid code, else by its name: a name written like
    # another row's code would make the two one organization.
    org_id = code.where(has_code, name).astype(object)
    sheet.duplicates(_ids_left_to_compare(org_id, has_code, ~has_key),
                     "组织标识（有效的统一社会信用代码，没有时为组织名称）", "组织名称", compare)
    party_org_key = name_key(party_org)
    status = _settle_formed(sheet, status, party_org_key)
    street, district = streets.key(sheet, sheet.parse("街道"), "街道") if hasattr(streets, "key") else (
        sheet.parse("街道"), None)
    table = _table("organizations", sheet, org_id=org_id, name_key=keys, status=status, party_org=party_org,
                   party_org_key=party_org_key, street=street)
    return with_district(table, district)[sheet.loaded()].reset_index(drop=True)


def _ids_left_to_compare(org_id, has_code, no_key):
    """`org_id` where it may still repeat another loaded row's after the code and the name checks;
    None elsewhere (:meth:`Sheet.duplicates` passes over None).

    The code check compared every two coded rows, the name check every two rows of one name key
    where either has no code. Left are a name written as another row's code (the code's row and
    the name's) and names without a key (only blanks): comparing every id again cost a pass over
    a million ids that finds nothing on data with no code clash (0.15 s).

    Examples
    --------
    >>> ids = pd.Series(["91440300MA5DA0001P", "91440300MA5DA0001P", "甲公司", "乙公司"], dtype=object)
    >>> _ids_left_to_compare(ids, np.array([True, False, False, True]),
    ...                      np.array([False, False, False, False])).tolist()
    ['91440300MA5DA0001P', '91440300MA5DA0001P', None, None]
    """
    values = org_id.to_numpy(dtype=object)
    left = ~has_code & no_key
    # Codes are 18 characters; a name of any other length is no code.
    codeless = np.flatnonzero(~has_code & ~no_key)
    code_like = codeless[[isinstance(v, str) and len(v) == 18 for v in values[codeless]]]
    if len(code_like) and has_code.any():
        coded = np.flatnonzero(has_code)
        clash = pd.Index(values[coded], dtype=object).isin(values[code_like])
        left[coded[clash]] = True
        left[code_like[pd.Index(values[code_like], dtype=object).isin(values[coded[clash]])]] = True
    return pd.Series(np.where(left, values, None), index=org_id.index, dtype=object)


def _figures(sheet, status, party_org):
    """What two rows of one organization are compared on, as :meth:`Sheet.reject_repeats` asks:
    a function of row positions giving column → (value, cell as written) there, the value None
    where the cell is empty (an empty cell says nothing, so it conflicts with nothing)."""
    own = {"党组织状态": status.where(~equal_to(status, "formed"), None), "所在党组织": party_org}

    def at(positions):
        figures = {}
        for column in _COMPARED:
            raw = sheet.text(column).to_numpy()[positions]
            values = np.asarray(own[column] if column in own else sheet.parse(column), dtype=object)[positions]
            if column == "所在党组织":
                values = name_key(pd.Series(values, dtype=object)).to_numpy()
            figures[column] = (np.where(pd.isna(raw), None, values), raw)
        return figures
    return at


def _settle_formed(sheet, status, branch):
    """党组织状态 已组建 (kind not said): 单独组建 when no other loaded organization names its 所在党组织
    (`branch`: its name key), else 联合组建; each with a warning."""
    formed = equal_to(status, "formed") & sheet.loaded()
    if not formed.any():
        return status
    named = branch[sheet.loaded()].value_counts()
    shared = (branch.map(named).fillna(0) > 1).to_numpy()
    sheet.problems.warn(formed, "党组织状态", "STATUS_KIND_INFERRED", say("党组织状态", sheet.text("党组织状态"), np.where(
        shared, "未说明组建方式，所在党组织还有其他组织填写，按联合组建处理",
        "未说明组建方式，所在党组织没有其他组织填写，按单独组建处理")))
    settled = status.to_numpy(dtype=object).copy()
    settled[formed] = np.where(shared, "joint", "standalone")[formed]
    return pd.Series(settled, index=status.index, dtype=object)


def _party_org(sheet, status):
    """所在党组织, checked against 党组织状态: a name beside 未组建 is dropped."""
    party_org = sheet.parse("所在党组织")
    unorganized, joint = equal_to_each(status, ["none", "joint"])
    named_but_none = party_org.notna().to_numpy() & unorganized
    sheet.problems.warn(named_but_none, "所在党组织", "PARTY_ORG_NOT_BUILT",
                        say("党组织状态为未组建，但填写了所在党组织", party_org, "，以状态为准"))
    sheet.problems.warn(party_org.isna().to_numpy() & joint, "所在党组织",
                        "JOINT_WITHOUT_PARTY_ORG", "党组织状态为联合组建，但未填写所在党组织名称")
    return party_org.where(~named_but_none, None)


def _reject_name_duplicates(sheet, keys, has_key, has_code, compare):
    """Reject a row whose name an earlier loaded row shares, where either lacks a valid code.

    Only names that occur more than once are walked in Python; that is a handful of rows.
    """
    alive = sheet.loaded() & has_key
    alive_keys = keys[alive]
    repeated = set(alive_keys[duplicated(alive_keys.to_numpy(), keep=False)])
    if not repeated:
        return
    candidates = np.flatnonzero(alive & keys.isin(repeated).to_numpy())
    kept = {}  # name key -> list of (position, has_code) loaded so far
    repeats, firsts = [], []
    for position in candidates:
        key = keys.iat[position]
        for first, first_has_code in kept.get(key, []):
            if not (first_has_code and has_code[position]):
                repeats.append(position)
                firsts.append(first)
                break
        else:
            kept.setdefault(key, []).append((position, has_code[position]))
    sheet.reject_repeats(np.array(repeats, dtype=np.int64), np.array(firsts, dtype=np.int64), "组织名称", "组织名称",
                         compare, suffix="（无有效统一社会信用代码时按名称识别）")


def _org_reference(sheet, index, **asked):
    return index.match(sheet, sheet.parse("组织名称"), sheet.parse("统一社会信用代码"), **asked)


def load_leader_points(sheet: Sheet, index: OrgIndex, streets: set) -> pd.DataFrame:
    display, key = units(sheet.parse("区领导"))
    org_id, org_district = _org_reference(sheet, index, with_district=True)
    if hasattr(streets, "key"):
        street, _ = streets.key(sheet, sheet.parse("挂点街道"), "挂点街道", org_district)
    else:
        street = sheet.parse("挂点街道")
    unknown = street.notna().to_numpy() & ~street.isin(streets).to_numpy()
    sheet.problems.warn(unknown, "挂点街道", "UNKNOWN_STREET",
                        say("挂点街道", sheet.text("挂点街道"), "不在“街道社区”表中（仅作参考，不影响挂点关系）"))
    sheet.duplicates(key + "\x00" + pd.Series(org_id, dtype=object), "（区领导，组织）")
    return _loaded(_table("leader_points", sheet, leader=display, leader_key=key, org_id=org_id, street=street),
                   sheet)


def load_stations(sheet: Sheet, index: OrgIndex, streets: set) -> tuple:
    """``(department_stations, department_contacts)`` of 驻街保建."""
    display, key = units(sheet.parse("区直机关"))
    # a station in a district 街道社区 lacks is rejected for that, not for its street (UNKNOWN_DISTRICT)
    street, district = streets.key(sheet, sheet.parse("驻点街道"), "驻点街道", reject_unknown=True) if hasattr(streets, "key") else (
        sheet.parse("驻点街道"), None)
    sheet.problems.reject(street.notna().to_numpy() & ~street.isin(streets).to_numpy(), "驻点街道", "UNKNOWN_STREET",
                          say("驻点街道", sheet.text("驻点街道"), "不在“街道社区”表中"))
    contact = sheet.parse("联系组织")
    has_contact = contact.notna().to_numpy()
    org_id = np.full(len(contact), None, dtype=object)
    if has_contact.any():
        sub = SubSheet(sheet, has_contact)
        org_id[has_contact] = index.match(sub, contact[has_contact], contact[has_contact],
                                          column_name="联系组织", column_code="联系组织",
                                          warn_code_fallback=False)
        sub.commit()
    sheet.duplicates(key + "\x00" + street.fillna("") + "\x00" + pd.Series(org_id, dtype=object).fillna(""),
                     "（区直机关，驻点街道，联系组织）")
    if district is not None:  # several districts: a 区教育局 in two of them is worth a word
        streets.warn_shared_units(sheet, display, key, district, "区直机关")
    stations = pd.DataFrame({"department": display, "department_key": key, "street": street,
                             "org_id": _text_as_object(org_id, sheet.frame.index)})
    stations = _add_extras(stations, sheet)
    stations = _loaded(stations, sheet)
    department_stations = (stations[list(TABLE_COLUMNS["department_stations"])]
                           .drop_duplicates(["department_key", "street"]).reset_index(drop=True))
    department_contacts = (stations[stations["org_id"].notna()][list(TABLE_COLUMNS["department_contacts"])]
                           .drop_duplicates(["department_key", "org_id"]).reset_index(drop=True))
    return department_stations, department_contacts


def load_supervision(sheet: Sheet, index: OrgIndex) -> pd.DataFrame:
    display, key = units(sheet.parse("业务主管单位"))
    org_id, kind = _org_reference(sheet, index, with_kind=True)
    names = sheet.text("组织名称").fillna(sheet.text("统一社会信用代码"))
    sheet.problems.reject(kind == "enterprise", "组织名称", "NOT_A_SOCIAL_ORG",
                          say("组织", names, "是非公企业，主管包建只对应社会组织"))
    instructor = sheet.parse("党建工作指导员")
    sheet.duplicates(key + "\x00" + pd.Series(org_id, dtype=object), "（业务主管单位，组织）")
    table = _loaded(_table("supervision", sheet, supervisory_unit=display, unit_key=key, org_id=org_id,
                           instructor_key=name_key(instructor)), sheet)
    if len(table):
        pair = table["unit_key"] + "\x00" + table["instructor_key"]
        table["instructor"] = pd.Series(first_per_key(table["instructor"], pair).to_numpy(), index=table.index,
                                        dtype=object)
    return table


def load_mass_org_tasks(sheet: Sheet, index: OrgIndex) -> pd.DataFrame:
    display, key = units(sheet.parse("群团组织"))
    org_id = _org_reference(sheet, index)
    task = sheet.parse("任务")
    sheet.duplicates(key + "\x00" + pd.Series(org_id, dtype=object) + "\x00" + name_key(task).fillna(""),
                     "（群团组织，组织，任务）")
    return _loaded(_table("mass_org_tasks", sheet, mass_org=display, mass_org_key=key, org_id=org_id), sheet)


def load_capacities(sheet: Sheet, known_units: set) -> pd.DataFrame:
    unit = sheet.parse("单位")
    sheet.parse("容量")
    display, key = units(unit)
    sheet.problems.reject(key.notna().to_numpy() & ~key.isin(known_units).to_numpy(), "单位", "UNKNOWN_UNIT",
                          say("单位", unit, "不是任何区领导、区直机关、业务主管单位或指导员"))
    sheet.duplicates(key, "单位")
    return _loaded(_table("capacities", sheet, unit=display, unit_key=key), sheet)
