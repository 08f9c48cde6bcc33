"""Loading the example charters in seed_charters/ into the library.

Each file is Markdown with YAML front matter, so a council officer can edit it
by hand:

    ---
    slug: warwickshire
    title: Working Together Charter for Warwickshire SEND
    area: Warwickshire
    status: published          # or illustrative
    source: Where the wording comes from, in a sentence.
    source_url: https://...    # optional
    ---
    Optional introduction, in paragraphs.

    ## A theme
    - We will do one thing
      Easy read: We will do one thing.   # optional: the statement's easy-read version
    - We will do another

Loading is idempotent: an unchanged file is skipped, an edited one updates its
charter in place (see library.store_charter).
"""

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from ..database import MIGRATION_LOCK_ID
from ..errors import DomainError
from ..models import Charter
from ..text import clean_text
from .library import RESERVED_SLUGS, slugify, store_charter
from .structure import EASY_READ_LENGTH, ParsedCharter, ParsedTheme

log = logging.getLogger(__name__)

SEED_STATUSES = ("published", "illustrative")
REQUIRED_FIELDS = ("slug", "title", "area", "status", "source")
# The line after a statement that gives its easy-read version.
EASY_READ_PREFIX = "Easy read:"


def _unreadable(path: Path, message: str, line: int | None = None) -> DomainError:
    """A seed file that cannot be loaded: its name, and its line when known, then what is wrong."""
    where = f"{path.name}, line {line}" if line else path.name
    return DomainError("invalid_seed_file", f"{where}: {message}")


@dataclass
class SeedFile:
    path: Path
    fingerprint: str
    front_matter: dict
    charter: ParsedCharter


@dataclass
class SeedReport:
    loaded: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def read_seed_file(path: Path) -> SeedFile:
    raw = path.read_bytes()
    try:
        # utf-8-sig: editors on Windows often save a byte-order mark.
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _unreadable(path, "the file is not UTF-8 text") from exc
    lines = content.splitlines()
    if not lines or lines[0].strip() != "---":
        raise _unreadable(path, "the file must start with a '---' line opening its front matter", 1)
    try:
        end = next(i for i, line in enumerate(lines[1:], start=1) if line.strip() == "---")
    except StopIteration:
        raise _unreadable(path, "the front matter has no closing '---' line") from None
    try:
        front_matter = yaml.safe_load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        # +1 for the opening '---' line, +1 because YAML counts lines from 0.
        line = mark.line + 2 if mark is not None else None
        problem = getattr(exc, "problem", None) or "it cannot be read"
        raise _unreadable(path, f"the front matter is not valid YAML ({problem})", line) from exc
    _check_front_matter(path, front_matter)

    parsed = ParsedCharter(
        title=clean_text(str(front_matter["title"]), 200, single_line=True),
        area=clean_text(str(front_matter["area"]), 120, single_line=True),
    )
    _read_body(path, lines, end + 1, parsed)
    if parsed.statement_count == 0:
        raise _unreadable(path, "the charter has no statements ('- ' list items under '## ' themes)")
    return SeedFile(path, hashlib.sha256(raw).hexdigest(), front_matter, parsed)


def _check_front_matter(path: Path, front_matter) -> None:
    if not isinstance(front_matter, dict):
        raise _unreadable(path, "the front matter must be 'name: value' lines")
    missing = [name for name in REQUIRED_FIELDS if not front_matter.get(name)]
    if missing:
        raise _unreadable(path, f"the front matter is missing {', '.join(missing)}")
    if front_matter["status"] not in SEED_STATUSES:
        raise _unreadable(path, "status must be 'published' (the council's own wording) or 'illustrative'")
    if slugify(str(front_matter["slug"])) != front_matter["slug"]:
        raise _unreadable(path, "slug must be lower-case letters, digits and hyphens")
    if front_matter["slug"] in RESERVED_SLUGS:
        raise _unreadable(path, f"the slug '{front_matter['slug']}' is used by a page of the app; choose another")


def _read_body(path: Path, lines: list[str], start: int, parsed: ParsedCharter) -> None:
    introduction: list[str] = []
    theme: ParsedTheme | None = None
    # What an indented line continues: the statement, or its easy-read version.
    continuing = theme
    for number, line in enumerate(lines[start:], start=start + 1):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("## "):
            theme = ParsedTheme(clean_text(stripped[3:], 200, single_line=True))
            parsed.themes.append(theme)
        elif stripped.startswith(("- ", "* ")):
            if theme is None:
                raise _unreadable(path, "a statement comes before any '## ' theme heading", number)
            theme.statements.append(clean_text(stripped[2:], 1000, single_line=True))
            theme.easy_read.append("")
            continuing = theme.statements
        elif stripped.casefold().startswith(EASY_READ_PREFIX.casefold()):
            if theme is None or not theme.statements:
                raise _unreadable(path, f"an '{EASY_READ_PREFIX}' line must follow the statement it is for", number)
            if theme.easy_read[-1]:
                raise _unreadable(path, f"a statement has a second '{EASY_READ_PREFIX}' line", number)
            easy_read = clean_text(stripped[len(EASY_READ_PREFIX) :], EASY_READ_LENGTH, single_line=True)
            if not easy_read:
                raise _unreadable(path, f"the '{EASY_READ_PREFIX}' line is empty", number)
            theme.easy_read[-1] = easy_read
            continuing = theme.easy_read
        elif line.startswith((" ", "\t")) and theme is not None and theme.statements:
            # A statement, or its easy-read version, continued on the next, indented, line.
            continuing[-1] = f"{continuing[-1]} {clean_text(stripped, single_line=True)}"
        elif theme is None:
            introduction.append(stripped)
        else:
            raise _unreadable(
                path,
                "expected a '## ' theme heading or a '- ' statement; move other text above the first theme",
                number,
            )
    parsed.introduction = clean_text("\n".join(introduction))


def seed_library(session: Session, directory: str | Path) -> SeedReport:
    """Load every seed file; a broken file is reported and the rest still load. The caller commits."""
    report = SeedReport()
    if session.get_bind().dialect.name == "postgresql":
        # Processes starting together would otherwise insert the same charter twice.
        session.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": MIGRATION_LOCK_ID})
    for path in sorted(Path(directory).glob("*.md")):
        if path.name.lower() == "readme.md":
            continue
        try:
            seed = read_seed_file(path)
        except DomainError as exc:
            log.error("Seed charter not loaded: %s", exc.message)
            report.errors.append(exc.message)
            continue
        slug = seed.front_matter["slug"]
        existing = session.scalar(select(Charter).where(Charter.slug == slug))
        if existing is not None and existing.status == "imported":
            message = f"{path.name}: the slug '{slug}' belongs to an imported charter; give the file another slug"
            log.error("Seed charter not loaded: %s", message)
            report.errors.append(message)
            continue
        if existing is not None and existing.seed_fingerprint == seed.fingerprint:
            report.unchanged.append(slug)
            continue
        store_charter(
            session,
            seed.charter,
            slug=slug,
            status=seed.front_matter["status"],
            source=clean_text(str(seed.front_matter["source"]), 2000),
            source_url=seed.front_matter.get("source_url") or None,
            seed_fingerprint=seed.fingerprint,
        )
        report.loaded.append(slug)
    if report.loaded:
        log.info("Example charters loaded: %s", ", ".join(report.loaded))
    return report
