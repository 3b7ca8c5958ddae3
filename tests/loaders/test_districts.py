"""The optional 区 column: districts read as declared, streets keyed within them (liangxin.loaders.districts)."""

import pytest

from tests.conftest import ORG_HEADER, rows_balance, tables_from_rows

CITY_GEO = [["街道", "社区", "区"], ["平湖", "山厦", "龙岗"], ["平湖街道", "山厦社区", "罗湖区"],
            ["东门", "城东", " 罗湖区 "], ["长安镇", "长安社区", "东莞市"], ["西乡", "固戍", None]]


def org_row(name, district, street):
    return [name, None, "非公企业", street, "山厦社区", 10, 0] + [None] * (len(ORG_HEADER) - 7)


def test_district_forms_and_an_empty_district_on_geography():
    header = ORG_HEADER[:5] + ["区"] + ORG_HEADER[5:]
    orgs = [header, *[row[:5] + [d] + row[5:] for row, d in (
        (org_row("甲", None, "平湖"), "龙岗区"), (org_row("乙", None, "平湖"), None), (org_row("丙", None, "东门"), None))]]
    tables = tables_from_rows({"街道社区": CITY_GEO, "两新组织": orgs})
    rows_balance(tables)
    geo = tables.geography
    # 龙岗 → 龙岗区; spaces trimmed; a 市 keeps its own name; 西乡's 区 is empty: the street stays bare
    assert geo["district"].tolist() == ["龙岗区", "罗湖区", "罗湖区", "东莞市", None]
    assert geo["street"].tolist() == ["龙岗区平湖街道", "罗湖区平湖街道", "罗湖区东门街道", "东莞市长安镇街道", "西乡街道"]
    assert geo["street_name"].tolist()[:2] == ["平湖街道", "平湖街道"]
    # 甲 says 龙岗区; 乙 says nothing and 平湖 is in two districts; 丙's 东门 is only 罗湖区's
    assert tables.organizations["street"].tolist() == ["龙岗区平湖街道", "平湖街道", "罗湖区东门街道"]
    assert tables.organizations["district"].tolist() == ["龙岗区", None, "罗湖区"]
    warned = tables.warnings[["sheet", "row", "code"]].values.tolist()
    assert ["街道社区", 6, "DISTRICT_UNCLEAR"] in warned and ["两新组织", 3, "DISTRICT_UNCLEAR"] in warned
    assert len(tables.rejected) == 0


def test_one_district_in_the_column_reads_as_without_it():
    geo = [["街道", "社区", "区"], ["平湖", "山厦", "龙岗区"], ["布吉", "南岭", "龙岗区"]]
    tables = tables_from_rows({"街道社区": geo, "两新组织": [ORG_HEADER, org_row("甲", None, "平湖")]})
    assert list(tables.geography)[:3] == ["street", "community", "community_owner"]
    assert "district" not in tables.geography and "district" not in tables.organizations
    assert tables.organizations["street"].tolist() == ["平湖街道"]


def test_with_district_adds_object_columns_to_a_shallow_copy():
    """The district columns are built as object text (never pandas 3's Arrow ``str``, cast back
    later), and the table given keeps its own columns."""
    import numpy as np
    import pandas as pd

    from liangxin.loaders.districts import with_district

    table = pd.DataFrame({"street": pd.Series(["罗湖区东门街道", None], dtype=object)}, index=[5, 6])
    out = with_district(table, np.array(["罗湖区", None], dtype=object), np.array(["东门街道", None], dtype=object))
    assert list(out.columns) == ["district", "street", "street_name"]
    assert all(dtype == object for dtype in out.dtypes)
    assert out["district"].tolist() == ["罗湖区", None] and out.index.tolist() == [5, 6]
    assert list(table.columns) == ["street"]
    loaded = with_district(table.iloc[1:], np.array(["罗湖区", "龙岗区"], dtype=object), loaded=np.array([False, True]))
    assert loaded["district"].dtype == object and loaded["district"].tolist() == ["龙岗区"]


DISTRICT_ORG_HEADER = ORG_HEADER[:5] + ["区"] + ORG_HEADER[5:]


def orgs_with_districts(*rows):
    """两新组织 with a 区 column: ``(name, district, street)`` per organization."""
    return [DISTRICT_ORG_HEADER, *[(row := org_row(name, None, street))[:5] + [district] + row[5:]
                                   for name, district, street in rows]]


