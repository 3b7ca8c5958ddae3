"""``analyze``'s files: summary.json, findings.csv, the charts, report.xlsx and network.html.

A large district's report.xlsx is mostly compression inside the Excel engine, which holds the
interpreter while it works: writing it beside the other files in the same process saves nothing.
So from :data:`liangxin.settings.PARALLEL_OUTPUTS_MIN_ORGANIZATIONS` organizations on (and on a
machine of two or more cores), this process tabulates the report's sheets and the charts' data
and hands them to a worker process (``python -m liangxin._worker``, fed through a pipe), which
draws the charts and writes report.xlsx while this one writes summary.json, findings.csv and
network.html. The files are the same either way.

The worker is a plain subprocess, not :mod:`multiprocessing`: a spawned multiprocessing child runs
the caller's main script again, and an analyst's script without an ``if __name__ == "__main__":``
guard would then do its whole work twice. The worker's warnings (a missing Chinese font) are
passed back and given here. An error it raises (a full disk) is raised here; should it die or
fail to start (killed for memory, say), the report is written here instead, with a warning.
"""

import gc
import logging
import os
import pickle
import subprocess
import sys
import threading
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from liangxin import settings
from liangxin.queries._tabulate import no_cycles
from liangxin.queries.analysis import findings_table, summary_object
from liangxin.viz.charts import CJKFontMissingWarning, caller_fonts, chart_data, font_warning_said, save_charts
from liangxin.viz.machine import findings_pieces, summary_bytes
from liangxin.viz.network import write_network_html
from liangxin.viz.report import report_sheets
from liangxin.viz.xlsx import sheet_parts, write_parts

__all__ = ["write_analyze_outputs", "write_report_files", "in_parallel", "early_worker", "OUTPUT_STEPS"]

log = logging.getLogger(__name__)

#: The progress steps of :func:`write_analyze_outputs` (five, in this order when written in one process).
OUTPUT_STEPS = ("整理 report.xlsx 与图表", "绘制图表并写出 report.xlsx", "写出 summary.json", "写出 findings.csv",
                "写出 network.html")
_WAITING = "等待 report.xlsx 与图表写完"


def in_parallel(organizations: int) -> bool:
    """Whether report.xlsx and the charts are written by a worker process (a large district, two cores or more).

    Examples
    --------
    >>> in_parallel(5_000)
    False
    """
    return organizations >= settings.PARALLEL_OUTPUTS_MIN_ORGANIZATIONS and settings.usable_cores() >= 2


def early_worker(input_path) -> "_Worker | None":
    """The worker, started before `input_path` is read when it is large enough for ``analyze`` to
    want one (:data:`~liangxin.settings.PARALLEL_OUTPUTS_EARLY_MIN_BYTES`, two cores or more): its
    imports go on while this process validates. None otherwise; give it to :func:`write_analyze_outputs`.

    Examples
    --------
    >>> early_worker(handmade_path) is None  # a small workbook
    True
    """
    if settings.usable_cores() < 2 or _input_bytes(Path(input_path)) < settings.PARALLEL_OUTPUTS_EARLY_MIN_BYTES:
        return None
    return _Worker.start()


#: The files an input folder's size counts: what the reader reads.
_INPUT_SUFFIXES = (".csv", ".xlsx", ".xlsm", ".xls", ".ods")


def _input_bytes(path):
    """The bytes of the file `path`, or of the workbooks and CSV files in the folder (counted up to
    the threshold)."""
    try:
        if not path.is_dir():
            return path.stat().st_size
        total = 0
        for file in path.rglob("*"):
            total += file.stat().st_size if file.suffix.lower() in _INPUT_SUFFIXES and file.is_file() else 0
            if total >= settings.PARALLEL_OUTPUTS_EARLY_MIN_BYTES:
                break
        return total
    except OSError:  # not there, or not readable: the reader says so
        return 0


