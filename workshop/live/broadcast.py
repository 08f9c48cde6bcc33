"""Telling every screen what changed, without a message per tap per viewer.

This is the one place that emits. Adapters (pages, API routes, Socket.IO
handlers) call the domain, commit, then announce what changed here:
`operation_applied`, `control_applied`, `draft_changed`, `joined_changed`,
`workshop_deleted`, `review_changed`, `review_deleted`. The priorities board
goes whole to every screen, at most once
a second; the action plan to every screen as the facilitator writes it.

A tag marks its board as changed; a background task wakes a few times a second
and sends one update per changed board to each room that may see it. The
counts come from the database each time, so any process can send them and
none holds state that could go stale. With REDIS_URL set, Flask-SocketIO's
message queue carries each emit to the screens connected to other processes,
and each round one process sends a board's counts (`Broadcaster._claimed`).
"""

import logging
import secrets
import threading

import redis
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from ..extensions import db, socketio
from ..models import Board, Workshop
from .actions import action_plan
from .breakdowns import protected_counts, supported_figure
from .control import Controlled
from .focus import focused_statement, projector_focus
from .operations import Applied
from .participants import joined_count, supported_count
from .priorities import priorities_board
from .results import board_counts
from .snapshots import (
    DRAFT_STAGES,
    board_notes,
    draft_snapshot,
    get_draft,
    skipped_counts,
    tagged_counts,
    visible_cards,
    workshop_state,
)
from .viewers import REVIEW_ROLES, ROLES
from .words import grouped_words
from .workshops import WORKSHOP_DELETED, DeletedWorkshop

log = logging.getLogger(__name__)

# At most this many updates a second for one board, whatever the tapping rate.
UPDATES_PER_SECOND = 4
# Cards go to every phone: once a second is live enough, and a quarter of the sends.
ROUNDS_PER_CARD_UPDATE = 4
# With several processes, the one process that sends a board's counts (or a workshop's lists of words) in a
# round holds it for a little less than a round (of each), so that the next round is anyone's.
COUNTS_CLAIM_SECONDS = 0.8 / UPDATES_PER_SECOND
WORD_GROUPS_CLAIM_SECONDS = 0.8 * ROUNDS_PER_CARD_UPDATE / UPDATES_PER_SECOND


def room(workshop_id: int, role: str) -> str:
    """One room per workshop and role (see viewers.ROLES)."""
    return f"workshop-{workshop_id}-{role}"


def participant_room(participant_id: int) -> str:
    return f"participant-{participant_id}"


def review_room(review_id: int, role: str) -> str:
    """One room per review and role (viewers.REVIEW_ROLES): the screens showing its results."""
    return f"review-{review_id}-{role}"


REVIEW_DELETED = "This review has been deleted, with every answer to it."


