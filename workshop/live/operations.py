"""What a participant does, applied once however often it is sent.

A phone gives every action an id of its own, keeps it in a queue and resends
it until the server acknowledges it. `apply_operation` makes the change and
stores the id with it, for the caller to commit in one short transaction, so a
resend changes nothing and gets the same answer. What it is given has been
checked against live/messages.py's `Operation` by the adapter: the types and
ranges are right; whether the board, statement or card is there and open is
this module's to say.
"""

from dataclasses import dataclass, replace
from functools import cache

from sqlalchemy import and_, bindparam, delete, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from ..database import DriverTransaction, PreparedStatement
from ..errors import DomainError, Forbidden
from ..models import (
    NOTE_COLUMNS,
    TAG_CHOICES,
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
    Workshop,
    utcnow,
)
from ..text import clean_text
from . import participants, priorities

TEXT_MAX = 1000
# What's missing cards are added, supported and removed while the room reviews and after.
CARD_STAGES = ("review", "missing")
OPERATION_ID_MIN, OPERATION_ID_MAX = 8, 64


@dataclass
class Applied:
    """What happened: the answer for the phone, and what other screens need to hear about."""

    result: dict
    board_id: int | None = None
    cards_changed: bool = False
    # A copy of an operation stored before: nothing changed, and the answer is the first one's.
    duplicate: bool = False
    # A rewording or comment written or taken back: for the big screen's focus and the facilitators' lists.
    words_changed: bool = False
    priorities_changed: bool = False
    # Someone said they are, or are no longer, helping the person the phone counts for.
    supported_changed: bool = False


class AlreadyApplied(Exception):
    """Not a refusal: a copy of this operation was stored at the same moment, by another request.

    What this one changed must not be kept: the caller rolls back and answers
    with `applied`, the first copy's answer.
    """

    def __init__(self, applied: Applied):
        super().__init__("A copy of this operation was stored first.")
        self.applied = applied


@dataclass(frozen=True)
class Actor:
    """Who is acting, in what state of their workshop, and on which board and statement.

    `board_id` is None unless the operation named a board of this workshop, and
    `statement_id` None unless it also named a current statement of that board's charter.
    """

    participant_id: int
    workshop_id: int
    stage: str
    tagging_locked: bool
    board_id: int | None
    board_open: bool
    statement_id: int | None
    # The answer given when this operation was applied before, if it was.
    earlier_result: dict | None


# A tap is the busiest thing the server does, so everything it checks is read
# in one statement, made once, on the tables rather than through the ORM's
# objects, and run on the driver's cursor: building and loading objects, and
# SQLAlchemy's execution, cost several times more than the query.
participant_table, workshop_table = Participant.__table__, Workshop.__table__
board_table, statement_table = Board.__table__, Statement.__table__
applied_table = AppliedOperation.__table__

_ACTOR = PreparedStatement(
    select(
        participant_table.c.workshop_id,
        participant_table.c.removed,
        workshop_table.c.stage,
        workshop_table.c.tagging_locked,
        board_table.c.id.label("board_id"),
        board_table.c.is_open,
        statement_table.c.id.label("statement_id"),
        applied_table.c.id.label("applied_id"),
        applied_table.c.result.label("earlier_result"),
    )
    .select_from(
        participant_table.join(workshop_table, workshop_table.c.id == participant_table.c.workshop_id)
        .outerjoin(
            board_table,
            and_(board_table.c.id == bindparam("board_id"), board_table.c.workshop_id == workshop_table.c.id),
        )
        .outerjoin(
            statement_table,
            and_(
                statement_table.c.id == bindparam("statement_id"),
                statement_table.c.charter_id == board_table.c.charter_id,
                statement_table.c.retired.is_(False),
            ),
        )
        .outerjoin(
            applied_table,
            and_(
                applied_table.c.participant_id == participant_table.c.id,
                applied_table.c.operation_id == bindparam("operation_id"),
            ),
        )
    )
    .where(participant_table.c.id == bindparam("participant_id"))
)
_EARLIER_RESULT = PreparedStatement(
    select(applied_table.c.result).where(
        applied_table.c.participant_id == bindparam("participant_id"),
        applied_table.c.operation_id == bindparam("operation_id"),
    )
)


