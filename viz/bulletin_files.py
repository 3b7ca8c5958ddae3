"""Write the bulletin (通报) as .docx (Word/WPS) and as one self-contained .html page.

The HTML page makes no external request (inline CSS and images, no script) and every text in it
is escaped.
"""

import base64
import html
import logging
from pathlib import Path

from liangxin.viz.bulletin_model import BulletinImage, BulletinTable, _text

__all__ = ["write_bulletin_docx", "write_bulletin_html", "write_bulletin", "bulletin_paths"]

log = logging.getLogger(__name__)

# ---------------------------------------------------------------------------
# .docx
# ---------------------------------------------------------------------------

def _font(run, name, size, bold=False, color=None):
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    if color:
        run.font.color.rgb = RGBColor.from_string(color)
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


def _paragraph(document, text, font="仿宋", size=16, bold=False, align=None, indent=True, space_after=0):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = document.add_paragraph()
    if align == "center":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif align == "right":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    else:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    form = paragraph.paragraph_format
    form.first_line_indent = Pt(size * 2) if indent else None
    form.line_spacing = Pt(28) if size >= 14 else None
    form.space_after = Pt(space_after)
    _font(paragraph.add_run(_text(text)), font, size, bold)
    return paragraph


def _docx_table(document, table):
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    caption = _paragraph(document, table.title, font="黑体", size=12, align="center", indent=False, space_after=4)
    caption.paragraph_format.keep_with_next = True  # a caption never ends a page without its table
    grid = document.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    header = grid.rows[0]
    # Repeat the header row on every page.
    properties = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    properties.append(repeat)
    for cell, text in zip(header.cells, table.columns):
        run = cell.paragraphs[0].add_run(_text(text))
        _font(run, "黑体", 9)
    for values in table.rows:
        row = grid.add_row()
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # a row never breaks across pages
        cells = row.cells
        for cell, text in zip(cells, values):
            _font(cell.paragraphs[0].add_run(_text(text)), "宋体", 9)
    for column, width in zip(grid.columns, _column_widths(table)):
        column.width = width  # the grid's width (LibreOffice, WPS), and each cell's (Word)
        for cell in column.cells:
            cell.width = width
    if table.note:
        _paragraph(document, "注：" + table.note, font="楷体", size=10, indent=False, space_after=6)
    else:
        document.add_paragraph().paragraph_format.space_after = Pt(6)


#: Text width of the page (A4 less the margins), in cm.
_TEXT_WIDTH_CM = 21 - 2.8 - 2.6


def _display(text):
    """Width of `text` in half-width characters (a Chinese character counts two)."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in _text(text))


def _column_widths(table):
    """Column widths fitted to the content, filling the page's text width.

    A short column (figures, rates, short names: up to 12 half-width characters) gets exactly its
    width, so it never wraps; the long ones (names, lists of units) share what is left in
    proportion to their length (capped, so one very long column does not squeeze the others), so a
    name takes one or two lines.
    """
    from docx.shared import Cm

    unit_cm, padding_cm = 0.19, 0.45  # one half-width character of 9 pt 宋体, with room; a cell's inner margins
    needs = []
    for i, column in enumerate(table.columns):
        longest = max([_display(row[i]) for row in table.rows if i < len(row)] or [0])
        header = max((_display(part) for part in _text(column).replace("（", "\n（").split("\n")), default=2)
        needs.append(max(longest, min(header, 8), 4))
    short = [n if n <= 12 else 0 for n in needs]
    fixed = sum(n * unit_cm + padding_cm for n in short if n)
    # A long column's share grows with its text only up to about two lines of a name: a list of
    # five units must not squeeze the organization's name into a column of two characters.
    needs = [min(n, 40) for n in needs]
    long_total = sum(n for n, s in zip(needs, short) if not s)
    left = _TEXT_WIDTH_CM - fixed
    if long_total == 0 or left < 2 * sum(1 for s in short if not s):
        scale = _TEXT_WIDTH_CM / sum(n * unit_cm + padding_cm for n in needs)
        return [Cm((n * unit_cm + padding_cm) * scale) for n in needs]
    return [Cm(s * unit_cm + padding_cm) if s else Cm(left * n / long_total) for n, s in zip(needs, short)]


def _page_numbers(section):
    """A centred page number in the footer, as official documents print it: — 1 —."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(paragraph.add_run("— "), "宋体", 14)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = paragraph.add_run()
    _font(run, "宋体", 14)
    field.append(run._r)
    paragraph._p.append(field)
    _font(paragraph.add_run(" —"), "宋体", 14)


