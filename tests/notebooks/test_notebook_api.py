"""liangxin.notebook: the helpers the notebooks call (wherever they are defined), on a small demo district."""

import math

import numpy as np
import openpyxl
import pandas as pd
import pytest

import liangxin as lx
from liangxin.errors import LiangxinInputError
from liangxin.queries.chains import CHAIN_CODES
from liangxin.queries.uncovered import UNCOVERED_CODES


@pytest.fixture(scope="session")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    path = lx.demo_workbook(folder, n_orgs=600, seed=3)
    net = lx.load(path)
    return path, net, lx.analyze(net)


@pytest.fixture(scope="session")
def net(demo):
    return demo[1]


@pytest.fixture(scope="session")
def result(demo):
    return demo[2]


# ---------------------------------------------------------------------------------------------
# Short API and labels


def test_short_names_are_exported():
    for name in ("zh", "labels", "show_network", "uncovered_ranked", "write_excel", "compare", "neo4j_link",
                 "load", "analyze"):
        assert name in lx.__all__ and callable(getattr(lx, name))


def test_demo_workbook_is_written_once(tmp_path):
    path = lx.demo_workbook(tmp_path / "new", n_orgs=100)
    assert path == tmp_path / "new" / "sample.xlsx" and path.exists()
    stamp = path.stat().st_mtime_ns
    assert lx.demo_workbook(tmp_path / "new", n_orgs=100) == path
    assert path.stat().st_mtime_ns == stamp


def test_zh_translates_columns_and_codes(result):
    table = lx.zh(result.uncovered)
    assert list(table.columns) == ["组织标识", "组织名称", "组织类型", "街道", "社区", "问题代码", "问题"]
    assert set(table["组织类型"]) <= {"非公企业", "社会组织"}
    assert set(table["问题代码"]) <= set(UNCOVERED_CODES)  # codes stay codes beside their labels
    loads = lx.zh(result.loads)
    assert "角色" in loads.columns and set(loads["角色"]) <= {"区领导", "区直机关", "业务主管单位", "党建工作指导员"}
    assert set(loads["超负荷"]) <= {"是", "否"}
    assert loads["负荷"].dtype == float  # numbers stay numbers
    coverage = lx.zh(result.coverage, percent=True)
    assert coverage.loc[0, "范围"] == "全区" and coverage.loc[0, "名称"] == "全区"
    assert coverage.loc[0, "组织覆盖率"].endswith("%")


def test_zh_leaves_the_input_alone_and_en_is_a_copy(result):
    before = result.uncovered.copy()
    lx.zh(result.uncovered)
    pd.testing.assert_frame_equal(result.uncovered, before)
    english = lx.labels(result.uncovered, lang="en")
    pd.testing.assert_frame_equal(english, before)
    assert english is not result.uncovered
    with pytest.raises(ValueError):
        lx.labels(result.uncovered, lang="fr")


def test_zh_of_an_empty_load_table_says_role(result):
    assert "角色" in lx.zh(result.loads.iloc[:0]).columns


def test_overview_matches_the_counts(result):
    table = lx.overview(result)
    figures = dict(zip(table["指标"], table["数值"]))
    assert figures["两新组织数"] == result.counts["organizations"]
    assert figures["组织覆盖率"].endswith("%")
    assert isinstance(lx.overview(result, percent=False).set_index("指标").loc["组织覆盖率", "数值"], float)


# ---------------------------------------------------------------------------------------------
# Tables


def test_by_organization_folds_codes(result):
    folded = lx.by_organization(result.broken_chains)
    assert folded["org_id"].is_unique
    assert len(folded) == result.broken_chains["org_id"].nunique()
    assert folded["n_codes"].sum() == len(result.broken_chains)
    first = folded.iloc[0]
    assert first["labels"].split("、") == [CHAIN_CODES[c] for c in first["codes"].split("、")]


def test_uncovered_ranked_order(result):
    ranked = lx.uncovered_ranked(result)
    assert len(ranked) == result.uncovered["org_id"].nunique()
    assert ranked["rank"].tolist() == list(range(1, len(ranked) + 1))
    keys = list(zip(~ranked["open"], ~ranked["key"], -ranked["employees"]))
    assert keys == sorted(keys), "open first, key/difficult first within, then the largest"
    opened = set(result.uncovered.loc[result.uncovered["code"].isin(["MEMBERS_REQUIRED", "PARTY_ORG_REQUIRED"]),
                                      "org_id"])
    assert set(ranked.loc[ranked["open"], "org_id"]) == opened


def test_uncovered_ranked_for_one_street(result):
    street = lx.street_names(result)[0]
    short = street.removesuffix("街道")
    ranked = lx.uncovered_ranked(result, short)
    assert len(ranked) and set(ranked["street"]) == {street}
    with pytest.raises(LiangxinInputError, match="找不到街道"):
        lx.uncovered_ranked(result, "不存在的街道")