class Broadcaster:
    def __init__(self):
        self._lock = threading.Lock()
        self._boards: set[int] = set()
        self._notes: set[int] = set()
        # Per workshop, the cards that changed, or None when any may have.
        self._cards: dict[int, set[int] | None] = {}
        self._joined: set[int] = set()
        # Boards with new rewordings or comments, for the big screen when it shows one of their statements.
        self._words: set[int] = set()
        self._priorities: set[int] = set()
        self._reviews: set[int] = set()
        # What each review's screens may see, per role (given by the reviews area, above this one).
        self._review_screens = None
        # Workshops whose rewordings or comments changed, for the facilitators' lists, put together once a second.
        self._word_groups: set[int] = set()
        # This process's connections to a workshop since deleted, or of a participant since erased:
        # refused whatever they send (live/events.py), until they disconnect.
        self.ended_connections: set[str] = set()
        self._started = False
        self._app = None
        self._redis: redis.Redis | None = None
        self._claim_prefix = ""
        self._claimant = secrets.token_hex(8)

    def init_app(self, app) -> None:
        self._app = app
        self._redis = redis.Redis.from_url(app.config["REDIS_URL"]) if app.config["REDIS_URL"] else None
        self._claim_prefix = f"{app.config['SOCKETIO_CHANNEL']}:sending"
        self._boards, self._notes, self._cards, self._joined, self._words = set(), set(), {}, set(), set()
        self._priorities, self._reviews, self._word_groups = set(), set(), set()
        self.ended_connections = set()

    def serve_reviews(self, screens) -> None:
        """Say how to draw a review's results: `screens(session, review_id)` gives a payload per role, or None."""
        self._review_screens = screens

    def review_screens(self, session: Session, review_id: int) -> dict | None:
        return self._review_screens(session, review_id) if self._review_screens else None

    def flush(self, cards: bool = True) -> None:
        """Send what is marked now, without waiting for the loop (the handler tests use this).

        With cards False, changed cards (What's missing and priorities) and the facilitators' lists of
        words wait for a later round.
        """
        with self._lock:
            changed = (
                self._boards,
                self._notes,
                self._cards if cards else {},
                self._joined,
                self._words,
                self._priorities if cards else set(),
                self._reviews,
                self._word_groups if cards else set(),
            )
            self._boards, self._notes, self._joined, self._words, self._reviews = set(), set(), set(), set(), set()
            if cards:
                self._cards, self._priorities, self._word_groups = {}, set(), set()
        boards, word_groups = changed[0], changed[7]
        claimed_boards = self._claimed("counts", boards, COUNTS_CLAIM_SECONDS)
        claimed_word_groups = self._claimed("word-groups", word_groups, WORD_GROUPS_CLAIM_SECONDS)
        with self._lock:
            # Another process sends these this round; this one keeps them for a later round, in case its
            # own change came after the other's reading.
            self._boards |= boards - claimed_boards
            self._word_groups |= word_groups - claimed_word_groups
        self.send(claimed_boards, *changed[1:7], claimed_word_groups)

    def _claimed(self, kind: str, keys: set[int], seconds: float) -> set[int]:
        """Those of `keys` this process sends now: all of them, unless several processes share Redis.

        Every process reads the same counts and words from the database, so one
        process a round is enough: with N processes each sending its own, the
        work and the big screen's messages grew N times over.
        """
        if self._redis is None or not keys:
            return keys
        claimed = set()
        try:
            for key in keys:
                name = f"{self._claim_prefix}:{kind}:{key}"
                if self._redis.set(name, self._claimant, nx=True, px=int(seconds * 1000)) or (
                    self._redis.get(name) == self._claimant.encode()
                ):
                    claimed.add(key)
        except redis.RedisError:
            log.exception("Could not share out the live updates: this process sends them all")
            return keys
        return claimed

    # Called on the hot path: only marks, never queries or sends.
    def counts_changed(self, board_id: int) -> None:
        self._mark(self._boards, board_id)

    def notes_changed(self, board_id: int) -> None:
        self._mark(self._notes, board_id)

    def cards_changed(self, workshop_id: int, card_id: int | None = None) -> None:
        """One card changed, or (without card_id) any of the workshop's cards may have."""
        with self._lock:
            if card_id is None:
                self._cards[workshop_id] = None
            elif workshop_id not in self._cards:
                self._cards[workshop_id] = {card_id}
            elif self._cards[workshop_id] is not None:
                self._cards[workshop_id].add(card_id)
            self._start()

    def joined_changed(self, workshop_id: int) -> None:
        self._mark(self._joined, workshop_id)

    def priorities_changed(self, workshop_id: int) -> None:
        self._mark(self._priorities, workshop_id)

    def review_changed(self, review_id: int) -> None:
        """Answers came in or were taken back, an example was hidden, the review closed: its screens follow."""
        self._mark(self._reviews, review_id)

    def review_deleted(self, review_id: int, message: str = REVIEW_DELETED) -> None:
        """Every screen showing the review is told so, then its rooms are closed (as for a workshop)."""
        for role in REVIEW_ROLES:
            self._end(review_room(review_id, role))
            socketio.emit("deleted", {"message": message}, to=review_room(review_id, role))
            socketio.close_room(review_room(review_id, role))

    # What adapters call after they commit.

    def operation_applied(self, workshop_id: int, applied: Applied) -> None:
        """A participant's operation was stored: mark what changed, for the next coalesced update."""
        if applied.duplicate:
            return
        if applied.board_id is not None:
            self.counts_changed(applied.board_id)
            if "note_id" in applied.result:
                self.notes_changed(applied.board_id)
        if applied.cards_changed:
            self.cards_changed(workshop_id, applied.result["card_id"])
        if applied.priorities_changed:
            self.priorities_changed(workshop_id)
        if applied.supported_changed:
            # The facilitators' figure of how many took part with a supporter goes with the joined count.
            self.joined_changed(workshop_id)
        if applied.words_changed:
            # A rewording or comment, new or taken back: for the big screen, and for the facilitators' lists,
            # where the same words are put together as the Word draft does.
            self._mark(self._words, applied.board_id)
            self._mark(self._word_groups, workshop_id)

    def control_applied(self, workshop: Workshop, controlled: Controlled) -> None:
        """The facilitator changed the room: every screen follows."""
        if controlled.state_changed:
            send_state(workshop)
            for board in workshop.boards:
                # Revealing, hiding or opening changes what each room may see of the counts.
                self.counts_changed(board.id)
        if controlled.state_changed or controlled.priorities_changed:
            send_priorities(workshop)
        if controlled.actions_changed:
            plan = {"actions": action_plan(db.session, workshop)}
            for role in ROLES:
                socketio.emit("actions", plan, to=room(workshop.id, role))
        if controlled.hidden is not None:
            hidden = controlled.hidden
            for role in ROLES:
                socketio.emit(
                    "hidden",
                    {"kind": hidden.kind, "id": hidden.id, "hidden": hidden.hidden},
                    to=room(workshop.id, role),
                )
            if hidden.kind == "card":
                self.cards_changed(workshop.id, hidden.id)
            elif hidden.kind == "priority_card":
                send_priorities(workshop)
            elif hidden.kind == "note":
                self.notes_changed(hidden.board_id)
            elif hidden.board_id is not None:
                self._mark(self._words, hidden.board_id)
                self._mark(self._word_groups, workshop.id)
        if controlled.focus_changed:
            focus = projector_focus(workshop)
            for role in ROLES:
                socketio.emit("focus", focus, to=room(workshop.id, role))
        if controlled.removed_participant_id is not None:
            socketio.emit("removed", {}, to=participant_room(controlled.removed_participant_id))
            self._someone_left(workshop)
        if controlled.erased is not None:
            erased = participant_room(controlled.erased.participant_id)
            self._end(erased)
            socketio.emit("removed", {}, to=erased)
            socketio.close_room(erased)
            self._someone_left(workshop)
            for board in workshop.boards:
                self.notes_changed(board.id)
            if controlled.erased.draft_statements:
                self.draft_changed(db.session, workshop)

    def _someone_left(self, workshop: Workshop) -> None:
        """What someone tagged and supported no longer counts, nor are they among the people who gave words; the
        facilitators' lists follow the joined count."""
        for board in workshop.boards:
            self.counts_changed(board.id)
        self._mark(self._word_groups, workshop.id)
        self.cards_changed(workshop.id)
        self.priorities_changed(workshop.id)
        self.joined_changed(workshop.id)

    def draft_changed(self, session: Session, workshop: Workshop) -> None:
        """Every screen that may see the draft gets it again, whole: it is small, and never goes stale."""
        draft = get_draft(session, workshop)
        socketio.emit(
            "draft", draft_snapshot(session, draft, for_facilitator=True), to=room(workshop.id, "facilitator")
        )
        if workshop.stage in DRAFT_STAGES:
            shown = draft_snapshot(session, draft)
            for role in ("projector", "participant"):
                socketio.emit("draft", shown, to=room(workshop.id, role))

    def workshop_deleted(self, deleted: DeletedWorkshop) -> None:
        """Every screen still showing a deleted workshop is told so, then its rooms are closed.

        Closed, a room reaches nobody, and this process refuses what its connections send: one
        that stayed open can neither hear nor act as a later workshop or participant that
        SQLite gives the same id.
        """
        for role in ROLES:
            self._end(room(deleted.id, role))
            socketio.emit("deleted", {"message": WORKSHOP_DELETED}, to=room(deleted.id, role))
            socketio.close_room(room(deleted.id, role))
        for participant_id in deleted.participant_ids:
            socketio.close_room(participant_room(participant_id))
        for review_id in deleted.review_ids:
            self.review_deleted(review_id, WORKSHOP_DELETED)

    def _end(self, name: str) -> None:
        # Only this process's connections are known here; on PostgreSQL, which never gives an id
        # twice, another process's find what they showed gone from the database.
        self.ended_connections.update(sid for sid, _eio in socketio.server.manager.get_participants("/", name))

    def _mark(self, changed: set[int], key: int) -> None:
        with self._lock:
            changed.add(key)
            self._start()

    def _start(self) -> None:
        """Start the loop on the first change (called holding the lock)."""
        if not self._started and self._app.config["LIVE_UPDATES"]:
            self._started = True
            socketio.start_background_task(self._run)

    def _run(self) -> None:
        rounds = 0
        while True:
            socketio.sleep(1 / UPDATES_PER_SECOND)
            rounds += 1
            try:
                with self._app.app_context():
                    self.flush(cards=rounds % ROUNDS_PER_CARD_UPDATE == 0)
            except Exception:
                # A failed round must not stop the loop; the next change sends fresh counts.
                log.exception("Could not send live updates")

    def send(
        self,
        boards: set[int],
        notes: set[int],
        cards: dict[int, set[int] | None],
        joined: set[int],
        words: set[int],
        priorities: set[int],
        reviews: set[int] = frozenset(),
        word_groups: set[int] = frozenset(),
    ) -> None:
        if not (boards or notes or cards or joined or words or priorities or reviews or word_groups):
            return
        session = db.session
        for board_id in boards:
            send_counts(board_id)
        for board_id in notes:
            board = session.get(Board, board_id)
            if board is not None:
                send_notes(board)
        for workshop_id, card_ids in cards.items():
            send_cards(workshop_id, card_ids)
        for workshop_id in joined:
            send_joined(workshop_id)
        for board_id in words:
            board = session.get(Board, board_id)
            if board is not None:
                send_focused_words(board)
        for workshop_id in priorities:
            workshop = session.get(Workshop, workshop_id)
            if workshop is not None:
                send_priorities(workshop)
        for review_id in reviews:
            shown = self.review_screens(session, review_id)
            for role, results in (shown or {}).items():
                socketio.emit("review_results", results, to=review_room(review_id, role))
        # Last: putting words together waits on a worker (cooperatively), and the counts should not wait for it.
        for workshop_id in word_groups:
            send_word_groups(workshop_id)
        session.remove()