def write_analyze_outputs(analysis, folder, *, date=None, source=None, step=None, worker=None) -> tuple:
    """Write every file of ``liangxin analyze`` into `folder`.

    Parameters
    ----------
    analysis : queries.analysis.Analysis
    folder : Path
        The staging folder the outputs are written to.
    date : datetime.date, optional
        The date of the data, in report.xlsx's title rows (default today).
    source : str or Path, optional
        The input as given.
    step : callable, optional
        ``step(name)`` at each of the five steps (:data:`OUTPUT_STEPS`).
    worker : optional
        A worker :func:`early_worker` started; used if the district is large enough, else stopped.

    Returns
    -------
    files : dict
        ``{key: path}``, the keys as ``run_analyze`` names them.
    summary : dict
        What summary.json holds.

    Examples
    --------
    >>> files, summary = write_analyze_outputs(result, Path("输出"))
    >>> sorted(files)
    ['chart:各类责任单位负荷分布', 'chart:各类问题数量', 'chart:各街道覆盖率', 'findings', 'network', 'report', 'summary']
    """
    step = step or (lambda name: None)
    folder = Path(folder)
    source = source if source is not None else analysis.network.tables.source
    try:
        folder.mkdir(parents=True, exist_ok=True)
        worker = _worker_for(analysis, worker)
        step(OUTPUT_STEPS[0])
        charts = chart_data(analysis)
        if worker is not None:  # it draws the charts while the sheets are tabulated here
            worker.send((charts, folder, font_warning_said(), caller_fonts()))
        parts = sheet_parts(report_sheets(analysis, date=date, source=source))
        if worker is not None:
            worker.send(parts, last=True)
        else:
            step(OUTPUT_STEPS[1])
            images = write_report_files(charts, parts, folder)
        parts = None  # written, or sent to the worker: not kept while the rest is written
        files, summary = _machine_and_network(analysis, folder, source, step)
        if worker is not None:
            step(_WAITING)
            images = worker.result()
            if images is None:
                images = write_report_files(charts, sheet_parts(report_sheets(analysis, date=date, source=source)),
                                            folder)
    finally:
        if worker is not None:
            worker.stop()
    files.update({f"chart:{title}": path for title, path in images})
    files["report"] = folder / "report.xlsx"
    return files, summary


def _worker_for(analysis, worker):
    """The worker to write with: `worker` (started early) or a new one for a large district, else none
    (`worker` stopped unused)."""
    if not in_parallel(analysis.counts["organizations"]):
        if worker is not None:
            worker.stop()
        return None
    return worker if worker is not None else _Worker.start()


def write_report_files(charts, parts, folder) -> list:
    """Draw the charts into `folder` and write report.xlsx there with them on its 总览 sheet (the worker's job).

    Parameters
    ----------
    charts : list
        :func:`liangxin.viz.charts.chart_data`'s triples.
    parts : list
        :func:`liangxin.viz.xlsx.sheet_parts` of the report's sheets.
    folder : str or Path
        Where the PNG files and report.xlsx go (created when missing).

    Returns
    -------
    list of (str, Path)
        The charts' ``(title, path)`` pairs.

    Examples
    --------
    >>> from liangxin.viz.charts import chart_data
    >>> from liangxin.viz.report import report_sheets
    >>> from liangxin.viz.xlsx import sheet_parts
    >>> images = write_report_files(chart_data(result), sheet_parts(report_sheets(result)), "报告")
    >>> [path.name for _, path in images]
    ['各街道覆盖率.png', '各类责任单位负荷分布.png', '各类问题数量.png']
    >>> (Path("报告") / "report.xlsx").exists()
    True
    """
    images = save_charts(charts, folder)
    write_parts(parts, Path(folder) / "report.xlsx", {"总览": images})
    return images


