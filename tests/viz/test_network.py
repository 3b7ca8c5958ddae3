"""The network page without a browser: what it draws, what it leaves out, and that it is inert and offline."""

import copy
import html
import json
import re
import subprocess
import sys

import pandas as pd
import pytest
from click.testing import CliRunner

from graph.exceptions import LiangxinInputError
from graph.schema import NODE_KINDS
from queries.analysis import analyze_network
from tests.fixtures import handmade

from viz.network import (
    DEFAULT_MAX_NODES,
    FINDING_PRIORITY,
    NetworkView,
    network_html,
    network_view,
    script_json,
    show_network,
    write_network_html,
)

XSS = "<img src=x onerror=alert(1)>"
CLOSER = "</script><script>window.__pwned=true;alert(2)</script>"
NOT_IN_GBK = "喆𠮷文化有限公司"


def evil_sheets():
    """The hand-made workbook with hostile and non-GBK names (rows B, F and O)."""
    sheets = copy.deepcopy(handmade.SHEETS)
    organizations = sheets["两新组织"]
    organizations[3][1] = XSS         # B: uncovered? no, chain-complete, jointly covered
    organizations[7][1] = CLOSER      # F: no street, no community
    organizations[17][1] = NOT_IN_GBK  # O
    return sheets


@pytest.fixture(scope="module")
def evil_xlsx(tmp_path_factory):
    return handmade.write_xlsx(tmp_path_factory.mktemp("evil") / "台账.xlsx", evil_sheets())


@pytest.fixture(scope="module")
def analysis(evil_xlsx):
    import liangxin as lx

    return lx.analyze(evil_xlsx)


@pytest.fixture(scope="module")
def page(analysis):
    return network_html(analysis)


def embedded_data(page):
    match = re.search(r"<script>window\.LIANGXIN_DATA = (.*?);</script>", page, re.S)
    assert match, "the page embeds its data in one script"
    return json.loads(match.group(1))


def by_id(view):
    return {node["id"]: node for node in view.nodes}


