"""The whole workshop as JSON, and back: for keeping it, and for moving it to a new install.

The file holds the charters the workshop reviewed (with every statement, so a
new install can restore them), the boards, participants by number and group
only (no names, and no tokens: imported participants cannot act; a group too
small to be shown on its own is left out, as in every breakdown, and so is who
took part with a supporter when fewer than the minimum did: the file then says
only that some did, which restoring keeps), every tag, the
totals entered from paper (a group too small to be shown counted with those
who gave none),
rewording, comment, note, missing card and support with its hidden flag, the
priorities board (outcomes, cards, support and votes, which cards were
chosen), the draft with its provenance, edits and parked statements, when it
was adopted and the reviews of it (each person's answers by the place of the
statement, their group only when it may be shown), and the action plan, each
action linked by reference to its priority card or to its draft statement (by
the place of its theme and its place in that theme). Ids in the file are
references within the file; importing gives everything new ids, a new join code and a new
projector key.

A charter is restored by its slug. When the library already holds a charter
with that slug and the very same themes and statements, the workshop uses it;
otherwise the charter is created from the file, under a new slug if the old
one is taken, so that the workshop comes back exactly as it was.

`import_workshop` checks the file's shape whole against the schema below
(pydantic, through workshop/validation.py) before it adds anything, then what
refers to what as it adds rows; either way a bad file is refused with a
DomainError saying what is wrong and where, and the caller rolls the session
back, so nothing is stored.
"""

import secrets
from collections import Counter
from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import Field
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..charters.library import charter_details, unique_slug
from ..charters.structure import EASY_READ_LENGTH
from ..draft.drafting import load_draft
from ..errors import DomainError
from ..live.breakdowns import groups_shown_in_room
from ..live.participants import token_hash
from ..live.workshops import new_join_code
from ..models import (
    CHARTER_STATUSES,
    DEFAULT_MAJORITY,
    DEFAULT_MIN_GROUP_SIZE,
    DEFAULT_VOTES,
    DRAFT_SOURCES,
    GROUPS,
    HIGHEST_MAJORITY,
    HIGHEST_MIN_GROUP_SIZE,
    HIGHEST_VOTES,
    LOWEST_MAJORITY,
    LOWEST_MIN_GROUP_SIZE,
    NOTE_COLUMNS,
    PAPER_MOST,
    PRIORITY_COLUMNS,
    PRIORITY_PHASES,
    REVIEW_ANSWERS,
    STAGES,
    TAG_CHOICES,
    TAG_VALUES,
    Action,
    Board,
    BoardNote,
    CardSupport,
    Charter,
    Comment,
    Draft,
    DraftStatement,
    DraftStatementEdit,
    DraftTheme,
    Facilitator,
    MissingCard,
    Outcome,
    PaperTotal,
    Participant,
    PriorityCard,
    PrioritySupport,
    PriorityVote,
    Review,
    ReviewAnswer,
    ReviewResponse,
    Rewording,
    Statement,
    Tag,
    Theme,
    Workshop,
)
from ..text import clean_text
from ..validation import Id, IsoDate, IsoTime, Number, Schema, validated
from . import iso_time

FORMAT = "charter-workshop"
VERSION = 1
# As a participant's words are capped when they are written.
CONTRIBUTION_MAX = 1000


# --- export ----------------------------------------------------------------------------