def _new_document(bulletin):
    """An A4 document with official-document margins, page numbers and the bulletin's properties."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    properties = document.core_properties
    properties.title = bulletin.title
    properties.author = bulletin.issuer
    properties.language = "zh-CN"
    _page_numbers(section)
    return document


def _docx_blocks(document, blocks):
    from docx.shared import Cm

    for block in blocks:
        if isinstance(block, BulletinTable):
            _docx_table(document, block)
        elif isinstance(block, BulletinImage):
            caption = _paragraph(document, block.title, font="黑体", size=12, align="center", indent=False)
            caption.paragraph_format.keep_with_next = True
            document.add_picture(str(block.path), width=Cm(15))
        else:
            _paragraph(document, block)


def write_bulletin_docx(bulletin, path):
    """Write the bulletin as a Word document (python-docx), A4 with official-document margins.

    Fonts: title 宋体 bold 22 pt (二号), headings 黑体 16 pt, body 仿宋 16 pt (三号), tables 宋体 9 pt.

    Examples
    --------
    >>> import datetime
    >>> from liangxin.viz.bulletin import TITLE, build_bulletin
    >>> from docx import Document
    >>> from liangxin.queries.progress import campaign_progress
    >>> day = datetime.date(2019, 5, 10)
    >>> bulletin = build_bulletin(result, campaign_progress(result, date=day), date=day)
    >>> path = write_bulletin_docx(bulletin, "通报.docx")
    >>> paragraphs = [p.text for p in Document(str(path)).paragraphs]
    >>> paragraphs[0] == TITLE, any("截至2019年5月10日" in text for text in paragraphs)
    (True, True)
    """
    path = Path(path)
    document = _new_document(bulletin)
    if bulletin.signer:
        _paragraph(document, f"签发人：{bulletin.signer}", font="楷体", size=16, align="right", indent=False)
    if bulletin.number:
        _paragraph(document, bulletin.number, align="center", indent=False, space_after=12)
    _paragraph(document, bulletin.title, font="宋体", size=22, bold=True, align="center", indent=False, space_after=6)
    if bulletin.subtitle:
        _paragraph(document, bulletin.subtitle, font="楷体", size=16, align="center", indent=False, space_after=12)
    _paragraph(document, bulletin.addressee, indent=False)
    _paragraph(document, bulletin.intro)
    for part in bulletin.sections:
        _paragraph(document, part.heading, font="黑体", size=16)
        _docx_blocks(document, part.blocks)
    _paragraph(document, "", indent=False)
    _paragraph(document, bulletin.issuer, align="right", indent=False)
    _paragraph(document, bulletin.date_text, align="right", indent=False)
    for i, part in enumerate(bulletin.appendices):
        if i == 0:  # the appendices start on a page of their own, then follow one another
            document.add_page_break()
        heading = _paragraph(document, part.heading, font="黑体", size=16, indent=False)
        heading.paragraph_format.keep_with_next = True
        _docx_blocks(document, part.blocks)
    document.save(str(path))
    log.info("wrote %s", path)
    return path


# ---------------------------------------------------------------------------
# .html
# ---------------------------------------------------------------------------

_CSS = """
body { margin: 0; background: #f3f3f3; color: #111;
       font-family: "FangSong", "仿宋", "STFangsong", "SimSun", "Songti SC", serif; }
.page { max-width: 900px; margin: 24px auto; background: #fff; padding: 56px 64px;
        box-shadow: 0 1px 4px rgba(0,0,0,.15); }
