"""Several districts in one dataset: the two-district workbook (tests/fixtures/two_districts.py),
every figure worked out by hand from RULES.md.

Organizations 1–10 by the fixture's row comments. Party-org-required: 1 (200), 2 (120), 4 (entity
social org, 40), 5 (150), 6 (100), 7 (above scale), 8 (110), 9 (100) = 8. Open (MEMBERS_REQUIRED
or PARTY_ORG_REQUIRED): 2, 3 (60 employees, no members), 5, 7, 9.
- 龙岗区: organizations 1 2 3 4 10 (3 written 龙岗) = 5; required 1 2 4 = 3; organized 1 (standalone),
  4 (joint): org_coverage 2/3, standalone 1/3; work coverage adds 2 (leader 张三): 3/3; open 2, 3 = 2.
- 罗湖区: organizations 5 6 7 8 (8 by its street 东门) = 4; required all 4; organized 6 (standalone),
  8 (joint): 2/4, standalone 1/4, work 2/4 (nobody attached to 5 or 7); open 5, 7 = 2.
- 9 names 平湖 without a district: in both, so in neither (overall only): required 8, organized 1 4 6 8 =
  4/8, standalone 1 6 = 2/8, work 1 2 4 6 8 = 5/8; open 2 3 5 7 9 = 5.
"""

import json

import pytest

from liangxin.pipeline import run_analyze
from tests.fixtures import two_districts

EXPECTED_BY_DISTRICT = {
    "罗湖区": {"required": 4, "org_coverage": 0.5, "standalone_rate": 0.25, "work_coverage": 0.5,
              "organizations": 4, "open": 2},
    "龙岗区": {"required": 3, "org_coverage": 0.6667, "standalone_rate": 0.3333, "work_coverage": 1.0,
              "organizations": 5, "open": 2},
}

EXPECTED_OVERALL = {"required": 8, "org_coverage": 0.5, "standalone_rate": 0.25, "work_coverage": 0.625}

# The two 平湖街道 stay two streets: 龙岗区's requires 1 and 2 (1 organized), 罗湖区's requires 5 (not).
EXPECTED_PINGHU = {
    "龙岗区平湖街道": {"required": 2, "org_coverage": 0.5, "standalone_rate": 0.5, "work_coverage": 1.0},
    "罗湖区平湖街道": {"required": 1, "org_coverage": 0.0, "standalone_rate": 0.0, "work_coverage": 0.0},
}


@pytest.fixture(scope="module")
def summary(tmp_path_factory):
    folder = tmp_path_factory.mktemp("two")
    path = two_districts.write(folder / "city.xlsx")
    run_analyze(path, folder / "out")
    return json.loads((folder / "out" / "summary.json").read_text(encoding="utf-8"))


def test_per_district_figures_worked_out_by_hand(summary):
    assert summary["coverage"]["by_district"] == EXPECTED_BY_DISTRICT
    assert list(summary["coverage"]["by_district"]) == ["罗湖区", "龙岗区"]  # Unicode order
    assert summary["coverage"]["overall"] == EXPECTED_OVERALL


def test_same_street_name_in_two_districts_kept_apart(summary):
    by_street = summary["coverage"]["by_street"]
    # 6 streets of 街道社区, each keyed within its district
    assert sorted(by_street) == sorted(["龙岗区平湖街道", "龙岗区布吉街道", "龙岗区坂田街道",
                                        "罗湖区东门街道", "罗湖区桂园街道", "罗湖区平湖街道"])
    assert {street: by_street[street] for street in EXPECTED_PINGHU} == EXPECTED_PINGHU
    assert summary["counts"]["streets"] == 6 and summary["counts"]["communities"] == 6
    streets = {entry["org_id"]: entry["street"] for entry in summary["uncovered"]}
    assert streets["龙乙电子有限公司"] == "龙岗区平湖街道"
    assert streets["罗甲制造有限公司"] == "罗湖区平湖街道"
    assert streets["无区餐饮有限公司"] == "平湖街道"  # no district: matches neither, a chain break


