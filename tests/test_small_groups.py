"""Nobody can be singled out: a group smaller than the workshop's minimum is never shown on its own.

One young person and four parent carers: whatever anyone downloads or asks
for, no figure is the young person's.
"""

import csv
import io
import itertools
import json
import re
from datetime import date

import pytest
from docx import Document

from workshop.auth.accounts import issue_api_token
from workshop.config import load_config
from workshop.draft.drafting import load_draft, place_statement, start_draft
from workshop.errors import DomainError
from workshop.export.docx import draft_document
from workshop.live.breakdowns import fold_groups, groups_shown_in_room
from workshop.live.operations import apply_operation
from workshop.live.participants import join_workshop
from workshop.live.workshops import create_workshop, open_board, set_results_revealed, set_stage
from workshop.models import DOCUMENT_PARTS, Facilitator, Workshop

COUNTS = ("borrow", "adapt", "ignore")


def tally(borrow=0, adapt=0, ignore=0):
    return {"borrow": borrow, "adapt": adapt, "ignore": ignore}


def total_of(by_group, not_said=None):
    everyone = list(by_group.values()) + ([not_said] if not_said else [])
    return {value: sum(counts[value] for counts in everyone) for value in COUNTS}


# --- The folding, on its own -----------------------------------------------------------


def test_groups_of_the_minimum_or_more_are_shown_as_they_are():
    by_group = {"parent_carer": tally(borrow=3, adapt=1), "health": tally(ignore=3)}
    assert fold_groups(by_group, total_of(by_group), 3) == {
        "by_group": by_group,
        "other_groups": None,
        "groups_withheld": False,
    }


def test_one_small_group_is_not_folded_alone_but_withheld():
    # "Other groups" would be the young person alone, and so would the total less the parent carers.
    by_group = {"parent_carer": tally(borrow=4), "young_person": tally(adapt=1)}
    assert fold_groups(by_group, total_of(by_group), 3) == {
        "by_group": {},
        "other_groups": None,
        "groups_withheld": True,
    }


def test_small_groups_together_make_other_groups_when_there_are_enough_of_them():
    by_group = {"parent_carer": tally(borrow=4), "young_person": tally(adapt=1), "health": tally(borrow=1, ignore=1)}
    assert fold_groups(by_group, total_of(by_group), 3) == {
        "by_group": {"parent_carer": tally(borrow=4)},
        "other_groups": tally(borrow=1, adapt=1, ignore=1),
        "groups_withheld": False,
    }


def test_one_person_who_gave_no_group_cannot_be_had_by_subtraction():
    by_group = {"parent_carer": tally(borrow=4)}
    assert fold_groups(by_group, total_of(by_group, tally(adapt=1)), 3)["groups_withheld"] is True
    # Three who gave no group are enough to hide among.
    assert fold_groups(by_group, total_of(by_group, tally(adapt=3)), 3) == {
        "by_group": by_group,
        "other_groups": None,
        "groups_withheld": False,
    }


def test_the_smallest_group_shown_joins_the_rest_when_the_rest_is_too_small():
    by_group = {"parent_carer": tally(borrow=5), "health": tally(ignore=3), "young_person": tally(adapt=1)}
    folded = fold_groups(by_group, total_of(by_group), 3)
    assert folded["by_group"] == {"parent_carer": tally(borrow=5)}
    assert folded["other_groups"] == tally(adapt=1, ignore=3)


def test_the_minimum_is_the_workshops():
    by_group = {"parent_carer": tally(borrow=2), "young_person": tally(adapt=2)}
    assert fold_groups(by_group, total_of(by_group), 2)["by_group"] == by_group
    assert fold_groups(by_group, total_of(by_group), 3)["groups_withheld"] is True


