"""Storing and finding charters in the library.

Statement ids are stable: storing a charter again (a re-seed, an edited seed
file) keeps the id of every statement whose wording is unchanged or was only
edited in place, and retires rather than deletes what was removed, so that
workshops that already tagged a statement keep their results.
"""

import re
import unicodedata

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ..errors import DomainError
from ..models import Charter, Statement, Theme
from ..text import clean_text, has_hidden_characters, wording_key
from .structure import EASY_READ_LENGTH, ParsedCharter


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80] or "charter"


# Paths under /charters/ that a charter's slug must not take.
RESERVED_SLUGS = {"import"}


def unique_slug(session: Session, wanted: str) -> str:
    base = slugify(wanted)
    if base in RESERVED_SLUGS:
        base = f"{base}-charter"
    taken = set(session.scalars(select(Charter.slug).where(Charter.slug.like(f"{base}%"))))
    slug, number = base, 2
    while slug in taken:
        slug = f"{base[:75]}-{number}"
        number += 1
    return slug


def store_charter(session: Session, parsed: ParsedCharter, *, slug: str, status: str, **details) -> Charter:
    """Create the charter, or bring an existing one in line with `parsed`.

    `details` sets further Charter columns (source, source_url, ...).
    """
    charter = session.scalar(select(Charter).where(Charter.slug == slug))
    if charter is None:
        charter = Charter(slug=slug, title=parsed.title, area=parsed.area, status=status)
        session.add(charter)
    charter.title = parsed.title
    charter.area = parsed.area
    charter.status = status
    charter.introduction = parsed.introduction
    for name, value in details.items():
        setattr(charter, name, value)
    session.flush()

    themes = _match_themes(session, charter, parsed)
    _match_statements(session, charter, parsed, themes)
    session.flush()
    # The lists were appended to in memory; read them again in position order.
    for theme in charter.themes:
        session.expire(theme, ["statements"])
    session.expire(charter, ["themes", "statements"])
    return charter


def _match_themes(session: Session, charter: Charter, parsed: ParsedCharter) -> list[Theme]:
    unmatched = {theme.id: theme for theme in sorted(charter.themes, key=lambda t: (t.retired, t.position))}
    placed = []
    for position, parsed_theme in enumerate(parsed.themes):
        key = wording_key(parsed_theme.title)
        theme = next((t for t in unmatched.values() if wording_key(t.title) == key), None)
        if theme is None:
            theme = Theme(charter=charter, title=parsed_theme.title, position=position)
            session.add(theme)
        else:
            del unmatched[theme.id]
        theme.title, theme.position, theme.retired = parsed_theme.title, position, False
        placed.append(theme)
    for theme in unmatched.values():
        theme.retired = True
    session.flush()
    return placed


def _match_statements(session, charter: Charter, parsed: ParsedCharter, themes: list[Theme]) -> None:
    existing = {statement.id: statement for statement in charter.statements}
    by_wording: dict[str, list[Statement]] = {}
    for statement in sorted(existing.values(), key=lambda s: (s.retired, s.position)):
        by_wording.setdefault(wording_key(statement.text), []).append(statement)

    wanted = [
        (theme, index, text)
        for theme, parsed_theme in zip(themes, parsed.themes, strict=True)
        for index, text in enumerate(parsed_theme.statements)
    ]
    easy_read = [
        parsed_theme.easy_read_for(index)
        for parsed_theme in parsed.themes
        for index in range(len(parsed_theme.statements))
    ]
    matched: list[Statement | None] = []
    # First, the same wording anywhere in the charter (a statement that moved).
    for _theme, _index, text in wanted:
        candidates = by_wording.get(wording_key(text)) or []
        statement = candidates.pop(0) if candidates else None
        if statement is not None:
            del existing[statement.id]
        matched.append(statement)
    # Then, a statement edited in place keeps its id: same theme, same slot.
    for slot, (theme, index, _text) in enumerate(wanted):
        if matched[slot] is not None:
            continue
        in_place = next(
            (
                s
                for s in existing.values()
                if s.theme_id == theme.id and _index_in_theme(s, charter) == index and not s.retired
            ),
            None,
        )
        if in_place is not None:
            del existing[in_place.id]
            matched[slot] = in_place

    for position, ((theme, _index, text), statement) in enumerate(zip(wanted, matched, strict=True)):
        if statement is None:
            statement = Statement(charter=charter, theme=theme, text=text, position=position)
            session.add(statement)
        statement.theme, statement.text, statement.position, statement.retired = theme, text, position, False
        statement.easy_read = easy_read[position] or None
    for statement in existing.values():
        statement.retired = True


