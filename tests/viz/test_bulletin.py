"""diff.json, diff.xlsx and the bulletin (.docx, .html) on the hand-worked snapshot pair.

The new organization R carries a hostile name: it must stay inert text in every file.
Figures are those worked out in tests/queries/test_snapshots.py.
"""

import copy
import datetime
import json

import pytest
from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook

from liangxin.pipeline import lists_path, run_bulletin, run_diff
from tests.fixtures import handmade
from tests.fixtures.snapshots import NEW_SHEETS, OLD_SHEETS, R_NAME
from liangxin.viz.bulletin import TITLE
from liangxin.viz.diff_report import DIFF_SHEETS, RECOMMENDATION_SHEETS

EVIL = '=HYPERLINK("http://example.com","点我")<script>alert(1)</script>'


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bulletin")
    sheets = copy.deepcopy(NEW_SHEETS)
    for row in sheets["两新组织"]:
        if len(row) > 1 and row[1] == R_NAME:
            row[1] = EVIL
    old = handmade.write_xlsx(folder / "台账-上期.xlsx", OLD_SHEETS)
    new = handmade.write_xlsx(folder / "台账-本期.xlsx", sheets)
    result = run_diff(old, new, folder / "对比")
    run_bulletin(new, folder / "通报.docx", previous_path=old, date=datetime.date(2019, 5, 10),
                 previous_date=datetime.date(2019, 4, 26))
    run_bulletin(new, folder / "本期通报.html", date=datetime.date(2019, 7, 2))
    return folder, result


def _docx_text(path):
    document = Document(str(path))
    paragraphs = [p.text for p in document.paragraphs]
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return document, paragraphs, cells


def test_diff_xlsx_sheets_numbers_and_inert_text(files):
    folder, result = files
    book = load_workbook(folder / "对比" / "diff.xlsx")
    assert book.sheetnames == [*DIFF_SHEETS, *RECOMMENDATION_SHEETS]
    overview = {row[0]: row[1:] for row in book["总览"].iter_rows(min_row=2, values_only=True)}
    assert overview["两新组织数"] == (13, 13, 0)
    assert overview["组织覆盖率"][1] == pytest.approx(5 / 6)
    assert overview["新建党组织数（按党支部计）"][1] == 3 and overview["党组织组建推进的组织数"][1] == 3 and overview["缺口关闭的组织数"][1] == 6
    formed = list(book["新建党组织"].iter_rows(min_row=2, values_only=True))
    assert sorted(r[9] for r in formed) == ["新建单独组建", "新建联合组建", "联合组建转单独组建"]
    streets = book["街道覆盖率变化"]
    header = [c.value for c in streets[1]]
    overall = [c for c in streets[2]]
    rate = overall[header.index("组织覆盖率（本期）")]
    assert rate.value == pytest.approx(5 / 6) and rate.number_format == "0.00%"
    added = book["新增组织"]
    name_cell = [row[1] for row in added.iter_rows(min_row=2)][0]
    assert name_cell.value == EVIL and name_cell.data_type == "s"
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)
    conflicts = list(book["数据冲突"].iter_rows(min_row=2, values_only=True))
    assert ("丁制造有限公司", "坂田街道", "街道", "坂田街道", "挂点促建", 4, "布吉街道") in [r[1:8] for r in conflicts]


def test_diff_json(files):
    folder, result = files
    data = json.loads((folder / "对比" / "diff.json").read_text(encoding="utf-8"))
    assert list(data)[:3] == ["old", "new", "counts"]
    assert data["counts"] == result.diff.counts
    assert data["added"][0]["name"] == EVIL and data["added"][0]["codes"] == ["MEMBERS_REQUIRED"]
    assert data["streets"]["overall"]["after"]["org_coverage"] == 0.8333
    assert data["streets"]["布吉街道"]["after"]["org_coverage"] is None
    assert {e["name"]: e["codes"] for e in data["closed_gaps"]}["甲科技有限公司"] == [
        "MASS_ORG_FIRST", "MASS_ORG_MISSING", "MEMBERS_REQUIRED", "PARTY_ORG_REQUIRED"]
    zhang = [u for u in data["units"] if u["unit"] == "张伟"][0]
    assert (zhang["load_before"], zhang["load_after"], zhang["closed"], zhang["formed"]) == (3.0, 1.0, 1.0, 2.0)