def test_page_requests_nothing_from_other_hosts(page):
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert not re.search(r"""url\(\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert "@import" not in page
    assert "bootstrap" not in page.lower()
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page).group(1)
    assert "default-src 'none'" in html.unescape(csp)
    assert "unsafe-inline" not in html.unescape(csp).split("script-src")[1].split(";")[0]


def test_vis_network_is_inlined_from_pyvis(page):
    import pyvis
    from pathlib import Path

    vis = (Path(pyvis.__file__).parent / "lib" / "vis-9.1.2" / "vis-network.min.js").read_text(encoding="utf-8")
    assert vis in page
    assert page.count("\n<script>") == 3


def test_names_reach_the_page_only_as_inert_json(page):
    data = embedded_data(page)
    names = {node["name"] for node in data["nodes"]}
    assert XSS in names and CLOSER in names
    assert XSS not in page and CLOSER not in page
    # nothing in the data can end the script element or open a comment
    raw = re.search(r"<script>window\.LIANGXIN_DATA = (.*?);</script>", page, re.S).group(1)
    assert "<" not in raw and ">" not in raw


def test_script_json_round_trips_any_text():
    value = {"name": "</script><!--<script>&amp;\u2028\u2029", "n": 1}
    text = script_json(value)
    assert json.loads(text) == value
    assert not set(text) & set("<>&\u2028\u2029")


def test_written_as_utf8_whatever_the_platform_encoding(analysis, tmp_path, monkeypatch):
    import locale

    monkeypatch.setattr(locale, "getpreferredencoding", lambda do_setlocale=True: "cp936")
    path = write_network_html(analysis, tmp_path / "子目录" / "network.html", street="平湖")
    raw = path.read_bytes()
    text = raw.decode("utf-8")
    assert '<meta charset="utf-8">' in text
    assert NOT_IN_GBK in text
    assert b"\r\n" not in raw


def test_every_kind_is_styled_from_the_schema(page):
    data = embedded_data(page)
    for kind, spec in NODE_KINDS.items():
        assert data["kinds"][kind]["color"] == spec.color
        assert data["kinds"][kind]["shape"] == spec.shape
        assert data["kinds"][kind]["label"] == spec.label_zh


def test_legend_counts_every_kind_of_the_network(analysis):
    view = network_view(analysis)
    totals, _ = analysis.network.counts()
    legend = {entry["kind"]: entry for entry in view.legend}
    assert set(legend) == set(NODE_KINDS)
    for kind, entry in legend.items():
        assert entry["total"] == totals.get(kind, 0)
        assert entry["drawn"] == sum(kind in node.get("kinds", [node["kind"]]) for node in view.nodes)
    page = network_html(view)
    assert "两新组织" in page and "图例" in page


def test_default_view_draws_places_units_and_only_organizations_with_findings(analysis):
    view = network_view(analysis)
    nodes = by_id(view)
    with_findings = set(analysis.uncovered["org_id"]) | set(analysis.broken_chains["org_id"])
    drawn_orgs = {n["id"][4:] for n in view.nodes if n["kind"] == "organization"}
    assert drawn_orgs == with_findings
    assert {"district:龙岗区", "street:平湖街道", "community:平湖街道/白坭坑社区", "leader:张伟",
            "unit:区民政局", "unit:区总工会"} <= set(nodes)
    assert len(nodes) == len(view.nodes)
    ids = set(nodes)
    assert all(edge["from"] in ids and edge["to"] in ids for edge in view.edges)
    assert view.omitted == 0
    assert all(isinstance(node["x"], float) and isinstance(node["y"], float) for node in view.nodes)


def test_gaps_are_marked_with_chinese_labels_and_codes(analysis):
    nodes = by_id(network_view(analysis))
    uncovered = analysis.uncovered.groupby("org_id")["code"].agg(set)
    for org_id, codes in uncovered.items():
        node = nodes[f"org:{org_id}"]
        assert "uncovered" in node["gaps"]
        assert {code for _, code, category in node["codes"] if category == "uncovered"} == codes
        assert all(re.search(r"[\u4e00-\u9fff]", label) for label, _, _ in node["codes"])
    broken = analysis.broken_chains.groupby("org_id")["code"].agg(set)
    for org_id, codes in broken.items():
        assert "chain" in nodes[f"org:{org_id}"]["gaps"]
    # 己商贸 (renamed CLOSER) has no street and no community: it hangs from the district by a break edge
    view = network_view(analysis)
    loose = [e for e in view.edges if e["type"] == "BREAK" and e["to"] == f"org:{CLOSER}"]
    assert loose and loose[0]["from"] == "district:龙岗区"
    # 白坭坑社区 has no owner, 园山 is not a street: the community shows the break
    assert "chain" in nodes["community:平湖街道/白坭坑社区"]["gaps"]


def test_overloaded_units_are_larger_with_load_and_capacity(analysis):
    nodes = by_id(network_view(analysis))
    overloaded = analysis.overloaded
    assert len(overloaded)
    for node_id in overloaded["node_id"]:
        node = nodes[node_id]
        assert "overloaded" in node["gaps"] and node["scale"] > 1
        assert "负荷" in node["label"]
        assert any("容量" in value for _, value in node["info"])


def test_cap_keeps_the_drawn_nodes_and_says_so_in_chinese(analysis):
    view = network_view(analysis, max_nodes=30)
    assert len(view.nodes) <= 30
    assert view.omitted > 0
    assert any("最多绘出 30 个节点" in note and "--street" in note for note in view.notes)


def test_a_cap_below_the_places_and_units_still_holds(analysis):
    view = network_view(analysis, max_nodes=5)
    assert len(view.nodes) == 5
    assert any("--max-nodes" in note for note in view.notes)


def test_street_view_with_or_without_suffix(analysis):
    short, full = network_view(analysis, street="平湖"), network_view(analysis, street="平湖街道")
    assert [n["id"] for n in short.nodes] == [n["id"] for n in full.nodes]
    orgs = analysis.network.tables.organizations
    expected = set("org:" + orgs.loc[orgs["street"] == "平湖街道", "org_id"])
    assert {n["id"] for n in full.nodes if n["kind"] == "organization"} == expected
    streets = {n["id"] for n in full.nodes if n["kind"] == "street"}
    assert streets == {"street:平湖街道"}
    assert "平湖街道" in full.title


def test_unit_view_draws_the_units_organizations_and_their_chains(analysis):
    view = network_view(analysis, unit="区民政局")
    nodes = by_id(view)
    # 区民政局 is a department (stationed in 布吉) and the supervisory unit of the 餐饮协会 (instructor 刘洋)
    assert {"unit:区民政局", "street:布吉街道", "instructor:区民政局/刘洋", "org:" + handmade.C8,
            "community:平湖街道/山厦社区", "street:平湖街道", "district:龙岗区"} <= set(nodes)
    assert {n["kind"] for n in view.nodes} >= {"organization", "instructor"}
    instructor = network_view(analysis, unit="刘洋")
    assert "instructor:区民政局/刘洋" in by_id(instructor)


def test_unknown_street_or_unit_is_a_chinese_input_error(analysis):
    with pytest.raises(LiangxinInputError, match="找不到街道“月球”.*平湖街道"):
        network_view(analysis, street="月球")
    with pytest.raises(LiangxinInputError, match="找不到单位“区民政”.*相近的名称：区民政局"):
        network_view(analysis, unit="区民政")


def test_contacts_only_when_asked(analysis):
    hidden, shown = network_html(analysis), network_html(analysis, show_contacts=True)
    for contact in ("小王", "28900001", "28900003", "王芳"):
        assert contact not in hidden
        assert contact in shown
    assert "--show-contacts" in hidden


def test_priority_keeps_every_code_of_every_street_under_the_cap(tmp_path):
    import liangxin as lx
    from liangxin.demo import write_demo

    result = lx.analyze(write_demo(tmp_path, n_orgs=2000, seed=3))
    view = network_view(result, max_nodes=400)
    drawn = {n["id"][4:] for n in view.nodes if n["kind"] == "organization"}
    assert view.omitted > 0 and len(view.nodes) <= 400
    # the most serious code of each organization, as the view ranks them
    findings = pd.concat([result.uncovered, result.broken_chains], ignore_index=True)
    findings["rank"] = findings["code"].map({code: i for i, code in enumerate(FINDING_PRIORITY)})
    worst = findings.sort_values("rank").drop_duplicates("org_id")
    for (code, street), rows in worst.groupby(["code", worst["street"].fillna("")]):
        assert drawn & set(rows["org_id"]), f"no organization of {street} with {code} drawn"


def test_show_network_is_an_escaped_sandboxed_srcdoc(analysis):
    shown = show_network(analysis, street="平湖")
    frame = shown._repr_html_()
    assert frame.startswith("<iframe srcdoc=\"") and 'sandbox="allow-scripts"' in frame
    srcdoc = re.match(r'<iframe srcdoc="([^"]*)"', frame).group(1)
    assert "<" not in srcdoc
    assert html.unescape(srcdoc) == shown.html
    assert "平湖街道" in shown.html


def test_importing_the_module_does_not_import_ipython():
    code = "import sys, viz.network; print('IPython' in sys.modules)"
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert output.strip() == "False"


def test_network_view_repr_and_defaults(analysis):
    view = network_view(analysis)
    assert isinstance(view, NetworkView) and "个节点" in repr(view)
    assert DEFAULT_MAX_NODES == 3000


# --- the viz command, as the command group will run it


@pytest.fixture(scope="module")
def cli():
    from liangxin.cli import main
    from liangxin.viz_command import viz

    group = copy.copy(main)
    group.commands = {**main.commands, "viz": viz}
    return group


def test_viz_command_writes_the_page(cli, evil_xlsx, tmp_path):
    out = tmp_path / "平湖.html"
    result = CliRunner().invoke(cli, ["viz", str(evil_xlsx), "--street", "平湖", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "网络图：" in result.output
    assert "平湖街道" in out.read_text(encoding="utf-8")


def test_viz_command_unknown_street_exits_2_with_one_chinese_line(cli, evil_xlsx, tmp_path):
    result = CliRunner().invoke(cli, ["viz", str(evil_xlsx), "--street", "月球", "--out", str(tmp_path / "x.html")])
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("错误：找不到街道“月球”")
    assert not (tmp_path / "x.html").exists()


def test_viz_command_help_is_chinese(cli):
    result = CliRunner().invoke(cli, ["viz", "--help"])
    assert result.exit_code == 0
    assert "用法：" in result.output and "--street" in result.output and "街道" in result.output
