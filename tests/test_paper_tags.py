"""Paper tags counted alongside: the facilitator enters, per statement and group, how many chose Borrow, Adapt
and Ignore on the printed sheets; they count in every count, are marked as from paper where the results are
listed, never single anyone out, and a correction replaces them (issue 17)."""

import csv
import io

import docx
import pytest
from markupsafe import escape

from workshop import labels
from workshop.errors import DomainError
from workshop.export.archive import export_workshop
from workshop.extensions import socketio
from workshop.live.breakdowns import paper_figure
from workshop.live.broadcast import broadcaster
from workshop.live.paper import PaperEntry, enter_paper_totals, paper_totals
from workshop.live.workshops import create_workshop
from workshop.models import Facilitator, PaperTotal


@pytest.fixture
def room(app, session, seeded, facilitator):
    workshop = create_workshop(
        session, facilitator, title="Kent refresh", area="Kent", charter_slugs=["stockport", "cheshire-east"]
    )
    session.commit()
    console = app.test_client()
    with console.session_transaction() as flask_session:
        flask_session["_user_id"] = str(facilitator.id)
        flask_session["_fresh"] = True
    board = workshop.boards[0]
    return {
        "workshop": workshop,
        "console": console,
        "board": board,
        "statements": [statement.id for statement in board.charter.current_statements],
    }


def entry(statement_id, group=None, borrow=0, adapt=0, ignore=0):
    return PaperEntry(statement_id=statement_id, group=group, borrow=borrow, adapt=adapt, ignore=ignore)


def stored(session):
    """Every total stored, as a set: (statement, group, borrow, adapt, ignore)."""
    session.expire_all()
    return {(row.statement_id, row.group_name, row.borrow, row.adapt, row.ignore) for row in session.query(PaperTotal)}


def test_how_many_came_from_paper_is_shown_only_as_the_minimum_allows():
    total = {"borrow": 6, "adapt": 2, "ignore": 1}
    assert paper_figure({"borrow": 1, "adapt": 0, "ignore": 0}, total, 3) == {
        "people": None,
        "fewer_than": 3,
        "counts": None,
        "text": "Includes fewer than 3 from paper",
    }
    # Four on paper and five on phones: how those on paper chose may be shown.
    assert paper_figure({"borrow": 3, "adapt": 1, "ignore": 0}, total, 3) == {
        "people": 4,
        "fewer_than": None,
        "counts": {"borrow": 3, "adapt": 1, "ignore": 0},
        "text": "Includes 4 from paper",
    }
    # Seven on paper and two on phones: the total less the paper would be the two phones' choices.
    seven = paper_figure({"borrow": 5, "adapt": 1, "ignore": 1}, total, 3)
    assert seven["people"] == 7 and seven["counts"] is None
    # Everyone on paper: the total is theirs anyway.
    assert paper_figure(total, total, 3)["counts"] == total


def test_totals_are_stored_and_a_correction_replaces_them(session, room):
    workshop, first, second = room["workshop"], *room["statements"][:2]
    changed = enter_paper_totals(
        session,
        workshop,
        [entry(first, "young_person", borrow=2, adapt=1), entry(first, None, ignore=3), entry(second, borrow=1)],
    )
    session.commit()
    assert changed == {room["board"].id}
    assert stored(session) == {(first, "young_person", 2, 1, 0), (first, None, 0, 0, 3), (second, None, 1, 0, 0)}
    # Entered again, a statement and group's totals are a correction: they replace, never add.
    enter_paper_totals(session, workshop, [entry(first, "young_person", borrow=4)])
    enter_paper_totals(session, workshop, [entry(first, None, adapt=1)])
    session.commit()
    assert stored(session) == {(first, "young_person", 4, 0, 0), (first, None, 0, 1, 0), (second, None, 1, 0, 0)}
    # Nought of each takes them away.
    enter_paper_totals(session, workshop, [entry(second), entry(first, "young_person")])
    session.commit()
    assert stored(session) == {(first, None, 0, 1, 0)}
    assert paper_totals(session, workshop) == [
        {
            "board_id": room["board"].id,
            "statement_id": first,
            "statement": room["board"].charter.current_statements[0].text,
            "group": None,
            "borrow": 0,
            "adapt": 1,
            "ignore": 0,
        }
    ]


