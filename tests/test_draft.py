"""The merge stage, as Kent ran it: three example charters reviewed by a room of
parent carers and professionals, then a draft built under Kent's five themes."""

import itertools

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from workshop.draft.drafting import (
    add_theme,
    discard_statement,
    edit_statement,
    move_statement,
    move_theme,
    place_statement,
    remove_statement,
    remove_theme,
    rename_theme,
    set_details,
    set_majority,
    set_question,
    set_signatories,
    start_draft,
)
from workshop.draft.from_results import draft_from_results
from workshop.draft.suggestions import suggestions
from workshop.draft.undoing import remember, undo_last_change
from workshop.errors import DomainError
from workshop.extensions import db, socketio
from workshop.labels import DEFAULT_DEFINITIONS, THEME_SETS
from workshop.live.moderation import set_hidden
from workshop.live.operations import apply_operation
from workshop.live.participants import erase_participant, join_workshop, remove_participant
from workshop.live.snapshots import all_statements, draft_snapshot, get_draft, projector_snapshot
from workshop.live.workshops import create_workshop, open_board, set_stage
from workshop.models import Charter, DraftStatement, DraftStatementEdit, Facilitator, MissingCard, Statement, Workshop
from workshop.similarity import same_wordings

KENT_THEMES = ["Ambition", "Collaboration", "Inclusivity", "Communication", "Accountability"]
TRANSPARENT = "We will be transparent"
CAN_DO = "We will focus on solutions with a 'can do' approach"
VIRTUAL = (
    "We will hold meetings virtually where it is more convenient and is likely to increase opportunities to be involved"
)
HUMAN = "We will remember that we are all human beings"
CHOICE = "We will hold meetings online or in person, whichever suits families"
CUT_OUT = "A one-page 'cut out and keep' version for families"


@pytest.fixture
def stranger(session):
    stranger = Facilitator(email="someone-else@example.org", password_hash="unused")
    session.add(stranger)
    session.commit()
    return stranger


class Room:
    """Kent's room: three parent carers, two from education, two from health, one who gave no group."""

    def __init__(self, session: Session, workshop: Workshop):
        self.session = session
        self.workshop = workshop
        self.ids = itertools.count(1)
        groups = ["parent_carer"] * 3 + ["education"] * 2 + ["health"] * 2 + [""]
        self.people = [join_workshop(session, workshop, group=group)[0] for group in groups]
        session.commit()
        self.parent_carers, self.education, self.health = self.people[:3], self.people[3:5], self.people[5:7]
        self.professionals = self.education + self.health
        self.boards = {board.charter.slug: board for board in workshop.boards}

    def statement(self, slug: str, text: str):
        return next(s for s in self.boards[slug].charter.current_statements if s.text == text)

    def act(self, person, kind, **fields):
        """As the phone's Socket.IO handler does: apply, then commit."""
        applied = apply_operation(
            self.session, person.id, {"id": f"operation-{next(self.ids):04d}", "kind": kind, **fields}
        )
        self.session.commit()
        return applied

    def tag(self, people, slug, text, value):
        statement = self.statement(slug, text)
        for person in people:
            self.act(person, "tag", board_id=self.boards[slug].id, statement_id=statement.id, value=value)

    def reword(self, person, slug, text, rewording):
        statement = self.statement(slug, text)
        return self.act(person, "reword", board_id=self.boards[slug].id, statement_id=statement.id, text=rewording)


@pytest.fixture
def kent(session, seeded, facilitator):
    """Kent's workshop, reviewed and at the merge stage: (workshop, room)."""
    workshop = create_workshop(
        session,
        facilitator,
        title="Refreshing Kent's co-production charter",
        area="Kent",
        charter_slugs=["stockport", "cheshire-east", "south-gloucestershire"],
    )
    set_stage(workshop, "review")
    open_board(workshop, None)
    session.commit()
    room = Room(session, workshop)
    everyone = room.people
    no_group = room.people[7]

    room.tag(everyone, "stockport", TRANSPARENT, "borrow")
    # The professionals (and one more) borrow it as it is; every parent carer wants it adapted.
    room.tag(room.professionals + [no_group], "stockport", CAN_DO, "borrow")
    room.tag(room.parent_carers, "stockport", CAN_DO, "adapt")
    room.tag(room.parent_carers + room.health, "stockport", VIRTUAL, "adapt")
    room.tag(room.education, "stockport", VIRTUAL, "ignore")
    room.reword(room.parent_carers[0], "stockport", VIRTUAL, CHOICE)
    # Near-identical: the same wording but a word.
    room.reword(room.parent_carers[1], "stockport", VIRTUAL, CHOICE.replace("whichever", "whatever") + ".")
    room.reword(room.health[0], "stockport", VIRTUAL, "We will offer online meetings")
    room.tag(room.professionals + room.parent_carers[:1], "stockport", HUMAN, "ignore")
    room.tag(room.parent_carers[1:], "stockport", HUMAN, "borrow")
    room.tag(room.education, "cheshire-east", "We will review this charter together and keep it up to date", "borrow")
    room.tag(room.health, "cheshire-east", "We will review this charter together and keep it up to date", "ignore")

    set_stage(workshop, "missing")
    session.commit()
    cut_out = room.act(room.parent_carers[0], "add_card", text=CUT_OUT).result["card_id"]
    for person in room.parent_carers[1:] + room.education[:1]:
        room.act(person, "support", card_id=cut_out)
    age = room.act(room.health[0], "add_card", text="Say the age range: 0 to 25").result["card_id"]
    room.act(room.health[1], "support", card_id=age)
    rude = room.act(room.health[1], "add_card", text="Something unkind").result["card_id"]
    set_hidden(session, workshop, "card", rude, True)
    set_stage(workshop, "merge")
    session.commit()
    return workshop, room


