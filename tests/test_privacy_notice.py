"""The privacy notice: every statement it makes is true, and each is checked here by doing what it says.

Each statement of the notice is marked data-claim="<name>" in templates/site/privacy.html, and
checked by the test named test_<name> here. The first test fails when a statement has no test,
so the notice cannot promise something new without it being checked.
"""

import csv
import hashlib
import html
import io
import json
import re
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from docx import Document
from servers import REPO, ServedApp
from sqlalchemy import func, select, update
from test_small_groups import text_of

from workshop.auth.accounts import create_facilitator
from workshop.draft.drafting import place_statement, start_draft
from workshop.live.participants import token_hash
from workshop.live.snapshots import facilitator_snapshot, projector_snapshot
from workshop.live.workshops import create_workshop, set_results_revealed, set_stage, share_workshop
from workshop.models import (
    ApiToken,
    Base,
    Comment,
    Draft,
    Facilitator,
    Participant,
    Review,
    ReviewAnswer,
    ReviewResponse,
    Tag,
    Workshop,
    utcnow,
)
from workshop.reviews.reviewing import adopt_draft, open_review

CLAIM = re.compile(r'<li data-claim="([a-z-]+)">(.*?)</li>', re.S)
NAME = "Zoe Zebra"


def claims(client) -> dict[str, str]:
    """Each statement of the notice, by its name, as text."""
    page = client.get("/privacy")
    assert page.status_code == 200
    return {name: html.unescape(re.sub(r"\s+", " ", text)) for name, text in CLAIM.findall(page.get_data(as_text=True))}


def test_every_claim_of_the_notice_has_its_test(client):
    named = set(claims(client))
    tests = {name.removeprefix("test_").replace("_", "-") for name in globals() if name.startswith("test_")}
    assert len(named) >= 15
    assert named == tests - {"every-claim-of-the-notice-has-its-test"}


# --- A workshop, its people and its facilitators ------------------------------------------------


@pytest.fixture
def workshop(session, seeded, facilitator):
    workshop = create_workshop(session, facilitator, title="Ours", area="Kent", charter_slugs=["stockport"])
    session.commit()
    return workshop


def signed_in(app, facilitator_id: int):
    client = app.test_client()
    with client.session_transaction() as flask_session:
        flask_session["_user_id"] = str(facilitator_id)
    return client


def join(app, workshop, **form):
    """A phone that joined through the page: its browser, and the Set-Cookie header it was given."""
    phone = app.test_client()
    joined = phone.post(f"/join/{workshop.code}", data=form)
    assert joined.status_code == 302
    return phone, joined.headers["Set-Cookie"]


def move(session, workshop, stage: str, revealed: bool = False) -> Workshop:
    workshop = session.get(Workshop, workshop.id)
    set_stage(workshop, stage)
    set_results_revealed(workshop, revealed)
    session.commit()
    return workshop


def tag_first(phone, session, workshop, value="adapt", operation_id="notice-tag-0001"):
    """The plain form's tag on the first statement, as a phone without scripts sends it."""
    board = session.get(Workshop, workshop.id).boards[0]
    form = {
        "operation_id": operation_id,
        "kind": "tag",
        "board_id": board.id,
        "statement_id": board.charter.current_statements[0].id,
        "value": value,
    }
    assert phone.post(f"/w/{workshop.code}", data=form).status_code == 302


# --- If you take part in a workshop -------------------------------------------------------------


def test_no_account(app, client, session, workshop):
    assert "in a cookie for 7 days" in claims(client)["no-account"]
    _phone, cookie = join(app, workshop)
    token = re.match(rf"cw_participant_{workshop.id}=([^;]+);", cookie).group(1)
    assert "Max-Age=604800" in cookie and "HttpOnly" in cookie
    person = session.scalar(select(Participant))
    assert person.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in [str(value) for value in vars(person).values()]