@pytest.mark.parametrize(
    ("entries", "code", "message"),
    [
        ([], "no_paper_totals", "at least one statement"),
        ([{"borrow": -1}], "invalid_borrow", "Borrow must be a whole number from 0 to 500."),
        ([{"adapt": 501}], "invalid_adapt", "Adapt must be a whole number from 0 to 500."),
        ([{"ignore": True}], "invalid_ignore", "Ignore must be a whole number"),
        ([{"borrow": "3"}], "invalid_borrow", "Borrow must be a whole number"),
        ([{"group": "parent"}], "invalid_group", "Choose one of the groups listed"),
        ([{"statement_id": 10**9}], "unknown_statement", "not on a charter this workshop reviews"),
        ([{"borrow": 1}, {"borrow": 2}], "repeated_paper_totals", "entries[1]: The same statement and group"),
        ([{"borrow": 1}, {"group": "health", "adapt": 999}], "invalid_adapt", "entries[1]: Adapt must"),
    ],
)
def test_what_will_not_do_is_refused_whole(session, room, entries, code, message):
    first = room["statements"][0]
    enter_paper_totals(session, room["workshop"], [entry(first, "health", borrow=2)])
    session.commit()
    sent = [
        PaperEntry(**({"statement_id": first, "group": None, "borrow": 0, "adapt": 0, "ignore": 0} | e))
        for e in entries
    ]
    with pytest.raises(DomainError) as refused:
        enter_paper_totals(session, room["workshop"], sent)
    assert refused.value.code == code
    assert message in refused.value.message
    session.rollback()
    assert stored(session) == {(first, "health", 2, 0, 0)}


def test_only_the_workshops_charters_and_groups(session, room, facilitator):
    other = create_workshop(session, facilitator, title="Other", charter_slugs=["warwickshire"])
    other.ask_groups = False
    session.commit()
    # A statement of a charter the workshop does not review.
    with pytest.raises(DomainError) as refused:
        enter_paper_totals(session, other, [entry(room["statements"][0], borrow=1)])
    assert refused.value.code == "unknown_statement"
    # A workshop that asks no groups takes totals with no group only, as its phones give none.
    theirs = other.boards[0].charter.current_statements[0].id
    with pytest.raises(DomainError) as refused:
        enter_paper_totals(session, other, [entry(theirs, "parent_carer", borrow=1)])
    assert "does not ask people's groups" in refused.value.message
    session.rollback()
    enter_paper_totals(session, other, [entry(theirs, "", borrow=1)])
    session.commit()
    assert stored(session) == {(theirs, None, 1, 0, 0)}


def post(room, body, **kwargs):
    return room["console"].post(f"/api/workshops/{room['workshop'].id}/paper-tags", json=body, **kwargs)


def control(room, **values):
    response = room["console"].post(f"/api/workshops/{room['workshop'].id}/control", json=values)
    assert response.status_code == 200, response.get_json()


def three_parent_carers_borrow(app, room, statement_id):
    """The room at the review, and three phones, parent carers, that borrow the statement."""
    workshop = room["workshop"]
    control(room, action="stage", stage="review")
    for number in range(3):
        browser = app.test_client()
        assert browser.post(f"/join/{workshop.code}", data={"group": "parent_carer"}).status_code == 302
        phone = socketio.test_client(
            app, flask_test_client=browser, auth={"workshop": workshop.code, "role": "participant"}
        )
        tag = {"kind": "tag", "value": "borrow", "board_id": room["board"].id, "statement_id": statement_id}
        ack = phone.emit("operation", {"id": f"paper-tag-{number}", **tag}, callback=True)
        assert ack["ok"], ack


def results_of(room, statement_id):
    results = room["console"].get(f"/api/workshops/{room['workshop'].id}/results").get_json()
    return next(s for board in results["boards"] for s in board["statements"] if s["id"] == statement_id)