def find(items, text):
    return next(item for item in items if item["text"] == text)


def test_suggestions_show_what_each_group_said(session, kent):
    workshop, room = kent
    found = suggestions(session, workshop)

    transparent = find(found["borrowed"], TRANSPARENT)
    assert transparent["counts"]["total"] == {"borrow": 8, "adapt": 0, "ignore": 0}
    assert transparent["counts"]["tagged"] == 8
    # Education and health have two people each: fewer than three, so counted together with the one
    # person who gave no group.
    assert transparent["counts"]["by_group"] == {"parent_carer": {"borrow": 3, "adapt": 0, "ignore": 0}}
    assert transparent["counts"]["other_groups"] == {"borrow": 5, "adapt": 0, "ignore": 0}
    assert transparent["charter"]["slug"] == "stockport"
    assert transparent["theme"] == "Communication"

    # Borrowed by most of the room, but the parent carers' wish to adapt it is there to see.
    can_do = find(found["borrowed"], CAN_DO)
    assert can_do["counts"]["total"] == {"borrow": 5, "adapt": 3, "ignore": 0}
    assert can_do["counts"]["by_group"]["parent_carer"] == {"borrow": 0, "adapt": 3, "ignore": 0}

    # Wanted adapted: near-identical wordings given twice count as one rewording with the support of two.
    virtual = find(found["adapted"], VIRTUAL)
    assert virtual["counts"]["total"] == {"borrow": 0, "adapt": 5, "ignore": 2}
    # Two people or one: too few to say which group they are from.
    assert [(r["text"], r["support"], r["by_group"], r["groups_withheld"]) for r in virtual["rewordings"]] == [
        (CHOICE, 2, {}, True),
        ("We will offer online meetings", 1, {}, True),
    ]

    # Ignored, split and untagged statements are parked, not dropped.
    human = find(found["parked"], HUMAN)
    assert human["reason"] == "ignored"
    assert human["counts"]["by_group"]["parent_carer"] == {"borrow": 2, "adapt": 0, "ignore": 1}
    assert find(found["parked"], "We will review this charter together and keep it up to date")["reason"] == "split"
    untagged = find(found["parked"], "We will be flexible to the needs of those involved")
    assert untagged["reason"] == "not_tagged" and untagged["counts"]["tagged"] == 0
    statement_count = sum(len(board.charter.current_statements) for board in workshop.boards)
    shown = found["borrowed"] + found["adapted"] + found["parked"]
    assert sum(1 + len(suggestion["also"]) for suggestion in shown) == statement_count
    # Near-duplicates from different charters are one suggestion, with every source and their tallies together.
    review = find(found["parked"], "We will review this charter together and keep it up to date")
    assert [(also["charter"]["slug"], also["text"]) for also in review["also"]] == [
        ("south-gloucestershire", "We will review this charter with children, young people and families")
    ]
    assert review["combined"] == {"total": {"borrow": 2, "adapt": 0, "ignore": 2}, "tagged": 4, "skipped": 0}

    # What's missing: most supported first, by group; hidden cards left out.
    assert [(c["text"], c["support"]) for c in found["missing"]] == [(CUT_OUT, 3), ("Say the age range: 0 to 25", 1)]
    assert found["missing"][0]["by_group"] == {} and found["missing"][0]["groups_withheld"]
    assert found["groups_used"] is True


