"""Random and hostile input at every Socket.IO event, form and API route, on SQLite and PostgreSQL.

Whatever arrives, nothing raises or logs an error, every message that asks
for an acknowledgement gets one, every request is answered below 500, and
what is refused leaves the database as it was. The examples are drawn the
same way on every run (derandomize) and are few, wide ones, so the run is
repeatable and short: docs/architecture.md, "Checking what comes in".
"""

import logging
import re
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workshop.draft.drafting import place_statement, start_draft
from workshop.extensions import socketio
from workshop.live.control import ACTIONS
from workshop.live.operations import KINDS
from workshop.live.priorities import add_outcome_set
from workshop.live.workshops import create_workshop, open_board, set_stage
from workshop.models import DOCUMENT_PARTS, Base, Facilitator, utcnow
from workshop.reviews.reviewing import adopt_draft, open_review

FUZZ = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --- what is sent -----------------------------------------------------------------------

HOSTILE_TEXT = [
    "",
    "-1",
    "2147483648",
    "9223372036854775808",
    "9" * 5000,
    "\u0664\u0662",  # digits of another script
    "\x00\u202eesrever\u200b",
    "<script>alert(1)</script>",
    "'; DROP TABLE tag; --",
    "//elsewhere.example",
    "x" * 20_000,
]
# A control character where a new workshop's charter is named: PostgreSQL cannot even look for it.
CONTROL_CHARACTERS = ["stock\x00port", "\x00", "stockport\x1b", "stock\x7fport"]
HOSTILE_NUMBERS = [0, -1, 1, 2**31 - 1, 2**31, 2**53, 2**63, 2**64, -(2**63) - 1, 10**40]
# Form fields cannot carry lone surrogates (they are not UTF-8), so no text has them.
text = st.sampled_from(HOSTILE_TEXT) | st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from(HOSTILE_NUMBERS)
    | st.floats(allow_nan=False, allow_infinity=False)
    | text
)
json_values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4), max_leaves=12
)
# Nested past what JSON can be read at: the message as a whole must still be answered.
deep = st.integers(1, 3).map(lambda n: "[" * (10_000 * n) + "]" * (10_000 * n))


def shaped(fields, plausible: dict, anything=json_values):
    """An object with some of `fields`, each a plausible value (a real id, a real choice) or anything at all."""
    return st.fixed_dictionaries(
        {}, optional={name: st.sampled_from(plausible.get(name, [None])) | anything for name in fields}
    )


def as_form(plausible: dict) -> dict:
    """The plausible values as a form sends them: text."""
    return {
        name: ["yes" if value is True else "no" if value is False else str(value) for value in values]
        for name, values in plausible.items()
    }


# --- the room everything is sent at ------------------------------------------------------


