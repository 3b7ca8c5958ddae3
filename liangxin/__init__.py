"""liangxin — responsibility network analyzer for Party-building coverage of 两新组织.

The short API notebooks use::

    import liangxin as lx
    net = lx.load("台账.xlsx")          # read, validate and build the network
    result = lx.analyze(net)            # every query of RULES.md
    result.uncovered, result.overloaded, result.broken_chains, result.coverage
"""

from graph.network import ResponsibilityNetwork, build_network
from graph.store import load_network, save_network
from loaders.validate import load_tables
from queries.analysis import Analysis, analyze_network
from queries.rules import Rules, load_rules

__version__ = "0.1.0"

__all__ = ["load", "analyze", "load_tables", "build_network", "analyze_network", "load_rules",
           "save_network", "load_network", "ResponsibilityNetwork", "Analysis", "Rules", "__version__"]

# Notebook helpers (liangxin/notebook.py): Chinese labels, ranked tables, inline charts, street
# lists, what-ifs and the Neo4j link. ``lx.zh(result.uncovered)``, ``lx.show_network(result)``.
from liangxin.notebook import (  # noqa: E402
    COLUMN_ZH, Chart, Comparison, Neo4jCheck, Neo4jLink, Outputs, Skipped, by_organization, chains_by_street,
    compare, comparison_chart, coverage_chart, coverage_table, demo_workbook, export_street, files_table,
    findings_chart, labels, loads_chart, loads_summary, loads_table, move_department, neo4j_link, overview,
    resolve_street, run_analyze, show_network, street_names, street_sheets, uncovered_by_street,
    uncovered_ranked, with_capacity, write_excel, zh)

__all__ += ["COLUMN_ZH", "Chart", "Comparison", "Neo4jCheck", "Neo4jLink", "Outputs", "Skipped",
            "by_organization", "chains_by_street", "compare", "comparison_chart", "coverage_chart",
            "coverage_table", "demo_workbook", "export_street", "files_table", "findings_chart", "labels",
            "loads_chart", "loads_summary", "loads_table", "move_department", "neo4j_link", "overview",
            "resolve_street", "run_analyze", "show_network", "street_names", "street_sheets",
            "uncovered_by_street", "uncovered_ranked", "with_capacity", "write_excel", "zh"]


def load(path, rules=None):
    """Read a workbook, CSV folder or saved ``.lxg`` network and return the network.

    Parameters
    ----------
    path : str or Path
    rules : Rules or str or Path, optional
        Only its ``district`` is used here.

    Examples
    --------
    >>> net = load("out/sample.xlsx")  # doctest: +SKIP
    """
    if str(path).lower().endswith(".lxg"):
        return load_network(path)
    rules = rules if isinstance(rules, Rules) else load_rules(rules)
    return build_network(load_tables(path), district=rules.district)


def analyze(network_or_path, rules=None):
    """Run every query on a network (or on a path, loaded first) and return an :class:`Analysis`.

    Examples
    --------
    >>> result = analyze("out/sample.xlsx")  # doctest: +SKIP
    >>> result.overloaded  # doctest: +SKIP
    """
    rules = rules if isinstance(rules, Rules) or rules is None else load_rules(rules)
    network = network_or_path
    if not isinstance(network, ResponsibilityNetwork):
        network = load(network_or_path, rules)
    return analyze_network(network, rules)