def test_name_and_group_optional(app, client, session, workshop):
    assert "both optional" in claims(client)["name-and-group-optional"]
    phone, _cookie = join(app, workshop)
    move(session, workshop, "review")
    tag_first(phone, session, workshop)
    person = session.scalar(select(Participant))
    assert (person.display_name, person.group_name) == (None, None)
    assert session.scalar(select(func.count(Tag.id)).where(Tag.participant_id == person.id)) == 1


def test_what_is_stored(client):
    said = claims(client)["what-is-stored"]
    for stored in ("a number for you", "when you joined", "the name and group you gave", "your choice on each"):
        assert stored in said
    assert "whether someone helped you take part" in said
    assert "the cards you vote for" in said
    participant = Base.metadata.tables["participant"]
    # The person: a number, when they joined, a name and group if given, their phone's token (no-account).
    assert set(participant.columns.keys()) == {
        "id",
        "workshop_id",
        "number",
        "joined_at",
        "display_name",
        "group_name",
        "token_hash",
        "removed",
        "supported",
    }
    # What they do: choices, suggested wordings, comments, notes, cards, support, the priorities board's
    # cards, support and votes, and the record of each of those their phone sent.
    referring = {
        table.name
        for table in Base.metadata.sorted_tables
        if any(key.column.table is participant for key in table.foreign_keys)
    }
    assert referring == {
        "tag",
        "rewording",
        "comment",
        "board_note",
        "missing_card",
        "card_support",
        "priority_card",
        "priority_support",
        "priority_vote",
        "applied_operation",
    }


def test_group_never_shown(app, client, session, workshop):
    assert "fewer than 3 people" in claims(client)["group-never-shown"]
    move(session, workshop, "review", revealed=True)
    phones = [join(app, workshop, group=group)[0] for group in ("young_person", "parent_carer", "parent_carer")]
    for number, phone in enumerate(phones):
        tag_first(phone, session, workshop, operation_id=f"notice-group-{number:04d}")
    current = session.get(Workshop, workshop.id)
    # Never next to a person, even for the facilitator.
    assert all(
        "group" not in person and "group_name" not in person
        for person in facilitator_snapshot(session, current)["participants"]
    )
    console = signed_in(app, workshop.owner_id)
    assert "Young person" not in text_of(console.get(f"/workshops/{workshop.id}").get_data(as_text=True))
    # Too small to show on the big screen, on phones, in the API and downloads.
    first = next(iter(projector_snapshot(session, current)["counts"][current.boards[0].id].values()))
    assert first["by_group"] == {} and first["groups_withheld"] is True and "real_by_group" not in first
    results = console.get(f"/api/workshops/{workshop.id}/results").get_json()
    assert results["boards"][0]["statements"][0]["groups_withheld"] is True
    assert "Young person" not in console.get(f"/api/workshops/{workshop.id}/results.csv").data.decode("utf-8-sig")
    # Only the facilitator, on their own screen, when they choose.
    assert "Young person: 0 borrow, 1 adapt" in console.get(f"/workshops/{workshop.id}?figures=real").get_data(
        as_text=True
    )


def test_name_only_to_facilitators(app, client, session, workshop):
    assert "only the workshop's facilitators see it" in claims(client)["name-only-to-facilitators"]
    phone, _cookie = join(app, workshop, display_name=NAME)
    other_phone, _cookie = join(app, workshop)
    current = move(session, workshop, "review", revealed=True)
    tag_first(phone, session, workshop)
    start_draft(session, current, "kent")
    session.commit()
    console = signed_in(app, workshop.owner_id)
    assert NAME in console.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    api = f"/api/workshops/{workshop.id}"
    shown_to_others = [
        client.get(f"/projector/{workshop.code}/{workshop.projector_key}").get_data(as_text=True),
        other_phone.get(f"/w/{workshop.code}").get_data(as_text=True),
    ]
    downloads = [
        console.get(f"{api}/results.csv").data.decode("utf-8-sig"),
        console.get(f"{api}/tags.csv?per_person=yes").data.decode("utf-8-sig"),
        console.get(f"{api}/export.json").get_data(as_text=True),
        json.dumps(console.get(f"{api}/results").get_json()),
        json.dumps(console.get(f"{api}/cards").get_json()),
    ]
    document = Document(io.BytesIO(console.get(f"{api}/draft.docx").data))
    downloads.append("\n".join(paragraph.text for paragraph in document.paragraphs))
    downloads.append(document.core_properties.author or "")
    for text in shown_to_others + downloads:
        assert NAME not in text
    # Downloads use the number instead.
    rows = list(csv.DictReader(io.StringIO(downloads[1])))
    assert [row["participant"] for row in rows] == ["1"]