def test_unclear_district_is_warned_and_the_station_rejected(summary):
    warned = {(w["sheet"], w["row"], w["code"]) for w in summary["warnings"]}
    assert ("两新组织", 10, "DISTRICT_UNCLEAR") in warned
    assert ("驻街保建", 5, "DISTRICT_UNCLEAR") in warned
    # 区教育局 is stationed in 龙岗区 (row 2) and 罗湖区 (row 3): one unit, and a word about it
    assert {w[:2] for w in warned if w[2] == "UNIT_IN_SEVERAL_DISTRICTS"} == {("驻街保建", 2), ("驻街保建", 3)}
    assert [(r["sheet"], r["row"], r["code"]) for r in summary["rejected"]] == [("驻街保建", 5, "UNKNOWN_STREET")]
    # 张三's 挂点街道 平湖 is taken in its organization's district: no warning
    assert not [w for w in summary["warnings"] if w["sheet"] == "挂点促建"]
    broken = {entry["org_id"]: entry["codes"] for entry in summary["broken_chains"]}
    assert "UNKNOWN_STREET" in broken["无区餐饮有限公司"]
    # 区教育局 is stationed in 龙岗区平湖街道 and (东门 inferred) 罗湖区东门街道; 区民政局 in 罗湖区平湖街道:
    # only 布吉, 坂田 and 桂园 have no department.
    no_department = {o for o, codes in broken.items() if "STREET_NO_DEPARTMENT" in codes}
    assert no_department == {"龙丙物流有限公司", "布吉街道养老协会", "罗丙贸易有限公司", "龙戊咨询有限公司"}


def test_network_keys_streets_and_communities_within_their_district(tmp_path):
    from liangxin.graph.network import build_network
    from liangxin.loaders.validate import load_tables

    network = build_network(load_tables(two_districts.write(tmp_path / "city.xlsx")))
    communities = set(network.node_tables["community"]["id"])
    assert {"community:龙岗区平湖街道/山厦社区", "community:罗湖区平湖街道/山厦社区"} <= communities
    assert network.node_tables["district"]["id"].tolist() == ["district:龙岗区", "district:罗湖区"]
    above = dict(zip(network.edge_tables["HAS_STREET"]["target"], network.edge_tables["HAS_STREET"]["source"]))
    assert above["street:罗湖区平湖街道"] == "district:罗湖区"
    assert above["street:龙岗区坂田街道"] == "district:龙岗区"


def test_each_organization_in_its_district(tmp_path):
    """Organizations 1–10 (the fixture's rows 2–11) by hand: 3 is written 龙岗, 8 has no 区 but 东门 is
    罗湖区's only, 9 has no 区 and 平湖 is in both: no district (-1)."""
    from liangxin.graph.index import district_codes
    from liangxin.graph.network import build_network
    from liangxin.loaders.validate import load_tables

    network = build_network(load_tables(two_districts.write(tmp_path / "city.xlsx")))
    districts, codes = district_codes(network)
    assert districts.tolist() == ["罗湖区", "龙岗区"]  # Unicode order, as coverage.by_district
    by_name = dict(zip(network.tables.organizations["name"], codes.tolist()))
    luohu, longgang = 0, 1
    assert by_name == {
        "龙甲科技有限公司": longgang, "龙乙电子有限公司": longgang, "龙丙物流有限公司": longgang,
        "布吉街道养老协会": longgang, "罗甲制造有限公司": luohu, "罗乙软件有限公司": luohu,
        "罗丙贸易有限公司": luohu, "罗丁建筑有限公司": luohu, "无区餐饮有限公司": -1, "龙戊咨询有限公司": longgang}
    assert district_codes(network) is district_codes(network)  # once per network


def test_district_figures_only_where_the_coverage_has_district_rows(tmp_path):
    """A coverage table without district rows (as the Cypher twins' of a whole city): no district
    figures, not rows of made-up counts."""
    import dataclasses

    from liangxin.inputs import analyze
    from liangxin.queries.districts import district_figures, district_ranking

    analysis = analyze(two_districts.write(tmp_path / "city.xlsx"))
    assert district_figures(analysis)["required"].tolist() == [4, 3]  # 罗湖区, 龙岗区 (the module docstring)
    bare = dataclasses.replace(analysis, coverage=analysis.coverage[analysis.coverage["scope"] != "district"])
    assert len(district_figures(bare)) == 0 and len(district_ranking(bare)) == 0
    only_luohu = dataclasses.replace(analysis,
                                     coverage=analysis.coverage[analysis.coverage["group"] != "龙岗区"])
    figures = district_figures(only_luohu)[["district", "organizations", "required"]]
    assert figures.values.tolist() == [["罗湖区", 4, 4]]


def test_report_has_a_district_sheet_in_the_data_order(tmp_path):
    import openpyxl

    path = two_districts.write(tmp_path / "city.xlsx")
    run_analyze(path, tmp_path / "out")
    book = openpyxl.load_workbook(tmp_path / "out" / "report.xlsx")
    assert book.sheetnames.index("各区") == book.sheetnames.index("覆盖率") + 1
    rows = list(book["各区"].iter_rows(values_only=True))
    assert rows[0] == ("区", "街道数", "社区数", "两新组织数", "未覆盖组织数", "应建党组织数",
                       "组织覆盖率", "单独组建率", "工作覆盖率")
    # 街道社区 names 龙岗区 first; 龙岗区: 平湖 布吉 坂田 with one community each
    assert [row[:6] for row in rows[1:]] == [("龙岗区", 3, 3, 5, 2, 3), ("罗湖区", 3, 3, 4, 2, 4)]
    assert rows[1][6] == pytest.approx(2 / 3) and rows[2][6] == pytest.approx(0.5)


