"""Every figure a person reads agrees across the outputs: console, report.xlsx, summary.json, diff.xlsx, bulletin, network.html.

Each output is produced by the command line, as a user runs it, and read back the way a person
or a program would (the console's text, the workbooks with openpyxl, the bulletin's .docx and
.html text). The figures: 未覆盖组织 (open organizations), 提升项, 无责任主体, 重点难点未挂点,
超负荷单位 and the overall organization coverage rate.

On the hand-made workbook the figures are also checked against the ones worked out by hand
(tests/test_handmade.py); on a small demo district (and its later snapshot) they only have to
agree with each other. network.html's figures are read from
the data its page draws from (:func:`network_figures`).
"""

import json
import re
from html.parser import HTMLParser

import pytest
from openpyxl import load_workbook

from tests.cli.test_cli import liangxin
from tests.fixtures import handmade

FIGURES = ("open", "improvement", "no_responsible_unit", "key_no_leader", "overloaded", "org_coverage")

# Worked out by hand (tests/test_handmade.py): open = A C E F H I Q; D and P (joint branches, only
# STANDALONE_POSSIBLE / MASS_ORG_MISSING) are 提升项; F (no street, nobody attached) is the only open
# organization with no responsible unit; the only key organization without a Party organization is
# A, and 张伟 is attached to it, so none is 重点难点未挂点; 区民政局 (2 > 1), 刘洋 (1 > 0) and 张伟
# (3 > 2) are overloaded; 3 of the 7 party-org-required organizations (B D G) are organized.
HANDMADE = {"open": 7, "improvement": 2, "no_responsible_unit": 1, "key_no_leader": 0, "overloaded": 3,
            "org_coverage": 3 / 7}


def console_figures(stdout):
    """The figures of ``liangxin analyze``'s summary lines."""
    line = re.search(r"未覆盖组织 (\d+) 个（另有提升项 (\d+) 个），无责任主体 (\d+) 个，重点难点未挂点 (\d+) 个，"
                     r"超负荷单位 (\d+) 个", stdout)
    assert line, stdout
    rate = re.search(r"组织覆盖率 ([\d.]+)%", stdout)
    return {**dict(zip(FIGURES, map(int, line.groups()))), "org_coverage": float(rate.group(1)) / 100}


def report_figures(path):
    """The figures of report.xlsx's 总览, and the rows of its 未覆盖组织, 提升项 and 超负荷单位 sheets."""
    book = load_workbook(path, read_only=True)
    overview = {row[0]: row[1] for row in book["总览"].iter_rows(min_row=2, values_only=True)}
    figures = {"open": overview["未覆盖组织数"], "improvement": overview["提升项组织数"],
               "no_responsible_unit": overview["无责任主体组织数"], "key_no_leader": overview["重点难点未挂点组织数"],
               "overloaded": overview["超负荷单位数"], "org_coverage": overview["组织覆盖率"]}
    listed = {name: sum(1 for row in book[name].iter_rows(min_row=2, values_only=True) if any(row))
              for name in ("未覆盖组织", "提升项", "超负荷单位")}
    assert (listed["未覆盖组织"], listed["提升项"], listed["超负荷单位"]) == (
        figures["open"], figures["improvement"], figures["overloaded"]), "总览 disagrees with its own sheets"
    return figures


def summary_figures(path):
    summary = json.loads(path.read_text(encoding="utf-8"))
    uncovered = summary["uncovered"]
    return {
        "open": sum(entry["open"] for entry in uncovered),
        "improvement": sum(not entry["open"] for entry in uncovered),
        "no_responsible_unit": sum("NO_RESPONSIBLE_UNIT" in entry["codes"] for entry in uncovered),
        "key_no_leader": sum("KEY_NO_LEADER" in entry["codes"] for entry in summary["broken_chains"]),
        "overloaded": len(summary["overloaded"]),
        "org_coverage": summary["coverage"]["overall"]["org_coverage"],
    }


def diff_figures(path):
    """What diff.xlsx says of the later snapshot: 未覆盖, coverage and overloaded units (本期)."""
    book = load_workbook(path, read_only=True)
    overview = {row[0]: row[2] for row in book["总览"].iter_rows(min_row=2, values_only=True)}
    units = list(book["单位负荷变化"].iter_rows(values_only=True))
    over = units[0].index("超负荷（本期）")
    return {"open": overview["未覆盖组织数（应有党员或应建未建）"], "org_coverage": overview["组织覆盖率"],
            "overloaded": sum(row[over] == "是" for row in units[1:])}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)


def bulletin_text(docx_path):
    """The bulletin's text, from the .docx (paragraphs and tables) and from the .html."""
    import docx

    document = docx.Document(docx_path)
    words = [p.text for p in document.paragraphs]
    words += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    parser = _Text()
    parser.feed(docx_path.with_suffix(".html").read_text(encoding="utf-8"))
    return "\n".join(words), "".join(parser.parts)