def apply_operation(session: Session | DriverTransaction, participant_id: int, operation: dict) -> Applied:
    """Apply a participant's operation, or refuse it with a DomainError; the caller commits.

    The kinds in WITHOUT_ORM may be applied in a DriverTransaction rather than a Session.

    `operation` holds an `Operation`'s fields (live/messages.py), a field not
    given being None or left out. A resend gets the first answer, even when the
    room has changed since (the board closed, say). A copy stored by another
    request at the same moment raises AlreadyApplied.
    """
    operation_id = operation["id"]
    actor = _actor(session, participant_id, operation_id, operation)
    if actor.earlier_result is not None:
        return Applied(result=actor.earlier_result, duplicate=True)

    applied = _HANDLERS[operation["kind"]](session, actor, operation)
    if not _record(session, participant_id, operation_id, applied.result):
        # Two copies arriving at once, settled by the unique index: the first one stands.
        raise AlreadyApplied(Applied(result=_earlier_result(session, participant_id, operation_id), duplicate=True))
    return applied


def _actor(session: Session, participant_id: int, operation_id: str, operation: dict) -> Actor:
    row = _ACTOR.first(
        session,
        {
            "participant_id": participant_id,
            "operation_id": operation_id,
            "board_id": operation.get("board_id"),
            "statement_id": operation.get("statement_id"),
        },
    )
    if row is None or row[1]:  # no such participant, or removed
        raise Forbidden("removed", "The facilitator has removed you from this workshop.")
    workshop_id, _removed, stage, tagging_locked, board_id, is_open, statement_id, applied_id, earlier_result = row
    return Actor(
        participant_id,
        workshop_id,
        stage,
        bool(tagging_locked),
        board_id,
        bool(is_open),
        statement_id,
        earlier_result if applied_id is not None else None,
    )


def _first_value(row: tuple | None):
    return None if row is None else row[0]


def _record(session: Session, participant_id: int, operation_id: str, result: dict) -> bool:
    """Store the operation's id with its answer, in the same transaction; False if it was there already."""
    stored = _on_conflict(session, AppliedOperation, ("participant_id", "operation_id")).first(
        session,
        dict(participant_id=participant_id, operation_id=operation_id, result=result, created_at=utcnow()),
    )
    return stored is not None


def _earlier_result(session: Session, participant_id: int, operation_id: str) -> dict | None:
    return _first_value(
        _EARLIER_RESULT.first(session, {"participant_id": participant_id, "operation_id": operation_id})
    )


def _on_conflict(session: Session, model, keys: tuple[str, ...], update: tuple[str, ...] = ()):
    """INSERT ... ON CONFLICT (keys) DO UPDATE SET the `update` columns, or DO NOTHING, RETURNING the id.

    The id is None when nothing was inserted or updated. The values go in as
    parameters when it runs (see _upsert), so each statement is made once:
    making one for every tap costs more than running it.
    """
    return _statement_on_conflict(session.get_bind().dialect.name, model.__table__, keys, update)


@cache
def _statement_on_conflict(dialect: str, table, keys: tuple[str, ...], update: tuple[str, ...]):
    insert = (postgresql_insert if dialect == "postgresql" else sqlite_insert)(table)
    if update:
        statement = insert.on_conflict_do_update(
            index_elements=keys, set_={name: insert.excluded[name] for name in update}
        )
    else:
        statement = insert.on_conflict_do_nothing(index_elements=keys)
    return PreparedStatement(statement.returning(table.c.id))


# --- checks shared by the actions ---------------------------------------------


def _open_board(actor: Actor) -> int:
    """The board's id, if the action is about a board of this workshop open for review now."""
    if actor.board_id is None:
        raise DomainError("unknown_board", "That charter is not part of this workshop.")
    if actor.stage != "review" or not actor.board_open:
        raise DomainError("board_closed", "This charter is not open for review just now.")
    if actor.tagging_locked:
        raise DomainError("locked", "The facilitator has paused tagging. Wait for them to start it again.")
    return actor.board_id