def test_removed_people_stop_counting_in_suggestions(session, kent):
    workshop, room = kent
    for person in room.parent_carers:
        remove_participant(session, workshop, person.id)
    session.commit()
    found = suggestions(session, workshop)
    assert find(found["borrowed"], CAN_DO)["counts"]["total"] == {"borrow": 5, "adapt": 0, "ignore": 0}
    # Adapt and ignore are level now: not more than half wanted it, and the parent carers' wording keeps
    # no support.
    virtual = find(found["parked"], VIRTUAL)
    assert virtual["reason"] == "split"
    assert [(r["text"], r["support"]) for r in virtual["rewordings"]] == [
        ("We will offer online meetings", 1),
        (CHOICE, 0),
    ]
    assert find(found["missing"], CUT_OUT)["support"] == 1


def test_starting_a_draft_from_a_theme_set(session, kent):
    workshop, _room = kent
    draft = start_draft(session, workshop, "kent")
    session.commit()
    assert [theme.title for theme in draft.themes] == KENT_THEMES
    assert draft.title == "Kent Co-production Charter"
    assert draft.area == "Kent"
    assert draft.theme_set == "kent"
    assert "Co-design" in draft.definitions and draft.definitions == DEFAULT_DEFINITIONS
    assert draft.signatories[0] == "The council"
    with pytest.raises(DomainError, match="already has a draft"):
        start_draft(session, workshop, "warwickshire")


SOUTH_GLOUCESTERSHIRE_THEMES = [
    "Our shared commitment",
    "Starting together",
    "Working as equals",
    "Checking how we are doing",
]


@pytest.mark.parametrize(
    ("theme_set", "own", "expected"),
    [
        ("warwickshire", [], list(THEME_SETS["warwickshire"].themes)),
        ("charter:south-gloucestershire", [], SOUTH_GLOUCESTERSHIRE_THEMES),
        ("own", ["  Listening ", "", "Listening", "Doing"], ["Listening", "Doing"]),
    ],
)
def test_other_theme_sets(session, kent, theme_set, own, expected):
    workshop, _room = kent
    draft = start_draft(session, workshop, theme_set, own_themes=own, title="Our charter")
    assert [theme.title for theme in draft.themes] == expected
    assert draft.title == "Our charter"


@pytest.mark.parametrize(("theme_set", "message"), [("own", "at least one theme"), ("charter:nowhere", "Choose one")])
def test_a_draft_needs_themes(session, kent, theme_set, message):
    workshop, _room = kent
    with pytest.raises(DomainError, match=message):
        start_draft(session, workshop, theme_set, own_themes=["  "])


def test_placing_keeps_where_each_statement_came_from(session, kent, facilitator):
    workshop, room = kent
    draft = start_draft(session, workshop, "kent")
    themes = {theme.title: theme for theme in draft.themes}
    found = suggestions(session, workshop, draft)

    transparent = find(found["borrowed"], TRANSPARENT)
    borrowed = place_statement(
        session, draft, themes["Communication"].id, source_statement_id=transparent["statement_id"]
    )
    assert (borrowed.source_kind, borrowed.text, borrowed.original_text) == ("borrowed", TRANSPARENT, TRANSPARENT)
    assert borrowed.source_charter_title == room.boards["stockport"].charter.title
    assert borrowed.did_we_question == "Were we transparent?"

    virtual = find(found["adapted"], VIRTUAL)
    chosen = virtual["rewordings"][0]
    adapted = place_statement(
        session,
        draft,
        themes["Inclusivity"].id,
        source_statement_id=virtual["statement_id"],
        chosen_rewording_id=chosen["id"],
    )
    assert adapted.source_kind == "adapted"
    assert (adapted.text, adapted.chosen_rewording_text, adapted.original_text) == (CHOICE, CHOICE, VIRTUAL)
    assert adapted.did_we_question == "Did we hold meetings online or in person, whichever suits families?"

    card = found["missing"][0]
    from_card = place_statement(
        session,
        draft,
        themes["Accountability"].id,
        source_card_id=card["card_id"],
        text="We will give families a one-page 'cut out and keep' version of this charter",
        facilitator=facilitator,
    )
    assert from_card.source_kind == "missing_card"
    assert from_card.original_text == CUT_OUT
    assert [(e.previous_text, e.new_text, e.facilitator_id) for e in from_card.edits] == [
        (CUT_OUT, "We will give families a one-page 'cut out and keep' version of this charter", facilitator.id)
    ]
    assert from_card.did_we_question == ("Did we give families a one-page 'cut out and keep' version of this charter?")

    own = place_statement(session, draft, themes["Ambition"].id, text="We will say what co-production is for")
    assert own.source_kind == "facilitator" and own.original_text is None
    session.commit()

    # Each source goes in once; suggestions say where it went.
    with pytest.raises(DomainError, match="already in the draft, under Communication"):
        place_statement(session, draft, themes["Ambition"].id, source_statement_id=transparent["statement_id"])
    found = suggestions(session, workshop, draft)
    assert find(found["borrowed"], TRANSPARENT)["placed"] == {
        "draft_statement_id": borrowed.id,
        "theme": "Communication",
    }
    assert found["missing"][0]["placed"]["theme"] == "Accountability"
    assert find(found["borrowed"], CAN_DO)["placed"] is None


