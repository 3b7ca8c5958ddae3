"""viz.street_report: one workbook per street (analyze --by-street), read back with openpyxl.

Figures are the hand-made workbook's (tests/test_handmade.py): the open organizations A C H Q
stand in 平湖, E I in 布吉, F on no street; the 提升项 D and P in 坂田; 横岗 has none.
"""

import pytest
from openpyxl import load_workbook

from liangxin.queries.analysis import analyze_network
from liangxin.viz.street_report import write_street_reports
from tests.cli.test_cli import liangxin
from tests.fixtures import handmade


@pytest.fixture(scope="module")
def books(handmade_network, tmp_path_factory):
    folder = tmp_path_factory.mktemp("streets")
    paths = write_street_reports(analyze_network(handmade_network), folder, source="台账.xlsx")
    return {path.stem: load_workbook(path) for path in paths}


def names(sheet):
    header = [c.value for c in sheet[1]]
    return [row[header.index("组织名称")] for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_one_workbook_per_street_in_the_district_order(books):
    assert list(books) == ["平湖街道", "布吉街道", "坂田街道", "横岗街道"]


def test_each_street_has_its_own_organizations_gaps_and_units(books):
    assert {s: names(b["未覆盖组织"]) for s, b in books.items()} == {
        "平湖街道": ["甲科技有限公司", "丙物流有限公司", "子餐饮有限公司", "平湖街道餐饮协会"],  # A key, then 60, 50, 35
        "布吉街道": ["戊建筑有限公司", "布吉街道养老服务中心"], "坂田街道": [], "横岗街道": []}
    assert names(books["坂田街道"]["提升项"]) == ["丁制造有限公司", "癸科技有限公司"]
    assert len(names(books["平湖街道"]["全部组织"])) == 7     # A B C H N O Q
    summary = {row[0]: row[1] for row in books["布吉街道"]["概况"].iter_rows(min_row=2, values_only=True)}
    assert (summary["街道"], summary["未覆盖组织数"], summary["提升项组织数"]) == ("布吉街道", 2, 0)
    assert summary["来源文件"] == "台账.xlsx"
    # 民政局 alone is stationed in 布吉: E and I, 2 of capacity 1
    units = list(books["布吉街道"]["驻街区直机关"].iter_rows(values_only=True))
    assert units[1][:5] == ("区民政局", 2, 1, 1, 0)
    leaders = list(books["坂田街道"]["挂点区领导"].iter_rows(min_row=2, values_only=True))
    assert sorted((r[0], r[1]) for r in leaders) == [("张伟", 1), ("李娜", 1)]    # both on D


def test_analyze_by_street_and_date_from_the_command_line(tmp_path):
    workbook = handmade.write_xlsx(tmp_path / "台账.xlsx")
    done = liangxin("analyze", workbook, "--out", tmp_path / "结果", "--by-street", "--date", "2019年4月26日")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "结果" / "各街道").iterdir()) == sorted(
        f"{s}.xlsx" for s in ["平湖街道", "布吉街道", "坂田街道", "横岗街道"])
    assert "各街道报告" in done.stdout
    overview = {r[0]: r[1] for r in load_workbook(tmp_path / "结果" / "report.xlsx")["总览"].iter_rows(values_only=True)}
    assert overview["数据日期"] == "2019年4月26日" and overview["来源文件"] == "台账.xlsx"
    wrong = liangxin("analyze", workbook, "--out", tmp_path / "x", "--date", "2019-13-40")
    assert wrong.returncode == 2 and "日期" in wrong.stderr