@pytest.mark.parametrize("geo", [[["街道", "社区"], ["平湖", "山厦"], ["布吉", "南岭"]],
                                 [["街道", "社区", "区"], ["平湖", "山厦", "龙岗区"], ["布吉", "南岭", "龙岗区"]]],
                         ids=["no district column", "one district"])
def test_districts_named_only_off_the_geography_are_noted_once_per_sheet(geo):
    """两新组织 names 龙岗区 and 罗湖区 (驻街保建 too) but 街道社区 names at most one: the dataset is
    one district (RULES.md), so the column is unused: one note per sheet, on its header (row 1)."""
    orgs = orgs_with_districts(("甲", "龙岗区", "平湖"), ("乙", "罗湖区", "平湖"), ("丙", None, "布吉"))
    stations = [["区直机关", "驻点街道", "区"], ["区教育局", "平湖", "龙岗区"], ["区民政局", "布吉", "罗湖区"]]
    tables = tables_from_rows({"街道社区": geo, "两新组织": orgs, "驻街保建": stations})
    rows_balance(tables)
    notes = tables.warnings[tables.warnings["code"] == "DISTRICT_COLUMN_UNUSED"]
    assert notes[["sheet", "row", "column"]].values.tolist() == [["两新组织", 1, "区"], ["驻街保建", 1, "区"]]
    # nothing lost: read as one district, 甲 and 乙 are both on 平湖街道
    assert tables.organizations["street"].tolist() == ["平湖街道", "平湖街道", "布吉街道"]
    assert len(tables.rejected) == 0


def test_one_district_named_off_the_geography_is_not_noted():
    """甲 and 乙 name 龙岗区 (龙岗 is 龙岗区); 丙 names 罗湖区 but is rejected (no employees)."""
    orgs = orgs_with_districts(("甲", "龙岗区", "平湖"), ("乙", "龙岗", "平湖"), ("丙", "罗湖区", "平湖"))
    orgs[3][6] = None
    tables = tables_from_rows({"街道社区": [["街道", "社区"], ["平湖", "山厦"]], "两新组织": orgs})
    assert tables.rejected[["row", "code"]].values.tolist() == [[4, "EMPTY_REQUIRED"]]
    assert "DISTRICT_COLUMN_UNUSED" not in set(tables.warnings["code"])


def test_a_station_in_a_district_the_geography_lacks_is_rejected_for_its_district():
    """驻街保建 row 3 places 区民政局 in 福田区, which 街道社区 does not have: rejected once, as
    UNKNOWN_DISTRICT (not warned, and not blamed on its 驻点街道)."""
    orgs = orgs_with_districts(("甲", "龙岗区", "平湖"))
    stations = [["区直机关", "驻点街道", "区"], ["区教育局", "平湖", "龙岗区"], ["区民政局", "平湖", "福田区"]]
    tables = tables_from_rows({"街道社区": CITY_GEO, "两新组织": orgs, "驻街保建": stations})
    rows_balance(tables)
    assert tables.rejected[["sheet", "row", "column", "code"]].values.tolist() == [["驻街保建", 3, "区", "UNKNOWN_DISTRICT"]]
    assert "UNKNOWN_DISTRICT" not in set(tables.warnings["code"])
    assert tables.department_stations["street"].tolist() == ["龙岗区平湖街道"]


def test_a_district_the_geography_does_not_name_is_warned_on_its_row():
    """乙 (row 3) says 福田区, which 街道社区 does not have: warned, its street matches no street
    (a chain break later); 甲 names 龙岗区 and 丙's 东门 is only 罗湖区's: neither is warned."""
    orgs = orgs_with_districts(("甲", "龙岗区", "平湖"), ("乙", "福田区", "平湖"), ("丙", None, "东门"))
    tables = tables_from_rows({"街道社区": CITY_GEO, "两新组织": orgs})
    rows_balance(tables)
    warned = tables.warnings[tables.warnings["code"] == "UNKNOWN_DISTRICT"]
    assert warned[["sheet", "row", "column"]].values.tolist() == [["两新组织", 3, "区"]]
    assert tables.organizations["street"].tolist() == ["龙岗区平湖街道", "福田区平湖街道", "罗湖区东门街道"]
    assert "福田区平湖街道" not in set(tables.geography["street"])
