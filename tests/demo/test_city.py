"""``liangxin demo --districts N``: a synthetic city, each district keyed apart (liangxin.demo.city)."""

import json

from click.testing import CliRunner

from liangxin.cli import main


def test_demo_city_reads_as_several_districts_without_district_warnings(tmp_path):
    result = CliRunner().invoke(main, ["demo", "--out", str(tmp_path), "--orgs", "600", "--districts", "3"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    by_district = summary["coverage"]["by_district"]
    assert sorted(by_district) == sorted(["龙岗区", "福田区", "罗湖区"])
    # 200 rows each; the planted problems reject a few rows per district
    assert all(190 <= entry["organizations"] <= 200 for entry in by_district.values())
    assert sum(entry["organizations"] for entry in by_district.values()) == summary["counts"]["organizations"]
    codes = {w["code"] for w in summary["warnings"]}
    assert not codes & {"DISTRICT_UNCLEAR", "UNIT_IN_SEVERAL_DISTRICTS"}
    # Longgang's 11 street names in each district, kept apart
    assert summary["counts"]["streets"] == 33


def test_demo_city_is_analysed_under_the_city_name_it_writes_in_its_rules_file(tmp_path, caplog):
    from openpyxl import load_workbook

    from liangxin.demo.city import CITY_NAME
    from liangxin.inputs import UNNAMED_SCOPE

    with caplog.at_level("WARNING", logger="liangxin.inputs"):
        result = CliRunner().invoke(main, ["demo", "--out", str(tmp_path), "--orgs", "400", "--districts", "2"],
                                    catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "全市规则.toml").exists()
    assert not [r for r in caplog.records if getattr(r, "code", None) == UNNAMED_SCOPE]
    overview = {row[0]: row[1] for row in load_workbook(tmp_path / "report.xlsx")["总览"].iter_rows(
        min_row=2, values_only=True)}
    assert overview["市"] == CITY_NAME
