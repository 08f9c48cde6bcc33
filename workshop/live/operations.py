"""What a participant does, applied once however often it is sent.

A phone gives every action an id of its own, keeps it in a queue and resends
it until the server acknowledges it. `apply_operation` stores the change and
the id in one short transaction, so a resend changes nothing and gets the
same answer.
"""

from dataclasses import dataclass
from functools import cache

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from ..models import (
    NOTE_COLUMNS,
    TAG_VALUES,
    AppliedOperation,
    Board,
    BoardNote,
    CardSupport,
    Comment,
    MissingCard,
    Participant,
    Rewording,
    Statement,
    Tag,
    utcnow,
)
from ..text import clean_text

TEXT_MAX = 1000
OPERATION_ID_MAX = 64


class OperationRefused(ValueError):
    def __init__(self, error: str, message: str):
        super().__init__(message)
        self.error = error
        self.message = message


@dataclass
class Applied:
    """What happened: the answer for the phone, and what other screens need to hear about."""

    result: dict
    board_id: int | None = None
    cards_changed: bool = False
    duplicate: bool = False
    # A new rewording or comment, for the facilitators' moderation list.
    word: dict | None = None


def apply_operation(session: Session, participant: Participant, operation: dict) -> Applied:
    operation_id = operation.get("id")
    if not isinstance(operation_id, str) or not 8 <= len(operation_id) <= OPERATION_ID_MAX:
        raise OperationRefused("invalid_operation", "Each action needs an id of 8 to 64 characters.")
    if participant.removed:
        raise OperationRefused("removed", "The facilitator has removed you from this workshop.")
    kind = operation.get("kind")
    handler = _HANDLERS.get(kind)
    if handler is None:
        raise OperationRefused("invalid_operation", f"Unknown action '{kind}'.")

    try:
        applied = handler(session, participant, operation)
    except OperationRefused:
        # A resend of an operation applied before the room changed (the board closed, say)
        # still gets its first answer.
        session.rollback()
        earlier = _earlier_result(session, participant.id, operation_id)
        if earlier is None:
            raise
        return Applied(result=earlier, duplicate=True)
    if not _record(session, participant.id, operation_id, applied.result):
        # A resend, or two copies arriving at once: the first one stands, this one is undone.
        session.rollback()
        return Applied(result=_earlier_result(session, participant.id, operation_id), duplicate=True)
    session.commit()
    return applied


def _record(session: Session, participant_id: int, operation_id: str, result: dict) -> bool:
    """Store the operation's id with its answer, in the same transaction; False if it was there already."""
    statement = _on_conflict(session, AppliedOperation, ("participant_id", "operation_id"))
    stored = session.scalar(
        statement.returning(AppliedOperation.id),
        dict(participant_id=participant_id, operation_id=operation_id, result=result, created_at=utcnow()),
    )
    return stored is not None


def _earlier_result(session: Session, participant_id: int, operation_id: str) -> dict | None:
    return session.scalar(
        select(AppliedOperation.result).where(
            AppliedOperation.participant_id == participant_id, AppliedOperation.operation_id == operation_id
        )
    )


def _on_conflict(session: Session, model, keys: tuple[str, ...], update: tuple[str, ...] = ()):
    """INSERT ... ON CONFLICT (keys) DO UPDATE SET the `update` columns, or DO NOTHING.

    The values go in as parameters when it runs (see _upsert), so each statement
    is made once: making one for every tap costs more than running it.
    """
    return _statement_on_conflict(session.get_bind().dialect.name, model, keys, update)


@cache
def _statement_on_conflict(dialect: str, model, keys: tuple[str, ...], update: tuple[str, ...]):
    insert = (postgresql_insert if dialect == "postgresql" else sqlite_insert)(model)
    if update:
        return insert.on_conflict_do_update(index_elements=keys, set_={name: insert.excluded[name] for name in update})
    return insert.on_conflict_do_nothing(index_elements=keys)


# --- checks shared by the actions ---------------------------------------------


def _open_board(session: Session, participant: Participant, operation: dict) -> Board:
    board = _get(session, Board, operation.get("board_id"))
    if board is None or board.workshop_id != participant.workshop_id:
        raise OperationRefused("unknown_board", "That charter is not part of this workshop.")
    workshop = participant.workshop
    if workshop.stage != "review" or not board.is_open:
        raise OperationRefused("board_closed", "This charter is not open for review just now.")
    if workshop.tagging_locked:
        raise OperationRefused("locked", "The facilitator has paused tagging. Wait for them to start it again.")
    return board


def _statement_on(session: Session, board: Board, operation: dict) -> Statement:
    statement = _get(session, Statement, operation.get("statement_id"))
    if statement is None or statement.charter_id != board.charter_id or statement.retired:
        raise OperationRefused("unknown_statement", "That statement is not on this charter.")
    return statement


def _text(operation: dict) -> str:
    text = clean_text(str(operation.get("text") or ""), TEXT_MAX)
    if not text:
        raise OperationRefused("empty_text", "Write something first.")
    return text


def _get(session: Session, model, value):
    """The row with this id, or None when the id is missing or not a whole number."""
    if not isinstance(value, int) or isinstance(value, bool):
        return None
    return session.get(model, value)