@pytest.mark.parametrize(
    ("body", "error", "message"),
    [
        ("not an object", "invalid_json", "Send a JSON object"),
        ({"group": None, "borrow": 1, "adapt": 0, "ignore": 0}, "invalid_body", "has no 'statement_id'"),
        ({"statement_id": 1, "borrow": "3", "adapt": 0, "ignore": 0}, "invalid_body", "'borrow' in the request"),
        ({"statement_id": 1, "borrow": 2**31, "adapt": 0, "ignore": 0}, "invalid_body", "2,147,483,647 or less"),
        ({"statement_id": 1, "group": 7, "borrow": 1, "adapt": 0, "ignore": 0}, "invalid_body", "'group'"),
        ({"entries": "all"}, "invalid_body", "'entries' in the request must be a list"),
        ({"entries": [{"statement_id": 1, "borrow": 1, "adapt": 0}]}, "invalid_body", "entries[0] has no 'ignore'"),
        ({"entries": [7]}, "invalid_body", "entries[0] must be an object"),
        ({"entries": []}, "no_paper_totals", "at least one statement"),
    ],
)
def test_a_body_that_will_not_do_is_a_400_saying_why(session, room, body, error, message):
    response = (
        post(room, body)
        if not isinstance(body, str)
        else room["console"].post(f"/api/workshops/{room['workshop'].id}/paper-tags", data=body)
    )
    assert response.status_code == 400, response.get_json()
    assert response.get_json()["error"] == error
    assert message in response.get_json()["message"]
    assert stored(session) == set()


def test_only_the_workshops_facilitators(app, session, room):
    body = {"statement_id": room["statements"][0], "borrow": 1, "adapt": 0, "ignore": 0}
    assert app.test_client().post(f"/api/workshops/{room['workshop'].id}/paper-tags", json=body).status_code == 401
    stranger = Facilitator(email="stranger@example.org", password_hash="unused")
    session.add(stranger)
    session.commit()
    other = app.test_client()
    with other.session_transaction() as flask_session:
        flask_session["_user_id"] = str(stranger.id)
        flask_session["_fresh"] = True
    assert other.post(f"/api/workshops/{room['workshop'].id}/paper-tags", json=body).status_code == 404
    assert other.get(f"/api/workshops/{room['workshop'].id}/paper-tags").status_code == 404
    assert stored(session) == set()


