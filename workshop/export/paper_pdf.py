"""A paper tag sheet (export/paper_sheet.py) drawn as a PDF, with fpdf2.

The text is set in DejaVu Sans, a TrueType font with the whole of Latin,
Greek and Cyrillic and many symbols, which the PDF carries within it (only the
characters used), so that it prints the same everywhere. The font files come
with matplotlib, which the app already needs for the Word draft's results
picture: nothing has to be installed on the server for them, and fpdf2's own
built-in fonts know only Latin-1.
"""

from pathlib import Path

import matplotlib
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from .paper_sheet import SIZES, Boxes, Heading, Lines, Meaning, Sheet, Text, Together

FONTS = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FAMILY = "DejaVu Sans"
# Each line of text is this many times its size high.
LEADING = 1.3
# Points in a millimetre.
PT = 72 / 25.4
# Space after a paragraph, and before a heading, as a share of the body's size.
AFTER_PARAGRAPH = 0.45
BEFORE_HEADING = 0.9
# The tick boxes' lines, and the writing lines', in millimetres.
BOX_LINE_MM = 0.6
WRITING_LINE_MM = 0.3
LANGUAGE = "en-GB"


def sheet_pdf(sheet: Sheet) -> bytes:
    """The sheet as the bytes of an A4 PDF."""
    pdf = _SheetPDF(sheet)
    pdf.add_page()
    for block in sheet.blocks:
        pdf.block(block)
    return bytes(pdf.output())


def warm_up() -> None:
    """Draw a small sheet, so that fpdf2's modules and the fonts' reading are loaded: in the process that jobs are
    forked from (workshop/jobs.py), for no sheet's job to wait for them."""
    sheet_pdf(Sheet(charter="Charter", name="Paper tag sheet", area="", blocks=(Text("Ready"),), sizes=SIZES))


class _SheetPDF(FPDF):
    def __init__(self, sheet: Sheet):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.sheet = sheet
        self.sizes = sheet.sizes
        margin = self.sizes.margin_mm
        self.set_margins(margin, margin, margin)
        # Room at the foot of each page for the footer: its two lines at most, and a gap above them.
        self.set_auto_page_break(True, margin + 3 * self._line(self.sizes.footer))
        self.add_font(FAMILY, "", FONTS / "DejaVuSans.ttf")
        self.add_font(FAMILY, "B", FONTS / "DejaVuSans-Bold.ttf")
        self.set_lang(LANGUAGE)
        self.set_title(sheet.file_title)
        self.set_subject(sheet.name)
        self.set_author(f"{sheet.area} SEND partnership" if sheet.area else "SEND partnership")
        self.set_creator("Charter Workshop")
        self.set_draw_color(26)
        self.set_text_color(26)

    @staticmethod
    def _line(size: float) -> float:
        """The height of a line of text at this size, in millimetres."""
        return size * LEADING / PT

    def footer(self):
        self.set_y(-(self.sizes.margin_mm + 2 * self._line(self.sizes.footer)))
        self.set_font(FAMILY, "", self.sizes.footer)
        text = f"{self.sheet.footer} Page {self.page_no()} of {{nb}}"
        self.multi_cell(0, self._line(self.sizes.footer), text, align="L")

    def block(self, block, draw: bool = True) -> float:
        """Draw the block, or with `draw` false only measure it: the height it takes, in millimetres."""
        if isinstance(block, Together):
            return self._together(block, draw)
        if isinstance(block, Heading):
            return self._heading(block, draw)
        if isinstance(block, Text):
            size = self.sizes.statement if block.large else self.sizes.body
            return self._paragraph(block.text, size, "B" if block.bold else "", draw)
        if isinstance(block, Meaning):
            words = f"**{block.term}**: {block.meaning}"
            return self._paragraph(words, self.sizes.body, "", draw, markdown=True, after=AFTER_PARAGRAPH / 2)
        if isinstance(block, Boxes):
            return self._boxes(block, draw)
        if isinstance(block, Lines):
            return self._lines(block, draw)
        raise TypeError(f"No way to draw {block!r}")

    def _together(self, together: Together, draw: bool) -> float:
        height = sum(self.block(block, draw=False) for block in together.blocks)
        if not draw:
            return height
        # What would run onto the next page starts there instead, unless it is at the top of one already.
        if self.will_page_break(height) and self.get_y() > self.t_margin + 1:
            self.add_page()
        for block in together.blocks:
            self.block(block)
        return height

    def _heading(self, heading: Heading, draw: bool) -> float:
        before = self.sizes.body * BEFORE_HEADING / PT
        if draw:
            if self.get_y() > self.t_margin + 1:
                self.ln(before)
            self.start_section(heading.text, level=heading.level - 1)
        size = self.sizes.headings[heading.level - 1]
        return before + self._paragraph(heading.text, size, "B", draw)

    def _paragraph(
        self, words: str, size: float, style: str, draw: bool, markdown: bool = False, after: float = AFTER_PARAGRAPH
    ) -> float:
        self.set_font(FAMILY, style, size)
        line = self._line(size)
        space = size * after / PT
        if not draw:
            return len(self.multi_cell(0, line, words, markdown=markdown, dry_run=True, output="LINES")) * line + space
        top = self.get_y()
        self.multi_cell(0, line, words, markdown=markdown, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(space)
        return self.get_y() - top

    def _boxes(self, boxes: Boxes, draw: bool) -> float:
        """Rows of boxes, each label beside its box, on as many lines as it needs."""
        size = self.sizes.statement if boxes.large else self.sizes.body
        box = self.sizes.large_box_mm if boxes.large else self.sizes.box_mm
        gap = box / 3
        column = self.epw / boxes.per_row
        label_width = column - box - 2 * gap
        line = self._line(size)
        self.set_font(FAMILY, "B" if boxes.large else "", size)
        total = 0.0
        for start in range(0, len(boxes.options), boxes.per_row):
            row = boxes.options[start : start + boxes.per_row]
            lines = [len(self.multi_cell(label_width, line, label, dry_run=True, output="LINES")) for label in row]
            height = max(box, max(lines) * line)
            total += height + gap
            if not draw:
                continue
            if self.will_page_break(height):
                self.add_page()
            top = self.get_y()
            self.set_line_width(BOX_LINE_MM)
            for index, label in enumerate(row):
                left = self.l_margin + index * column
                self.rect(left, top, box, box)
                # The label's first line level with the middle of its box.
                self.set_xy(left + box + gap, top + max(0, (box - line) / 2))
                self.multi_cell(label_width, line, label, align="L")
            self.set_xy(self.l_margin, top + height + gap)
        return total

    def _lines(self, lines: Lines, draw: bool) -> float:
        gap = self.sizes.line_gap_mm
        if draw:
            self.set_line_width(WRITING_LINE_MM)
            for _ in range(lines.count):
                if self.will_page_break(gap):
                    self.add_page()
                y = self.get_y() + gap
                self.line(self.l_margin, y, self.w - self.r_margin, y)
                self.set_y(y)
            self.ln(gap / 2)
        return gap * (lines.count + 0.5)