@pytest.fixture
def room(app, session, seeded):
    owner = Facilitator(email="owner@example.org", password_hash="unused")
    session.add(owner)
    session.flush()
    workshop = create_workshop(session, owner, title="Fuzzed", charter_slugs=["warwickshire", "stockport"])
    draft = start_draft(session, workshop, "kent")
    set_stage(workshop, "review")
    open_board(workshop, None)
    session.commit()
    console = app.test_client()
    with console.session_transaction() as flask_session:
        flask_session["_user_id"] = str(owner.id)
        flask_session["_fresh"] = True
    browser = app.test_client()
    assert browser.post(f"/join/{workshop.code}", data={}).status_code == 302
    code = workshop.code
    phone = socketio.test_client(app, flask_test_client=browser, auth={"workshop": code, "role": "participant"})
    board = workshop.boards[0]
    statement_ids = [statement.id for statement in board.charter.current_statements[:3]]
    card = phone.emit("operation", {"id": "fuzz-card-0001", "kind": "add_card", "text": "Card"}, callback=True)
    on_the_board = {"board_id": board.id, "statement_id": statement_ids[0]}
    comment = phone.emit(
        "operation", {"id": "fuzz-comment-01", "kind": "comment", "text": "x", **on_the_board}, callback=True
    )
    assert card["ok"] and comment["ok"]
    add_outcome_set(session, workshop, "kent")
    set_stage(workshop, "priorities")
    session.commit()
    outcome_id = workshop.outcomes[0].id
    on_the_priorities = {"outcome_id": outcome_id, "column": "help", "text": "Forums"}
    priority = phone.emit(
        "operation", {"id": "fuzz-priority-1", "kind": "add_priority_card", **on_the_priorities}, callback=True
    )
    assert priority["ok"]
    set_stage(workshop, "review")
    session.commit()
    placed = place_statement(session, draft, draft.themes[0].id, source_statement_id=statement_ids[0])
    adopt_draft(draft, utcnow())
    review = open_review(session, draft, title="Fuzzed review", closes_at=None, now=utcnow())
    session.commit()
    projector = {"workshop": code, "role": "projector", "key": workshop.projector_key}
    screens = {
        "phone": phone,
        "projector": socketio.test_client(app, auth=projector),
        "console": socketio.test_client(app, flask_test_client=console, auth={"workshop": code, "role": "facilitator"}),
        # The big screen of a review: it watches the review's results, and may send nothing that changes anything.
        "review": socketio.test_client(app, auth=projector | {"review": review.id}),
    }
    assert all(screen.is_connected() for screen in screens.values())
    plausible = {
        "id": ["fuzz-operation-1", "fuzz-card-0001", "short"],
        "kind": [*KINDS, "kent", "voting", "cards", "priority_card"],
        "board_id": [board.id],
        "statement_id": statement_ids,
        "card_id": [card["result"]["card_id"], priority["result"]["card_id"]],
        "comment_id": [comment["result"]["comment_id"]],
        "note_id": [1],
        "value": ["borrow", "adapt", "ignore", "skip"],
        "column": ["borrow", "missing", "barrier", "help"],
        "outcome_id": [outcome_id],
        "text": ["A fair point"],
        # True or false in an operation; "yes" or "no" from a form (a support, a vote, a supporter joining).
        "supported": [True, False, "yes", "no"],
        # Totals from paper: one statement and group's, or a sheet's entries.
        "group": ["young_person", None],
        "borrow": [0, 2],
        "adapt": [1, 500],
        "ignore": [0],
        "entries": [[{"statement_id": statement_ids[0], "group": None, "borrow": 1, "adapt": 0, "ignore": 0}]],
        "action": list(ACTIONS),
        "stage": ["lobby", "review", "priorities", "closed"],
        "item_id": [card["result"]["card_id"], priority["result"]["card_id"], outcome_id],
        "votes": [1, 3],
        "what": ["Share the training"],
        "link": ["", f"priority:{priority['result']['card_id']}"],
        "participant_id": [2],
        "min_group_size": [2, 5],
        "direction": ["up", "down"],
        "return_to": ["#boards"],
        "theme_set": ["kent"],
        "charters": [["stockport"], ["stockport", CONTROL_CHARACTERS[0]]],
        "workshop": [code],
        "role": ["participant", "projector", "facilitator"],
        "key": [workshop.projector_key],
        "review": [review.id],
        "theme_id": [draft.themes[0].id],
        "position": [0, 1],
        "parked": [True, False],
        "closes_on": ["2099-01-31", "2020-01-01"],
        "hidden": [True, False],
        f"answer-{placed.id}": ["yes", "dont_know"],
        f"example-{placed.id}": ["Minutes were shared"],
    }
    return {
        # Plain values: a fuzzed request may delete the workshop itself.
        "workshop": SimpleNamespace(id=workshop.id, code=code, projector_key=workshop.projector_key),
        "draft_statement_id": placed.id,
        "review": SimpleNamespace(id=review.id, key=review.key),
        "answer_fields": (f"answer-{placed.id}", f"example-{placed.id}"),
        "console": console,
        "browser": browser,
        "screens": screens,
        "plausible": plausible,
    }


def database_rows(session) -> dict:
    """Every row of every table: what a refusal must leave as it was."""
    session.expire_all()
    return {
        table.name: session.execute(sa.select(table).order_by(*table.primary_key.columns)).all()
        for table in Base.metadata.sorted_tables
    }


