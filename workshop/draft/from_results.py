"""Drafting from the room's results in one go: the first draft, for the facilitator to edit.

Every suggestion the rule takes (draft/suggestions.py) that is not in the
draft yet is placed under the theme suggested for it (draft/theming.py), with
its near-duplicates merged in: an adapted one with the rewording the room
supported most, which the facilitator can edit like any other. What the rule
does not take stays in Parked, and the What's missing cards with support wait
as candidate statements for the facilitator to confirm: nothing is lost, and
nothing the room did not want is put in their mouth.
"""

from sqlalchemy.orm import Session

from ..errors import DomainError
from ..models import Draft, Facilitator, Workshop
from .drafting import place_statement
from .suggestions import suggestions


def draft_from_results(session: Session, workshop: Workshop, draft: Draft, facilitator: Facilitator | None) -> dict:
    """Place what the rule takes; how many were placed (adapted and merged among them), parked and waiting."""
    if not draft.themes:
        raise DomainError("no_themes", "Add a theme first: the statements are placed under the draft's themes.")
    found = suggestions(session, workshop, draft)
    placed = adapted = merged = 0
    for suggestion in found["borrowed"] + found["adapted"]:
        if suggestion["placed"] is not None:
            continue
        supported = [r for r in suggestion["rewordings"] if r["support"]]
        rewording = supported[0] if suggestion["reason"] == "adapted" and supported else None
        place_statement(
            session,
            draft,
            suggestion["suggested_theme"]["theme_id"],
            source_statement_id=suggestion["statement_id"],
            also_statement_ids=[also["statement_id"] for also in suggestion["also"]],
            chosen_rewording_id=rewording["id"] if rewording else None,
            facilitator=facilitator,
        )
        placed += 1
        adapted += rewording is not None
        merged += bool(suggestion["also"])
    return {
        "placed": placed,
        "adapted": adapted,
        "merged": merged,
        "parked": sum(1 for s in found["parked"] if s["placed"] is None),
        "candidates": len(found["candidates"]),
    }
