"""'You said, we did': a review of the adopted charter as a Word document.

For each question: how people answered in this review, in all and by group
(small groups folded, as everywhere), the change since the review before, and
the examples people gave. No names: people answer a review without giving one.
"""

from datetime import date
from io import BytesIO

from docx import Document
from sqlalchemy.orm import Session

from .. import labels
from ..live.breakdowns import group_note
from ..models import REVIEW_ANSWERS, Draft, Review, Workshop
from ..reviews.reviewing import review_results, share_yes
from ..text import clean_text


def review_report(session: Session, workshop: Workshop, draft: Draft, review: Review, today: date) -> bytes:
    minimum = workshop.min_group_size
    results = review_results(session, review, draft, minimum)
    earlier = [r for r in draft.reviews if r.opened_at < review.opened_at]
    before = review_results(session, earlier[-1], draft, minimum) if earlier else None
    title = clean_text(draft.title, 200, single_line=True) or "Our charter"

    document = Document()
    properties = document.core_properties
    properties.title = f"You said, we did: {title}"
    properties.language = "en-GB"
    properties.author = f"{workshop.area} SEND partnership" if workshop.area else "SEND partnership"
    document.add_heading("You said, we did", 0)
    document.add_paragraph(f"{title}: {clean_text(review.title, single_line=True)}")
    document.add_paragraph(
        f"Opened on {_day(review.opened_at)}. {labels.counted(labels.RESPONSES, results['responses'])}. "
        f"Written on {_day(today)}."
    )
    document.add_paragraph(
        "Each statement of our charter is a question: did we do what we said we would? People answered Yes, "
        "Partly, Not yet or Don't know. The share below is of those who answered Yes, Partly or Not yet."
    )
    theme = None
    for index, question in enumerate(results["questions"]):
        if question["theme"] != theme:
            theme = question["theme"]
            document.add_heading(clean_text(theme, single_line=True), 1)
        document.add_heading(clean_text(question["question"], single_line=True) or "Untitled", 2)
        _counts_table(document, question)
        note = group_note(question, minimum)
        if note:
            document.add_paragraph(note)
        earlier_counts = before["questions"][index]["counts"] if before else None
        document.add_paragraph(_change(question["counts"], earlier_counts, before["title"] if before else None))
        if question["examples"]:
            document.add_paragraph("Examples people gave:")
            for example in question["examples"]:
                answer = labels.REVIEW_ANSWERS[example["answer"]]
                document.add_paragraph(f"\u201c{clean_text(example['text'])}\u201d ({answer})", style="List Bullet")
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _counts_table(document, question: dict) -> None:
    rows = [(labels.EVERYONE, question["counts"])]
    rows += [(labels.GROUPS[group], counts) for group, counts in question["by_group"].items()]
    if question["other_groups"]:
        rows.append((labels.OTHER_GROUPS, question["other_groups"]))
    table = document.add_table(rows=1, cols=1 + len(REVIEW_ANSWERS))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("Who", *labels.REVIEW_ANSWERS.values()), strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for who, counts in rows:
        cells = table.add_row().cells
        cells[0].text = who
        for cell, value in zip(cells[1:], REVIEW_ANSWERS, strict=True):
            cell.text = str(counts[value])


def _change(counts: dict, earlier: dict | None, before: str | None) -> str:
    """The share who said Yes or Partly, and how it moved since the review before (called `before`)."""
    share = share_yes(counts)
    said = "Nobody answered Yes, Partly or Not yet." if share is None else f"Yes or partly: {share}%."
    if before is None:
        return f"{said} This is the first review."
    was = share_yes(earlier)
    if share is None or was is None:
        return f"{said} No change can be given since {before}: there is nothing to compare."
    moved = share - was
    if moved == 0:
        return f"{said} No change since {before} ({was}%)."
    return f"{said} {'Up' if moved > 0 else 'Down'} {abs(moved)} points since {before} ({was}%)."


def _day(moment) -> str:
    return f"{moment.day} {moment:%B %Y}"
