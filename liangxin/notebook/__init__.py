"""Notebook helpers: Chinese labels, ranked tables, inline charts, street lists, what-ifs, Neo4j.

Everything the analysts' notebooks (``notebooks/*.ipynb``) do beyond one line is reachable
from here, so a notebook cell stays short and the code is tested like the rest. Every name is
exported by the package: ``import liangxin as lx`` then ``lx.zh(result.uncovered)``.

The computations live where the data flow puts them; this package re-exports them beside
its own presentation helpers:

- Labels (:mod:`~liangxin.notebook.translate`): :func:`zh` / :func:`labels` turn English
  column names and code values into Chinese, from :mod:`liangxin.queries.labels`.
- Tables (:mod:`liangxin.queries.tables`, :mod:`liangxin.queries.streets`): :func:`overview`,
  :func:`by_organization`, :func:`uncovered_ranked`, :func:`uncovered_by_street`,
  :func:`chains_by_street`, :func:`coverage_table`, :func:`loads_table`,
  :func:`loads_summary`, :func:`street_names`, :func:`resolve_street`.
- Charts (:mod:`~liangxin.notebook.charts`): :func:`coverage_chart`, :func:`loads_chart`,
  :func:`findings_chart`, :func:`comparison_chart` return a :class:`Chart`, shown inline as
  PNG; :func:`show_network`.
- Files (:mod:`~liangxin.notebook.files`, :mod:`~liangxin.notebook.excel`):
  :func:`demo_workbook`, :func:`run_analyze`, :func:`files_table`, :func:`write_excel`
  (cells written as values, never formulas), :func:`street_sheets`, :func:`export_street`.
- What-if (:mod:`liangxin.graph.whatif`, :mod:`liangxin.queries.comparison`):
  :func:`with_capacity`, :func:`move_department` build a new network from an edited copy of
  the tables; :func:`compare` tells what changed between two analyses.
- Neo4j (:mod:`~liangxin.notebook.neo4j_steps`): :func:`neo4j_link` connects from
  ``NEO4J_URI`` … or, when no server is configured, returns a link whose every step says it
  was skipped instead of failing.

Pure functions: analyses and networks in, new DataFrames, networks and files out; nothing
given is changed.

Examples
--------
>>> zh(uncovered_ranked(result, "布吉"))[["排序", "组织名称", "是否未覆盖"]].values.tolist()
[[1, '戊建筑有限公司', '是'], [2, '布吉街道养老服务中心', '是']]
"""

from liangxin.graph.whatif import move_department, with_capacity
from liangxin.notebook.charts import (Chart, comparison_chart, coverage_chart, findings_chart, loads_chart,
                                      show_network)
from liangxin.notebook.excel import export_street, street_sheets, write_excel
from liangxin.notebook.files import Outputs, demo_workbook, files_table, run_analyze
from liangxin.notebook.neo4j_steps import Neo4jCheck, Neo4jLink, Skipped, neo4j_link
from liangxin.notebook.translate import labels, zh
from liangxin.queries.comparison import Comparison, compare
from liangxin.queries.labels import COLUMN_ZH, FILE_ZH, VALUE_ZH
from liangxin.queries.streets import resolve_street, street_names
from liangxin.queries.tables import (by_organization, chains_by_street, coverage_table, loads_summary, loads_table,
                                     overview, uncovered_by_street, uncovered_ranked)

__all__ = [
    "zh", "labels", "COLUMN_ZH", "VALUE_ZH", "FILE_ZH",
    "demo_workbook", "run_analyze", "Outputs", "files_table",
    "overview", "by_organization", "uncovered_ranked", "uncovered_by_street", "chains_by_street", "coverage_table",
    "loads_table", "loads_summary",
    "Chart", "coverage_chart", "loads_chart", "findings_chart", "comparison_chart",
    "street_names", "resolve_street", "street_sheets", "write_excel", "export_street",
    "with_capacity", "move_department", "compare", "Comparison",
    "show_network",
    "neo4j_link", "Neo4jLink", "Neo4jCheck", "Skipped",
]
