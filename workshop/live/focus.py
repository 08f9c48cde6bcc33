"""What the big screen shows: every statement (the overview, in pages), one statement large while the
room talks about it (focus), or where the room agrees and disagrees (the summary).

It is kept on the workshop, in the database, so that every process, and a projector that
reconnects, shows the same. The facilitator moves the focus from statement to statement, in the
order the room reads them: theme by theme, board by board, on the boards the big screen shows.
"""

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import DomainError
from ..models import Board, Comment, Rewording, Statement, Theme, Workshop
from .breakdowns import protected_entry
from .results import board_counts, no_counts


def shown_boards(workshop: Workshop) -> list[Board]:
    """The boards the big screen shows: the open ones, or every board when none is open."""
    return [board for board in workshop.boards if board.is_open] or list(workshop.boards)


def focus_order(workshop: Workshop) -> list[tuple[Board, Theme, Statement]]:
    """Every statement the big screen can focus on, in order: (board, theme, statement)."""
    return [
        (board, theme, statement)
        for board in shown_boards(workshop)
        for theme in board.charter.current_themes
        for statement in theme.current_statements
    ]


def _show(workshop: Workshop, view: str, board_id: int | None = None, statement_id: int | None = None) -> None:
    workshop.projector_view, workshop.focus_board_id, workshop.focus_statement_id = view, board_id, statement_id


def set_focus(workshop: Workshop, board_id: int | None, statement_id: int | None) -> None:
    """Put one statement on the big screen, or (statement_id None) go back to every statement."""
    if statement_id is None:
        _show(workshop, "overview")
        return
    for board in workshop.boards:
        if board_id not in (None, board.id):
            continue
        if any(statement.id == statement_id for statement in board.charter.current_statements):
            _show(workshop, "focus", board.id, statement_id)
            return
    if board_id is not None and board_id not in {board.id for board in workshop.boards}:
        raise DomainError("unknown_board", "That board is not part of this workshop.")
    raise DomainError("unknown_statement", "That statement is not on this workshop's boards.")


def step_focus(workshop: Workshop, by: int) -> None:
    """The next (by 1) or previous (by -1) statement; from the overview or the summary, the first or the last.

    It stops at either end: the facilitator is told so rather than taken round again.
    """
    order = [(board.id, statement.id) for board, _theme, statement in focus_order(workshop)]
    if not order:
        raise DomainError("no_statements", "There are no statements to show.")
    now = (workshop.focus_board_id, workshop.focus_statement_id)
    if workshop.projector_view != "focus" or now not in order:
        board_id, statement_id = order[0] if by > 0 else order[-1]
    else:
        at = order.index(now) + by
        if not 0 <= at < len(order):
            end = "last" if by > 0 else "first"
            raise DomainError("no_more_statements", f"The big screen already shows the {end} statement.")
        board_id, statement_id = order[at]
    set_focus(workshop, board_id, statement_id)


def show_summary(workshop: Workshop) -> None:
    _show(workshop, "summary")


def set_phones_follow(workshop: Workshop, follow: bool) -> None:
    """Whether each phone goes to the statement in focus whenever the big screen moves to another one."""
    workshop.phones_follow_focus = follow


def set_focus_easy_read(workshop: Workshop, easy_read: bool) -> None:
    """Whether the statement in focus is shown in its easy-read version (where it has one)."""
    workshop.focus_easy_read = easy_read


def projector_focus(workshop: Workshop) -> dict:
    """What the big screen shows, for every screen (part of the workshop's public state)."""
    return {
        "view": workshop.projector_view,
        "board_id": workshop.focus_board_id,
        "statement_id": workshop.focus_statement_id,
        "easy_read": workshop.focus_easy_read,
    }


def statement_in_focus(workshop: Workshop) -> tuple[Board, Theme, Statement] | None:
    """The statement on the big screen, with its board and theme; None when it shows no one statement."""
    if workshop.projector_view != "focus":
        return None
    board = next((board for board in workshop.boards if board.id == workshop.focus_board_id), None)
    found = [
        (board, theme, statement)
        for theme in (board.charter.current_themes if board else [])
        for statement in theme.current_statements
        if statement.id == workshop.focus_statement_id
    ]
    return found[0] if found else None


def focused_statement(session: Session, workshop: Workshop) -> dict | None:
    """The statement in focus as the big screen shows it, None without one: where it is in the order,
    its counts (folded by group as everywhere), and its rewordings and comments that are not hidden."""
    in_focus = statement_in_focus(workshop)
    if in_focus is None:
        return None
    board, theme, statement = in_focus
    order = [(shown.id, each.id) for shown, _theme, each in focus_order(workshop)]
    position = order.index((board.id, statement.id)) + 1 if (board.id, statement.id) in order else None
    entry = board_counts(session, board.id).get(statement.id) or no_counts()
    words = {}
    for model, kind in ((Rewording, "rewordings"), (Comment, "comments")):
        words[kind] = [
            {"id": item.id, "text": item.text}
            for item in session.scalars(
                select(model)
                .where(model.board_id == board.id, model.statement_id == statement.id, model.hidden.is_(False))
                .order_by(model.id)
            )
        ]
    return {
        "board_id": board.id,
        "statement_id": statement.id,
        "text": statement.text,
        "easy_read": statement.easy_read,
        "theme": theme.title,
        "charter": board.charter.title,
        "position": position,
        "of": len(order),
        "tagged": sum(entry["total"].values()),
        "skipped": entry["skipped"],
        "counts": protected_entry(entry, workshop.min_group_size) if workshop.results_revealed else None,
        **words,
    }
