"""The stable reason codes of row problems and warnings (INPUT.md, "Bad input").

Every entry of ``Tables.problems`` (and so of summary.json's ``rejected`` and ``warnings``) has a
``code`` beside its Chinese ``reason``: programs and tests read the code, people read the
sentence, so the wording stays free to change. A code names what is wrong, not how bad it is:
``severity`` says whether the row was rejected or only warned about. 数据问题 in report.xlsx
shows the sentence only (no English codes in sheets meant for the committee).

Codes
-----
Rows rejected (``severity`` ``rejected``; a row is listed once, with its first problem):

``EMPTY_REQUIRED``
    A cell that must be filled is empty (组织名称, 区领导, 从业人员数, 单位 …).
``NOT_A_COUNT``
    A count (从业人员数, 党员数, 容量) is not a whole number ≥ 0.
``NOT_A_KIND``
    组织类型 is none of the words for 非公企业 or 社会组织 (:data:`liangxin.loaders.parsers.KINDS`:
    also the legal types 社会团体, 民办非企业单位, 基金会, 有限责任公司 …); the reason lists them.
``NOT_A_STATUS``
    党组织状态 is none of 单独组建, 联合组建, 未组建 and their like (已组建 …); the reason lists them.
``TOTAL_ROW``
    A 合计/小计 row under the table: it holds sums, not an entry.
``DUPLICATE``
    The row repeats an earlier loaded row (the same code, name or relation), which it names, with
    its file when that is another file of a folder of submissions.
``CONFLICTING_DUPLICATE``
    A 两新组织 row for an organization an earlier loaded row already has (in this file or another),
    with different figures (街道, 社区, 组织类型, 从业人员数, 党员数, 党组织状态 …, compared where
    both rows fill them): the reason names the other file, sheet and row and the differing columns.
``EMPTY_REFERENCE``
    A reference row names no organization: both its name and its code are empty.
``AMBIGUOUS_ORG``
    A reference by a name that several organizations share, without a code to tell them apart.
``UNKNOWN_ORG``
    A reference to an organization (by name or by valid code) that 两新组织 does not have.
``REJECTED_ORG``
    A reference to an organization whose own 两新组织 row was rejected: the reason names that row
    and why (该组织第N行已被拒收：…), not that the organization does not exist.
``INVALID_CREDIT_CODE``
    A 统一社会信用代码 fails the GB 32100-2015 check. Rejected where the code is the row's only
    reference; a warning where the name stands in for it.
``NOT_A_SOCIAL_ORG``
    A 主管包建 row names an enterprise; supervision is for social organizations only.
``UNKNOWN_STREET``
    A street that 街道社区 does not have. Rejected on 驻街保建; a warning on 挂点促建, where the
    street is for reference only.
``DISTRICT_UNCLEAR``
    Several districts in one dataset, and a row whose district is not said: 区 empty on
    街道社区, or a street name several districts share with 区 empty (a warning; the street is
    then matched by no district's street).
``UNKNOWN_DISTRICT``
    Several districts in one dataset, and a row whose 区 街道社区 does not name: a warning on
    两新组织 (the organization's street is then matched by no street, a chain break); rejected on
    驻街保建, whose 驻点街道 must be a street of 街道社区.
``UNIT_IN_SEVERAL_DISTRICTS``
    Several districts, and a 区直机关 named like a district's own (区教育局) stationed in streets
    of more than one: it is one unit (a warning; write 龙岗区教育局 if they are two).
``UNKNOWN_UNIT``
    A 责任容量 unit that is no leader, department, supervisory unit or instructor of the data.

Rows warned about (``severity`` ``warning``; the row is loaded):

``NOT_YES_NO``
    A yes/no cell that is neither; read as 否.
``UNKNOWN_CREDIT_CODE``
    A reference whose valid code 两新组织 does not have, matched by its name instead.
``NAME_OF_OTHER_ORG``
    A reference whose name belongs to another organization than its code; the code decides.
``PARTY_ORG_NOT_BUILT``
    所在党组织 is named while 党组织状态 is 未组建; the name is ignored.
``JOINT_WITHOUT_PARTY_ORG``
    党组织状态 is 联合组建 but 所在党组织 is empty.
``STATUS_KIND_INFERRED``
    党组织状态 says the Party organization is formed (已组建, 已建, 已成立) but not which kind:
    read as 单独组建 when its 所在党组织 is named by no other organization (or not named), else
    as 联合组建.

About a whole file of a folder of submissions (``severity`` ``warning``, sheet empty):

``FILE_IGNORED``
    A file none of whose sheets is a contract sheet, a file that is no workbook or CSV file, or a
    folder deeper than one level: listed, not read.

How a sheet or its header was read (``severity`` ``warning``, row 1 or the header's row):

``SHEET_EMPTY``
    An optional sheet with no header and no data (at most a title): read as not given.
``SHEET_GUESSED``
    A sheet under another name taken for a contract sheet, by its name or its header.
``SHEET_GUESS_FAILED``
    A sheet whose name or header looks like a contract sheet but does not fit it; kept as extra.
``SHEET_REPEATED``
    A second sheet with a contract sheet's name; the first is read, this one kept as extra.
``SHEET_SIMILAR``
    An extra sheet whose header is much like a sheet read: perhaps more of its rows.
``SHEET_UNRECOGNIZED``
    An extra sheet whose header looks like a missing sheet, too loosely to take it for it.
``SHEET_HIDDEN``
    A sheet read that Excel hides.
``HEADER_READ_AS``
    A header with a note or another usual name (工会（有/无）, 党员人数) read as a column.
``HEADER_AMBIGUOUS``
    Several headers could be one column; none is read as it.
``HEADER_GROUP_LABEL``
    A header over sub-headers (党组织组建情况 over 单独组建 | 联合组建 | 未组建) is not that column.
``COLUMN_REPEATED``
    A column written more than once; the first is read.
``COLUMN_ABSENT``
    An optional column that decides results is absent; the note says what that means.
``DISTRICT_COLUMN_UNUSED``
    A 区 column of 两新组织 or 驻街保建 names several districts while 街道社区 names fewer than
    two: the dataset is one district (RULES.md, "Several districts"), so the column is not used
    and streets of one name in several districts are one street.
``EXCEL_ERROR_VALUE``
    A cell holds an Excel error value (``#N/A`` …) where a formula failed: read as written, never
    as empty (an error in 党组织状态 read as empty made a branch 未组建), and named by its cell.
``CELL_SPANS_LINES``
    A quote opened on one CSV line closes many lines later: legal CSV, read as one cell as Excel
    does, and named by its file lines, since a stray quote swallows the rows after it.

Examples
--------
>>> REASONS["NOT_A_COUNT"]
'a count is not a whole number >= 0'
>>> rejected = result.network.tables.rejected  # the hand-made workbook: tests/test_handmade.py
>>> rejected[rejected["code"] == "UNKNOWN_ORG"][["sheet", "row"]].values.tolist()
[['挂点促建', 6], ['驻街保建', 7], ['主管包建', 5]]
"""