def _machine_and_network(analysis, folder, source, step):
    """summary.json, findings.csv and network.html; each file goes to disk (a thread) while the next is made."""
    with ThreadPoolExecutor(max_workers=1) as disk:
        step(OUTPUT_STEPS[2])
        # Its millions of dicts and lists hold no cycle: the collector need not walk them (three passes,
        # 1.5 s at 3,000,000 organizations) while the rest is written, nor once when they are made
        # (0.15-0.2 s at 1,000,000): frozen as soon as made. (Left alone if a caller froze.)
        freeze = gc.get_freeze_count() == 0
        with no_cycles():
            summary = summary_object(analysis, str(source))
            if freeze:
                gc.freeze()
        try:
            writes = [disk.submit(_write, folder / "summary.json", summary_bytes(summary))]
            step(OUTPUT_STEPS[3])
            writes.append(disk.submit(_write, folder / "findings.csv", findings_pieces(findings_table(analysis))))
            step(OUTPUT_STEPS[4])
            files = {"network": write_network_html(analysis, folder / "network.html",
                                                   source=Path(str(source)).name)}
            files["summary"], files["findings"] = (write.result() for write in writes)
        finally:
            if freeze:
                gc.unfreeze()
    return files, summary


def _write(path, data):
    """Write `data` (bytes, or a list of bytes written in turn) to `path`."""
    with path.open("wb") as file:
        file.writelines([data] if isinstance(data, bytes) else data)
    log.info("wrote %s", path)
    return path


class _Worker:
    """The worker process, seen from this one.

    Started at once (importing the Excel engine and matplotlib takes it about a second), sent its
    job in two parts (the charts' data and folder, then the report's sheets), asked for its result,
    stopped.

    Parameters
    ----------
    process : subprocess.Popen
        ``python -m liangxin._worker``, its stdin and stdout pipes.
    """

    def __init__(self, process):
        self.process, self.writer, self.answered = process, None, False

    @classmethod
    def start(cls):
        """Start the worker; None where it cannot be (write in this process then)."""
        command = _worker_command()
        if command is None:
            return None
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))  # this process's imports
        try:
            process = subprocess.Popen(
                command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env,
                stderr=subprocess.DEVNULL if sys.stderr is None else None,  # pythonw: no stream to inherit
                creationflags=_no_console_window())
        except (OSError, ValueError, TypeError) as error:
            log.warning("无法启动写出 report.xlsx 的辅助进程（%s），改在本进程中写出", error)
            return None
        return cls(process)

    def send(self, part, last=False):
        """Pickle `part` here (it is not changed while this goes on) and feed it to the worker from a
        thread, after the parts sent before it."""
        data = pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL)
        self.writer = threading.Thread(target=self._feed, args=(data, self.writer, last), daemon=True)
        self.writer.start()

    def _feed(self, data, before, last):
        if before is not None:
            before.join()
        try:
            self.process.stdin.write(data)
            self.process.stdin.flush()
            if last:
                self.process.stdin.close()
        except (OSError, ValueError):  # the worker died, answered an error early, or was stopped; result() says so
            pass

    def result(self):
        """The job's ``(title, path)`` chart pairs; its error raised here; None if the worker died or ran out of memory."""
        # Read first: a worker that failed early may be blocked writing a long answer while the
        # feeding thread is blocked writing the sheets it will never read.
        answer = self.process.stdout.read()
        self.writer.join()
        try:
            status, value, said = pickle.loads(answer)
        except Exception:  # noqa: BLE001 - no answer, or not one it wrote: the worker died
            self.process.wait()
            code = self.process.returncode
            if code is not None and code < 0:  # ended by a signal: the kernel's out-of-memory killer, most likely
                log.warning("写出 report.xlsx 的辅助进程被系统终止（信号 %s，可能是内存不足），改在本进程中写出", -code)
            else:
                log.warning("写出 report.xlsx 的辅助进程意外退出（退出码 %s），改在本进程中写出", code)
            return None
        self.answered = True
        _say_again(said)
        if any(kind == "warning" and issubclass(where, CJKFontMissingWarning) for kind, where, _ in said):
            font_warning_said(True)
        if status == "error" and isinstance(value, MemoryError):  # its memory is back once it exits: try here
            log.warning("写出 report.xlsx 的辅助进程内存不足，改在本进程中写出")
            self.process.wait()  # gone, and its memory with it, before this process writes the report
            return None
        if status == "error":
            raise value
        return value

    def stop(self):
        """Wait for a worker that answered to exit; end one that did not (this process failed meanwhile)."""
        if not self.answered and self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        if self.writer is not None:  # its write fails at once now that the worker is gone
            self.writer.join(timeout=30)
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()
            except (OSError, ValueError):
                pass