def test_paper_totals_count_in_the_results_and_every_screen_hears_them(app, session, room):
    workshop, console = room["workshop"], room["console"]
    first, second = room["statements"][:2]
    facilitator_screen = socketio.test_client(
        app, flask_test_client=console, auth={"workshop": workshop.code, "role": "facilitator"}
    )
    projector = socketio.test_client(
        app, auth={"workshop": workshop.code, "role": "projector", "key": workshop.projector_key}
    )
    three_parent_carers_borrow(app, room, first)
    with app.app_context():
        broadcaster.flush()
    facilitator_screen.get_received()
    projector.get_received()

    # A whole sheet at once: four young people on paper, and three who gave no group.
    sheet = {
        "entries": [
            {"statement_id": first, "group": "young_person", "borrow": 1, "adapt": 3, "ignore": 0},
            {"statement_id": first, "group": None, "borrow": 0, "adapt": 0, "ignore": 3},
            {"statement_id": second, "group": "young_person", "borrow": 0, "adapt": 0, "ignore": 2},
        ]
    }
    answer = post(room, sheet)
    assert answer.status_code == 200, answer.get_json()
    assert [(t["statement_id"], t["group"]) for t in answer.get_json()["paper_tags"]] == [
        (first, None),
        (first, "young_person"),
        (second, "young_person"),
    ]
    assert console.get(f"/api/workshops/{workshop.id}/paper-tags").get_json() == answer.get_json()
    counted = results_of(room, first)
    assert counted["counts"] == {"borrow": 4, "adapt": 3, "ignore": 3}
    assert counted["by_group"] == {
        "parent_carer": {"borrow": 3, "adapt": 0, "ignore": 0},
        "young_person": {"borrow": 1, "adapt": 3, "ignore": 0},
    }
    assert counted["other_groups"] is None
    # Seven on paper and three on phones: how those on paper chose may be shown.
    assert counted["paper"] == {
        "people": 7,
        "fewer_than": None,
        "counts": {"borrow": 1, "adapt": 3, "ignore": 3},
        "text": "Includes 7 from paper",
    }
    # Two on paper, nobody on phones: fewer than the minimum, so only that some were.
    assert results_of(room, second)["paper"] == {
        "people": None,
        "fewer_than": 3,
        "counts": None,
        "text": "Includes fewer than 3 from paper",
    }
    assert results_of(room, second)["by_group"] == {}
    assert results_of(room, room["statements"][2])["paper"] is None

    # The console and the projector hear the new counts, as after a tag.
    with app.app_context():
        broadcaster.flush()
    heard = [e["args"][0] for e in facilitator_screen.get_received() if e["name"] == "counts"]
    assert heard[-1]["counts"][str(first)]["total"] == {"borrow": 4, "adapt": 3, "ignore": 3}
    assert heard[-1]["tagged"][str(first)] == 10
    shown = [e["args"][0] for e in projector.get_received() if e["name"] == "counts"]
    assert shown[-1]["tagged"][str(first)] == 10 and shown[-1]["counts"] == {}

    # A correction replaces the young people's totals; the rest stay.
    corrected = post(room, {"statement_id": first, "group": "young_person", "borrow": 2, "adapt": 1, "ignore": 0})
    assert corrected.status_code == 200, corrected.get_json()
    assert results_of(room, first)["counts"] == {"borrow": 5, "adapt": 1, "ignore": 3}
    with app.app_context():
        broadcaster.flush()
    heard = [e["args"][0] for e in facilitator_screen.get_received() if e["name"] == "counts"]
    assert heard[-1]["counts"][str(first)]["total"] == {"borrow": 5, "adapt": 1, "ignore": 3}
    # Revealed, the big screen's summary counts them too.
    control(room, action="reveal")
    control(room, action="summary")
    summary = projector.emit("snapshot", callback=True)["snapshot"]["summary"]
    assert summary["ignore"][0]["statement_id"] == second
    assert summary["ignore"][0]["total"] == {"borrow": 0, "adapt": 0, "ignore": 2}


def csv_rows(room, statement_text):
    sent = room["console"].get(f"/api/workshops/{room['workshop'].id}/results.csv")
    assert sent.status_code == 200
    return [row[4:] for row in csv.reader(io.StringIO(sent.data.decode("utf-8-sig"))) if row[3] == statement_text]


