"""Every table of the product, in its own vocabulary.

A charter holds themes, a theme holds statements. A workshop reviews charters
on boards; participants tag statements, reword them, comment, write notes on a
charter as a whole and add missing cards. The facilitator builds a draft whose
statements remember where they came from.
"""

from datetime import UTC, date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    event,
    false,
)
from sqlalchemy import text as sql_text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """A stored time as UTC: SQLite hands back naive datetimes, and every time stored here is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    # Named constraints, so that migrations can alter them on every database.
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


def _one_of(column: str, values: tuple[str, ...], name: str) -> CheckConstraint:
    quoted = ", ".join(f"'{value}'" for value in values)
    return CheckConstraint(f"{column} IN ({quoted})", name=name)


CHARTER_STATUSES = ("published", "illustrative", "imported")
STAGES = ("lobby", "review", "missing", "priorities", "merge", "closed")
TAG_VALUES = ("borrow", "adapt", "ignore")
# "Not sure": a choice to pass on a statement, stored as a tag but counted apart from the three.
SKIP = "skip"
TAG_CHOICES = (*TAG_VALUES, SKIP)
NOTE_COLUMNS = ("borrow", "adapt", "ignore", "missing")
GROUPS = (
    "parent_carer",
    "young_person",
    "education",
    "health",
    "social_care",
    "voluntary",
    "other",
)
# The priorities board: each outcome has two columns of cards; the room adds and supports cards,
# then votes for those that matter most, a fixed number of votes each.
PRIORITY_COLUMNS = ("barrier", "help")
PRIORITY_PHASES = ("cards", "voting")
DEFAULT_VOTES = 3
HIGHEST_VOTES = 20
DRAFT_SOURCES = ("borrowed", "adapted", "missing_card", "facilitator")
# The parts of the Word draft the facilitator can put in or leave out (export/docx.py), in the document's
# order, and those in it unless they say: a document a council can send for consultation as it is.
DOCUMENT_PARTS = (
    "easy_read_summary",
    "cut_out",
    "cut_out_easy_read",
    "picture",
    "counts",
    "words",
    "notes",
    "cards",
    "provenance",
)
DEFAULT_DOCUMENT_PARTS = frozenset({"cut_out", "picture", "words", "notes", "cards"})
# Drafting from the room's results takes a statement that more than half of those who tagged it
# borrowed or adapted (a percentage); the facilitator can ask for more, or less.
DEFAULT_MAJORITY = 50
LOWEST_MAJORITY = 10
HIGHEST_MAJORITY = 95
# A group with fewer people than a workshop's minimum is never shown on its own (live/breakdowns.py).
DEFAULT_MIN_GROUP_SIZE = 3
LOWEST_MIN_GROUP_SIZE = 2
# Above this a breakdown would hardly ever be shown.
HIGHEST_MIN_GROUP_SIZE = 20
# A phone keeps its participant token this long: long enough for a workshop that runs over
# two days, short enough not to linger.
PARTICIPANT_COOKIE_DAYS = 7
# A facilitator's API token works this long unless it is made to last another time.
DEFAULT_API_TOKEN_DAYS = 90


class Timestamped:
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


# --- Facilitators -----------------------------------------------------------


class Facilitator(Timestamped, Base):
    __tablename__ = "facilitator"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))

    api_tokens: Mapped[list["ApiToken"]] = relationship(back_populates="facilitator", cascade="all, delete-orphan")

    # Flask-Login's user interface.
    is_authenticated = True
    is_active = True
    is_anonymous = False

    def get_id(self) -> str:
        return str(self.id)


class ApiToken(Timestamped, Base):
    """A personal token for scripts; only its hash is kept. It works until it expires or is revoked."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    facilitator_id: Mapped[int] = mapped_column(ForeignKey("facilitator.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    facilitator: Mapped[Facilitator] = relationship(back_populates="api_tokens")


# --- The charter library ----------------------------------------------------