def test_placing_refuses_what_is_not_the_rooms(session, kent):
    workshop, room = kent
    draft = start_draft(session, workshop, "kent")
    theme_id = draft.themes[0].id
    # Warwickshire's charter is in the library, but this room did not review it.
    elsewhere = session.scalar(select(Statement).join(Charter).where(Charter.slug == "warwickshire"))
    with pytest.raises(DomainError, match="not on any charter"):
        place_statement(session, draft, theme_id, source_statement_id=elsewhere.id)
    virtual = room.statement("stockport", VIRTUAL)
    transparent = room.statement("stockport", TRANSPARENT)
    rewording_id = find(suggestions(session, workshop)["adapted"], VIRTUAL)["rewordings"][0]["id"]
    with pytest.raises(DomainError, match="not one the room gave"):
        place_statement(session, draft, theme_id, source_statement_id=transparent.id, chosen_rewording_id=rewording_id)
    set_hidden(session, workshop, "rewording", rewording_id, True)
    with pytest.raises(DomainError, match="not one the room gave"):
        place_statement(session, draft, theme_id, source_statement_id=virtual.id, chosen_rewording_id=rewording_id)
    with pytest.raises(DomainError, match="Write the statement"):
        place_statement(session, draft, theme_id, text=" \x00 ")
    with pytest.raises(DomainError, match="theme is not in this draft"):
        place_statement(session, draft, 10_000, text="We will listen")


def titles(theme):
    return [statement.text for statement in theme.statements]


def test_editing_reordering_and_removing(session, kent, facilitator):
    workshop, room = kent
    draft = start_draft(session, workshop, "kent")
    ambition, collaboration, *_rest, accountability = draft.themes
    first = place_statement(session, draft, ambition.id, text="We will do what we say we will do")
    second = place_statement(session, draft, ambition.id, text="We will be transparent")
    third = place_statement(session, draft, collaboration.id, text="We will listen")
    session.commit()

    # Editing keeps the history, and the question follows the wording...
    edit_statement(session, draft, first.id, "We will do what we say we will do, or say why not", facilitator)
    assert first.did_we_question == "Did we do what we said we would do, or say why not?"
    # ...until the facilitator writes the question themselves; empty, it is worked out again.
    set_question(draft, first.id, "Did we keep our promises?")
    edit_statement(session, draft, first.id, "We will keep our promises", facilitator)
    assert first.did_we_question == "Did we keep our promises?"
    set_question(draft, first.id, "")
    assert first.did_we_question == "Did we keep our promises?"
    edit_statement(session, draft, first.id, "We will keep our promises", facilitator)
    assert len(first.edits) == 2
    with pytest.raises(DomainError, match="cannot be empty"):
        edit_statement(session, draft, first.id, "   ", facilitator)
    session.commit()

    # Up and down within a theme, and across into the next theme at the ends.
    move_statement(draft, second.id, direction="up")
    assert titles(ambition) == ["We will be transparent", "We will keep our promises"]
    move_statement(draft, first.id, direction="down")
    assert titles(ambition) == ["We will be transparent"]
    assert titles(collaboration) == ["We will keep our promises", "We will listen"]
    move_statement(draft, first.id, direction="up")
    assert titles(ambition) == ["We will be transparent", "We will keep our promises"]
    move_statement(draft, second.id, direction="up")  # already first of all: stays
    assert titles(ambition)[0] == "We will be transparent"
    move_statement(draft, third.id, theme_id=ambition.id, position=1)
    assert titles(ambition) == ["We will be transparent", "We will listen", "We will keep our promises"]
    assert [s.position for s in ambition.statements] == [0, 1, 2]
    session.commit()

    # Removing parks the statement with its history; it can be put back, or discarded for good.
    remove_statement(draft, first.id)
    session.commit()
    assert titles(ambition) == ["We will be transparent", "We will listen"]
    assert [s.text for s in draft.parked] == ["We will keep our promises"]
    assert first.theme is None and len(first.edits) == 2
    move_statement(draft, first.id, theme_id=accountability.id)
    session.commit()
    assert titles(accountability) == ["We will keep our promises"] and draft.parked == []

    # Removing a theme parks its statements; themes can be added, renamed and reordered.
    parked = remove_theme(draft, ambition.id)
    session.commit()
    assert [s.text for s in parked] == ["We will be transparent", "We will listen"]
    assert [theme.title for theme in draft.themes] == KENT_THEMES[1:]
    extra = add_theme(draft, "Working together")
    session.commit()
    rename_theme(draft, extra.id, "Working together, from the start")
    move_theme(draft, extra.id, "up")
    with pytest.raises(DomainError, match="already a theme called Collaboration"):
        add_theme(draft, "collaboration")
    discard_statement(session, draft, third.id)
    with pytest.raises(DomainError, match="out of the draft first"):
        discard_statement(session, draft, first.id)
    session.commit()

    # All of it is in the database, in order, as the next request will find it.
    with Session(db.engine) as fresh:
        stored = get_draft(fresh, fresh.get(Workshop, workshop.id))
        assert [theme.title for theme in stored.themes] == [
            "Collaboration",
            "Inclusivity",
            "Communication",
            "Working together, from the start",
            "Accountability",
        ]
        assert [theme.position for theme in stored.themes] == [0, 1, 2, 3, 4]
        assert [s.text for s in stored.parked] == ["We will be transparent"]
        assert titles(stored.themes[-1]) == ["We will keep our promises"]
        assert fresh.scalar(select(DraftStatement).where(DraftStatement.id == third.id)) is None
        edits = fresh.scalars(select(DraftStatementEdit).where(DraftStatementEdit.draft_statement_id == first.id))
        assert [edit.new_text for edit in edits] == [
            "We will do what we say we will do, or say why not",
            "We will keep our promises",
        ]


