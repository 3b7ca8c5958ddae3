"""What one ``network.html`` draws, before it is rendered: :func:`network_view` and its result.

The view is composed here from the parts of the package: the selection under the cap, each
node's record (places, units, Party organizations, organizations), the edges, the layout, and
the title, headline figures, notes and legend counts the page shows around the network.

Examples
--------
The hand-made workbook (tests/test_handmade.py): 13 organizations, 7 open (未覆盖) and 2 提升项,
7 with a broken chain, 3 overloaded units and 1 idle. 平湖街道 has 7 organizations (A B C H N O
Q): A, C, H and Q are open, only B's chain is broken (its community has no owner), and all three
overloaded units answer for some of them (张伟 for A and C, 刘洋 guides H for 区民政局); the idle
区司法局 is stationed in 横岗.

>>> view = network_view(result, street="平湖")
>>> view.title
'龙岗区平湖街道两新组织党建责任网络'
>>> view.subtitle
'本图两新组织 7 个（全区 13 个） · 未覆盖 4 个（全区 7 个） · 提升项 0 个（全区 2 个） · 责任链断点 1 个（全区 7 个） · 超负荷单位 3 个 · 未落实单位 0 个（全区 1 个）'
>>> view.notes[0]
'平湖街道全部组织 7 个，绘出 7 个。'
"""

import logging
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from liangxin.graph.schema import NODE_KINDS
from liangxin.queries.labels import FOLDED_ZH, whole_zh
from liangxin.queries.streets import street_names
from liangxin.viz.network.catalog import catalog_listing, organization_catalog
from liangxin.viz.network.edges import edge_records
from liangxin.viz.network.figures import subtitle, view_figures
from liangxin.viz.network.kinds import UNIT_KINDS
from liangxin.viz.network.labels import count_text
from liangxin.viz.network.layout import label_sizes, layout
from liangxin.viz.network.lookups import GraphLookups
from liangxin.viz.network.organizations import org_records
from liangxin.viz.network.places import place_records
from liangxin.viz.network.priority import GUARANTEED_PER_GROUP
from liangxin.viz.network.selection import DEFAULT_MAX_NODES, resolve_street, resolve_unit, select
from liangxin.viz.network.units import party_org_records, unit_records

__all__ = ["NetworkView", "network_view"]

log = logging.getLogger(__name__)

#: The node kinds the street filter of the page offers the streets of.
_PLACES = ("street", "community", "organization")


@dataclass
class NetworkView:
    """What one ``network.html`` draws, before it is rendered.

    Attributes
    ----------
    title : str
    subtitle : str
        Headline figures of the view, with the district's beside them.
    nodes, edges : list of dict
        The drawn nodes and edges, as the page reads them (JSON-ready).
    legend : list of dict
        Per node kind: ``kind, label_zh, color, shape, total, drawn``.
    notes : list of str
        Chinese notes shown above the network (what is aggregated, what the cap left out).
    streets : list of str
        The streets the page's filter offers.
    omitted : int
        Organizations that qualified for the view but were not drawn because of the cap.
    mode : str
        ``district``, ``street`` or ``unit``.
    figures : dict
        As :func:`~liangxin.viz.network.figures.view_figures`.
    catalog : dict
        Every organization of the dataset, as :func:`~liangxin.viz.network.catalog.organization_catalog`.
    source : str
        The input's file name, for the command the page suggests to draw a street.
    street_files : dict
        Street → the path (relative to the page) of a page drawing it, where one is written.
    whole : str
        The words for the whole dataset beside the view's figures: 全区, or 全市 for a city
        (:func:`~liangxin.queries.labels.whole_zh` of the network's district).
    """

    title: str
    subtitle: str
    nodes: list
    edges: list
    legend: list
    notes: list = field(default_factory=list)
    streets: list = field(default_factory=list)
    omitted: int = 0
    mode: str = "district"
    figures: dict = field(default_factory=dict)
    catalog: dict = field(default_factory=dict)
    source: str = "台账.xlsx"
    street_files: dict = field(default_factory=dict)
    whole: str = "全区"

    def __repr__(self):
        return f"<NetworkView {self.title}: {len(self.nodes)} 个节点, {len(self.edges)} 条连线>"


