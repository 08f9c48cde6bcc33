"""Building the draft charter: themes, statements placed from the room's results, and their history.

Every draft statement remembers where it came from (the example charter and
its original wording, the rewording chosen, or the What's missing card) and
every later change to its wording, so the export can show what the room said
and what the draft did with it. A statement taken out of the draft is parked,
not deleted, and can be put back.
"""

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..errors import DomainError, NotFound
from ..labels import DEFAULT_COMMITMENT, DEFAULT_DEFINITIONS, DEFAULT_SIGNATORIES, THEME_SETS
from ..live.snapshots import all_statements
from ..models import (
    HIGHEST_MAJORITY,
    LOWEST_MAJORITY,
    Board,
    Charter,
    Draft,
    DraftStatement,
    DraftStatementEdit,
    DraftTheme,
    Facilitator,
    MissingCard,
    Rewording,
    Statement,
    Workshop,
)
from ..text import clean_text
from .questions import did_we

OWN_THEMES = "own"
CHARTER_THEMES = "charter:"

TITLE_MAX = 200
AREA_MAX = 120
STATEMENT_MAX = 1000
LONG_TEXT_MAX = 10_000
SIGNATORY_MAX = 200

# --- Starting a draft ----------------------------------------------------------


def theme_set_choices(session: Session) -> list[tuple[str, str, tuple[str, ...]]]:
    """Every theme set the facilitator can start from: (key, label, theme titles)."""
    choices = [(key, theme_set.label, theme_set.themes) for key, theme_set in THEME_SETS.items()]
    charters = session.scalars(select(Charter).options(selectinload(Charter.themes)).order_by(Charter.title))
    for charter in charters:
        titles = tuple(theme.title for theme in charter.current_themes)
        if titles:
            choices.append((f"{CHARTER_THEMES}{charter.slug}", f"The themes of {charter.title}", titles))
    return choices


def start_draft(
    session: Session,
    workshop: Workshop,
    theme_set: str,
    *,
    own_themes: list[str] | tuple[str, ...] = (),
    title: str = "",
    area: str = "",
) -> Draft:
    """Start the workshop's draft with the themes of a theme set, a library charter, or the facilitator's own."""
    if workshop.draft is not None:
        raise DomainError("draft_exists", "This workshop already has a draft. Carry on with it below.")
    cleaned = (clean_text(theme, TITLE_MAX, single_line=True) for theme in _themes_of(session, theme_set, own_themes))
    titles = list(dict.fromkeys(theme for theme in cleaned if theme))
    if not titles:
        raise DomainError("no_themes", "Give at least one theme, one to a line.")
    area = clean_text(area, AREA_MAX, single_line=True) or workshop.area
    draft = Draft(
        workshop=workshop,
        title=clean_text(title, TITLE_MAX, single_line=True) or f"{area or 'Our'} Co-production Charter",
        area=area,
        commitment=DEFAULT_COMMITMENT,
        definitions=DEFAULT_DEFINITIONS,
        signatories=list(DEFAULT_SIGNATORIES),
        theme_set=theme_set,
        themes=[DraftTheme(title=theme_title, position=i) for i, theme_title in enumerate(titles)],
    )
    session.add(draft)
    session.flush()
    return draft


def _themes_of(session: Session, theme_set: str, own_themes) -> list[str]:
    if theme_set in THEME_SETS:
        return list(THEME_SETS[theme_set].themes)
    if theme_set == OWN_THEMES:
        return list(own_themes)
    if theme_set.startswith(CHARTER_THEMES):
        slug = theme_set.removeprefix(CHARTER_THEMES)
        charter = session.scalar(select(Charter).where(Charter.slug == slug))
        if charter is not None:
            return [theme.title for theme in charter.current_themes]
    raise DomainError("unknown_theme_set", "Choose one of the sets of themes listed, or give your own.")


def load_draft(session: Session, workshop_id: int) -> Draft | None:
    """The draft with its themes, statements (placed and parked) and every edit, in a few queries: for exports."""
    return session.scalar(
        select(Draft)
        .where(Draft.workshop_id == workshop_id)
        .options(
            selectinload(Draft.themes).selectinload(DraftTheme.statements).selectinload(DraftStatement.edits),
            selectinload(Draft.parked).selectinload(DraftStatement.edits),
        )
    )