def test_by_street_tables_count_organizations(result):
    chains = lx.chains_by_street(result)
    assert list(chains.columns) == [*CHAIN_CODES, "total"]
    assert chains["total"].sum() == result.broken_chains.groupby(
        result.broken_chains["street"].fillna(""))["org_id"].nunique().sum()
    assert chains["total"].is_monotonic_decreasing
    uncovered = lx.uncovered_by_street(result)
    assert list(uncovered.columns) == [*UNCOVERED_CODES, "total"]
    assert (uncovered[list(UNCOVERED_CODES)].max(axis=1) <= uncovered["total"]).all()
    assert lx.zh(chains).columns[-1] == "组织数" and lx.zh(chains).index.name == "街道"


def test_coverage_table(result):
    streets = lx.coverage_table(result)
    assert len(streets) == len(lx.street_names(result))
    rates = streets["org_coverage"].dropna()
    assert rates.is_monotonic_increasing
    with_required = streets[streets["required"] > 0]
    assert (with_required["not_covered"] == (with_required["required"] * (1 - with_required["org_coverage"])).round()).all()
    assert set(lx.coverage_table(result, "kind")["group"]) == {"enterprise", "social_org"}
    with pytest.raises(ValueError):
        lx.coverage_table(result, "community")


def test_loads_table_and_summary(result):
    table = lx.loads_table(result)
    assert len(table) == len(result.loads)
    finite = table["ratio"].replace(np.inf, np.nan).dropna()
    assert finite.is_monotonic_decreasing
    leaders = lx.loads_table(result, "区领导")
    assert set(leaders["kind"]) == {"leader"} and "supervisory_unit" not in leaders.columns
    assert "supervisory_unit" in lx.loads_table(result, "instructor").columns
    with pytest.raises(ValueError):
        lx.loads_table(result, "mayor")
    summary = lx.loads_summary(result).set_index("kind")
    assert summary["units"].sum() == len(result.loads)
    assert summary["overloaded_units"].sum() == len(result.overloaded)
    assert summary.loc["leader", "default_capacity"] == result.rules.capacity_leader


# ---------------------------------------------------------------------------------------------
# Charts and the network


@pytest.mark.parametrize("make", [
    lambda r: lx.coverage_chart(r), lambda r: lx.coverage_chart(r, by="kind"), lx.loads_chart, lx.findings_chart,
], ids=["coverage-street", "coverage-kind", "loads", "findings"])
def test_charts_show_as_png(result, make, tmp_path):
    chart = make(result)
    png = chart._repr_png_()
    assert png.startswith(b"\x89PNG") and len(png) > 5000
    assert chart.save(tmp_path / "chart.png").read_bytes() == png
    assert chart.title in repr(chart)


def test_show_network_is_inline_html(result):
    shown = lx.show_network(result, street=lx.street_names(result)[0], height=400)
    assert shown._repr_html_().startswith("<iframe srcdoc=")


# ---------------------------------------------------------------------------------------------
# Excel