# What the counts of a board are shown by: read with them, a few times a second, as one row.
board_table, workshop_table = Board.__table__, Workshop.__table__
_SHOWN_BY = (
    select(board_table.c.workshop_id, workshop_table.c.min_group_size, workshop_table.c.results_revealed)
    .join(workshop_table, workshop_table.c.id == board_table.c.workshop_id)
    .where(board_table.c.id == bindparam("board_id"))
)


def send_counts(board_id: int) -> None:
    session = db.session
    shown_by = session.connection().execute(_SHOWN_BY, {"board_id": board_id}).first()
    if shown_by is None:  # deleted since it changed
        return
    workshop_id, minimum, revealed = shown_by
    counts = board_counts(session, board_id)
    update = {"board_id": board_id, "tagged": tagged_counts(counts), "skipped": skipped_counts(counts)}
    socketio.emit(
        "counts",
        {**update, "counts": protected_counts(counts, minimum, real=True)},
        to=room(workshop_id, "facilitator"),
    )
    if revealed:
        shown = {**update, "counts": protected_counts(counts, minimum)}
        socketio.emit("counts", shown, to=room(workshop_id, "projector"))
        socketio.emit("counts", shown, to=room(workshop_id, "participant"))
    else:
        socketio.emit("counts", {**update, "counts": {}}, to=room(workshop_id, "projector"))


