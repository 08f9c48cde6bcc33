"""'Did we ...?' reviews of Kent's adopted charter: two reviews two months apart, answered by three groups.

The dates are set: the first review opens on 10 January 2027 and the second on
10 March 2027. Nine people answer each, three parent carers, three young
people and three from education; a tenth, the only health worker, is never
shown on their own.
"""

import io
import re
from datetime import UTC, datetime

import pytest
from docx import Document
from docx.oxml.ns import qn
from review_answers import GROUPS, JANUARY_ANSWERS, MARCH_ANSWERS
from sqlalchemy import func, select
from test_live_events import sign_in

from workshop.draft.drafting import place_statement, start_draft
from workshop.errors import DomainError
from workshop.export.archive import export_workshop
from workshop.export.docx import draft_document
from workshop.export.report import review_report
from workshop.live.workshops import create_workshop
from workshop.models import Facilitator, Review, ReviewAnswer, ReviewResponse, Workshop, utcnow
from workshop.reviews.reviewing import adopt_draft, answer_review, close_review, open_review, review_results, trend

JANUARY, MARCH = datetime(2027, 1, 10, 10, tzinfo=UTC), datetime(2027, 3, 10, 10, tzinfo=UTC)
STATEMENTS = ["We will be transparent", "We will listen to children and young people", "We will share what we learn"]
EXAMPLE = "The forum saw the minutes of every meeting"


@pytest.fixture
def kent(session, seeded, facilitator):
    workshop = create_workshop(session, facilitator, title="Kent", area="Kent", charter_slugs=["stockport"])
    draft = start_draft(session, workshop, "kent")
    for text in STATEMENTS:
        place_statement(session, draft, draft.themes[0].id, text=text)
    session.commit()
    return workshop, draft


def answer_all(session, review, draft, rows, now, tokens=None):
    """Each of the nine (and the one health worker) answers; their tokens, to answer again."""
    ids = [theme_statement.id for theme_statement in draft.themes[0].statements]
    tokens = tokens or [None] * 10
    found = []
    for index, (row, group) in enumerate(zip(rows, GROUPS, strict=True)):
        answers = {statement_id: (value, "") for statement_id, value in zip(ids, row, strict=True)}
        if index == 0:
            answers[ids[0]] = (row[0], EXAMPLE)
        _response, token = answer_review(session, review, draft, tokens[index], group=group, answers=answers, now=now)
        found.append(token)
    _response, token = answer_review(
        session, review, draft, tokens[9], group="health", answers={ids[0]: ("yes", "")}, now=now
    )
    found.append(token)
    session.commit()
    return found


def two_reviews(session, draft):
    """The draft adopted, then answered in a January review, closed, and a March review, still open."""
    adopt_draft(draft, datetime(2026, 12, 1, tzinfo=UTC))
    january = open_review(session, draft, title="January review", closes_at=None, now=JANUARY)
    answer_all(session, january, draft, JANUARY_ANSWERS, JANUARY)
    close_review(january, datetime(2027, 1, 24, tzinfo=UTC))
    march = open_review(session, draft, title="March review", closes_at=None, now=MARCH)
    answer_all(session, march, draft, MARCH_ANSWERS, MARCH)
    return january, march