def test_the_csv_the_word_appendix_and_the_workshop_file_mark_them_as_from_paper(app, session, room):
    workshop, console = room["workshop"], room["console"]
    first, second = room["statements"][:2]
    texts = {s.id: s.text for s in room["board"].charter.current_statements}
    three_parent_carers_borrow(app, room, first)
    sheet = [
        {"statement_id": first, "group": "young_person", "borrow": 1, "adapt": 3, "ignore": 0},
        {"statement_id": first, "group": "health", "borrow": 1, "adapt": 0, "ignore": 0},
        {"statement_id": second, "group": None, "borrow": 0, "adapt": 0, "ignore": 2},
    ]
    assert post(room, {"entries": sheet}).status_code == 200

    # The CSV: the counts with the paper in them, then a row saying how many came from paper.
    assert csv_rows(room, texts[first]) == [
        ["Everyone", "5", "3", "0", "0", labels.GROUP_NOTE.format(minimum=3)],
        ["Young person", "1", "3", "0", "", ""],
        ["Other groups", "4", "0", "0", "", ""],
        ["From paper", "2", "3", "0", "", "Includes 5 from paper"],
    ]
    assert csv_rows(room, texts[second]) == [
        ["Everyone", "0", "0", "2", "0", ""],
        ["From paper", "", "", "", "", "Includes fewer than 3 from paper"],
    ]

    # The Word appendix says so, and its table has a From paper column.
    control(room, action="stage", stage="merge")
    assert console.post(f"/api/workshops/{workshop.id}/draft", json={"theme_set": "kent"}).status_code == 201
    sent = console.get(f"/api/workshops/{workshop.id}/draft.docx?include=counts")
    assert sent.status_code == 200, sent.get_json()
    document = docx.Document(io.BytesIO(sent.data))
    assert "Some people chose on paper sheets rather than on a phone." in "\n".join(p.text for p in document.paragraphs)
    counts = [t for t in document.tables if t.rows[0].cells[0].text == "Statement" and len(t.rows) > 3]
    # Only the board some of whose counts came from paper has the column.
    (table,) = [t for t in counts if t.rows[0].cells[-1].text == "From paper"]
    assert len(counts) == 2
    rows = {row.cells[0].text: [cell.text for cell in row.cells] for row in table.rows[1:]}
    assert rows[texts[first]][1] == "5/3/0"
    assert rows[texts[first]][-1] == "Includes 5 from paper: 2/3/0"
    assert rows[texts[second]][1] == "0/0/2"
    assert rows[texts[second]][-1] == "Includes fewer than 3 from paper"
    assert rows[texts[room["statements"][2]]][-1] == ""

    # The workshop's file: the health group, one person on paper, is counted with those who gave none.
    exported = export_workshop(session, workshop)
    assert sorted(
        (t["statement"], t["group"] or "", t["borrow"], t["adapt"], t["ignore"]) for t in exported["paper_totals"]
    ) == sorted([(first, "", 1, 0, 0), (first, "young_person", 1, 3, 0), (second, "", 0, 0, 2)])
    restored = console.post("/api/workshops/import", json=exported)
    assert restored.status_code == 201, restored.get_json()
    again = console.get(f"/api/workshops/{restored.get_json()['id']}/results").get_json()
    counted = {s["text"]: s for board in again["boards"] for s in board["statements"]}
    assert counted[texts[first]]["counts"] == {"borrow": 5, "adapt": 3, "ignore": 0}
    assert counted[texts[first]]["paper"]["text"] == "Includes 5 from paper"
    for bad, message in (
        ({"borrow": -1}, "'borrow' in paper_totals[0] must be 0 or more"),
        ({"adapt": 501}, "'adapt' in paper_totals[0] must be 500 or less"),
        ({"group": "parent"}, "'group' in paper_totals[0] must be one of"),
        ({"statement": room["statements"][0] + 100000}, "refers to statement"),
    ):
        refused = console.post(
            "/api/workshops/import",
            json=dict(exported, paper_totals=[dict(exported["paper_totals"][0], **bad)]),
        )
        assert refused.status_code == 400
        assert message in refused.get_json()["message"], refused.get_json()
    twice = dict(exported, paper_totals=exported["paper_totals"][:1] * 2)
    assert "again" in console.post("/api/workshops/import", json=twice).get_json()["message"]


def console_page(room, response=None) -> str:
    page = response if response is not None else room["console"].get(f"/workshops/{room['workshop'].id}")
    return " ".join(page.get_data(as_text=True).split())


