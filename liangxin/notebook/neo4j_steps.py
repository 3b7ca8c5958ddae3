"""The committee's Neo4j server from a notebook: :func:`neo4j_link`, or steps that say they were skipped.

With no ``NEO4J_URI`` a notebook still runs from top to bottom: every step of the link returns
a :class:`Skipped` (falsy) saying why nothing was done, instead of failing.
"""

import dataclasses
import html
import logging
import os

import pandas as pd

from liangxin.notebook.translate import zh
from liangxin.queries.labels import EDGE_TYPE_ZH, NODE_KIND_ZH, QUERY_ZH

__all__ = ["neo4j_link", "Neo4jLink", "Neo4jCheck", "Skipped"]

log = logging.getLogger(__name__)


class Skipped:
    """The result of a Neo4j step that was skipped because no server is configured."""

    def __init__(self, step, reason):
        self.step = step
        self.reason = reason

    def __bool__(self):
        return False

    def __repr__(self):
        return f"（已跳过“{self.step}”：{self.reason}）"


@dataclasses.dataclass(repr=False)
class Neo4jCheck:
    """The Cypher twins compared with the embedded queries.

    Attributes
    ----------
    table : DataFrame
        Per query: ``query, embedded_rows, cypher_rows, differences, same``.
    differences : list of str
        Every difference, in Chinese (empty when all agree).
    cypher : queries.analysis.Analysis
        The Cypher twins' result.
    """

    table: pd.DataFrame
    differences: list
    cypher: object

    @property
    def same(self):
        return not self.differences

    def __repr__(self):
        if self.same:
            return "一致：Cypher 查询与内置查询的结果逐行相同，读回的台账数据与本地相同"
        return f"{len(self.differences)} 处不一致：\n" + "\n".join(self.differences[:20])

    def _repr_html_(self):
        head = ("<p><b>一致</b>：Cypher 查询与内置查询的结果逐行相同，读回的台账数据与本地相同。</p>" if self.same else
                f"<p><b>{len(self.differences)} 处不一致</b>：</p><ul>"
                + "".join(f"<li>{html.escape(d)}</li>" for d in self.differences[:20]) + "</ul>")
        return head + zh(self.table).to_html(index=False, escape=True)


_NO_SERVER = ("未设置环境变量 NEO4J_URI，没有可用的 Neo4j 服务器：本笔记本以下各步都将跳过（不会报错）。"
              "要连接服务器，请在启动 Jupyter 前设置 NEO4J_URI（如 neo4j+s://xxxx.databases.neo4j.io 或 "
              "bolt://localhost:7687）、NEO4J_USER、NEO4J_PASSWORD，需要时再设 NEO4J_DATABASE。")