def network_view(analysis, *, street=None, unit=None, show_contacts=False, max_nodes=DEFAULT_MAX_NODES, source=None,
                 street_files=None):
    """Decide what the network page draws.

    Parameters
    ----------
    analysis : queries.analysis.Analysis
    street : str, optional
        Draw this street in full (``平湖`` or ``平湖街道``).
    unit : str, optional
        Draw this responsible unit (any kind, by name) in full; with `street`, only in that street.
    show_contacts : bool, optional
        Put liaison names and phone numbers (and community owners' names) in the tooltips.
    max_nodes : int, optional
        At most this many nodes are drawn; organizations with the most serious findings come first.
    source, street_files : optional
        As :class:`NetworkView`'s.

    Returns
    -------
    NetworkView

    Raises
    ------
    LiangxinInputError
        `street` or `unit` is not in the workbook.

    Examples
    --------
    张伟 is attached to C, D, A and E (tests/test_handmade.py, EXPECTED_OVERLOADED):

    >>> network_view(result, unit="张伟").notes[0]
    '该单位负责的组织 4 个，绘出 4 个。'

    The district draws the 11 organizations with findings (9 with uncovered codes; B, G broken chains only).
    Its district, 4 streets, 6 communities and 9 units (2 leaders, 4 departments, one of them the
    supervisory unit, 2 mass organizations, 刘洋 overloaded) are 20 nodes:

    >>> view = network_view(result)
    >>> sum(node["kind"] == "organization" for node in view.nodes), view.omitted
    (11, 0)

    With a cap of 20 they would leave no room for an organization: some are drawn only with the
    organizations (see :func:`~liangxin.viz.network.selection.select`'s ``_district_scope``), and
    the other 11 nodes are organizations, most serious first, and what they bring:

    >>> view = network_view(result, max_nodes=20)
    >>> len(view.nodes), sum(node["kind"] == "organization" for node in view.nodes), view.omitted
    (20, 6, 5)
    """
    _check_cap(max_nodes)
    graph = GraphLookups(analysis)
    street_name = resolve_street(graph, street) if street not in (None, "") else None
    unit_ids = resolve_unit(graph, unit) if unit not in (None, "") else []
    chosen = select(graph, street_name, unit_ids, max_nodes)
    return _view_of(graph, chosen, street_name, unit_ids, max_nodes, show_contacts, source, street_files)


def _view_of(graph, chosen, street_name, unit_ids, max_nodes, show_contacts, source, street_files):
    """The page of the nodes `chosen`: their records and edges laid out, the notes, figures and catalogue."""
    records, drawn, drawn_count = _node_records(graph, chosen, show_contacts)
    edges = edge_records(graph, drawn, chosen.taken)
    label_sizes(records, layout(records, edges))
    whole = whole_zh(graph.network.district)
    notes = _notes(chosen, street_name, drawn_count, max_nodes, show_contacts, whole)
    listed, listing = catalog_listing(graph, chosen.scope, chosen.taken)
    if listing:  # past the catalogue's limit: it lists the view's or the drawn organizations only, and says so
        notes.append(listing)
    streets = _in_official_order(graph, {r["street"] for r in records if r["street"] and r["kind"] in _PLACES})
    log.info("network view %s: %d nodes, %d edges, %d omitted", chosen.mode, len(records), len(edges), chosen.omitted)
    figures = view_figures(graph, chosen.scope, drawn)
    return NetworkView(
        title=_title(graph, chosen.mode, street_name, unit_ids), subtitle=subtitle(figures, chosen.mode, whole),
        nodes=records, edges=edges, legend=_legend(graph.network, records), notes=notes, streets=streets,
        omitted=chosen.omitted, mode=chosen.mode, figures=figures, source=source or "台账.xlsx",
        catalog=organization_catalog(graph, chosen.scope, listed), street_files=dict(street_files or {}), whole=whole)


def _in_official_order(graph, streets):
    """`streets` in the order of 街道社区 (the district's own), for the page's street drop-down."""
    official = street_names(graph.analysis)
    return [street for street in official if street in streets] + sorted(set(streets) - set(official))


def _check_cap(max_nodes):
    if max_nodes < 1:
        raise ValueError("max_nodes must be at least 1")


def _node_records(graph, chosen, show_contacts):
    """The records of every node drawn, in drawing order; the set of their ids; how many are organizations."""
    org_nodes = graph.org_node[chosen.taken].tolist()
    drawn = list(dict.fromkeys(chosen.fixed + org_nodes + chosen.brought))
    org_set = set(org_nodes)
    graph.learn([node for node in drawn if node not in org_set])
    kinds = ["organization" if node in org_set else graph.kind_of(node) for node in drawn]
    records = (place_records(graph, [n for n, k in zip(drawn, kinds) if k in ("district", "street", "community")],
                             _drawn_per_place(graph, chosen.taken), show_contacts)
               + unit_records(graph, [n for n, k in zip(drawn, kinds) if k in UNIT_KINDS], show_contacts)
               + party_org_records(graph, [n for n, k in zip(drawn, kinds) if k == "party_org"])
               + org_records(graph, chosen.taken))
    order = {node: i for i, node in enumerate(drawn)}
    records.sort(key=lambda r: order[r["id"]])
    for record in records:
        record.setdefault("scale", 1.0)
    return records, set(drawn), len(org_set)