def send_focused_words(board: Board) -> None:
    """When the big screen shows a statement of this board: its rewordings and comments, none hidden."""
    workshop = board.workshop
    if workshop.projector_view != "focus" or workshop.focus_board_id != board.id:
        return
    focused = focused_statement(db.session, workshop)
    if focused is not None:
        words = {key: focused[key] for key in ("board_id", "statement_id", "rewordings", "comments")}
        socketio.emit("words", words, to=room(workshop.id, "projector"))


def send_word_groups(workshop_id: int) -> None:
    """The facilitators' lists of rewordings and comments, the same words together (live/words.py)."""
    groups = {"word_groups": grouped_words(db.session, workshop_id)}
    socketio.emit("word_groups", groups, to=room(workshop_id, "facilitator"))


def send_notes(board: Board) -> None:
    workshop_id = board.workshop_id
    socketio.emit(
        "notes", {"board_id": board.id, "notes": board_notes(db.session, board.id)}, to=room(workshop_id, "projector")
    )
    socketio.emit(
        "notes",
        {"board_id": board.id, "notes": board_notes(db.session, board.id, include_hidden=True)},
        to=room(workshop_id, "facilitator"),
    )


def send_cards(workshop_id: int, changed: set[int] | None = None) -> None:
    """The whole list to the projector and facilitators; to phones, only the cards that changed.

    The whole list to every phone would be the number of cards times the number
    of phones for each new card or +1: with 1,000 phones and 100 cards, several
    megabytes, and a burst of sends that held every other answer back.
    """
    every_card = visible_cards(db.session, workshop_id, include_hidden=True)
    shown = [card for card in every_card if not card["hidden"]]
    socketio.emit("cards", {"cards": shown}, to=room(workshop_id, "projector"))
    socketio.emit("cards", {"cards": every_card}, to=room(workshop_id, "facilitator"))
    if changed is None:
        socketio.emit("cards", {"cards": shown}, to=room(workshop_id, "participant"))
        return
    still_shown = [card for card in shown if card["id"] in changed]
    gone = sorted(changed - {card["id"] for card in still_shown})
    socketio.emit("card_changes", {"cards": still_shown, "removed": gone}, to=room(workshop_id, "participant"))


