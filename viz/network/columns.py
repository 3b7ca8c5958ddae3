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
import pyarrow.compute as pc

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
    object arrays or Arrow string arrays, looked up as one. Arrow hashes the distinct queries and scans the keys once,
    which costs far less than a pandas hash table over a million Python strings.
    """
    keys_arrow = keys if isinstance(keys, pa.Array) else arrow_text(keys)
    parts = [q if isinstance(q, pa.Array) else arrow_text(q) for q in queries] if keys_arrow is not None else [None]
    if any(part is None for part in parts):
        values = [q.to_numpy(zero_copy_only=False) if isinstance(q, pa.Array) else q for q in queries]
        values = np.concatenate(values) if values else np.array([], dtype=object)
        keys = keys.to_numpy(zero_copy_only=False) if isinstance(keys, pa.Array) else keys
        return text_index(keys).get_indexer(text_index(values)).astype(np.int64)
    encoded = (pa.concat_arrays(parts) if parts else pa.array([], pa.string())).dictionary_encode()
    hits = pc.fill_null(pc.index_in(keys_arrow, value_set=encoded.dictionary), -1).to_numpy()
    found = np.flatnonzero(hits >= 0)
    row_of = np.full(len(encoded.dictionary) + 1, -1, dtype=np.int64)  # the last one stands for a null
    row_of[hits[found]] = found
    return row_of[pc.fill_null(encoded.indices, -1).to_numpy()]
