"""``liangxin viz``: write the interactive network page for the whole district, one street or one unit.

Listed in :data:`liangxin.cli.COMMANDS`.
"""

from pathlib import Path

import click

from liangxin._terminal import echo
from liangxin.commands._click import HELP, INPUT, RULES, Command, OutPath
from liangxin.settings import NETWORK_MAX_NODES

__all__ = ["viz"]


@click.command("viz", cls=Command, context_settings=HELP, help="""生成交互式责任网络图（单个 HTML 文件，离线可用）。

\b
INPUT 是台账（.xlsx/.xls 工作簿或 CSV 文件夹）或保存的 .lxg 网络。
默认画全区：街道、社区只显示汇总数字，逐个画出有问题的组织（问题越严重越先画）；
用 --street 或 --unit 画出一个街道或一个单位负责的全部组织。

\b
例：
  liangxin viz 台账.xlsx --out 网络图.html
  liangxin viz 台账.xlsx --street 平湖 --out 平湖街道.html
  liangxin viz 台账.xlsx --unit 区民政局 --out 区民政局.html
  liangxin viz 台账.xlsx --street-pages --out 网络图.html
""")
@INPUT
@click.option("--out", "out_file", required=True, type=OutPath(path_type=Path, dir_okay=False),
              help="输出的 HTML 文件（用浏览器直接打开，无需联网）")
@click.option("--street", default=None, help="只画这个街道的全部组织（“平湖”或“平湖街道”均可）")
@click.option("--unit", default=None, help="只画这个单位负责的全部组织：区领导、区直机关、业务主管单位、党建工作指导员或群团组织的名称")
@click.option("--street-pages", is_flag=True,
              help="另外为每个街道写一个完整的网络图（输出文件旁的“<文件名>_各街道”文件夹），全区图中未画出的组织可直接点开其街道的图")
@click.option("--show-contacts", is_flag=True, help="在提示框中显示联络员、联系电话和社区责任人姓名（默认不显示）")
@click.option("--max-nodes", default=NETWORK_MAX_NODES, show_default=True, type=click.IntRange(50, 1_000_000),
              help="最多画出的节点数；节点太多时浏览器会变慢")
@RULES
def viz(input_path, out_file, street, unit, street_pages, show_contacts, max_nodes, rules_path):
    from liangxin.inputs import analyze
    from liangxin.viz.network import write_network_html

    analysis = analyze(input_path, rules_path)
    path = write_network_html(analysis, out_file, street=street, unit=unit, show_contacts=show_contacts,
                              max_nodes=max_nodes, source=Path(input_path).name, street_pages=street_pages)
    echo(f"网络图：{path.resolve()}（用浏览器直接打开，无需联网）")
