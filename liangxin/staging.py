"""Outputs appear together or not at all.

A run writes every output into a hidden folder beside them and moves them into place at the end,
so an interrupted run (Ctrl+C, a killed process, a full disk) leaves the previous run's files as
they were: never a new summary.json beside an old report.xlsx, never a 0-byte report.xlsx.
"""

import logging
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

__all__ = ["staged_outputs", "placed"]

log = logging.getLogger(__name__)


@contextmanager
def staged_outputs(folder):
    """Yield a hidden folder inside `folder` to write into; on success move its files into `folder`.

    On any exception (KeyboardInterrupt included) the hidden folder is removed and `folder` keeps
    what it had.

    Examples
    --------
    >>> with staged_outputs("结果") as staging:
    ...     _ = (staging / "a.txt").write_text("新")
    >>> (Path("结果") / "a.txt").read_text(), [p.name for p in Path("结果").iterdir()]
    ('新', ['a.txt'])
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".liangxin-", dir=folder))
    try:
        yield staging
        for path in sorted(staging.iterdir()):
            os.replace(path, folder / path.name)
        log.info("moved %s into %s", ", ".join(p.name for p in sorted(folder.iterdir())), folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def placed(files, folder):
    """The paths `files` (a dict of paths written into a staging folder) have once moved into `folder`.

    Examples
    --------
    >>> placed({"report": Path("结果/.liangxin-x/report.xlsx")}, "结果")
    {'report': PosixPath('结果/report.xlsx')}
    """
    return {key: Path(folder) / Path(path).name for key, path in files.items()}