def _statement_on(actor: Actor) -> tuple[int, int]:
    """The board's id and the statement's, if the statement is on a board open for review now."""
    board_id = _open_board(actor)
    if actor.statement_id is None:
        raise DomainError("unknown_statement", "That statement is not on this charter.")
    return board_id, actor.statement_id


def _text(operation: dict) -> str:
    text = clean_text(operation.get("text") or "", TEXT_MAX)
    if not text:
        raise DomainError("empty_text", "Write something first.")
    return text


def _get(session: Session, model, item_id: int | None):
    """The row with this id, or None when there is none or no id was given."""
    return None if item_id is None else session.get(model, item_id)


def _upsert(session: Session, model, values: dict, update: tuple[str, ...]):
    """One INSERT ... ON CONFLICT DO UPDATE of one person's row for a statement: a tag is one small write.

    Returns the row's id.
    """
    return _first_value(
        _on_conflict(session, model, ("participant_id", "board_id", "statement_id"), update).first(session, values)
    )


def _insert(session: Session, model, values: dict) -> int:
    """A new row, and its id."""
    return _first_value(_insert_returning_id(model.__table__).first(session, values))


@cache
def _insert_returning_id(table):
    return PreparedStatement(table.insert().returning(table.c.id))


def _stage_is(actor: Actor, *stages: str) -> None:
    if actor.stage not in stages:
        raise DomainError("wrong_stage", "You cannot do that at this stage of the workshop.")


# --- the actions ----------------------------------------------------------------


def _tag(session: Session, actor: Actor, operation: dict) -> Applied:
    value = operation.get("value")
    if value not in TAG_CHOICES:
        raise DomainError("invalid_tag", "Choose borrow, adapt, ignore or not sure.")
    board_id, statement_id = _statement_on(actor)
    _upsert(
        session,
        Tag,
        dict(
            board_id=board_id,
            statement_id=statement_id,
            participant_id=actor.participant_id,
            value=value,
            updated_at=utcnow(),
        ),
        ("value", "updated_at"),
    )
    return Applied({"statement_id": statement_id, "value": value}, board_id=board_id)


def _reword(session: Session, actor: Actor, operation: dict) -> Applied:
    board_id, statement_id = _statement_on(actor)
    text = _text(operation)
    now = utcnow()
    rewording_id = _upsert(
        session,
        Rewording,
        dict(
            board_id=board_id,
            statement_id=statement_id,
            participant_id=actor.participant_id,
            text=text,
            hidden=False,
            created_at=now,
            updated_at=now,
        ),
        ("text", "updated_at"),
    )
    result = {"rewording_id": rewording_id, "statement_id": statement_id, "text": text}
    return Applied(result, board_id, words_changed=True)


def _comment(session: Session, actor: Actor, operation: dict) -> Applied:
    board_id, statement_id = _statement_on(actor)
    text = _text(operation)
    comment_id = _insert(
        session,
        Comment,
        dict(board_id=board_id, statement_id=statement_id, participant_id=actor.participant_id, text=text),
    )
    result = {"comment_id": comment_id, "statement_id": statement_id, "text": text}
    return Applied(result, board_id, words_changed=True)


def _note(session: Session, actor: Actor, operation: dict) -> Applied:
    board_id = _open_board(actor)
    column = operation.get("column")
    if column not in NOTE_COLUMNS:
        raise DomainError("invalid_column", "Choose borrow, adapt, ignore or what's missing.")
    text = _text(operation)
    note_id = _insert(
        session,
        BoardNote,
        dict(board_id=board_id, participant_id=actor.participant_id, column_name=column, text=text),
    )
    return Applied({"note_id": note_id, "column": column, "text": text}, board_id=board_id)


def _add_card(session: Session, actor: Actor, operation: dict) -> Applied:
    _stage_is(actor, *CARD_STAGES)
    text = _text(operation)
    card_id = _insert(
        session, MissingCard, dict(workshop_id=actor.workshop_id, participant_id=actor.participant_id, text=text)
    )
    return Applied({"card_id": card_id, "text": text}, cards_changed=True)