def test_two_reviews_two_months_apart_show_each_commitments_trend(session, kent):
    workshop, draft = kent
    with pytest.raises(DomainError, match="adopted"):
        open_review(session, draft, title="Too soon", closes_at=None, now=JANUARY)
    adopt_draft(draft, datetime(2026, 12, 1, tzinfo=UTC))
    january = open_review(session, draft, title="January review", closes_at=None, now=JANUARY)
    tokens = answer_all(session, january, draft, JANUARY_ANSWERS, JANUARY)
    # Sent again, the same answers change nothing: still one response each.
    answer_all(session, january, draft, JANUARY_ANSWERS, JANUARY, tokens)
    assert session.scalar(select(func.count(ReviewResponse.id))) == 10
    close_review(january, datetime(2027, 1, 24, tzinfo=UTC))
    with pytest.raises(DomainError, match="closed"):
        answer_all(session, january, draft, MARCH_ANSWERS, datetime(2027, 1, 25, tzinfo=UTC), tokens)
    session.rollback()
    march = open_review(session, draft, title="March review", closes_at=datetime(2027, 3, 24, tzinfo=UTC), now=MARCH)
    answer_all(session, march, draft, MARCH_ANSWERS, MARCH)
    with pytest.raises(DomainError, match="closed"):
        answer_all(session, march, draft, MARCH_ANSWERS, datetime(2027, 3, 24, tzinfo=UTC))
    session.rollback()

    results = review_results(session, january, draft, workshop.min_group_size)
    first = results["questions"][0]
    assert first["counts"] == {"yes": 4, "partly": 2, "not_yet": 4, "dont_know": 0}
    # The one health worker is never shown apart, nor left to be worked out: education is folded in with them.
    assert first["by_group"] == {
        "parent_carer": {"yes": 1, "partly": 1, "not_yet": 1, "dont_know": 0},
        "young_person": {"yes": 1, "partly": 0, "not_yet": 2, "dont_know": 0},
    }
    assert first["other_groups"] == {"yes": 2, "partly": 1, "not_yet": 1, "dont_know": 0}
    assert first["examples"] == [{"answer": "yes", "text": EXAMPLE}]

    shares = {question["statement"]: [r["share"] for r in question["reviews"]] for question in trend(session, draft, 3)}
    changes = {question["statement"]: question["change"] for question in trend(session, draft, 3)}
    # Transparent: 6 of 10 said yes or partly in January, 9 of 10 in March.
    assert shares[STATEMENTS[0]] == [60, 90] and changes[STATEMENTS[0]] == 30
    # Listening: 3 of 9 in January, 8 of 9 in March.
    assert shares[STATEMENTS[1]] == [33, 89] and changes[STATEMENTS[1]] == 56
    # Sharing: 7 of 7 in January (two did not know), 7 of 8 in March.
    assert shares[STATEMENTS[2]] == [100, 88] and changes[STATEMENTS[2]] == -12


def texts(document) -> str:
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