def export_workshop(session: Session, workshop: Workshop) -> dict:
    boards = list(session.scalars(select(Board).where(Board.workshop_id == workshop.id).order_by(Board.position)))
    board_ids = [board.id for board in boards]
    draft = load_draft(session, workshop.id)
    draft_statements = [s for theme in draft.themes for s in theme.statements] + draft.parked if draft else []
    source_ids = [s.source_statement_id for s in draft_statements if s.source_statement_id is not None] + [
        source["statement_id"] for s in draft_statements for source in s.also_from
    ]
    charter_ids = {board.charter_id for board in boards} | set(
        session.scalars(select(Statement.charter_id).where(Statement.id.in_(source_ids)))
    )
    charters = session.scalars(
        select(Charter)
        .where(Charter.id.in_(charter_ids))
        .order_by(Charter.id)
        .options(selectinload(Charter.themes).selectinload(Theme.statements))
    )
    charter_slugs = {}
    exported_charters = []
    for charter in charters:
        charter_slugs[charter.id] = charter.slug
        exported_charters.append(_export_charter(charter))

    def rows(model, *where):
        return session.scalars(select(model).where(*where).order_by(model.id))

    participants = list(rows(Participant, Participant.workshop_id == workshop.id))
    outcomes = list(rows(Outcome, Outcome.workshop_id == workshop.id))
    priority_cards = list(rows(PriorityCard, PriorityCard.outcome_id.in_([o.id for o in outcomes])))
    priority_card_ids = [card.id for card in priority_cards]
    # Where each placed draft statement is, for the actions linked to one: [theme, place in the theme].
    placed = {
        statement.id: [theme_position, position]
        for theme_position, theme in enumerate(draft.themes if draft else [])
        for position, statement in enumerate(theme.statements)
    }
    paper = list(rows(PaperTotal, PaperTotal.board_id.in_(board_ids)))
    # A group too small to be shown on its own is not written against anyone's number, nor against paper totals.
    people = Counter(p.group_name for p in participants)
    for group in {total.group_name for total in paper}:
        people[group] += max(_paper_people(total) for total in paper if total.group_name == group)
    written = groups_shown_in_room(people, workshop.min_group_size)
    # Who took part with a supporter, likewise, only when at least the minimum did; fewer, only that some did.
    supported = sum(p.supported and not p.removed for p in participants)
    supported_written = supported >= workshop.min_group_size

    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": iso_time(datetime.now(UTC)),
        "charters": exported_charters,
        "workshop": {
            "title": workshop.title,
            "area": workshop.area,
            "held_on": workshop.held_on.isoformat() if workshop.held_on else None,
            "stage": workshop.stage,
            "ask_groups": workshop.ask_groups,
            "results_revealed": workshop.results_revealed,
            "tagging_locked": workshop.tagging_locked,
            "min_group_size": workshop.min_group_size,
            "priorities_phase": workshop.priorities_phase,
            "votes_per_person": workshop.votes_per_person,
            "supported_fewer_than_minimum": 0 < supported < workshop.min_group_size,
            "current_board": workshop.current_board_id,
            "created_at": iso_time(workshop.created_at),
        },
        "boards": [
            {"id": b.id, "charter": charter_slugs[b.charter_id], "position": b.position, "is_open": b.is_open}
            for b in boards
        ],
        "participants": [
            {
                "id": p.id,
                "number": p.number,
                "group": p.group_name if p.group_name in written else None,
                "removed": p.removed,
                "supported": p.supported and supported_written,
                "joined_at": iso_time(p.joined_at),
            }
            for p in participants
        ],
        "tags": [
            {
                "board": t.board_id,
                "statement": t.statement_id,
                "participant": t.participant_id,
                "value": t.value,
                "updated_at": iso_time(t.updated_at),
            }
            for t in rows(Tag, Tag.board_id.in_(board_ids))
        ],
        "paper_totals": _export_paper(paper, written),
        "rewordings": [_export_words(r) for r in rows(Rewording, Rewording.board_id.in_(board_ids))],
        "comments": [_export_words(c) for c in rows(Comment, Comment.board_id.in_(board_ids))],
        "notes": [
            {"id": n.id, "board": n.board_id, "participant": n.participant_id, "column": n.column_name}
            | _export_contribution(n)
            for n in rows(BoardNote, BoardNote.board_id.in_(board_ids))
        ],
        "cards": [
            {"id": c.id, "participant": c.participant_id} | _export_contribution(c)
            for c in rows(MissingCard, MissingCard.workshop_id == workshop.id)
        ],
        "supports": [
            {"card": s.card_id, "participant": s.participant_id, "created_at": iso_time(s.created_at)}
            for s in rows(
                CardSupport,
                CardSupport.card_id.in_(select(MissingCard.id).where(MissingCard.workshop_id == workshop.id)),
            )
        ],
        "draft": _export_draft(draft, workshop.min_group_size) if draft else None,
        "outcomes": [{"id": o.id, "title": o.title, "position": o.position} for o in outcomes],
        "priority_cards": [
            {"id": c.id, "outcome": c.outcome_id, "participant": c.participant_id, "column": c.column_name}
            | {"chosen": c.chosen}
            | _export_contribution(c)
            for c in priority_cards
        ],
        "priority_supports": [
            {"card": s.card_id, "participant": s.participant_id, "created_at": iso_time(s.created_at)}
            for s in rows(PrioritySupport, PrioritySupport.card_id.in_(priority_card_ids))
        ],
        "priority_votes": [
            {"card": v.card_id, "participant": v.participant_id, "created_at": iso_time(v.created_at)}
            for v in rows(PriorityVote, PriorityVote.card_id.in_(priority_card_ids))
        ],
        "actions": [
            {
                "what": a.what,
                "who": a.who,
                "due": a.due,
                "linked_kind": a.linked_kind,
                "linked_text": a.linked_text,
                "priority_card": a.priority_card_id,
                "draft_statement": placed.get(a.draft_statement_id),
                "created_at": iso_time(a.created_at),
            }
            for a in session.scalars(
                select(Action).where(Action.workshop_id == workshop.id).order_by(Action.position, Action.id)
            )
        ],
    }


def _paper_people(total: PaperTotal) -> int:
    return sum(getattr(total, value) for value in TAG_VALUES)