def test_your_number(app, client, session, workshop):
    assert "Your phone shows your number" in claims(client)["your-number"]
    phone, _cookie = join(app, workshop)
    assert "Your number is <strong>1</strong>" in phone.get(f"/w/{workshop.code}").get_data(as_text=True)
    move(session, workshop, "review")
    tag_first(phone, session, workshop)
    assert "You are participant 1." in phone.get(f"/w/{workshop.code}").get_data(as_text=True)
    exported = signed_in(app, workshop.owner_id).get(f"/api/workshops/{workshop.id}/export.json").get_json()
    (person,) = exported["participants"]
    assert person["number"] == 1
    assert [tag["value"] for tag in exported["tags"] if tag["participant"] == person["id"]] == ["adapt"]


@pytest.fixture
def review(session, seeded, facilitator):
    """An adopted charter of one statement, and an open review of it: (review, the statement's id)."""
    workshop = create_workshop(session, facilitator, title="Reviewed", charter_slugs=["stockport"])
    draft = start_draft(session, workshop, "kent")
    placed = place_statement(session, draft, draft.themes[0].id, text="We will listen")
    adopt_draft(draft, utcnow())
    review = open_review(session, draft, title="A year on", closes_at=None, now=utcnow())
    session.commit()
    return review, placed.id


def test_review_answers(app, client, session, review):
    said = claims(client)["review-answers"]
    assert "never your name" in said and "we store only a hash of it" in said
    # What a review's answer holds: the answer, the example, the group, the hash of the phone's code, times.
    assert set(Base.metadata.tables["review_response"].columns.keys()) == {
        "id",
        "review_id",
        "token_hash",
        "group_name",
        "created_at",
        "updated_at",
    }
    assert set(Base.metadata.tables["review_answer"].columns.keys()) == {
        "id",
        "response_id",
        "draft_statement_id",
        "value",
        "example",
        "hidden",
    }
    review, statement_id = review
    phone = app.test_client()
    phone.post(f"/review/{review.key}", data={f"answer-{statement_id}": "yes", "group": "health"})
    cookie = phone.get_cookie(f"review-{review.id}")
    stored = session.scalar(select(ReviewResponse))
    assert cookie.http_only and stored.token_hash == token_hash(cookie.value) != cookie.value


def test_review_answers_kept(app, client, session, review):
    said = claims(client)["review-answers-kept"]
    assert "delete your answers from the phone you gave them on" in said
    assert "30 days after the review closes" in said and "deletes every answer to it" in said
    review, statement_id = review
    phone = app.test_client()
    answer = {f"answer-{statement_id}": "partly", f"example-{statement_id}": "Mine to take back"}
    phone.post(f"/review/{review.key}", data=answer)
    assert phone.post(f"/review/{review.key}/take-back").status_code == 302
    assert session.scalar(select(func.count(ReviewAnswer.id))) == 0
    assert phone.get_cookie(f"review-{review.id}") is None
    # Answered again, then closed long ago: the phone's code is erased, the answer stays.
    phone.post(f"/review/{review.key}", data=answer)
    session.execute(update(Review).values(closed_at=utcnow() - timedelta(days=31)))
    session.commit()
    app.test_cli_runner().invoke(args=["retention", "run"])
    session.expire_all()
    stored = session.scalar(select(ReviewResponse))
    assert stored.token_hash == f"erased:{stored.id}" and len(stored.answers) == 1
    # Deleting the review deletes every answer.
    workshop = session.get(Workshop, session.get(Draft, review.draft_id).workshop_id)
    deleted = signed_in(app, workshop.owner_id).post(f"/workshops/{workshop.id}/reviews/{review.id}/delete")
    assert deleted.status_code == 302
    for model in (Review, ReviewResponse, ReviewAnswer):
        assert session.scalar(select(func.count(model.id))) == 0