def _worker_command():
    """``python -m liangxin._worker`` with this process's interpreter; None when it is not a Python
    interpreter (an application frozen by PyInstaller, an embedding program) or is unknown."""
    executable = sys.executable
    if getattr(sys, "frozen", False) or not executable:
        return None
    if not Path(executable).name.lower().startswith(("python", "pypy")):
        log.info("%s is not a Python interpreter: report.xlsx is written in this process", executable)
        return None
    # -P: the working folder is not put first on the worker's path (it is there only if this
    # process's path has it, as under `python -m liangxin`: the worker imports what this one does).
    return [executable, "-P", "-m", "liangxin._worker"]


def _no_console_window():
    """Windows, a process without a console (pythonw, a Jupyter kernel started from a desktop app):
    start the worker without one either, or a console window would flash up. With a console, the
    worker shares it (a traceback of a worker that fails to start is then seen); elsewhere 0."""
    if sys.platform != "win32":
        return 0
    import ctypes

    try:
        has_console = sys.stderr is not None and ctypes.windll.kernel32.GetConsoleWindow() != 0
    except (AttributeError, OSError):
        has_console = True
    return 0 if has_console else subprocess.CREATE_NO_WINDOW


def serve(stdin, stdout) -> None:
    """The worker's side: read its job from `stdin`, do it, write ``(status, value, warnings)`` to `stdout`.

    Parameters
    ----------
    stdin, stdout : binary file
        The job comes in two pickles: ``(charts, folder, font warning said, the parent's
        fonts)`` (:func:`~liangxin.viz.charts.caller_fonts`), drawn at once, then
        the report's parts (:func:`write_report_files`'s arguments). The answer is one pickle: ``("ok", images,
        warnings)`` or ``("error", exception, warnings)``, the warnings and log records said
        meanwhile to be said again in the parent (:func:`_say_again`).

    Examples
    --------
    >>> import io, pickle
    >>> from liangxin.viz.charts import chart_data
    >>> job = io.BytesIO(pickle.dumps((chart_data(result), Path("图表"), False, {})) + pickle.dumps([]))
    >>> answer = io.BytesIO()
    >>> serve(job, answer)
    >>> status, images, _ = pickle.loads(answer.getvalue())
    >>> status, [title for title, _ in images]
    ('ok', ['各街道覆盖率', '各类责任单位负荷分布', '各类问题数量'])
    """
    said = []
    handler = _Collect(said)
    logging.getLogger().addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                charts, folder, warned, fonts = pickle.load(stdin)
                font_warning_said(warned)  # said already in the parent: not again
                images = save_charts(charts, folder, fonts)
                write_parts(pickle.load(stdin), Path(folder) / "report.xlsx", {"总览": images})
                result = ("ok", images)
            except Exception as error:  # raised again in the parent
                result = ("error", error)
    finally:
        logging.getLogger().removeHandler(handler)
    said += [("warning", item.category, str(item.message)) for item in caught]
    try:
        answer = pickle.dumps((*result, said))
    except (pickle.PicklingError, TypeError, AttributeError):
        answer = pickle.dumps(("error", RuntimeError(repr(result[1])), said))
    try:
        stdout.write(answer)
        stdout.flush()
    except OSError:  # the parent has gone (stopped, or killed): nobody is left to answer
        pass


class _Collect(logging.Handler):
    """Keeps the worker's warnings and errors, to be logged again in the parent."""

    def __init__(self, said):
        super().__init__(logging.WARNING)
        self.said = said

    def emit(self, record):
        self.said.append(("log", record.name, (record.levelno, record.getMessage())))


def _say_again(said):
    for kind, where, what in said:
        if kind == "log":
            logging.getLogger(where).log(*what)
        else:
            warnings.warn(what, where, stacklevel=3)