def test_district_ranking_in_the_bulletin(tmp_path):
    import datetime

    import liangxin as lx
    from liangxin.queries.districts import district_ranking
    from liangxin.queries.progress import campaign_progress
    from liangxin.viz.bulletin import BulletinTable, build_bulletin

    analysis = lx.analyze(lx.load(two_districts.write(tmp_path / "city.xlsx")))
    # by organization coverage: 龙岗区 2/3 before 罗湖区 1/2
    ranked = district_ranking(analysis)
    assert ranked[["rank", "district", "open"]].values.tolist() == [[1, "龙岗区", 2], [2, "罗湖区", 2]]
    day = datetime.date(2019, 5, 10)
    bulletin = build_bulletin(analysis, campaign_progress(analysis, date=day), date=day)
    tables = [b for b in bulletin.sections[0].blocks if isinstance(b, BulletinTable)]
    assert [row[:2] + row[-1:] for row in tables[-1].rows] == [["1", "龙岗区", "2"], ["2", "罗湖区", "2"]]
    assert tables[-1].rows[0][3] == "66.7%"


def test_each_district_as_its_own_network_gives_its_by_district_figures(tmp_path, summary):
    import liangxin as lx
    from liangxin.graph.districts import district_networks, unplaced
    from liangxin.queries.analysis import summary_object

    network = lx.load(two_districts.write(tmp_path / "city.xlsx"))
    parts = district_networks(network)
    assert list(parts) == ["龙岗区", "罗湖区"]
    assert unplaced(network) == 1  # 无区餐饮 (平湖 without a district)
    luohu = parts["罗湖区"]
    assert luohu.district == "罗湖区"
    # its streets under their own names, as a one-district workbook of 罗湖区 would give
    assert sorted(luohu.node_tables["street"]["id"]) == ["street:东门街道", "street:平湖街道", "street:桂园街道"]
    assert "community:平湖街道/山厦社区" in set(luohu.node_tables["community"]["id"])
    # 区教育局 is stationed in both districts: it belongs to both
    for part in parts.values():
        assert "unit:区教育局" in set(part.node_tables["department"]["id"])
    for name, part in parts.items():
        alone = summary_object(lx.analyze(part), "x")
        expected = summary["coverage"]["by_district"][name]
        assert alone["coverage"]["overall"] == {k: expected[k] for k in alone["coverage"]["overall"]}
        assert alone["counts"]["organizations"] == expected["organizations"]
        assert sum(entry["open"] for entry in alone["uncovered"]) == expected["open"]


def test_saved_network_and_gb18030_csv_folder_give_the_same_districts(tmp_path, summary):
    import liangxin as lx
    from liangxin.graph.store import load_network, save_network
    from liangxin.queries.analysis import summary_object
    from tests.fixtures.handmade import write_csv_folder

    network = lx.load(two_districts.write(tmp_path / "city.xlsx"))
    save_network(network, tmp_path / "city.lxg")
    folder = write_csv_folder(tmp_path / "csv", two_districts.SHEETS, encoding="gb18030")
    for again in (load_network(tmp_path / "city.lxg"), lx.load(folder)):
        assert summary_object(lx.analyze(again), "x")["coverage"] == summary["coverage"]


def test_pushing_a_city_as_one_network_is_refused_before_connecting(tmp_path):
    import liangxin as lx
    from liangxin.errors import LiangxinInputError
    from liangxin.graph.neo4j import push_network

    with pytest.raises(LiangxinInputError):
        push_network(None, lx.load(two_districts.write(tmp_path / "city.xlsx")))


def _scope_warnings(records):
    from liangxin.inputs import UNNAMED_SCOPE

    return [r for r in records if getattr(r, "code", None) == UNNAMED_SCOPE]


def test_a_city_left_under_the_default_name_is_warned(tmp_path, caplog):
    from liangxin import inputs
    from liangxin.inputs import open_input

    inputs._WARNED.clear()
    path = two_districts.write(tmp_path / "city.xlsx")
    with caplog.at_level("WARNING", logger="liangxin.inputs"):
        network = open_input(path)
    assert len(_scope_warnings(caplog.records)) == 1
    assert network.district == "龙岗区"  # still analysed: the warning says how to name it