def _drawn_per_place(graph, taken):
    """Community and street node id → how many of its organizations are drawn."""
    drawn_per_place = {}
    for rows, node_ids in ((graph.org_community_row[taken], graph.community_ids),
                           (graph.org_street_row[taken], graph.street_ids)):
        places, counts = np.unique(rows[rows >= 0], return_counts=True)
        drawn_per_place.update(zip(node_ids[places].tolist(), counts.tolist()))
    return drawn_per_place


def _legend(network, records):
    """Per node kind: its name, colour and shape, how many the network has and how many are drawn."""
    drawn_roles = pd.Series([k for r in records for k in r.get("kinds", [r["kind"]])]).value_counts()
    totals, _ = network.counts()
    return [{"kind": kind, "label_zh": spec.label_zh, "color": spec.color, "shape": spec.shape,
             "total": int(totals.get(kind, 0)), "drawn": int(drawn_roles.get(kind, 0))}
            for kind, spec in NODE_KINDS.items()]


def _title(graph, mode, street_name, unit_ids):
    district = graph.network.district
    if mode == "district":
        return f"{district}两新组织党建责任网络"
    if mode == "street":
        return f"{district}{street_name}两新组织党建责任网络"
    return f"{graph.name_of(unit_ids[0]) if unit_ids else ''}的责任网络" + (f"（{street_name}）" if street_name else "")


def _notes(chosen, street_name, drawn_count, max_nodes, show_contacts, whole):
    """The Chinese notes above the network: what it shows, what the cap left out, what is hidden."""
    qualified = drawn_count + chosen.omitted
    if chosen.mode == "district":
        notes = [f"{whole}视图：街道、社区只显示汇总数字；有问题（未覆盖、提升项或责任链断点）的组织共 {count_text(qualified)} 个，"
                 f"逐个绘出 {count_text(drawn_count)} 个。党建工作指导员并入其业务主管单位"
                 + ("。" if "flagged_unit" in chosen.folded else "，超负荷或未落实的单独绘出。")]
    elif chosen.mode == "street":
        notes = [f"{street_name}全部组织 {count_text(qualified)} 个，绘出 {count_text(drawn_count)} 个。"]
    else:
        notes = [f"该单位负责的组织 {count_text(qualified)} 个，绘出 {count_text(drawn_count)} 个。"]
    if chosen.omitted:
        notes.append(f"为保持流畅，最多绘出 {count_text(max_nodes)} 个节点：另有 {count_text(chosen.omitted)} 个组织未单独绘出"
                     "（已计入街道、社区的统计和单位的虚线汇总连线）。问题越严重的组织越先绘出；"
                     f"每个街道的每类问题先轮流各绘出至多 {GUARANTEED_PER_GROUP} 个，少见的问题不会被淹没。"
                     "要看全部，可用 liangxin viz 台账.xlsx --street 街道名 或 --unit 单位名，或用 --max-nodes 提高上限。")
    if chosen.folded:
        notes.append(_folded_note(chosen.folded, whole))
    if chosen.cut:
        notes.append(f"上限 {count_text(max_nodes)} 太小：还有 {count_text(chosen.cut)} 个街道、社区或责任单位没有画出，"
                     "请用 --max-nodes 提高上限。")
    if not show_contacts:
        notes.append("联络员、联系电话和社区责任人姓名未显示（需要时加 --show-contacts）。")
    return notes


def _folded_note(folded, whole):
    """The note of a whole view that draws some communities and units only with the organizations drawn."""
    what = "，".join(f"{FOLDED_ZH[key]} {count_text(count)} 个" for key, count in folded.items() if count)
    listed = ("；未落实的单位没有可随的组织，不画出；超负荷、未落实单位的名单见 report.xlsx 的“超负荷单位”“未落实单位”表"
              if "flagged_unit" in folded else "")
    return (f"{whole}的社区和责任单位较多：{what}，都只随绘出的组织画出，好让上限留给有问题的组织（没画出的社区计入所属"
            f"街道的汇总数字{listed}）。要看某个街道或单位的全部，可用 --street 街道名 或 --unit 单位名。")
