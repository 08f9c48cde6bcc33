"""Who may do what: every route and every Socket.IO event, as each kind of visitor.

Every endpoint of the app must be listed in ACCESS, so a new route cannot
arrive without saying who may use it; the walk then tries each one as a
stranger, a participant, and a facilitator of another workshop, and checks
that nothing changed.
"""

import difflib
import re
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from workshop.charters.importing import store_imported
from workshop.charters.structure import ParsedCharter, ParsedTheme
from workshop.draft.drafting import place_statement, start_draft
from workshop.extensions import socketio
from workshop.live.workshops import create_workshop
from workshop.models import AppliedOperation, Charter, Facilitator, MissingCard, Tag, Workshop, utcnow
from workshop.reviews.reviewing import adopt_draft, open_review

PUBLIC = "anyone"
SIGNED_IN = "any facilitator"
FACILITATOR = "a facilitator of this workshop"
PARTICIPANT = "a participant of this workshop"
PROJECTOR = "the projector key, or a facilitator of this workshop"
IMPORTER = "the facilitator who imported this charter"

ACCESS = {
    "site.home": PUBLIC,
    "site.healthz": PUBLIC,
    "site.accessibility": PUBLIC,
    "site.privacy": PUBLIC,
    "static": PUBLIC,
    "charters.library": PUBLIC,
    "charters.charter": PUBLIC,
    "api.charters": PUBLIC,
    "api.charter": PUBLIC,
    "auth.sign_in": PUBLIC,
    "auth.setup": PUBLIC,
    "auth.sign_out": PUBLIC,
    "live.join_by_code": PUBLIC,
    "live.join": PUBLIC,
    "live.join_qr": PUBLIC,
    # The phone's offline copy: the service worker, and the page it shows when it has no copy.
    "live.service_worker": PUBLIC,
    "live.offline": PUBLIC,
    "charters.import_start": SIGNED_IN,
    "charters.import_upload": SIGNED_IN,
    "charters.import_preview": SIGNED_IN,
    # An imported charter's easy-read versions: the council's own words, changed by who brought them in.
    "charters.easy_read_form": IMPORTER,
    "charters.easy_read": IMPORTER,
    "live.workshops": SIGNED_IN,
    "auth.account": SIGNED_IN,
    "auth.revoke_token": SIGNED_IN,
    "live.new_workshop": SIGNED_IN,
    "api.create": SIGNED_IN,
    "api.import_": SIGNED_IN,
    "api.import_charter": SIGNED_IN,
    "api.save_charter": SIGNED_IN,
    "live.console": FACILITATOR,
    "live.console_parts": FACILITATOR,
    "live.control": FACILITATOR,
    "live.enter_paper_tags": FACILITATOR,
    "live.confirm_delete": FACILITATOR,
    "live.delete": FACILITATOR,
    "draft.page": FACILITATOR,
    "draft.start": FACILITATOR,
    "draft.change_draft": FACILITATOR,
    "api.control": FACILITATOR,
    "api.delete": FACILITATOR,
    "api.results": FACILITATOR,
    "api.paper_tags": FACILITATOR,
    "api.enter_paper_tags": FACILITATOR,
    "api.cards": FACILITATOR,
    "api.draft": FACILITATOR,
    "api.start": FACILITATOR,
    "api.change_details": FACILITATOR,
    "api.new_theme": FACILITATOR,
    "api.change_theme": FACILITATOR,
    "api.delete_theme": FACILITATOR,
    "api.place": FACILITATOR,
    "api.change_statement": FACILITATOR,
    "api.discard": FACILITATOR,
    "api.from_results": FACILITATOR,
    "api.draft_suggestions": FACILITATOR,
    "api.undo": FACILITATOR,
    "api.draft_docx": FACILITATOR,
    "api.tags": FACILITATOR,
    "api.results_download": FACILITATOR,
    "api.export": FACILITATOR,
    "api.priorities": FACILITATOR,
    "api.actions": FACILITATOR,
    "api.priorities_download": FACILITATOR,
    "api.actions_download": FACILITATOR,
    "api.reviews": FACILITATOR,
    "api.review_report_download": FACILITATOR,
    "api.paper_sheet_download": FACILITATOR,
    "reviews.reviews": FACILITATOR,
    "reviews.adopt": FACILITATOR,
    "reviews.new_review": FACILITATOR,
    "reviews.review": FACILITATOR,
    "reviews.close": FACILITATOR,
    "reviews.hide_example": FACILITATOR,
    "reviews.confirm_delete": FACILITATOR,
    "reviews.delete": FACILITATOR,
    # Anyone with a review's link may answer it, or take back what their phone answered: the link is what it is for.
    "reviews.answer": PUBLIC,
    "reviews.take_back": PUBLIC,
    "live.participant": PARTICIPANT,
    "live.participant_action": PARTICIPANT,
    "live.projector": PROJECTOR,
    "reviews.projector": PROJECTOR,
}