def _index_in_theme(statement: Statement, charter: Charter) -> int:
    siblings = [s for s in charter.statements if s.theme_id == statement.theme_id and not s.retired]
    siblings.sort(key=lambda s: s.position)
    return siblings.index(statement)


def easy_read_problems(charter: Charter, versions: dict[int, str]) -> dict[int, str]:
    """What is wrong with each easy-read version given for a current statement of the charter, by statement id."""
    numbers = {statement.id: number for number, statement in enumerate(charter.current_statements, start=1)}
    problems = {}
    for statement_id, given in versions.items():
        if statement_id not in numbers:
            raise DomainError("unknown_statement", "That statement is not in this charter. Reload the page.")
        which = f"The easy-read version of statement {numbers[statement_id]}"
        if has_hidden_characters(given):
            problems[statement_id] = (
                f"{which} has control or invisible characters, which cannot be shown. Type it again rather than "
                "pasting it"
            )
        elif len(cleaned := clean_text(given, single_line=True)) > EASY_READ_LENGTH:
            problems[statement_id] = (
                f"{which} is {len(cleaned)} characters long. Make it {EASY_READ_LENGTH} characters or fewer: "
                "a sentence or two"
            )
    return problems


def set_easy_read(charter: Charter, versions: dict[int, str]) -> int:
    """Store the easy-read versions given (an empty one takes a statement's away): how many changed.

    Only an imported charter's are kept here; an example charter's come from its seed file."""
    if charter.status != "imported":
        raise DomainError(
            "not_imported",
            "Only an imported charter's easy-read versions are changed here: an example's are in its seed file.",
        )
    if problems := easy_read_problems(charter, versions):
        raise DomainError("invalid_easy_read", next(iter(problems.values())))
    changed = 0
    for statement in charter.current_statements:
        if statement.id in versions:
            wanted = clean_text(versions[statement.id], EASY_READ_LENGTH, single_line=True) or None
            changed += wanted != statement.easy_read
            statement.easy_read = wanted
    return changed


def charter_details(charter: Charter) -> dict:
    """What describes a charter wherever it is handed out: the API's library and the workshop file."""
    return {
        "slug": charter.slug,
        "title": charter.title,
        "area": charter.area,
        "status": charter.status,
        "source": charter.source,
        "source_url": charter.source_url,
    }


def list_charters(session: Session) -> list[tuple[Charter, int]]:
    """Every charter in the library with its count of current statements, by title."""
    counts = (
        select(Statement.charter_id, func.count(Statement.id).label("statements"))
        .where(Statement.retired.is_(False))
        .group_by(Statement.charter_id)
        .subquery()
    )
    rows = session.execute(
        select(Charter, func.coalesce(counts.c.statements, 0))
        .outerjoin(counts, counts.c.charter_id == Charter.id)
        .order_by(Charter.title)
    )
    return [(charter, count) for charter, count in rows]


def get_charter(session: Session, slug: str) -> Charter | None:
    # Every charter's slug is one that slugify gives back unchanged (seeded or imported): any other
    # names none, and is not sent to the database, which may refuse it (NUL, on PostgreSQL).
    if slugify(slug) != slug:
        return None
    return session.scalar(
        select(Charter).where(Charter.slug == slug).options(selectinload(Charter.themes).selectinload(Theme.statements))
    )
