"""The end-to-end jobs behind the commands: load → build → query → write.

This module only composes :mod:`liangxin.inputs` (every INPUT opened one way), :mod:`liangxin.queries`
and :mod:`liangxin.viz`: ``analyze`` (:func:`run_analyze`), ``diff`` (:func:`run_diff`) and
``bulletin`` (:func:`run_bulletin`).
"""

import datetime as dt
import logging
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from liangxin.errors import OutputError
from liangxin.inputs import analyze, open_input
from liangxin.staging import placed, staged_outputs
from liangxin.outputs import early_worker, write_analyze_outputs
from liangxin.queries.analysis import analyze_network
from liangxin.queries.recommend import recommend_all
from liangxin.queries.rules import load_rules
from liangxin.queries.progress import campaign_progress
from liangxin.queries.snapshots import compare_snapshots
from liangxin.viz.charts import CHART_FILES
from liangxin.viz.machine import write_summary_json

__all__ = ["AnalyzeResult", "run_analyze", "stages", "check_writable", "ANALYZE_OUTPUTS", "run_diff", "run_bulletin",
           "run_trend", "recommend_all", "lists_path", "DiffResult", "BulletinResult", "TrendResult"]

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

    Examples
    --------
    A missing file can be written; a folder where the report should go cannot:

    >>> from pathlib import Path
    >>> Path("report.xlsx").mkdir()
    >>> check_writable(["summary.json"])
    >>> check_writable(["summary.json", "report.xlsx"])
    Traceback (most recent call last):
    ...
    liangxin.errors.OutputError: 无法写入 report.xlsx：那里已有一个同名的文件夹。请把它改名或移走，或换一个输出位置
    """
    busy = []
    for path in map(Path, paths):
        if path.is_dir():  # not a file another program holds: a folder of the output's name
            raise OutputError(f"无法写入 {path}：那里已有一个同名的文件夹。请把它改名或移走，或换一个输出位置")
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


def run_analyze(input_path, out_dir, rules_path=None, progress=None, date=None, by_street=False):
    """Analyze a workbook and write ``summary.json``, ``findings.csv``, ``report.xlsx`` (with the
    charts, also written as PNGs) and ``network.html``; with `by_street`, one workbook per street
    in ``各街道/``.

    Parameters
    ----------
    input_path : str or Path
        A .xlsx/.xls workbook, a folder of CSV files or a saved ``.lxg`` network.
    out_dir : str or Path
        Created when missing.
    rules_path : str or Path, optional
        A rules TOML overriding the defaults.
    date : datetime.date, optional
        The date of the data, in the report's title rows (default today).
    by_street : bool, optional
        Also write ``各街道/<街道>.xlsx`` for each street's secretary.

    Returns
    -------
    AnalyzeResult

    Examples
    --------
    >>> from pathlib import Path
    >>> done = run_analyze(handmade_path, "结果")
    >>> done.summary["counts"]["organizations"], len(done.summary["uncovered"])
    (13, 9)
    >>> sorted(path.name for path in Path("结果").iterdir()) == sorted(ANALYZE_OUTPUTS)
    True
    """
    rules = load_rules(rules_path)
    out_dir = Path(out_dir)
    check_writable([out_dir / name for name in ANALYZE_OUTPUTS])
    worker = early_worker(input_path)  # a large input: the report's worker starts while this process reads
    try:
        return _analyzed(input_path, out_dir, rules, progress, date, by_street, worker)
    finally:
        if worker is not None:  # the input refused, say: not left running
            worker.stop()


def _analyzed(input_path, out_dir, rules, progress, date, by_street, worker):
    """:func:`run_analyze` once its rules are read, its outputs writable and its worker started."""
    with stages(8 if by_street else 7, progress) as progress_bar:
        progress_bar.step("读取并校验台账，构建责任网络")
        network = open_input(input_path, rules)
        progress_bar.step("分析覆盖、负荷与责任链")
        analysis = analyze_network(network, rules)
        with staged_outputs(out_dir) as staging:
            files, summary = write_analyze_outputs(analysis, staging, date=date, source=input_path,
                                                   step=progress_bar.step, worker=worker)
            if by_street:
                progress_bar.step("写出各街道报告")
                streets = _street_reports(analysis, out_dir, date, input_path)
    files = placed(files, out_dir)
    if by_street:
        files.update({f"street:{path.stem}": path for path in streets})
    return AnalyzeResult(analysis=analysis, summary=summary, files=files)


def _street_reports(analysis, out_dir, date, input_path):
    """``各街道/<街道>.xlsx``, written all or nothing (placed before the main outputs are moved)."""
    from liangxin.viz.street_report import STREET_FOLDER, write_street_reports

    folder = Path(out_dir) / STREET_FOLDER
    check_writable(sorted(folder.glob("*.xlsx")) if folder.is_dir() else [])  # a street's workbook open in Excel
    with staged_outputs(folder) as staging:
        written = write_street_reports(analysis, staging, date=date, source=input_path)
    return [folder / path.name for path in written]


@dataclass
class DiffResult:
    """What ``liangxin diff`` produced."""

    old: object
    new: object
    diff: object
    recommendations: object
    files: dict


@dataclass
class BulletinResult:
    """What ``liangxin bulletin`` produced."""

    bulletin: object
    files: dict


def run_diff(old_path, new_path, out_dir, rules_path=None, progress=None):
    """Compare two snapshots and write ``diff.json`` and ``diff.xlsx`` into `out_dir`.

    ``diff.xlsx`` also holds the recommendations for the new snapshot (联合组建建议, 单独组建名单,
    负荷调整建议, 调整后负荷, 数据冲突).

    Parameters
    ----------
    old_path, new_path : str or Path
        The earlier and the later workbook (.xlsx/.xls or a CSV folder).
    out_dir : str or Path
        Created when missing.
    rules_path : str or Path, optional

    Returns
    -------
    DiffResult

    Examples
    --------
    The hand-worked pair: A, H and D formed a Party organization (or a standalone one), C
    closed down and R is new (tests/queries/test_snapshots.py):

    >>> from tests.fixtures.snapshots import write_pair
    >>> old, new = write_pair(tmp)
    >>> done = run_diff(old, new, "对比结果")
    >>> done.diff.counts["formed"], done.diff.counts["removed"], done.diff.counts["added"]
    (3, 1, 1)
    >>> sorted(path.name for path in done.files.values())
    ['diff.json', 'diff.xlsx']
    """
    from liangxin.viz.diff_report import diff_object, write_diff_json, write_diff_xlsx

    rules = load_rules(rules_path)
    out_dir = Path(out_dir)
    check_writable([out_dir / "diff.json", out_dir / "diff.xlsx"])
    with stages(6, progress) as bar:
        bar.step("读取并分析上期台账")
        old = analyze(old_path, rules)
        bar.step("读取并分析本期台账")
        new = analyze(new_path, rules)
        bar.step("比较两期")
        change = compare_snapshots(old, new)
        bar.step("生成建议")
        recommendations = recommend_all(new)
        with staged_outputs(out_dir) as staging:
            bar.step("写出 diff.json")
            files = {"json": write_diff_json(diff_object(change, old_path, new_path, recommendations),
                                             staging / "diff.json")}
            bar.step("写出 diff.xlsx")
            files["xlsx"] = write_diff_xlsx(change, staging / "diff.xlsx", recommendations)
    return DiffResult(old=old, new=new, diff=change, recommendations=recommendations, files=placed(files, out_dir))


def lists_path(path):
    """Return the path of the complete lists written beside the bulletin ``X.docx``: ``X_附件名单.xlsx``.

    Examples
    --------
    >>> lists_path("结果/通报.docx").name
    '通报_附件名单.xlsx'
    """
    path = Path(path)
    return path.with_name(f"{path.stem}_附件名单.xlsx")


def run_bulletin(new_path, out_path, previous_path=None, rules_path=None, date=None, previous_date=None, top=50,
                 progress=None, history_path=None, masthead=None):
    """Write the bulletin (通报) as .docx and .html, and its complete lists as an .xlsx beside them.

    Parameters
    ----------
    new_path : str or Path
        The current workbook.
    out_path : str or Path
        ``X.docx`` or ``X.html``: both ``X.docx`` and ``X.html`` are written, with
        ``X_附件名单.xlsx`` (联合组建建议, 单独组建名单, 负荷调整建议, 调整后负荷, 数据冲突).
    previous_path : str or Path, optional
        The previous workbook: rankings by progress since then.
    rules_path : str or Path, optional
    date, previous_date : datetime.date, optional
        The bulletin's date (default today), the previous snapshot's.
    top : int, optional
        Rows at most in each appendix of the document.
    history_path : str or Path, optional
        A folder of earlier dated snapshots: adds the campaign's trend (chart, traffic lights,
        organizations open longest) as a section of its own.
    masthead : dict, optional
        ``issuer`` (发文机关), ``number`` (文号) and ``signer`` (签发人) of the document.

    Returns
    -------
    BulletinResult

    Examples
    --------
    >>> from tests.fixtures.snapshots import write_pair
    >>> old, new = write_pair(tmp)
    >>> done = run_bulletin(new, "通报.docx", previous_path=old)
    >>> {kind: path.name for kind, path in done.files.items()}
    {'docx': '通报.docx', 'html': '通报.html', 'lists': '通报_附件名单.xlsx'}
    """
    from liangxin.viz.bulletin import build_bulletin, bulletin_paths

    rules = load_rules(rules_path)
    out_path = Path(out_path)
    check_writable([*bulletin_paths(out_path), lists_path(out_path)])
    if history_path is not None and date is None:  # the whole bulletin, history included, dated by the data
        from liangxin.snapshot_dates import date_in_name

        date = date_in_name(Path(new_path).name) or dt.date.today()
    steps = 4 if previous_path is None else 5
    with stages(steps, progress) as bar:
        previous, new, change, recommendations = _snapshots_and_advice(previous_path, new_path, rules, bar)
        bar.step("编写通报")
        lists = lists_path(out_path)
        figures = campaign_progress(new, previous, diff=change, date=date)
        with tempfile.TemporaryDirectory() as charts:
            history = None if history_path is None else _history(history_path, new, new_path, date, rules, charts)
            bulletin = build_bulletin(new, figures, recommendations=recommendations, date=date,
                                      previous_date=previous_date, top=top, lists_name=lists.name, history=history,
                                      **(masthead or {}))
            bar.step("写出 .docx、.html 和附件名单")
            files = _write_bulletin_files(bulletin, recommendations, out_path, lists)
    return BulletinResult(bulletin=bulletin, files=files)


def _snapshots_and_advice(previous_path, new_path, rules, bar):
    """The bulletin's analyses (the previous one None without `previous_path`), their comparison and advice."""
    previous = change = None
    if previous_path is not None:
        bar.step("读取并分析上期台账")
        previous = analyze(previous_path, rules)
    bar.step("读取并分析本期台账")
    new = analyze(new_path, rules)
    bar.step("比较两期并生成建议")
    if previous is not None:
        change = compare_snapshots(previous, new)
    return previous, new, change, recommend_all(new)