def test_bulletin_docx_reads_back(files):
    folder, _ = files
    document, paragraphs, cells = _docx_text(folder / "通报.docx")
    assert paragraphs[0] == TITLE
    text = "\n".join(paragraphs)
    assert "截至2019年5月10日" in text and "与上期（2019年4月26日）进行了比较" in text
    assert "组织覆盖率83.3%（较上期+40.5个百分点）" in text
    # branches new since April (tests/fixtures/snapshots.py): 甲's and 丁's own, 山厦社区联合党支部 (H's);
    # organizations: A formed its own, H joined a joint branch, D went from joint to standalone
    assert "本期新建党组织3个（单独组建2个、联合党支部1个）" in text
    assert "（其中新建单独组建1个、加入联合党支部1个、由联合组建转为单独组建1个）" in text
    # six branches now: 甲, 丁, 庚 standalone; 白坭坑, 山厦 and 癸's unnamed joint branch; six organizations
    assert "共有党组织6个（单独组建3个、联合党支部3个），覆盖两新组织6个" in text
    assert "目前处于攻坚阶段（6月20日前）" in text
    assert "中共龙岗区委两新组织工委" in text
    # tables 1–5 in the body (表3 区领导和业务主管单位, 表4 区直机关); 附件1 the unit with no progress
    # (区司法局, idle), 附件2 the one organization fit to stand alone; no joint group and no move, so
    # no empty appendix for them; the rankings are short enough to stay whole
    assert len(document.tables) == 7
    assert document.tables[0].rows[0].cells[0].text == "指标"
    assert EVIL in cells                                    # the name as written, as text
    ranking = [row.cells[1].text for row in document.tables[1].rows[1:]]
    assert ranking == ["平湖街道", "坂田街道", "布吉街道", "横岗街道"]
    assert document.core_properties.title == TITLE