def _export_paper(paper: list[PaperTotal], written: set[str]) -> list[dict]:
    """The totals from paper; those of a group not written counted with those of no group."""
    exported: dict[tuple, dict] = {}
    for total in paper:
        group = total.group_name if total.group_name in written else None
        entry = exported.setdefault(
            (total.board_id, total.statement_id, group),
            {"board": total.board_id, "statement": total.statement_id, "group": group} | dict.fromkeys(TAG_VALUES, 0),
        )
        for value in TAG_VALUES:
            entry[value] += getattr(total, value)
        entry["updated_at"] = max(entry.get("updated_at", ""), iso_time(total.updated_at))
    return list(exported.values())


def _export_charter(charter: Charter) -> dict:
    return charter_details(charter) | {
        "introduction": charter.introduction,
        "themes": [
            {
                "title": theme.title,
                "retired": theme.retired,
                "statements": [
                    {"id": s.id, "text": s.text, "easy_read": s.easy_read, "retired": s.retired}
                    for s in theme.statements
                ],
            }
            for theme in charter.themes
        ],
    }


def _export_contribution(item) -> dict:
    return {
        "text": item.text,
        "hidden": item.hidden,
        "created_at": iso_time(item.created_at),
        "updated_at": iso_time(item.updated_at),
    }


def _export_words(item: Rewording | Comment) -> dict:
    return {
        "id": item.id,
        "board": item.board_id,
        "statement": item.statement_id,
        "participant": item.participant_id,
    } | _export_contribution(item)


def _export_draft(draft: Draft, minimum: int) -> dict:
    return {
        "adopted_at": iso_time(draft.adopted_at) if draft.adopted_at else None,
        "reviews": _export_reviews(draft, minimum),
        "title": draft.title,
        "area": draft.area,
        "theme_set": draft.theme_set,
        "majority": draft.majority,
        "commitment": draft.commitment,
        "definitions": draft.definitions,
        "signatories": list(draft.signatories or []),
        "created_at": iso_time(draft.created_at),
        "updated_at": iso_time(draft.updated_at),
        "themes": [
            {"title": theme.title, "statements": [_export_draft_statement(s) for s in theme.statements]}
            for theme in draft.themes
        ],
        # Taken out of the draft, kept to be put back or discarded.
        "parked": [_export_draft_statement(s) for s in draft.parked],
    }


def _places(draft: Draft) -> dict:
    """Each draft statement's place: [its theme's place, its place there], or [None, its place among the parked]."""
    places = {
        statement.id: [theme_position, position]
        for theme_position, theme in enumerate(draft.themes)
        for position, statement in enumerate(theme.statements)
    }
    places.update({statement.id: [None, position] for position, statement in enumerate(draft.parked)})
    return places


def _export_reviews(draft: Draft, minimum: int) -> list:
    places = _places(draft)
    exported = []
    for review in draft.reviews:
        # As for participants: a group too small to be shown on its own is written against nobody.
        written = groups_shown_in_room(Counter(r.group_name for r in review.responses), minimum)
        exported.append(
            {
                "title": review.title,
                "opened_at": iso_time(review.opened_at),
                "closes_at": iso_time(review.closes_at) if review.closes_at else None,
                "closed_at": iso_time(review.closed_at) if review.closed_at else None,
                "responses": [
                    {
                        "group": response.group_name if response.group_name in written else None,
                        "created_at": iso_time(response.created_at),
                        "updated_at": iso_time(response.updated_at),
                        "answers": [
                            {
                                "statement": places[answer.draft_statement_id],
                                "value": answer.value,
                                "example": answer.example,
                                "hidden": answer.hidden,
                            }
                            for answer in sorted(response.answers, key=lambda answer: answer.id)
                        ],
                    }
                    for response in sorted(review.responses, key=lambda response: response.id)
                ],
            }
        )
    return exported


def _export_draft_statement(statement: DraftStatement) -> dict:
    return {
        "text": statement.text,
        "did_we_question": statement.did_we_question,
        "source_kind": statement.source_kind,
        "source_statement": statement.source_statement_id,
        "source_card": statement.source_card_id,
        "source_charter_title": statement.source_charter_title,
        "original_text": statement.original_text,
        "chosen_rewording": statement.chosen_rewording_id,
        "chosen_rewording_text": statement.chosen_rewording_text,
        # Near-duplicates merged into it, from other charters.
        "also_from": [
            {"statement": source["statement_id"], "charter": source["charter"], "text": source["text"]}
            for source in statement.also_from
        ],
        "created_at": iso_time(statement.created_at),
        # Who made an edit is a facilitator's account: not exported.
        "edits": [
            {"previous_text": e.previous_text, "new_text": e.new_text, "created_at": iso_time(e.created_at)}
            for e in statement.edits
        ],
    }


# --- import ----------------------------------------------------------------------------
# The file's shape, checked whole before anything is stored; what refers to what is checked as it is read.


class ExportedStatement(Schema):
    id: Id
    text: str
    retired: bool
    # Files written before statements had easy-read versions have none.
    easy_read: str | None = None


class ExportedTheme(Schema):
    title: str
    retired: bool
    statements: list[ExportedStatement]


