"""Shared shaping of per-organization code flags into finding rows, and the finding rows by position.

Finding tables name organizations by ``org_id``; the outputs look each table up once
(:func:`organization_rows`) and then take, count, join and sort by integer position and with
Arrow and polars, rather than hashing a million ids per step.
"""

import gc
import weakref
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

from liangxin.factorize import factorize, first_positions
from liangxin.graph.index import memo, positions, report_order
from liangxin.queries.labels import CODE_ZH

__all__ = ["codes_to_rows", "codes_per_organization", "organization_rows", "table_rows", "keep_rows", "take_or",
           "text_values",
           "no_cycles", "first_seen", "distinct_rows", "fold_by_organization", "groups_of", "labels_per_organization",
           "sorted_order", "ORG_COLUMNS"]

ORG_COLUMNS = ["org_id", "name", "kind", "street", "community"]


def codes_to_rows(network, flags, labels):
    """Turn one boolean column per code into one row per (organization, code).

    `flags` maps each code of `labels` to a boolean array (or column) over the organizations.
    Sorted by street, then ``org_id``, then code, in Unicode code-point order;
    an organization with no street sorts first.
    """
    orgs = network.tables.organizations
    codes = sorted(labels)
    order = report_order(network)
    matrix = np.zeros((len(order), len(codes)), dtype=bool)
    for column, code in enumerate(codes):
        matrix[:, column] = np.asarray(flags[code], dtype=bool)[order]
    org_positions, code_positions = np.nonzero(matrix)  # row-major: by organization, then code
    rows = order[org_positions]
    frame = pd.DataFrame({column: _take(orgs[column], rows) for column in ORG_COLUMNS})
    frame["code"] = pd.Series(np.array(codes, dtype=object)[code_positions], dtype=object)
    frame["label"] = pd.Series(np.array([labels[c] for c in codes], dtype=object)[code_positions], dtype=object)
    _remember(network, frame, rows.astype(np.int64))  # report_order is unsigned; looked-up rows are int64
    return frame


def _take(column, rows):
    if column.dtype == object:
        return pd.Series(column.to_numpy()[rows], dtype=object)
    return column.take(rows).reset_index(drop=True)


def codes_per_organization(rows):
    """Fold finding rows into one row per organization with the list of its codes.

    `rows` must be as :func:`codes_to_rows` returns them (an organization's rows are
    adjacent, codes in order), which makes this one linear pass.

    Returns
    -------
    DataFrame
        The first row of each organization (its ``code`` and ``label`` dropped) plus ``codes``,
        a list of code strings, in the order of `rows`.
    """
    if not len(rows):
        return rows.drop(columns=["code", "label"]).assign(codes=[])
    org = rows["org_id"].to_numpy(dtype=object)
    starts = np.flatnonzero(np.r_[True, org[1:] != org[:-1]])
    # list slices, not np.split: one small array per organization costs ten times as much
    codes, bounds = rows["code"].tolist(), starts.tolist() + [len(rows)]
    first = rows.iloc[starts].drop(columns=["code", "label"]).reset_index(drop=True)
    with no_cycles():
        first["codes"] = [codes[a:b] for a, b in zip(bounds, bounds[1:])]
    return first


def organization_rows(network, org_ids) -> np.ndarray:
    """The row in ``network.tables.organizations`` of each of `org_ids` (-1 where none).

    The organizations' ids are hashed once per network (the index is kept in its memo); each
    call hashes only `org_ids`, so a finding table goes to integer positions at the cost of one
    lookup, and every later step takes, counts and joins by position.

    Examples
    --------
    >>> organization_rows(net, ["91440307MA5DA0001P", "no such id", "91440307MA5DA0001P"]).tolist()
    [0, -1, 0]
    """
    # The index the network was built with: its ids checked there (never empty, never repeated)
    # and hashed once; a second Index of them would hash three million ids again in a city.
    return positions(network).org_ids.get_indexer(org_ids)