# --- Placing statements ----------------------------------------------------------


def place_statement(
    session: Session,
    draft: Draft,
    theme_id: int | None,
    *,
    source_statement_id: int | None = None,
    also_statement_ids: list[int] | tuple[int, ...] = (),
    source_card_id: int | None = None,
    chosen_rewording_id: int | None = None,
    text: str = "",
    facilitator: Facilitator | None = None,
) -> DraftStatement:
    """Put a statement under a theme, at its end.

    From an example charter's statement (as written, or with a rewording the
    room gave), with any near-duplicates from other charters merged into it,
    from a What's missing card, or in the facilitator's own words. For a
    statement or a card, `text` is the facilitator's edit of the wording as
    they place it, kept as the first edit; with no source it is the statement.
    """
    theme = _theme(draft, theme_id)
    text = clean_text(text, STATEMENT_MAX)
    if source_statement_id is not None and source_card_id is not None:
        raise DomainError("invalid_source", "Place a statement or a card, not both at once.")
    if also_statement_ids and source_statement_id is None:
        raise DomainError("invalid_source", "Say which statement the others are merged into.")
    if source_statement_id is not None:
        placed = _from_statements(session, draft, [source_statement_id, *also_statement_ids], chosen_rewording_id)
    elif source_card_id is not None:
        placed = _from_card(session, draft, source_card_id)
    elif text:
        placed = DraftStatement(source_kind="facilitator", text=text)
    else:
        raise DomainError("empty_text", "Write the statement first.")
    placed.did_we_question = did_we(placed.text)
    _insert(theme.statements, placed, len(theme.statements))
    session.flush()
    if text and text != placed.text:
        if placed.source_kind == "borrowed":
            placed.source_kind = "adapted"
        edit_statement(session, draft, placed.id, text, facilitator)
    return placed


def _from_statements(
    session: Session, draft: Draft, statement_ids: list[int], rewording_id: int | None
) -> DraftStatement:
    """From a charter's statement, and near-duplicates merged into it; with a rewording, the one it was given for
    is the source, the others are `also_from`."""
    sources = [_reviewed(session, draft, statement_id) for statement_id in dict.fromkeys(statement_ids)]
    statement, _board = sources[0]
    rewording = None
    if rewording_id is not None:
        rewording = session.get(Rewording, rewording_id)
        given_for = (rewording.board_id, rewording.statement_id) if rewording is not None else None
        found = [(s, board) for s, board in sources if given_for == (board.id, s.id) and not rewording.hidden]
        if not found:
            raise NotFound("unknown_rewording", "That rewording is not one the room gave for this statement.")
        statement, _board = found[0]
    placed = DraftStatement(
        source_kind="borrowed",
        source_statement_id=statement.id,
        source_charter_title=statement.charter.title,
        original_text=statement.text,
        text=statement.text,
        also_from=[
            {"statement_id": other.id, "charter": other.charter.title, "text": other.text}
            for other, _board in sources
            if other is not statement
        ],
    )
    if rewording is not None:
        placed.source_kind = "adapted"
        placed.chosen_rewording_id = rewording.id
        placed.chosen_rewording_text = placed.text = rewording.text
    return placed


def _reviewed(session: Session, draft: Draft, statement_id: int) -> tuple[Statement, Board]:
    """A charter's statement on one of the workshop's boards, not yet in the draft, and its board."""
    statement = session.get(Statement, statement_id)
    board = None
    if statement is not None and not statement.retired:
        board = session.scalar(
            select(Board).where(Board.workshop_id == draft.workshop_id, Board.charter_id == statement.charter_id)
        )
    if board is None:
        raise NotFound("unknown_statement", "That statement is not on any charter this workshop reviewed.")
    _not_yet_placed(draft, "statement", statement.id)
    return statement, board


def _from_card(session: Session, draft: Draft, card_id: int) -> DraftStatement:
    card = session.get(MissingCard, card_id)
    if card is None or card.workshop_id != draft.workshop_id or card.hidden:
        raise NotFound("unknown_card", "That card is not one of this workshop's What's missing cards.")
    _not_yet_placed(draft, "card", card.id)
    return DraftStatement(source_kind="missing_card", source_card_id=card.id, original_text=card.text, text=card.text)


