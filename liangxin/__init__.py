"""liangxin — responsibility network analyzer for Party-building coverage of 两新组织.

The short API notebooks use::

    import liangxin as lx
    net = lx.load("台账.xlsx")          # read, validate and build the network
    result = lx.analyze(net)            # every query of RULES.md
    result.uncovered, result.overloaded, result.broken_chains, result.coverage

Importing the package is cheap (PEP 562): each name below is imported from its module the
first time it is used, so ``liangxin --help`` and ``import liangxin`` load neither pandas nor
networkx.
"""

import importlib

__version__ = "0.1.0"

#: Public name → the module that defines it.
_EXPORTS = {
    "load": "liangxin.inputs", "analyze": "liangxin.inputs", "open_input": "liangxin.inputs",
    "load_tables": "liangxin.loaders.validate",
    "build_network": "liangxin.graph.network", "ResponsibilityNetwork": "liangxin.graph.network",
    "save_network": "liangxin.graph.store", "load_network": "liangxin.graph.store",
    "analyze_network": "liangxin.queries.analysis", "Analysis": "liangxin.queries.analysis",
    "headline_figures": "liangxin.queries.analysis",
    "load_rules": "liangxin.queries.rules", "Rules": "liangxin.queries.rules",
    # The notebook helpers (liangxin.notebook re-exports them all, from where they are defined).
    "zh": "liangxin.notebook.translate", "labels": "liangxin.notebook.translate",
    "COLUMN_ZH": "liangxin.queries.labels",
    "overview": "liangxin.queries.tables", "by_organization": "liangxin.queries.tables",
    "uncovered_ranked": "liangxin.queries.tables", "uncovered_by_street": "liangxin.queries.tables",
    "chains_by_street": "liangxin.queries.tables", "coverage_table": "liangxin.queries.tables",
    "loads_table": "liangxin.queries.tables", "loads_summary": "liangxin.queries.tables",
    "street_names": "liangxin.queries.streets", "resolve_street": "liangxin.queries.streets",
    "compare": "liangxin.queries.comparison", "Comparison": "liangxin.queries.comparison",
    "with_capacity": "liangxin.graph.whatif", "move_department": "liangxin.graph.whatif",
    "Chart": "liangxin.notebook.charts", "coverage_chart": "liangxin.notebook.charts",
    "loads_chart": "liangxin.notebook.charts", "findings_chart": "liangxin.notebook.charts",
    "comparison_chart": "liangxin.notebook.charts", "show_network": "liangxin.notebook.charts",
    "demo_workbook": "liangxin.notebook.files", "run_analyze": "liangxin.notebook.files",
    "Outputs": "liangxin.notebook.files", "files_table": "liangxin.notebook.files",
    "street_sheets": "liangxin.notebook.excel", "write_excel": "liangxin.notebook.excel",
    "export_street": "liangxin.notebook.excel",
    "neo4j_link": "liangxin.notebook.neo4j_steps", "Neo4jLink": "liangxin.notebook.neo4j_steps",
    "Neo4jCheck": "liangxin.notebook.neo4j_steps", "Skipped": "liangxin.notebook.neo4j_steps",
}

__all__ = [*_EXPORTS, "__version__"]


def __getattr__(name):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'liangxin' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # once imported, a plain attribute
    return value


def __dir__():
    return sorted([*globals(), *_EXPORTS])
