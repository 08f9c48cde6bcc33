"""A paper tag sheet (export/paper_sheet.py) drawn as a Word document, for a facilitator to change before printing.

It starts as the Word draft does (export/docx.py, `styled_document`: A4, the
fonts, the language, "Page N of M" in the footer). Tick boxes are bordered
table cells with their labels in words in the cell beside them, and the lines
to write on are table rows ruled beneath, which print alike in Word and
LibreOffice whatever fonts they have.
"""

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt

from .docx import Description, document_bytes, heading, paragraph, styled_document
from .paper_sheet import Boxes, Heading, Lines, Meaning, Sheet, Text, Together

# Borders in eighths of a point: the tick boxes' and the writing lines'.
BOX_BORDER = 12
WRITING_BORDER = 4
# What may follow a cell's borders among its properties: Word insists on the schema's order.
_AFTER_BORDERS = ("w:shd", "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")
# Space after a paragraph, as a share of the body's size.
AFTER_PARAGRAPH = 0.45


def sheet_docx(sheet: Sheet) -> bytes:
    """The sheet as the bytes of a .docx file."""
    description = Description(
        subject=sheet.name,
        keywords="co-production charter; SEND; paper tag sheet",
        comments="A sheet for ticking Borrow, Adapt or Ignore for each statement of a charter, on paper.",
        footer=sheet.name,
    )
    document = styled_document(sheet.charter, sheet.area, description)
    document.core_properties.title = sheet.file_title
    _set_sizes(document, sheet)
    drawing = _Drawing(document, sheet)
    for block in sheet.blocks:
        drawing.block(block)
    return document_bytes(document)


def _set_sizes(document, sheet: Sheet) -> None:
    sizes = sheet.sizes
    section = document.sections[0]
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Mm(sizes.margin_mm)
    styles = document.styles
    styles["Normal"].font.size = Pt(sizes.body)
    styles["Normal"].paragraph_format.space_after = Pt(sizes.body * AFTER_PARAGRAPH)
    styles["Footer"].font.size = Pt(sizes.footer)
    for level, size in enumerate(sizes.headings, start=1):
        style = styles[f"Heading {level}"]
        style.font.size = Pt(size)
        style.paragraph_format.space_before = Pt(sizes.body)


class _Drawing:
    def __init__(self, document, sheet: Sheet):
        self.document = document
        self.sizes = sheet.sizes
        section = document.sections[0]
        self.width = section.page_width - section.left_margin - section.right_margin

    def block(self, block) -> list:
        """Draw the block; the paragraphs it made, to keep together with what follows."""
        if isinstance(block, Together):
            return self._together(block)
        if isinstance(block, Heading):
            return [heading(self.document, block.text, block.level)]
        if isinstance(block, Text):
            made = paragraph(self.document, block.text, bold=block.bold)
            if block.large:
                made.runs[0].font.size = Pt(self.sizes.statement)
            return [made]
        if isinstance(block, Meaning):
            made = self.document.add_paragraph()
            made.add_run(f"{block.term}: ").bold = True
            made.add_run(block.meaning)
            made.paragraph_format.space_after = Pt(self.sizes.body * AFTER_PARAGRAPH / 2)
            return [made]
        if isinstance(block, Boxes):
            return self._boxes(block)
        if isinstance(block, Lines):
            return self._lines(block)
        raise TypeError(f"No way to draw {block!r}")

    def _together(self, together: Together) -> list:
        made = [each for block in together.blocks for each in self.block(block)]
        # Each kept with the next, the last with nothing: Word moves the whole to a new page if it does not fit.
        for each in made[:-1]:
            each.paragraph_format.keep_with_next = True
        return made

    def _boxes(self, boxes: Boxes) -> list:
        """Rows of [box, label, space] cells, with a narrow empty row between two rows of boxes."""
        size = self.sizes.statement if boxes.large else self.sizes.body
        box = Mm(self.sizes.large_box_mm if boxes.large else self.sizes.box_mm)
        gap = Mm(self.sizes.box_mm / 2)
        widths = (box, Emu(int(self.width / boxes.per_row) - box - gap), gap) * boxes.per_row
        rows = [boxes.options[start : start + boxes.per_row] for start in range(0, len(boxes.options), boxes.per_row)]
        table = self.document.add_table(rows=2 * len(rows) - 1, cols=len(widths))
        table.autofit = False
        # The grid's widths as well as each cell's: LibreOffice reads the grid.
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        made = []
        for number, cells in enumerate(table.rows):
            spacer = number % 2 == 1
            cells.height = gap if spacer else box
            cells.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY if spacer else WD_ROW_HEIGHT_RULE.AT_LEAST
            for cell, width in zip(cells.cells, widths, strict=True):
                cell.width = width
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                cell.paragraphs[0].paragraph_format.space_after = Pt(0)
                made.append(cell.paragraphs[0])
            if spacer:
                continue
            for index, option in enumerate(rows[number // 2]):
                square, words = cells.cells[3 * index : 3 * index + 2]
                _borders(square, ("top", "left", "bottom", "right"), BOX_BORDER)
                words.paragraphs[0].paragraph_format.left_indent = Emu(gap // 2)
                run = words.paragraphs[0].add_run(option)
                run.bold = boxes.large
                run.font.size = Pt(size)
        made.append(self._space_after_table())
        return made

    def _lines(self, lines: Lines) -> list:
        table = self.document.add_table(rows=lines.count, cols=1)
        table.autofit = False
        made = []
        table.columns[0].width = self.width
        for cells in table.rows:
            cells.height = Mm(self.sizes.line_gap_mm)
            cells.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY
            cell = cells.cells[0]
            cell.width = self.width
            cell.paragraphs[0].paragraph_format.space_after = Pt(0)
            _borders(cell, ("bottom",), WRITING_BORDER)
            made.append(cell.paragraphs[0])
        made.append(self._space_after_table())
        return made

    def _space_after_table(self):
        """An empty paragraph after a table, as Word needs between two tables; small, to take little room."""
        space = self.document.add_paragraph()
        space.paragraph_format.space_after = Pt(0)
        space.paragraph_format.line_spacing = Pt(self.sizes.body / 2)
        return space


def _borders(cell, sides: tuple[str, ...], eighths: int) -> None:
    """Single black lines on these sides of the cell."""
    properties = cell._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    for side in sides:
        line = OxmlElement(f"w:{side}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), str(eighths))
        line.set(qn("w:color"), "1A1A1A")
        borders.append(line)
    properties.insert_element_before(borders, *_AFTER_BORDERS)
