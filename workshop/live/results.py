"""Counting what the room said: borrow, adapt and ignore per statement, by group, and how many were not sure,
the phones' tags and the totals entered from paper (live/paper.py) together."""

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from ..models import SKIP, TAG_VALUES, Board, CardSupport, MissingCard, PaperTotal, Participant, Tag


def _empty_counts() -> dict:
    return {value: 0 for value in TAG_VALUES}


def no_counts() -> dict:
    """The counts of a statement nobody has tagged or skipped."""
    return {"total": _empty_counts(), "by_group": {}, "skipped": 0}


# The live screens read a board's counts a few times a second while the room tags: the queries are
# made once, on the tables, and run on the session's connection (as a tap's statements are).
tag_table, participant_table, paper_table = Tag.__table__, Participant.__table__, PaperTotal.__table__
_BOARD_COUNTS = (
    select(tag_table.c.statement_id, tag_table.c.value, participant_table.c.group_name, func.count())
    .join(participant_table, participant_table.c.id == tag_table.c.participant_id)
    .where(tag_table.c.board_id == bindparam("board_id"), participant_table.c.removed.is_(False))
    .group_by(tag_table.c.statement_id, tag_table.c.value, participant_table.c.group_name)
)
_PAPER_TOTALS = select(
    paper_table.c.statement_id,
    paper_table.c.group_name,
    paper_table.c.borrow,
    paper_table.c.adapt,
    paper_table.c.ignore,
).where(paper_table.c.board_id == bindparam("board_id"))


def board_counts(session: Session, board_id: int) -> dict[int, dict]:
    """Per statement: counts of each tag, in all and by group, and how many skipped it ("not sure").

    A skip is not a tag's opinion, so it is never in `total` or `by_group`.
    Removed participants do not count. The totals from paper count in `total` and `by_group` as the
    phones' tags do; a statement with any also has them on their own as `paper` (borrow / adapt / ignore).
    Read on the session's connection, so changes not yet flushed are not counted.
    """
    connection = session.connection()
    counts: dict[int, dict] = {}
    # A row per statement, choice and group: each statement's and group's counts are made when first met
    # (`get(...) or setdefault(...)`), not made and thrown away for every row.
    for statement_id, value, group, count in connection.execute(_BOARD_COUNTS, {"board_id": board_id}).all():
        entry = counts.get(statement_id) or counts.setdefault(statement_id, no_counts())
        if value == SKIP:
            entry["skipped"] += count
            continue
        entry["total"][value] += count
        if group:
            by_group = entry["by_group"]
            (by_group.get(group) or by_group.setdefault(group, _empty_counts()))[value] += count
    for statement_id, group, *tallies in connection.execute(_PAPER_TOTALS, {"board_id": board_id}):
        entry = counts.get(statement_id) or counts.setdefault(statement_id, no_counts())
        from_paper = entry.setdefault("paper", _empty_counts())
        for value, count in zip(TAG_VALUES, tallies, strict=True):
            entry["total"][value] += count
            from_paper[value] += count
            if group:
                entry["by_group"].setdefault(group, _empty_counts())[value] += count
    return counts


def workshop_counts(session: Session, workshop_id: int) -> dict[int, dict[int, dict]]:
    board_ids = session.scalars(select(Board.id).where(Board.workshop_id == workshop_id))
    return {board_id: board_counts(session, board_id) for board_id in board_ids}


def card_support_counts(session: Session, workshop_id: int) -> dict[int, int]:
    rows = session.execute(
        select(CardSupport.card_id, func.count())
        .join(MissingCard, MissingCard.id == CardSupport.card_id)
        .join(Participant, Participant.id == CardSupport.participant_id)
        .where(MissingCard.workshop_id == workshop_id, Participant.removed.is_(False))
        .group_by(CardSupport.card_id)
    )
    return dict(rows.all())


# How many statements each part of the agreement summary names: two, so that all four fit one screen.
AGREEMENT_TOP = 2


def agreement(statements: list[dict], counts: dict[int, dict[int, dict]], top: int = AGREEMENT_TOP) -> dict:
    """Where the room agrees and disagrees, from the counts above (`board_counts`, per board).

    `statements`: each with `board_id`, `id` and `text`, in the order the room read them. The answer
    has, for `borrow`, `adapt` and `ignore`, the statements with the highest share of those who
    tagged them choosing it (then the most who did, then the first read); and `split`, the
    statements whose leading choice has the lowest share (then the most who tagged them). A
    statement nobody tagged is in none of them; one is only in a list its choice has a tag in.
    """
    rows = []
    for position, statement in enumerate(statements):
        total = counts.get(statement["board_id"], {}).get(statement["id"], no_counts())["total"]
        tagged = sum(total.values())
        if tagged:
            rows.append((position, statement, total, tagged))

    def shown(statement: dict, total: dict, tagged: int, value: str) -> dict:
        return {
            "board_id": statement["board_id"],
            "statement_id": statement["id"],
            "text": statement["text"],
            "choice": value,
            "count": total[value],
            "tagged": tagged,
            "share": round(100 * total[value] / tagged),
            "total": dict(total),
        }

    summary = {}
    for value in TAG_VALUES:
        chosen = sorted(
            (row for row in rows if row[2][value]),
            key=lambda row: (-row[2][value] / row[3], -row[2][value], row[0]),
        )
        summary[value] = [shown(statement, total, tagged, value) for _, statement, total, tagged in chosen[:top]]
    # The leading choice of each statement; of two as many, the first in TAG_VALUES.
    leading = {row[0]: max(TAG_VALUES, key=lambda value: row[2][value]) for row in rows}
    split = sorted(
        (row for row in rows if row[3] > 1 and row[2][leading[row[0]]] < row[3]),
        key=lambda row: (row[2][leading[row[0]]] / row[3], -row[3], row[0]),
    )
    summary["split"] = [shown(statement, total, tagged, leading[at]) for at, statement, total, tagged in split[:top]]
    return summary
