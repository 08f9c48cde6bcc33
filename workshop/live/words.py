"""The room's rewordings and comments as the facilitator's console lists them: the same or near-identical
words once, with how many people gave them, most given first.

They are put together by the one rule the Word draft and the merge page use (similarity.py's
`same_wordings`, in a worker: see `same_wordings_in_worker`), over the words not hidden, in the order they
were given, so that "5 people suggested" here is the Word document's "5 people suggested". Each group
still lists every person's words, so that the facilitator can hide one. Hidden words are each on their own
after the groups, to be restored.
"""

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Board, Comment, Rewording
from ..similarity import said_once, same_wordings_in_worker

WORD_KINDS = {"rewording": Rewording, "comment": Comment}


def grouped_words(session: Session, workshop_id: int, group=same_wordings_in_worker) -> list[dict]:
    """Every rewording and comment of the workshop, in groups: `{"key", "kind", "board_id",
    "statement_id", "text", "people", "hidden", "items": [{"id", "text", "hidden"}]}`.

    A group of words not hidden says them in the words first given, with `people` the number who gave them;
    groups come most given first, then in the order their first words were given. A hidden word is a group
    of its own, with `hidden` true and `people` 0, after them all.
    """
    given: dict[tuple, list] = {}
    hidden = []
    for kind, model in WORD_KINDS.items():
        rows = session.execute(
            select(model.id, model.board_id, model.statement_id, model.text, model.hidden)
            .join(Board, Board.id == model.board_id)
            .where(Board.workshop_id == workshop_id)
            .order_by(model.id)
        )
        for row in rows:
            if row.hidden:
                hidden.append((kind, [row]))
            else:
                given.setdefault((kind, row.board_id, row.statement_id), []).append(row)
    texts = {key: [row.text for row in rows] for key, rows in given.items()}
    shown = [
        (kind, [given[(kind, board_id, statement_id)][position] for position in positions])
        for (kind, board_id, statement_id), lists in said_once(texts, group).items()
        for positions in lists
    ]
    shown.sort(key=lambda entry: (-len(entry[1]), entry[1][0].id))
    hidden.sort(key=lambda entry: entry[1][0].id)
    return [_group(kind, rows, bool(rows[0].hidden)) for kind, rows in shown + hidden]


def _group(kind: str, rows: list, hidden: bool) -> dict:
    first = rows[0]
    return {
        "key": f"{kind}-{'hidden' if hidden else 'group'}-{first.id}",
        "kind": kind,
        "board_id": first.board_id,
        "statement_id": first.statement_id,
        "text": first.text,
        "people": 0 if hidden else len(rows),
        "hidden": hidden,
        "items": [{"id": row.id, "text": row.text, "hidden": bool(row.hidden)} for row in rows],
    }