@pytest.fixture
def errors_logged(caplog):
    """The errors logged since the last call: none may be."""

    def errors():
        found = [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR]
        caplog.clear()
        return found

    return errors


# --- Socket.IO ---------------------------------------------------------------------------


OPERATION_FIELDS = ("id", "kind", "board_id", "statement_id", "card_id", "comment_id", "note_id")
OPERATION_FIELDS += ("outcome_id", "value", "column", "text", "supported")


@FUZZ
@given(st.data())
def test_every_event_is_answered_and_a_refusal_changes_nothing(session, room, errors_logged, data):
    operation = shaped(OPERATION_FIELDS, room["plausible"])
    messages = st.tuples(
        st.sampled_from(["phone", "phone", "phone", "projector", "console", "review"]),
        st.sampled_from(["operation", "operation", "snapshot"]) | text,
        st.lists(operation | json_values, max_size=2),
    )
    for screen_name, event, arguments in data.draw(st.lists(messages, min_size=1, max_size=4)):
        before = database_rows(session)
        ack = room["screens"][screen_name].emit(event, *arguments, callback=True)
        assert isinstance(ack, dict) and isinstance(ack.get("ok"), bool), (event, arguments, ack)
        if not ack["ok"]:
            assert database_rows(session) == before, (event, arguments, ack)
        assert errors_logged() == []


@FUZZ
@given(st.data())
def test_a_message_off_the_wire_is_answered_however_it_is_broken(session, room, errors_logged, data):
    phone = room["screens"]["phone"]
    # After the type (2, an event) and the acknowledgement id: anything but more digits (a longer
    # id), a namespace ("/...", one it has not joined) or an attachment count ("-").
    body = (text.filter(lambda sent: not re.match(r"[\d/-]", sent)) | deep | json_values.map(repr)).map(
        lambda sent: sent.lstrip("0123456789/-")
    )
    before = database_rows(session)
    for sent in data.draw(st.lists(body, min_size=1, max_size=3)):
        phone.acks = None
        socketio.server._handle_eio_message(phone.eio_sid, "27" + sent)
        assert phone.acks is not None and phone.acks["args"][0]["ok"] is False, sent[:200]
    assert database_rows(session) == before
    assert errors_logged() == []


@FUZZ
@given(st.data())
def test_any_connection_is_let_in_or_refused_without_an_error(app, session, room, errors_logged, data):
    auth = data.draw(shaped(("workshop", "role", "key", "review"), room["plausible"]) | json_values)
    with_cookies = data.draw(st.sampled_from([None, room["browser"], room["console"]]))
    before = database_rows(session)
    client = socketio.test_client(app, flask_test_client=with_cookies, auth=auth)
    if client.is_connected():
        client.disconnect()
    assert database_rows(session) == before
    assert errors_logged() == []


# --- pages and the API ------------------------------------------------------------------

