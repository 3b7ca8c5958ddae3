"""What a marked-up copy adds to a unit's workbook, whichever way it is written.

The 问题清单 sheet's columns and rows, the fills of problem cells, and the comment on a cell; as
rows and text for :mod:`liangxin.loaders.markup_copy` (xlsxwriter) and as SpreadsheetML/VML parts
for :mod:`liangxin.loaders.markup_xlsx` (a patched package). User text is written as text only:
inline strings here, ``write_string`` there, never a formula.
"""

import re

from liangxin.loaders.limits import column_letter

__all__ = ["FILLS", "SEVERITY_WORDS", "LISTING_HEADER", "LISTING_WIDTHS", "LISTING_SHEET", "listing_rows",
           "comment_text", "listing_xml", "comments_xml", "vml_xml", "link_target"]

#: The fill of a problem cell: a light red where the row was rejected, a light yellow for a warning.
FILLS = {"rejected": "FFF8CBCB", "warning": "FFFFEB9C"}
SEVERITY_WORDS = {"rejected": "拒收", "warning": "警告"}
LISTING_SHEET = "问题清单"
LISTING_HEADER = ["文件", "工作表", "行", "列", "单元格", "处理", "原因", "代码"]
LISTING_WIDTHS = [22, 14, 7, 16, 9, 7, 70, 22]

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml(text) -> str:
    text = _ILLEGAL.sub("", str(text))
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def link_target(sheet: str, row: int, col: int) -> str:
    """An internal reference to a cell, the sheet name quoted as Excel quotes it.

    Examples
    --------
    >>> link_target("两新组织", 5, 1), link_target("Tom's", 1, 0)
    ("'两新组织'!B5", "'Tom''s'!A1")
    """
    return "'" + sheet.replace("'", "''") + f"'!{column_letter(col)}{row}"


def listing_rows(located) -> list:
    """The 问题清单 rows of `located` (see :func:`liangxin.loaders.check.locate`): lists of cells,
    and beside each its link target or None."""
    rows = []
    for item in located.itertuples(index=False):
        cell = f"{column_letter(item.col)}{item.row}" if item.raw_sheet is not None else ""
        rows.append(([item.file, item.raw_sheet or item.sheet, int(item.row) or "", item.column or "", cell,
                      SEVERITY_WORDS.get(item.severity, item.severity), item.reason, item.code],
                     link_target(item.raw_sheet, int(item.row), int(item.col)) if item.raw_sheet is not None else None))
    return rows


def comment_text(items) -> str:
    """The comment of one cell: each of its problems on a line, 拒收 or 警告 first."""
    return "\n".join(f"{SEVERITY_WORDS.get(severity, severity)}：{reason}" for severity, reason in items)


def _inline(ref, value, style=None) -> str:
    s = f' s="{style}"' if style else ""
    if isinstance(value, int):
        return f'<c r="{ref}"{s}><v>{value}</v></c>'
    return f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{_xml(value)}</t></is></c>'


def listing_xml(rows, head_style: int, link_style: int) -> bytes:
    """The 问题清单 worksheet: a header, one row per problem, links to the cells, printable."""
    width = len(LISTING_HEADER)
    cols = "".join(f'<col min="{i + 1}" max="{i + 1}" width="{w}" customWidth="1"/>' for i, w in enumerate(LISTING_WIDTHS))
    body = ['<row r="1">' + "".join(_inline(f"{column_letter(c)}1", h, head_style) for c, h in enumerate(LISTING_HEADER)) + "</row>"]
    links = []
    for r, (cells, target) in enumerate(rows or [(["未发现问题"] + [""] * (width - 1), None)], start=2):
        body.append(f'<row r="{r}">' + "".join(
            _inline(f"{column_letter(c)}{r}", v, link_style if (c == 4 and target) else None)
            for c, v in enumerate(cells) if v != "") + "</row>")
        if target:
            links.append(f'<hyperlink ref="E{r}" location="{_xml(target)}" display="{_xml(cells[4])}"/>')
    last = len(body)
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
            f'<dimension ref="A1:{column_letter(width - 1)}{last}"/>'
            '<sheetViews><sheetView tabSelected="1" workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
            'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>{"".join(body)}</sheetData>'
            f'<autoFilter ref="A1:{column_letter(width - 1)}{last}"/>'
            + (f"<hyperlinks>{''.join(links)}</hyperlinks>" if links else "")
            + '<printOptions gridLines="1"/><pageMargins left="0.4" right="0.4" top="0.5" bottom="0.5" header="0.3" footer="0.3"/>'
            '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
            '</worksheet>').encode("utf-8")


def comments_xml(notes) -> bytes:
    """A comments part: `notes` is ``[(row, col, text)]``."""
    items = "".join(f'<comment ref="{column_letter(c)}{r}" authorId="0"><text><r><t xml:space="preserve">{_xml(t)}'
                    f"</t></r></text></comment>" for r, c, t in notes)
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"<authors><author>liangxin</author></authors><commentList>{items}</commentList></comments>").encode("utf-8")


def vml_xml(notes, first_block: int) -> bytes:
    """The VML drawing Excel shows `notes`' comment boxes with (hidden until the cell is pointed at).

    Shape ids run in blocks of 1024 from `first_block`, distinct from other sheets' blocks.
    """
    blocks = ",".join(str(first_block + b) for b in range(len(notes) // 1024 + 1))
    shapes = "".join(
        f'<v:shape id="_x0000_s{first_block * 1024 + i + 1}" type="#_x0000_t202" '
        'style="position:absolute;margin-left:60pt;margin-top:2pt;width:220pt;height:70pt;z-index:1;visibility:hidden" '
        'fillcolor="#ffffe1" o:insetmode="auto"><v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/>'
        '<v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div>'
        f'</v:textbox><x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/>'
        f"<x:Anchor>{c + 1}, 15, {max(r - 2, 0)}, 10, {c + 5}, 15, {max(r - 2, 0) + 5}, 4</x:Anchor>"
        f"<x:AutoFill>False</x:AutoFill><x:Row>{r - 1}</x:Row><x:Column>{c}</x:Column></x:ClientData></v:shape>"
        for i, (r, c, _) in enumerate(notes))
    return ('<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
            'xmlns:x="urn:schemas-microsoft-com:office:excel">'
            f'<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="{blocks}"/></o:shapelayout>'
            '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">'
            '<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
            f"{shapes}</xml>").encode("utf-8")