class Charter(Timestamped, Base):
    __tablename__ = "charter"
    __table_args__ = (_one_of("status", CHARTER_STATUSES, "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    area: Mapped[str] = mapped_column(String(120))
    # published: the council's own wording; illustrative: written for this app
    # from published facts; imported: brought in by a facilitator.
    status: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(Text, default="")
    source_url: Mapped[str | None] = mapped_column(String(500))
    introduction: Mapped[str] = mapped_column(Text, default="")
    # Fingerprint of the seed file last loaded, so an unchanged file is skipped.
    seed_fingerprint: Mapped[str | None] = mapped_column(String(64))
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("facilitator.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    themes: Mapped[list["Theme"]] = relationship(
        back_populates="charter", order_by="Theme.position", cascade="all, delete-orphan"
    )
    statements: Mapped[list["Statement"]] = relationship(
        back_populates="charter", order_by="Statement.position", cascade="all, delete-orphan"
    )

    @property
    def current_themes(self) -> list["Theme"]:
        return [theme for theme in self.themes if not theme.retired]

    @property
    def current_statements(self) -> list["Statement"]:
        return [statement for statement in self.statements if not statement.retired]


class Theme(Base):
    __tablename__ = "theme"

    id: Mapped[int] = mapped_column(primary_key=True)
    charter_id: Mapped[int] = mapped_column(ForeignKey("charter.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    # A theme or statement removed from its charter's file is retired, never
    # deleted: workshops that tagged it keep their results.
    retired: Mapped[bool] = mapped_column(Boolean, default=False)

    charter: Mapped[Charter] = relationship(back_populates="themes")
    statements: Mapped[list["Statement"]] = relationship(back_populates="theme", order_by="Statement.position")

    @property
    def current_statements(self) -> list["Statement"]:
        return [statement for statement in self.statements if not statement.retired]


class Statement(Base):
    __tablename__ = "statement"

    id: Mapped[int] = mapped_column(primary_key=True)
    charter_id: Mapped[int] = mapped_column(ForeignKey("charter.id", ondelete="CASCADE"), index=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("theme.id", ondelete="CASCADE"), index=True)
    # Position within the whole charter, so a board can walk it in order.
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    # The statement in plain words, short sentences, one idea each, for the "Easy read" switch.
    easy_read: Mapped[str | None] = mapped_column(Text)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)

    charter: Mapped[Charter] = relationship(back_populates="statements")
    theme: Mapped[Theme] = relationship(back_populates="statements")


# --- The live workshop ------------------------------------------------------


class Workshop(Timestamped, Base):
    __tablename__ = "workshop"
    __table_args__ = (
        _one_of("stage", STAGES, "stage"),
        CheckConstraint(f"min_group_size >= {LOWEST_MIN_GROUP_SIZE}", name="min_group_size"),
        _one_of("priorities_phase", PRIORITY_PHASES, "priorities_phase"),
        CheckConstraint(f"votes_per_person BETWEEN 1 AND {HIGHEST_VOTES}", name="votes_per_person"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    area: Mapped[str] = mapped_column(String(120), default="")
    held_on: Mapped[date | None] = mapped_column(Date)
    code: Mapped[str] = mapped_column(String(6), unique=True)
    # The projector link carries this instead of a sign-in: it can only read.
    projector_key: Mapped[str] = mapped_column(String(43), unique=True)
    stage: Mapped[str] = mapped_column(String(20), default="lobby")
    ask_groups: Mapped[bool] = mapped_column(Boolean, default=True)
    results_revealed: Mapped[bool] = mapped_column(Boolean, default=False)
    tagging_locked: Mapped[bool] = mapped_column(Boolean, default=False)
    min_group_size: Mapped[int] = mapped_column(
        Integer, default=DEFAULT_MIN_GROUP_SIZE, server_default=str(DEFAULT_MIN_GROUP_SIZE)
    )
    # When the room was moved to the closed stage (None while it is not closed): names and
    # phone tokens are erased a set time after (live/retention.py).
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The priorities board: adding and supporting cards, then voting, with this many votes each.
    priorities_phase: Mapped[str] = mapped_column(String(10), default="cards", server_default="cards")
    votes_per_person: Mapped[int] = mapped_column(Integer, default=DEFAULT_VOTES, server_default=str(DEFAULT_VOTES))
    # The board the room is looking at; None with all boards open.
    current_board_id: Mapped[int | None] = mapped_column(ForeignKey("board.id", ondelete="SET NULL", use_alter=True))
    # What the big screen shows ("overview", "focus" or "summary"), and in focus, which statement of which board: kept
    # here, so that every process and a projector that reconnects shows the same (live/focus.py).
    projector_view: Mapped[str] = mapped_column(String(10), default="overview", server_default="overview")
    focus_board_id: Mapped[int | None] = mapped_column(Integer)
    focus_statement_id: Mapped[int | None] = mapped_column(Integer)
    # Whether each phone goes to the statement in focus as the big screen moves (never under someone's typing).
    phones_follow_focus: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Whether the big screen shows the statement in focus in its easy-read version, the original beneath.
    focus_easy_read: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    owner_id: Mapped[int] = mapped_column(ForeignKey("facilitator.id", ondelete="RESTRICT"))

    owner: Mapped[Facilitator] = relationship()
    boards: Mapped[list["Board"]] = relationship(
        back_populates="workshop",
        order_by="Board.position",
        cascade="all, delete-orphan",
        foreign_keys="Board.workshop_id",
    )
    participants: Mapped[list["Participant"]] = relationship(back_populates="workshop", cascade="all, delete-orphan")
    co_facilitators: Mapped[list["CoFacilitator"]] = relationship(
        back_populates="workshop", cascade="all, delete-orphan"
    )
    missing_cards: Mapped[list["MissingCard"]] = relationship(back_populates="workshop", cascade="all, delete-orphan")
    draft: Mapped["Draft | None"] = relationship(back_populates="workshop", cascade="all, delete-orphan")
    outcomes: Mapped[list["Outcome"]] = relationship(
        back_populates="workshop", order_by="Outcome.position", cascade="all, delete-orphan"
    )


class CoFacilitator(Base):
    """Another facilitator account the workshop is shared with."""

    __tablename__ = "co_facilitator"
    __table_args__ = (UniqueConstraint("workshop_id", "facilitator_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"))
    facilitator_id: Mapped[int] = mapped_column(ForeignKey("facilitator.id", ondelete="CASCADE"))

    workshop: Mapped[Workshop] = relationship(back_populates="co_facilitators")
    facilitator: Mapped[Facilitator] = relationship()


class Board(Base):
    """One charter under review in one workshop."""

    __tablename__ = "board"
    __table_args__ = (UniqueConstraint("workshop_id", "charter_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"))
    charter_id: Mapped[int] = mapped_column(ForeignKey("charter.id", ondelete="RESTRICT"))
    position: Mapped[int] = mapped_column(Integer)
    is_open: Mapped[bool] = mapped_column(Boolean, default=False)

    workshop: Mapped[Workshop] = relationship(back_populates="boards", foreign_keys=[workshop_id])
    charter: Mapped[Charter] = relationship()


class Participant(Base):
    """Someone in the room. No account: a random token on their phone."""

    __tablename__ = "participant"
    __table_args__ = (
        UniqueConstraint("workshop_id", "number"),
        _one_of("group_name", GROUPS, "group_name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    # Once erased (live/retention.py), "erased:" and the participant's id: no token has that hash.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # Pseudonymous number within the workshop, used in exports instead of names.
    number: Mapped[int] = mapped_column(Integer)
    display_name: Mapped[str | None] = mapped_column(String(60))
    group_name: Mapped[str | None] = mapped_column(String(20))
    removed: Mapped[bool] = mapped_column(Boolean, default=False)
    # A supporter uses the phone with the person it counts for (a young person, say): their tags are that
    # person's, in their group. Only ever shown as how many took part so (live/breakdowns.py).
    supported: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    joined_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    workshop: Mapped[Workshop] = relationship(back_populates="participants")


class Tag(Base):
    """Borrow, adapt, ignore or skip ("not sure"): one per participant per statement on a board."""

    __tablename__ = "tag"
    __table_args__ = (
        UniqueConstraint("participant_id", "board_id", "statement_id"),
        # Covers the live counts (results.board_counts), which read it a few times a second.
        Index("ix_tag_board_counts", "board_id", "statement_id", "value", "participant_id"),
        _one_of("value", TAG_CHOICES, "value"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("board.id", ondelete="CASCADE"))
    statement_id: Mapped[int] = mapped_column(ForeignKey("statement.id", ondelete="RESTRICT"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    value: Mapped[str] = mapped_column(String(10))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


# The most of one choice on paper the facilitator can enter for one statement and group: more than any room holds.
PAPER_MOST = 500


class PaperTotal(Base):
    """How many chose Borrow, Adapt and Ignore for a statement on paper sheets, in one group (or none given), as
    the facilitator counted them (live/paper.py). Counted with the phones' tags in every count (live/results.py).

    Entering a statement and group's totals again replaces them; one row each, a group of None included.
    """

    __tablename__ = "paper_total"
    __table_args__ = (
        UniqueConstraint("board_id", "statement_id", "group_name"),
        # Unique above sees no two NULLs as the same: the totals of people who gave no group are one row too.
        Index(
            "uq_paper_total_no_group",
            "board_id",
            "statement_id",
            unique=True,
            sqlite_where=sql_text("group_name IS NULL"),
            postgresql_where=sql_text("group_name IS NULL"),
        ),
        _one_of("group_name", GROUPS, "group_name"),
        CheckConstraint(
            f"borrow BETWEEN 0 AND {PAPER_MOST} AND adapt BETWEEN 0 AND {PAPER_MOST} "
            f'AND "ignore" BETWEEN 0 AND {PAPER_MOST}',
            name="counts",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("board.id", ondelete="CASCADE"))
    statement_id: Mapped[int] = mapped_column(ForeignKey("statement.id", ondelete="RESTRICT"))
    group_name: Mapped[str | None] = mapped_column(String(20))
    borrow: Mapped[int] = mapped_column(Integer)
    adapt: Mapped[int] = mapped_column(Integer)
    ignore: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class Contribution(Timestamped):
    """Text a participant wrote, which the facilitator may hide (and restore)."""

    text: Mapped[str] = mapped_column(Text)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class Rewording(Contribution, Base):
    """An adapted wording of a statement: one per participant per statement."""

    __tablename__ = "rewording"
    __table_args__ = (UniqueConstraint("participant_id", "board_id", "statement_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("board.id", ondelete="CASCADE"), index=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("statement.id", ondelete="RESTRICT"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))


class Comment(Contribution, Base):
    __tablename__ = "comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("board.id", ondelete="CASCADE"), index=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("statement.id", ondelete="RESTRICT"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))


class BoardNote(Contribution, Base):
    """A note on a charter as a whole, in one of the flipchart's four columns."""

    __tablename__ = "board_note"
    __table_args__ = (_one_of("column_name", NOTE_COLUMNS, "column_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("board.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    column_name: Mapped[str] = mapped_column(String(10))


class MissingCard(Contribution, Base):
    """Something the room says is missing from every charter."""

    __tablename__ = "missing_card"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participant.id", ondelete="SET NULL"))

    workshop: Mapped[Workshop] = relationship(back_populates="missing_cards")
    supports: Mapped[list["CardSupport"]] = relationship(cascade="all, delete-orphan")


class CardSupport(Timestamped, Base):
    """A +1: once per participant per card, and withdrawable."""

    __tablename__ = "card_support"
    __table_args__ = (UniqueConstraint("card_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("missing_card.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))


# --- The priorities board ---------------------------------------------------


class Outcome(Base):
    """An outcome the room looks at on the priorities board (Kent's "My quality of life", say)."""

    __tablename__ = "outcome"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))

    workshop: Mapped[Workshop] = relationship(back_populates="outcomes")
    cards: Mapped[list["PriorityCard"]] = relationship(order_by="PriorityCard.id", cascade="all, delete-orphan")


class PriorityCard(Contribution, Base):
    """A barrier to an outcome, or how co-production could help; the facilitator may choose it as a priority."""

    __tablename__ = "priority_card"
    __table_args__ = (_one_of("column_name", PRIORITY_COLUMNS, "column_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    outcome_id: Mapped[int] = mapped_column(ForeignKey("outcome.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), index=True)
    column_name: Mapped[str] = mapped_column(String(10))
    chosen: Mapped[bool] = mapped_column(Boolean, default=False)


class PrioritySupport(Timestamped, Base):
    """A +1 on a priority card: once per participant per card, and withdrawable."""

    __tablename__ = "priority_support"
    __table_args__ = (UniqueConstraint("card_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("priority_card.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), index=True)


class PriorityVote(Timestamped, Base):
    """One of a participant's votes: at most one per card, and no more than the workshop's votes_per_person."""

    __tablename__ = "priority_vote"
    __table_args__ = (UniqueConstraint("card_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("priority_card.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), index=True)


# --- "Did we ...?" reviews of the adopted charter ------------------------------

# The answers to a "Did we ...?" question, in the order they are offered.
REVIEW_ANSWERS = ("yes", "partly", "not_yet", "dont_know")


class Review(Timestamped, Base):
    """A review of the adopted charter: partners, parent carers and young people answer its questions.

    Anyone with its link may answer while it is open: from when it was opened
    until it is closed by hand or its closing time passes.
    """

    __tablename__ = "review"

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    # The random part of the review's link: it is all a respondent needs.
    key: Mapped[str] = mapped_column(String(43), unique=True)
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    closes_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    responses: Mapped[list["ReviewResponse"]] = relationship(cascade="all, delete-orphan")


class ReviewResponse(Timestamped, Base):
    """One person's answers to a review, known again by a random token on their phone (only its hash is kept)."""

    __tablename__ = "review_response"
    __table_args__ = (_one_of("group_name", GROUPS, "group_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    group_name: Mapped[str | None] = mapped_column(String(20))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    answers: Mapped[list["ReviewAnswer"]] = relationship(cascade="all, delete-orphan")


class ReviewAnswer(Base):
    """One answer to one statement's question, with the example given, if any."""

    __tablename__ = "review_answer"
    __table_args__ = (
        UniqueConstraint("response_id", "draft_statement_id"),
        _one_of("value", REVIEW_ANSWERS, "value"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("review_response.id", ondelete="CASCADE"), index=True)
    draft_statement_id: Mapped[int] = mapped_column(ForeignKey("draft_statement.id", ondelete="CASCADE"), index=True)
    value: Mapped[str] = mapped_column(String(10))
    example: Mapped[str] = mapped_column(Text, default="")
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)


# --- The action plan ---------------------------------------------------------


class Action(Timestamped, Base):
    """One action of the workshop's action plan: what, who and by when, as the facilitator wrote it.

    It may be linked to a chosen priority or a draft statement; the words it was
    linked to are kept as text too, so the plan still says what it was for.
    """

    __tablename__ = "action"
    __table_args__ = (
        CheckConstraint("linked_kind IS NULL OR linked_kind IN ('priority', 'statement')", name="linked_kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    what: Mapped[str] = mapped_column(Text)
    who: Mapped[str] = mapped_column(String(200), default="")
    # "By when", in the facilitator's words: a date, or "once the draft is complete".
    due: Mapped[str] = mapped_column(String(100), default="")
    linked_kind: Mapped[str | None] = mapped_column(String(10))
    linked_text: Mapped[str | None] = mapped_column(Text)
    priority_card_id: Mapped[int | None] = mapped_column(ForeignKey("priority_card.id", ondelete="SET NULL"))
    draft_statement_id: Mapped[int | None] = mapped_column(ForeignKey("draft_statement.id", ondelete="SET NULL"))


class AppliedOperation(Timestamped, Base):
    """A participant action already applied, keyed by the id the phone made.

    Phones resend until acknowledged; this makes a resend a no-op that still
    gets its acknowledgement.
    """

    __tablename__ = "applied_operation"
    __table_args__ = (UniqueConstraint("participant_id", "operation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    operation_id: Mapped[str] = mapped_column(String(64))
    result: Mapped[dict] = mapped_column(JSON, default=dict)


# --- The draft --------------------------------------------------------------


class Draft(Timestamped, Base):
    __tablename__ = "draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    area: Mapped[str] = mapped_column(String(120), default="")
    commitment: Mapped[str] = mapped_column(Text, default="")
    definitions: Mapped[str] = mapped_column(Text, default="")
    # The partners who will sign, in order.
    signatories: Mapped[list] = mapped_column(JSON, default=list)
    # Where the themes came from: "kent", "warwickshire", "charter:<slug>" or "own".
    theme_set: Mapped[str | None] = mapped_column(String(80))
    # The rule for drafting from the room's results: a statement goes in when more than this
    # percentage of the people who tagged it chose Borrow or Adapt (draft/suggestions.py).
    majority: Mapped[int] = mapped_column(Integer, default=DEFAULT_MAJORITY, server_default=str(DEFAULT_MAJORITY))
    # When the partners adopted it as their charter: from then on it can be reviewed (reviews/).
    adopted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The draft as it was before its last change, and that change in words, to undo it (draft/undoing.py).
    undo: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    workshop: Mapped[Workshop] = relationship(back_populates="draft")
    themes: Mapped[list["DraftTheme"]] = relationship(
        back_populates="draft", order_by="DraftTheme.position", cascade="all, delete-orphan"
    )
    # Statements taken out of the draft: kept, with their provenance, to be put back or discarded.
    parked: Mapped[list["DraftStatement"]] = relationship(order_by="DraftStatement.position", cascade="all")
    reviews: Mapped[list["Review"]] = relationship(order_by="Review.opened_at", cascade="all, delete-orphan")


class DraftTheme(Base):
    __tablename__ = "draft_theme"

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))

    draft: Mapped[Draft] = relationship(back_populates="themes")
    # Not delete-orphan: a statement leaving its theme is parked, not deleted.
    statements: Mapped[list["DraftStatement"]] = relationship(
        back_populates="theme", order_by="DraftStatement.position", cascade="all"
    )


class DraftStatement(Timestamped, Base):
    """A "We will ..." statement of the draft, with where it came from."""

    __tablename__ = "draft_statement"
    __table_args__ = (
        _one_of("source_kind", DRAFT_SOURCES, "source_kind"),
        # Under a theme of the draft, or parked in the draft: never both, never neither.
        CheckConstraint("(theme_id IS NULL) <> (parked_draft_id IS NULL)", name="placed_or_parked"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("draft_theme.id", ondelete="CASCADE"), index=True)
    parked_draft_id: Mapped[int | None] = mapped_column(ForeignKey("draft.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    did_we_question: Mapped[str] = mapped_column(Text, default="")
    source_kind: Mapped[str] = mapped_column(String(20))
    source_statement_id: Mapped[int | None] = mapped_column(ForeignKey("statement.id", ondelete="SET NULL"))
    source_card_id: Mapped[int | None] = mapped_column(ForeignKey("missing_card.id", ondelete="SET NULL"))
    # Kept as text too, so provenance survives a charter's later edits.
    source_charter_title: Mapped[str | None] = mapped_column(String(200))
    original_text: Mapped[str | None] = mapped_column(Text)
    chosen_rewording_id: Mapped[int | None] = mapped_column(ForeignKey("rewording.id", ondelete="SET NULL"))
    chosen_rewording_text: Mapped[str | None] = mapped_column(Text)
    # Near-duplicates of the source statement from other charters, merged into this one:
    # [{"statement_id", "charter", "text"}], kept as text like the source.
    also_from: Mapped[list] = mapped_column(JSON, default=list, server_default="[]")

    theme: Mapped[DraftTheme | None] = relationship(back_populates="statements")
    edits: Mapped[list["DraftStatementEdit"]] = relationship(
        order_by="DraftStatementEdit.id", cascade="all, delete-orphan"
    )


@event.listens_for(DraftStatement, "init")
def _no_merged_sources_yet(_statement, _args, kwargs) -> None:
    # As a statement read from the database has them, not None until it is first stored.
    kwargs.setdefault("also_from", [])


class DraftStatementEdit(Timestamped, Base):
    """One later change to a draft statement's wording."""

    __tablename__ = "draft_statement_edit"

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_statement_id: Mapped[int] = mapped_column(ForeignKey("draft_statement.id", ondelete="CASCADE"), index=True)
    previous_text: Mapped[str] = mapped_column(Text)
    new_text: Mapped[str] = mapped_column(Text)
    facilitator_id: Mapped[int | None] = mapped_column(ForeignKey("facilitator.id", ondelete="SET NULL"))
