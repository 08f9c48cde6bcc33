"""A review's results live: the facilitator's review page and the review on the big screen, over Socket.IO.

Real Socket.IO test clients on the handlers, answers sent through the page people answer on, the
broadcaster flushed by hand (the browser test, tests/browser/test_review_pages.py, has the loop).
"""

import re

import pytest
from sqlalchemy import select
from test_live_events import received, sign_in

from workshop.draft.drafting import place_statement, start_draft
from workshop.extensions import socketio
from workshop.live.broadcast import REVIEW_DELETED, broadcaster
from workshop.live.workshops import create_workshop
from workshop.models import ReviewAnswer, utcnow
from workshop.reviews.reviewing import adopt_draft, open_review

STATEMENTS = ["We will be transparent", "We will listen to children and young people"]


def kent_review(session, facilitator, title="Kent"):
    workshop = create_workshop(session, facilitator, title=title, area="Kent", charter_slugs=["stockport"])
    draft = start_draft(session, workshop, "kent")
    for text in STATEMENTS:
        place_statement(session, draft, draft.themes[0].id, text=text)
    adopt_draft(draft, utcnow())
    review = open_review(session, draft, title="Annual review", closes_at=None, now=utcnow())
    session.commit()
    return workshop, draft, review


@pytest.fixture
def kent(session, seeded, facilitator):
    return kent_review(session, facilitator)


def watch(app, workshop, review_id, role="facilitator", facilitator=None, key=None):
    browser = app.test_client()
    if facilitator is not None:
        sign_in(browser, facilitator)
    auth = {"workshop": workshop.code, "role": role, "review": review_id}
    if key is not None:
        auth["key"] = key
    return socketio.test_client(app, flask_test_client=browser, auth=auth)


def answer(app, review, draft, group, values, example=""):
    phone = app.test_client()
    link = f"/review/{review.key}"
    token = re.search(r'name="csrf_token" value="([^"]+)"', phone.get(link).get_data(as_text=True))[1]
    ids = [statement.id for statement in draft.themes[0].statements]
    sent = {"csrf_token": token, "group": group}
    for statement_id, value in zip(ids, values, strict=True):
        sent[f"answer-{statement_id}"] = value
    sent[f"example-{ids[0]}"] = example
    assert phone.post(link, data=sent).status_code == 302
    return phone


def test_the_facilitator_and_the_big_screen_see_answers_by_group_as_they_arrive(app, session, kent, facilitator):
    workshop, draft, review = kent
    console = watch(app, workshop, review.id, facilitator=facilitator)
    screen = watch(app, workshop, review.id, role="projector", key=workshop.projector_key)
    # The room's own screens, not watching the review, hear nothing of it.
    room_screen = socketio.test_client(
        app, auth={"workshop": workshop.code, "role": "projector", "key": workshop.projector_key}
    )
    assert console.is_connected() and screen.is_connected()
    first = received(console, "snapshot")[0]
    assert first["responses"] == 0 and first["open"] is True
    assert [question["counts"]["yes"] for question in first["questions"]] == [0, 0]
    assert received(screen, "snapshot")[0]["questions"][0]["share"] is None

    answer(app, review, draft, "parent_carer", ("yes", "not_yet"), example="The minutes were shared")
    answer(app, review, draft, "parent_carer", ("partly", "not_yet"))
    answer(app, review, draft, "parent_carer", ("not_yet", "yes"))
    answer(app, review, draft, "young_person", ("yes", "dont_know"))
    answer(app, review, draft, "young_person", ("yes", "yes"))
    answer(app, review, draft, "education", ("dont_know", "yes"))
    broadcaster.flush()

    [results] = received(console, "review_results")
    assert results["responses"] == 6
    question = results["questions"][0]
    assert question["counts"] == {"yes": 3, "partly": 1, "not_yet": 1, "dont_know": 1}
    # Three parent carers are shown; two young people and one from education only as Other groups.
    assert question["by_group"] == {"parent_carer": {"yes": 1, "partly": 1, "not_yet": 1, "dont_know": 0}}
    assert question["other_groups"] == {"yes": 2, "partly": 0, "not_yet": 0, "dont_know": 1}
    assert question["share"] == 80
    example_id = session.scalar(select(ReviewAnswer.id).where(ReviewAnswer.example != ""))
    assert question["examples"] == [
        {"answer": "yes", "text": "The minutes were shared", "id": example_id, "hidden": False}
    ]
    [shown] = received(screen, "review_results")
    assert shown["questions"][0]["by_group"] == question["by_group"]
    # The big screen never shows an example.
    assert all("examples" not in entry for entry in shown["questions"])
    assert received(room_screen, "review_results") == []

    # Hiding the example is followed on the facilitators' screens.
    client = app.test_client()
    sign_in(client, facilitator)
    client.post(f"/workshops/{workshop.id}/reviews/{review.id}/examples", data={"item_id": example_id, "hidden": "yes"})
    broadcaster.flush()
    assert received(console, "review_results")[0]["questions"][0]["examples"][0]["hidden"] is True

    # Closed, then deleted: every screen is told, and its room closed.
    client.post(f"/workshops/{workshop.id}/reviews/{review.id}/close", data={})
    broadcaster.flush()
    assert [update["open"] for update in received(screen, "review_results")] == [True, False]
    client.post(f"/workshops/{workshop.id}/reviews/{review.id}/delete", data={})
    assert received(console, "deleted") == [{"message": REVIEW_DELETED}]
    assert received(screen, "deleted") == [{"message": REVIEW_DELETED}]
    assert not console.emit("snapshot", callback=True)["ok"]