def _not_yet_placed(draft: Draft, kind: str, source_id: int) -> None:
    for statement in all_statements(draft):
        if kind == "card":
            sources = [statement.source_card_id]
        else:
            sources = [statement.source_statement_id, *(source["statement_id"] for source in statement.also_from)]
        if source_id in sources:
            where = f"under {statement.theme.title}" if statement.theme else "in Parked"
            raise DomainError("already_placed", f"That is already in the draft, {where}. Move it from there instead.")


# --- Changing statements -----------------------------------------------------------


def edit_statement(
    session: Session, draft: Draft, statement_id: int | None, text: str, facilitator: Facilitator | None
) -> DraftStatement:
    """Change a statement's wording, keeping the change in its history.

    Its "Did we ...?" question follows, unless the facilitator wrote that themselves.
    """
    statement = _statement(draft, statement_id)
    text = clean_text(text, STATEMENT_MAX)
    if not text:
        raise DomainError("empty_text", "A statement cannot be empty. Remove it instead.")
    if text == statement.text:
        return statement
    question_was_generated = statement.did_we_question == did_we(statement.text)
    statement.edits.append(
        DraftStatementEdit(
            previous_text=statement.text, new_text=text, facilitator_id=facilitator.id if facilitator else None
        )
    )
    statement.text = text
    if question_was_generated:
        statement.did_we_question = did_we(text)
    session.flush()
    return statement


def set_question(draft: Draft, statement_id: int | None, question: str) -> DraftStatement:
    """Set the statement's "Did we ...?" question; left empty, it is worked out from the statement again."""
    statement = _statement(draft, statement_id)
    statement.did_we_question = clean_text(question, STATEMENT_MAX, single_line=True) or did_we(statement.text)
    return statement


def move_statement(
    draft: Draft,
    statement_id: int | None,
    *,
    direction: str | None = None,
    theme_id: int | None = None,
    position: int | None = None,
) -> DraftStatement:
    """Move a statement up or down (across into the theme before or after at the ends), or to a theme.

    A parked statement moved to a theme is put back in the draft.
    """
    statement = _statement(draft, statement_id)
    if direction in ("up", "down"):
        if statement.theme is None:
            raise DomainError("parked", "Choose a theme to put this statement back under.")
        themes = draft.themes
        siblings = statement.theme.statements
        index = siblings.index(statement)
        theme_index = themes.index(statement.theme)
        if direction == "up" and index > 0:
            target, target_position = statement.theme, index - 1
        elif direction == "down" and index < len(siblings) - 1:
            target, target_position = statement.theme, index + 1
        elif direction == "up" and theme_index > 0:
            target = themes[theme_index - 1]
            target_position = len(target.statements)
        elif direction == "down" and theme_index < len(themes) - 1:
            target, target_position = themes[theme_index + 1], 0
        else:
            return statement
    elif direction is None and theme_id is not None:
        target = _theme(draft, theme_id)
        target_position = len(target.statements) if position is None else position
    else:
        raise DomainError("invalid_move", "Move a statement up, down, or to a theme.")
    _detach(draft, statement)
    _insert(target.statements, statement, target_position)
    return statement


def remove_statement(draft: Draft, statement_id: int | None) -> DraftStatement:
    """Take a statement out of the draft: it is parked, with its history, and can be put back."""
    statement = _statement(draft, statement_id)
    if statement.theme is not None:
        _detach(draft, statement)
        _insert(draft.parked, statement, len(draft.parked))
    return statement


def discard_statement(session: Session, draft: Draft, statement_id: int | None) -> None:
    """Delete a parked statement for good."""
    statement = _statement(draft, statement_id)
    if statement.theme is not None:
        raise DomainError("not_parked", "Take the statement out of the draft first; it then waits in Parked.")
    # Deleted outright: taking it out of the list first would ask the database to unpark it.
    session.delete(statement)
    session.flush()
    session.expire(draft, ["parked"])
    _number(draft.parked)


# --- Themes --------------------------------------------------------------------------


