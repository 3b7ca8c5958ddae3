"""Save a built network to one file and read it back, so notebooks need not re-read Excel.

The file is a zip archive holding each validated table as Parquet and a small
``meta.json``; it holds data only (no pickled code), so opening a file from a
shared folder cannot run anything.
"""

import io
import json
import logging
import zipfile
from dataclasses import fields
from pathlib import Path

import pandas as pd

from liangxin.errors import GraphFileError
from liangxin.graph.network import build_network

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
        The file is not a liangxin network file, or was written by a newer version.

    Examples
    --------
    The hand-made network read back: its 13 organizations and its district are kept.

    >>> path = save_network(net, "龙岗.lxg")
    >>> again = load_network(path)
    >>> len(again.tables.organizations), again.district
    (13, '龙岗区')
    """
    from liangxin.tables import Tables

    path = Path(path)
    try:
        with zipfile.ZipFile(path) as archive:
            meta = json.loads(archive.read(_META))
            if meta.get("format") != "liangxin-network":
                raise GraphFileError(f"{path} 不是 liangxin 网络文件")
            if meta.get("version", 0) > FORMAT_VERSION:
                raise GraphFileError(f"{path} 由更新版本的 liangxin 写入，请升级后再打开")
            frames = {name: pd.read_parquet(io.BytesIO(archive.read(f"{name}.parquet")))
                      for name in meta["tables"]}
    except (zipfile.BadZipFile, KeyError, json.JSONDecodeError, OSError) as error:
        raise GraphFileError(f"无法读取网络文件 {path}：{error}") from None
    for name, frame in frames.items():
        for column in frame.columns:
            if frame[column].dtype != object and pd.api.types.is_string_dtype(frame[column]):
                frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    tables = Tables(source=meta["source"], has_owner_column=meta["has_owner_column"], **frames)
    return build_network(tables, district=meta["district"])