# Every route that changes anything, and who sends it (test_every_changing_route_is_fuzzed keeps it whole).
CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
SENT_BY = {
    "auth.sign_in": "browser",
    "auth.setup": "browser",
    "live.join_by_code": "browser",
    "live.join": "browser",
    "live.participant_action": "browser",
    "live.new_workshop": "console",
    "live.control": "console",
    "draft.start": "console",
    "draft.change_draft": "console",
    "charters.import_upload": "console",
    "charters.import_preview": "console",
    "charters.easy_read": "console",
    "api.create": "console",
    "api.control": "console",
    "api.import_": "console",
    "api.start": "console",
    "api.change_details": "console",
    "api.new_theme": "console",
    "api.change_theme": "console",
    "api.delete_theme": "console",
    "api.place": "console",
    "api.change_statement": "console",
    "api.discard": "console",
    "api.from_results": "console",
    "api.undo": "console",
    "api.import_charter": "console",
    "api.save_charter": "console",
    "api.delete": "console",
    "api.enter_paper_tags": "console",
    "live.delete": "console",
    "live.enter_paper_tags": "console",
    "auth.revoke_token": "console",
    "reviews.adopt": "console",
    "reviews.new_review": "console",
    "reviews.close": "console",
    "reviews.hide_example": "console",
    "reviews.delete": "console",
    "reviews.answer": "browser",
    "reviews.take_back": "browser",
}
# The fields of every form and body the app reads, and a few it does not.
FORM_FIELDS = [
    *("operation_id", "kind", "board_id", "statement_id", "card_id", "comment_id", "note_id", "value", "column"),
    *("text", "supported", "return_to", "action", "stage", "item_id", "participant_id", "email", "min_group_size"),
    *("theme_set", "own_themes", "title", "area", "held_on", "charters", "ask_groups", "results_hidden", "theme_id"),
    *("rewording_id", "position", "direction", "question", "commitment", "definitions", "signatories"),
    *("display_name", "group", "code", "password", "confirm_password", "next", "source_name", "introduction"),
    *("also_statement_ids", "wording", "majority", "auto", "outcome_id", "votes"),
    *("what", "who", "due", "link", "closes_on", "hidden", "borrow", "adapt", "ignore"),
]
BODY_FIELDS = [
    *("title", "area", "date", "charters", "ask_groups", "results_hidden", "min_group_size", "action", "stage"),
    *("board_id", "kind", "item_id", "participant_id", "email", "format", "version", "workshop", "theme_set"),
    *("own_themes", "commitment", "definitions", "signatories", "theme_id", "statement_id", "card_id"),
    *("rewording_id", "text", "question", "parked", "direction", "position"),
    *("also_statement_ids", "majority", "auto", "themes", "introduction", "source_name", "votes"),
    *("what", "who", "due", "link", "supported", "group", "borrow", "adapt", "ignore", "entries"),
]


def path_values(room) -> dict:
    """For each part of a route's address, the real one more often than not, or anything else."""
    workshop = room["workshop"]
    real = {
        "workshop_id": workshop.id,
        "code": workshop.code,
        "key": workshop.projector_key,
        "slug": "warwickshire",
        "filename": "favicon.svg",
        "theme_id": room["plausible"]["theme_id"][0],
        "statement_id": room["draft_statement_id"],
        "token_id": 1,
        "review_id": room["review"].id,
        "review_key": room["review"].key,
        "file_type": "pdf",
    }
    ids = st.sampled_from([0, 2**31, 2**63, 10**30])
    anything = {"workshop_id": ids, "theme_id": ids, "statement_id": ids, "token_id": ids, "review_id": ids}
    values = {name: st.just(value) | st.just(value) | anything.get(name, text) for name, value in real.items()}
    changes = ["place", "edit", "question", "move", "remove", "add_theme", "details", "from_results", "rule", "undo"]
    values["change"] = st.sampled_from(changes) | text
    # The address names only these (any other is no address of the app's: the unknown-address test's part).
    values["file_type"] = st.sampled_from(["pdf", "docx"])
    return values


def addresses(app, room, rule):
    """The route's address with each of its parts drawn."""
    parts = path_values(room)
    urls = app.url_map.bind("localhost")
    values = st.fixed_dictionaries({name: parts[name] for name in sorted(rule.arguments)})
    return values.map(lambda drawn: urls.build(rule.endpoint, drawn))


def flashed_error(client) -> bool:
    """Whether the page asked the next page to show an error, which is how a form refuses."""
    with client.session_transaction() as flask_session:
        flashes = flask_session.pop("_flashes", [])
    return any(category == "error" for category, _message in flashes)


def test_every_changing_route_is_fuzzed(app):
    changing = {rule.endpoint for rule in app.url_map.iter_rules() if rule.methods & CHANGING}
    assert changing == set(SENT_BY) | {"auth.sign_out"}


