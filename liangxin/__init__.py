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
    "load_rules": "liangxin.queries.rules", "Rules": "liangxin.queries.rules",
    "# noqa: E402     COLUMN_ZH": "liangxin.notebook",
    "Chart": "liangxin.notebook",
    "Comparison": "liangxin.notebook",
    "Neo4jCheck": "liangxin.notebook",
    "Neo4jLink": "liangxin.notebook",
    "Outputs": "liangxin.notebook",
    "Skipped": "liangxin.notebook",
    "by_organization": "liangxin.notebook",
    "chains_by_street": "liangxin.notebook",
    "compare": "liangxin.notebook",
    "comparison_chart": "liangxin.notebook",
    "coverage_chart": "liangxin.notebook",
    "coverage_table": "liangxin.notebook",
    "demo_workbook": "liangxin.notebook",
    "export_street": "liangxin.notebook",
    "files_table": "liangxin.notebook",
    "findings_chart": "liangxin.notebook",
    "labels": "liangxin.notebook",
    "loads_chart": "liangxin.notebook",
    "loads_summary": "liangxin.notebook",
    "loads_table": "liangxin.notebook",
    "move_department": "liangxin.notebook",
    "neo4j_link": "liangxin.notebook",
    "overview": "liangxin.notebook",
    "resolve_street": "liangxin.notebook",
    "run_analyze": "liangxin.notebook",
    "show_network": "liangxin.notebook",
    "street_names": "liangxin.notebook",
    "street_sheets": "liangxin.notebook",
    "uncovered_by_street": "liangxin.notebook",
    "uncovered_ranked": "liangxin.notebook",
    "with_capacity": "liangxin.notebook",
    "write_excel": "liangxin.notebook",
    "zh": "liangxin.notebook",
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
