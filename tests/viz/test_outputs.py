import csv

import pytest
from openpyxl import load_workbook

from liangxin.pipeline import run_analyze
from tests.fixtures import handmade

EVIL = "=HYPERLINK(\"http://example.com\",\"点我\")"


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("outputs")
    sheets = {k: [list(r) for r in v] for k, v in handmade.SHEETS.items()}
    sheets["两新组织"][3][1] = EVIL   # B's name
    sheets["两新组织"][2][17] = "@SUM(1,2)"  # an extra column of A
    path = handmade.write_xlsx(folder / "台账.xlsx", sheets)
    result = run_analyze(path, folder / "out")
    return folder / "out", result


def test_report_has_the_chinese_sheets_in_order(outputs):
    book = load_workbook(outputs[0] / "report.xlsx")
    assert book.sheetnames[:6] == ["总览", "未覆盖组织", "超负荷单位", "责任链断点", "覆盖率", "数据问题"]


def test_every_sheet_has_frozen_header_and_filter(outputs):
    book = load_workbook(outputs[0] / "report.xlsx")
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref, sheet.title
        assert sheet.column_dimensions["A"].width > 6


def test_numbers_are_numbers_and_rates_are_percentages(outputs):
    book = load_workbook(outputs[0] / "report.xlsx")
    coverage = book["覆盖率"]
    header = [c.value for c in coverage[1]]
    assert header == ["范围", "名称", "应建党组织数", "组织覆盖率", "单独组建率", "工作覆盖率"]
    overall = [c for c in coverage[2]]
    assert overall[1].value == "全区" and overall[2].value == 7
    assert overall[3].value == pytest.approx(3 / 7) and overall[3].number_format == "0.00%"
    # streets with nothing required have empty rates, not zero
    hengang = [row for row in coverage.iter_rows(values_only=True) if row[1] == "横岗街道"][0]
    assert hengang[2] == 0 and hengang[3] is None
    overview = {row[0]: row[1] for row in book["总览"].iter_rows(min_row=2, values_only=True) if row[0]}
    assert overview["两新组织数"] == 13 and overview["拒收行数"] == 10


def test_names_that_look_like_formulas_stay_text(outputs):
    book = load_workbook(outputs[0] / "report.xlsx")
    chains = book["责任链断点"]
    cells = [row[1] for row in chains.iter_rows(min_row=2)]
    evil = [c for c in cells if c.value == EVIL]
    assert evil and evil[0].data_type == "s"
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)


def test_findings_csv_has_bom_contract_columns_and_inert_text(outputs):
    path = outputs[0] / "findings.csv"
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["category", "code", "entity_kind", "entity_id", "name", "street", "community", "detail"]
    assert {r["category"] for r in rows} == {"uncovered", "broken_chain", "overloaded", "idle"}
    assert any(r["name"] == "'" + EVIL for r in rows)
    assert not any(r[k].startswith(("=", "+", "-", "@")) for r in rows for k in r)
    summary = outputs[1].summary
    uncovered = sum(len(e["codes"]) for e in summary["uncovered"])
    broken = sum(len(e["codes"]) for e in summary["broken_chains"])
    assert len(rows) == uncovered + broken + len(summary["overloaded"]) + len(summary["idle"])