def test_whatever_the_room_no_small_group_can_be_shown_or_worked_out():
    """Every room of up to four people in each of three groups and up to three who gave no group."""
    groups = ("parent_carer", "young_person", "health")
    for minimum in (2, 3, 4):
        for sizes in itertools.product(range(5), repeat=4):
            # Each person adapts in a group of their own, so a figure shown is a count of people.
            by_group = {group: tally(adapt=size) for group, size in zip(groups, sizes, strict=False) if size}
            total = total_of(by_group, tally(adapt=sizes[3]))
            folded = fold_groups(by_group, total, minimum)
            shown = sum(counts["adapt"] for counts in folded["by_group"].values())
            rest = total["adapt"] - shown
            assert all(counts["adapt"] >= minimum for counts in folded["by_group"].values()), (minimum, sizes)
            # With nothing shown by group, the rest is the total, which is always exact.
            assert not folded["by_group"] or rest == 0 or rest >= minimum, (minimum, sizes)
            if folded["other_groups"] is not None:
                assert folded["other_groups"]["adapt"] == rest
            assert folded["groups_withheld"] == (not folded["by_group"] and bool(by_group))


def test_groups_are_written_against_a_number_only_when_large_enough():
    assert groups_shown_in_room({"parent_carer": 4, "young_person": 1}, 3) == set()
    assert groups_shown_in_room({"parent_carer": 4, "young_person": 1, "health": 2}, 3) == {"parent_carer"}
    assert groups_shown_in_room({"parent_carer": 4, None: 3}, 3) == {"parent_carer"}


# --- One young person and four parent carers --------------------------------------------

YOUNG_PERSON_NAME = "Yasmin Young"


@pytest.fixture
def small_room(session, seeded, facilitator):
    """A young person who adapts, rewords and writes a card; four parent carers who borrow and support it."""
    workshop = create_workshop(
        session, facilitator, title="Our charter", area="Kent", charter_slugs=["stockport", "cheshire-east"]
    )
    set_stage(workshop, "review")
    open_board(workshop, None)
    set_results_revealed(workshop, True)
    young_person, young_token = join_workshop(session, workshop, display_name=YOUNG_PERSON_NAME, group="young_person")
    parent_carers = [join_workshop(session, workshop, group="parent_carer")[0] for _ in range(4)]
    session.commit()
    board = workshop.boards[0]
    statements = board.charter.current_statements[:3]
    count = itertools.count()

    def act(person, kind, **fields):
        applied = apply_operation(session, person.id, {"id": f"op-{next(count):06d}", "kind": kind, **fields})
        session.commit()
        return applied.result

    for statement in statements:
        act(young_person, "tag", board_id=board.id, statement_id=statement.id, value="adapt")
        for parent_carer in parent_carers:
            act(parent_carer, "tag", board_id=board.id, statement_id=statement.id, value="borrow")
    act(young_person, "reword", board_id=board.id, statement_id=statements[0].id, text="We will ask young people")
    card = act(young_person, "add_card", text="Say the age range: 0 to 25")["card_id"]
    for parent_carer in parent_carers[:2]:
        act(parent_carer, "support", card_id=card)
    set_stage(workshop, "merge")
    draft = start_draft(session, workshop, "kent")
    place_statement(session, draft, draft.themes[0].id, source_statement_id=statements[0].id)
    session.commit()
    return {"workshop": workshop, "young_token": young_token, "statements": statements}


def api(client, session, workshop):
    token = issue_api_token(session, session.get(Facilitator, workshop.owner_id))
    session.commit()
    return lambda path: client.get(f"/api/workshops/{workshop.id}/{path}", headers={"Authorization": f"Bearer {token}"})


def test_the_results_api_gives_no_figure_for_the_young_person(client, session, small_room):
    workshop = small_room["workshop"]
    response = api(client, session, workshop)("results")
    assert response.status_code == 200
    assert "young_person" not in response.get_data(as_text=True)
    statements = response.get_json()["boards"][0]["statements"]
    first = statements[0]
    # The total is exact; the groups are not shown, and it says why.
    assert first["counts"] == tally(borrow=4, adapt=1)
    assert first["by_group"] == {} and first["other_groups"] is None and first["groups_withheld"] is True
    assert first["group_note"].startswith("Groups of fewer than 3 people are not shown on their own")
    untagged = statements[-1]
    assert untagged["by_group"] == {} and untagged["groups_withheld"] is False and untagged["group_note"] is None