#: How the bulletin words each figure; one it does not mention is not compared (the bulletin
#: branch adds 提升项 / 无责任主体 / 重点难点未挂点 to its body).
BULLETIN_PATTERNS = {
    "open": r"尚有未覆盖组织(\d+)个",
    "improvement": r"提升项(?:组织)?(\d+)个",
    "no_responsible_unit": r"无责任主体(?:的组织)?(\d+)个",
    "key_no_leader": r"重点难点(?:组织)?未挂点(?:的组织)?(\d+)个",
    "overloaded": r"超出责任容量的(\d+)个",
    "org_coverage": r"组织覆盖率([\d.]+)%",
}


def bulletin_figures(text):
    found = {}
    for key, pattern in BULLETIN_PATTERNS.items():
        values = {float(v) for v in re.findall(pattern, text)}
        if values:
            assert len(values) == 1, (key, values)  # said twice, said the same
            value = values.pop()
            found[key] = value / 100 if key == "org_coverage" else int(value)
    return found


def network_figures(path):
    """network.html's figures for the whole district, read from the data the page draws from
    (``window.LIANGXIN_DATA.figures``: each figure as ``[in the view, in the district]``; the
    browser tests check that the page shows these very numbers)."""
    page = path.read_text(encoding="utf-8")
    start = page.index("window.LIANGXIN_DATA = ") + len("window.LIANGXIN_DATA = ")
    data, _ = json.JSONDecoder().raw_decode(page, start)
    figures = data["figures"]
    assert data["mode"] == "district"
    return {"open": figures["open"][1], "improvement": figures["improvement"][1],
            "no_responsible_unit": figures["codes"]["NO_RESPONSIBLE_UNIT"][1],
            "key_no_leader": figures["codes"]["KEY_NO_LEADER"][1], "overloaded": figures["overloaded"][1]}


def assert_agree(expected, name, figures):
    for key, value in figures.items():
        if key == "org_coverage":
            # printed with one decimal (console, bulletin) or kept whole (report, summary, diff)
            assert value == pytest.approx(expected[key], abs=0.0006), (name, key, value, expected[key])
        else:
            assert value == expected[key], (name, key, value, expected[key])


def all_figures(tmp_path, old, new):
    """Run analyze, diff and bulletin on (old, new) as a user would; every output's figures of `new`."""
    analyzed = liangxin("analyze", new, "--out", tmp_path / "结果", "--date", "2019-04-26")
    assert analyzed.returncode == 0, analyzed.stderr
    diffed = liangxin("diff", old, new, "--out", tmp_path / "对比")
    assert diffed.returncode == 0, diffed.stderr
    bulletin = liangxin("bulletin", new, "--previous", old, "--out", tmp_path / "通报" / "通报.docx")
    assert bulletin.returncode == 0, bulletin.stderr
    docx_text, html_text = bulletin_text(tmp_path / "通报" / "通报.docx")
    outputs = {
        "console": console_figures(analyzed.stdout),
        "report.xlsx": report_figures(tmp_path / "结果" / "report.xlsx"),
        "diff.xlsx": diff_figures(tmp_path / "对比" / "diff.xlsx"),
        "bulletin.docx": bulletin_figures(docx_text),
        "bulletin.html": bulletin_figures(html_text),
        "network.html": network_figures(tmp_path / "结果" / "network.html"),
    }
    for name in ("bulletin.docx", "bulletin.html"):  # the headline the bulletin must carry
        assert {"open", "overloaded", "org_coverage"} <= set(outputs[name]), (name, outputs[name])
    return summary_figures(tmp_path / "结果" / "summary.json"), outputs


def test_handmade_figures_agree_everywhere_and_with_the_hand(tmp_path):
    workbook = handmade.write_xlsx(tmp_path / "台账.xlsx")
    summary, outputs = all_figures(tmp_path, workbook, workbook)  # the workbook against itself: 本期 = it
    assert_agree(HANDMADE, "summary.json", summary)
    for name, figures in outputs.items():
        assert_agree(HANDMADE, name, figures)


def test_demo_figures_agree_everywhere(tmp_path):
    demo = liangxin("demo", "--out", tmp_path / "演示", "--orgs", 300, "--no-analyze")
    later = liangxin("demo", "--out", tmp_path / "演示", "--orgs", 300, "--later", "--no-analyze")
    assert demo.returncode == 0 and later.returncode == 0, (demo.stderr, later.stderr)
    summary, outputs = all_figures(tmp_path, tmp_path / "演示" / "sample.xlsx", tmp_path / "演示" / "sample_later.xlsx")
    assert summary["open"] > 0 and summary["improvement"] > 0 and summary["overloaded"] >= 0
    for name, figures in outputs.items():
        assert_agree(summary, name, figures)