class ExportedCharter(Schema):
    slug: str
    title: str
    area: str
    status: Literal[*CHARTER_STATUSES]
    source: str
    source_url: str | None
    introduction: str
    themes: list[ExportedTheme]


class ExportedDetails(Schema):
    title: str
    area: str
    held_on: IsoDate | None
    stage: Literal[*STAGES]
    ask_groups: bool
    results_revealed: bool
    tagging_locked: bool
    # Files exported before workshops had a minimum group size have the default.
    min_group_size: Annotated[int, Field(ge=LOWEST_MIN_GROUP_SIZE, le=HIGHEST_MIN_GROUP_SIZE)] = DEFAULT_MIN_GROUP_SIZE
    # Files exported before the priorities board have its defaults.
    priorities_phase: Literal[*PRIORITY_PHASES] = "cards"
    votes_per_person: Annotated[int, Field(ge=1, le=HIGHEST_VOTES)] = DEFAULT_VOTES
    # Files from before it was kept leave it out.
    supported_fewer_than_minimum: bool = False
    current_board: Id | None
    created_at: IsoTime


class ExportedBoard(Schema):
    id: Id
    charter: str
    position: Number
    is_open: bool


class ExportedParticipant(Schema):
    id: Id
    number: Id
    group: Literal[*GROUPS] | None
    removed: bool
    # Left out by files from before supporters were recorded.
    supported: bool = False
    joined_at: IsoTime


class ExportedTag(Schema):
    board: Id
    statement: Id
    participant: Id
    value: Literal[*TAG_CHOICES]
    updated_at: IsoTime


PaperCount = Annotated[int, Field(ge=0, le=PAPER_MOST)]


class ExportedPaperTotal(Schema):
    board: Id
    statement: Id
    group: Literal[*GROUPS] | None
    borrow: PaperCount
    adapt: PaperCount
    ignore: PaperCount
    updated_at: IsoTime


class ExportedContribution(Schema):
    """What a participant wrote, with its hidden flag and times."""

    id: Id
    text: str
    hidden: bool
    created_at: IsoTime
    updated_at: IsoTime


class ExportedWords(ExportedContribution):
    board: Id
    statement: Id
    participant: Id


class ExportedNote(ExportedContribution):
    board: Id
    participant: Id
    column: Literal[*NOTE_COLUMNS]


class ExportedCard(ExportedContribution):
    participant: Id | None


class ExportedSupport(Schema):
    card: Id
    participant: Id
    created_at: IsoTime


class ExportedEdit(Schema):
    previous_text: str
    new_text: str
    created_at: IsoTime


class ExportedSource(Schema):
    statement: Id
    charter: str
    text: str


class ExportedDraftStatement(Schema):
    text: str
    did_we_question: str
    source_kind: Literal[*DRAFT_SOURCES]
    source_statement: Id | None
    source_card: Id | None
    source_charter_title: str | None
    original_text: str | None
    chosen_rewording: Id | None
    chosen_rewording_text: str | None
    # Files from before near-duplicates could be merged have none.
    also_from: list[ExportedSource] = []
    created_at: IsoTime
    edits: list[ExportedEdit]


class ExportedDraftTheme(Schema):
    title: str
    statements: list[ExportedDraftStatement]


class ExportedReviewAnswer(Schema):
    # [the place of its theme in the draft, its place in that theme], or [None, its place among the parked]
    statement: Annotated[list[Number | None], Field(min_length=2, max_length=2)]
    value: Literal[*REVIEW_ANSWERS]
    example: str
    hidden: bool


class ExportedReviewResponse(Schema):
    group: Literal[*GROUPS] | None
    created_at: IsoTime
    updated_at: IsoTime
    answers: list[ExportedReviewAnswer]


class ExportedReview(Schema):
    title: str
    opened_at: IsoTime
    closes_at: IsoTime | None
    closed_at: IsoTime | None
    responses: list[ExportedReviewResponse]


class ExportedDraft(Schema):
    # Files from before drafts could be adopted and reviewed have neither.
    adopted_at: IsoTime | None = None
    reviews: list[ExportedReview] = []
    title: str
    area: str
    theme_set: str | None
    # Files from before the rule could be set have the default.
    majority: Annotated[int, Field(ge=LOWEST_MAJORITY, le=HIGHEST_MAJORITY)] = DEFAULT_MAJORITY
    commitment: str
    definitions: str
    signatories: list[str]
    created_at: IsoTime
    updated_at: IsoTime
    themes: list[ExportedDraftTheme]
    parked: list[ExportedDraftStatement]


class ExportedOutcome(Schema):
    id: Id
    title: str
    position: Number


class ExportedPriorityCard(ExportedContribution):
    outcome: Id
    participant: Id
    column: Literal[*PRIORITY_COLUMNS]
    chosen: bool


class ExportedAction(Schema):
    what: str
    who: str
    due: str
    linked_kind: Literal["priority", "statement"] | None
    linked_text: str | None
    priority_card: Id | None
    # [the place of its theme in the draft, its place in that theme]
    draft_statement: Annotated[list[Number], Field(min_length=2, max_length=2)] | None
    created_at: IsoTime