# What each kind of request sends: enough to pass validation if it were allowed.
FORMS = {
    "live.control": {"action": "stage", "stage": "closed"},
    "draft.start": {"theme_set": "kent"},
    "draft.change_draft": {"title": "Taken over"},
    "live.participant_action": {"operation_id": "walk-operation-1", "kind": "add_card", "text": "Sneaked in"},
}
JSON = {
    "api.control": {"action": "stage", "stage": "closed"},
    "api.create": {"title": "Walk", "charters": ["warwickshire"]},
    "api.import_": {},
    "api.start": {"theme_set": "kent"},
    "api.change_details": {"title": "Taken over"},
    "api.new_theme": {"title": "Taken over"},
    "api.change_theme": {"title": "Taken over"},
    "api.place": {"theme_id": 1, "text": "We will take over"},
    "api.change_statement": {"text": "We will take over"},
}


@pytest.fixture
def room(app, session, seeded):
    owner = Facilitator(email="owner@example.org", password_hash="unused")
    other = Facilitator(email="other@example.org", password_hash="unused")
    session.add_all([owner, other])
    session.flush()
    workshop = create_workshop(session, owner, title="Ours", charter_slugs=["warwickshire"])
    elsewhere = create_workshop(session, other, title="Theirs", charter_slugs=["stockport"])
    session.commit()
    participant = app.test_client()
    assert participant.post(f"/join/{workshop.code}", data={}).status_code == 302
    return {"workshop": workshop, "elsewhere": elsewhere, "owner": owner, "other": other, "participant": participant}


def signed_in(app, facilitator):
    client = app.test_client()
    with client.session_transaction() as flask_session:
        flask_session["_user_id"] = str(facilitator.id)
        flask_session["_fresh"] = True
    return client


def requests_for(app, workshop):
    """Every rule of the app, with its placeholders filled in for this workshop."""
    values = {
        "workshop_id": workshop.id,
        "code": workshop.code,
        "key": "not-the-projector-key",
        "slug": "warwickshire",
        "change": "rename",
        "filename": "favicon.svg",
        "theme_id": 1,
        "statement_id": 1,
        "token_id": 1,
        "review_id": 1,
        "review_key": "not-a-review-key",
        "file_type": "pdf",
    }
    adapter = app.url_map.bind("localhost")
    # Signing out last, so that the rest is tried signed in.
    for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.endpoint == "auth.sign_out"):
        path = adapter.build(rule.endpoint, {name: values[name] for name in rule.arguments})
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            # Joining with the code makes anyone a participant: that is what the code is for.
            if (rule.endpoint, method) != ("live.join", "POST"):
                yield rule.endpoint, method, path


def send(client, endpoint, method, path):
    if method in ("GET", "DELETE"):
        return client.open(path, method=method)
    if endpoint in JSON:
        return client.open(path, method=method, json=JSON[endpoint])
    return client.open(path, method=method, data=FORMS.get(endpoint, {}))


def refused(response, endpoint) -> bool:
    """Turned away: sent to sign in or to join, or told no, without doing anything."""
    if response.status_code in (401, 403, 404):
        return True
    location = response.headers.get("Location", "")
    return response.status_code == 302 and ("/sign-in" in location or "/join/" in location)


def test_every_endpoint_says_who_may_use_it(app):
    assert {rule.endpoint for rule in app.url_map.iter_rules()} == set(ACCESS)


