"""The draft over the API: every change the merge page makes, as JSON, and every refusal changing nothing."""

import pytest
from sqlalchemy import select

from workshop.draft.drafting import place_statement, start_draft
from workshop.extensions import socketio
from workshop.live.workshops import create_workshop, set_stage
from workshop.models import Charter, Facilitator, Statement

KENT_THEMES = ["Ambition", "Collaboration", "Inclusivity", "Communication", "Accountability"]
REVIEW = "We will review this charter together and keep it up to date"
LEARN = "We will learn from each other and share our learning widely"


def sign_in(client, facilitator):
    with client.session_transaction() as flask_session:
        flask_session["_user_id"] = str(facilitator.id)
        flask_session["_fresh"] = True


@pytest.fixture
def merging(session, seeded, facilitator):
    """A workshop at the merge stage with Stockport and Cheshire East, and the API path of its draft."""
    workshop = create_workshop(
        session, facilitator, title="Kent", area="Kent", charter_slugs=["stockport", "cheshire-east"]
    )
    set_stage(workshop, "merge")
    session.commit()
    return workshop, f"/api/workshops/{workshop.id}/draft"


def statement_of(session, slug, text):
    return session.scalar(select(Statement.id).join(Charter).where(Charter.slug == slug, Statement.text == text))


def statements(draft):
    return {theme["title"]: [s["text"] for s in theme["statements"]] for theme in draft["themes"]}


def test_a_draft_built_over_the_api(app, client, session, merging, facilitator):
    workshop, path = merging
    sign_in(client, facilitator)
    projector = socketio.test_client(
        app, auth={"workshop": workshop.code, "role": "projector", "key": workshop.projector_key}
    )
    projector.get_received()

    started = client.post(path, json={"theme_set": "kent", "title": "Kent's charter"})
    assert started.status_code == 201
    draft = started.json["draft"]
    assert [theme["title"] for theme in draft["themes"]] == KENT_THEMES and draft["title"] == "Kent's charter"
    ids = {theme["title"]: theme["id"] for theme in draft["themes"]}

    transparent = statement_of(session, "stockport", "We will be transparent")
    placed = client.post(f"{path}/statements", json={"theme_id": ids["Communication"], "statement_id": transparent})
    assert placed.status_code == 201
    first = placed.json["statement_id"]
    own = client.post(f"{path}/statements", json={"theme_id": ids["Communication"], "text": "We will listen"})
    second = own.json["statement_id"]
    assert statements(own.json["draft"])["Communication"] == ["We will be transparent", "We will listen"]

    # One PATCH may reword, set the question and move; the history keeps the old wording.
    changed = client.patch(
        f"{path}/statements/{first}",
        json={"text": "We will be open", "question": "Were we open with families?", "theme_id": ids["Ambition"]},
    )
    assert changed.status_code == 200
    opened = changed.json["draft"]["themes"][0]["statements"][0]
    assert (opened["text"], opened["question"]) == ("We will be open", "Were we open with families?")
    assert opened["provenance"].endswith("original wording “We will be transparent”; edited once.")
    client.patch(f"{path}/statements/{second}", json={"theme_id": ids["Ambition"], "position": 0})
    reordered = client.patch(f"{path}/statements/{second}", json={"direction": "down"})
    assert statements(reordered.json["draft"])["Ambition"] == ["We will be open", "We will listen"]

    # Parked, put back, parked again and discarded for good.
    parked = client.patch(f"{path}/statements/{second}", json={"parked": True})
    assert [s["text"] for s in parked.json["draft"]["parked"]] == ["We will listen"]
    back = client.patch(f"{path}/statements/{second}", json={"theme_id": ids["Inclusivity"]})
    assert statements(back.json["draft"])["Inclusivity"] == ["We will listen"]
    client.patch(f"{path}/statements/{second}", json={"parked": True})
    assert client.delete(f"{path}/statements/{second}").json["draft"]["parked"] == []
    # Undone: back as it was, with the id it had.
    undone = client.post(f"{path}/undo")
    assert undone.json["undone"] == "discarding the statement"
    assert [(s["id"], s["text"]) for s in undone.json["draft"]["parked"]] == [(second, "We will listen")]
    assert undone.json["draft"]["undo"] is None
    assert client.post(f"{path}/undo").json["error"] == "nothing_to_undo"

    # Themes: added, renamed and moved in one go, removed with their statements parked.
    added = client.post(f"{path}/themes", json={"title": "Working together"})
    assert added.status_code == 201
    theme_id = added.json["theme_id"]
    moved = client.patch(f"{path}/themes/{theme_id}", json={"title": "Working as equals", "position": 0})
    assert [t["title"] for t in moved.json["draft"]["themes"]][:2] == ["Working as equals", "Ambition"]
    removed = client.delete(f"{path}/themes/{ids['Ambition']}")
    assert removed.json["parked_statement_ids"] == [first]
    assert removed.json["draft"]["undo"] == "removing the theme"
    back = client.post(f"{path}/undo").json["draft"]
    assert back["themes"] == moved.json["draft"]["themes"] and back["parked"] == moved.json["draft"]["parked"]

    # Near-duplicates from two charters as one statement, naming both.
    merged = client.post(
        f"{path}/statements",
        json={
            "theme_id": ids["Accountability"],
            "statement_id": statement_of(session, "cheshire-east", REVIEW),
            "also_statement_ids": [statement_of(session, "stockport", LEARN)],
        },
    )
    assert merged.json["draft"]["themes"][-1]["statements"][0]["source"]["also_from"][0]["text"] == LEARN

    # Nobody has tagged yet: the rule takes nothing, and every suggestion still says where it fits.
    suggested = client.get(f"{path}/suggestions").json
    assert suggested["majority"] == 50 and suggested["borrowed"] == []
    assert all(s["suggested_theme"]["theme_id"] for s in suggested["parked"] if not s["placed"])
    drafted = client.post(f"{path}/from-results", json={"majority": 60})
    assert drafted.json["drafted"]["placed"] == 0 and drafted.json["draft"]["majority"] == 60

    details = client.patch(path, json={"area": "Kent and Medway", "signatories": ["Kent County Council"]})
    assert details.json["draft"]["area"] == "Kent and Medway"
    assert details.json["draft"]["signatories"] == ["Kent County Council"]
    assert details.json["draft"]["title"] == "Kent's charter"

    # Every change reached the big screen, the last as it now stands.
    shown = [event["args"][0] for event in projector.get_received() if event["name"] == "draft"]
    assert len(shown) == 18 and shown[-1]["area"] == "Kent and Medway"
    assert "parked" not in shown[-1]


