"""Which sheet of a workbook is which sheet of the contract (INPUT.md).

A sheet is matched by its Chinese name, then by its English alias; a contract sheet still
missing then takes the one unmatched sheet whose name contains its name, else the one whose
header fits it and no other sheet. Sheets left over are kept as extra sheets, with a note where
they look like a contract sheet (:func:`match_sheets`).
"""

from liangxin.loaders.headers import canonical_positions, column_keys, header_index, loose_header_key
from liangxin.loaders.problems import note
from liangxin.loaders.sheets import SHEETS
from liangxin.text import header_key

__all__ = ["match_sheets"]


def match_sheets(raw_sheets: dict) -> tuple:
    """Match sheets to the contract: ``(matched, extra, notes, guessed)``.

    A sheet is matched by its Chinese name, then by its English alias. A contract sheet still
    missing then takes the one unmatched sheet whose name contains its name (``挂点促建表``,
    ``附件1 区领导挂点促建联系安排表``), else the one whose header row has all its required columns
    and fits no other sheet (``附件1``); ``guessed`` maps such a sheet to how it was found.
    ``notes`` say which sheets were left: a second sheet of the same name, an extra sheet whose
    header names most of a read sheet's columns (``两新组织 (2)``), one whose header only looks
    like a missing sheet's.

    Examples
    --------
    >>> from liangxin.loaders.read import read_raw_sheets
    >>> matched, extra, notes, guessed = match_sheets(read_raw_sheets(handmade_path))
    >>> list(matched)[:2], extra, notes, guessed
    (['街道社区', '两新组织'], {}, [], {})
    """
    matched, taken, notes = {}, set(), []
    noted = _match_names(raw_sheets, matched, taken, notes)
    extra = {name: raw.grid for name, raw in raw_sheets.items() if name not in taken}
    guessed = {}
    for how, fits in (("名称", _name_fits), ("表头", _header_fits)):
        for spec in SHEETS:
            if spec.name in matched:
                continue
            candidates = [name for name in extra if fits(raw_sheets[name], spec) and not _negated(name, spec)]
            if len(candidates) == 1:
                matched[spec.name] = raw_sheets[candidates[0]]
                del extra[candidates[0]]
                guessed[spec.name] = how
    notes.extend(_left_notes(raw_sheets, matched, extra, noted))
    return matched, extra, notes, guessed


def _match_names(raw_sheets, matched, taken, notes):
    """Match sheets by name, then by alias; return the names of sheets noted as second copies."""
    noted = set()
    for key_of in (lambda spec: spec.name, lambda spec: spec.alias):
        lookup = {header_key(key_of(spec)): spec.name for spec in SHEETS}
        for name, raw in raw_sheets.items():
            canonical = lookup.get(header_key(name))
            if canonical is None or name in taken:
                continue
            if canonical not in matched:
                matched[canonical] = raw
                taken.add(name)
            else:
                first = matched[canonical].name
                notes.append(note(canonical, 1, "", "SHEET_REPEATED",
                                  f"工作表“{name}”与“{first}”都是“{canonical}”，"
                                  f"已读取“{first}”，“{name}”按额外工作表保留"))
                noted.add(name)
    return noted


def _left_notes(raw_sheets, matched, extra, noted):
    """Notes on extra sheets that look like a sheet read, or like a sheet missing."""
    notes = []
    for spec in SHEETS:
        if spec.name not in matched:
            continue
        read = matched[spec.name].name
        columns_read = _recognized_columns(matched[spec.name], spec)
        for name in extra:
            shared = _recognized_columns(raw_sheets[name], spec) & columns_read
            if name not in noted and not _negated(name, spec) and len(shared) >= max(3, 0.8 * len(columns_read)):
                notes.append(note(spec.name, 1, "", "SHEET_SIMILAR",
                                  f"工作表“{name}”的表头与“{spec.name}”基本相同，未读取（读取的是"
                                  f"“{read}”）；如果它也是{spec.name}的数据，请把它的行并入“{read}”"))
    for spec in SHEETS:
        if spec.name in matched:
            continue
        # Headers with notes are read once a sheet is known, but are too weak to guess one by.
        for name in extra:
            if not _negated(name, spec) and _header_fits(raw_sheets[name], spec, key_of=loose_header_key):
                notes.append(note(spec.name, 1, "", "SHEET_UNRECOGNIZED",
                                  f"工作表“{name}”的表头像“{spec.name}”，但未自动识别；"
                                  f"如果是，请把工作表改名为“{spec.name}”"))
    return notes


def _recognized_columns(raw, spec, key_of=None):
    """The columns of `spec` the sheet's header row names (an empty set without a header row).

    Headers as :func:`~liangxin.loaders.headers.read_header` reads them (with notes and
    synonyms), or, with `key_of`, only those whose ``key_of`` is a column's name or alias.
    """
    header = header_index(raw.grid, spec) if len(raw.grid) else None
    if header is None:
        return set()
    cells = raw.grid.iloc[header].tolist()
    if key_of is None:
        return set(canonical_positions(cells, spec)[0].values())
    lookup = column_keys(spec)
    return {lookup[key_of(v)] for v in cells if v is not None and key_of(v) in lookup}


def _negated(name, spec):
    """Whether the sheet's name says it is not that sheet (未纳入主管包建社会组织, 非挂点组织)."""
    key, own = header_key(name), header_key(spec.name)
    at = key.find(own)
    return at >= 0 and any(word in key[max(at - 3, 0):at] for word in "未非不无没")


def _name_fits(raw, spec):
    name = header_key(raw.name)
    return header_key(spec.name) in name or header_key(spec.alias) in name


def _header_fits(raw, spec, key_of=header_key):
    """Whether the sheet's header row has every required column of `spec`, and of no other sheet.

    Headers are compared as written (`key_of`): a guess on a guess (容量（人） → 容量) took venue
    lists for 责任容量.
    """
    def fits(candidate):
        present = _recognized_columns(raw, candidate, key_of)
        required = all(c.name in present for c in candidate.columns if c.required)
        return required and (not candidate.one_of or any(n in present for n in candidate.one_of))
    return fits(spec) and not any(fits(other) for other in SHEETS if other is not spec)
