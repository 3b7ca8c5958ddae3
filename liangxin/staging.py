"""Outputs appear together or not at all.

A run writes every output into a hidden folder beside them and moves them into place at the end,
so an interrupted run (Ctrl+C, a killed process, a full disk) leaves the previous run's files as
they were: never a new summary.json beside an old report.xlsx, never a 0-byte report.xlsx.
"""

import logging
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from liangxin.errors import OutputError

__all__ = ["staged_outputs", "placed"]

_PREFIX = ".liangxin-"

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
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise OutputError(f"无法写入 {folder}：它（或它的上一级）是一个文件，不是文件夹。请换一个输出位置") from None
    _remove_stale(folder)
    staging = Path(tempfile.mkdtemp(prefix=_PREFIX, dir=folder))
    try:
        yield staging
        written = sorted(staging.iterdir())
        in_the_way = [folder / p.name for p in written if (folder / p.name).is_dir()]
        if in_the_way:  # checked before any file is moved: all or nothing
            raise OutputError(f"无法写入 {in_the_way[0]}：那里已有一个同名的文件夹。请把它改名或移走，或换一个输出位置")
        for path in written:
            os.replace(path, folder / path.name)
        log.info("moved %s into %s", ", ".join(p.name for p in written), folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _remove_stale(folder):
    """Remove what a killed run left (a hidden staging folder more than an hour old)."""
    for old in folder.glob(_PREFIX + "*"):
        try:
            if old.is_dir() and time.time() - old.stat().st_mtime > 3600:
                shutil.rmtree(old, ignore_errors=True)
        except OSError:
            pass


def placed(files, folder):
    """The paths `files` (a dict of paths written into a staging folder) have once moved into `folder`.

    Examples
    --------
    >>> placed({"report": Path("结果/.liangxin-x/report.xlsx")}, "结果")
    {'report': PosixPath('结果/report.xlsx')}
    """
    return {key: Path(folder) / Path(path).name for key, path in files.items()}
