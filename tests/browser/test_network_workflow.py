"""The analyst's two questions on the demo district, in headless Chromium, offline, from disk (issue 16).

"Who answers for organization X" (search any organization, drawn or not, and read its chain by
name) and "which organizations in street Y have nobody" (the street page with its stationed
departments, filtered by NO_RESPONSIBLE_UNIT). Every figure is checked against summary.json, and
every responsible unit against the workbook's own tables. Each step leaves a screenshot in
tests/browser/screenshots/ (git-ignored) for a person to look at.
"""

import json
from collections import Counter
from pathlib import Path

import pytest

from liangxin.queries.analysis import summary_object
from liangxin.viz.network import network_view, write_network_html
from liangxin.viz.network.catalog import catalog_rows

pytestmark = pytest.mark.slow

API = ["search", "select", "filter", "visibleIds", "detailText"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo district (5,000 organizations), its analysis, summary.json, and its pages with per-street pages."""
    import liangxin as lx
    from liangxin.demo import write_demo

    folder = tmp_path_factory.mktemp("demo")
    analysis = lx.analyze(write_demo(folder, n_orgs=5000, seed=0))
    page = write_network_html(analysis, folder / "network.html", street_pages=True, source="sample.xlsx")
    return analysis, summary_object(analysis, "sample.xlsx"), page


def responsible_names(analysis, org_id):
    """Every unit answering for `org_id`, read from the workbook's tables (not from the page's catalogue)."""
    t = analysis.network.tables
    org = t.organizations.set_index("org_id").loc[org_id]
    names = set()
    for table, columns in ((t.leader_points, ["leader"]), (t.department_contacts, ["department"]),
                           (t.supervision, ["supervisory_unit", "instructor"]), (t.mass_org_tasks, ["mass_org"])):
        for column in columns:
            names |= set(table.loc[table["org_id"] == org_id, column].dropna())
    stations = t.department_stations
    names |= set(stations.loc[stations["street"] == org["street"], "department"].dropna())
    return names


def with_code(summary, code, street=None):
    entries = summary["uncovered"] + summary["broken_chains"]
    streets = {e["org_id"]: e["street"] for e in summary["uncovered"]}
    return {f"org:{e['org_id']}" for e in entries if code in e["codes"]
            and (street is None or streets.get(e["org_id"]) == street)}


def test_the_page_api_has_exactly_the_documented_names(drive, demo):
    _, _, page = demo
    report = drive(page, [{"eval": f"{json.dumps(API)}.map(n => typeof window.liangxin[n])"}])
    assert report["results"][0] == ["function"] * len(API)
    assert report["foreignRequests"] == [] and report["pageErrors"] == []


def test_any_organization_drawn_or_not_shows_its_responsible_units_by_name(drive, demo, screenshots):
    analysis, _, page = demo
    view = network_view(analysis)
    drawn = {node["id"] for node in view.nodes}
    rows = catalog_rows(view.catalog)
    names = Counter(row[1] for row in rows)
    undrawn = next(row for row in rows if row[0] not in drawn and names[row[1]] == 1
                   and len(responsible_names(analysis, row[0][4:])) >= 3)
    shown = next(row for row in rows if row[0] in drawn and names[row[1]] == 1 and row[11])
    report = drive(page, [
        {"fill": ["#lx-search", undrawn[1]]}, {"press": ["#lx-search", "Enter"]},
        {"eval": f"window.liangxin.search({json.dumps(undrawn[1])})"},
        {"eval": "window.liangxin.detailText()"},
        {"eval": "document.querySelector('#lx-detail-body a') && document.querySelector('#lx-detail-body a').href"},
        {"screenshot": str(screenshots / "01-搜索未绘出的组织.png")},
        {"eval": f"window.liangxin.search({json.dumps(shown[1])})"},
        {"eval": "window.liangxin.visibleIds()"},
        {"screenshot": str(screenshots / "02-搜索已绘出的组织.png")},
        {"eval": "window.liangxin.search('')"},
        {"click": shown[0]},
        {"eval": "window.liangxin.detailText()"},
        {"screenshot": str(screenshots / "03-点击组织看责任链.png")},
    ])
    results = report["results"]
    assert results[2][0] == {"id": undrawn[0], "name": undrawn[1], "drawn": False}
    text = results[3]
    assert undrawn[1] in text and "本图没有绘出" in text and "--street" in text
    assert responsible_names(analysis, undrawn[0][4:]) and all(n in text for n in responsible_names(analysis, undrawn[0][4:]))
    street = undrawn[3]
    street_name = view.catalog["streets"][street]
    # the command to draw its street: each argument quoted, so a name with spaces or ; & stays one argument
    assert f'--street "{street_name}" --out "{street_name}.html"' in text
    assert results[4].startswith("file://") and Path(results[4][7:].replace("%20", " ")).name.endswith(".html")
    assert results[6][0] == {"id": shown[0], "name": shown[1], "drawn": True}
    assert shown[0] in results[7]
    assert results[10] == shown[0]  # a real click selects it
    assert all(n in results[11] for n in responsible_names(analysis, shown[0][4:]))
    assert street_name
    assert report["pageErrors"] == [] and report["foreignRequests"] == []


def test_the_page_figures_match_summary_json(drive, demo, screenshots):
    _, summary, page = demo
    report = drive(page, [{"eval": "window.liangxin.figures"},
                          {"eval": "document.getElementById('lx-subtitle').textContent"},
                          {"eval": "Array.from(document.querySelectorAll('#lx-code option')).map(o => [o.value, o.text])"}])
    figures, subtitle, options = report["results"]
    uncovered = summary["uncovered"]
    expected = {"organizations": summary["counts"]["organizations"], "open": sum(e["open"] for e in uncovered),
                "improvement": sum(not e["open"] for e in uncovered), "chain": len(summary["broken_chains"]),
                "overloaded": len(summary["overloaded"]), "idle": len(summary["idle"])}
    assert {key: figures[key][1] for key in expected} == expected
    assert {key: figures[key][0] for key in expected} == expected  # the district page's view is the district
    for key, word in (("open", "未覆盖"), ("improvement", "提升项"), ("chain", "责任链断点")):
        assert f"{word} {expected[key]:,} 个" in subtitle
    codes = Counter(code for e in uncovered + summary["broken_chains"] for code in e["codes"])
    assert {code: pair[1] for code, pair in figures["codes"].items() if pair[1]} == dict(codes)
    # the filter offers every code of RULES.md, KEY_NO_LEADER included, with its count
    offered = dict(options[1:])
    assert "KEY_NO_LEADER" in offered and f"（{codes['KEY_NO_LEADER']}）" in offered["KEY_NO_LEADER"]


def test_filtering_no_responsible_unit_shows_exactly_summary_json_s_organizations(drive, demo, screenshots):
    _, summary, page = demo
    report = drive(page, [
        {"eval": "window.liangxin.filter({code: 'NO_RESPONSIBLE_UNIT'}).length"},
        {"eval": "window.liangxin.visibleIds().filter(id => id.startsWith('org:'))"},
        {"eval": "window.liangxin.listedIds()"},
        {"screenshot": str(screenshots / "04-全区筛选无责任主体.png")},
        {"download": "#lx-csv"},
        {"eval": "window.liangxin.png().slice(0, 22)"},
        {"download": "#lx-png"},
        {"eval": "window.liangxin.filter({}).length"},
        {"eval": "window.liangxin.visibleIds().length"},
    ])
    results = report["results"]
    expected = with_code(summary, "NO_RESPONSIBLE_UNIT")
    assert expected and set(results[1]) == expected and set(results[2]) == expected
    csv = results[4]
    assert csv["bom"] == "efbbbf" and csv["name"].endswith(".csv")
    assert len(csv["text"].strip().splitlines()) == len(expected) + 1
    assert results[5] == "data:image/png;base64,"
    assert results[6]["bom"] == "89504e" and results[6]["name"].endswith(".png")  # PNG's signature
    assert results[7] == results[8] > len(expected)


def test_a_street_page_draws_its_stationed_departments(drive, demo, screenshots):
    analysis, summary, page = demo
    stations = analysis.network.edge_tables["STATIONED_IN"]
    street = stations["target"].value_counts().index[0].split(":", 1)[1]
    stationed = set(stations.loc[stations["target"] == f"street:{street}", "source"])
    report = drive(page.parent / f"{page.stem}_各街道" / f"{street}.html", [
        {"eval": "window.liangxin.visibleIds()"},
        {"eval": "window.liangxin.network.body.data.edges.get().filter(e => e.title === '驻街保建').length"},
        {"click": f"street:{street}"},
        {"eval": "window.liangxin.detailText()"},
        {"screenshot": str(screenshots / "05-街道图含驻街机关.png")},
        {"eval": "document.getElementById('lx-subtitle').textContent"},
    ])
    results = report["results"]
    assert len(stationed) >= 2 and stationed <= set(results[0])
    assert results[1] == len(stationed)  # every STATIONED_IN edge of the street is drawn
    assert all(node.split(":", 1)[1] in results[3] for node in stationed)
    in_street = int((analysis.network.tables.organizations["street"] == street).sum())
    assert results[5].startswith(f"本图两新组织 {in_street:,} 个（全区 {summary['counts']['organizations']:,} 个）")
    assert report["pageErrors"] == [] and report["foreignRequests"] == []


def test_a_street_page_filtered_by_no_responsible_unit(drive, demo, screenshots):
    analysis, summary, page = demo
    street = next(s for s in analysis.network.node_tables["street"]["name"]
                  if with_code(summary, "NO_RESPONSIBLE_UNIT", s))
    report = drive(page.parent / f"{page.stem}_各街道" / f"{street}.html", [
        {"eval": "window.liangxin.filter({code: 'NO_RESPONSIBLE_UNIT'}).length"},
        {"eval": "window.liangxin.visibleIds().filter(id => id.startsWith('org:'))"},
        {"screenshot": str(screenshots / "06-街道筛选无责任主体.png")},
    ])
    assert set(report["results"][1]) == with_code(summary, "NO_RESPONSIBLE_UNIT", street)
    assert report["pageErrors"] == []
