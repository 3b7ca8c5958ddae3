"""The end-to-end jobs behind the commands: load → build → query → write.

This module only composes :mod:`liangxin.loaders`, :mod:`liangxin.graph`, :mod:`liangxin.queries` and :mod:`liangxin.viz`.
"""

import logging
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from liangxin.errors import OutputError
from liangxin.graph.network import build_network
from liangxin.loaders.validate import load_tables
from liangxin.queries.analysis import analyze_network, findings_table, summary_object
from liangxin.queries.rules import load_rules
from liangxin.viz.charts import CHART_FILES, write_charts
from liangxin.viz.machine import write_findings_csv, write_summary_json
from liangxin.viz.network import write_network_html
from liangxin.viz.report import write_report_xlsx

__all__ = ["AnalyzeResult", "run_analyze", "stages", "check_writable", "ANALYZE_OUTPUTS"]

log = logging.getLogger(__name__)


@dataclass
class AnalyzeResult:
    """What ``liangxin analyze`` produced."""

    analysis: object
    summary: dict
    files: dict


@contextmanager
def stages(total, enabled=None):
    """A progress bar over named stages, on stderr and only when stderr is a terminal."""
    enabled = sys.stderr.isatty() if enabled is None else enabled
    if not enabled:
        class _Silent:
            def step(self, name):
                log.info("%s", name)
        yield _Silent()
        return
    from tqdm import tqdm

    with tqdm(total=total, file=sys.stderr, unit="步", leave=False, dynamic_ncols=True) as bar:
        class _Bar:
            started = False

            def step(self, name):
                if self.started:
                    bar.update(1)
                self.started = True
                bar.set_description(name)
                log.info("%s", name)
        yield _Bar()
        bar.update(bar.total - bar.n)


#: What ``analyze`` writes into its folder.
ANALYZE_OUTPUTS = ("summary.json", "findings.csv", "report.xlsx", "network.html", *CHART_FILES)


def check_writable(paths):
    """Raise :class:`OutputError` naming every output in `paths` that exists and cannot be written.

    Checked before anything is written, so that a report open in Excel or WPS (which lock it on
    Windows) stops the run at once, instead of after the other files of the folder were replaced.
    """
    busy = []
    for path in map(Path, paths):
        if path.exists():
            try:
                with open(path, "r+b"):
                    pass
            except OSError:
                busy.append(path)
    if busy:
        what = busy[0] if len(busy) == 1 else f"{busy[0].parent} 中的 {'、'.join(path.name for path in busy)}"
        raise OutputError(f"无法写入 {what}：文件正被其他程序（如 Excel、WPS）打开，或是只读文件。"
                          f"请关闭后重试，或换一个输出位置")


def run_analyze(input_path, out_dir, rules_path=None, progress=None):
    """Analyze a workbook and write ``summary.json``, ``findings.csv``, ``report.xlsx`` (with the
    charts, also written as PNGs) and ``network.html``.

    Parameters
    ----------
    input_path : str or Path
        A .xlsx/.xls workbook or a folder of CSV files.
    out_dir : str or Path
        Created when missing.
    rules_path : str or Path, optional
        A rules TOML overriding the defaults.

    Returns
    -------
    AnalyzeResult
    """
    rules = load_rules(rules_path)
    out_dir = Path(out_dir)
    check_writable([out_dir / name for name in ANALYZE_OUTPUTS])
    with stages(8, progress) as progress_bar:
        progress_bar.step("读取并校验台账")
        tables = load_tables(input_path)
        progress_bar.step("构建责任网络")
        network = build_network(tables, district=rules.district)
        progress_bar.step("分析覆盖、负荷与责任链")
        analysis = analyze_network(network, rules)
        out_dir.mkdir(parents=True, exist_ok=True)
        progress_bar.step("写出 summary.json")
        summary = summary_object(analysis, str(input_path))
        files = {"summary": write_summary_json(summary, out_dir / "summary.json")}
        progress_bar.step("写出 findings.csv")
        files["findings"] = write_findings_csv(findings_table(analysis), out_dir / "findings.csv")
        progress_bar.step("绘制图表")
        charts = write_charts(analysis, out_dir)
        files.update({f"chart:{title}": path for title, path in charts})
        progress_bar.step("写出 report.xlsx")
        files["report"] = write_report_xlsx(analysis, out_dir / "report.xlsx", images=charts)
        progress_bar.step("写出 network.html")
        files["network"] = write_network_html(analysis, out_dir / "network.html")
    return AnalyzeResult(analysis=analysis, summary=summary, files=files)