def test_the_csv_files_give_no_figure_for_the_young_person(client, session, small_room):
    workshop = small_room["workshop"]
    get = api(client, session, workshop)
    results = get("results.csv")
    assert results.status_code == 200
    assert results.headers["Content-Disposition"].startswith('attachment; filename="kent-results-')
    text = results.data.decode("utf-8-sig")
    assert "Young person" not in text and "Parent carer" not in text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == [
        "board",
        "charter",
        "theme",
        "statement",
        "group",
        "borrow",
        "adapt",
        "ignore",
        "not_sure",
        "note",
    ]
    first = [row for row in rows if row["statement"] == small_room["statements"][0].text]
    assert [(row["group"], row["borrow"], row["adapt"]) for row in first] == [("Everyone", "4", "1")]
    assert first[0]["note"].startswith("Groups of fewer than 3 people")
    # Per statement, not per person: one row each when nobody's group can be shown, and the supporters' figure.
    assert len(rows) == sum(len(board.charter.current_statements) for board in workshop.boards) + 1
    assert (rows[-1]["group"], rows[-1]["note"]) == ("Everyone", "Nobody took part with a supporter")

    # Every tag only when asked for knowingly, and even then no group is written against a number.
    refused = get("tags.csv")
    assert refused.status_code == 400 and refused.get_json()["error"] == "per_person_not_chosen"
    assert "one person's every choice" in refused.get_json()["message"]
    tags = get("tags.csv?per_person=yes").data.decode("utf-8-sig")
    assert "Young person" not in tags and YOUNG_PERSON_NAME not in tags
    assert {row["group"] for row in csv.DictReader(io.StringIO(tags))} == {""}


