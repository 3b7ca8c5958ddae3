"""``liangxin trend`` on the four weekly snapshots of tests/fixtures/series.py (figures: tests/queries/test_trend.py)."""

import json
import re
import os
import shutil
import subprocess
import sys

import pytest
from openpyxl import load_workbook

from tests.fixtures.series import write_series


def _liangxin(*args):
    executable = shutil.which("liangxin", path=os.path.dirname(sys.executable))
    return subprocess.run([executable, *map(str, args)], capture_output=True, text=True, encoding="utf-8", timeout=300)


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    folder = tmp_path_factory.mktemp("trend")
    write_series(folder / "各期台账")
    done = _liangxin("trend", folder / "各期台账", "--out", folder / "趋势")
    assert done.returncode == 0, done.stderr
    return folder / "趋势", done


def test_trend_json_has_the_contract_shape_and_hand_figures(written):
    out, _ = written
    trend = json.loads((out / "trend.json").read_text(encoding="utf-8"))
    assert [s["date"] for s in trend["snapshots"]] == ["2019-05-03", "2019-05-10", "2019-05-17", "2019-05-24"]
    assert [s["overall"]["open"] for s in trend["snapshots"]] == [3, 2, 3, 2]
    assert [s["overall"]["org_coverage"] for s in trend["snapshots"]] == [0.25, 0.5, 0.25, 0.5]
    assert set(trend["snapshots"][0]["overall"]) == {"open", "required", "org_coverage", "standalone_rate",
                                                     "work_coverage", "no_responsible_unit", "key_no_leader",
                                                     "overloaded"}
    assert trend["snapshots"][-1]["by_street"]["布吉街道"] == {"open": 1, "required": 2, "org_coverage": 0.5}
    assert trend["snapshots"][-1]["by_unit"]["张伟"] == {"kind": "leader", "load": 1.0}
    assert trend["status"] == {"by_street": {"平湖街道": "绿", "布吉街道": "红"},
                               "by_unit": {"张伟": "绿", "李娜": "红"}}


def test_trend_xlsx_one_row_per_snapshot_and_a_chart_per_figure(written):
    out, done = written
    book = load_workbook(out / "trend.xlsx")
    assert book.sheetnames[0] == "各期汇总"
    rows = list(book["各期汇总"].iter_rows(values_only=True))
    assert [r[0] for r in rows[1:5]] == ["2019-05-03", "2019-05-10", "2019-05-17", "2019-05-24"]
    assert len(book["各期汇总"]._images) == len(list(out.glob("趋势-*.png"))) >= 8
    assert "注意" not in done.stderr  # every file name carries its date


def test_snapshots_without_dates_in_their_names_are_taken_weekly_with_a_note(tmp_path):
    paths = write_series(tmp_path)
    renamed = [path.rename(path.with_name(f"第{i + 1}期.xlsx")) for i, path in enumerate(paths)]
    done = _liangxin("trend", *renamed, "--out", tmp_path / "o")
    assert done.returncode == 0, done.stderr
    assert "--dates" in done.stderr
    done = _liangxin("trend", *renamed, "--out", tmp_path / "o2", "--dates", "2019-05-03,2019-05-10,2019-05-17,2019-05-24")
    assert done.returncode == 0 and "--dates" not in done.stderr
    trend = json.loads((tmp_path / "o2" / "trend.json").read_text(encoding="utf-8"))
    assert trend["status"]["by_street"] == {"平湖街道": "绿", "布吉街道": "红"}


def test_a_wrong_number_of_dates_is_one_line_exit_2(tmp_path):
    paths = write_series(tmp_path)
    done = _liangxin("trend", *paths, "--out", tmp_path / "o", "--dates", "2019-05-03")
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1


def test_bulletin_with_history_adds_the_trend_section(tmp_path):
    from docx import Document

    paths = write_series(tmp_path / "各期台账")
    current = paths[-1]
    done = _liangxin("bulletin", current, "--previous", paths[-2], "--history", tmp_path / "各期台账",
                     "--date", "2019-05-24", "--previous-date", "2019-05-17", "--out", tmp_path / "通报.docx")
    assert done.returncode == 0, done.stderr
    document = Document(str(tmp_path / "通报.docx"))
    headings = [p.text for p in document.paragraphs if p.text.startswith(("六、", "七、"))]
    assert headings == ["六、进展趋势", "七、下一步工作要求"]
    assert len(document.inline_shapes) == 1                     # the coverage chart
    tables = {t.rows[0].cells[0].text: t for t in document.tables}
    lights = {row.cells[0].text: row.cells[-1].text for row in tables["街道"].rows[1:]}
    assert lights == {"平湖街道": "绿", "布吉街道": "红"}      # tests/queries/test_trend.py
    longest = [[c.text for c in row.cells] for row in tables["组织名称"].rows[1:]]
    assert [row[0] for row in longest] == ["丙物流有限公司", "乙制造有限公司"] and longest[0][3:] == ["3", "张伟"]
    html = (tmp_path / "通报.html").read_text(encoding="utf-8")
    assert "data:image/png;base64," in html and "<script" not in html