def test_write_excel_cells_are_values_never_formulas(tmp_path):
    frame = pd.DataFrame({"组织名称": ["=SUM(A1:A9)", "+1", "@cmd", "-2", "正常名称"],
                          "从业人员数": [1, 2, 3, 4, 5], "组织覆盖率": [0.5, 1.0, 0.0, np.nan, 0.25],
                          "重点难点": [True, False, True, False, True]})
    path = lx.write_excel({"清单/测试[1]": frame}, tmp_path / "out" / "清单.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    assert sheet.title == "清单_测试_1_"
    names = [sheet.cell(row=r, column=1) for r in range(2, 7)]
    assert [c.value for c in names] == ["=SUM(A1:A9)", "+1", "@cmd", "-2", "正常名称"]
    assert all(c.data_type == "s" for c in names)
    assert sheet.cell(row=2, column=2).value == 1 and sheet.cell(row=2, column=2).data_type == "n"
    assert sheet.cell(row=2, column=3).number_format == "0.00%"
    assert sheet.cell(row=5, column=3).value is None
    assert [sheet.cell(row=r, column=4).value for r in range(2, 4)] == ["是", "否"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
    with pytest.raises(ValueError):
        lx.write_excel(frame, tmp_path / "清单.csv")


def test_export_street(result, tmp_path):
    street = lx.street_names(result)[0]
    sheets = lx.street_sheets(result, street)
    assert list(sheets) == ["概况", "未覆盖组织", "提升项", "责任链断点", "驻街机关", "挂点区领导"]
    figures = dict(zip(sheets["概况"]["指标"], sheets["概况"]["数值"]))
    assert figures["街道"] == street
    assert figures["未覆盖组织数"] == len(sheets["未覆盖组织"]) and figures["提升项组织数"] == len(sheets["提升项"])
    path = lx.export_street(result, street.removesuffix("街道"), tmp_path)
    assert path == tmp_path / f"{street}两新组织清单.xlsx"
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == list(sheets)
    overview = {row[0].value: row[1] for row in book["概况"].iter_rows(min_row=2)}
    assert overview["组织覆盖率"].number_format == "0.00%" or overview["组织覆盖率"].value is None
    assert overview["两新组织数"].data_type == "n"


def test_export_street_stays_in_its_folder_whatever_the_street_is_called(tmp_path, monkeypatch):
    import liangxin.notebook.excel as excel

    monkeypatch.setattr(excel, "resolve_street", lambda analysis, street: street)
    monkeypatch.setattr(excel, "street_sheets", lambda analysis, street: {"概况": pd.DataFrame({"街道": [street]})})
    for street in ("../../逃逸", "/tmp/绝对", "a:b*c?"):
        path = lx.export_street(None, street, tmp_path / "清单")
        assert path.parent == tmp_path / "清单" and path.exists()


# ---------------------------------------------------------------------------------------------
# What-if


def test_with_capacity_changes_only_the_copy(net, result):
    top = lx.loads_table(result).iloc[0]
    before = net.tables.capacities.copy()
    changed = lx.with_capacity(net, top["unit"], math.ceil(top["load"]) + 1)
    pd.testing.assert_frame_equal(net.tables.capacities, before)
    after = lx.analyze(changed)
    row = after.loads[(after.loads["kind"] == top["kind"]) & (after.loads["unit"] == top["unit"])].iloc[0]
    assert row["capacity"] == math.ceil(top["load"]) + 1 and not row["overloaded"]
    comparison = lx.compare(result, after)
    assert top["unit"] in set(comparison.loads["unit"])
    assert (comparison.loads["capacity_after"] != comparison.loads["capacity_before"]).any()
    assert comparison.gaps.empty
    with pytest.raises(LiangxinInputError, match="找不到"):
        lx.with_capacity(net, "没有这个单位", 3)
    with pytest.raises(ValueError):
        lx.with_capacity(net, top["unit"], -1)


def test_rules_what_if(net, result):
    strict = lx.analyze(net, lx.load_rules(capacity_leader=1))
    comparison = lx.compare(result, strict)
    summary = comparison.summary.set_index("measure")
    assert summary.loc["超负荷单位数", "after"] >= summary.loc["超负荷单位数", "before"]
    assert set(comparison.loads["kind"]) <= {"leader"}
    assert "调整前" in repr(comparison) and "<table" in comparison._repr_html_()


def test_move_department(net, result):
    stations = net.tables.department_stations
    counts = stations.groupby("department")["street"].nunique()
    department = counts[counts == 1].index[0]
    home = stations.loc[stations["department"] == department, "street"].iloc[0]
    target = next(s for s in lx.street_names(result) if s != home)
    moved = lx.move_department(net, department, target.removesuffix("街道"))
    new_stations = moved.tables.department_stations
    assert set(new_stations.loc[new_stations["department"] == department, "street"]) == {target}
    assert stations.loc[stations["department"] == department, "street"].tolist() == [home]  # the original
    after = lx.analyze(moved)
    comparison = lx.compare(result, after)
    assert department in set(comparison.loads["unit"]) or comparison.loads.empty
    if not (new_stations["street"] == home).any():
        assert (comparison.gaps["code"] == "STREET_NO_DEPARTMENT").any()
    with pytest.raises(LiangxinInputError, match="找不到"):
        lx.move_department(net, "没有这个机关", target)
    with pytest.raises(LiangxinInputError, match="找不到街道"):
        lx.move_department(net, department, "不存在")
    several = counts[counts > 1]
    if len(several):
        with pytest.raises(LiangxinInputError, match="from_street"):
            lx.move_department(net, several.index[0], target)


def test_compare_same_analysis_is_empty(result):
    comparison = lx.compare(result, result)
    assert comparison.loads.empty and comparison.coverage.empty and comparison.gaps.empty
    assert (comparison.summary["before"] == comparison.summary["after"]).all()
    assert "没有变化" in repr(comparison)
    assert lx.comparison_chart(comparison)._repr_png_().startswith(b"\x89PNG")


# ---------------------------------------------------------------------------------------------
# Neo4j without a server


def test_neo4j_link_without_a_server_skips_every_step(net):
    neo = lx.neo4j_link(environ={})
    assert not neo and "NEO4J_URI" in repr(neo)
    for step in (neo.push(net), neo.counts(net.district), neo.pull(net.district), neo.analyze(net), neo.check(net)):
        assert isinstance(step, lx.Skipped) and not step and "已跳过" in repr(step)
    neo.close()
