"""The facilitator's lists of rewordings and comments: the same or near-identical words once, with how many
people gave them, most given first, as the Word draft counts them; live, and hideable one by one."""

import io
import subprocess
import sys
import textwrap
from pathlib import Path

import docx
import pytest
from lxml import html
from sqlalchemy import select

from workshop.draft.suggestions import suggestions
from workshop.extensions import socketio
from workshop.live.broadcast import broadcaster
from workshop.live.words import grouped_words
from workshop.live.workshops import create_workshop
from workshop.models import Participant, Workshop

REPO = Path(__file__).resolve().parent.parent
REWORDING = "We will be open and honest about what we are doing and why"
NEAR = "we will be open and honest about what we're doing, and why."
OTHER = "We will be clear"
COMMENT = "Say what 'transparent' means here"


@pytest.fixture
def room(app, session, seeded, facilitator):
    """A workshop at review with eight phones and a signed-in console (a page client and a socket)."""
    workshop = create_workshop(session, facilitator, title="Kent refresh", area="Kent", charter_slugs=["stockport"])
    session.commit()
    console = app.test_client()
    with console.session_transaction() as flask_session:
        flask_session["_user_id"] = str(facilitator.id)
        flask_session["_fresh"] = True
    control(console, workshop, action="stage", stage="review")
    control(console, workshop, action="open_board", board_id="all")
    phones = []
    for number in range(8):
        browser = app.test_client()
        assert browser.post(f"/join/{workshop.code}", data={"group": "parent_carer"}).status_code == 302
        phones.append(
            socketio.test_client(
                app, flask_test_client=browser, auth={"workshop": workshop.code, "role": "participant"}
            )
        )
        phones[-1].number = number
    screen = socketio.test_client(
        app, flask_test_client=console, auth={"workshop": workshop.code, "role": "facilitator"}
    )
    board = workshop.boards[0]
    statement = board.charter.current_statements[0]
    return {
        "workshop": workshop,
        "console": console,
        "phones": phones,
        "screen": screen,
        "on": {"board_id": board.id, "statement_id": statement.id},
        "statement": statement,
    }


def control(console, workshop, **values):
    response = console.post(f"/workshops/{workshop.id}/control", data=values)
    assert response.status_code == 302, response.get_data(as_text=True)


def say(phone, kind, text, on):
    ack = phone.emit(
        "operation", {"id": f"words-{phone.number}-{kind}", "kind": kind, "text": text, **on}, callback=True
    )
    assert ack["ok"], ack
    return ack["result"]


def received(client, name):
    return [event["args"][0] for event in client.get_received() if event["name"] == name]


def summary(groups):
    """(kind, text, people, number of words inside, hidden) for each group, in order."""
    return [(g["kind"], g["text"], g["people"], len(g["items"]), g["hidden"]) for g in groups]


def test_the_same_words_are_listed_once_most_given_first_live_and_hideable_one_by_one(app, session, room):
    phones, on, screen = room["phones"], room["on"], room["screen"]
    say(phones[0], "reword", OTHER, on)
    for phone in phones[1:5]:
        say(phone, "reword", REWORDING, on)
    say(phones[5], "reword", NEAR, on)
    say(phones[6], "comment", COMMENT, on)
    say(phones[7], "comment", COMMENT.upper(), on)
    screen.get_received()
    with app.app_context():
        broadcaster.flush()
    [update] = received(screen, "word_groups")
    groups = update["word_groups"]
    # The near-identical wording joins the four the same; the one given first leads its group's words.
    assert summary(groups) == [
        ("rewording", REWORDING, 5, 5, False),
        ("comment", COMMENT, 2, 2, False),
        ("rewording", OTHER, 1, 1, False),
    ]
    assert groups[0]["items"][-1]["text"] == NEAR

    # The console's page says it the same way, each person's words inside to hide one.
    page = html.fromstring(room["console"].get(f"/workshops/{room['workshop'].id}").data)
    listed = page.xpath("//*[@data-list='rewording']//ul[@data-items]/li")
    first, alone = listed[0], listed[1]
    said = first.xpath(".//*[@data-said-line]")[0]
    assert " ".join(said.text_content().split()) == f"5 people suggested: {REWORDING}"
    assert "hidden" not in first.xpath(".//*[@data-each]")[0].attrib
    assert len(first.xpath(".//*[@data-each]//button[@value='hide']")) == 5
    assert "hidden" in alone.xpath(".//*[@data-said-line]")[0].attrib
    assert [t.text_content() for t in alone.xpath(".//*[@data-one-place]//*[@data-text]")] == [OTHER]
    comment = page.xpath("//*[@data-list='comment']//ul[@data-items]/li")[0]
    said = comment.xpath(".//*[@data-said-line]")[0]
    assert " ".join(said.text_content().split()) == f"2 people commented: {COMMENT}"

    # Hiding one of the five: four remain together, the hidden one on its own after them, to restore.
    hidden_id = groups[0]["items"][1]["id"]
    control(room["console"], room["workshop"], action="hide", kind="rewording", item_id=hidden_id)
    with app.app_context():
        broadcaster.flush()
    groups = received(screen, "word_groups")[-1]["word_groups"]
    assert summary(groups) == [
        ("rewording", REWORDING, 4, 4, False),
        ("comment", COMMENT, 2, 2, False),
        ("rewording", OTHER, 1, 1, False),
        ("rewording", REWORDING, 0, 1, True),
    ]
    assert groups[-1]["items"] == [{"id": hidden_id, "text": REWORDING, "hidden": True}]
    # A reconnecting console's snapshot has the same.
    assert screen.emit("snapshot", callback=True)["snapshot"]["word_groups"] == groups

    # A comment taken back by its writer leaves the list at once.
    comment_id = say(phones[0], "comment", "A second thought", on)["comment_id"]
    with app.app_context():
        broadcaster.flush()
    assert ("comment", "A second thought", 1, 1, False) in summary(received(screen, "word_groups")[-1]["word_groups"])
    ack = phones[0].emit(
        "operation", {"id": "words-0-remove", "kind": "remove_comment", "comment_id": comment_id}, callback=True
    )
    assert ack["ok"], ack
    with app.app_context():
        broadcaster.flush()
    assert "A second thought" not in str(received(screen, "word_groups")[-1])