def test_only_the_facilitators_and_the_projector_may_watch_a_review(app, session, kent, facilitator):
    workshop, _draft, review = kent
    other, _other_draft, elsewhere = kent_review(session, facilitator, title="Elsewhere")
    key = workshop.projector_key
    for role, signed_in, given_key, review_id in (
        ("projector", False, "wrong", review.id),
        ("projector", False, None, review.id),
        ("facilitator", False, None, review.id),
        ("participant", True, None, review.id),
        # Another workshop's review, by this workshop's key or its facilitator.
        ("projector", False, key, elsewhere.id),
        ("facilitator", True, None, elsewhere.id),
        # Not a review's id at all.
        ("projector", False, key, 0),
        ("projector", False, key, -1),
        ("projector", False, key, 2**31),
        ("projector", False, key, True),
        ("projector", False, key, "1"),
        ("projector", False, key, [review.id]),
        ("projector", False, key, {"id": review.id}),
        ("projector", False, key, 1.5),
    ):
        stranger = watch(app, workshop, review_id, role, facilitator if signed_in else None, given_key)
        assert not stranger.is_connected(), (role, signed_in, given_key, review_id)
    assert watch(app, other, elsewhere.id, "projector", key=other.projector_key).is_connected()
    # A review's watcher may not act as a participant, nor send anything else.
    screen = watch(app, workshop, review.id, "projector", key=key)
    refused = screen.emit("operation", {"id": "op-0000-0001", "kind": "tag"}, callback=True)
    assert refused["ok"] is False and refused["error"] == "not_allowed"
    assert screen.emit("review_results", {"x": 1}, callback=True)["ok"] is False
    assert screen.emit("snapshot", callback=True)["snapshot"]["review_id"] == review.id


def test_the_big_screen_page_of_a_review_needs_the_projector_key(app, session, kent, facilitator):
    workshop, draft, review = kent
    other, _draft, elsewhere = kent_review(session, facilitator, title="Elsewhere")
    address = f"/projector/{workshop.code}/{workshop.projector_key}/reviews/{review.id}"
    page = app.test_client().get(address)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert draft.themes[0].statements[0].did_we_question in text
    assert "Nobody has answered yet" in text and "No answers yet" in text
    assert page.headers["X-Frame-Options"] == "SAMEORIGIN"
    stranger = app.test_client()
    assert stranger.get(f"/projector/{workshop.code}/wrong/reviews/{review.id}").status_code == 404
    key = workshop.projector_key
    assert stranger.get(f"/projector/{workshop.code}/{key}/reviews/{elsewhere.id}").status_code == 404
    assert stranger.get(f"/projector/{other.code}/{key}/reviews/{elsewhere.id}").status_code == 404
    assert stranger.get(f"/projector/NOCODE/{key}/reviews/{review.id}").status_code == 404
    # The facilitator's review page links to it.
    client = app.test_client()
    sign_in(client, facilitator)
    assert address in client.get(f"/workshops/{workshop.id}/reviews/{review.id}").get_data(as_text=True)


def test_deleting_the_workshop_tells_the_screens_of_its_reviews(app, session, kent, facilitator):
    workshop, _draft, review = kent
    console = watch(app, workshop, review.id, facilitator=facilitator)
    screen = watch(app, workshop, review.id, role="projector", key=workshop.projector_key)
    client = app.test_client()
    sign_in(client, facilitator)
    assert client.post(f"/workshops/{workshop.id}/delete", data={}).status_code == 302
    for watching in (console, screen):
        [deleted] = received(watching, "deleted")
        assert "deleted this workshop" in deleted["message"]
        # Its room closed and the connection ended: what it sends is refused.
        assert watching.emit("snapshot", callback=True)["ok"] is False


def test_a_reviews_big_screen_has_the_same_head_as_the_workshops(app, session, kent):
    workshop, _draft, review = kent
    address = f"/projector/{workshop.code}/{workshop.projector_key}"
    screens = [
        app.test_client().get(path).get_data(as_text=True) for path in (address, f"{address}/reviews/{review.id}")
    ]
    heads = [screen.split("</head>", 1)[0] for screen in screens]
    assert f"<title>{workshop.title}: big screen – Charter Workshop</title>" in heads[0]
    assert heads[0].replace(workshop.title, review.title) == heads[1]
    for screen in screens:
        assert '<body class="app-projector-body">' in screen
        assert '<p class="app-connection app-connection--projector" data-connection role="status"></p>' in screen
