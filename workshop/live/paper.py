"""Tags made on paper, counted alongside the phones': for people who would rather not use a phone.

The facilitator counts the printed sheets and enters, per statement and group
(one of the workshop's groups, as a phone gives, or none given), how many chose
Borrow, Adapt and Ignore. Entering a statement and group's totals again is a
correction: they replace the ones before, and totals of nought remove them.
They count in every count (`results.board_counts`); what may be shown of how
many came from paper is `breakdowns.paper_figure`'s to say.
"""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import labels
from ..errors import DomainError
from ..models import GROUPS, PAPER_MOST, TAG_VALUES, Board, PaperTotal, Statement, Workshop

# A sheet's worth and more in one go: every statement of the largest charter for each group.
PAPER_ENTRIES_MOST = 2000


@dataclass(frozen=True)
class PaperEntry:
    """One statement's totals from paper in one group (None: the sheets gave no group)."""

    statement_id: int
    group: str | None
    borrow: int
    adapt: int
    ignore: int


def enter_paper_totals(session: Session, workshop: Workshop, entries: list[PaperEntry]) -> set[int]:
    """Store each entry's totals in place of those before it; all or nothing. The ids of the boards changed."""
    if not entries:
        raise DomainError("no_paper_totals", "Send the totals of at least one statement.")
    if len(entries) > PAPER_ENTRIES_MOST:
        raise DomainError("too_many_paper_totals", f"Send at most {PAPER_ENTRIES_MOST:,} totals at once.")
    boards = _statement_boards(session, workshop, {entry.statement_id for entry in entries})
    checked = {}
    for at, entry in enumerate(entries):
        where = f"entries[{at}]: " if len(entries) > 1 else ""
        if entry.statement_id not in boards:
            raise DomainError("unknown_statement", f"{where}That statement is not on a charter this workshop reviews.")
        group = _checked_group(workshop, entry.group, where)
        key = (entry.statement_id, group)
        if key in checked:
            raise DomainError(
                "repeated_paper_totals", f"{where}The same statement and group are given twice: give them once."
            )
        checked[key] = {value: _checked_count(getattr(entry, value), value, where) for value in TAG_VALUES}
    # Two facilitators correcting at once take turns (PostgreSQL; SQLite has one writer at a time).
    session.execute(select(Workshop.id).where(Workshop.id == workshop.id).with_for_update(key_share=True))
    board_ids = {boards[statement_id] for statement_id, _group in checked}
    stored = {
        (row.statement_id, row.group_name): row
        for row in session.scalars(select(PaperTotal).where(PaperTotal.board_id.in_(board_ids)))
    }
    for (statement_id, group), counts in checked.items():
        row = stored.get((statement_id, group))
        if not any(counts.values()):
            if row is not None:
                session.delete(row)
            continue
        if row is None:
            row = PaperTotal(board_id=boards[statement_id], statement_id=statement_id, group_name=group)
            session.add(row)
        row.borrow, row.adapt, row.ignore = (counts[value] for value in TAG_VALUES)
    session.flush()
    return board_ids


def paper_totals(session: Session, workshop: Workshop) -> list[dict]:
    """Every total entered, as the facilitator entered it: board by board, in the charter's order, by group."""
    order = {group: at for at, group in enumerate((None, *GROUPS))}
    rows = session.execute(
        select(PaperTotal, Board.position, Statement.position, Statement.text)
        .join(Board, Board.id == PaperTotal.board_id)
        .join(Statement, Statement.id == PaperTotal.statement_id)
        .where(Board.workshop_id == workshop.id)
    ).all()
    rows.sort(key=lambda row: (row[1], row[2], order[row[0].group_name]))
    return [
        {
            "board_id": total.board_id,
            "statement_id": total.statement_id,
            "statement": text,
            "group": total.group_name,
            **{value: getattr(total, value) for value in TAG_VALUES},
        }
        for total, _board, _statement, text in rows
    ]


def _statement_boards(session: Session, workshop: Workshop, statement_ids: set[int]) -> dict[int, int]:
    """Of these statements, those on the workshop's charters (and not retired), with their board's id."""
    rows = session.execute(
        select(Statement.id, Board.id)
        .join(Board, Board.charter_id == Statement.charter_id)
        .where(Board.workshop_id == workshop.id, Statement.id.in_(statement_ids), Statement.retired.is_(False))
    )
    return dict(rows.all())


def _checked_group(workshop: Workshop, group, where: str) -> str | None:
    """One of the groups a phone can give, or None (none given); only None when the workshop asks no groups."""
    if group in (None, ""):
        return None
    if not workshop.ask_groups:
        raise DomainError(
            "invalid_group", f"{where}This workshop does not ask people's groups: give the totals with no group."
        )
    if group not in GROUPS:
        raise DomainError("invalid_group", f"{where}Choose one of the groups listed, or no group.")
    return group


def _checked_count(count, value: str, where: str) -> int:
    if not isinstance(count, int) or isinstance(count, bool) or not 0 <= count <= PAPER_MOST:
        # The code names the choice, so that a form shows the message against its box.
        raise DomainError(
            f"invalid_{value}", f"{where}{labels.TAGS[value]} must be a whole number from 0 to {PAPER_MOST}."
        )
    return count