@pytest.mark.parametrize("visitor", ["stranger", "participant", "other facilitator"])
def test_every_route_turns_away_who_may_not_use_it(app, session, room, visitor):
    workshop = room["workshop"]
    client = {
        "stranger": app.test_client(),
        "participant": room["participant"],
        "other facilitator": signed_in(app, room["other"]),
    }[visitor]
    may_use = {PUBLIC} | ({SIGNED_IN} if visitor == "other facilitator" else set())
    if visitor == "participant":
        may_use.add(PARTICIPANT)
    checked = 0
    for endpoint, method, path in requests_for(app, workshop):
        response = send(client, endpoint, method, path)
        if ACCESS[endpoint] in may_use:
            assert response.status_code not in (401, 403), (visitor, method, path)
        else:
            assert refused(response, endpoint), (visitor, method, path, response.status_code)
            checked += 1
    assert checked >= 10

    # Nothing about the workshop changed.
    session.expire_all()
    unchanged = session.get(Workshop, workshop.id)
    assert unchanged.stage == "lobby"
    assert unchanged.draft is None
    # The walk's plain-form card is refused to everyone: to outsiders by who they are,
    # to the participant because cards wait for the review stage.
    assert session.scalar(select(func.count(MissingCard.id))) == 0


CSRF_TOKEN = re.compile(r'name="csrf_token" value="[^"]*"')


def test_another_facilitators_workshop_is_answered_as_an_id_that_names_none(app, session, room):
    """Nobody can tell which workshop ids are in use: theirs, none, or one past what the database holds."""
    workshop = room["workshop"]
    other = signed_in(app, room["other"])
    unknown = [SimpleNamespace(id=number, code=workshop.code) for number in (999_999, 2**31, 2**63)]
    compared = 0
    for (endpoint, method, path), *elsewhere in zip(
        requests_for(app, workshop), *(requests_for(app, missing) for missing in unknown), strict=True
    ):
        if f"/{workshop.id}" not in path or ACCESS[endpoint] != FACILITATOR:
            continue
        answers = [send(other, endpoint, method, each) for each in [path, *(sent[2] for sent in elsewhere)]]
        assert {answer.status_code for answer in answers} == {404}, (method, path)
        # The same page but for the sign-out form's CSRF token, which is signed with the time.
        first, *others = [CSRF_TOKEN.sub("", answer.get_data(as_text=True)).splitlines() for answer in answers]
        for other_body in others:
            assert other_body == first, (method, path, list(difflib.unified_diff(first, other_body, lineterm=""))[:20])
        compared += 1
    assert compared >= 10


def test_an_imported_charter_is_changed_only_by_the_facilitator_who_imported_it(app, session, room):
    ours = ParsedCharter(title="Our own charter", area="Kent", themes=[ParsedTheme("Together", ["We will listen"])])
    charter = store_imported(session, ours, "pasted text", room["owner"].id)
    session.commit()
    slug, statement_id = charter.slug, charter.current_statements[0].id
    adapter = app.url_map.bind("localhost")
    routes = [endpoint for endpoint, who in ACCESS.items() if who == IMPORTER]
    assert routes
    sent = {f"easy-read-{statement_id}": "We will listen."}
    for client, allowed in [
        (app.test_client(), False),
        (room["participant"], False),
        (signed_in(app, room["other"]), False),
        (signed_in(app, room["owner"]), True),
    ]:
        for endpoint in routes:
            for method in sorted(next(adapter.map.iter_rules(endpoint)).methods - {"HEAD", "OPTIONS"}):
                path = adapter.build(endpoint, {"slug": slug})
                response = client.open(path, method=method, data=sent if method == "POST" else None)
                if allowed:
                    assert response.status_code in (200, 302), (endpoint, method, response.status_code)
                else:
                    assert refused(response, endpoint), (endpoint, method, response.status_code)
        session.expire_all()
        changed = session.get(Charter, charter.id).current_statements[0].easy_read
        assert changed == ("We will listen." if allowed else None)


def test_a_participant_of_one_workshop_cannot_act_in_another(app, session, room):
    elsewhere = room["elsewhere"]
    phone = room["participant"]
    response = phone.get(f"/w/{elsewhere.code}")
    assert response.status_code == 302 and f"/join/{elsewhere.code}" in response.headers["Location"]
    response = phone.post(f"/w/{elsewhere.code}", data=FORMS["live.participant_action"])
    assert response.status_code == 302 and f"/join/{elsewhere.code}" in response.headers["Location"]
    assert session.scalar(select(func.count(AppliedOperation.id))) == 0


def connect(app, workshop, role, flask_client=None, key=None):
    auth = {"workshop": workshop.code, "role": role}
    if key:
        auth["key"] = key
    return socketio.test_client(app, flask_test_client=flask_client, auth=auth)