def _support(session: Session, actor: Actor, operation: dict) -> Applied:
    _stage_is(actor, *CARD_STAGES)
    card = _get(session, MissingCard, operation.get("card_id"))
    if card is None or card.workshop_id != actor.workshop_id or card.hidden:
        raise DomainError("unknown_card", "That card is not in this workshop.")
    supported = operation.get("supported", True)
    if supported:
        _on_conflict(session, CardSupport, ("card_id", "participant_id")).first(
            session, dict(card_id=card.id, participant_id=actor.participant_id, created_at=utcnow())
        )
    else:
        session.execute(
            delete(CardSupport).where(
                CardSupport.card_id == card.id, CardSupport.participant_id == actor.participant_id
            )
        )
    return Applied({"card_id": card.id, "supported": supported}, cards_changed=True)


def _remove_own(model, id_field: str):
    """Participants can take back their own cards, comments and notes, when they could add them.

    Once a board is closed, or the workshop has moved past the stage for cards,
    what was said stays as it was: it is what the draft and the export report.
    """

    def remove(session: Session, actor: Actor, operation: dict) -> Applied:
        item = _get(session, model, operation.get(id_field))
        if item is None or item.participant_id != actor.participant_id:
            raise Forbidden("not_yours", "You can only remove what you wrote yourself.")
        board_id = getattr(item, "board_id", None)
        if board_id is None:
            _stage_is(actor, *CARD_STAGES)
        else:
            _open_board(replace(actor, board_id=board_id, board_open=session.get(Board, board_id).is_open))
        session.delete(item)
        return Applied(
            {id_field: item.id, "removed": True},
            board_id=board_id,
            cards_changed=model is MissingCard,
            words_changed=model is Comment,
        )

    return remove


# --- the priorities board (live/priorities.py) ------------------------------------------


def _priorities_board(session: Session, actor: Actor) -> Workshop:
    _stage_is(actor, "priorities")
    return session.get(Workshop, actor.workshop_id)


def _add_priority_card(session: Session, actor: Actor, operation: dict) -> Applied:
    workshop = _priorities_board(session, actor)
    text = _text(operation)
    card = priorities.add_card(
        session, workshop, actor.participant_id, operation.get("outcome_id"), operation.get("column"), text
    )
    result = {"card_id": card.id, "outcome_id": card.outcome_id, "column": card.column_name, "text": text}
    return Applied(result, priorities_changed=True)


def _support_priority_card(session: Session, actor: Actor, operation: dict) -> Applied:
    workshop = _priorities_board(session, actor)
    supported = operation.get("supported", True)
    card_id = priorities.support_card(session, workshop, actor.participant_id, operation.get("card_id"), supported)
    return Applied({"card_id": card_id, "supported": supported}, priorities_changed=True)


def _vote(session: Session, actor: Actor, operation: dict) -> Applied:
    workshop = _priorities_board(session, actor)
    voted = operation.get("supported", True)
    card_id = priorities.vote(session, workshop, actor.participant_id, operation.get("card_id"), voted)
    return Applied({"card_id": card_id, "voted": voted}, priorities_changed=True)


def _remove_priority_card(session: Session, actor: Actor, operation: dict) -> Applied:
    workshop = _priorities_board(session, actor)
    card_id = priorities.remove_card(session, workshop, actor.participant_id, operation.get("card_id"))
    return Applied({"card_id": card_id, "removed": True}, priorities_changed=True)


def _set_supported(session: Session, actor: Actor, operation: dict) -> Applied:
    """The phone is used by a supporter with the person it counts for, or no longer: at any stage."""
    supported = operation.get("supported", True)
    participants.set_supported(session.get(Participant, actor.participant_id), supported)
    return Applied({"supported": supported}, supported_changed=True)


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
    "add_priority_card": _add_priority_card,
    "support_priority_card": _support_priority_card,
    "vote": _vote,
    "remove_priority_card": _remove_priority_card,
    "set_supported": _set_supported,
}
# The kinds of operation, for the schema (live/messages.py).
KINDS = tuple(_HANDLERS)
# The kinds applied with statements on the tables alone, which need no ORM session: a room's taps and words.
WITHOUT_ORM = frozenset({"tag", "reword", "comment", "note", "add_card"})
