"""What the room's results suggest for the draft.

The rule, shown on the merge page and set by the facilitator: a statement
goes into the draft when more than the draft's majority (half, unless the
facilitator asks for more) of the people who tagged it chose Borrow or Adapt.
"Not sure" is not a tag: it counts neither for nor against. So every
statement of every board falls into one of three lists:

- borrowed: in, and Adapt was not chosen more than Borrow: as written;
- adapted: in, and Adapt was chosen more than Borrow: with the room's
  rewordings, most supported first;
- parked: the room mostly ignored it, was split on it, or did not tag it.
  Nothing is dropped: the facilitator can place a parked statement too.

Statements from different charters that say the same thing (near-duplicates,
similarity.py) are one suggestion: the one the room wanted most leads,
with the others as `also` and the tallies of all of them `combined`. It is in
the draft when any of them is.

The What's missing cards come most supported first; a card with support is
also a candidate statement, worded "We will ...", for the facilitator to
confirm. With a draft, each suggestion also says which of its themes it fits
(draft/theming.py). Every suggestion carries its counts in total and by group
(the tags made on paper counted in, and how many of them there were),
so that a majority of one group cannot hide what another said, with groups
smaller than the workshop's minimum folded as everywhere else
(live/breakdowns.py). Removed participants count for nothing, as in the
results.
"""

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..live.breakdowns import fold_groups, fold_numbers, paper_figure
from ..live.results import board_counts
from ..live.snapshots import all_statements
from ..live.words import said_alike
from ..models import (
    DEFAULT_MAJORITY,
    TAG_VALUES,
    CardSupport,
    Draft,
    MissingCard,
    Participant,
    Statement,
    Theme,
    Workshop,
)
from ..similarity import likeness, same_wordings
from .questions import we_will
from .theming import suggest_themes

IN_THE_DRAFT = ("borrowed", "adapted")
# Two statements this alike (similarity.py) say the same thing. Found by reading the example
# charters side by side: above it, "agree together who needs to be involved" and "agree together who
# are the right people to be involved"; below it, statements that only share a subject.
NEAR_DUPLICATE = 0.45


def suggestions(session: Session, workshop: Workshop, draft: Draft | None = None, majority: int | None = None) -> dict:
    """Suggestions for the draft, as plain data; with a draft, each says where it was placed and where it fits.

    `majority` is the rule's percentage; left out, the draft's (or the default before there is a draft).
    """
    if majority is None:
        majority = draft.majority if draft is not None else DEFAULT_MAJORITY
    placed = _placements(draft)
    minimum = workshop.min_group_size
    rewordings = _rewordings(session, workshop.id, minimum)
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
    entries = []
    for board in workshop.boards:
        charter = board.charter
        for statement, theme_title in by_charter.get(board.charter_id, []):
            entry = counts[board.id].get(statement.id) or {"total": _no_tags(), "by_group": {}, "skipped": 0}
            entries.append(
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
                        "skipped": entry["skipped"],
                        # How many of them came from paper, as it may be shown; None when none did.
                        "paper": paper_figure(entry["paper"], entry["total"], minimum) if "paper" in entry else None,
                    },
                    "reason": _reading(entry["total"], majority),
                    "rewordings": rewordings.get((board.id, statement.id), []),
                    "placed": placed.get(("statement", statement.id)),
                }
            )
    found = {"borrowed": [], "adapted": [], "parked": []}
    for suggestion in _merged(entries):
        reason = suggestion["reason"]
        found[reason if reason in IN_THE_DRAFT else "parked"].append(suggestion)
    missing = _missing_cards(session, workshop.id, placed, minimum)
    candidates = [card for card in missing if card["support"] and not card["placed"]]
    if draft is not None:
        shown = [*found["borrowed"], *found["adapted"], *found["parked"]]
        items = [_theme_item(s) for s in shown] + [{"text": card["wording"]} for card in candidates]
        for suggestion, theme in zip([*shown, *candidates], suggest_themes(session, draft, items), strict=True):
            suggestion["suggested_theme"] = theme
    statements = found["borrowed"] + found["adapted"] + found["parked"]
    groups_used = any(_by_group(s["counts"]) for s in statements) or any(_by_group(card) for card in missing)
    return {
        **found,
        "missing": missing,
        "candidates": candidates,
        "groups_used": groups_used,
        "min_group_size": minimum,
        "majority": majority,
    }