class ExportedFormat(Schema):
    """Read first, so that another file is told it is not an export before anything else."""

    format: str
    version: int


class ExportedWorkshop(ExportedFormat):
    charters: list[ExportedCharter]
    workshop: ExportedDetails
    boards: list[ExportedBoard]
    participants: list[ExportedParticipant]
    tags: list[ExportedTag]
    # Files exported before tags could be counted from paper have none.
    paper_totals: list[ExportedPaperTotal] = []
    rewordings: list[ExportedWords]
    comments: list[ExportedWords]
    notes: list[ExportedNote]
    cards: list[ExportedCard]
    supports: list[ExportedSupport]
    draft: ExportedDraft | None
    # Files exported before the priorities board and the action plan have none.
    outcomes: list[ExportedOutcome] = []
    priority_cards: list[ExportedPriorityCard] = []
    priority_supports: list[ExportedSupport] = []
    priority_votes: list[ExportedSupport] = []
    actions: list[ExportedAction] = []


REFUSED = "This file cannot be imported: "


def _refused(message: str) -> DomainError:
    return DomainError("invalid_export", f"{REFUSED}{message}")


def _once(seen: set, key, message: str) -> None:
    """Refuse a second copy of what may appear only once."""
    if key in seen:
        raise _refused(message)
    seen.add(key)


def _ref(found: dict, value, key: str, where: str, what: str):
    """The new row for something the file refers to by its id (or a charter by its slug)."""
    if value is None:
        return None
    if value not in found:
        raise _refused(f"'{key}' in {where} refers to {what} {value!r}, which is not in the file.")
    return found[value]


def _keep(session: Session, found: dict, file_id: int, where: str, row):
    """Add a row the file gives an id, so that later parts of the file can refer to it."""
    if file_id in found:
        raise _refused(f"the id {file_id} of {where} is used twice.")
    found[file_id] = row
    session.add(row)


def _stand_in_for_the_supported(participants: list[Participant]) -> None:
    """The file says that fewer than the minimum took part with a supporter, never who or how many: one person
    still counted stands for them, marked so. One is below every minimum group size (LOWEST_MIN_GROUP_SIZE), so
    every screen, download and later export says "fewer than" again, as before, and never more."""
    counted = sorted((p for p in participants if not p.removed), key=lambda p: p.number)
    if any(p.supported for p in counted):
        raise _refused(
            "'supported_fewer_than_minimum' in workshop is true, but participants are marked as supported: "
            "the file names who only when at least the minimum took part with a supporter."
        )
    if not counted:
        raise _refused("'supported_fewer_than_minimum' in workshop is true, but no participant is counted.")
    counted[0].supported = True


