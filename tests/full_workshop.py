"""A workshop with something in every table a workshop holds, and how to read every row of the database.

For the tests of deleting a workshop and erasing a person: what they must leave
behind is found by comparing every table's rows, so a table added later is
checked too.
"""

import itertools
import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from workshop.draft.drafting import edit_statement, place_statement, remove_statement, start_draft
from workshop.live.actions import add_action
from workshop.live.operations import apply_operation
from workshop.live.paper import PaperEntry, enter_paper_totals
from workshop.live.participants import join_workshop
from workshop.live.priorities import add_outcome_set, choose_priority, set_priorities_phase
from workshop.live.workshops import create_workshop, open_board, set_stage, share_workshop
from workshop.models import Base, Facilitator, Participant, Workshop, utcnow
from workshop.reviews.reviewing import adopt_draft, answer_review, open_review

_operation_ids = itertools.count()


def act(session: Session, person: Participant, kind: str, **fields) -> dict:
    """One operation from a person's phone, committed; its result."""
    operation = {"id": f"full-workshop-{next(_operation_ids):06d}", "kind": kind, **fields}
    applied = apply_operation(session, person.id, operation)
    session.commit()
    return applied.result


def fill_workshop(session: Session, owner: Facilitator, helper: Facilitator, title: str) -> dict:
    """Three people who tag, reword, comment, write notes and cards and support each other's cards; tags from
    paper; cards on
    the priorities board, supported and voted for; a draft made from their words, with an edit and a parked
    statement; an action linked to a chosen priority; the draft adopted and reviewed; a co-facilitator."""
    workshop = create_workshop(session, owner, title=title, area="Kent", charter_slugs=["stockport", "cheshire-east"])
    share_workshop(session, workshop, helper.email)
    set_stage(workshop, "review")
    open_board(workshop, None)
    people = [join_workshop(session, workshop, display_name=f"{title} {n}", group="parent_carer")[0] for n in range(3)]
    session.commit()
    board = workshop.boards[0]
    statement = board.charter.current_statements[0]
    on_statement = {"board_id": board.id, "statement_id": statement.id}
    words = {}
    for number, person in enumerate(people):
        act(session, person, "tag", value="adapt", **on_statement)
        words[person.id] = {
            "rewording": act(session, person, "reword", text=f"We will listen, says {number}", **on_statement)[
                "rewording_id"
            ],
            "comment": act(session, person, "comment", text=f"Comment {number}", **on_statement)["comment_id"],
            "note": act(session, person, "note", board_id=board.id, column="missing", text=f"Note {number}")["note_id"],
            "card": act(session, person, "add_card", text=f"Card {number}")["card_id"],
        }
    for person, other in zip(people, people[1:] + people[:1], strict=True):
        act(session, person, "support", card_id=words[other.id]["card"], supported=True)
    enter_paper_totals(session, workshop, [PaperEntry(statement.id, "young_person", borrow=1, adapt=2, ignore=0)])
    add_outcome_set(session, workshop, "kent")
    set_stage(workshop, "priorities")
    session.commit()
    outcome_id = workshop.outcomes[0].id
    for number, person in enumerate(people):
        card = {"outcome_id": outcome_id, "column": "barrier", "text": f"Barrier {number}"}
        words[person.id]["priority_card"] = act(session, person, "add_priority_card", **card)["card_id"]
    for person, other in zip(people, people[1:] + people[:1], strict=True):
        act(session, person, "support_priority_card", card_id=words[other.id]["priority_card"], supported=True)
    set_priorities_phase(workshop, "voting")
    session.commit()
    for person, other in zip(people, people[1:] + people[:1], strict=True):
        act(session, person, "vote", card_id=words[other.id]["priority_card"], supported=True)
    chosen = words[people[0].id]["priority_card"]
    choose_priority(session, workshop, chosen, True)
    add_action(session, workshop, what="Share the training", who="CDC", due="March", link=f"priority:{chosen}")
    set_stage(workshop, "merge")
    draft = start_draft(session, workshop, "kent")
    statement_placed = place_statement(session, draft, draft.themes[0].id, text="We will review this together")
    adopt_draft(draft, utcnow())
    review = open_review(session, draft, title="A year on", closes_at=None, now=utcnow())
    answers = {statement_placed.id: ("partly", "Mostly")}
    answer_review(session, review, draft, None, group="health", answers=answers, now=utcnow())
    session.commit()
    return {"workshop": workshop, "people": people, "draft": draft, "statement": statement, "words": words}


def place_words_of(session: Session, room: dict, person: Participant) -> list[int]:
    """Draft statements made from one person's rewording and card, and one of the facilitator's own, edited
    and parked; their ids."""
    draft, theme, words = room["draft"], room["draft"].themes[0], room["words"][person.id]
    adapted = place_statement(
        session, draft, theme.id, source_statement_id=room["statement"].id, chosen_rewording_id=words["rewording"]
    )
    from_card = place_statement(session, draft, theme.id, source_card_id=words["card"])
    own = place_statement(session, draft, theme.id, text="We will write it together")
    edit_statement(session, draft, own.id, "We will write it all together", None)
    remove_statement(draft, own.id)
    session.commit()
    return [adapted.id, from_card.id, own.id]


def held_by_a_workshop() -> set[str]:
    """Every table whose rows belong to a workshop: those that refer to one, or to a row of such a table."""
    held = {Workshop.__tablename__}
    grew = True
    while grew:
        grew = False
        for table in Base.metadata.sorted_tables:
            if table.name not in held and any(key.column.table.name in held for key in table.foreign_keys):
                held.add(table.name)
                grew = True
    return held


def every_row(session: Session) -> dict[str, set[tuple]]:
    """Every row of every table the models describe, as it is now."""
    session.expire_all()
    return {
        table.name: {tuple(map(_hashable, row)) for row in session.execute(select(table))}
        for table in Base.metadata.sorted_tables
    }


def _hashable(value):
    # A JSON column's list or object, as its text.
    return json.dumps(value, sort_keys=True) if isinstance(value, list | dict) else value


def added_since(before: dict[str, set[tuple]], after: dict[str, set[tuple]]) -> dict[str, set[tuple]]:
    return {name: after[name] - before[name] for name in after if after[name] - before[name]}