def test_the_console_form_saves_corrects_and_removes_them_and_says_what_is_wrong(app, session, room):
    workshop, console = room["workshop"], room["console"]
    first = room["statements"][0]
    text = escape(room["board"].charter.current_statements[0].text)
    page = console_page(room)
    assert '<section class="app-console__section" id="paper"' in page
    assert "No totals from paper yet." in page
    form = f"/workshops/{workshop.id}/paper-tags"

    saved = console.post(form, data={"statement_id": first, "group": "young_person", "borrow": "2", "adapt": " 1 "})
    assert saved.status_code == 302 and saved.location.endswith(f"/workshops/{workshop.id}#paper")
    assert stored(session) == {(first, "young_person", 2, 1, 0)}
    page = console_page(room)
    assert f"Totals from paper saved for “{text}”, Young person: 2 borrow, 1 adapt, 0 ignore." in page
    assert '<td class="govuk-table__cell">Young person</td>' in page

    # "Correct" fills the form with what is stored; saving again replaces it.
    correcting = console.get(f"/workshops/{workshop.id}?paper_statement={first}&paper_group=young_person").get_data(
        as_text=True
    )
    assert f'<option value="{first}" selected>' in correcting
    assert '<option value="young_person" selected>' in correcting
    assert 'id="paper-borrow" name="borrow" type="text" inputmode="numeric" autocomplete="off" value="2"' in correcting
    assert console.post(form, data={"statement_id": first, "group": "young_person", "borrow": "3"}).status_code == 302
    assert stored(session) == {(first, "young_person", 3, 0, 0)}

    # What will not do: the console again, saying what and where, with what was typed; nothing changed.
    for sent, field, message in (
        ({"borrow": "two"}, "borrow", "Enter Borrow as a whole number, such as 3, or leave it empty for none."),
        ({"adapt": "-1"}, "adapt", "Enter Adapt as a whole number"),
        ({"ignore": "501"}, "ignore", "Ignore must be a whole number from 0 to 500."),
        ({"group": "parents"}, "group", "Choose one of the groups listed, or no group."),
        ({"statement_id": ""}, "statement_id", "Choose the statement the totals are for."),
        ({"statement_id": "999999"}, "statement_id", "That statement is not on a charter this workshop reviews."),
    ):
        refused = console.post(form, data={"statement_id": first, "group": "health", **sent})
        assert refused.status_code == 400
        page = console_page(room, refused)
        assert "<title>Error: " in page
        assert f'<li><a href="#paper-{field}">{message}' in page
        assert f'id="paper-{field}-error"><span class="govuk-visually-hidden">Error:</span> {message}' in page
        assert stored(session) == {(first, "young_person", 3, 0, 0)}
    assert 'name="borrow" type="text" inputmode="numeric" autocomplete="off" value="two"' in console_page(
        room, console.post(form, data={"statement_id": first, "borrow": "two"})
    )

    # Nought of each removes them.
    assert console.post(form, data={"statement_id": first, "group": "young_person"}).status_code == 302
    assert stored(session) == set()
    assert f"Totals from paper removed for “{text}”, Young person." in console_page(room)


def test_the_draft_from_the_results_and_the_big_screens_focus_count_them(app, session, room):
    workshop, console = room["workshop"], room["console"]
    first, second = room["statements"][:2]
    control(room, action="stage", stage="review")
    control(room, action="reveal")
    # Only paper: four borrowed the first, three ignored the second.
    sheet = [
        {"statement_id": first, "group": None, "borrow": 4, "adapt": 0, "ignore": 0},
        {"statement_id": second, "group": None, "borrow": 0, "adapt": 0, "ignore": 3},
    ]
    assert post(room, {"entries": sheet}).status_code == 200
    control(room, action="focus", board_id=room["board"].id, statement_id=first)
    projector = socketio.test_client(
        app, auth={"workshop": workshop.code, "role": "projector", "key": workshop.projector_key}
    )
    focus = projector.get_received()[0]["args"][0]["focus"]
    assert focus["counts"]["total"] == {"borrow": 4, "adapt": 0, "ignore": 0}
    assert focus["counts"]["paper"]["text"] == "Includes 4 from paper"

    control(room, action="stage", stage="merge")
    assert console.post(f"/api/workshops/{workshop.id}/draft", json={"theme_set": "kent"}).status_code == 201
    suggested = console.get(f"/api/workshops/{workshop.id}/draft/suggestions").get_json()
    borrowed = {s["statement_id"]: s for s in suggested["borrowed"]}
    assert borrowed[first]["counts"]["tagged"] == 4
    assert borrowed[first]["counts"]["paper"]["people"] == 4
    parked = {s["statement_id"]: s for s in suggested["parked"]}
    assert parked[second]["reason"] == "ignored"
    assert parked[second]["counts"]["paper"]["fewer_than"] is None
    page = " ".join(console.get(f"/workshops/{workshop.id}/draft").get_data(as_text=True).split())
    assert "(includes 4 from paper)" in page