def test_the_word_appendix_gives_no_figure_for_the_young_person(session, small_room):
    workshop = session.get(Workshop, small_room["workshop"].id)
    document = Document(
        io.BytesIO(
            draft_document(session, workshop, load_draft(session, workshop.id), date(2026, 12, 1), DOCUMENT_PARTS)
        )
    )
    text = "\n".join(
        [paragraph.text for paragraph in document.paragraphs]
        + [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    )
    assert "Young person" not in text and "Parent carer" not in text
    assert "Who was in the room is not shown by group. Groups of fewer than 3 people" in text
    counts = next(table for table in document.tables if table.rows[0].cells[0].text == "Statement")
    rows = [[cell.text for cell in row.cells] for row in counts.rows]
    assert rows[0] == ["Statement", "Everyone", "By group"]
    first = small_room["statements"][0].text
    assert [first, "4/1/0", "Not shown by group"] in rows


def test_the_json_export_gives_no_group_for_the_young_person(client, session, small_room):
    workshop = small_room["workshop"]
    response = api(client, session, workshop)("export.json")
    assert response.status_code == 200
    exported = response.get_json()
    assert "young_person" not in json.dumps(exported) and YOUNG_PERSON_NAME not in json.dumps(exported)
    assert {person["group"] for person in exported["participants"]} == {None}
    assert exported["workshop"]["min_group_size"] == 3


def test_the_merge_page_gives_no_figure_for_the_young_person(client, session, small_room):
    workshop = small_room["workshop"]
    with client.session_transaction() as flask_session:
        flask_session["_user_id"] = str(workshop.owner_id)
    html = client.get(f"/workshops/{workshop.id}/draft").get_data(as_text=True)
    assert "Young person 1" not in html and "Parent carer 4" not in html
    assert "By group: not shown by group." in html
    assert "(1 person: not shown by group)" in html
    assert "Supported by <strong>2 people</strong>: not shown by group" in html


def group_lists(html: str) -> list[str]:
    """The text of every list of results by group on a page."""
    return [re.sub(r"\s+", " ", found).strip() for found in re.findall(r"<ul[^>]*data-by-group>(.*?)</ul>", html, re.S)]


# Not what the page says: its scripts and data blocks, and the console's form for tags on paper, which offers
# every group to choose from as the join page does.
NOT_SAID = r"<script.*?</script>|<section[^>]*id=\"paper\".*?</section>"


def text_of(html: str) -> str:
    """What a page shows as text: no scripts or data blocks, no attributes, no groups offered to choose from."""
    return re.sub(r"<[^>]+>", " ", re.sub(NOT_SAID, "", html, flags=re.S))


def test_the_screens_give_no_figure_for_the_young_person_unless_the_facilitator_asks(client, session, small_room):
    workshop = small_room["workshop"]
    set_stage(session.get(Workshop, workshop.id), "review")
    session.commit()
    projector = client.get(f"/projector/{workshop.code}/{workshop.projector_key}").get_data(as_text=True)
    assert group_lists(projector)[0] == '<li class="app-groups-withheld">Not shown by group</li>'
    assert "Groups under 3 people count as Other groups." in projector

    client.set_cookie(f"cw_participant_{workshop.id}", small_room["young_token"])
    phone = client.get(f"/w/{workshop.code}")
    assert phone.status_code == 200 and "data-by-group" not in phone.get_data(as_text=True)

    with client.session_transaction() as flask_session:
        flask_session["_user_id"] = str(workshop.owner_id)
    console = client.get(f"/workshops/{workshop.id}").get_data(as_text=True)
    assert group_lists(console)[0] == '<li class="app-groups-withheld">Not shown by group</li>'
    assert 'data-real-figures="no"' in console and YOUNG_PERSON_NAME in text_of(console)
    # Not in the results, and not next to the person in the list of people either.
    assert "Young person" not in text_of(console)
    # The real figures, only when chosen, with a warning to keep them off the big screen.
    real = client.get(f"/workshops/{workshop.id}?figures=real").get_data(as_text=True)
    assert (
        group_lists(real)[0]
        == "<li>Parent carer: 4 borrow, 0 adapt, 0 ignore</li><li>Young person: 0 borrow, 1 adapt, 0 ignore</li>"
    )
    assert "Keep this page off the big screen" in real


def test_the_facilitator_sets_the_minimum_never_below_two(client, session, small_room, facilitator):
    workshop = small_room["workshop"]
    with client.session_transaction() as flask_session:
        flask_session["_user_id"] = str(workshop.owner_id)
    control = f"/workshops/{workshop.id}/control"
    refused = client.post(control, data={"action": "min_group_size", "min_group_size": "1"}, follow_redirects=True)
    assert "must be a whole number from 2 to 20" in refused.get_data(as_text=True)
    assert client.post(control, data={"action": "min_group_size", "min_group_size": "2"}).status_code == 302
    session.expire_all()
    assert session.get(Workshop, workshop.id).min_group_size == 2
    results = client.get(f"/api/workshops/{workshop.id}/results").get_json()
    # Four parent carers and one young person: still the young person by subtraction, so still withheld.
    assert results["boards"][0]["statements"][0]["groups_withheld"] is True
    assert results["workshop"]["min_group_size"] == 2

    for value in (1, 0, -3, 21, 2.5, True, "three", None):
        with pytest.raises(DomainError, match="from 2 to 20"):
            create_workshop(session, facilitator, title="Ours", charter_slugs=["stockport"], min_group_size=value)
    created = client.post("/api/workshops", json={"title": "Ours", "charters": ["stockport"], "min_group_size": 1})
    assert created.status_code == 400 and created.get_json()["error"] == "invalid_min_group_size"
    created = client.post("/api/workshops", json={"title": "Ours", "charters": ["stockport"], "min_group_size": 5})
    assert created.status_code == 201
    assert session.get(Workshop, created.get_json()["id"]).min_group_size == 5


def test_a_new_workshop_takes_the_installations_minimum_unless_told(session, seeded, facilitator, client):
    with client.session_transaction() as flask_session:
        flask_session["_user_id"] = str(facilitator.id)
    form = client.get("/workshops/new").get_data(as_text=True)
    assert 'id="min_group_size" name="min_group_size" type="text" inputmode="numeric" value="3"' in form
    refused = client.post("/workshops/new", data={"title": "Ours", "charters": "stockport", "min_group_size": "1"})
    assert refused.status_code == 400 and "must be a whole number from 2 to 20" in refused.get_data(as_text=True)
    made = client.post("/workshops/new", data={"title": "Ours", "charters": "stockport", "min_group_size": "4"})
    assert made.status_code == 302
    assert session.get(Workshop, int(made.location.rsplit("/", 1)[1])).min_group_size == 4


def test_the_installations_minimum_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("MIN_GROUP_SIZE", "5")
    assert load_config(tmp_path, {"SECRET_KEY": "x"})["MIN_GROUP_SIZE"] == 5
    for wrong in ("1", "21", "three"):
        monkeypatch.setenv("MIN_GROUP_SIZE", wrong)
        with pytest.raises(ValueError, match="MIN_GROUP_SIZE must be a whole number from 2 to 20"):
            load_config(tmp_path, {"SECRET_KEY": "x"})