def import_workshop(session: Session, data, owner: Facilitator) -> Workshop:
    """Restore an exported workshop for `owner`, with new ids, a new join code and a new projector key."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DomainError("not_an_export", "This is not a workshop exported from Charter Workshop.")
    version = validated(ExportedFormat, data, "invalid_export", REFUSED).version
    if version != VERSION:
        raise DomainError(
            "unsupported_version",
            f"This file is in format version {version}; this install reads version {VERSION}. "
            "Export the workshop again from an install of the same version.",
        )
    file = validated(ExportedWorkshop, data, "invalid_export", REFUSED)

    charters: dict[str, Charter] = {}
    statements: dict[int, Statement] = {}
    for index, item in enumerate(file.charters):
        slug = clean_text(item.slug, 80, single_line=True)
        if not slug:
            raise _refused(f"'slug' in charters[{index}] must not be empty.")
        if slug in charters:
            raise _refused(f"the charter '{slug}' is listed twice.")
        charters[slug] = _import_charter(session, item, slug, statements, owner)

    workshop = _import_workshop_details(session, file.workshop, owner)
    boards: dict[int, Board] = {}
    reviewed: set = set()
    for index, item in enumerate(file.boards):
        where = f"boards[{index}]"
        charter = _ref(charters, item.charter, "charter", where, "the charter")
        _once(reviewed, charter.slug, f"two boards review the charter '{charter.slug}'.")
        board = Board(workshop=workshop, charter=charter, position=item.position, is_open=item.is_open)
        _keep(session, boards, item.id, where, board)
    participants: dict[int, Participant] = {}
    numbers: set = set()
    for index, item in enumerate(file.participants):
        _once(numbers, item.number, f"the participant number {item.number} is used twice.")
        participant = Participant(
            workshop=workshop,
            # No token is exported: this is the hash of a token nobody has, so the participant cannot act.
            token_hash=token_hash(secrets.token_urlsafe(32)),
            number=item.number,
            group_name=item.group,
            removed=item.removed,
            supported=item.supported,
            joined_at=item.joined_at,
        )
        _keep(session, participants, item.id, f"participants[{index}]", participant)
    if file.workshop.supported_fewer_than_minimum:
        _stand_in_for_the_supported(list(participants.values()))
    session.flush()
    current = _ref(boards, file.workshop.current_board, "current_board", "workshop", "board")
    workshop.current_board_id = current.id if current else None

    tagged: set = set()
    for index, item in enumerate(file.tags):
        where = f"tags[{index}]"
        board, statement, participant = _on_board(item, where, boards, statements, participants)
        _once(tagged, (participant.id, board.id, statement.id), f"{where} tags a statement a second time.")
        session.add(
            Tag(
                board_id=board.id,
                statement_id=statement.id,
                participant_id=participant.id,
                value=item.value,
                updated_at=item.updated_at,
            )
        )
    counted: set = set()
    for index, item in enumerate(file.paper_totals):
        where = f"paper_totals[{index}]"
        board, statement = _statement_on_board(item, where, boards, statements)
        _once(counted, (board.id, statement.id, item.group), f"{where} gives a statement and group's totals again.")
        tallies = {value: getattr(item, value) for value in TAG_VALUES}
        if any(tallies.values()):
            session.add(
                PaperTotal(
                    board_id=board.id,
                    statement_id=statement.id,
                    group_name=item.group,
                    updated_at=item.updated_at,
                    **tallies,
                )
            )
    rewordings: dict[int, Rewording] = {}
    reworded: set = set()
    for index, item in enumerate(file.rewordings):
        where = f"rewordings[{index}]"
        board, statement, participant = _on_board(item, where, boards, statements, participants)
        _once(reworded, (participant.id, board.id, statement.id), f"{where} rewords a statement a second time.")
        rewording = Rewording(board_id=board.id, statement_id=statement.id, participant_id=participant.id)
        _keep(session, rewordings, item.id, where, _words(item, rewording))
    comments: dict[int, Comment] = {}
    for index, item in enumerate(file.comments):
        where = f"comments[{index}]"
        board, statement, participant = _on_board(item, where, boards, statements, participants)
        comment = Comment(board_id=board.id, statement_id=statement.id, participant_id=participant.id)
        _keep(session, comments, item.id, where, _words(item, comment))
    notes: dict[int, BoardNote] = {}
    for index, item in enumerate(file.notes):
        where = f"notes[{index}]"
        note = BoardNote(
            board_id=_ref(boards, item.board, "board", where, "board").id,
            participant_id=_ref(participants, item.participant, "participant", where, "participant").id,
            column_name=item.column,
        )
        _keep(session, notes, item.id, where, _words(item, note))
    cards: dict[int, MissingCard] = {}
    for index, item in enumerate(file.cards):
        where = f"cards[{index}]"
        author = _ref(participants, item.participant, "participant", where, "participant")
        card = MissingCard(workshop=workshop, participant_id=author.id if author else None)
        _keep(session, cards, item.id, where, _words(item, card))
    session.flush()

    supported: set = set()
    for index, item in enumerate(file.supports):
        where = f"supports[{index}]"
        card = _ref(cards, item.card, "card", where, "card")
        participant = _ref(participants, item.participant, "participant", where, "participant")
        _once(supported, (card.id, participant.id), f"{where} supports a card a second time.")
        session.add(CardSupport(card_id=card.id, participant_id=participant.id, created_at=item.created_at))

    draft = _import_draft(session, file.draft, workshop, statements, cards, rewordings) if file.draft else None
    priority_cards = _import_priorities(session, file, workshop, participants)
    session.flush()
    _import_actions(session, file.actions, workshop, priority_cards, draft)
    session.flush()
    return workshop


def _import_priorities(session: Session, file: ExportedWorkshop, workshop: Workshop, participants: dict) -> dict:
    """The priorities board: outcomes, cards, support and votes; the new cards by the file's ids."""
    outcomes: dict[int, Outcome] = {}
    for index, item in enumerate(file.outcomes):
        where = f"outcomes[{index}]"
        title = clean_text(item.title, 200, single_line=True)
        if not title:
            raise _refused(f"'title' in {where} must not be empty.")
        _keep(session, outcomes, item.id, where, Outcome(workshop=workshop, title=title, position=item.position))
    session.flush()
    cards: dict[int, PriorityCard] = {}
    for index, item in enumerate(file.priority_cards):
        where = f"priority_cards[{index}]"
        card = PriorityCard(
            outcome_id=_ref(outcomes, item.outcome, "outcome", where, "outcome").id,
            participant_id=_ref(participants, item.participant, "participant", where, "participant").id,
            column_name=item.column,
            chosen=item.chosen,
        )
        _keep(session, cards, item.id, where, _words(item, card))
    session.flush()
    for name, model, marks in (
        ("priority_supports", PrioritySupport, file.priority_supports),
        ("priority_votes", PriorityVote, file.priority_votes),
    ):
        seen: set = set()
        for index, item in enumerate(marks):
            where = f"{name}[{index}]"
            card = _ref(cards, item.card, "card", where, "priority card")
            participant = _ref(participants, item.participant, "participant", where, "participant")
            _once(seen, (card.id, participant.id), f"{where} is a second one for the same card and person.")
            session.add(model(card_id=card.id, participant_id=participant.id, created_at=item.created_at))
    return cards