def test_refusals_answer_json_and_change_nothing(client, session, merging, facilitator):
    workshop, path = merging
    draft = start_draft(session, workshop, "kent")
    theme = draft.themes[0].id
    placed = place_statement(session, draft, theme, text="We will listen").id
    # A statement of another workshop's draft, and a charter's statement this room did not review.
    other = create_workshop(session, facilitator, title="Elsewhere", charter_slugs=["stockport"])
    other_draft = start_draft(session, other, "kent")
    theirs = place_statement(session, other_draft, other_draft.themes[0].id, text="We will wait").id
    unreviewed = statement_of(session, "warwickshire", "We will communicate clearly and honestly")
    stranger = Facilitator(email="someone-else@example.org", password_hash="unused")
    session.add(stranger)
    session.commit()

    assert client.post(f"{path}/themes", json={"title": "Listening"}).status_code == 401
    sign_in(client, stranger)
    assert client.post(f"{path}/themes", json={"title": "Listening"}).json["error"] == "not_found"
    sign_in(client, facilitator)
    before = client.get(path).json
    refused = [
        ("post", path, {"theme_set": "kent"}, 400, "draft_exists"),
        ("post", f"/api/workshops/{other.id + 1}/draft", {"theme_set": "kent"}, 404, "not_found"),
        ("post", f"{path}/statements", {"theme_id": 99_999, "text": "We will"}, 404, "unknown_theme"),
        ("post", f"{path}/statements", {"theme_id": theme, "statement_id": unreviewed}, 404, "unknown_statement"),
        ("post", f"{path}/statements", {"theme_id": theme, "text": " "}, 400, "empty_text"),
        ("post", f"{path}/statements", {"theme_id": str(theme), "text": "We will"}, 400, "invalid_body"),
        ("post", f"{path}/statements", {"theme_id": theme, "text": ["We will"]}, 400, "invalid_body"),
        ("post", f"{path}/statements", {"text": "We will"}, 400, "invalid_body"),
        ("patch", f"{path}/statements/{theirs}", {"text": "We will"}, 404, "unknown_draft_statement"),
        ("patch", f"{path}/statements/{placed}", {"text": "  "}, 400, "empty_text"),
        # The new wording is not kept when the move that came with it is refused.
        ("patch", f"{path}/statements/{placed}", {"text": "We will hear", "theme_id": 99_999}, 404, "unknown_theme"),
        ("patch", f"{path}/statements/{placed}", {"parked": "yes"}, 400, "invalid_body"),
        ("patch", f"{path}/statements/{placed}", {}, 400, "nothing_to_change"),
        ("delete", f"{path}/statements/{placed}", None, 400, "not_parked"),
        ("post", f"{path}/themes", {"title": "ambition"}, 400, "duplicate_theme"),
        ("post", f"{path}/themes", {"title": 5}, 400, "invalid_body"),
        ("patch", f"{path}/themes/{theme}", {"direction": "sideways"}, 400, "invalid_body"),
        ("delete", f"{path}/themes/99999", None, 404, "unknown_theme"),
        ("patch", path, {"title": ""}, 400, "empty_title"),
        ("patch", path, {"signatories": "The council"}, 400, "invalid_body"),
        ("patch", path, {"majority": 5}, 400, "invalid_majority"),
        ("post", f"{path}/from-results", {"majority": "60"}, 400, "invalid_body"),
        ("post", f"{path}/statements", {"theme_id": theme, "also_statement_ids": [unreviewed]}, 400, "invalid_source"),
        ("post", f"{path}/statements", {"theme_id": theme, "also_statement_ids": 2}, 400, "invalid_body"),
    ]
    for method, url, body, status, error in refused:
        response = getattr(client, method)(url, json=body)
        assert (response.status_code, response.json["error"]) == (status, error), (method, url, body)
        assert response.json["message"]
    not_json = client.post(f"{path}/themes", data="title=Listening", content_type="text/plain")
    assert (not_json.status_code, not_json.json["error"]) == (400, "invalid_json")
    assert (
        "'theme_id' in the request must be a whole number"
        in client.post(f"{path}/statements", json={"theme_id": "1"}).json["message"]
    )
    assert client.get(path).json == before
