"""'You said, we did': a review of the adopted charter as a Word document.

It is made as the draft's Word document is (export/docx.py: the same page,
fonts, language, heading and table styles, properties and footer). First each
commitment at a glance, the share who said Yes or Partly and the change since
the review before; then for each question how people answered in this review,
in all and by group (small groups folded, as everywhere), the change, and the
examples people gave. No names: people answer a review without giving one.
"""

from dataclasses import replace
from datetime import date

from sqlalchemy.orm import Session

from .. import labels
from ..live.breakdowns import group_note
from ..models import REVIEW_ANSWERS, Draft, Review, Workshop
from ..reviews.reviewing import review_results, share_yes
from ..text import clean_text
from .docx import Description, document_bytes, heading, lead_in, paragraph, row, styled_document, table

REPORT_DESCRIPTION = Description(
    subject="You said, we did: a review of our co-production charter",
    keywords="co-production charter; SEND; review; you said, we did",
    comments="How partners, parent carers and young people said we lived up to our charter, and what changed.",
    footer="The review",  # each report's footer names its review
)
# The counts table: who, then one column for each answer (16 cm in all, the page's width inside its margins).
WHO_WIDTH, ANSWER_WIDTH = 4.4, 2.9


def review_report(session: Session, workshop: Workshop, draft: Draft, review: Review, today: date) -> bytes:
    minimum = workshop.min_group_size
    results = review_results(session, review, draft, minimum)
    earlier = [r for r in draft.reviews if r.opened_at < review.opened_at]
    before = review_results(session, earlier[-1], draft, minimum) if earlier else None
    title = clean_text(draft.title, 200, single_line=True) or "Our charter"
    area = clean_text(draft.area or workshop.area, 120, single_line=True)
    review_title = clean_text(review.title, single_line=True)

    document = styled_document(f"You said, we did: {title}", area, replace(REPORT_DESCRIPTION, footer=review_title))
    heading(document, "You said, we did", 0)
    paragraph(document, f"{title}: {review_title}", style="Subtitle")
    paragraph(
        document,
        f"Opened on {_day(review.opened_at)}. {labels.counted(labels.RESPONSES, results['responses'])}. "
        f"Written on {_day(today)}.",
    )
    paragraph(
        document,
        "Each statement of our charter is a question: did we do what we said we would? People answered Yes, "
        "Partly, Not yet or Don't know. The share below is of those who answered Yes, Partly or Not yet.",
    )
    earlier_questions = before["questions"] if before else [None] * len(results["questions"])
    _at_a_glance(document, results["questions"], earlier_questions, before["title"] if before else None)

    theme = None
    for index, (question, earlier_question) in enumerate(zip(results["questions"], earlier_questions, strict=True)):
        if index == 0 or question["theme"] != theme:
            theme = question["theme"]
            # The questions start on a page of their own, after the summary.
            heading(document, theme, 1, new_page=index == 0)
        heading(document, question["question"], 2)
        lead_in(document, "How people answered:")
        _counts_table(document, question)
        note = group_note(question, minimum)
        if note:
            paragraph(document, note)
        earlier_counts = earlier_question["counts"] if earlier_question else None
        paragraph(document, _change(question["counts"], earlier_counts, before["title"] if before else None))
        if question["examples"]:
            lead_in(document, "Examples people gave:")
            for example in question["examples"]:
                answer = labels.REVIEW_ANSWERS[example["answer"]]
                paragraph(document, f"\u201c{example['text']}\u201d ({answer})", style="List Bullet")
    return document_bytes(document)


def _at_a_glance(document, questions: list[dict], earlier: list[dict | None], before: str | None) -> None:
    heading(document, "Each commitment at a glance", 1)
    lead_in(document, "The share who said Yes or Partly, and how it moved since the review before.")
    since = f"Since {before}" if before else "Change"
    shown = table(document, ("Did we \u2026?", "Yes or partly", since), (9, 3, 4))
    for question, earlier_question in zip(questions, earlier, strict=True):
        share = share_yes(question["counts"])
        was = share_yes(earlier_question["counts"]) if earlier_question else None
        row(shown, (question["question"], _percent(share), _moved(share, was, before)))


def _counts_table(document, question: dict) -> None:
    rows = [(labels.EVERYONE, question["counts"])]
    rows += [(labels.GROUPS[group], counts) for group, counts in question["by_group"].items()]
    if question["other_groups"]:
        rows.append((labels.OTHER_GROUPS, question["other_groups"]))
    counts_table = table(
        document, ("Who", *labels.REVIEW_ANSWERS.values()), (WHO_WIDTH, *[ANSWER_WIDTH] * len(REVIEW_ANSWERS))
    )
    for who, counts in rows:
        row(counts_table, (who, *(str(counts[value]) for value in REVIEW_ANSWERS)))


def _percent(share: int | None) -> str:
    return "No answers" if share is None else f"{share}%"


def _moved(share: int | None, was: int | None, before: str | None) -> str:
    if before is None:
        return "First review"
    if share is None or was is None:
        return "Nothing to compare"
    moved = share - was
    return "No change" if moved == 0 else f"{'Up' if moved > 0 else 'Down'} {abs(moved)} points"


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
