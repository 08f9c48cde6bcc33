"""Everything a screen may see, at once: for a page load and for every (re)connect.

There are three kinds of screen. A participant sees the open boards, their own
tags and words, the cards, and results once the facilitator reveals them. The
projector sees what the room sees together, never a name. The facilitator
sees everything, including what was hidden. From the merge stage on, the room
also sees the draft as the facilitator builds it (the draft package builds it;
how it is shown is here, with the rest of what screens see).
"""

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ..models import (
    Board,
    BoardNote,
    CardSupport,
    Comment,
    Draft,
    DraftStatement,
    DraftStatementEdit,
    DraftTheme,
    MissingCard,
    Participant,
    Rewording,
    Tag,
    Workshop,
)
from .actions import action_plan
from .breakdowns import protected_counts, supported_figure
from .focus import focus_order, focused_statement, projector_focus, shown_boards
from .participants import joined_count, supported_count
from .priorities import my_priorities, priorities_board
from .results import agreement, board_counts, card_support_counts
from .words import grouped_words

# The room sees the draft from the merge stage on.
DRAFT_STAGES = ("merge", "closed")


def workshop_state(workshop: Workshop) -> dict:
    """The public state of the room: what every screen follows."""
    return {
        "id": workshop.id,
        "code": workshop.code,
        "title": workshop.title,
        "area": workshop.area,
        "stage": workshop.stage,
        "results_revealed": workshop.results_revealed,
        "tagging_locked": workshop.tagging_locked,
        "ask_groups": workshop.ask_groups,
        "min_group_size": workshop.min_group_size,
        "priorities_phase": workshop.priorities_phase,
        "votes_per_person": workshop.votes_per_person,
        "current_board_id": workshop.current_board_id,
        "open_board_ids": [board.id for board in workshop.boards if board.is_open],
        # What the big screen shows: every statement, one in focus, or the summary (live/focus.py).
        "projector": projector_focus(workshop),
        # Whether each phone goes to the statement in focus as the big screen moves.
        "phones_follow_focus": workshop.phones_follow_focus,
    }


def board_outline(board: Board) -> dict:
    charter = board.charter
    return {
        "id": board.id,
        "is_open": board.is_open,
        "charter": {"slug": charter.slug, "title": charter.title, "area": charter.area, "status": charter.status},
        "themes": [
            {
                "title": theme.title,
                "statements": [
                    {"id": s.id, "text": s.text, "easy_read": s.easy_read} for s in theme.current_statements
                ],
            }
            for theme in charter.current_themes
        ],
    }


def tagged_counts(counts: dict[int, dict]) -> dict[int, int]:
    """How many have tagged each statement, without saying how: shown before results are revealed."""
    return {statement_id: sum(entry["total"].values()) for statement_id, entry in counts.items()}


def skipped_counts(counts: dict[int, dict]) -> dict[int, int]:
    """How many chose "Not sure" for each statement: shown with how many tagged it."""
    return {statement_id: entry["skipped"] for statement_id, entry in counts.items() if entry["skipped"]}


def visible_cards(session: Session, workshop_id: int, *, include_hidden: bool = False) -> list[dict]:
    """The What's missing cards, most supported first."""
    supports = card_support_counts(session, workshop_id)
    query = select(MissingCard).where(MissingCard.workshop_id == workshop_id)
    if not include_hidden:
        query = query.where(MissingCard.hidden.is_(False))
    cards = [
        {"id": card.id, "text": card.text, "supports": supports.get(card.id, 0), "hidden": card.hidden}
        for card in session.scalars(query)
    ]
    cards.sort(key=lambda card: (-card["supports"], card["id"]))
    return cards


def board_notes(session: Session, board_id: int, *, include_hidden: bool = False) -> list[dict]:
    query = select(BoardNote).where(BoardNote.board_id == board_id).order_by(BoardNote.id)
    if not include_hidden:
        query = query.where(BoardNote.hidden.is_(False))
    return [
        {"id": note.id, "column": note.column_name, "text": note.text, "hidden": note.hidden}
        for note in session.scalars(query)
    ]


def _shown_boards(workshop: Workshop) -> list[Board]:
    return [board for board in workshop.boards if board.is_open]