def test_take_back_your_words(app, client, session, workshop):
    assert "You can take back your own comments, notes and cards" in claims(client)["take-back-your-words"]
    phone, _cookie = join(app, workshop)
    move(session, workshop, "review")
    board = session.get(Workshop, workshop.id).boards[0]
    statement = board.charter.current_statements[0].id
    said = {"kind": "comment", "board_id": board.id, "statement_id": statement, "text": "Take this back"}
    phone.post(f"/w/{workshop.code}", data={**said, "operation_id": "notice-comment-1"})
    comment = session.scalar(select(Comment))
    taken_back = {"kind": "remove_comment", "comment_id": comment.id, "operation_id": "notice-comment-2"}
    phone.post(f"/w/{workshop.code}", data=taken_back)
    assert session.scalar(select(func.count(Comment.id))) == 0
    # What the facilitator hides leaves every screen.
    phone.post(f"/w/{workshop.code}", data={**said, "text": "Unsuitable", "operation_id": "notice-comment-3"})
    hidden = session.scalar(select(Comment))
    control = {"action": "hide", "kind": "comment", "item_id": hidden.id}
    assert signed_in(app, workshop.owner_id).post(f"/workshops/{workshop.id}/control", data=control).status_code == 302
    assert "Unsuitable" not in phone.get(f"/w/{workshop.code}").get_data(as_text=True)


# --- If you run a workshop ----------------------------------------------------------------------


def test_facilitator_account(client, session):
    assert "a hash of your password (made with Argon2)" in claims(client)["facilitator-account"]
    created = create_facilitator(session, "new@example.org", "a long enough password")
    session.commit()
    assert created.password_hash.startswith("$argon2")
    assert "a long enough password" not in [str(value) for value in vars(created).values()]


def test_sign_in_cookie(app, client, session):
    assert "until you sign out or close your browser" in claims(client)["sign-in-cookie"]
    create_facilitator(session, "new@example.org", "a long enough password")
    session.commit()
    signed = client.post("/sign-in", data={"email": "new@example.org", "password": "a long enough password"})
    assert signed.status_code == 302
    cookie = signed.headers["Set-Cookie"]
    assert cookie.startswith("session=") and "Expires" not in cookie and "Max-Age" not in cookie
    assert len(signed.headers.getlist("Set-Cookie")) == 1
    assert client.get("/workshops").status_code == 200
    client.post("/sign-out")
    assert client.get("/workshops").status_code == 302


def test_api_tokens(app, client, session, facilitator):
    assert "It works for 90 days" in claims(client)["api-tokens"]
    made = app.test_cli_runner().invoke(args=["facilitator", "token", facilitator.email])
    token = made.stdout.strip()
    stored = session.scalar(select(ApiToken))
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    lasts = stored.expires_at.replace(tzinfo=None) - stored.created_at.replace(tzinfo=None)
    assert timedelta(days=90) - lasts < timedelta(minutes=1)
    page = signed_in(app, facilitator.id)
    assert f'data-token="{stored.id}"' in page.get("/account").get_data(as_text=True)
    page.post(f"/account/tokens/{stored.id}/revoke")
    assert client.get("/api/workshops/1/results", headers={"Authorization": f"Bearer {token}"}).status_code == 401


# --- Who can see it -----------------------------------------------------------------------------


