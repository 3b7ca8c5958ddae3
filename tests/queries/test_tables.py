"""queries/tables.py and queries/streets.py: the notebooks' tables, on the hand-made workbook.

Expected figures are the hand-worked ones of tests/test_handmade.py (organizations A–Q of
tests/fixtures/handmade.py).
"""

import math

import numpy as np
import pytest

from liangxin.errors import LiangxinInputError
from liangxin.queries.analysis import analyze_network
from liangxin.queries.chains import CHAIN_CODES
from liangxin.queries.labels import CODE_ZH
from liangxin.queries.streets import resolve_street, street_names
from liangxin.queries.tables import (by_organization, chains_by_street, coverage_table, load_ratio, loads_summary,
                                     loads_table, overview, overview_figures, street_tables, uncovered_by_street,
                                     uncovered_ranked)
from liangxin.queries.uncovered import UNCOVERED_CODES
from tests.fixtures.handmade import C1, C4, C5, C8


@pytest.fixture(scope="module")
def result(handmade_network):
    return analyze_network(handmade_network)


def test_streets_are_those_of_the_geography_sheet(result):
    # the district's own order: the rows of 街道社区 (tests/fixtures/handmade.py GEOGRAPHY), not code points
    assert street_names(result) == ["平湖街道", "布吉街道", "坂田街道", "横岗街道"]
    assert resolve_street(result, "平湖") == resolve_street(result, "平湖街道") == "平湖街道"
    with pytest.raises(LiangxinInputError):
        resolve_street(result, "龙城")  # G's street, but not on 街道社区


def test_overview_figures(result):
    figures = {name: (value, kind) for name, value, kind in overview_figures(result)}
    assert figures["两新组织数"] == (13, "int")
    assert figures["应建党组织的组织数"] == (7, "int")
    assert figures["组织覆盖率"][0] == pytest.approx(3 / 7) and figures["组织覆盖率"][1] == "rate"
    # 未覆盖 = open: A C E F H I Q (tests/test_handmade.py); D and P (joint branches) are only 提升项
    assert figures["未覆盖组织数"] == (7, "int") and figures["提升项组织数"] == (2, "int")
    assert figures["责任链断点组织数"] == (7, "int")
    # F alone is open with no unit at all; A, the only key organization without a branch, has 张伟
    assert figures["无责任主体组织数"] == (1, "int") and figures["重点难点未挂点组织数"] == (0, "int")
    assert [name for name, _, _ in overview_figures(result)][:5] == [
        "未覆盖组织数", "提升项组织数", "无责任主体组织数", "重点难点未挂点组织数", "超负荷单位数"]
    shown = overview(result).set_index("指标")["数值"]
    assert shown["组织覆盖率"] == f"{3 / 7:.1%}" and shown["超负荷单位数"] == 3
    assert overview(result, percent=False).set_index("指标").loc["单独组建率", "数值"] == pytest.approx(1 / 7)


def test_by_organization_folds_codes_in_order(result):
    folded = by_organization(result.uncovered)
    assert folded["org_id"].tolist()[:2] == ["己商贸有限公司", C4]  # no street sorts first
    assert folded["n_codes"].sum() == len(result.uncovered)
    a = folded.set_index("org_id").loc[C1]
    assert a["codes"].split("、") == ["MASS_ORG_FIRST", "MASS_ORG_MISSING", "MEMBERS_REQUIRED", "PARTY_ORG_REQUIRED"]
    assert a["labels"].split("、") == [CODE_ZH[c] for c in a["codes"].split("、")]
    empty = by_organization(result.uncovered.iloc[:0])
    assert list(empty.columns) == ["org_id", "name", "kind", "street", "community", "codes", "labels", "n_codes"]


def test_uncovered_ranked_open_then_key_then_size(result):
    ranked = uncovered_ranked(result)
    # A (open, key), then open by employees: E 150, C 60, F 55, Q 50, I 40, H 35; then D (key), P.
    assert ranked["org_id"].tolist() == [C1, C5, "丙物流有限公司", "己商贸有限公司", "子餐饮有限公司",
                                         "布吉街道养老服务中心", C8, C4, "癸科技有限公司"]
    assert ranked["rank"].tolist() == list(range(1, 10))
    assert ranked["open"].tolist() == [True] * 7 + [False] * 2
    assert ranked["key"].tolist() == [True] + [False] * 6 + [True, False]
    assert ranked["employees"].dtype == np.int64
    assert uncovered_ranked(result, "布吉")["org_id"].tolist() == [C5, "布吉街道养老服务中心"]
    with pytest.raises(LiangxinInputError):
        uncovered_ranked(result, "不存在的街道")


def test_by_street_tables(result):
    chains = chains_by_street(result)
    assert list(chains.columns) == [*CHAIN_CODES, "total"]
    assert chains["total"].to_dict() == {"坂田街道": 2, "布吉街道": 2, "平湖街道": 1, "龙城街道": 1, "（未填街道）": 1}
    assert chains.loc["（未填街道）", "NO_COMMUNITY"] == 1 and chains.index.name == "street"
    uncovered = uncovered_by_street(result)
    assert list(uncovered.columns) == [*UNCOVERED_CODES, "total"]
    assert uncovered["total"].to_dict() == {"平湖街道": 4, "坂田街道": 2, "布吉街道": 2, "（未填街道）": 1}
    assert uncovered.loc["平湖街道", "MEMBERS_REQUIRED"] == 3  # A, C, Q