h1 { font-family: "SimSun", "宋体", "Songti SC", serif; font-size: 28px; text-align: center; margin: 0 0 8px; }
.subtitle { text-align: center; font-family: "KaiTi", "楷体", serif; font-size: 18px; margin-bottom: 28px; }
.rule { border-top: 2px solid #c00; margin: 0 0 24px; }
h2 { font-family: "SimHei", "黑体", "Heiti SC", sans-serif; font-size: 20px; margin: 28px 0 10px; }
p { font-size: 18px; line-height: 1.9; text-indent: 2em; margin: 0 0 6px; text-align: justify; }
p.addressee { text-indent: 0; }
.caption { font-family: "SimHei", "黑体", sans-serif; font-size: 15px; text-align: center; margin: 16px 0 6px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin-bottom: 4px;
        font-family: "SimSun", "宋体", serif; }
th, td { border: 1px solid #555; padding: 3px 5px; vertical-align: top; }
th { background: #f2e4e4; font-family: "SimHei", "黑体", sans-serif; font-weight: normal; }
tr:nth-child(even) td { background: #fafafa; }
.note { font-family: "KaiTi", "楷体", serif; font-size: 14px; text-indent: 0; color: #333; margin-bottom: 12px; }
.sign { text-align: right; text-indent: 0; margin-top: 24px; }
.appendix { page-break-before: always; margin-top: 48px; }
.appendix.next { page-break-before: auto; margin-top: 32px; }
@media print { body { background: #fff; } .page { box-shadow: none; margin: 0; padding: 0; max-width: none; }
               thead { display: table-header-group; } }
"""


def _html_table(table):
    e = html.escape
    head = "".join(f"<th>{e(_text(c))}</th>" for c in table.columns)
    body = "".join("<tr>" + "".join(f"<td>{e(_text(v))}</td>" for v in row) + "</tr>" for row in table.rows)
    note = f'<p class="note">注：{e(_text(table.note))}</p>' if table.note else ""
    return (f'<div class="caption">{e(_text(table.title))}</div>'
            f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{note}")


def _html_blocks(blocks):
    out = []
    for block in blocks:
        if isinstance(block, BulletinTable):
            out.append(_html_table(block))
        elif isinstance(block, BulletinImage):
            data = base64.b64encode(Path(block.path).read_bytes()).decode("ascii")
            out.append(f'<div class="caption">{html.escape(_text(block.title))}</div>'
                       f'<img src="data:image/png;base64,{data}" alt="{html.escape(_text(block.title))}" '
                       f'style="display:block;max-width:100%;margin:0 auto">')
        else:
            out.append(f"<p>{html.escape(_text(block))}</p>")
    return "\n".join(out)


def write_bulletin_html(bulletin, path):
    """Write the bulletin as one self-contained HTML page (inline CSS, no script, no external request).

    Every text is escaped with :func:`html.escape`.

    Examples
    --------
    >>> import datetime
    >>> from liangxin.viz.bulletin import TITLE, build_bulletin
    >>> from liangxin.queries.progress import campaign_progress
    >>> day = datetime.date(2019, 5, 10)
    >>> bulletin = build_bulletin(result, campaign_progress(result, date=day), date=day)
    >>> page = write_bulletin_html(bulletin, "通报.html").read_text(encoding="utf-8")
    >>> page.startswith("<!DOCTYPE html>"), TITLE in page, "<script" in page
    (True, True, False)
    """
    e = html.escape
    path = Path(path)
    parts = [
        "<!DOCTYPE html>", '<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(bulletin.title)}</title><style>{_CSS}</style></head><body><div class=\"page\">",
        f'<p class="sign">签发人：{e(bulletin.signer)}</p>' if bulletin.signer else "",
        f'<div class="subtitle">{e(bulletin.number)}</div>' if bulletin.number else "",
        f"<h1>{e(bulletin.title)}</h1>",
        f'<div class="subtitle">{e(bulletin.subtitle)}</div><div class="rule"></div>' if bulletin.subtitle else "",
        f'<p class="addressee">{e(bulletin.addressee)}</p>', f"<p>{e(bulletin.intro)}</p>",
    ]
    for part in bulletin.sections:
        parts.append(f"<h2>{e(part.heading)}</h2>")
        parts.append(_html_blocks(part.blocks))
    parts.append(f'<p class="sign">{e(bulletin.issuer)}<br>{e(bulletin.date_text)}</p>')
    for i, part in enumerate(bulletin.appendices):
        css = "appendix" if i == 0 else "appendix next"
        parts.append(f'<div class="{css}"><h2>{e(part.heading)}</h2>{_html_blocks(part.blocks)}</div>')
    parts.append("</div></body></html>")
    path.write_text("\n".join(p for p in parts if p) + "\n", encoding="utf-8")
    log.info("wrote %s", path)
    return path


def write_bulletin(bulletin, path):
    """Write the bulletin as both .docx and .html, side by side.

    `path` ending in ``.docx`` or ``.html`` names one of them; the other gets the same name
    with the other suffix. Returns ``{"docx": Path, "html": Path}``.

    Examples
    --------
    >>> import datetime
    >>> from liangxin.viz.bulletin import TITLE, build_bulletin
    >>> from liangxin.queries.progress import campaign_progress
    >>> day = datetime.date(2019, 5, 10)
    >>> bulletin = build_bulletin(result, campaign_progress(result, date=day), date=day)
    >>> {kind: path.name for kind, path in write_bulletin(bulletin, "通报.docx").items()}
    {'docx': '通报.docx', 'html': '通报.html'}
    """
    docx_path, html_path = bulletin_paths(path)
    return {"docx": write_bulletin_docx(bulletin, docx_path), "html": write_bulletin_html(bulletin, html_path)}


def bulletin_paths(path):
    """The ``(.docx, .html)`` pair :func:`write_bulletin` writes for `path`.

    Examples
    --------
    >>> [p.name for p in bulletin_paths("结果/通报.htm")]
    ['通报.docx', '通报.htm']
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".docx", ".html", ".htm"):
        raise ValueError(f"通报文件须以 .docx 或 .html 结尾：{path}")
    return (path if suffix == ".docx" else path.with_suffix(".docx"),
            path if suffix in (".html", ".htm") else path.with_suffix(".html"))