def test_a_named_city_is_not_warned_and_every_output_uses_its_name(tmp_path, caplog):
    import datetime

    from openpyxl import load_workbook

    from liangxin.queries.progress import campaign_progress
    from liangxin.viz.bulletin import build_bulletin

    path = two_districts.write(tmp_path / "city.xlsx")
    rules = tmp_path / "rules.toml"
    rules.write_text('district = "深圳市"\n', encoding="utf-8")
    with caplog.at_level("WARNING", logger="liangxin.inputs"):
        done = run_analyze(path, tmp_path / "out", rules_path=rules)
    assert not _scope_warnings(caplog.records)
    assert done.analysis.network.district == "深圳市"
    overview = {row[0]: row[1] for row in load_workbook(tmp_path / "out" / "report.xlsx")["总览"].iter_rows(
        min_row=2, values_only=True)}
    assert overview["市"] == "深圳市"  # the scope's level names its row: a city is not a 区
    assert "<title>深圳市" in (tmp_path / "out" / "network.html").read_text(encoding="utf-8")
    day = datetime.date(2019, 5, 10)
    bulletin = build_bulletin(done.analysis, campaign_progress(done.analysis, date=day), date=day)
    assert bulletin.issuer == "中共深圳市委两新组织工委"


def _bulletin_text(bulletin):
    """Every sentence and cell of `bulletin`, as one string."""
    parts = [bulletin.addressee, bulletin.intro]
    for section in [*bulletin.sections, *bulletin.appendices]:
        for block in section.blocks:
            parts += [block] if isinstance(block, str) else [getattr(block, "title", ""), getattr(block, "note", "")]
            parts += [str(cell) for row in getattr(block, "rows", []) for cell in row]
    return "\n".join(parts)


@pytest.mark.parametrize("scope", ["深圳市", "龙岗区"])
def test_a_city_speaks_of_itself_as_a_whole_city(tmp_path, scope):
    """Under 深圳市 no output says 全区 (the whole district) or 区委两新组织工委; under the
    default 龙岗区 they still do: the words come from the scope's name, not from the data."""
    import datetime

    from openpyxl import load_workbook

    from liangxin.queries.labels import committee_zh, whole_zh
    from liangxin.queries.progress import campaign_progress
    from liangxin.queries.snapshots import compare_snapshots
    from liangxin.viz.bulletin import ADDRESSEE, build_bulletin
    from liangxin.viz.charts import chart_data
    from liangxin.viz.network import network_view
    from liangxin.viz.diff_report import diff_sheets

    whole, other = whole_zh(scope), {"全市": "全区", "全区": "全市"}[whole_zh(scope)]
    path = two_districts.write(tmp_path / "city.xlsx")
    rules = tmp_path / "rules.toml"
    rules.write_text(f'district = "{scope}"\n', encoding="utf-8")
    done = run_analyze(path, tmp_path / "out", rules_path=rules)
    coverage = list(load_workbook(tmp_path / "out" / "report.xlsx")["覆盖率"].iter_rows(min_row=2, values_only=True))
    assert coverage[0][:2] == (whole, whole)
    page = (tmp_path / "out" / "network.html").read_text(encoding="utf-8")
    assert network_view(done.analysis).whole == whole and f'"whole":"{whole}"' in page
    assert other not in page  # the subtitle, legend, notes and the page's script
    assert dict(chart_data(done.analysis)[0][2])["whole"] == whole
    day = datetime.date(2019, 5, 10)
    bulletin = build_bulletin(done.analysis, campaign_progress(done.analysis, date=day), date=day)
    text = _bulletin_text(bulletin)
    assert committee_zh(scope) in text and other not in text
    assert ("市属" in bulletin.addressee) == (whole == "全市") and bulletin.addressee != ADDRESSEE  # districts first
    streets = dict((name, frame) for name, frame, _ in diff_sheets(compare_snapshots(done.analysis, done.analysis)))
    assert streets["街道覆盖率变化"].iloc[0][["范围", "名称"]].tolist() == [whole, whole]


def test_one_district_is_not_warned(tmp_path, caplog):
    from liangxin.inputs import open_input
    from tests.fixtures import handmade

    with caplog.at_level("WARNING", logger="liangxin.inputs"):
        open_input(handmade.write_xlsx(tmp_path / "one.xlsx"))
    assert not _scope_warnings(caplog.records)


def test_a_city_is_warned_once_per_process_and_a_saved_city_too(tmp_path, caplog):
    import liangxin as lx
    from liangxin import inputs
    from liangxin.inputs import open_input

    inputs._WARNED.clear()
    path = two_districts.write(tmp_path / "city.xlsx")
    with caplog.at_level("WARNING", logger="liangxin.inputs"):
        network = open_input(path)
        open_input(path)  # a second snapshot of the same city (diff, trend): said once
    assert len(_scope_warnings(caplog.records)) == 1
    saved = lx.save_network(network, tmp_path / "city.lxg")
    inputs._WARNED.clear()
    caplog.clear()
    with caplog.at_level("WARNING", logger="liangxin.inputs"):
        open_input(saved)
        open_input(path, name_scope=False)  # Neo4j: stored district by district
    assert len(_scope_warnings(caplog.records)) == 1
