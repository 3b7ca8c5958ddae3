"""Save a built network to one file and read it back, so notebooks need not re-read Excel.

The file is a zip archive holding each validated table as Parquet and a small
``meta.json``; it holds data only (no pickled code), so opening a file from a
shared folder cannot run anything.
"""

import io
import json
import logging
import zipfile
import zlib
from dataclasses import MISSING, fields
from pathlib import Path

import pandas as pd

from liangxin.errors import GraphFileError
from liangxin.graph.network import build_network
from liangxin.settings import current

__all__ = ["save_network", "load_network", "FORMAT_VERSION"]

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
_META = "meta.json"


def save_network(network, path):
    """Write `network` to `path` (conventionally ``*.lxg``).

    Examples
    --------
    >>> save_network(net, "龙岗.lxg").name
    '龙岗.lxg'
    """
    from liangxin.tables import Tables

    path = Path(path)
    tables = network.tables
    meta = {"format": "liangxin-network", "version": FORMAT_VERSION, "district": network.district,
            "source": tables.source, "has_owner_column": tables.has_owner_column, "tables": []}
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        for field in fields(Tables):
            value = getattr(tables, field.name)
            if isinstance(value, pd.DataFrame):
                buffer = io.BytesIO()
                value.to_parquet(buffer, index=False)
                archive.writestr(f"{field.name}.parquet", buffer.getvalue())
                meta["tables"].append(field.name)
        archive.writestr(_META, json.dumps(meta, ensure_ascii=False, indent=2))
    log.info("saved network to %s", path)
    return path


def load_network(path):
    """Read a network written by :func:`save_network` and rebuild it.

    Raises
    ------
    GraphFileError
        The file is not a liangxin network file, was written by a newer version, or is damaged
        (a member cut short, a table missing, a list where a table should be): one Chinese line.

    Examples
    --------
    The hand-made network read back: its 13 organizations and its district are kept.

    >>> path = save_network(net, "龙岗.lxg")
    >>> again = load_network(path)
    >>> len(again.tables.organizations), again.district
    (13, '龙岗区')
    """
    path = Path(path)
    meta, frames = _read_archive(path)
    for name, frame in frames.items():
        for column in frame.columns:
            if frame[column].dtype != object and pd.api.types.is_string_dtype(frame[column]):
                frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    try:
        tables = _tables(meta, frames)
        return build_network(tables, district=meta["district"])
    except GraphFileError:
        raise
    except Exception as error:  # a table without the columns the network needs
        log.debug("network file %s does not rebuild", path, exc_info=True)
        raise _damaged(path, f"表格内容不完整（{type(error).__name__}）") from None


def _damaged(path, what):
    return GraphFileError(f"无法读取网络文件 {path}：文件已损坏或不完整（{what}），请重新运行 liangxin analyze 生成")


def _read_archive(path):
    """The archive's ``meta.json`` and tables, each checked for what it must be."""
    try:
        with zipfile.ZipFile(path) as archive:
            if sum(info.file_size for info in archive.infolist()) > current().max_unpacked_mb << 20:
                raise _damaged(path, f"解压后超过 {current().max_unpacked_mb:,} MB")
            meta = json.loads(archive.read(_META))
            _check_meta(path, meta)
            frames = {}
            for name in meta["tables"]:
                try:
                    frames[name] = pd.read_parquet(io.BytesIO(archive.read(f"{name}.parquet")))
                except KeyError:
                    raise _damaged(path, f"缺少表格 {name}") from None
                except Exception as error:  # pyarrow's own classes for a cut or garbled member
                    log.debug("table %s of %s: %s", name, path, error)
                    raise _damaged(path, f"表格 {name} 无法读取") from None
    except GraphFileError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, EOFError, zlib.error) as error:
        log.debug("network file %s: %s", path, error)
        raise GraphFileError(f"无法读取网络文件 {path}：不是有效的 liangxin 网络文件（.lxg）") from None
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):
        raise _damaged(path, "meta.json 无法读取") from None
    except OSError:
        raise GraphFileError(f"无法读取网络文件 {path}：没有读取权限，或它不是文件") from None
    return meta, frames


def _check_meta(path, meta):
    from liangxin.tables import Tables

    if not isinstance(meta, dict) or meta.get("format") != "liangxin-network":
        raise GraphFileError(f"{path} 不是 liangxin 网络文件")
    version = meta.get("version", 0)
    if not isinstance(version, int) or isinstance(version, bool):
        raise _damaged(path, "版本号无效")
    if version > FORMAT_VERSION:
        raise GraphFileError(f"{path} 由更新版本的 liangxin 写入，请升级后再打开")
    frames = {f.name for f in fields(Tables) if f.name not in ("source", "has_owner_column", "extra_sheets")}
    tables = meta.get("tables")
    if not isinstance(tables, list) or not all(isinstance(name, str) and name in frames for name in tables):
        raise _damaged(path, "表格清单无效")
    required = {f.name for f in fields(Tables) if f.name in frames and f.default is MISSING
                and f.default_factory is MISSING}
    missing = sorted(required - set(tables))
    if missing:
        raise _damaged(path, f"缺少表格 {'、'.join(missing)}")
    if not isinstance(meta.get("source"), str) or not isinstance(meta.get("district"), str) \
            or not isinstance(meta.get("has_owner_column"), bool):
        raise _damaged(path, "meta.json 缺少来源、区或列信息")


def _tables(meta, frames):
    from liangxin.tables import Tables

    return Tables(source=meta["source"], has_owner_column=meta["has_owner_column"], **frames)