def _import_actions(session: Session, actions: list, workshop: Workshop, cards: dict, draft: Draft | None) -> None:
    for position, item in enumerate(actions):
        where = f"actions[{position}]"
        what = clean_text(item.what)
        if not what:
            raise _refused(f"'what' in {where} must not be empty.")
        card = _ref(cards, item.priority_card, "priority_card", where, "priority card")
        statement = None
        if item.draft_statement is not None:
            theme, place = item.draft_statement
            themes = draft.themes if draft else []
            if not (0 <= theme < len(themes) and 0 <= place < len(themes[theme].statements)):
                raise _refused(f"'draft_statement' in {where} is not the place of a statement in the draft.")
            statement = themes[theme].statements[place]
        session.add(
            Action(
                workshop_id=workshop.id,
                position=position,
                what=what,
                who=clean_text(item.who, 200, single_line=True),
                due=clean_text(item.due, 100, single_line=True),
                linked_kind=item.linked_kind,
                linked_text=_maybe(item.linked_text),
                priority_card_id=card.id if card else None,
                draft_statement_id=statement.id if statement else None,
                created_at=item.created_at,
            )
        )


def _on_board(item: ExportedWords | ExportedTag, where: str, boards: dict, statements: dict, participants: dict):
    """The board, statement and participant of a tag, rewording or comment."""
    board, statement = _statement_on_board(item, where, boards, statements)
    return board, statement, _ref(participants, item.participant, "participant", where, "participant")


def _statement_on_board(item, where: str, boards: dict, statements: dict):
    """The board and statement of a tag, rewording, comment or paper total."""
    board = _ref(boards, item.board, "board", where, "board")
    statement = _ref(statements, item.statement, "statement", where, "statement")
    if statement.charter_id != board.charter_id:
        raise _refused(f"the statement of {where} is not on the charter of its board.")
    return board, statement


def _words(item: ExportedContribution, row):
    row.text = clean_text(item.text, CONTRIBUTION_MAX)
    row.hidden = item.hidden
    row.created_at, row.updated_at = item.created_at, item.updated_at
    return row


def _import_charter(
    session: Session, item: ExportedCharter, slug: str, statements: dict[int, Statement], owner: Facilitator
) -> Charter:
    outline = [(theme.title, theme.retired, [(s.text, s.retired) for s in theme.statements]) for theme in item.themes]
    file_ids = [s.id for theme in item.themes for s in theme.statements]
    existing = session.scalar(
        select(Charter).where(Charter.slug == slug).options(selectinload(Charter.themes).selectinload(Theme.statements))
    )
    if existing is not None and _outline(existing) == outline:
        charter = existing
        restored = [s for theme in existing.themes for s in theme.statements]
    else:
        charter = Charter(
            slug=slug if existing is None else unique_slug(session, slug),
            title=clean_text(item.title, 200, single_line=True),
            area=clean_text(item.area, 120, single_line=True),
            status=item.status,
            source=clean_text(item.source),
            source_url=clean_text(item.source_url, 500, single_line=True) if item.source_url is not None else None,
            introduction=clean_text(item.introduction),
            # A council's own charter brought into this library: changed by who brought it, as if imported.
            imported_by_id=owner.id if item.status == "imported" else None,
        )
        session.add(charter)
        restored = []
        for theme_position, theme_item in enumerate(item.themes):
            theme = Theme(
                charter=charter,
                position=theme_position,
                title=clean_text(theme_item.title, 200, single_line=True),
                retired=theme_item.retired,
            )
            for s in theme_item.statements:
                statement = Statement(
                    charter=charter,
                    theme=theme,
                    position=len(restored),
                    text=clean_text(s.text),
                    easy_read=clean_text(s.easy_read, EASY_READ_LENGTH, single_line=True) or None,
                    retired=s.retired,
                )
                restored.append(statement)
        session.add_all(restored)
    session.flush()
    for file_id, statement in zip(file_ids, restored, strict=True):
        if file_id in statements:
            raise _refused(f"the statement id {file_id} is used twice.")
        statements[file_id] = statement
    return charter


def _outline(charter: Charter) -> list:
    return [(theme.title, theme.retired, [(s.text, s.retired) for s in theme.statements]) for theme in charter.themes]


def _import_workshop_details(session: Session, item: ExportedDetails, owner: Facilitator) -> Workshop:
    title = clean_text(item.title, 200, single_line=True)
    if not title:
        raise _refused("'title' in workshop must not be empty.")
    workshop = Workshop(
        title=title,
        area=clean_text(item.area, 120, single_line=True),
        held_on=item.held_on,
        code=new_join_code(session),
        projector_key=secrets.token_urlsafe(32),
        stage=item.stage,
        priorities_phase=item.priorities_phase,
        votes_per_person=item.votes_per_person,
        ask_groups=item.ask_groups,
        results_revealed=item.results_revealed,
        tagging_locked=item.tagging_locked,
        min_group_size=item.min_group_size,
        owner_id=owner.id,
        created_at=item.created_at,
    )
    session.add(workshop)
    return workshop