def _upsert(session: Session, model, values: dict, update: tuple[str, ...]) -> None:
    """One INSERT ... ON CONFLICT DO UPDATE of one person's row for a statement: a tag is one small write."""
    session.execute(_on_conflict(session, model, ("participant_id", "board_id", "statement_id"), update), values)


def _stage_is(participant: Participant, *stages: str) -> None:
    if participant.workshop.stage not in stages:
        raise OperationRefused("wrong_stage", "You cannot do that at this stage of the workshop.")


# --- the actions ----------------------------------------------------------------


def _tag(session, participant, operation) -> Applied:
    board = _open_board(session, participant, operation)
    statement = _statement_on(session, board, operation)
    value = operation.get("value")
    if value not in TAG_VALUES:
        raise OperationRefused("invalid_tag", "Choose borrow, adapt or ignore.")
    _upsert(
        session,
        Tag,
        dict(
            board_id=board.id,
            statement_id=statement.id,
            participant_id=participant.id,
            value=value,
            updated_at=utcnow(),
        ),
        ("value", "updated_at"),
    )
    return Applied({"statement_id": statement.id, "value": value}, board_id=board.id)


def _reword(session, participant, operation) -> Applied:
    board = _open_board(session, participant, operation)
    statement = _statement_on(session, board, operation)
    text = _text(operation)
    now = utcnow()
    _upsert(
        session,
        Rewording,
        dict(
            board_id=board.id,
            statement_id=statement.id,
            participant_id=participant.id,
            text=text,
            hidden=False,
            created_at=now,
            updated_at=now,
        ),
        ("text", "updated_at"),
    )
    rewording_id = session.scalar(
        select(Rewording.id).where(
            Rewording.participant_id == participant.id,
            Rewording.board_id == board.id,
            Rewording.statement_id == statement.id,
        )
    )
    word = _word("rewording", rewording_id, board.id, statement.id, text)
    return Applied({"rewording_id": rewording_id, "statement_id": statement.id, "text": text}, board.id, word=word)


def _comment(session, participant, operation) -> Applied:
    board = _open_board(session, participant, operation)
    statement = _statement_on(session, board, operation)
    comment = Comment(
        board_id=board.id, statement_id=statement.id, participant_id=participant.id, text=_text(operation)
    )
    session.add(comment)
    session.flush()
    word = _word("comment", comment.id, board.id, statement.id, comment.text)
    return Applied({"comment_id": comment.id, "statement_id": statement.id, "text": comment.text}, board.id, word=word)


def _word(kind: str, item_id: int, board_id: int, statement_id: int, text: str) -> dict:
    return {
        "kind": kind,
        "id": item_id,
        "board_id": board_id,
        "statement_id": statement_id,
        "text": text,
        "hidden": False,
    }


def _note(session, participant, operation) -> Applied:
    board = _open_board(session, participant, operation)
    column = operation.get("column")
    if column not in NOTE_COLUMNS:
        raise OperationRefused("invalid_column", "Choose borrow, adapt, ignore or what's missing.")
    note = BoardNote(board_id=board.id, participant_id=participant.id, column_name=column, text=_text(operation))
    session.add(note)
    session.flush()
    return Applied({"note_id": note.id, "column": column, "text": note.text}, board_id=board.id)


def _add_card(session, participant, operation) -> Applied:
    _stage_is(participant, "review", "missing")
    card = MissingCard(workshop_id=participant.workshop_id, participant_id=participant.id, text=_text(operation))
    session.add(card)
    session.flush()
    return Applied({"card_id": card.id, "text": card.text}, cards_changed=True)


def _support(session, participant, operation) -> Applied:
    _stage_is(participant, "review", "missing")
    card = _get(session, MissingCard, operation.get("card_id"))
    if card is None or card.workshop_id != participant.workshop_id or card.hidden:
        raise OperationRefused("unknown_card", "That card is not in this workshop.")
    supported = operation.get("supported") is not False
    if supported:
        session.execute(
            _on_conflict(session, CardSupport, ("card_id", "participant_id")),
            dict(card_id=card.id, participant_id=participant.id, created_at=utcnow()),
        )
    else:
        session.execute(
            delete(CardSupport).where(CardSupport.card_id == card.id, CardSupport.participant_id == participant.id)
        )
    return Applied({"card_id": card.id, "supported": supported}, cards_changed=True)


def _remove_own(model, id_field: str):
    """Participants can take back their own cards, comments and notes."""

    def remove(session, participant, operation) -> Applied:
        item = _get(session, model, operation.get(id_field))
        if item is None or item.participant_id != participant.id:
            raise OperationRefused("not_yours", "You can only remove what you wrote yourself.")
        board_id = getattr(item, "board_id", None)
        session.delete(item)
        return Applied({id_field: item.id, "removed": True}, board_id=board_id, cards_changed=model is MissingCard)

    return remove


_HANDLERS = {
    "tag": _tag,
    "reword": _reword,
    "comment": _comment,
    "note": _note,
    "add_card": _add_card,
    "support": _support,
    "remove_comment": _remove_own(Comment, "comment_id"),
    "remove_note": _remove_own(BoardNote, "note_id"),
    "remove_card": _remove_own(MissingCard, "card_id"),
}