def participant_snapshot(session: Session, participant: Participant) -> dict:
    workshop = participant.workshop
    boards = _shown_boards(workshop)
    board_ids = [board.id for board in boards]
    mine = {
        "tags": {},
        "rewordings": {},
        "comments": [],
        "notes": [],
        "cards": [],
        "supports": [],
    }
    for tag in session.scalars(select(Tag).where(Tag.participant_id == participant.id)):
        mine["tags"][f"{tag.board_id}:{tag.statement_id}"] = tag.value
    for rewording in session.scalars(select(Rewording).where(Rewording.participant_id == participant.id)):
        if not rewording.hidden:
            mine["rewordings"][f"{rewording.board_id}:{rewording.statement_id}"] = rewording.text
    for comment in session.scalars(
        select(Comment).where(Comment.participant_id == participant.id, Comment.hidden.is_(False))
    ):
        mine["comments"].append(
            {"id": comment.id, "board_id": comment.board_id, "statement_id": comment.statement_id, "text": comment.text}
        )
    for note in session.scalars(
        select(BoardNote).where(BoardNote.participant_id == participant.id, BoardNote.hidden.is_(False))
    ):
        mine["notes"].append({"id": note.id, "board_id": note.board_id, "column": note.column_name, "text": note.text})
    mine["cards"] = list(
        session.scalars(
            select(MissingCard.id).where(MissingCard.participant_id == participant.id, MissingCard.hidden.is_(False))
        )
    )
    mine["supports"] = list(
        session.scalars(select(CardSupport.card_id).where(CardSupport.participant_id == participant.id))
    )
    snapshot = {
        "role": "participant",
        "workshop": workshop_state(workshop),
        "me": {
            "number": participant.number,
            "display_name": participant.display_name,
            "group": participant.group_name,
            "supported": participant.supported,
        },
        "boards": [board_outline(board) for board in boards],
        "mine": mine | my_priorities(session, participant.id),
        "cards": visible_cards(session, workshop.id),
        "counts": {},
    }
    if workshop.stage == "priorities":
        snapshot["priorities"] = priorities_board(session, workshop)
    snapshot["actions"] = action_plan(session, workshop)
    if workshop.results_revealed:
        snapshot["counts"] = {
            board_id: protected_counts(board_counts(session, board_id), workshop.min_group_size)
            for board_id in board_ids
        }
    _add_draft(session, workshop, snapshot)
    return snapshot


def projector_snapshot(session: Session, workshop: Workshop) -> dict:
    boards = shown_boards(workshop)
    counts = {board.id: board_counts(session, board.id) for board in boards}
    snapshot = {
        "role": "projector",
        "workshop": workshop_state(workshop),
        "joined": joined_count(session, workshop.id),
        "boards": [board_outline(board) for board in boards],
        "counts": (
            {board_id: protected_counts(board, workshop.min_group_size) for board_id, board in counts.items()}
            if workshop.results_revealed
            else {}
        ),
        "tagged": {board_id: tagged_counts(board) for board_id, board in counts.items()},
        "skipped": {board_id: skipped_counts(board) for board_id, board in counts.items()},
        "notes": {board.id: board_notes(session, board.id) for board in boards},
        "cards": visible_cards(session, workshop.id),
        "focus": focused_statement(session, workshop),
        "summary": None,
    }
    if workshop.projector_view == "summary" and workshop.results_revealed:
        order = [{"board_id": board.id, "id": s.id, "text": s.text} for board, _theme, s in focus_order(workshop)]
        snapshot["summary"] = agreement(order, counts)
    if workshop.stage == "priorities":
        snapshot["priorities"] = priorities_board(session, workshop)
    snapshot["actions"] = action_plan(session, workshop)
    _add_draft(session, workshop, snapshot)
    return snapshot


def _add_draft(session: Session, workshop: Workshop, snapshot: dict) -> None:
    """From the merge stage on, the room sees the draft (None until the facilitator starts it)."""
    if workshop.stage in DRAFT_STAGES:
        snapshot["draft"] = draft_snapshot(session, get_draft(session, workshop))


def facilitator_snapshot(session: Session, workshop: Workshop, *, word_groups: bool = True) -> dict:
    """Everything the facilitators see; with `word_groups`, the rewordings and comments also put together as
    the console lists them (live/words.py, which asks a worker: the API's lists leave them out)."""
    boards = list(workshop.boards)
    counts = {board.id: board_counts(session, board.id) for board in boards}
    participants = session.scalars(
        select(Participant).where(Participant.workshop_id == workshop.id).order_by(Participant.number)
    )
    hidden_words = []
    for model, kind in ((Comment, "comment"), (Rewording, "rewording")):
        for item in session.scalars(
            select(model).join(Board, Board.id == model.board_id).where(Board.workshop_id == workshop.id)
        ):
            hidden_words.append(
                {
                    "kind": kind,
                    "id": item.id,
                    "board_id": item.board_id,
                    "statement_id": item.statement_id,
                    "text": item.text,
                    "hidden": item.hidden,
                }
            )
    return {
        "role": "facilitator",
        "workshop": workshop_state(workshop),
        "joined": joined_count(session, workshop.id),
        "supported": supported_figure(supported_count(session, workshop.id), workshop.min_group_size),
        "participants": [
            {
                "id": p.id,
                "number": p.number,
                "display_name": p.display_name,
                "removed": p.removed,
            }
            for p in participants
        ],
        "boards": [board_outline(board) for board in boards],
        # Folded as everywhere else; the real figures by group too, shown only if the facilitator chooses.
        "counts": {
            board_id: protected_counts(board, workshop.min_group_size, real=True) for board_id, board in counts.items()
        },
        "tagged": {board_id: tagged_counts(board) for board_id, board in counts.items()},
        "skipped": {board_id: skipped_counts(board) for board_id, board in counts.items()},
        "notes": {board.id: board_notes(session, board.id, include_hidden=True) for board in boards},
        "cards": visible_cards(session, workshop.id, include_hidden=True),
        "words": hidden_words,
        **({"word_groups": grouped_words(session, workshop.id)} if word_groups else {}),
        "tagged_by": _finished_counts(session, workshop),
        # The facilitator sets the board up before the room reaches it.
        "priorities": priorities_board(session, workshop, include_hidden=True),
        "actions": action_plan(session, workshop),
    }


