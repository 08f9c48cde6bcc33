"""What the room's results suggest for the draft.

Every statement of every board falls into one of three lists:

- borrowed: more than half of the people who tagged it chose Borrow;
- adapted: Adapt was the most chosen tag (or level with the most), with the
  room's rewordings, most supported first;
- parked: the room mostly ignored it, was split on it, or did not tag it.
  Nothing is dropped: the facilitator can place a parked statement too.

The What's missing cards come most supported first. Every suggestion carries
its counts in total and by group, so that a majority of one group cannot hide
what another said, with groups smaller than the workshop's minimum folded as
everywhere else (live/breakdowns.py). Removed participants count for nothing,
as in the results.
"""

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..charters.library import wording_key
from ..live.breakdowns import fold_groups, fold_numbers
from ..live.results import board_counts
from ..live.snapshots import all_statements
from ..models import (
    TAG_VALUES,
    Board,
    CardSupport,
    Draft,
    MissingCard,
    Participant,
    Rewording,
    Statement,
    Theme,
    Workshop,
)

# Borrowed by most: a share of the people who tagged the statement above this.
BORROW_MAJORITY = 0.5


def suggestions(session: Session, workshop: Workshop, draft: Draft | None = None) -> dict:
    """Suggestions for the draft, as plain data; with a draft, each says where it was placed."""
    placed = _placements(draft)
    minimum = workshop.min_group_size
    rewordings = _rewordings(session, workshop.id, minimum)
    found = {"borrowed": [], "adapted": [], "parked": []}
    counts = {board.id: board_counts(session, board.id) for board in workshop.boards}
    rows = session.execute(
        select(Statement, Theme.title)
        .join(Theme, Theme.id == Statement.theme_id)
        .where(Statement.charter_id.in_([board.charter_id for board in workshop.boards]), Statement.retired.is_(False))
        .order_by(Statement.position)
    )
    by_charter: dict[int, list] = {}
    for statement, theme_title in rows:
        by_charter.setdefault(statement.charter_id, []).append((statement, theme_title))
    for board in workshop.boards:
        charter = board.charter
        for statement, theme_title in by_charter.get(board.charter_id, []):
            entry = counts[board.id].get(statement.id) or {"total": _no_tags(), "by_group": {}}
            reason = _reading(entry["total"])
            list_name = reason if reason in ("borrowed", "adapted") else "parked"
            found[list_name].append(
                {
                    "board_id": board.id,
                    "statement_id": statement.id,
                    "text": statement.text,
                    "theme": theme_title,
                    "charter": {"slug": charter.slug, "title": charter.title, "area": charter.area},
                    "counts": {
                        "total": entry["total"],
                        **fold_groups(entry["by_group"], entry["total"], minimum),
                        "tagged": sum(entry["total"].values()),
                    },
                    "reason": reason,
                    "rewordings": rewordings.get((board.id, statement.id), []),
                    "placed": placed.get(("statement", statement.id)),
                }
            )
    missing = _missing_cards(session, workshop.id, placed, minimum)
    statements = found["borrowed"] + found["adapted"] + found["parked"]
    groups_used = any(_by_group(s["counts"]) for s in statements) or any(_by_group(card) for card in missing)
    return {**found, "missing": missing, "groups_used": groups_used, "min_group_size": minimum}


def _by_group(folded: dict) -> bool:
    """Whether anyone behind these counts gave a group, shown or folded."""
    return bool(folded["by_group"]) or folded["other_groups"] is not None or folded["groups_withheld"]


def _no_tags() -> dict:
    return {value: 0 for value in TAG_VALUES}


def _reading(total: dict) -> str:
    """borrowed, adapted, ignored, split (no clear lead) or not_tagged."""
    tagged = sum(total.values())
    if not tagged:
        return "not_tagged"
    if total["borrow"] / tagged > BORROW_MAJORITY:
        return "borrowed"
    if total["adapt"] and total["adapt"] >= max(total["borrow"], total["ignore"]):
        return "adapted"
    if total["ignore"] > max(total["borrow"], total["adapt"]):
        return "ignored"
    return "split"


def _rewordings(session: Session, workshop_id: int, minimum: int) -> dict[tuple[int, int], list[dict]]:
    """Per board and statement, the room's rewordings: the same wording given by several people is one.

    Support is how many people gave it; the text shown is the one that has stood longest.
    """
    rows = session.execute(
        select(Rewording, Participant.group_name, Participant.removed)
        .join(Participant, Participant.id == Rewording.participant_id)
        .join(Board, Board.id == Rewording.board_id)
        .where(Board.workshop_id == workshop_id, Rewording.hidden.is_(False))
        .order_by(Rewording.updated_at, Rewording.id)
    )
    grouped: dict[tuple[int, int], dict[str, dict]] = {}
    for rewording, group, removed in rows:
        same = grouped.setdefault((rewording.board_id, rewording.statement_id), {})
        entry = same.setdefault(
            wording_key(rewording.text), {"id": rewording.id, "text": rewording.text, "support": 0, "by_group": {}}
        )
        if not removed:
            entry["support"] += 1
            if group:
                entry["by_group"][group] = entry["by_group"].get(group, 0) + 1
    for same in grouped.values():
        for entry in same.values():
            entry.update(fold_numbers(entry["by_group"], entry["support"], minimum))
    # Sorting is stable: equal support keeps the longest-standing first.
    return {key: sorted(same.values(), key=lambda r: -r["support"]) for key, same in grouped.items()}


def _missing_cards(session: Session, workshop_id: int, placed: dict, minimum: int) -> list[dict]:
    cards = {
        card.id: {
            "card_id": card.id,
            "text": card.text,
            "support": 0,
            "by_group": {},
            "placed": placed.get(("card", card.id)),
        }
        for card in session.scalars(
            select(MissingCard).where(MissingCard.workshop_id == workshop_id, MissingCard.hidden.is_(False))
        )
    }
    supports = session.execute(
        select(CardSupport.card_id, Participant.group_name, func.count())
        .join(Participant, Participant.id == CardSupport.participant_id)
        .where(CardSupport.card_id.in_(list(cards)), Participant.removed.is_(False))
        .group_by(CardSupport.card_id, Participant.group_name)
    )
    for card_id, group, count in supports:
        cards[card_id]["support"] += count
        if group:
            cards[card_id]["by_group"][group] = count
    for card in cards.values():
        card.update(fold_numbers(card["by_group"], card["support"], minimum))
    return sorted(cards.values(), key=lambda card: (-card["support"], card["card_id"]))


def _placements(draft: Draft | None) -> dict[tuple[str, int], dict]:
    """Where each source is in the draft: ("statement" | "card", id) -> its theme, or parked."""
    placed = {}
    for statement in all_statements(draft) if draft else []:
        where = {"draft_statement_id": statement.id, "theme": statement.theme.title if statement.theme else None}
        if statement.source_statement_id is not None:
            placed[("statement", statement.source_statement_id)] = where
        if statement.source_card_id is not None:
            placed[("card", statement.source_card_id)] = where
    return placed
