"""Columns of the network's tables as arrays, and text looked up in them, vectorized.

A district has up to a million organizations and the view draws a few thousand nodes: the
per-organization work is done on numpy and Arrow arrays, and Python strings are only built for
what is drawn.

Examples
--------
>>> rows_of(np.array(["org:a", "org:b"], dtype=object), [np.array(["org:b", "org:x"], dtype=object)])
array([ 1, -1])
"""

import numpy as np
import pandas as pd
import pyarrow as pa

from liangxin.text import text_index

__all__ = ["object_column", "arrow_text", "rows_of"]


def object_column(frame, column):
    """``frame[column]`` as a numpy object array."""
    return frame[column].to_numpy(dtype=object)


def arrow_text(values):
    """`values` (an object array of str) as an Arrow string array; None when one is not text."""
    try:
        return pa.array(values, type=pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError, UnicodeEncodeError):  # not text, or a lone surrogate
        return None


def rows_of(keys, queries):
    """Row in `keys` of every text in `queries` (``-1`` where none is equal).

    `keys` (an object array, or its Arrow strings) are unique: node ids. `queries` is a list of
    object arrays or Arrow string arrays, looked up as one. The network's tables share their
    id strings (an edge's organization end is the organization's own id object, a finding's
    ``org_id`` is the organization's): a query that is one of the keys' very objects is found by
    its address, sorted and searched as integers, which at a million organizations costs a
    fraction of a hash table of a million texts; the others, if any, are looked up in one.
    """
    keys = keys.to_numpy(zero_copy_only=False) if isinstance(keys, pa.Array) else np.asarray(keys, dtype=object)
    values = [q.to_numpy(zero_copy_only=False) if isinstance(q, pa.Array) else q for q in queries]
    values = np.concatenate(values).astype(object) if values else np.array([], dtype=object)
    rows = np.full(len(values), -1, dtype=np.int64)
    if len(keys) and len(values):
        # Stable sorts: addresses come nearly in order, which timsort takes in one pass.
        addresses = np.fromiter(map(id, keys), dtype=np.uint64, count=len(keys))
        order = np.argsort(addresses, kind="stable")
        addresses = addresses[order]
        wanted = np.fromiter(map(id, values), dtype=np.uint64, count=len(values))
        asked = np.argsort(wanted, kind="stable")
        at = np.searchsorted(addresses, wanted[asked]).clip(0, len(keys) - 1)
        same = addresses[at] == wanted[asked]  # the very object: equal
        rows[asked[same]] = order[at[same]]
    rest = np.flatnonzero(rows < 0)
    if len(rest):
        rest = rest[~pd.isna(values[rest])]
        rows[rest] = text_index(keys).get_indexer(text_index(values[rest]))
    return rows