@pytest.mark.parametrize("endpoint", sorted(SENT_BY))
@settings(FUZZ, max_examples=15)
@given(data=st.data())
def test_every_form_and_api_body_is_answered_below_500_and_a_refusal_changes_nothing(
    app, session, room, errors_logged, endpoint, data
):
    (rule,) = [rule for rule in app.url_map.iter_rules() if rule.endpoint == endpoint]
    client = room[SENT_BY[endpoint]]
    (method,) = rule.methods & CHANGING
    if rule.rule.startswith("/api/"):
        sent = shaped(BODY_FIELDS, room["plausible"]) | json_values
    else:
        fields = [*FORM_FIELDS, *room["answer_fields"]]
        sent = shaped(fields, as_form(room["plausible"]), text | st.lists(text, max_size=3))
    # A page's form is sent plainly or, as its script sends it, asking for JSON.
    accept = st.sampled_from(["text/html", "application/json"])
    # Everything is drawn first: what the app answers must not change what is drawn next.
    drawn = data.draw(st.lists(st.tuples(addresses(app, room, rule), sent, accept), min_size=1, max_size=3))
    for path, what, asked_for in drawn:
        before = database_rows(session)
        if path.startswith("/api/"):
            response = client.open(path, method=method, json=what)
        else:
            response = client.open(path, method=method, data=what, headers={"Accept": asked_for})
        assert response.status_code < 500, (path, response.status_code)
        if response.status_code >= 400 or flashed_error(client):
            assert database_rows(session) == before, (path, response.status_code)
        assert errors_logged() == []


@pytest.mark.parametrize("name", CONTROL_CHARACTERS)
def test_a_charter_named_with_a_control_character_is_the_forms_refusal(session, room, errors_logged, name):
    before = database_rows(session)
    sent = {"title": "Ours", "charters": ["stockport", name]}
    page = room["console"].post("/workshops/new", data=sent)
    assert page.status_code == 400
    assert "That is not a charter in the library" in page.get_data(as_text=True)
    answer = room["console"].post("/api/workshops", json=sent)
    assert answer.status_code == 400
    assert answer.get_json()["error"] == "unknown_charter"
    assert database_rows(session) == before
    assert errors_logged() == []


@pytest.mark.parametrize("slug", ["%00", "stock%00port", "%E2%80%AEesrever%E2%80%8B", "Stockport", "-", "x" * 81])
def test_an_address_that_is_no_charters_slug_or_reviews_key_names_nothing(room, errors_logged, slug):
    paper_sheet = f"/api/workshops/{room['workshop'].id}/paper-sheets/{slug}.pdf"
    for path in (
        f"/api/charters/{slug}",
        f"/charters/{slug}",
        f"/charters/{slug}/easy-read",
        f"/review/{slug}",
        paper_sheet,
    ):
        assert room["console"].get(path).status_code == 404, path
    assert errors_logged() == []


@FUZZ
@given(st.data())
def test_every_page_is_answered_below_500_whatever_its_address(app, room, errors_logged, data):
    pages = sorted((rule for rule in app.url_map.iter_rules() if "GET" in rule.methods), key=lambda rule: rule.rule)
    query = st.dictionaries(
        st.sampled_from(["figures", "per_person", "next", "v", "easy_read"]) | text, text, max_size=3
    )
    visits = st.tuples(st.sampled_from(pages).flatmap(lambda rule: addresses(app, room, rule)), query, st.booleans())
    for path, arguments, as_facilitator in data.draw(st.lists(visits, min_size=1, max_size=3)):
        client = room["console"] if as_facilitator else room["browser"]
        response = client.get(path, query_string=arguments)
        assert response.status_code < 500, (path, arguments, response.status_code)
        assert errors_logged() == []


@settings(FUZZ, max_examples=12)
@given(st.data())
def test_the_word_drafts_parts_are_checked_whatever_is_asked_for(room, errors_logged, data):
    """`include` on the Word draft, repeated or with commas: a document when every name is a part, else 400."""
    name = st.sampled_from([*DOCUMENT_PARTS, "", " picture "]) | text
    include = data.draw(st.lists(st.lists(name, max_size=4).map(",".join), max_size=3))
    path = f"/api/workshops/{room['workshop'].id}/draft.docx"
    response = room["console"].get(path, query_string=[("include", value) for value in include])
    asked = {part.strip() for value in include for part in value.split(",")} - {""}
    if asked <= set(DOCUMENT_PARTS):
        assert response.status_code == 200, (include, response.get_json())
        assert response.data.startswith(b"PK")
    else:
        assert response.status_code == 400, include
        assert response.get_json()["error"] == "invalid_include"
    assert errors_logged() == []