def test_only_its_facilitators(app, client, session, workshop):
    assert "Other facilitators cannot" in claims(client)["only-its-facilitators"]
    helper, other = (Facilitator(email=f"{who}@example.org", password_hash="unused") for who in ("helper", "other"))
    session.add_all([helper, other])
    share_workshop(session, session.get(Workshop, workshop.id), helper.email)
    session.commit()
    for path in (f"/workshops/{workshop.id}", f"/api/workshops/{workshop.id}/results"):
        assert signed_in(app, workshop.owner_id).get(path).status_code == 200
        assert signed_in(app, helper.id).get(path).status_code == 200
        assert signed_in(app, other.id).get(path).status_code == 404


def test_results_when_revealed(app, client, session, workshop):
    assert "only when the facilitator reveals the results" in claims(client)["results-when-revealed"]
    phone, _cookie = join(app, workshop)
    hidden = move(session, workshop, "review")
    tag_first(phone, session, workshop)
    board_id = hidden.boards[0].id
    before = projector_snapshot(session, hidden)
    assert before["counts"] == {} and sum(before["tagged"][board_id].values()) == 1
    assert "data-results" not in phone.get(f"/w/{workshop.code}").get_data(as_text=True)
    after = projector_snapshot(session, move(session, workshop, "review", revealed=True))
    assert next(iter(after["counts"][board_id].values()))["total"]["adapt"] == 1


def test_no_tracking(app, client, session, workshop, facilitator):
    assert "no tracking or advertising cookies" in claims(client)["no-tracking"]
    policy = client.get("/").headers["Content-Security-Policy"]
    sources = re.findall(r"(?:^|; )[a-z-]+ ([^;]+)", policy)
    assert "default-src 'self'" in policy and not any("http" in source or "*" in source for source in sources)
    _phone, cookie = join(app, workshop)
    assert cookie.startswith(f"cw_participant_{workshop.id}=")
    create_facilitator(session, "new@example.org", "a long enough password")
    session.commit()
    signed = client.post("/sign-in", data={"email": "new@example.org", "password": "a long enough password"})
    assert [header.split("=")[0] for header in signed.headers.getlist("Set-Cookie")] == ["session"]
    # Where the service runs on several servers (deploy/nginx.conf), the one that keeps a browser on one.
    nginx = (REPO / "deploy" / "nginx.conf").read_text()
    assert set(re.findall(r'"(\w+)=\$', nginx)) == {"cw_route"}


def test_server_log(tmp_path):
    served = ServedApp(tmp_path, f"sqlite:///{tmp_path / 'workshop.sqlite3'}").start()
    try:
        for path in ("/", "/privacy", "/join", "/no-such-page"):
            urllib_get(served.url + path)
    finally:
        served.stop()
    log = served.log()
    assert "Serving Charter Workshop on" in log
    assert "/privacy" not in log and "/no-such-page" not in log and "GET" not in log
    # The server's own address, said once as it starts, and nobody else's.
    assert [
        line for line in log.splitlines() if "127.0.0.1" in line and "Serving" not in line and "/setup" not in line
    ] == []


def urllib_get(url: str) -> None:
    try:
        urllib.request.urlopen(url, timeout=10).close()
    except urllib.error.HTTPError as refused:
        refused.close()


# --- How long we keep it ------------------------------------------------------------------------


def closed_long_ago(app, session, workshop, days: int) -> Workshop:
    phone, _cookie = join(app, workshop, display_name=NAME)
    move(session, workshop, "review")
    tag_first(phone, session, workshop)
    closed = move(session, workshop, "closed")
    session.execute(
        update(Workshop).where(Workshop.id == workshop.id).values(closed_at=utcnow() - timedelta(days=days))
    )
    session.commit()
    return closed


def test_names_erased(app, client, session, workshop):
    assert "erased 30 days after the workshop closes" in claims(client)["names-erased"]
    app.config["RETENTION_NAMES_DAYS"] = 10
    assert "erased 10 days after the workshop closes" in claims(client)["names-erased"]
    closed_long_ago(app, session, workshop, days=11)
    app.test_cli_runner().invoke(args=["retention", "run"])
    session.expire_all()
    person = session.scalar(select(Participant))
    assert person.display_name is None and person.token_hash == f"erased:{person.id}"