def test_the_console_counts_the_words_as_the_word_draft_does(app, session, room):
    """The Kent document's "5 people suggested" is the console's 5, by the same rule and the same words."""
    phones, on = room["phones"], room["on"]
    for phone in phones[:5]:
        say(phone, "reword", REWORDING if phone.number % 2 else REWORDING.upper() + ".", on)
    say(phones[5], "reword", OTHER, on)
    for phone in phones[6:8]:
        say(phone, "comment", COMMENT, on)
    control(room["console"], room["workshop"], action="stage", stage="merge")
    started = room["console"].post(f"/api/workshops/{room['workshop'].id}/draft", json={"theme_set": "kent"})
    assert started.status_code == 201, started.get_json()
    response = room["console"].get(f"/api/workshops/{room['workshop'].id}/draft.docx?include=words")
    assert response.status_code == 200, response.data[:300]
    listed = [p.text for p in docx.Document(io.BytesIO(response.data)).paragraphs if p.style.name.startswith("List")]
    with app.app_context():
        groups = grouped_words(session, room["workshop"].id)
    said = {"rewording": "suggested", "comment": "commented"}
    for group in groups:
        people = f"{group['people']} {'person' if group['people'] == 1 else 'people'}"
        assert f"{people} {said[group['kind']]}: \u201c{group['text']}\u201d" in listed
    assert [g["people"] for g in groups] == [5, 2, 1]


def test_someone_removed_is_left_out_of_how_many_gave_the_words_on_the_console_merge_page_and_word_draft(
    app, session, room
):
    """Their words stay, on all three, and on none are they counted among the people who gave them."""
    phones, on, workshop = room["phones"], room["on"], room["workshop"]
    for phone in phones[:4]:
        say(phone, "reword", REWORDING, on)
    for phone in phones[4:6]:
        say(phone, "comment", COMMENT, on)
    say(phones[6], "reword", OTHER, on)
    people = session.scalars(
        select(Participant).where(Participant.workshop_id == workshop.id).order_by(Participant.number)
    ).all()
    with app.app_context():
        broadcaster.flush()
    room["screen"].get_received()
    for person in (people[0], people[4], people[6]):
        control(room["console"], workshop, action="remove_participant", participant_id=person.id)
    expected = [("rewording", REWORDING, 3), ("comment", COMMENT, 1), ("rewording", OTHER, 0)]

    # The console's lists, heard at once.
    with app.app_context():
        broadcaster.flush()
    console = received(room["screen"], "word_groups")[-1]["word_groups"]
    assert [(g["kind"], g["text"], g["people"]) for g in console] == expected
    assert [len(g["items"]) for g in console] == [4, 2, 1]

    control(room["console"], workshop, action="stage", stage="merge")
    session.expire_all()
    merge_page = suggestions(session, session.get(Workshop, workshop.id))
    [statement] = [
        s
        for kind in ("borrowed", "adapted", "parked")
        for s in merge_page[kind]
        if s["statement_id"] == on["statement_id"]
    ]
    assert [(r["text"], r["support"]) for r in statement["rewordings"]] == [(REWORDING, 3), (OTHER, 0)]

    started = room["console"].post(f"/api/workshops/{workshop.id}/draft", json={"theme_set": "kent"})
    assert started.status_code == 201, started.get_json()
    response = room["console"].get(f"/api/workshops/{workshop.id}/draft.docx?include=words")
    assert response.status_code == 200, response.data[:300]
    paragraphs = docx.Document(io.BytesIO(response.data)).paragraphs
    listed = [p.text for p in paragraphs if " suggested: " in p.text or " commented: " in p.text]
    assert listed == [
        f"3 people suggested: \u201c{REWORDING}\u201d",
        f"0 people suggested: \u201c{OTHER}\u201d",
        f"1 person commented: \u201c{COMMENT}\u201d",
    ]


def test_grouping_for_the_live_screens_never_loads_scikit_learn_in_the_server(tmp_path):
    """The near-identical words are compared in a worker (workshop/jobs.py), off the event loop."""
    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(REPO)!r})
        from workshop.similarity import same_wordings_in_worker
        groups = [[{REWORDING!r}, {NEAR!r}, {OTHER!r}, {REWORDING!r}], ["a", "a"]]
        print(same_wordings_in_worker(groups))
        print("sklearn" in sys.modules)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["[[[0, 1, 3], [2]], [[0, 1]]]", "False"]