def test_the_snapshot_says_where_each_statement_came_from(session, kent, facilitator):
    workshop, room = kent
    draft = start_draft(session, workshop, "kent")
    communication, inclusivity = draft.themes[3], draft.themes[2]
    found = suggestions(session, workshop, draft)
    virtual = find(found["adapted"], VIRTUAL)
    adapted = place_statement(
        session,
        draft,
        inclusivity.id,
        source_statement_id=virtual["statement_id"],
        chosen_rewording_id=virtual["rewordings"][0]["id"],
    )
    borrowed = place_statement(
        session, draft, communication.id, source_statement_id=find(found["borrowed"], TRANSPARENT)["statement_id"]
    )
    edit_statement(session, draft, adapted.id, CHOICE + ", and record them", facilitator)
    edit_statement(session, draft, adapted.id, CHOICE + ", with notes sent after", facilitator)
    remove_statement(draft, borrowed.id)
    set_signatories(draft, ["Kent County Council", "", "Kent PACT"])
    set_details(draft, title="Kent's Co-production Charter", area="Kent", commitment="We commit.", definitions="")
    session.commit()

    public = draft_snapshot(session, draft)
    charter_title = room.boards["stockport"].charter.title
    statement = public["themes"][2]["statements"][0]
    assert statement["text"] == CHOICE + ", with notes sent after"
    assert statement["question"].startswith("Did we hold meetings online or in person")
    assert statement["source"] == {
        "kind": "adapted",
        "charter": charter_title,
        "statement_id": virtual["statement_id"],
        "card_id": None,
        "original_text": VIRTUAL,
        "rewording_text": CHOICE,
        "also_from": [],
    }
    assert statement["edit_count"] == 2
    assert statement["provenance"] == (
        f"From {charter_title}: original wording “{VIRTUAL}”; rewording chosen “{CHOICE}”; edited twice."
    )
    assert "edits" not in statement and "parked" not in public
    assert public["signatories"] == ["Kent County Council", "Kent PACT"]
    assert public["title"] == "Kent's Co-production Charter"

    full = draft_snapshot(session, draft, for_facilitator=True)
    assert [e["new_text"] for e in full["themes"][2]["statements"][0]["edits"]][
        -1
    ] == CHOICE + ", with notes sent after"
    assert full["parked"][0]["provenance"] == f"From {charter_title}, word for word."


def test_the_room_sees_the_draft_from_the_merge_stage(session, kent):
    workshop, _room = kent
    set_stage(workshop, "missing")
    session.commit()
    assert "draft" not in projector_snapshot(session, workshop)
    set_stage(workshop, "merge")
    session.commit()
    assert projector_snapshot(session, workshop)["draft"] is None
    draft = start_draft(session, workshop, "kent")
    place_statement(session, draft, draft.themes[0].id, text="We will aim high")
    session.commit()
    shown = projector_snapshot(session, workshop)["draft"]
    assert [theme["title"] for theme in shown["themes"]] == KENT_THEMES
    assert shown["themes"][0]["statements"][0]["question"] == "Did we aim high?"


# --- The merge page, the API and the live event ----------------------------------------


def sign_in(client, facilitator):
    with client.session_transaction() as flask_session:
        flask_session["_user_id"] = str(facilitator.id)
        flask_session["_fresh"] = True


