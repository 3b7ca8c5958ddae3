"""The network page without a browser: what it draws, what it leaves out, and that it is inert and offline."""

import copy
import html
import json
import re
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from liangxin.errors import LiangxinInputError
from liangxin.graph.schema import NODE_KINDS
from liangxin.queries.analysis import analyze_network
from tests.fixtures import handmade

from liangxin.viz.network.lookups import GraphLookups
from liangxin.viz.network.selection import select
from liangxin.viz.network import (
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


def test_the_page_is_made_of_the_package_own_files_not_pyvis(evil_xlsx):
    # pyvis cannot even be found: the page's files and vis-network's are the package's data.
    code = ("import sys; sys.modules['pyvis'] = None\n"
            "import liangxin as lx\n"
            "from liangxin.viz.network import network_html\n"
            f"page = network_html(lx.analyze({str(evil_xlsx)!r}))\n"
            "print('@version 9.1.2' in page, 'window.LIANGXIN_DATA' in page, 'lx-network' in page)")
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert output.split() == ["True", "True", "True"]


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
    from liangxin.queries.analysis import summary_object

    nodes = by_id(network_view(analysis))
    uncovered = analysis.uncovered.groupby("org_id")["code"].agg(set)
    is_open = {entry["org_id"]: entry["open"] for entry in summary_object(analysis, "x")["uncovered"]}
    assert sum(is_open.values()) == 7 and len(is_open) == 9  # tests/test_handmade.py: A C E F H I Q open
    for org_id, codes in uncovered.items():
        node = nodes[f"org:{org_id}"]
        # 未覆盖 is the open organizations; the others are 提升项, marked as such
        assert ("uncovered" in node["gaps"]) == is_open[org_id]
        assert ("improvement" in node["gaps"]) == (not is_open[org_id])
        assert ("no_unit" in node["gaps"]) == ("NO_RESPONSIBLE_UNIT" in codes)
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
    view = network_view(analysis, max_nodes=20)
    assert len(view.nodes) <= 20
    assert view.omitted > 0
    assert any("最多绘出 20 个节点" in note and "--street" in note for note in view.notes)


def test_places_and_units_past_half_the_cap_come_only_with_the_organizations_drawn(analysis):
    """A city's communities and units would fill the cap (a city of 3,000,000 drew no organization):
    past half of it they are drawn with the organizations that bring them, and every organization
    drawn still hangs from its own community, not from its street by a break it does not have."""
    whole, capped = network_view(analysis), network_view(analysis, max_nodes=30)
    assert whole.omitted == 0 and len(whole.nodes) == 31  # 20 places and units, 11 organizations
    organizations = [n for n in capped.nodes if n["kind"] == "organization"]
    assert len(capped.nodes) <= 30 and len(organizations) + capped.omitted == 11 and capped.omitted == 0
    communities = {n["id"] for n in capped.nodes if n["kind"] == "community"}
    hosts = {e["to"]: e["from"] for e in capped.edges if e["type"] == "HOSTS"}
    orgs = analysis.network.tables.organizations.set_index("org_id")
    for node in organizations:
        org = orgs.loc[node["id"].split(":", 1)[1]]
        own = f"community:{org['street']}/{org['community']}"
        if own in {n["id"] for n in whole.nodes}:  # a community of 街道社区: drawn with it
            assert hosts[node["id"]] == own and own in communities
    # Past half the cap of 30 (15), and past the 19 the 11 organizations leave: the 6 communities fold,
    # and the other 14 places and units fit.
    graph = GraphLookups(analysis)
    assert select(graph, None, [], 30).folded == {"community": 6}
    assert sum(n["kind"] == "community" for n in capped.nodes) < 6


def test_a_whole_view_that_fits_folds_nothing(analysis):
    """Its 20 places and units and 11 organizations fit a cap of 31: all drawn, though past half of it."""
    assert select(GraphLookups(analysis), None, [], 31).folded == {}
    view = network_view(analysis, max_nodes=31)
    assert len(view.nodes) == 31 and sum(n["kind"] == "community" for n in view.nodes) == 6


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
    # the catalogue of every organization travels compressed: it never carries contacts
    for page in (hidden, shown):
        catalog = decoded_catalog(page)
        assert "甲科技有限公司" in catalog and "张伟" in catalog
        assert not any(contact in catalog for contact in ("小王", "28900001", "28900003", "王芳"))


def decoded_catalog(page):
    import base64
    import gzip

    return gzip.decompress(base64.b64decode(embedded_data(page)["catalog"])).decode("utf-8")


def test_the_catalogue_holds_every_organization_with_its_chain(analysis):
    from liangxin.viz.network.catalog import CATALOG_FIELDS, catalog_rows

    view = network_view(analysis, street="平湖")
    catalog = json.loads(decoded_catalog(network_html(view)))
    assert catalog_rows(catalog) == catalog_rows(view.catalog)
    assert {k: v for k, v in catalog.items() if k not in ("columns", "links", "link_ends")} == {
        k: v for k, v in view.catalog.items() if k not in ("columns", "links", "link_ends")}
    rows = {row[CATALOG_FIELDS.index("id")]: row for row in catalog_rows(catalog)}
    assert len(rows) == len(analysis.network.tables.organizations) == 13
    a = rows[f"org:{handmade.C1}"]
    field = dict(zip(CATALOG_FIELDS, a))
    assert catalog["streets"][field["street"]] == "平湖街道" and catalog["communities"][field["community"]] == "山厦社区"
    units = {(catalog["roles"][r], catalog["units"][u]) for r, u in zip(field["units"][::2], field["units"][1::2])}
    # A: 张伟 attached, 区教育局 contacts it, 区总工会 co-builds (tests/fixtures/handmade.py)
    assert units == {("区领导", "张伟"), ("直接联系的区直机关", "区教育局"), ("群团组织", "区总工会")}
    assert catalog["stations"][str(field["street"])] == ["区发展和改革局", "区教育局"]
    codes = [catalog["codes"][i][0] for i in range(len(catalog["codes"])) if field["bits"] & (1 << i)]
    assert set(codes) == set(analysis.uncovered.loc[analysis.uncovered["org_id"] == handmade.C1, "code"]) | set(
        analysis.broken_chains.loc[analysis.broken_chains["org_id"] == handmade.C1, "code"])
    # flags: key (重点企业), open (PARTY_ORG_REQUIRED), in the 平湖 view's scope
    assert field["flags"] == 1 | 2 | 8
    in_scope = {row[0] for row in catalog_rows(catalog) if row[CATALOG_FIELDS.index("flags")] & 8}
    assert len(in_scope) == 7  # 平湖街道: A B C H N O Q


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
    code = "import sys, liangxin.viz.network; print('IPython' in sys.modules)"
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

    return main


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


# --- the view at scale is computed on integer positions: it must still say what the network says


def slash_sheets():
    """The hand-made workbook with "/" in place names: ids built by joining names can collide."""
    sheets = copy.deepcopy(handmade.SHEETS)
    # the last two places are different, but their ids join to the same community:平湖街道/丙街道/丁社区
    sheets["街道社区"] += [["平湖街道", "甲/乙社区", "某甲"], ["平湖街道", "甲街道/乙社区", "某乙"],
                       ["平湖街道", "丙街道/丁社区", "某丙"], ["平湖街道/丙街道", "丁社区", None]]
    row = [None, None, None, "非公企业", None, None, 10, 0, None, None, "未组建", None,
           None, None, None, None, "文化", None]
    for number, (name, street, community) in enumerate([("斜杠一有限公司", "平湖街道", "甲/乙社区"),
                                                        # community:平湖街道/甲街道/乙社区, as the network joins it
                                                        ("斜杠二有限公司", "平湖街道/甲", "乙社区"),
                                                        ("斜杠三有限公司", "平湖街道/乙", "甲/乙社区"),
                                                        ("斜杠四有限公司", "平湖街道/丙街道", "丁社区")], start=19):
        sheets["两新组织"].append([number, name] + row[2:4] + [street, community] + row[6:])
    sheets["主管包建"].append([4, "区民/政局", "平湖街道餐饮协会", None, "刘/洋", "28900009"])
    return sheets


@pytest.fixture(scope="module")
def slash_analysis(tmp_path_factory):
    import liangxin as lx

    return lx.analyze(handmade.write_xlsx(tmp_path_factory.mktemp("slash") / "台账.xlsx", slash_sheets()))


@pytest.fixture(scope="module")
def demo_analysis(tmp_path_factory):
    import liangxin as lx
    from liangxin.demo import write_demo

    return lx.analyze(write_demo(tmp_path_factory.mktemp("demo"), n_orgs=2000, seed=5))


def info_of(node):
    return dict(node["info"])


@pytest.mark.parametrize("which", ["analysis", "slash_analysis", "demo_analysis"])
def test_places_count_and_host_what_the_network_hosts(which, request):
    analysis = request.getfixturevalue(which)
    network = analysis.network
    view = network_view(analysis, max_nodes=100_000)
    nodes = by_id(view)
    hosts = network.edge_tables["HOSTS"]
    orgs = network.tables.organizations
    for node in view.nodes:
        if node["kind"] == "community":
            hosted = int((hosts["source"] == node["id"]).sum())
            assert info_of(node)["两新组织"] == f"{hosted:,} 个", node["id"]
        elif node["kind"] == "street":
            assert info_of(node)["两新组织"] == f"{int((orgs['street'] == node['name']).sum()):,} 个"
    drawn_hosts = {(e["from"], e["to"]) for e in view.edges if e["type"] == "HOSTS"}
    expected = {(s, t) for s, t in zip(hosts["source"], hosts["target"]) if s in nodes and t in nodes}
    assert drawn_hosts == expected
    # every drawn organization hangs from something: its community, or its street or the district by a break
    parents = {e["to"] for e in view.edges if e["type"] in ("HOSTS", "BREAK")}
    assert {n["id"] for n in view.nodes if n["kind"] == "organization"} <= parents
    from liangxin.queries.analysis import open_by_id

    open_ids = open_by_id(analysis)
    open_ids = open_ids[open_ids].index
    assert f"未覆盖 {len(open_ids):,} 个" in view.subtitle
    assert f"提升项 {analysis.uncovered['org_id'].nunique() - len(open_ids):,} 个" in view.subtitle
    assert f"责任链断点 {analysis.broken_chains['org_id'].nunique():,} 个" in view.subtitle


def test_a_slash_in_a_name_cannot_host_an_organization_in_another_place(slash_analysis):
    network = slash_analysis.network
    hosts = network.edge_tables["HOSTS"]
    orgs, geo = network.node_tables["organization"], network.tables.geography
    places = set(zip(geo["street"], geo["community"]))
    place_of_org = dict(zip(orgs["id"], zip(orgs["street"], orgs["community"])))
    # hosted only by a place of 街道社区 that is the organization's own
    assert all(place_of_org[t] in places and s == "community:{}/{}".format(*place_of_org[t])
               for s, t in zip(hosts["source"], hosts["target"]))
    # 斜杠二 (平湖街道/甲 + 乙社区) joins to the id of 平湖街道's 甲/乙社区, but its street is not on 街道社区
    stray = orgs.loc[orgs["name"] == "斜杠二有限公司", "id"].item()
    assert stray not in set(hosts["target"])
    view = network_view(slash_analysis, max_nodes=100_000)
    assert not [e for e in view.edges if e["type"] == "HOSTS" and e["to"] == stray]
    assert [e for e in view.edges if e["type"] == "BREAK" and e["to"] == stray]


def test_contacts_of_an_instructor_whose_keys_hold_a_slash(slash_analysis):
    nodes = by_id(network_view(slash_analysis, unit="区民/政局", show_contacts=True))
    assert info_of(nodes["instructor:区民/政局/刘/洋"])["联系电话"] == "28900009"
    assert info_of(nodes["instructor:区民政局/刘洋"])["联系电话"] == "28900003"


def test_aggregate_edges_count_every_link_left_undrawn(demo_analysis):
    network = demo_analysis.network
    view = network_view(demo_analysis, max_nodes=400)
    nodes = by_id(view)
    assert view.omitted > 0
    orgs = network.node_tables["organization"]
    street_of = dict(zip(orgs["id"], ("street:" + orgs["street"]).where(orgs["street"].notna(), None)))
    district = network.node_tables["district"]["id"].iloc[0]
    expected = {}
    for edge_type in ("ATTACHED_TO", "CONTACTS", "SUPERVISES", "GUIDES", "CO_BUILDS"):
        for source, target in network.edge_tables[edge_type][["source", "target"]].itertuples(index=False):
            if source in nodes and target not in nodes:
                place = street_of[target] if street_of[target] in nodes else district
                expected[(source, place, edge_type)] = expected.get((source, place, edge_type), 0) + 1
    aggregates = [e for e in view.edges if e["type"] == "AGGREGATE"]
    assert {(e["from"], e["to"], e["via"]): e["count"] for e in aggregates} == expected
    assert [(e["from"], e["to"], e["via"]) for e in aggregates] == sorted(expected)


def reference_priority(analysis):
    """Organization ids in the order the district view draws them, computed the slow, obvious way."""
    orgs = analysis.network.tables.organizations
    findings = pd.concat([analysis.uncovered, analysis.broken_chains], ignore_index=True)
    findings["rank"] = findings["code"].map({code: i for i, code in enumerate(FINDING_PRIORITY)})
    per_org = findings.groupby("org_id").agg(rank=("rank", "min"), codes=("code", "size"))
    flagged = orgs[orgs["org_id"].isin(per_org.index)].copy()
    flagged["rank"] = flagged["org_id"].map(per_org["rank"])
    flagged["codes"] = flagged["org_id"].map(per_org["codes"])
    flagged = flagged.sort_values(["rank", "codes", "key", "employees", "org_id"],
                                  ascending=[True, False, False, False, True], kind="stable")
    flagged["turn"] = flagged.groupby(["rank", flagged["street"].fillna("")], sort=False).cumcount()
    early = flagged[flagged["turn"] < 5].sort_values(["turn", "rank"], kind="stable")
    return early["org_id"].tolist() + flagged.loc[flagged["turn"] >= 5, "org_id"].tolist()


@pytest.mark.parametrize("max_nodes", [250, 500])
def test_organizations_are_drawn_in_priority_order(demo_analysis, max_nodes):
    view = network_view(demo_analysis, max_nodes=max_nodes)
    drawn = [n["id"][4:] for n in view.nodes if n["kind"] == "organization"]
    assert view.omitted > 0 and drawn
    assert drawn == reference_priority(demo_analysis)[:len(drawn)]
    assert len(view.nodes) == max_nodes


def test_rows_of_finds_the_same_objects_and_equal_texts_alike():
    from liangxin.viz.network.columns import rows_of

    keys = np.array(["org:甲", "org:乙", "org:丙"], dtype=object)
    # the very key objects, equal texts built anew, a text not there and an empty cell
    fresh = np.array(["".join(["org:", "乙"]), "org:丁", None], dtype=object)
    assert rows_of(keys, [keys[[2, 0]], fresh]).tolist() == [2, 0, 1, -1, -1]
    assert rows_of(keys[:0], [fresh]).tolist() == [-1, -1, -1]


def test_the_catalogue_states_an_id_only_where_the_page_cannot_make_it():
    from liangxin.viz.network.catalog import _stated_ids, catalog_rows

    ids = np.array(["org:甲", "org:91440300X", "org:乙(2)"], dtype=object)
    codes = np.array(["", "91440300X", ""], dtype=object)
    names = np.array(["甲", "丙", "乙"], dtype=object)
    stated = _stated_ids(ids, codes, names)
    assert stated == [None, None, "org:乙(2)"]
    catalog = {"id_prefix": "org:", "links": [0, 1], "link_ends": [0, 1, 1],
               "columns": {"id": stated, "code": codes.tolist(), "name": names.tolist(),
                           **{f: [0, 0, 0] for f in ("street", "community", "employees", "members", "status",
                                                      "party_org", "flags", "bits", "kind")}}}
    rows = catalog_rows(catalog)
    assert [row[0] for row in rows] == ids.tolist()
    assert [row[11] for row in rows] == [[], [0, 1], []]


def test_the_catalogue_packs_the_same_without_isal(analysis, monkeypatch):
    """isal is a dependency for speed only: with Python's zlib the page gets the same catalogue."""
    import base64
    import gzip
    import zlib

    from liangxin.viz.network import catalog as catalog_module
    from liangxin.viz.network.lookups import GraphLookups

    graph = GraphLookups(analysis)
    catalog = catalog_module.organization_catalog(graph, np.ones(graph.n, dtype=bool))
    fast = catalog_module.packed_catalog(catalog)
    monkeypatch.setattr(catalog_module, "_deflate", zlib)
    plain = catalog_module.packed_catalog(catalog)
    unpacked = [json.loads(gzip.decompress(base64.b64decode(text))) for text in (fast, plain)]
    assert unpacked[0] == unpacked[1]
    assert catalog_module.catalog_rows(unpacked[1]) == catalog_module.catalog_rows(catalog)


@pytest.fixture(scope="module")
def handmade_analysis(tmp_path_factory):
    import liangxin as lx

    return lx.analyze(handmade.write_xlsx(tmp_path_factory.mktemp("plain") / "台账.xlsx"))


def test_a_dataset_too_large_for_one_page_lists_the_view_or_the_drawn(handmade_analysis, monkeypatch):
    """The hand-made workbook's 13 organizations against a page that holds 8: the district view
    lists the 11 it draws (every one with a finding), 平湖街道's page its 7; each listed row is the
    full catalogue's row, units included, and the page says it lists some only."""
    import liangxin.settings as settings
    from liangxin.viz.network.catalog import CATALOG_FIELDS, catalog_rows

    whole, street = network_view(handmade_analysis), network_view(handmade_analysis, street="平湖街道")
    assert "partial" not in whole.catalog and len(catalog_rows(whole.catalog)) == 13
    full = {row[0]: row for row in catalog_rows(whole.catalog)}
    monkeypatch.setattr(settings, "NETWORK_CATALOG_MAX_ORGANIZATIONS", 8)
    for before, options, listed in ((whole, {}, 11), (street, {"street": "平湖街道"}, 7)):
        view = network_view(handmade_analysis, **options)
        rows = catalog_rows(view.catalog)
        drawn = {node["id"] for node in view.nodes if node["kind"] == "organization"}
        in_scope = {row[0] for row in catalog_rows(before.catalog) if row[CATALOG_FIELDS.index("flags")] & 8}
        assert len(rows) == listed and {row[0] for row in rows} == (drawn if not options else in_scope)
        assert all(row == full[row[0]] for row in rows)  # in scope either way: the same flags
        assert view.catalog["partial"] is True and len(view.notes) == len(before.notes) + 1
        assert json.loads(decoded_catalog(network_html(view)))["partial"] is True
    monkeypatch.setattr(settings, "NETWORK_CATALOG_MAX_ORGANIZATIONS", 13)  # exactly the workbook's: all
    assert "partial" not in network_view(handmade_analysis).catalog