def _theme_item(suggestion: dict) -> dict:
    charter = suggestion["charter"]
    return {
        "text": suggestion["text"],
        "theme": suggestion["theme"],
        "source": charter["area"] or charter["title"],
        "statement_id": suggestion["statement_id"],
    }


def _merged(entries: list[dict]) -> list[dict]:
    """The statements as suggestions, near-duplicates from different charters merged into one.

    The one the room wanted most leads (one the rule takes before one it does not); the others
    follow as `also`, most alike first, one from each charter at most. In the order of the lead.
    """
    alike = likeness([e["text"] for e in entries], [e["text"] for e in entries])

    def wanted(index: int) -> tuple:
        entry = entries[index]
        total = entry["counts"]["total"]
        return (entry["reason"] not in IN_THE_DRAFT, -(total["borrow"] + total["adapt"]), index)

    taken: set[int] = set()
    leads: dict[int, list[int]] = {}
    for lead in sorted(range(len(entries)), key=wanted):
        if lead in taken:
            continue
        taken.add(lead)
        members = [lead]
        boards = {entries[lead]["board_id"]}
        others = sorted(range(len(entries)), key=lambda other: -alike[lead][other])
        for other in others:
            if alike[lead][other] < NEAR_DUPLICATE:
                break
            if other not in taken and entries[other]["board_id"] not in boards:
                taken.add(other)
                members.append(other)
                boards.add(entries[other]["board_id"])
        leads[lead] = members
    merged = []
    for lead in sorted(leads):
        suggestion = entries[lead]
        also = [entries[other] for other in leads[lead][1:]]
        suggestion["also"] = also
        suggestion["combined"] = _combined([suggestion, *also]) if also else None
        if suggestion["placed"] is None:
            suggestion["placed"] = next((other["placed"] for other in also if other["placed"]), None)
        merged.append(suggestion)
    return merged


def _combined(entries: list[dict]) -> dict:
    """The tallies of near-duplicates together: tags, not people (one person may have tagged each)."""
    total = {value: sum(entry["counts"]["total"][value] for entry in entries) for value in TAG_VALUES}
    return {
        "total": total,
        "tagged": sum(total.values()),
        "skipped": sum(entry["counts"]["skipped"] for entry in entries),
    }


def _by_group(folded: dict) -> bool:
    """Whether anyone behind these counts gave a group, shown or folded."""
    return bool(folded["by_group"]) or folded["other_groups"] is not None or folded["groups_withheld"]


def _no_tags() -> dict:
    return {value: 0 for value in TAG_VALUES}


def _reading(total: dict, majority: int) -> str:
    """borrowed or adapted (the rule takes it), ignored, split or not_tagged."""
    tagged = sum(total.values())
    if not tagged:
        return "not_tagged"
    wanted = total["borrow"] + total["adapt"]
    if wanted * 100 > majority * tagged:
        return "adapted" if total["adapt"] > total["borrow"] else "borrowed"
    return "ignored" if total["ignore"] > wanted else "split"


def _rewordings(session: Session, workshop_id: int, minimum: int) -> dict[tuple[int, int], list[dict]]:
    """Per board and statement, the room's rewordings as live/words.py puts them together: the same or a
    near-identical wording given by several people is one, in the words given first.

    Support is how many people gave it who still count, most first.
    """
    grouped: dict[tuple[int, int], list[dict]] = {}
    for said in said_alike(session, workshop_id, ("rewording",), group=same_wordings):
        if said.hidden:
            continue
        entry = {"id": said.given[0].id, "text": said.text, "support": said.people, "by_group": said.by_group}
        entry.update(fold_numbers(entry["by_group"], entry["support"], minimum))
        grouped.setdefault((said.board_id, said.about), []).append(entry)
    return grouped


def _missing_cards(session: Session, workshop_id: int, placed: dict, minimum: int) -> list[dict]:
    cards = {
        card.id: {
            "card_id": card.id,
            "text": card.text,
            "wording": we_will(card.text),
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
        for source in statement.also_from:
            placed[("statement", source["statement_id"])] = where
        if statement.source_card_id is not None:
            placed[("card", statement.source_card_id)] = where
    return placed