def test_bulletin_html_is_self_contained_and_escaped(files):
    folder, _ = files
    page = (folder / "通报.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and TITLE in page
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    for external in ("src=", "href=", "<link", "@import", "url("):
        assert external not in page
    assert "组织覆盖率83.3%（较上期+40.5个百分点）" in page


def test_bulletin_files_side_by_side(files):
    folder, _ = files
    for name in ("通报.docx", "通报.html", "通报_附件名单.xlsx", "本期通报.docx", "本期通报.html", "本期通报_附件名单.xlsx"):
        assert (folder / name).stat().st_size > 0, name
    assert lists_path(folder / "通报.docx").name == "通报_附件名单.xlsx"
    assert load_workbook(folder / "通报_附件名单.xlsx").sheetnames == list(RECOMMENDATION_SHEETS)


def test_bulletin_without_previous(files):
    folder, _ = files
    _, paragraphs, _ = _docx_text(folder / "本期通报.docx")
    text = "\n".join(paragraphs)
    assert "组织覆盖率较高的是" in text and "较上期" not in text
    assert "攻坚阶段" not in text   # 2 July: after the campaign's summary phase


def test_commands(tmp_path):
    from liangxin.cli import main

    old = handmade.write_xlsx(tmp_path / "上期.xlsx", OLD_SHEETS)
    new = handmade.write_xlsx(tmp_path / "本期.xlsx", NEW_SHEETS)
    runner = CliRunner()
    done = runner.invoke(main, ["diff", str(old), str(new), "--out", str(tmp_path / "对比")])
    assert done.exit_code == 0, done.output
    assert "新建党组织 3 个（单独组建 2，联合党支部 1）" in done.output and (tmp_path / "对比" / "diff.xlsx").exists()
    done = runner.invoke(main, ["bulletin", str(new), "--previous", str(old), "--out", str(tmp_path / "通报.html"),
                                "--date", "2019年5月10日"])
    assert done.exit_code == 0, done.output
    assert (tmp_path / "通报.docx").exists() and (tmp_path / "通报.html").exists()
    bad = runner.invoke(main, ["bulletin", str(new), "--out", str(tmp_path / "通报.pdf")])
    assert bad.exit_code == 2
    bad = runner.invoke(main, ["bulletin", str(new), "--out", str(tmp_path / "通报.docx"), "--date", "5月10日"])
    assert bad.exit_code == 2
    missing = runner.invoke(main, ["diff", str(tmp_path / "无.xlsx"), str(new), "--out", str(tmp_path / "o")])
    assert missing.exit_code == 2


def test_a_campaign_with_nothing_to_rank_claims_no_progress(tmp_path):
    """Issue 19: with every count 0 the bulletin said 各街道本期均有新建党组织, 本期所有责任单位均有进展
    and 纳入排名的责任单位0个（）. Here no organization must have a Party organization (10 employees
    each) and no unit is named, so no street and no unit is ranked."""
    def header_only(rows):  # the title row (if any) and the header: the first row with two or more names
        end = next(i for i, row in enumerate(rows) if sum(isinstance(v, str) for v in row) >= 2)
        return rows[:end + 1]

    sheets = {name: header_only(rows) for name, rows in copy.deepcopy(handmade.SHEETS).items()}
    sheets["街道社区"] = handmade.GEOGRAPHY
    sheets["两新组织"].extend(
        [i, f"小微{i}有限公司", None, "非公企业", "平湖街道", "山厦社区", 10, 0, "否", None, "未组建", None,
         "否", "否", "否", "否", "零售", None] for i in (1, 2))
    workbook = handmade.write_xlsx(tmp_path / "台账.xlsx", sheets)
    run_bulletin(workbook, tmp_path / "通报.docx", previous_path=workbook, date=datetime.date(2019, 5, 10))
    _, paragraphs, _ = _docx_text(tmp_path / "通报.docx")
    text = "\n".join(paragraphs)
    assert "各街道本期均有新建党组织" not in text
    assert "本期所有责任单位均有进展" not in text
    assert "（）" not in text


def test_the_bulletin_counts_every_overloaded_unit_as_the_console_does():
    """The demo district of seed 5 has an overloaded instructor, whom the bulletin's ranking leaves out:
    the bulletin still says as many overloaded units as the console (it said 3 where the console said 4)."""
    from liangxin.demo import demo_sheets
    from liangxin.graph.network import build_network
    from liangxin.queries.analysis import analyze_network
    from liangxin.queries.progress import campaign_progress
    from liangxin.viz.bulletin import build_bulletin
    from tests.conftest import tables_from_rows

    workbook = demo_sheets(1000, seed=5)
    sheets = {name: [list(frame.columns)] + frame.astype(object).where(frame.notna(), None).values.tolist()
              for name, frame in workbook.sheets.items()}
    analysis = analyze_network(build_network(tables_from_rows(sheets)))
    assert "instructor" in set(analysis.overloaded["kind"])
    day = datetime.date(2019, 5, 10)
    bulletin = build_bulletin(analysis, campaign_progress(analysis, date=day), date=day)
    text = "".join(block for section in bulletin.sections for block in section.blocks if isinstance(block, str))
    assert f"超出责任容量的{len(analysis.overloaded)}个" in text


@pytest.mark.parametrize("rates, highest, lowest", [
    ([0.5, 0.5, 0.5, 0.5], [], []),                       # all tie: none named (the text says they tie)
    ([1.0, 0.5, 0.5, 0.0], ["甲街道"], ["丁街道"]),        # 乙 and 丙 tie across the middle: neither
    ([1.0, 1.0, 1.0, 0.0], ["甲街道", "乙街道"], ["丁街道"]),
    ([0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3], ["甲街道", "乙街道", "丙街道"], ["庚街道", "己街道", "戊街道"]),
    ([0.4, 0.2], ["甲街道"], ["乙街道"]),
])
def test_the_first_bulletin_names_distinct_highest_and_lowest_streets(rates, highest, lowest):
    import pandas as pd

    from liangxin.viz.bulletin_rankings import highest_and_lowest

    names = ["甲街道", "乙街道", "丙街道", "丁街道", "戊街道", "己街道", "庚街道"][:len(rates)]
    ranked = pd.DataFrame({"street": names, "org_coverage": rates})
    best, worst = highest_and_lowest(ranked)
    assert (best, worst) == (highest, lowest)
    assert not set(best) & set(worst)


def test_the_bulletin_prints(files, to_pdf):
    """The bulletin converted by LibreOffice: a few pages, every table within the page (its columns
    fit the text width) and its last column printed, page numbers, the signature at the body's end."""
    from docx.shared import Cm

    from liangxin.viz.bulletin_files import _TEXT_WIDTH_CM

    folder, _ = files
    path = folder / "通报.docx"
    document = Document(str(path))
    pdf, pages, text = to_pdf(path)
    flat = "".join(text.split())
    assert 2 <= pages <= 6
    for table in document.tables:
        widths = [column.width for column in table.columns]
        assert sum(widths) <= Cm(_TEXT_WIDTH_CM) + Cm(0.05)
        last = "".join(table.rows[0].cells[-1].text.split())
        assert last[:3] in flat, last                     # the last column's header printed
        value = "".join(table.rows[-1].cells[-1].text.split())
        assert value[:2] in flat, value                   # and the last row's last cell
    assert "—1—" in flat and "中共龙岗区委两新组织工委" in flat
    assert flat.index("中共龙岗区委两新组织工委") < flat.index("附件1尚无进展的单位")   # signed before the appendices