def add_theme(draft: Draft, title: str) -> DraftTheme:
    theme = DraftTheme(title=_theme_title(draft, title))
    _insert(draft.themes, theme, len(draft.themes))
    return theme


def rename_theme(draft: Draft, theme_id: int | None, title: str) -> DraftTheme:
    theme = _theme(draft, theme_id)
    theme.title = _theme_title(draft, title, renaming=theme)
    return theme


def move_theme(
    draft: Draft, theme_id: int | None, direction: str | None = None, *, position: int | None = None
) -> DraftTheme:
    """Move a theme up or down one place, or to a position (0 is first)."""
    theme = _theme(draft, theme_id)
    index = draft.themes.index(theme)
    if direction in ("up", "down"):
        target = index - 1 if direction == "up" else index + 1
    elif direction is None and position is not None:
        target = min(position, len(draft.themes) - 1)
    else:
        raise DomainError("invalid_move", "Move a theme up or down.")
    if 0 <= target < len(draft.themes):
        draft.themes.remove(theme)
        _insert(draft.themes, theme, target)
    return theme


def remove_theme(draft: Draft, theme_id: int | None) -> list[DraftStatement]:
    """Remove a theme; its statements are parked, in order. Returns them."""
    theme = _theme(draft, theme_id)
    parked = list(theme.statements)
    for statement in parked:
        _detach(draft, statement)
        _insert(draft.parked, statement, len(draft.parked))
    draft.themes.remove(theme)
    _number(draft.themes)
    return parked


def _theme_title(draft: Draft, title: str, renaming: DraftTheme | None = None) -> str:
    title = clean_text(title, TITLE_MAX, single_line=True)
    if not title:
        raise DomainError("empty_title", "Give the theme a title.")
    same = next((t for t in draft.themes if t is not renaming and t.title.casefold() == title.casefold()), None)
    if same is not None:
        raise DomainError("duplicate_theme", f"There is already a theme called {same.title}.")
    return title


# --- The charter around the statements ---------------------------------------------


def set_details(draft: Draft, *, title: str, area: str, commitment: str, definitions: str) -> None:
    title = clean_text(title, TITLE_MAX, single_line=True)
    if not title:
        raise DomainError("empty_title", "Give the charter a title.")
    draft.title = title
    draft.area = clean_text(area, AREA_MAX, single_line=True)
    draft.commitment = clean_text(commitment, LONG_TEXT_MAX)
    draft.definitions = clean_text(definitions, LONG_TEXT_MAX)


def set_majority(draft: Draft, majority: int | None) -> None:
    """The rule for drafting from the room's results: more than this percentage borrowed or adapted."""
    if majority is None or not LOWEST_MAJORITY <= majority <= HIGHEST_MAJORITY:
        raise DomainError(
            "invalid_majority",
            f"Give the share as a whole number of per cent from {LOWEST_MAJORITY} to {HIGHEST_MAJORITY}.",
        )
    draft.majority = majority


def set_signatories(draft: Draft, signatories: list[str]) -> None:
    """The partners who will sign, in order; blank lines are dropped."""
    cleaned = (clean_text(line, SIGNATORY_MAX, single_line=True) for line in signatories)
    draft.signatories = [line for line in cleaned if line]


# --- Keeping positions in order ------------------------------------------------------


def _theme(draft: Draft, theme_id: int | None) -> DraftTheme:
    theme = next((theme for theme in draft.themes if theme.id == theme_id), None)
    if theme is None:
        raise NotFound("unknown_theme", "That theme is not in this draft.")
    return theme


def _statement(draft: Draft, statement_id: int | None) -> DraftStatement:
    statement = next((s for s in all_statements(draft) if s.id == statement_id), None)
    if statement is None:
        raise NotFound("unknown_draft_statement", "That statement is not in this draft.")
    return statement


def _detach(draft: Draft, statement: DraftStatement) -> None:
    siblings = statement.theme.statements if statement.theme is not None else draft.parked
    siblings.remove(statement)
    _number(siblings)


def _insert(items: list, item, position: int) -> None:
    items.insert(max(0, min(position, len(items))), item)
    _number(items)


def _number(items: list) -> None:
    for position, item in enumerate(items):
        item.position = position