def _write_bulletin_files(bulletin, recommendations, out_path, lists):
    from liangxin.viz.bulletin import write_bulletin
    from liangxin.viz.diff_report import recommendation_sheets, write_sheets_xlsx

    with staged_outputs(out_path.parent) as staging:
        files = write_bulletin(bulletin, staging / out_path.name)
        files["lists"] = write_sheets_xlsx(recommendation_sheets(recommendations), staging / lists.name)
    return placed(files, out_path.parent)


def _same_file(path, other):
    """Whether two files hold the same bytes (sizes first: most differ there)."""
    return (path.is_file() and other.is_file() and path.stat().st_size == other.stat().st_size
            and path.read_bytes() == other.read_bytes())


def _history(history_path, new, new_path, date, rules, chart_dir):
    """The bulletin's trend section: the dated snapshots of `history_path` before `date`, then `new`."""
    from liangxin.queries.labels import whole_zh
    from liangxin.queries.trend import campaign_trend
    from liangxin.snapshot_dates import dated_snapshots
    from liangxin.viz.bulletin import BulletinImage
    from liangxin.viz.bulletin_history import history_section
    from liangxin.viz.trend import trend_charts

    new_path = Path(new_path)
    found = dated_snapshots([history_path], undated="refuse")
    # the snapshots before the bulletin's date; never the current data a second time (its path or a copy)
    earlier = [(day, path) for day, path in found if day < date and path.resolve() != new_path.resolve()
               and not _same_file(path, new_path)]
    analyses = [analyze(path, rules) for _, path in earlier] + [new]
    trend = campaign_trend(analyses, [day for day, _ in earlier] + [date], [str(p) for _, p in earlier] + [str(new_path)],
                           rules)
    charts = dict(trend_charts(trend, chart_dir, target=rules.campaign_target))
    whole = whole_zh(new.network.district)
    chart = BulletinImage(f"图1  {whole}组织覆盖率变化", charts["组织覆盖率"]) if "组织覆盖率" in charts else None
    return history_section(trend, chart, rules.campaign_push_end, top=10, whole=whole)