def table_rows(network, table: pd.DataFrame) -> np.ndarray:
    """:func:`organization_rows` of ``table["org_id"]``, looked up once per finding table.

    A finding table made by :func:`codes_to_rows` (``uncovered``, ``broken_chains``) comes with
    its rows, which its every output (the report, the summary, findings.csv, the charts) then
    takes instead of hashing its ids again. Like the network, a finding table is not changed
    after its query returns it; a table of another length is looked up afresh.

    Examples
    --------
    >>> rows = codes_to_rows(net, {"X": np.arange(13) == 2}, {"X": "甲"})
    >>> table_rows(net, rows).tolist(), table_rows(net, rows.copy()).tolist()
    ([2], [2])
    """
    ref, rows = _known_rows(network).get(id(table), (None, None))
    if ref is None or ref() is not table or len(rows) != len(table):
        rows = _remember(network, table, organization_rows(network, table["org_id"]))
    return rows


def keep_rows(network, table: pd.DataFrame, rows: np.ndarray) -> pd.DataFrame:
    """Keep the organizations' `rows` (positions, -1 for none) with `table`, a table a query or an
    output made of them: :func:`table_rows` of it then takes them instead of hashing its ids.

    Examples
    --------
    >>> table = pd.DataFrame({"org_id": ["91440307MA5DA0001P"]})
    >>> table_rows(net, keep_rows(net, table, np.array([0]))).tolist()
    [0]
    """
    _remember(network, table, np.asarray(rows, dtype=np.int64).copy())
    return table


def _known_rows(network) -> dict:
    return memo(network, "finding_table_rows", dict)


def _remember(network, table, rows):
    """Keep `table`'s `rows` for as long as `table` lives (its entry goes with it: a notebook that
    runs the queries again and again does not pile up the rows of tables gone)."""
    known, key = _known_rows(network), id(table)
    rows.flags.writeable = False  # every caller shares it
    known[key] = (weakref.ref(table, lambda _: known.pop(key, None)), rows)
    return rows


def take_or(values, rows, missing) -> np.ndarray:
    """``values[rows]`` as an array, with `missing` where a row is -1.

    Examples
    --------
    >>> take_or(np.array(["a", "b"], dtype=object), np.array([1, -1, 0]), "").tolist()
    ['b', '', 'a']
    """
    values = np.asarray(values)
    return np.append(values, np.array([missing], dtype=values.dtype))[rows]


def text_values(values: pa.Array):
    """Arrow text `values` (a pyarrow array) as the text column pandas itself infers from text:
    its Arrow-backed ``str`` in pandas 3 (no Python string made per cell), else ``object``.

    Examples
    --------
    >>> text_values(pa.array(["甲", None])).tolist()
    ['甲', nan]
    """
    dtype = pd.Series(np.array([""], dtype=object)).dtype
    if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow":
        return pd.array(values.cast(pa.large_string()), dtype=dtype)
    return np.asarray(values.to_pylist(), dtype=object)


@contextmanager
def no_cycles() -> Iterator[None]:
    """Pause Python's cycle collector while a block makes many small containers (a list or a dict
    per organization).

    None of them refers back to another, so the collector has nothing to find, yet with a million
    organizations' tables in memory each of its passes walks them all: building 300,000 entries
    took several times longer with it running. It runs again afterwards if it ran before.

    Examples
    --------
    >>> with no_cycles():
    ...     entries = [{"codes": [code]} for code in range(3)]
    >>> len(entries)
    3
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def distinct_rows(at: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of `at` (rows of a table of `n`, -1 for none) in increasing order, and the
    place of each of `at` among them: ``np.unique(at, return_inverse=True)`` without its sort.

    A mark per row and a running count: linear in `n`, where the sort grows faster than its
    rows (0.36 s against 0.05 s for 1,500,000 rows of 3,000,000).

    Examples
    --------
    >>> [a.tolist() for a in distinct_rows(np.array([4, 1, 4, -1]), 5)]
    [[-1, 1, 4], [2, 1, 2, 0]]
    """
    present = np.zeros(n + 1, dtype=bool)  # place 0 is row -1
    present[at + 1] = True
    return np.flatnonzero(present) - 1, np.cumsum(present)[at + 1] - 1