class Neo4jLink:
    """A connection to the committee's Neo4j server, or a stand-in that skips every step.

    Made by :func:`neo4j_link`. Each step returns its result, or a :class:`Skipped` (falsy)
    saying why nothing was done when no server is configured.

    Attributes
    ----------
    connection : liangxin.graph.neo4j.Neo4jConnection or None
    reason : str or None
        Why there is no connection.
    """

    def __init__(self, connection=None, reason=None):
        self.connection = connection
        self.reason = reason

    @property
    def configured(self):
        return self.connection is not None

    def __bool__(self):
        return self.configured

    def __repr__(self):
        if not self.configured:
            return self.reason
        s = self.connection.settings
        return f"已连接 Neo4j 服务器 {s.shown_uri}（用户 {s.user}，数据库 {s.database or '默认'}）"

    def _skip(self, step):
        log.info("skipped %s: no Neo4j server", step)
        return Skipped(step, "未配置 Neo4j 服务器（NEO4J_URI 未设置）")

    def push(self, network, **options):
        """Write `network` as its district's current snapshot (:func:`liangxin.graph.neo4j.push_network`)."""
        if not self.configured:
            return self._skip("载入 Neo4j")
        from liangxin.graph.neo4j import push_network

        return push_network(self.connection, network, progress=False, **options)

    def counts(self, district):
        """The district's nodes per kind and relationships per type on the server, as a Chinese table."""
        if not self.configured:
            return self._skip("统计节点和关系")
        from liangxin.graph.neo4j import district_counts

        nodes, relationships = district_counts(self.connection, district)
        rows = [("节点", NODE_KIND_ZH[k], k, n) for k, n in nodes.items()]
        rows += [("关系", EDGE_TYPE_ZH[t], t, n) for t, n in relationships.items()]
        return pd.DataFrame(rows, columns=["类别", "名称", "标签或类型", "数量"])

    def pull(self, district):
        """Read the district back from the server as a network (:func:`liangxin.graph.neo4j.pull_network`)."""
        if not self.configured:
            return self._skip("从 Neo4j 读回")
        from liangxin.graph.neo4j import pull_network

        return pull_network(self.connection, district)

    def analyze(self, network, rules=None):
        """Run the Cypher twins of every query on the server (:func:`liangxin.queries.cypher.analyze_cypher`)."""
        if not self.configured:
            return self._skip("运行 Cypher 查询")
        from liangxin.queries.cypher import analyze_cypher

        return analyze_cypher(self.connection, network.district, rules, network=network)

    def check(self, network, rules=None, embedded=None):
        """Compare the server's answers with the embedded ones, as ``liangxin neo4j check`` does.

        Returns
        -------
        Neo4jCheck or Skipped
        """
        if not self.configured:
            return self._skip("核对 Cypher 与内置查询")
        from liangxin.queries.analysis import analyze_network
        from liangxin.queries.cypher import analysis_differences, analyze_cypher, tables_differences

        embedded = embedded if embedded is not None else analyze_network(network, rules)
        pulled = self.pull(network.district)
        cypher = analyze_cypher(self.connection, network.district, embedded.rules, network=pulled)
        differences = tables_differences(network.tables, pulled.tables)
        differences += analysis_differences(embedded, cypher, network.tables.source)
        rows = []
        for name, title in QUERY_ZH.items():  # the titles analysis_differences' lines start with
            mine, theirs = getattr(embedded, name), getattr(cypher, name)
            rows.append({"query": title, "embedded_rows": len(mine), "cypher_rows": len(theirs),
                         "differences": sum(d.startswith(title + "：") for d in differences)})
        counts_differ = sum(d.startswith("计数") for d in differences)
        rows.append({"query": "计数", "embedded_rows": len(embedded.counts), "cypher_rows": len(cypher.counts),
                     "differences": counts_differ})
        rows.append({"query": "读回的台账数据", "embedded_rows": None, "cypher_rows": None,
                     "differences": sum(d.startswith("从 Neo4j 读回") for d in differences)})
        table = pd.DataFrame(rows)
        table["same"] = table["differences"] == 0
        return Neo4jCheck(table=table, differences=differences, cypher=cypher)

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None
            self.reason = "连接已关闭"

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def neo4j_link(uri: str | None = None, user: str | None = None, database: str | None = None, *,
               password: str | None = None, environ=None) -> Neo4jLink:
    """Connect to the Neo4j server of ``NEO4J_URI`` …, or say that none is configured.

    With no URI (argument or ``NEO4J_URI``) this returns a :class:`Neo4jLink` whose repr
    says so and whose steps are skipped; a configured server that cannot be reached is an
    error (:class:`liangxin.liangxin.graph.neo4j.Neo4jConnectionError`, one Chinese line).

    Examples
    --------
    With no server configured, every step says it was skipped:

    >>> neo = neo4j_link(environ={})
    >>> bool(neo), neo.push(net)
    (False, （已跳过“载入 Neo4j”：未配置 Neo4j 服务器（NEO4J_URI 未设置））)
    """
    environ = os.environ if environ is None else environ
    if not (uri or (environ.get("NEO4J_URI") or "").strip()):
        return Neo4jLink(reason=_NO_SERVER)
    from liangxin.graph.neo4j import connect

    return Neo4jLink(connect(uri, user, database, password=password, environ=environ))