def test_words_until_deleted(app, client, session, workshop):
    assert "under their number and with no name" in claims(client)["words-until-deleted"]
    closed_long_ago(app, session, workshop, days=400)
    app.test_cli_runner().invoke(args=["retention", "run"])
    exported = signed_in(app, workshop.owner_id).get(f"/api/workshops/{workshop.id}/export.json").get_json()
    assert [(person["number"], len(exported["tags"])) for person in exported["participants"]] == [(1, 1)]
    assert NAME not in json.dumps(exported)
    signed_in(app, workshop.owner_id).delete(f"/api/workshops/{workshop.id}")
    assert session.scalar(select(func.count(Tag.id))) == 0


def test_old_workshops_listed(app, client, session, workshop):
    assert "365 days after a workshop was made" in claims(client)["old-workshops-listed"]
    session.execute(update(Workshop).values(created_at=utcnow() - timedelta(days=366)))
    session.commit()
    page = signed_in(app, workshop.owner_id).get("/workshops").get_data(as_text=True)
    assert "Workshops to export and delete" in page and f"/workshops/{workshop.id}/delete" in page


def test_delete_workshop(app, client, session, workshop):
    assert "delete a workshop and everything in it at any time" in claims(client)["delete-workshop"]
    join(app, workshop, display_name=NAME)
    deleted = signed_in(app, workshop.owner_id).post(f"/workshops/{workshop.id}/delete")
    assert deleted.status_code == 302
    for model in (Workshop, Participant):
        assert session.scalar(select(func.count(model.id))) == 0


# --- Having it erased ---------------------------------------------------------------------------


def test_erase_on_request(app, client, session, workshop):
    assert "They can remove you and erase your words" in claims(client)["erase-on-request"]
    phone, _cookie = join(app, workshop, display_name=NAME)
    move(session, workshop, "review")
    tag_first(phone, session, workshop)
    board = session.get(Workshop, workshop.id).boards[0]
    said = {"kind": "comment", "board_id": board.id, "statement_id": board.charter.current_statements[0].id}
    phone.post(f"/w/{workshop.code}", data={**said, "text": "Mine", "operation_id": "notice-erase-1"})
    person = session.scalar(select(Participant))
    control = {"action": "erase_participant", "participant_id": person.id}
    assert signed_in(app, workshop.owner_id).post(f"/workshops/{workshop.id}/control", data=control).status_code == 302
    for model in (Participant, Tag, Comment):
        assert session.scalar(select(func.count(model.id))) == 0


# --- What the phone keeps --------------------------------------------------------------------------


# Ages what the phone keeps for the page at `address`, as if it last heard from the room `hours` ago.
AGE_THE_COPY = """async ([address, hours]) => {
  const page = location.origin + address;
  const cache = await caches.open("charter-workshop-pages");
  const then = Date.now() - hours * 3600 * 1000;
  const copy = await cache.match(page);
  const headers = new Headers(copy.headers);
  headers.set("Date", new Date(then).toUTCString());
  await cache.put(page, new Response(await copy.blob(), { status: 200, headers }));
  const snapshot = await (await cache.match(page + "/kept-snapshot.json")).json();
  await cache.put(page + "/kept-snapshot.json", new Response(JSON.stringify({ ...snapshot, heard: then })));
}"""
# What the phone shows, offline, for a workshop's page it keeps no copy of.
NO_COPY = "Your phone cannot reach the workshop"
# Everything the phone keeps for its pages, as text, by address.
KEPT_FOR_PAGES = """async () => {
  const cache = await caches.open("charter-workshop-pages");
  const kept = {};
  for (const request of await cache.keys()) {
    // Gone since it was listed (the page deleting what it keeps meanwhile): not kept.
    const response = await cache.match(request);
    if (response) {
      kept[new URL(request.url).pathname] = await response.text();
    }
  }
  return kept;
}"""