def test_only_the_workshops_facilitators_may_open_the_merge_page(client, session, kent, stranger):
    workshop, _room = kent
    page = f"/workshops/{workshop.id}/draft"
    response = client.get(page)
    assert response.status_code == 302 and response.location.startswith("/sign-in")
    assert client.post(page, data={"theme_set": "kent"}).status_code == 302
    sign_in(client, stranger)
    assert client.get(page).status_code == 404
    assert client.post(page, data={"theme_set": "kent"}).status_code == 404
    assert client.post(f"{page}/add_theme", data={"title": "Mine"}).status_code == 404
    assert get_draft(session, workshop) is None
    assert client.get("/workshops/10000/draft").status_code == 404


def test_building_the_draft_with_plain_forms(app, client, session, kent, facilitator):
    workshop, room = kent
    page = f"/workshops/{workshop.id}/draft"
    sign_in(client, facilitator)
    projector = socketio.test_client(
        app, auth={"workshop": workshop.code, "role": "projector", "key": workshop.projector_key}
    )
    assert projector.is_connected()
    projector.get_received()

    start = client.get(page).get_data(as_text=True)
    assert '<h1 class="govuk-heading-l">Start the draft charter</h1>' in start
    assert "Kent&#39;s five themes" in start and "Warwickshire&#39;s four cornerstones" in start
    assert "The themes of Working Together Charter for Warwickshire SEND" in start
    refused = client.post(page, data={"theme_set": "own", "own_themes": "\n \n"})
    assert refused.status_code == 400 and "Give at least one theme" in refused.get_data(as_text=True)
    assert client.post(page, data={"theme_set": "kent", "title": ""}).status_code == 302

    html = client.get(page).get_data(as_text=True)
    assert html.count("<h1") == 1
    for heading in ("Wanted as written", "Wanted adapted", "What's missing cards", "Parked"):
        assert heading in html.replace("&#39;", "'")
    assert "Parent carer" in html and "By group" in html and "Other groups" in html
    assert "Groups of fewer than 3 people are not shown on their own" in html
    assert CHOICE in html and "Given by 2 people: not shown by group" in html

    draft = get_draft(session, workshop)
    inclusivity = draft.themes[2]
    virtual = room.statement("stockport", VIRTUAL)
    rewording_id = find(suggestions(session, workshop)["adapted"], VIRTUAL)["rewordings"][0]["id"]
    response = client.post(
        f"{page}/place",
        data={"theme_id": inclusivity.id, "statement_id": virtual.id, "rewording_id": rewording_id, "text": ""},
    )
    assert response.status_code == 302
    placed = session.scalar(select(DraftStatement).where(DraftStatement.source_statement_id == virtual.id))
    assert response.location == f"{page}#draft-statement-{placed.id}"
    assert placed.chosen_rewording_text == CHOICE

    # Every change reaches the projector, whole.
    events = [event["args"][0] for event in projector.get_received() if event["name"] == "draft"]
    assert events[-1]["themes"][2]["statements"][0]["text"] == CHOICE
    assert "parked" not in events[-1]

    client.post(f"{page}/edit", data={"statement_id": placed.id, "text": "We will <b>meet</b> where families choose"})
    html = client.get(page).get_data(as_text=True)
    assert "We will &lt;b&gt;meet&lt;/b&gt; where families choose" in html
    assert "rewording chosen “" + CHOICE + "”; edited once." in html

    client.post(f"{page}/place", data={"theme_id": inclusivity.id, "text": "We will aim high"})
    client.post(f"{page}/move", data={"statement_id": placed.id, "direction": "down"})
    session.expire_all()
    assert [s.text for s in get_draft(session, workshop).themes[2].statements] == [
        "We will aim high",
        "We will <b>meet</b> where families choose",
    ]

    response = client.post(f"{page}/remove", data={"statement_id": placed.id})
    assert response.location == f"{page}#parked"
    assert "It waits in Parked" in client.get(page).get_data(as_text=True)

    # A refusal says why and changes nothing.
    response = client.post(f"{page}/edit", data={"statement_id": placed.id, "text": " ", "return_to": "#parked"})
    assert response.location == f"{page}#parked"
    assert "cannot be empty" in client.get(page).get_data(as_text=True)
    assert client.post(f"{page}/nonsense", data={}).status_code == 404

    client.post(
        f"{page}/details",
        data={
            "title": "Kent Co-production Charter",
            "area": "Kent",
            "commitment": "We commit.",
            "definitions": "## Spectrum of participation",
            "signatories": "Kent County Council\nKent PACT\n",
        },
    )
    session.expire_all()
    assert get_draft(session, workshop).signatories == ["Kent County Council", "Kent PACT"]

    # A merged suggestion placed in the other charter's wording: that one is the source, the first merged in.
    review, families = room.statement("cheshire-east", REVIEW), room.statement("south-gloucestershire", FAMILIES)
    sent = {"statement_id": review.id, "also_statement_ids": families.id, "wording": f"statement:{families.id}"}
    client.post(f"{page}/place", data={"theme_id": inclusivity.id, **sent})
    merged = session.scalar(select(DraftStatement).where(DraftStatement.source_statement_id == families.id))
    assert merged.text == FAMILIES and merged.also_from[0]["statement_id"] == review.id
    assert "not one of the page" in client.post(
        f"{page}/place", data={"theme_id": inclusivity.id, **sent, "wording": "statement:x"}, follow_redirects=True
    ).get_data(as_text=True)

    # The rest in one go, by a rule the facilitator set.
    drafted = client.post(f"{page}/from_results", data={"majority": "50"}, follow_redirects=True)
    assert "2 statements placed under the themes suggested" in drafted.get_data(as_text=True)
    assert "Undo drafting from the room&#39;s results" in drafted.get_data(as_text=True)

    # The page's script asks for JSON: the outcome, or the refusal, without a redirect; and undoes.
    as_script = {"Accept": "application/json"}
    answer = client.post(f"{page}/add_theme", data={"title": "Listening"}, headers=as_script)
    assert answer.json == {"message": "Theme Listening added.", "anchor": answer.json["anchor"]}
    refused = client.post(f"{page}/add_theme", data={"title": "listening"}, headers=as_script)
    assert (refused.status_code, refused.json["error"]) == (400, "duplicate_theme")
    assert client.post(f"{page}/undo", headers=as_script).json["message"] == "Undone: adding the theme."
    assert client.post(f"{page}/undo", headers=as_script).json["error"] == "nothing_to_undo"
    session.expire_all()
    assert "Listening" not in [theme.title for theme in get_draft(session, workshop).themes]


