"""The declared extent of each sheet of an old .xls workbook, read before calamine lays it out.

calamine builds one rectangle per sheet from A1 to its farthest cell: the old format's far corner
(IV65536) asks for half a gigabyte before any check can run. Each sheet's DIMENSIONS record says
its extent; it is found by following the compound file's allocation table to the workbook stream,
then each BOUNDSHEET record to its sheet. Anything unexpected leaves the file to calamine.
"""

import logging
import struct

import numpy as np

__all__ = ["declared_extents", "has_password", "stream_names"]

log = logging.getLogger(__name__)

_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_END = 0xFFFFFFFE
_MAX_SECTORS = 1 << 22


def _chain(fat, start, limit):
    """The sectors of a chain in `fat` from `start` (a loop or a bad index ends it)."""
    sectors, seen = [], set()
    while start < len(fat) and start not in seen and len(sectors) < limit:
        seen.add(start)
        sectors.append(start)
        start = int(fat[start])
    return sectors


def _fat_sectors(data, sector, size):
    """The sectors of the allocation table: 109 in the header, the rest in DIFAT sectors."""
    listed = list(struct.unpack_from("<109I", data, 0x4C))
    difat, count = struct.unpack_from("<II", data, 0x44)
    for _ in range(min(count, _MAX_SECTORS)):
        if difat >= _END:
            break
        entries = struct.unpack(f"<{size // 4}I", sector(difat))
        listed += entries[:-1]
        difat = entries[-1]
    return [n for n in listed if n < _END][:_MAX_SECTORS]


def _directory(data):
    """``(entries, fat, sector, cutoff, first_mini_fat)`` of the compound file `data`, or None.

    ``entries`` are ``(name, kind, start, size)``: kind 2 a stream, 5 the root.
    """
    if data[:8] != _MAGIC or len(data) < 512:
        return None
    shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
    if shift not in (9, 12) or mini_shift != 6:
        return None
    size = 1 << shift
    sector = lambda n: data[(n + 1) * size:(n + 2) * size]  # noqa: E731
    first_dir, _, cutoff, first_mini_fat = struct.unpack_from("<IIII", data, 0x30)
    fat = np.frombuffer(b"".join(sector(n) for n in _fat_sectors(data, sector, size)), dtype="<u4")
    directory = b"".join(sector(n) for n in _chain(fat, first_dir, _MAX_SECTORS))
    entries = []
    for at in range(0, len(directory) - 127, 128):
        length, kind = struct.unpack_from("<HB", directory, at + 0x40)
        name = directory[at:at + max(0, min(length, 64) - 2)].decode("utf-16-le", "replace")
        entries.append((name, kind, *struct.unpack_from("<II", directory, at + 0x74)))
    return entries, fat, sector, cutoff, first_mini_fat


def stream_names(data):
    """The names of the streams of the compound file `data` (empty where it is not one)."""
    found = _directory(data)
    return {name for name, kind, _, _ in found[0] if kind == 2} if found else set()


def _stream(data):
    """The Workbook (or Book) stream of the compound file `data`, or None."""
    found = _directory(data)
    if found is None:
        return None
    entries, fat, sector, cutoff, first_mini_fat = found
    root = next(((start, size) for _, kind, start, size in entries if kind == 5), None)
    book = next(((start, size) for name, kind, start, size in entries if kind == 2 and name in ("Workbook", "Book")),
                None)
    if book is None:
        return None
    start, stream_size = book
    if stream_size >= cutoff or root is None:
        return b"".join(sector(n) for n in _chain(fat, start, _MAX_SECTORS))[:stream_size]
    mini_fat = np.frombuffer(b"".join(sector(n) for n in _chain(fat, first_mini_fat, _MAX_SECTORS)), dtype="<u4")
    mini_stream = b"".join(sector(n) for n in _chain(fat, root[0], _MAX_SECTORS))
    return b"".join(mini_stream[n << 6:(n + 1) << 6] for n in _chain(mini_fat, start, _MAX_SECTORS))[:stream_size]


def _records(stream, at, limit):
    """``(type, body)`` of the records from offset `at`, at most `limit` of them."""
    for _ in range(limit):
        if at + 4 > len(stream):
            return
        kind, length = struct.unpack_from("<HH", stream, at)
        yield kind, stream[at + 4:at + 4 + length]
        at += 4 + length


def _sheet_name(body):
    count, flags = body[6], body[7]
    raw = body[8:8 + count * (2 if flags & 1 else 1)]
    return raw.decode("utf-16-le" if flags & 1 else "latin-1", "replace")


def _dimensions(stream, at):
    for kind, body in _records(stream, at, 500):
        if kind == 0x0200 and len(body) >= 14:  # BIFF8: rows as 32 bits
            return struct.unpack_from("<I", body, 4)[0], struct.unpack_from("<H", body, 10)[0]
        if kind == 0x0200 and len(body) >= 10:  # BIFF5
            return struct.unpack_from("<H", body, 2)[0], struct.unpack_from("<H", body, 6)[0]
        if kind == 0x000A:  # EOF of the sheet
            return None
    return None


def _globals(path):
    """The records of the workbook globals (up to their EOF), or () where there is no stream."""
    with open(path, "rb") as file:
        stream = _stream(file.read())
    if stream is None:
        return None, ()
    records = []
    for kind, body in _records(stream, 0, 100_000):
        if kind == 0x000A:
            break
        records.append((kind, body))
    return stream, records


def has_password(path):
    """Whether the workbook globals hold a FILEPASS record (an open password)."""
    try:
        return any(kind == 0x002F for kind, _ in _globals(path)[1])
    except (OSError, struct.error, ValueError, IndexError, MemoryError):
        return False


def declared_extents(path):
    """Sheet name → ``(rows, columns)`` its DIMENSIONS record declares (past its last cell).

    An empty dict where the file is not a compound file with a workbook stream, or is damaged:
    calamine then reads it, or says what is wrong with it.
    """
    try:
        stream, records = _globals(path)
        extents = {}
        for kind, body in records:
            if kind == 0x0085 and len(body) >= 8:  # BOUNDSHEET: where a sheet starts, and its name
                extent = _dimensions(stream, struct.unpack_from("<I", body, 0)[0])
                if extent:
                    extents[_sheet_name(body)] = extent
        return extents
    except (OSError, struct.error, ValueError, IndexError, MemoryError) as error:
        log.debug("no declared extents in %s: %s", path, error)
        return {}