def send_joined(workshop_id: int) -> None:
    count = {"joined": joined_count(db.session, workshop_id)}
    socketio.emit("joined", count, to=room(workshop_id, "projector"))
    supported = supported_figure(
        supported_count(db.session, workshop_id), db.session.get(Workshop, workshop_id).min_group_size
    )
    socketio.emit("joined", {**count, "supported": supported}, to=room(workshop_id, "facilitator"))


def send_priorities(workshop: Workshop) -> None:
    """The whole board: to the facilitators always, to the room while it is at the priorities stage."""
    socketio.emit(
        "priorities",
        priorities_board(db.session, workshop, include_hidden=True),
        to=room(workshop.id, "facilitator"),
    )
    if workshop.stage == "priorities":
        shown = priorities_board(db.session, workshop)
        for role in ("projector", "participant"):
            socketio.emit("priorities", shown, to=room(workshop.id, role))


def send_snapshot(sid: str, snapshot: dict | None) -> None:
    """Everything one connection may see, as it connects."""
    socketio.emit("snapshot", snapshot, to=sid)


def send_state(workshop: Workshop) -> None:
    """The facilitator changed the room: every screen follows at once."""
    state = workshop_state(workshop)
    for role in ROLES:
        socketio.emit("state", state, to=room(workshop.id, role))


broadcaster = Broadcaster()