def test_the_console_links_to_the_merge_page(client, kent, facilitator):
    workshop, _room = kent
    sign_in(client, facilitator)
    assert f'href="/workshops/{workshop.id}/draft"' in client.get(f"/workshops/{workshop.id}").get_data(as_text=True)


def test_the_draft_api(client, session, kent, facilitator, stranger):
    workshop, _room = kent
    path = f"/api/workshops/{workshop.id}/draft"
    assert client.get(path).status_code == 401
    sign_in(client, stranger)
    assert client.get(path).json["error"] == "not_found"
    sign_in(client, facilitator)
    response = client.get(path)
    assert response.status_code == 404 and response.json["error"] == "no_draft"

    draft = start_draft(session, workshop, "kent")
    statement = place_statement(session, draft, draft.themes[4].id, text="We will do what we say we will do")
    edit_statement(session, draft, statement.id, "We will do what we say", facilitator)
    parked = place_statement(session, draft, draft.themes[4].id, text="We will be late")
    remove_statement(draft, parked.id)
    session.commit()
    body = client.get(path).json
    assert [theme["title"] for theme in body["themes"]] == KENT_THEMES
    shown = body["themes"][4]["statements"][0]
    assert shown["question"] == "Did we do what we said?"
    assert shown["edits"][0]["previous_text"] == "We will do what we say we will do"
    assert shown["provenance"] == "Written by the facilitator; edited once."
    assert [s["text"] for s in body["parked"]] == ["We will be late"]


REVIEW = "We will review this charter together and keep it up to date"
FAMILIES = "We will review this charter with children, young people and families"


def sources_in(draft):
    """Every charter statement in the draft, merged ones too, with how often."""
    found = []
    for statement in all_statements(draft):
        found += [statement.source_statement_id, *(source["statement_id"] for source in statement.also_from)]
    return sorted(source for source in found if source is not None)