def test_coverage_table(result):
    streets = coverage_table(result)
    assert streets["group"].tolist() == ["布吉街道", "平湖街道", "坂田街道", "横岗街道"]  # weakest first, NaN last
    assert streets["not_covered"].tolist() == [2, 2, 0, 0]
    assert math.isnan(streets.loc[3, "org_coverage"])
    kinds = coverage_table(result, "kind").set_index("group")
    assert kinds.loc["enterprise", "not_covered"] == 2 and kinds.loc["social_org", "not_covered"] == 2
    assert coverage_table(result, "overall")["required"].tolist() == [7]
    with pytest.raises(ValueError):
        coverage_table(result, "community")


def test_loads_table_heaviest_first(result):
    table = loads_table(result)
    assert table[["unit", "kind"]].head(3).values.tolist() == [["刘洋", "instructor"], ["区民政局", "department"],
                                                              ["张伟", "leader"]]
    assert table["ratio"].head(3).tolist() == [np.inf, 2.0, 1.5]
    assert len(table) == len(result.loads)
    leaders = loads_table(result, "区领导")
    assert set(leaders["kind"]) == {"leader"} and "supervisory_unit" not in leaders.columns
    assert "supervisory_unit" in loads_table(result, "instructor").columns
    with pytest.raises(ValueError):
        loads_table(result, "mayor")


def test_loads_summary(result):
    summary = loads_summary(result).set_index("kind")
    assert summary["units"].to_dict() == {"leader": 2, "department": 4, "supervisory_unit": 1, "instructor": 1}
    assert summary["overloaded_units"].to_dict() == {"leader": 1, "department": 1, "supervisory_unit": 0,
                                                     "instructor": 1}
    assert summary.loc["department", "idle_units"] == 1  # 区司法局
    assert summary.loc["instructor", "ratio_max"] == np.inf and math.isnan(summary.loc["instructor", "ratio_mean"])


def test_load_ratio():
    assert load_ratio([3.0, 1.0, 0.0, 2.0], [2, 0, 0, 4]).tolist() == [1.5, np.inf, 0.0, 0.5]


def test_street_tables(result):
    tables = street_tables(result, "平湖")
    assert list(tables) == ["summary", "uncovered", "broken_chains", "departments", "leaders"]
    figures = dict(zip(tables["summary"]["measure"], tables["summary"]["value"]))
    assert figures["两新组织数"] == 7 and figures["应建党组织的组织数"] == 3 and figures["未覆盖组织数"] == 4
    assert figures["其中重点难点"] == 1 and figures["责任链断点组织数"] == 1 and figures["驻街区直机关数"] == 2
    assert figures["组织覆盖率"] == pytest.approx(1 / 3)
    assert tables["uncovered"]["org_id"].tolist() == [C1, "丙物流有限公司", "子餐饮有限公司", C8]
    assert tables["departments"]["unit"].tolist() == ["区教育局", "区发展和改革局"]
    assert tables["departments"]["load"].tolist() == [2.5, 1.5]  # A, and half of C, H, Q each
    assert tables["leaders"][["leader", "in_street"]].values.tolist() == [["张伟", 2]]
    empty = street_tables(result, "横岗")  # no organization: no rate, nothing uncovered; 区司法局 stationed
    assert empty["uncovered"].empty and empty["departments"]["unit"].tolist() == ["区司法局"]
    assert empty["summary"].set_index("measure").loc["组织覆盖率", "value"] is None


def test_groups_in_order_of_first_appearance_with_empty_cells_as_unfilled():
    """coverage_by's groups by hand: (甲, A) first, then (甲, empty), (empty, A), (乙, B); a street
    written （未填） is the group of the empty street."""
    import pandas as pd

    from liangxin.queries._tabulate import groups_of

    orgs = pd.DataFrame({"street": ["甲街道", "甲街道", None, "乙街道", "甲街道", "（未填）"],
                         "community": ["A", None, "A", "B", "A", "A"]}, dtype=object)
    group, (streets, communities) = groups_of(orgs, ["street", "community"])
    assert group.tolist() == [0, 1, 2, 3, 0, 2]
    assert streets.tolist() == ["甲街道", "甲街道", "（未填）", "乙街道"]
    assert communities.tolist() == ["A", "（未填）", "A", "B"]
    group, (alone,) = groups_of(orgs.iloc[:0], ["street"])  # no organizations: no groups
    assert len(group) == 0 and len(alone) == 0


def test_distinct_rows_is_numpy_unique_without_the_sort():
    """By hand: rows 4, 1, 4 and none (-1) of five are three distinct rows, -1 first; then random
    rows, with and without -1, against ``np.unique(return_inverse=True)``."""
    from liangxin.queries._tabulate import distinct_rows

    distinct, place = distinct_rows(np.array([4, 1, 4, -1]), 5)
    assert distinct.tolist() == [-1, 1, 4] and place.tolist() == [2, 1, 2, 0]
    empty, none = distinct_rows(np.array([], dtype=np.int64), 3)
    assert len(empty) == 0 and len(none) == 0
    rng = np.random.default_rng(17)
    for n in (1, 2, 7, 50, 1000):
        for size in (1, 5, 300):
            at = rng.integers(-1, n, size)
            expected, inverse = np.unique(at, return_inverse=True)
            distinct, place = distinct_rows(at, n)
            assert distinct.tolist() == expected.tolist() and place.tolist() == inverse.reshape(-1).tolist()