__all__ = ["REASONS", "check_code"]

#: Every reason code and what it means, in the order of the module's documentation.
REASONS = {
    "EMPTY_REQUIRED": "a cell that must be filled is empty",
    "NOT_A_COUNT": "a count is not a whole number >= 0",
    "NOT_A_KIND": "组织类型 is no word for 非公企业 or 社会组织",
    "NOT_A_STATUS": "党组织状态 is no word for 单独组建, 联合组建, 未组建",
    "TOTAL_ROW": "a 合计/小计 row, not an entry",
    "DUPLICATE": "the row repeats an earlier loaded row",
    "CONFLICTING_DUPLICATE": "an organization an earlier row has, with different figures",
    "EMPTY_REFERENCE": "a reference row with neither an organization name nor a code",
    "AMBIGUOUS_ORG": "a reference by a name several organizations share",
    "UNKNOWN_ORG": "a reference to an organization 两新组织 does not have",
    "REJECTED_ORG": "a reference to an organization whose own row was rejected",
    "INVALID_CREDIT_CODE": "a 统一社会信用代码 fails the GB 32100-2015 check",
    "NOT_A_SOCIAL_ORG": "a 主管包建 row names an enterprise",
    "UNKNOWN_STREET": "a street 街道社区 does not have",
    "DISTRICT_UNCLEAR": "several districts, and a row whose district is not said",
    "UNKNOWN_DISTRICT": "several districts, and a row whose district 街道社区 does not name",
    "UNIT_IN_SEVERAL_DISTRICTS": "a unit named like a district's own placed in several districts",
    "UNKNOWN_UNIT": "a 责任容量 unit that no other sheet names",
    "NOT_YES_NO": "a yes/no cell that is neither, read as 否",
    "UNKNOWN_CREDIT_CODE": "a reference's valid code 两新组织 does not have, matched by name",
    "NAME_OF_OTHER_ORG": "a reference's name belongs to another organization than its code",
    "PARTY_ORG_NOT_BUILT": "所在党组织 named while 党组织状态 is 未组建, ignored",
    "JOINT_WITHOUT_PARTY_ORG": "党组织状态 联合组建 without 所在党组织",
    "STATUS_KIND_INFERRED": "党组织状态 formed without its kind, read from 所在党组织",
    "FILE_IGNORED": "a file of the folder that holds no contract sheet, not read",
    "SHEET_EMPTY": "an optional sheet with no header and no data, read as not given",
    "SHEET_GUESSED": "a sheet under another name taken for a contract sheet",
    "SHEET_GUESS_FAILED": "a sheet that looks like a contract sheet but does not fit it",
    "SHEET_REPEATED": "a second sheet with a contract sheet's name",
    "SHEET_SIMILAR": "an extra sheet whose header is much like a sheet read",
    "SHEET_UNRECOGNIZED": "an extra sheet whose header looks like a missing sheet",
    "SHEET_HIDDEN": "a sheet read that Excel hides",
    "HEADER_READ_AS": "a header with a note or another usual name read as a column",
    "HEADER_AMBIGUOUS": "several headers could be one column; none is read as it",
    "HEADER_GROUP_LABEL": "a header over sub-headers is not that column",
    "COLUMN_REPEATED": "a column written more than once; the first is read",
    "COLUMN_ABSENT": "an optional column that decides results is absent",
    "DISTRICT_COLUMN_UNUSED": "a 区 column naming several districts while 街道社区 names fewer than two",
    "EXCEL_ERROR_VALUE": "a cell holds an Excel error value (#N/A, #DIV/0! …), read as written",
    "CELL_SPANS_LINES": "a quoted CSV cell runs over many lines, read as one cell",
}


def check_code(code: str) -> str:
    """Return `code` if :data:`REASONS` has it; a problem is never listed under an unknown code.

    Examples
    --------
    >>> check_code("DUPLICATE")
    'DUPLICATE'
    """
    if code not in REASONS:
        raise KeyError(f"unknown reason code {code!r}")
    return code