def _finished_counts(session: Session, workshop: Workshop) -> dict[int, int]:
    """Per board, how many people have tagged (or skipped) every statement on it."""
    finished = {}
    for board in workshop.boards:
        statement_count = len(board.charter.current_statements)
        per_person = (
            select(Tag.participant_id)
            .join(Participant, Participant.id == Tag.participant_id)
            .where(Tag.board_id == board.id, Participant.removed.is_(False))
            .group_by(Tag.participant_id)
            .having(func.count(Tag.id) >= statement_count)
            .subquery()
        )
        finished[board.id] = session.scalar(select(func.count()).select_from(per_person))
    return finished


# --- The draft, as the merge page and the room see it ----------------------------------


def get_draft(session: Session, workshop: Workshop) -> Draft | None:
    """The workshop's draft with its themes and statements, in three queries."""
    return session.scalar(
        select(Draft)
        .where(Draft.workshop_id == workshop.id)
        .options(selectinload(Draft.themes).selectinload(DraftTheme.statements), selectinload(Draft.parked))
    )


def all_statements(draft: Draft) -> list[DraftStatement]:
    return [statement for theme in draft.themes for statement in theme.statements] + list(draft.parked)


def provenance(statement: DraftStatement, edit_count: int) -> str:
    """Where a statement came from and what happened to it, in a sentence."""
    if statement.source_kind in ("borrowed", "adapted") and statement.source_charter_title:
        if statement.source_kind == "borrowed" and not edit_count:
            said = f"From {statement.source_charter_title}, word for word"
        else:
            said = f"From {statement.source_charter_title}: original wording “{statement.original_text}”"
        if statement.chosen_rewording_text:
            said += f"; rewording chosen “{statement.chosen_rewording_text}”"
        for source in statement.also_from:
            said += f"; also from {source['charter']}: “{source['text']}”"
    elif statement.source_kind == "missing_card" and statement.original_text is None:
        # Its writer asked for their words to be erased (live/participants.py).
        said = "From a What's missing card, since erased"
    elif statement.source_kind == "missing_card":
        said = f"From a What's missing card: “{statement.original_text}”"
    else:
        said = "Written by the facilitator"
    if edit_count:
        said += "; edited " + {1: "once", 2: "twice"}.get(edit_count, f"{edit_count} times")
    return said + "."


def draft_snapshot(session: Session, draft: Draft | None, *, for_facilitator: bool = False) -> dict | None:
    """The draft for a screen. Facilitators also get each statement's earlier wordings and the parked statements."""
    if draft is None:
        return None
    statements = all_statements(draft)
    edits: dict[int, list[DraftStatementEdit]] = {statement.id: [] for statement in statements}
    if statements:
        for edit in session.scalars(
            select(DraftStatementEdit)
            .where(DraftStatementEdit.draft_statement_id.in_(list(edits)))
            .order_by(DraftStatementEdit.id)
        ):
            edits[edit.draft_statement_id].append(edit)

    def shown(statement: DraftStatement) -> dict:
        history = edits[statement.id]
        entry = {
            "id": statement.id,
            "text": statement.text,
            "question": statement.did_we_question,
            "source": {
                "kind": statement.source_kind,
                "charter": statement.source_charter_title,
                "statement_id": statement.source_statement_id,
                "card_id": statement.source_card_id,
                "original_text": statement.original_text,
                "rewording_text": statement.chosen_rewording_text,
                # Near-duplicates from other charters merged into it: [{"statement_id", "charter", "text"}].
                "also_from": list(statement.also_from),
            },
            "edit_count": len(history),
            "provenance": provenance(statement, len(history)),
        }
        if for_facilitator:
            entry["edits"] = [
                {"previous_text": e.previous_text, "new_text": e.new_text, "edited_at": e.created_at.isoformat()}
                for e in history
            ]
        return entry

    snapshot = {
        "id": draft.id,
        "title": draft.title,
        "area": draft.area,
        "theme_set": draft.theme_set,
        "commitment": draft.commitment,
        "definitions": draft.definitions,
        "signatories": list(draft.signatories),
        "themes": [
            {"id": theme.id, "title": theme.title, "statements": [shown(s) for s in theme.statements]}
            for theme in draft.themes
        ],
    }
    if for_facilitator:
        snapshot["parked"] = [shown(statement) for statement in draft.parked]
        snapshot["majority"] = draft.majority
        # The last change, in words, while it can be undone.
        snapshot["undo"] = draft.undo["change"] if draft.undo else None
    return snapshot