def _import_draft(
    session, item: ExportedDraft, workshop: Workshop, statements: dict, cards: dict, rewordings: dict
) -> Draft:
    draft = Draft(
        workshop=workshop,
        title=clean_text(item.title, 200, single_line=True),
        area=clean_text(item.area, 120, single_line=True),
        theme_set=clean_text(item.theme_set, 80, single_line=True) if item.theme_set is not None else None,
        majority=item.majority,
        commitment=clean_text(item.commitment),
        definitions=clean_text(item.definitions),
        signatories=[clean_text(partner, 200, single_line=True) for partner in item.signatories],
        created_at=item.created_at,
        updated_at=item.updated_at,
    )

    def restored(position: int, s: ExportedDraftStatement, where: str) -> DraftStatement:
        source = _ref(statements, s.source_statement, "source_statement", where, "statement")
        card = _ref(cards, s.source_card, "source_card", where, "card")
        rewording = _ref(rewordings, s.chosen_rewording, "chosen_rewording", where, "rewording")
        return DraftStatement(
            position=position,
            text=clean_text(s.text),
            did_we_question=clean_text(s.did_we_question),
            source_kind=s.source_kind,
            source_statement_id=source.id if source else None,
            source_card_id=card.id if card else None,
            source_charter_title=_maybe(s.source_charter_title, 200, single_line=True),
            original_text=_maybe(s.original_text),
            chosen_rewording_id=rewording.id if rewording else None,
            chosen_rewording_text=_maybe(s.chosen_rewording_text),
            also_from=[
                {
                    "statement_id": _ref(statements, also.statement, "statement", f"{where}.also_from", "statement").id,
                    "charter": clean_text(also.charter, 200, single_line=True),
                    "text": clean_text(also.text),
                }
                for also in s.also_from
            ],
            created_at=s.created_at,
            edits=[
                DraftStatementEdit(
                    previous_text=clean_text(edit.previous_text),
                    new_text=clean_text(edit.new_text),
                    created_at=edit.created_at,
                )
                for edit in s.edits
            ],
        )

    for theme_position, theme_item in enumerate(item.themes):
        theme = DraftTheme(
            draft=draft, position=theme_position, title=clean_text(theme_item.title, 200, single_line=True)
        )
        theme.statements = [
            restored(position, s, f"draft.themes[{theme_position}].statements[{position}]")
            for position, s in enumerate(theme_item.statements)
        ]
    draft.parked = [restored(position, s, f"draft.parked[{position}]") for position, s in enumerate(item.parked)]
    draft.adopted_at = item.adopted_at
    session.add(draft)
    session.flush()
    _import_reviews(item.reviews, draft)
    return draft


def _import_reviews(reviews: list, draft: Draft) -> None:
    """The reviews of the draft: new links, and answers nobody can change (no phone's code is exported)."""
    for index, item in enumerate(reviews):
        where = f"draft.reviews[{index}]"
        title = clean_text(item.title, 200, single_line=True)
        if not title:
            raise _refused(f"'title' in {where} must not be empty.")
        review = Review(
            title=title,
            key=secrets.token_urlsafe(32),
            opened_at=item.opened_at,
            closes_at=item.closes_at,
            closed_at=item.closed_at,
        )
        draft.reviews.append(review)
        for number, response_item in enumerate(item.responses):
            response = ReviewResponse(
                token_hash=token_hash(secrets.token_urlsafe(32)),
                group_name=response_item.group,
                created_at=response_item.created_at,
                updated_at=response_item.updated_at,
            )
            answered: set = set()
            for answer in response_item.answers:
                statement = _statement_at(draft, answer.statement, f"{where}.responses[{number}]")
                _once(answered, statement.id, f"{where}.responses[{number}] answers a question a second time.")
                response.answers.append(
                    ReviewAnswer(
                        draft_statement_id=statement.id,
                        value=answer.value,
                        example=clean_text(answer.example, CONTRIBUTION_MAX),
                        hidden=answer.hidden,
                    )
                )
            review.responses.append(response)


def _statement_at(draft: Draft, place, where: str) -> DraftStatement:
    theme, position = place
    statements = (
        draft.parked if theme is None else (draft.themes[theme].statements if 0 <= theme < len(draft.themes) else [])
    )
    if not 0 <= position < len(statements):
        raise _refused(f"'statement' in {where} is not the place of a statement in the draft.")
    return statements[position]


def _maybe(text: str | None, max_length: int | None = None, single_line: bool = False) -> str | None:
    """Optional text, cleaned as the rest."""
    return None if text is None else clean_text(text, max_length, single_line)
