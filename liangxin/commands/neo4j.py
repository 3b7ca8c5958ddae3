"""``liangxin neo4j push INPUT`` and ``liangxin neo4j check INPUT`` (OUTPUT.md).

The click group :data:`neo4j` is listed in :data:`liangxin.cli.COMMANDS`. The connection comes from ``NEO4J_URI``, ``NEO4J_USER``,
``NEO4J_PASSWORD`` and ``NEO4J_DATABASE``; ``--uri``, ``--user`` and ``--database``
override all but the password. Connection problems are
:class:`liangxin.errors.Neo4jConnectionError` (a ``LiangxinInputError``): the command
line prints one Chinese line and exits with status 2.
"""

import logging
from pathlib import Path

import click

from liangxin._terminal import echo
from liangxin.commands._click import HELP, INPUT, Group, Command

__all__ = ["neo4j", "push", "check"]

log = logging.getLogger(__name__)


def _connection_options(function):
    function = click.option("--database", default=None, metavar="名称",
                            help="数据库名（覆盖环境变量 NEO4J_DATABASE；不设时用服务器的默认数据库）")(function)
    function = click.option("--user", default=None, metavar="用户",
                            help="用户名（覆盖环境变量 NEO4J_USER，默认 neo4j）")(function)
    function = click.option("--uri", default=None, metavar="地址",
                            help="服务器地址，如 neo4j+s://xxxx.databases.neo4j.io（覆盖环境变量 NEO4J_URI）")(function)
    return function


_RULES = click.option("--rules", "rules_path", type=click.Path(path_type=Path, dir_okay=False), metavar="文件",
                      help="规则文件（TOML）：区名（district）和阈值取自这里")
_HELP = click.help_option("-h", "--help", help="显示帮助并退出")


@click.group("neo4j", cls=Group, context_settings=HELP, help="""把责任网络存入共享的 Neo4j 5 服务器（本地部署或 Aura），并核对 Cypher 查询。

\b
连接取自环境变量 NEO4J_URI、NEO4J_USER、NEO4J_PASSWORD、NEO4J_DATABASE；
--uri、--user、--database 可覆盖（密码只从环境变量读取）。
\b
  liangxin neo4j push 台账.xlsx     把台账载入 Neo4j（可重复执行，更新为最新快照）
  liangxin neo4j check 台账.xlsx    在 Neo4j 上运行 Cypher 版查询，与内置查询逐项比对
""")
@_HELP
def neo4j():
    pass


def _load(input_path, rules_path):
    from liangxin.inputs import open_input
    from liangxin.queries.rules import load_rules

    rules = load_rules(rules_path)
    # A city is stored and checked district by district under their own names: no scope to name.
    return rules, open_input(input_path, rules, name_scope=False)


def _counts_line(counts, names):
    return "，".join(f"{names[key]} {value}" for key, value in counts.items() if value)




@neo4j.command(help="""把台账载入 Neo4j。

\b
INPUT 是 .xlsx/.xls 工作簿、CSV 文件夹或保存的 .lxg 网络。数据按区（规则文件的 district，默认“龙岗区”）
存放：重复执行结果相同；载入新快照时更新属性，并删除该区已不存在的节点和关系，
不影响数据库中的其他数据。台账有“区”列且含几个区（全市）时，每个区按自己的区名分别存放。
""")
@INPUT
@_connection_options
@click.option("--batch-size", default=None, type=click.IntRange(1, 1_000_000), metavar="行数",
              help="每个事务写入的行数（默认 2000）")
@_RULES
@_HELP
def push(input_path, uri, user, database, batch_size, rules_path):
    from liangxin.graph.neo4j import DEFAULT_BATCH_SIZE, connect, push_network
    from liangxin.queries.labels import NODE_KIND_ZH

    from liangxin.graph.districts import district_networks, unplaced

    rules, network = _load(input_path, rules_path)
    with connect(uri, user, database) as connection:
        # Several districts (a 区 column): each district under its own name, as if loaded alone.
        for part in district_networks(network).values():
            result = push_network(connection, part, batch_size=batch_size or DEFAULT_BATCH_SIZE)
            echo(f"已载入 Neo4j：区“{result.district}”共 {result.node_total} 个节点、{result.relationship_total} 条关系，"
                 f"用时 {result.seconds:.1f} 秒（{connection.settings.shown_uri}，数据库 {connection.database or '默认'}）")
            echo(f"  {_counts_line(result.nodes, NODE_KIND_ZH)}")
            if result.deleted_nodes or result.deleted_relationships:
                echo(f"  已删除旧快照中不再存在的 {result.deleted_nodes} 个节点、{result.deleted_relationships} 条关系")
    if unplaced(network):
        echo(f"另有 {unplaced(network)} 个两新组织无法确定所属区（未填区，且街道名在几个区都有或不存在），"
             f"未载入 Neo4j；见 report.xlsx 的数据问题")


@neo4j.command(help="""在 Neo4j 上运行 Cypher 版查询，与内置查询逐项比对。

\b
读取 INPUT 并在本地运行内置查询；在服务器上对同一区运行 Cypher 版查询，并读回该区数据；
逐项比对未覆盖组织、责任单位负荷、责任链断点、覆盖率、计数和 summary.json。
有任何不一致时逐条列出并以状态 1 退出；完全一致时以状态 0 退出。
""")
@INPUT
@_connection_options
@_RULES
@_HELP
@click.pass_context
def check(ctx, input_path, uri, user, database, rules_path):
    from liangxin.graph.neo4j import connect
    from liangxin.graph.districts import district_networks

    rules, network = _load(input_path, rules_path)
    failed = 0
    with connect(uri, user, database) as connection:
        # Several districts: each district's own network against what was pushed under its name.
        parts = district_networks(network)
        if len(parts) == 1:  # one district: the rules file's name, as always
            parts = {rules.district: network}
        for district, part in parts.items():
            failed += _check_district(connection, district, part, rules, input_path)
    if failed:
        ctx.exit(1)


def _check_district(connection, district, network, rules, input_path):
    """Compare one district on the server with the embedded queries; echo the result, return 1 on a difference."""
    from liangxin.graph.neo4j import pull_network
    from liangxin.queries.analysis import analyze_network
    from liangxin.queries.cypher import analysis_differences, analyze_cypher, tables_differences

    embedded = analyze_network(network, rules)
    pulled = pull_network(connection, district)
    cypher = analyze_cypher(connection, district, rules, network=pulled)
    differences = tables_differences(network.tables, pulled.tables)
    differences += analysis_differences(embedded, cypher, str(input_path))
    for line in differences:
        echo(f"不一致：{line}")
    if differences:
        echo(f"共 {len(differences)} 处不一致（区“{district}”）。若台账已更新，请先运行 liangxin neo4j push。")
        return 1
    echo(f"一致：区“{district}”的 Cypher 查询结果与内置查询完全相同"
               f"（未覆盖 {len(embedded.uncovered)} 行，责任单位 {len(embedded.loads)} 行，"
               f"责任链断点 {len(embedded.broken_chains)} 行，覆盖率 {len(embedded.coverage)} 行；"
               f"读回的台账数据与本地相同）")
    return 0
