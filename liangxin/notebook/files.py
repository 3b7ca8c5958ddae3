"""The demo workbook, a full run that writes every output file, and a readable table of the files."""

import dataclasses
import html
from pathlib import Path

import pandas as pd

from liangxin.notebook.translate import labels
from liangxin.queries.labels import FILE_ZH

__all__ = ["demo_workbook", "run_analyze", "Outputs", "files_table"]


def demo_workbook(folder="out", n_orgs: int = 5000, seed: int = 0) -> Path:
    """Return the path of the demo workbook in `folder`, writing it first when it is missing.

    The synthetic Longgang workbook of ``liangxin demo`` (``folder/sample.xlsx``); the same seed
    always gives the same file. An existing file is reused as it is.

    Examples
    --------
    >>> path = demo_workbook("演示", n_orgs=100)
    >>> path.as_posix(), demo_workbook("演示") == path  # written once, then reused
    ('演示/sample.xlsx', True)
    """
    from liangxin.demo import write_demo

    folder = Path(folder)
    path = folder / "sample.xlsx"
    if path.exists():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    return Path(write_demo(folder, n_orgs=n_orgs, seed=seed))


@dataclasses.dataclass(repr=False)
class Outputs:
    """What :func:`run_analyze` wrote: the analysis, the summary object and the files.

    Attributes
    ----------
    analysis : queries.analysis.Analysis
    summary : dict
        ``summary.json``'s object.
    files : dict
        Key (``report``, ``network``, ``summary``, ``findings``, ``chart:<标题>``) → path.
    out_dir : Path
    """

    analysis: object
    summary: dict
    files: dict
    out_dir: Path

    def __repr__(self):
        return f"<Outputs {len(self.files)} 个文件 → {self.out_dir.resolve()}>"

    def _repr_html_(self):
        table = files_table(self.files).to_html(index=False, escape=True)
        return f"<p>结果文件夹：<code>{html.escape(str(self.out_dir.resolve()))}</code></p>{table}"


def run_analyze(input_path, out_dir, rules_path=None) -> Outputs:
    """Analyze a workbook and write every output file, as ``liangxin analyze`` does.

    Returns
    -------
    Outputs
        ``.analysis`` (as :func:`liangxin.analyze`), ``.files`` and a readable table of them.

    Examples
    --------
    >>> out = run_analyze(handmade_path, "结果")
    >>> out.analysis.counts["organizations"], out.files["report"].name
    (13, 'report.xlsx')
    """
    from liangxin.pipeline import run_analyze as _run

    result = _run(input_path, out_dir, rules_path, progress=False)
    return Outputs(analysis=result.analysis, summary=result.summary, files=dict(result.files), out_dir=Path(out_dir))


def files_table(files: dict) -> pd.DataFrame:
    """One row per written file: ``file, purpose, size_kb, path`` (absolute), in Chinese.

    Examples
    --------
    >>> table = files_table(run_analyze(handmade_path, "结果").files)
    >>> table.columns.tolist()
    ['文件', '用途', '大小（KB）', '路径']
    >>> table.set_index("文件").loc["summary.json", "用途"]
    '机器读取的汇总（summary.json）'
    """
    rows = []
    for key, path in files.items():
        path = Path(path)
        if key.startswith("chart:"):
            purpose = f"图表“{key.split(':', 1)[1]}”（PNG，也已放入 report.xlsx 的总览页）"
        else:
            purpose = FILE_ZH.get(key, key)
        size = round(path.stat().st_size / 1024, 1) if path.exists() else None
        rows.append({"file": path.name, "purpose": purpose, "size_kb": size, "path": str(path.resolve())})
    return labels(pd.DataFrame(rows, columns=["file", "purpose", "size_kb", "path"]))
