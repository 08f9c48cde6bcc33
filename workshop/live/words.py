"""What people wrote in the room, the same or near-identical words together, with how many people gave them:
the one rule that the facilitator's console, the merge page and the Word draft share, so that "5 people
suggested" is the same 5 on all three.

Words are put together by similarity.py's `same_wordings` (in a worker for the live screens: see
`same_wordings_in_worker`), over the words not hidden, in the order they were given. Someone the facilitator
removed keeps their words in the list but is not counted among the people who gave them. The console's lists
also show each person's words in a group, so that the facilitator can hide one, and each hidden word on its
own after the groups, to be restored.
"""

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Board, BoardNote, Comment, Participant, Rewording
from ..similarity import same_wordings_in_worker

# Each kind of words, and what in a board they are about: a statement, or for a note its column.
WORD_KINDS = {
    "rewording": (Rewording, Rewording.statement_id),
    "comment": (Comment, Comment.statement_id),
    "note": (BoardNote, BoardNote.column_name),
}


@dataclass(frozen=True)
class Given:
    """One person's words; `counted` is false once the facilitator has removed them."""

    id: int
    text: str
    hidden: bool
    counted: bool
    group: str | None


@dataclass(frozen=True)
class SaidAlike:
    """The same or near-identical words on one statement (or a note's column), in the order they were given."""

    kind: str
    board_id: int
    about: int | str
    given: tuple[Given, ...]

    @property
    def text(self) -> str:
        """Said in the words given first."""
        return self.given[0].text

    @property
    def hidden(self) -> bool:
        return self.given[0].hidden

    @property
    def people(self) -> int:
        """How many people who still count gave these words: none for a hidden word."""
        return 0 if self.hidden else sum(word.counted for word in self.given)

    @property
    def by_group(self) -> dict[str, int]:
        """How many of each group gave them, among those counted (live/breakdowns.py folds it to be shown)."""
        return dict(Counter(word.group for word in self.given if word.counted and word.group and not word.hidden))


def said_alike(
    session: Session, workshop_id: int, kinds=("rewording", "comment"), group=same_wordings_in_worker
) -> list[SaidAlike]:
    """The workshop's words of these kinds (WORD_KINDS), the same or near-identical ones together: most people
    first, then in the order their first words were given; then each hidden word alone, in the order given."""
    given: dict[tuple, list[Given]] = {}
    hidden: list[SaidAlike] = []
    for kind in kinds:
        model, about = WORD_KINDS[kind]
        rows = session.execute(
            select(model.id, model.board_id, about.label("about"), model.text, model.hidden)
            .add_columns(Participant.removed, Participant.group_name)
            .join(Participant, Participant.id == model.participant_id)
            .join(Board, Board.id == model.board_id)
            .where(Board.workshop_id == workshop_id)
            .order_by(model.id)
        )
        for row in rows:
            word = Given(row.id, row.text, bool(row.hidden), not row.removed, row.group_name)
            if word.hidden:
                hidden.append(SaidAlike(kind, row.board_id, row.about, (word,)))
            else:
                given.setdefault((kind, row.board_id, row.about), []).append(word)
    keys = list(given)
    together = group([[word.text for word in given[key]] for key in keys])
    shown = [
        SaidAlike(*key, tuple(given[key][position] for position in positions))
        for key, lists in zip(keys, together, strict=True)
        for positions in lists
    ]
    shown.sort(key=lambda said: (-said.people, said.given[0].id))
    return shown + hidden


def grouped_words(session: Session, workshop_id: int, group=same_wordings_in_worker) -> list[dict]:
    """The console's lists: every rewording and comment of the workshop, in groups (`said_alike`): `{"key",
    "kind", "board_id", "statement_id", "text", "people", "hidden", "items": [{"id", "text", "hidden"}]}`."""
    return [
        {
            "key": f"{said.kind}-{'hidden' if said.hidden else 'group'}-{said.given[0].id}",
            "kind": said.kind,
            "board_id": said.board_id,
            "statement_id": said.about,
            "text": said.text,
            "people": said.people,
            "hidden": said.hidden,
            "items": [{"id": word.id, "text": word.text, "hidden": word.hidden} for word in said.given],
        }
        for said in said_alike(session, workshop_id, group=group)
    ]