def test_bulletin_without_history_has_no_trend_section(tmp_path):
    from docx import Document

    paths = write_series(tmp_path)
    done = _liangxin("bulletin", paths[-1], "--date", "2019-05-24", "--out", tmp_path / "通报.docx")
    assert done.returncode == 0, done.stderr
    text = [p.text for p in Document(str(tmp_path / "通报.docx")).paragraphs]
    assert "六、下一步工作要求" in text and "六、进展趋势" not in text




def test_trend_and_bulletin_print(written, tmp_path, to_pdf):
    out, _ = written
    pdf, pages, text = to_pdf(out / "trend.xlsx")
    assert pages >= 1 and "2019-05-24" in text and "布吉街道" in text
    paths = write_series(tmp_path / "各期台账")
    done = _liangxin("bulletin", paths[-1], "--history", tmp_path / "各期台账", "--date", "2019-05-24",
                     "--out", tmp_path / "通报.docx")
    assert done.returncode == 0, done.stderr
    pdf, pages, text = to_pdf(tmp_path / "通报.docx")
    assert "进展趋势" in text and re.search(r"图\s*1", text) and pages <= 8


def test_a_demo_series_trends_as_each_week_analyzes(tmp_path):
    """``liangxin demo --weeks 3`` writes three dated weeks; trend's figures per week are those of
    analyzing each week alone (one computation feeds both)."""
    import liangxin as lx
    from liangxin.queries.analysis import open_by_id

    done = _liangxin("demo", "--out", tmp_path, "--weeks", "3", "--orgs", "600", "--no-analyze")
    assert done.returncode == 0, done.stderr
    weeks = sorted((tmp_path / "各期台账").glob("台账-*.xlsx"))
    assert [p.name for p in weeks] == ["台账-2019-04-26.xlsx", "台账-2019-05-03.xlsx", "台账-2019-05-10.xlsx"]
    done = _liangxin("trend", tmp_path / "各期台账", "--out", tmp_path / "趋势")
    assert done.returncode == 0, done.stderr
    trend = json.loads((tmp_path / "趋势" / "trend.json").read_text(encoding="utf-8"))
    for snapshot, path in zip(trend["snapshots"], weeks):
        result = lx.analyze(path)
        assert snapshot["overall"]["open"] == int(open_by_id(result).sum())
        assert snapshot["overall"]["overloaded"] == len(result.overloaded)
    opened = [s["overall"]["open"] for s in trend["snapshots"]]
    assert opened == sorted(opened, reverse=True) and opened[0] > opened[-1]  # each week some form a branch


def test_bulletin_history_takes_the_weeks_before_the_current_one_once(tmp_path):
    """Review findings: without --date the current week is dated by its file name; a copy of it
    in the folder is not counted again; our own outputs in the folder are not snapshots; a folder
    of undated files is refused with one line."""
    from docx import Document

    paths = write_series(tmp_path / "各期台账")
    current = tmp_path / "本期台账.xlsx"
    current.write_bytes(paths[-1].read_bytes())           # a copy of 05-24, outside the folder
    (tmp_path / "各期台账" / "trend.xlsx").write_bytes(paths[0].read_bytes())   # an output, not a week
    done = _liangxin("bulletin", paths[-2], "--history", tmp_path / "各期台账", "--out", tmp_path / "a.docx")
    assert done.returncode == 0, done.stderr
    text = "\n".join(p.text for p in Document(str(tmp_path / "a.docx")).paragraphs)
    assert "共统计3期" in text and "2019年5月17日" in text   # 05-03, 05-10 and NEW (05-17, from its name)
    assert "截至2019年5月17日" in text                       # the bulletin's own date is the same one
    done = _liangxin("bulletin", current, "--date", "2019-05-27", "--history", tmp_path / "各期台账",
                     "--out", tmp_path / "b.docx")
    assert done.returncode == 0, done.stderr
    text = "\n".join(p.text for p in Document(str(tmp_path / "b.docx")).paragraphs)
    assert "共统计4期" in text                               # 05-24's copy is the current data, once
    undated = tmp_path / "未标日期"
    undated.mkdir()
    paths[0].rename(undated / "第1周.xlsx")
    done = _liangxin("bulletin", current, "--history", undated, "--out", tmp_path / "c.docx")
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1