@dataclass
class TrendResult:
    """What ``liangxin trend`` produced."""

    trend: object
    dates: list
    files: dict


def run_trend(snapshot_paths, out_dir, dates=None, rules_path=None, progress=None):
    """Analyze dated snapshots and write ``trend.json``, ``trend.xlsx`` and its chart PNGs into `out_dir`.

    Parameters
    ----------
    snapshot_paths : sequence of str or Path
        Workbooks, CSV folders or ``.lxg`` files; or one folder holding them.
    out_dir : str or Path
    dates : sequence of datetime.date, optional
        One per snapshot; else read from the file names (:func:`liangxin.snapshot_dates.dated_snapshots`).
    rules_path : str or Path, optional

    Returns
    -------
    TrendResult
    """
    from liangxin.queries.trend import campaign_trend
    from liangxin.snapshot_dates import dated_snapshots
    from liangxin.viz.trend import trend_charts, trend_object, write_trend_xlsx

    rules = load_rules(rules_path)
    out_dir = Path(out_dir)
    check_writable([out_dir / "trend.json", out_dir / "trend.xlsx"])
    snapshots = dated_snapshots(snapshot_paths, dates)
    with stages(len(snapshots) + 3, progress) as bar:
        analyses = []
        for day, path in snapshots:
            bar.step(f"读取并分析 {day} 的台账")
            analyses.append(analyze(path, rules))
        bar.step("计算各期进展")
        trend = campaign_trend(analyses, [d for d, _ in snapshots], [str(p) for _, p in snapshots], rules)
        with staged_outputs(out_dir) as staging:
            bar.step("写出 trend.json")
            files = {"json": write_summary_json(trend_object(trend), staging / "trend.json")}
            bar.step("写出 trend.xlsx 和图表")
            charts = trend_charts(trend, staging, target=rules.campaign_target)
            files.update({f"chart:{title}": path for title, path in charts})
            files["xlsx"] = write_trend_xlsx(trend, staging / "trend.xlsx", images=charts)
    return TrendResult(trend=trend, dates=[d for d, _ in snapshots], files=placed(files, out_dir))