def test_drafting_from_the_rooms_results(session, kent, facilitator):
    workshop, room = kent
    draft = start_draft(session, workshop, "kent")
    found = suggestions(session, workshop, draft)
    # Stockport's statements are filed under Kent's themes: each goes home, saying so.
    assert find(found["borrowed"], TRANSPARENT)["suggested_theme"]["theme"] == "Communication"
    assert find(found["borrowed"], TRANSPARENT)["suggested_theme"]["reason"] == "from Stockport's Communication"
    taken = found["borrowed"] + found["adapted"]

    remember(draft, "drafting from the room's results")
    drafted = draft_from_results(session, workshop, draft, facilitator)
    session.commit()
    assert drafted == {"placed": 3, "adapted": 1, "merged": 0, "parked": 49, "candidates": 2}
    # Every statement the rule takes is in the draft once, under the theme suggested for it.
    assert sources_in(draft) == sorted(s["statement_id"] for s in taken)
    placed = {s.text: s for s in all_statements(draft)}
    assert placed[TRANSPARENT].theme.title == "Communication"
    assert placed[CAN_DO].theme.title == "Ambition"
    # Adapted: the rewording the room supported most, with the original kept.
    assert placed[CHOICE].source_kind == "adapted" and placed[CHOICE].original_text == VIRTUAL
    assert HUMAN not in placed and draft.parked == []
    # What's missing cards with support wait as "We will ..." candidates, in the theme they fit.
    found = suggestions(session, workshop, draft)
    assert [card["wording"] for card in found["candidates"]] == [
        "We will provide a one-page 'cut out and keep' version for families",
        "We will say the age range: 0 to 25",
    ]
    assert all(card["suggested_theme"] for card in found["candidates"])
    # Again: nothing more to place.
    assert draft_from_results(session, workshop, draft, facilitator)["placed"] == 0
    # Undone in one go, as it was done.
    assert undo_last_change(session, draft) == "drafting from the room's results"
    session.commit()
    assert sources_in(draft) == [] and [theme.title for theme in draft.themes] == KENT_THEMES
    draft_from_results(session, workshop, draft, facilitator)

    # A card confirmed, then edited; its writer takes their words back: undoing the edit does not bring
    # back the card's words, nor its link. Erasing someone leaves nothing of theirs to undo with.
    card = found["candidates"][0]
    confirmed = place_statement(
        session,
        draft,
        draft.themes[0].id,
        source_card_id=card["card_id"],
        text=card["wording"],
        facilitator=facilitator,
    )
    session.commit()
    remember(draft, "the change of wording")
    edit_statement(session, draft, confirmed.id, "We will give families a one-page summary", facilitator)
    session.commit()
    session.delete(session.get(MissingCard, card["card_id"]))
    session.commit()
    undo_last_change(session, draft)
    session.commit()
    assert (confirmed.text, confirmed.source_card_id, confirmed.original_text) == (card["wording"], None, None)
    remember(draft, "the change of wording")
    erase_participant(session, workshop, room.health[0].id)
    session.commit()
    with pytest.raises(DomainError, match="nothing to undo"):
        undo_last_change(session, draft)

    # A stricter rule takes fewer; one out of range is refused.
    set_majority(draft, 75)
    stricter = suggestions(session, workshop, draft)
    assert stricter["adapted"] == [] and find(stricter["parked"], VIRTUAL)["reason"] == "split"
    with pytest.raises(DomainError, match="from 10 to 95"):
        set_majority(draft, 5)


def test_near_duplicates_are_placed_as_one_naming_every_source(session, kent, facilitator):
    workshop, room = kent
    draft = start_draft(session, workshop, "warwickshire")
    found = suggestions(session, workshop, draft)
    review = find(found["parked"], REVIEW)
    # Not one of Warwickshire's cornerstones: the theme whose words are likest, with the reason.
    assert review["suggested_theme"]["reason"].startswith(("like ", "its words are like "))
    # Stockport's Communication is close to Warwickshire's Communicate.
    listen = find(found["parked"] + found["borrowed"], "We will listen to each other's views")
    assert listen["suggested_theme"] == {
        "theme_id": draft.themes[2].id,
        "theme": "Communicate",
        "reason": "from Stockport's Communication, like Communicate",
    }

    also = room.statement("south-gloucestershire", FAMILIES)
    merged = place_statement(
        session,
        draft,
        draft.themes[3].id,
        source_statement_id=room.statement("cheshire-east", REVIEW).id,
        also_statement_ids=[also.id],
    )
    session.commit()
    assert merged.also_from == [
        {
            "statement_id": also.id,
            "charter": "South Gloucestershire Co-production Charter (illustrative example)",
            "text": FAMILIES,
        }
    ]
    shown = draft_snapshot(session, draft)["themes"][3]["statements"][0]
    assert shown["provenance"] == (
        "From Cheshire East Working Together Charter (illustrative example), word for word; also from South "
        f"Gloucestershire Co-production Charter (illustrative example): “{FAMILIES}”."
    )
    # Each source is in the draft once, merged or not.
    with pytest.raises(DomainError, match="already in the draft, under Work in Partnership"):
        place_statement(session, draft, draft.themes[0].id, source_statement_id=also.id)
    assert find(suggestions(session, workshop, draft)["parked"], REVIEW)["placed"]["theme"] == "Work in Partnership"


def test_the_same_and_near_identical_wordings_are_one():
    open_ = "We will be open and honest about what we are doing and why"
    groups = [
        [
            open_,
            "We will be clear",
            "we will be open and honest about what we're doing, and why.",
            "We will be open about what we do",
            f"  {open_.upper()}. ",
        ],
        ["Who is 'we' here? Say which services.", "Who is we here? Say which services please"],
        [open_],
        [],
    ]
    # Only wordings of the same group go together, each list in the order given.
    assert same_wordings(groups) == [[[0, 2, 4], [1], [3]], [[0, 1]], [[0]], []]