def kept_when(page, ready, timeout: float = 10) -> dict:
    """What the phone keeps, once `ready(kept)` (Cache Storage is asynchronous: asked again until then)."""
    deadline = time.monotonic() + timeout
    while not ready(kept := page.evaluate(KEPT_FOR_PAGES)):
        assert time.monotonic() < deadline, kept
        time.sleep(0.1)
    return kept


@pytest.mark.browser
def test_phone_keeps_a_copy(tmp_path):
    """In Chromium: what the phone keeps, without the name; not shown once too old; deleted with the workshop."""
    from playwright.sync_api import expect, sync_playwright
    from servers import launch_chromium

    from workshop import create_app
    from workshop.auth.accounts import issue_api_token
    from workshop.extensions import db

    database = f"sqlite:///{tmp_path / 'served.sqlite3'}"
    served = ServedApp(tmp_path, database).start()
    served_app = create_app(
        {"DATABASE_URL": database, "SECRET_KEY": "copy", "SEED_ON_START": False, "MIGRATE_ON_START": False}
    )
    with served_app.app_context():
        facilitator = create_facilitator(db.session, "copy@example.org", "a long enough password")
        token = issue_api_token(db.session, facilitator)
        db.session.commit()
        db.session.remove()

    def api(method: str, path: str, body: dict | None = None) -> dict:
        request = urllib.request.Request(
            served.url + path,
            data=None if body is None else json.dumps(body).encode(),
            method=method,
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response) if response.status != 204 else {}

    def in_chromium() -> None:
        workshop = api("POST", "/api/workshops", {"title": "Ours", "charters": ["stockport"]})
        api("POST", f"/api/workshops/{workshop['id']}/control", {"action": "stage", "stage": "review"})
        address = f"/w/{workshop['code']}"
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            context = browser.new_context(base_url=served.url)
            phone = context.new_page()
            phone.goto(f"/join/{workshop['code']}")
            phone.fill("#display_name", NAME)
            phone.get_by_role("button", name="Join the workshop").click()
            expect(phone.locator("#live-status")).to_have_text("All changes saved")
            phone.locator(".app-statement .app-tag[value=borrow]").first.click()
            expect(phone.locator("#live-status")).to_have_text("All changes saved")
            # The snapshot is written a second at most after what it holds: the tag's, once it has it.
            snapshot = f"{address}/kept-snapshot.json"
            kept = kept_when(phone, lambda kept: '"borrow"' in kept.get(snapshot, ""))
            assert set(kept) == {address, snapshot}
            assert NAME not in "".join(kept.values())

            # Last heard from the room longer ago than the notice says: not shown, and deleted.
            # The page is closed first: open, it writes what it hears from the room over the aged copy.
            phone.close()
            # Another page of the site, not looked after by the worker, to look into the phone's storage.
            elsewhere = context.new_page()
            elsewhere.goto("/join")
            elsewhere.evaluate(AGE_THE_COPY, [address, served_app.config["PHONE_COPY_HOURS"] + 0.1])
            context.set_offline(True)
            phone = context.new_page()
            phone.goto(address)
            expect(phone.get_by_role("heading", name=NO_COPY)).to_be_visible()
            assert elsewhere.evaluate(KEPT_FOR_PAGES) == {}

            # The workshop deleted: the phone hears it and deletes its copy.
            context.set_offline(False)
            phone.goto(address)
            kept_when(phone, lambda kept: len(kept) == 2)
            api("DELETE", f"/api/workshops/{workshop['id']}")
            kept_when(phone, lambda kept: kept == {})
            context.set_offline(True)
            phone.reload()
            expect(phone.get_by_role("heading", name=NO_COPY)).to_be_visible()
            browser.close()

    # Its own thread: the browser tests' Playwright may already hold this one's event loop.
    try:
        with ThreadPoolExecutor(1) as thread:
            thread.submit(in_chromium).result()
    finally:
        served.stop()
