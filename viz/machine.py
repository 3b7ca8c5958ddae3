"""Machine-readable outputs: ``summary.json`` and ``findings.csv`` (OUTPUT.md).

Both are written by fast encoders (orjson; polars' CSV writer with the formula-safety pass done
column-wise) that give the same bytes as the standard library's ``json`` and pandas'
``to_csv`` (tests/viz/test_machine.py compares them); the standard writers stay as the fallback.
"""

import json
import logging
from pathlib import Path

import liangxin.settings as settings
from liangxin.viz.safety import FORMULA_PREFIXES, UNPRINTABLE, spreadsheet_text

__all__ = ["write_summary_json", "write_findings_csv", "summary_bytes", "findings_bytes", "findings_pieces"]

log = logging.getLogger(__name__)

TEXT_COLUMNS = ("code", "entity_kind", "entity_id", "name", "street", "community", "detail")
#: A text a spreadsheet would run as a formula, as a regular expression of its first character.
_RISKY = "^[" + "".join("\\" + p if p in "-\\^]" else p for p in FORMULA_PREFIXES).replace("\t", "\\t") \
    .replace("\r", "\\r") + "]"


def _stdlib_json(summary):
    return (json.dumps(summary, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def summary_bytes(summary, fast=True):
    """``summary.json``'s bytes: UTF-8, Chinese as it is, two-space indent, a final newline.

    orjson writes what ``json.dumps(summary, ensure_ascii=False, indent=2)`` writes, 10–20× faster;
    an object it cannot write (a key that is not text, an integer past 64 bits) goes to ``json``.
    The summary holds no NaN (an undefined rate is None); were one there, orjson writes ``null``
    where ``json`` would write ``NaN``, which is not JSON.

    Examples
    --------
    >>> summary_bytes({"街道": "平湖", "rates": [0.4286, None], "empty": {}})
    b'{\\n  "\\xe8\\xa1\\x97\\xe9\\x81\\x93": "\\xe5\\xb9\\xb3\\xe6\\xb9\\x96",\\n  "rates": [\\n    0.4286,\\n    null\\n  ],\\n  "empty": {}\\n}\\n'
    >>> summary_bytes({1: 2**70}) == summary_bytes({1: 2**70}, fast=False)
    True
    """
    if fast:
        try:
            import orjson
        except ImportError:  # pragma: no cover - orjson is a dependency
            return _stdlib_json(summary)
        try:
            return orjson.dumps(summary, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
        except TypeError:
            pass
    return _stdlib_json(summary)


def write_summary_json(summary, path):
    """Write the ``summary.json`` object as UTF-8 JSON with Chinese left readable.

    Examples
    --------
    >>> import json
    >>> from liangxin.queries.analysis import summary_object
    >>> path = write_summary_json(summary_object(result, "台账.xlsx"), "summary.json")
    >>> summary = json.loads(path.read_text(encoding="utf-8"))
    >>> summary["input"], summary["counts"]["organizations"], len(summary["overloaded"])
    ('台账.xlsx', 13, 3)
    >>> "台账" in path.read_text(encoding="utf-8")  # Chinese as it is, not \\u escapes
    True
    """
    path = Path(path)
    path.write_bytes(summary_bytes(summary))
    log.info("wrote %s", path)
    return path


def _stdlib_csv(findings):
    safe = findings.copy()
    for column in TEXT_COLUMNS:
        if column in safe:
            safe[column] = spreadsheet_text(safe[column])
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


class _Pieces:
    """A binary file that keeps what is written to it as a list of bytes."""

    def __init__(self):
        self.written = []

    def write(self, data):
        self.written.append(bytes(data))
        return len(data)

    def flush(self):
        pass


def _polars_csv(findings):
    """polars: the safety pass as column expressions, then its CSV writer, :data:`~liangxin.settings.FINDINGS_CSV_ROWS`
    rows at a time; the file's pieces (None if a column is not text)."""
    # Kept in the pieces written, not in a growing BytesIO: at 3,000,000 organizations its 470 MB
    # were copied over and over as it grew (0.6–1 s, and as much fresh memory).
    pieces = _Pieces()
    rows = max(settings.FINDINGS_CSV_ROWS, 1)
    for start in range(0, max(len(findings), 1), rows):  # once at least: an empty table's header
        frame = _safe_frame(findings.iloc[start:start + rows])
        if frame is None:  # a cell that is not text: the standard writer writes the whole table
            return None
        frame.write_csv(pieces, include_bom=start == 0, include_header=start == 0, line_terminator="\r\n",
                        quote_style="necessary")
    return pieces.written


def _safe_frame(findings):
    """`findings` as a polars frame, every text cell made inert as :func:`spreadsheet_text` does; None
    if a column holds anything but text and empty cells (a number or a bytes object, which polars
    would write otherwise than pandas: ``1.0`` for ``True``)."""
    import polars as pl
    import pyarrow as pa

    # Arrow infers each column's type as it converts it (what polars' from_pandas does): text, or
    # only empty cells, is all this writer takes. A slice of numbers in a column of text is caught
    # here too, where polars would have cast it to text quietly.
    try:
        columns = [pa.array(findings[column], from_pandas=True) for column in findings.columns]
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # text and numbers mixed in one column
        return None
    if not all(pa.types.is_string(c.type) or pa.types.is_large_string(c.type) or pa.types.is_string_view(c.type)
               or pa.types.is_null(c.type) for c in columns):
        return None
    frame = pl.from_arrow(pa.table(columns, names=list(findings.columns))).cast(pl.String)
    text = [column for column in findings.columns if column in TEXT_COLUMNS]
    # Each step materialized once: a control character is rare, so its pass runs only where one is.
    dirty = frame.select(pl.col(column).str.contains(UNPRINTABLE.pattern).any() for column in text).row(0)
    frame = frame.with_columns(pl.col(column).str.replace_all(UNPRINTABLE.pattern, "")
                               for column, found in zip(text, dirty) if found)
    frame = frame.with_columns(pl.when(pl.col(column).str.contains(_RISKY)).then(pl.lit("'") + pl.col(column))
                               .otherwise(pl.col(column)).alias(column) for column in text)
    # pandas writes an empty string as nothing, polars as "": the same cell either way
    return frame.with_columns(pl.when(pl.col(column) == "").then(None).otherwise(pl.col(column)).alias(column)
                              for column in findings.columns)


def findings_bytes(findings, fast=True):
    """``findings.csv``'s bytes: UTF-8 with BOM, CRLF, every text cell made inert for a spreadsheet.

    Examples
    --------
    >>> frame = pd.DataFrame({"code": ["=1+1", "平湖,街道", None], "name": ["@A", "", "B"]}, dtype=object)
    >>> findings_bytes(frame).decode("utf-8-sig").split("\\r\\n")
    ['code,name', "'=1+1,'@A", '"平湖,街道",', ',B', '']
    >>> findings_bytes(frame) == findings_bytes(frame, fast=False)
    True
    """
    return b"".join(findings_pieces(findings, fast))


def findings_pieces(findings, fast=True) -> list:
    """:func:`findings_bytes` in pieces, as the CSV writer gave them: a file takes them in turn
    (``writelines``), with no copy of the whole into one buffer.

    Examples
    --------
    >>> frame = pd.DataFrame({"code": ["=1+1", None], "name": ["@A", "B"]}, dtype=object)
    >>> b"".join(findings_pieces(frame)) == findings_bytes(frame, fast=False)
    True
    """
    # (one column: the csv module quotes a lone empty field; no findings table has one column)
    if fast and len(findings.columns) > 1:
        try:
            written = _polars_csv(findings)
        except Exception as error:  # noqa: BLE001 - any surprise of the fast writer: the standard one
            log.debug("findings.csv by pandas: %s", error)
            written = None
        if written is not None:
            return written
    return [_stdlib_csv(findings)]


def write_findings_csv(findings, path):
    """Write ``findings.csv`` in UTF-8 with BOM so Excel and WPS open it as Chinese text.

    Text that a spreadsheet would run as a formula is made inert (:func:`liangxin.viz.safety.spreadsheet_text`).

    Examples
    --------
    The hand-made workbook has 16 uncovered rows, 9 chain breaks, 3 overloaded units and
    1 idle one (tests/test_handmade.py): 29 findings under the header.

    >>> from liangxin.queries.analysis import findings_table
    >>> path = write_findings_csv(findings_table(result), "findings.csv")
    >>> raw = path.read_bytes()
    >>> raw.startswith(b"\\xef\\xbb\\xbf"), len(raw.decode("utf-8-sig").splitlines())
    (True, 30)
    """
    path = Path(path)
    with path.open("wb") as file:  # in the writer's pieces: no copy of the whole file first
        file.writelines(findings_pieces(findings))
    log.info("wrote %s (%d findings)", path, len(findings))
    return path