def rows_of(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def style_of(document, name: str) -> tuple:
    style = document.styles[name]
    fonts = style.element.rPr.rFonts if style.element.rPr is not None else None
    return style.font.size, style.font.color.rgb, fonts.get(qn("w:ascii")) if fonts is not None else None


def test_you_said_we_did_is_a_word_document_styled_as_the_draft_with_every_questions_results(session, kent):
    workshop, draft = kent
    january, march = two_reviews(session, draft)
    questions = [statement.did_we_question for statement in draft.themes[0].statements]

    document = Document(io.BytesIO(review_report(session, workshop, draft, march, datetime(2027, 3, 25).date())))
    properties = document.core_properties
    assert properties.title == "You said, we did: Kent Co-production Charter"
    assert (properties.language, properties.author) == ("en-GB", "Kent SEND partnership")
    assert "review" in properties.subject
    footer = document.sections[0].footer.paragraphs[0].text
    assert footer.startswith("You said, we did: Kent Co-production Charter. March review. Page ")
    # The same page, fonts and styles as the draft's Word document.
    charter = Document(io.BytesIO(draft_document(session, workshop, draft, datetime(2027, 3, 25).date())))
    for name in ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Table Grid"):
        assert style_of(document, name) == style_of(charter, name), name
    assert style_of(document, "Heading 1")[2] == "Arial"
    page, charter_page = document.sections[0], charter.sections[0]
    assert (page.page_width, page.left_margin) == (charter_page.page_width, charter_page.left_margin)

    text = texts(document)
    assert "10 people have answered" in text and "Written on 25 March 2027." in text
    # At a glance: each commitment's share and its change since January.
    glance = rows_of(document.tables[0])
    assert glance == [
        ["Did we \u2026?", "Yes or partly", "Since January review"],
        [questions[0], "90%", "Up 30 points"],
        [questions[1], "89%", "Up 56 points"],
        [questions[2], "88%", "Down 12 points"],
    ]
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 2"] == questions
    # Each question's answers, in all and by group: the one health worker is never apart, and education is
    # folded in with them so that they cannot be worked out.
    assert rows_of(document.tables[1]) == [
        ["Who", "Yes", "Partly", "Not yet", "Don't know"],
        ["Everyone", "7", "2", "1", "0"],
        ["Parent carer", "2", "1", "0", "0"],
        ["Young person", "2", "1", "0", "0"],
        ["Other groups", "3", "0", "1", "0"],
    ]
    assert rows_of(document.tables[2]) == [
        ["Who", "Yes", "Partly", "Not yet", "Don't know"],
        ["Everyone", "6", "2", "1", "0"],
        ["Parent carer", "2", "1", "0", "0"],
        ["Young person", "2", "1", "0", "0"],
        ["Education", "2", "0", "1", "0"],
    ]
    assert "Health" not in repr([rows_of(table) for table in document.tables])
    # Every table's header row is marked, to repeat on each page and be read as headers.
    assert all(table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None for table in document.tables)
    assert "Yes or partly: 90%. Up 30 points since January review (60%)." in text
    assert "Yes or partly: 89%. Up 56 points since January review (33%)." in text
    assert "Yes or partly: 88%. Down 12 points since January review (100%)." in text
    examples = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert examples == [f"\u201c{EXAMPLE}\u201d (Yes)"]
    assert "Groups of fewer than 3 people are not shown on their own" in text

    january_report = Document(io.BytesIO(review_report(session, workshop, draft, january, JANUARY.date())))
    assert f"\u201c{EXAMPLE}\u201d (Yes)" in texts(january_report)
    assert "This is the first review." in texts(january_report)
    assert rows_of(january_report.tables[0])[0][2] == "Change"
    assert [row[2] for row in rows_of(january_report.tables[0])[1:]] == ["First review"] * 3


def test_the_adopted_drafts_page_shows_each_commitments_trend_across_reviews(app, client, session, kent, facilitator):
    workshop, draft = kent
    sign_in(client, facilitator)
    page = " ".join(client.get(f"/workshops/{workshop.id}/draft").get_data(as_text=True).split())
    assert "In the reviews:" not in page
    adopt_draft(draft, datetime(2026, 12, 1, tzinfo=UTC))
    session.commit()
    # Adopted, but not reviewed yet: still nothing to show.
    assert "In the reviews:" not in client.get(f"/workshops/{workshop.id}/draft").get_data(as_text=True)
    january = open_review(session, draft, title="January review", closes_at=None, now=JANUARY)
    answer_all(session, january, draft, JANUARY_ANSWERS, JANUARY)
    march = open_review(session, draft, title="March review", closes_at=None, now=MARCH)
    answer_all(session, march, draft, MARCH_ANSWERS, MARCH)
    page = " ".join(client.get(f"/workshops/{workshop.id}/draft").get_data(as_text=True).split())
    trends = re.findall(r'<p class="app-draft-statement__trend">(.*?)</p>', page)
    assert [re.sub(r"<[^>]+>", "", found).strip() for found in trends] == [
        "In the reviews: January review 60%, March review 90% said Yes or partly (up 30 points since the review "
        "before).",
        "In the reviews: January review 33%, March review 89% said Yes or partly (up 56 points since the review "
        "before).",
        "In the reviews: January review 100%, March review 88% said Yes or partly (down 12 points since the "
        "review before).",
    ]
    # Totals only: no group is named beside a commitment.
    assert not any(group in " ".join(trends) for group in ("Parent carer", "Health", "Education"))


def test_people_answer_from_a_link_and_change_their_answers(app, client, session, kent, facilitator):
    workshop, draft = kent
    sign_in(client, facilitator)
    adopted = client.post(f"/workshops/{workshop.id}/reviews/adopt", data={})
    assert adopted.status_code == 302
    opened = client.post(f"/workshops/{workshop.id}/reviews", data={"title": "Annual review 2027"})
    review_page = client.get(opened.headers["Location"]).get_data(as_text=True)
    link = re.search(r'href="(http://localhost/review/[^"]+)"', review_page)[1]
    phone = app.test_client()
    page = phone.get(link).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
    ids = [statement.id for statement in draft.themes[0].statements]
    assert all(f'name="answer-{statement_id}"' in page for statement_id in ids)
    sent = {"csrf_token": token, "group": "parent_carer", f"answer-{ids[0]}": "partly", f"example-{ids[0]}": "Minutes"}
    assert phone.post(link, data=sent).status_code == 302
    again = phone.get(link).get_data(as_text=True)
    assert "You have answered before on this phone" in again
    assert f'id="answer-{ids[0]}-partly" name="answer-{ids[0]}" type="radio" value="partly" checked' in again
    phone.post(link, data={**sent, f"answer-{ids[0]}": "yes"})
    answers = session.execute(select(ReviewAnswer.value, ReviewAnswer.example)).all()
    assert answers == [("yes", "Minutes")]
    # Something that is not an answer is refused and changes nothing.
    phone.post(link, data={**sent, f"answer-{ids[0]}": "maybe"})
    assert session.execute(select(ReviewAnswer.value)).scalars().all() == ["yes"]
    # An unsuitable example is hidden from the results and the report; the answer still counts.
    review_id = int(opened.headers["Location"].rsplit("/", 1)[1])
    example = session.scalar(select(ReviewAnswer.id))
    hiding = {"item_id": example, "hidden": "yes"}
    client.post(f"/workshops/{workshop.id}/reviews/{review_id}/examples", data=hiding)
    assert session.scalar(select(ReviewAnswer.hidden)) is True
    shown = client.get(f"/api/workshops/{workshop.id}/reviews").json["reviews"][0]["questions"][0]
    assert shown["examples"] == [] and shown["counts"]["yes"] == 1
    assert "Minutes" in client.get(opened.headers["Location"]).get_data(as_text=True)
    report = client.get(f"/api/workshops/{workshop.id}/reviews/{review_id}/report.docx")
    assert "Minutes" not in "\n".join(p.text for p in Document(io.BytesIO(report.data)).paragraphs)
    client.post(f"/workshops/{workshop.id}/reviews/{review_id}/examples", data={**hiding, "hidden": "no"})
    assert session.scalar(select(ReviewAnswer.hidden)) is False
    results = client.get(f"/workshops/{workshop.id}/reviews").get_data(as_text=True)
    assert "Annual review 2027" in results and "100%" in results
    assert client.get(f"/api/workshops/{workshop.id}/reviews").json["reviews"][0]["responses"] == 1
    report = client.get(opened.headers["Location"].replace("/workshops/", "/api/workshops/") + "/report.docx")
    assert report.status_code == 200 and "you-said-we-did" in report.headers["Content-Disposition"]
    client.post(f"/workshops/{workshop.id}/reviews/{review_id}/close", data={})
    assert "This review has closed" in phone.get(link).get_data(as_text=True)
    assert app.test_client().get("/review/not-a-review").status_code == 404


def test_only_the_workshops_facilitators_see_and_run_its_reviews(app, client, session, kent, facilitator):
    workshop, draft = kent
    adopt_draft(draft, JANUARY)
    review = open_review(session, draft, title="January", closes_at=None, now=JANUARY)
    session.commit()
    stranger = Facilitator(email="stranger@example.org", password_hash="unused")
    session.add(stranger)
    session.commit()
    sign_in(client, stranger)
    for path in (
        f"/workshops/{workshop.id}/reviews",
        f"/workshops/{workshop.id}/reviews/{review.id}",
        f"/api/workshops/{workshop.id}/reviews",
        f"/api/workshops/{workshop.id}/reviews/{review.id}/report.docx",
    ):
        assert client.get(path).status_code == 404, path
        assert app.test_client().get(path).status_code in (302, 401), path
    for path in (
        f"/workshops/{workshop.id}/reviews",
        f"/workshops/{workshop.id}/reviews/{review.id}/close",
        f"/workshops/{workshop.id}/reviews/{review.id}/delete",
    ):
        assert client.post(path, data={"title": "Taken over"}).status_code == 404
    assert session.get(Workshop, workshop.id).draft.reviews[0].closed_at is None
    assert len(session.get(Workshop, workshop.id).draft.reviews) == 1


def test_deleting_a_review_deletes_its_answers_and_nothing_else(app, client, session, kent, facilitator):
    workshop, draft = kent
    adopt_draft(draft, datetime(2026, 12, 1, tzinfo=UTC))
    january = open_review(session, draft, title="January review", closes_at=None, now=JANUARY)
    answer_all(session, january, draft, JANUARY_ANSWERS, JANUARY)
    march = open_review(session, draft, title="March review", closes_at=None, now=MARCH)
    answer_all(session, march, draft, MARCH_ANSWERS, MARCH)
    january_id, january_key = january.id, january.key
    sign_in(client, facilitator)
    asked = client.get(f"/workshops/{workshop.id}/reviews/{january_id}/delete").get_data(as_text=True)
    assert "Delete “January review”?" in asked and "the answers of 10 people" in asked
    deleted = client.post(f"/workshops/{workshop.id}/reviews/{january_id}/delete", data={})
    assert deleted.status_code == 302
    assert "“January review” and every answer to it have been deleted." in client.get(
        deleted.headers["Location"]
    ).get_data(as_text=True)
    session.expire_all()
    assert session.get(Review, january_id) is None
    assert session.scalar(select(func.count(ReviewResponse.id))) == 10
    assert session.scalar(select(func.count(ReviewAnswer.id))) == 28
    assert [review.title for review in session.get(Workshop, workshop.id).draft.reviews] == ["March review"]
    assert client.get(f"/review/{january_key}").status_code == 404


def test_a_phone_takes_back_its_answers_while_the_review_is_open(app, session, kent):
    workshop, draft = kent
    adopt_draft(draft, JANUARY)
    review = open_review(session, draft, title="January", closes_at=None, now=JANUARY)
    session.commit()
    first = draft.themes[0].statements[0].id
    phone, other = app.test_client(), app.test_client()
    for client in (phone, other):
        client.post(f"/review/{review.key}", data={f"answer-{first}": "yes"})
    assert "Delete my answers" in phone.get(f"/review/{review.key}").get_data(as_text=True)
    taken = phone.post(f"/review/{review.key}/take-back", follow_redirects=True).get_data(as_text=True)
    assert "Your answers have been deleted." in taken and "Delete my answers" not in taken
    assert session.scalar(select(func.count(ReviewResponse.id))) == 1
    # Again, or from a phone that never answered: nothing to take back, and nothing of anyone else's goes.
    for client in (phone, app.test_client()):
        again = client.post(f"/review/{review.key}/take-back", follow_redirects=True).get_data(as_text=True)
        assert "There are no answers from this phone to take back." in again
    close_review(session.get(Review, review.id), utcnow())
    session.commit()
    closed = other.post(f"/review/{review.key}/take-back", follow_redirects=True).get_data(as_text=True)
    assert "This review has closed" in closed
    assert session.scalar(select(func.count(ReviewAnswer.id))) == 1


def test_the_json_export_keeps_the_adoption_and_every_review_and_restores_them(session, kent, restore_elsewhere):
    workshop, draft = kent
    january, march = two_reviews(session, draft)
    first = export_workshop(session, workshop)
    exported = first["draft"]["reviews"]
    assert [review["title"] for review in exported] == ["January review", "March review"]
    assert len(exported[0]["responses"]) == 10
    # The one health worker's group is not written against them, nor education's, which would give it away.
    groups = [response["group"] for response in exported[0]["responses"]]
    assert groups == ["parent_carer"] * 3 + ["young_person"] * 3 + [None] * 4
    assert exported[0]["responses"][0]["answers"][0] == {
        "statement": [0, 0],
        "value": "yes",
        "example": EXAMPLE,
        "hidden": False,
    }
    restored = restore_elsewhere(first)
    restored_draft = restored.workshop.draft
    shares = [question["reviews"][-1]["share"] for question in trend(restored.session, restored_draft, 3)]
    assert restored_draft.reviews[0].key != january.key
    assert restored.export["draft"]["reviews"] == exported
    assert restored.export["draft"]["adopted_at"] == first["draft"]["adopted_at"]
    assert shares == [90, 89, 88]
