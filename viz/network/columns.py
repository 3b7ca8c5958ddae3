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
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None


def rows_of(keys, queries):
    """Row in `keys` of every text in `queries` (``-1`` where none is equal).

    `keys` (an object array, or its Arrow strings) are unique: node ids. `queries` is a list of
    object arrays or Arrow string arrays, looked up as one, in a pandas hash table of the keys:
    the network's ids are Python strings, most of them hashed already (CPython keeps a string's
    hash), which at a million organizations costs about half of an Arrow hash table of their UTF-8 bytes.
    """
    keys = keys.to_numpy(zero_copy_only=False) if isinstance(keys, pa.Array) else keys
    values = [q.to_numpy(zero_copy_only=False) if isinstance(q, pa.Array) else q for q in queries]
    values = np.concatenate(values) if values else np.array([], dtype=object)
    return text_index(keys).get_indexer(text_index(values)).astype(np.int64)