def first_seen(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Integer `keys` renumbered in order of first appearance (as ``pd.factorize`` numbers them),
    and the distinct keys in that order.

    Examples
    --------
    >>> [a.tolist() for a in first_seen(np.array([7, 3, 7, 9]))]
    [[0, 1, 0, 2], [7, 3, 9]]
    """
    distinct, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    order = np.argsort(first)
    rank = np.empty(len(first), dtype=np.int64)
    rank[order] = np.arange(len(first))
    return rank[inverse.reshape(-1)], distinct[order]


def labels_per_organization(rows: pd.DataFrame, at: np.ndarray, n: int) -> np.ndarray:
    """Per organization (of `n`), the labels of its finding `rows` (at positions `at`) by code, joined with 、.

    ``""`` for an organization without rows; rows at -1 (no organization) are left out.

    Examples
    --------
    >>> rows = pd.DataFrame({"code": ["UNKNOWN_STREET", "NO_COMMUNITY", "NO_COMMUNITY"]})
    >>> labels_per_organization(rows, np.array([1, 1, -1]), 3).tolist()
    ['', '未落社区、街道不存在', '']
    """
    keep = at >= 0
    codes = rows["code"].to_numpy(dtype=object)[keep]
    code_rank = pd.factorize(codes, sort=True)[0]
    order = np.lexsort((code_rank, at[keep]))  # by organization, then code (stable)
    pairs = pl.DataFrame({"at": at[keep][order],
                          "label": pl.Series(pd.Series(codes[order], dtype=object).map(CODE_ZH).to_numpy(dtype=object),
                                             dtype=pl.String)})
    joined = pairs.group_by("at", maintain_order=True).agg(pl.col("label").str.join("、"))
    labels = np.full(n, "", dtype=object)
    labels[joined["at"].to_numpy()] = joined["label"].to_numpy()
    return labels


def sorted_order(frame: pd.DataFrame, keys: list, descending=()) -> np.ndarray | None:
    """The stable order of `frame`'s rows by the columns `keys` (those in `descending` descending),
    empty cells last, text in code-point order, as ``sort_values(kind="stable")`` gives it.

    One Arrow sort (UTF-8 byte order is code-point order) instead of pandas ranking every text
    column through Python comparisons. None when a text column holds something else than text:
    the caller sorts as before.

    Examples
    --------
    >>> frame = pd.DataFrame({"n": [1, 2, 1], "name": ["乙", None, "甲"]})  # 乙 U+4E59 before 甲 U+7532
    >>> sorted_order(frame, ["n", "name"]).tolist(), sorted_order(frame, ["n"], descending=["n"]).tolist()
    ([0, 2, 1], [1, 0, 2])
    """
    try:
        table = pa.table({key: pa.array(frame[key].to_numpy(dtype=object), pa.string(), from_pandas=True)
                          if frame[key].dtype == object else pa.array(frame[key], from_pandas=True) for key in keys})
    except (pa.ArrowInvalid, pa.ArrowTypeError, ValueError, TypeError):  # e.g. a lone surrogate: pandas sorts it
        return None
    sort_keys = [(key, "descending" if key in descending else "ascending") for key in keys]
    return pc.sort_indices(table, sort_keys=sort_keys).to_numpy()


def fold_by_organization(rows: pd.DataFrame, numbers: np.ndarray) -> pd.DataFrame:
    """:func:`liangxin.queries.tables.by_organization` of `rows`, whose organizations are numbered
    `numbers` in order of first appearance (``pd.factorize`` of their ids, or :func:`first_seen`
    of their positions).

    Examples
    --------
    >>> rows = pd.DataFrame({"org_id": ["乙", "甲", "乙"], "code": ["NO_COMMUNITY", "UNKNOWN_STREET",
    ...                                                             "UNKNOWN_STREET"], "label": None})
    >>> fold_by_organization(rows, np.array([0, 1, 0]))[["org_id", "codes", "n_codes"]].values.tolist()
    [['乙', 'NO_COMMUNITY、UNKNOWN_STREET', 2], ['甲', 'UNKNOWN_STREET', 1]]
    """
    rows = rows.reset_index(drop=True)
    # Each organization's rows must be adjacent, in order of first appearance; in the analysis'
    # order they are already, and then nothing moves.
    if (np.diff(numbers) < 0).any():
        rows = rows.take(np.argsort(numbers, kind="stable"))
    folded = codes_per_organization(rows)
    folded["n_codes"] = [len(c) for c in folded["codes"]]
    if len(folded):
        # Few distinct sets of codes: each is put into Chinese once, and Arrow takes both texts per row.
        sets, distinct = pd.factorize(np.array(["、".join(c) for c in folded["codes"]], dtype=object))
        labels = ["、".join(CODE_ZH.get(code, code) for code in joined.split("、")) for joined in distinct]
        folded["labels"] = text_values(pa.array(labels, pa.large_string()).take(pa.array(sets)))
        folded["codes"] = text_values(pa.array(list(distinct), pa.large_string()).take(pa.array(sets)))
    else:
        folded["labels"] = folded["codes"] = []
    columns = [c for c in ORG_COLUMNS if c in folded.columns]
    return folded[[*columns, "codes", "labels", "n_codes"]].reset_index(drop=True)


def groups_of(orgs: pd.DataFrame, keys: list) -> tuple[np.ndarray, list]:
    """Each organization's group by the columns `keys` (an empty cell read as （未填）), numbered in order
    of first appearance, and each key's value per group: ``(group per organization, [values per key])``,
    the values an Index of the column's own dtype (:func:`liangxin.queries.tables.coverage_by`'s groups).

    Each key column is factorized once and the groups found among integers: grouping a million
    organizations by two text columns in pandas hashed both again and copied them to fill the empties.

    Examples
    --------
    >>> orgs = pd.DataFrame({"street": ["甲", None, "甲"], "size": [3, 5, 3]})
    >>> group, (streets, sizes) = groups_of(orgs, ["street", "size"])
    >>> group.tolist(), streets.tolist(), sizes.tolist(), str(sizes.dtype)
    ([0, 1, 0], ['甲', '（未填）'], [3, 5], 'int64')
    """
    group, per_key = np.zeros(len(orgs), dtype=np.intp), []
    for key in keys:
        codes, distinct = _key_codes(orgs[key])
        distinct = pd.Index(distinct)
        if distinct.hasnans:  # an empty cell and a cell written （未填） are one group
            codes, distinct = _merged(codes, distinct.astype(object).where(distinct.notna(), "（未填）"))
        per_key.append((codes, distinct))
        # renumbered after each key: the numbers stay below the organizations' count, however many keys
        group = pd.factorize(group.astype(np.int64) * max(len(distinct), 1) + codes)[0]
    first = first_positions(group)  # each group's first organization
    return group, [distinct.take(codes[first]) for codes, distinct in per_key]


def _key_codes(column):
    """``pd.factorize(column, use_na_sentinel=False)``: an empty cell is a value of its own, numbered
    in order of first appearance. A text column goes by :func:`liangxin.factorize.factorize`.

    Examples
    --------
    >>> codes, distinct = _key_codes(pd.Series(["甲", None, "乙", None], dtype=object))
    >>> codes.tolist(), distinct.tolist()
    ([0, 1, 2, 1], ['甲', None, '乙'])
    """
    if column.dtype != object:
        return pd.factorize(column, use_na_sentinel=False)
    codes, distinct = factorize(column)
    if len(codes) and codes.min() < 0:
        # the empty cells numbered after the others, then every number again in order of first appearance
        codes, order = pd.factorize(np.where(codes < 0, len(distinct), codes))
        distinct = np.append(distinct, None)[order]
    return codes, pd.Index(distinct, dtype=object)  # as pandas gives it: object, not pandas 3's inferred str


def _merged(codes, values):
    """`codes` into `values` with equal values made one: ``(codes, distinct values)``."""
    merged, distinct = pd.factorize(values)
    return merged[codes], pd.Index(distinct)