def test_socket_connections_are_refused_to_who_may_not_see(app, room):
    workshop, elsewhere = room["workshop"], room["elsewhere"]
    other = signed_in(app, room["other"])
    refused_connections = [
        connect(app, workshop, "participant"),  # a stranger with no cookie
        connect(app, workshop, "facilitator"),  # a stranger
        connect(app, workshop, "projector", key="not-the-key"),
        connect(app, workshop, "facilitator", other),  # another workshop's facilitator
        connect(app, workshop, "projector", other),
        connect(app, workshop, "facilitator", room["participant"]),  # a participant asking for more
        connect(app, workshop, "projector", room["participant"]),
        connect(app, elsewhere, "participant", room["participant"]),  # joined elsewhere
    ]
    assert not any(client.is_connected() for client in refused_connections)
    allowed = [
        connect(app, workshop, "participant", room["participant"]),
        connect(app, workshop, "projector", key=workshop.projector_key),
        connect(app, workshop, "facilitator", signed_in(app, room["owner"])),
        connect(app, elsewhere, "facilitator", other),
    ]
    assert all(client.is_connected() for client in allowed)


def test_only_participants_may_send_operations(app, session, room):
    workshop = room["workshop"]
    owner = signed_in(app, room["owner"])
    owner.post(f"/workshops/{workshop.id}/control", data={"action": "stage", "stage": "review"})
    board = workshop.boards[0]
    statement_id = board.charter.current_statements[0].id
    tag = {"kind": "tag", "board_id": board.id, "statement_id": statement_id, "value": "borrow"}
    for number, screen in enumerate(
        [connect(app, workshop, "projector", key=workshop.projector_key), connect(app, workshop, "facilitator", owner)]
    ):
        ack = screen.emit("operation", dict(tag, id=f"not-a-phone-{number}"), callback=True)
        assert ack["ok"] is False and ack["error"] == "not_allowed"
    assert session.scalar(select(func.count(Tag.id))) == 0

    phone = connect(app, workshop, "participant", room["participant"])
    assert phone.emit("operation", dict(tag, id="a-real-phone-1"), callback=True)["ok"] is True
    # A participant acts only as themselves: ids in the payload name no one.
    spoofed = dict(tag, id="a-real-phone-2", participant_id=999, value="ignore")
    assert phone.emit("operation", spoofed, callback=True)["ok"] is True
    tags = session.scalars(select(Tag)).all()
    assert len(tags) == 1 and tags[0].value == "ignore"


def test_a_reviews_results_are_watched_only_by_its_workshops_facilitators_and_projector(app, session, room):
    workshop, elsewhere = room["workshop"], room["elsewhere"]
    reviews = {}
    for found in (workshop, elsewhere):
        draft = start_draft(session, found, "kent")
        place_statement(session, draft, draft.themes[0].id, text="We will be transparent")
        adopt_draft(draft, utcnow())
        reviews[found.id] = open_review(session, draft, title="Review", closes_at=None, now=utcnow()).id
    session.commit()
    ours, theirs = reviews[workshop.id], reviews[elsewhere.id]
    other, owner = signed_in(app, room["other"]), signed_in(app, room["owner"])

    def watch(found, role, client=None, key=None, review=ours):
        auth = {"workshop": found.code, "role": role, "review": review}
        return socketio.test_client(app, flask_test_client=client, auth=auth | ({"key": key} if key else {}))

    refused_connections = [
        watch(workshop, "participant", room["participant"]),  # a participant: never a review's results
        watch(workshop, "facilitator"),  # a stranger
        watch(workshop, "projector", key="not-the-key"),
        watch(workshop, "facilitator", other),  # another workshop's facilitator
        watch(workshop, "projector", other),
        watch(workshop, "projector", room["participant"]),
        watch(workshop, "projector", key=workshop.projector_key, review=theirs),  # another workshop's review
        watch(elsewhere, "facilitator", other, review=ours),
        watch(workshop, "facilitator", owner, review=theirs),
    ]
    assert not any(client.is_connected() for client in refused_connections)
    allowed = [
        watch(workshop, "projector", key=workshop.projector_key),
        watch(workshop, "projector", owner),
        watch(workshop, "facilitator", owner),
        watch(elsewhere, "facilitator", other, review=theirs),
    ]
    assert all(client.is_connected() for client in allowed)
