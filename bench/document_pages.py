"""How many pages the Word draft of Kent's workshop runs to, rendered by LibreOffice.

Builds, in an SQLite file in a temporary folder, Kent's workshop as a room of
30 phones would leave it: three example charters (Stockport, Cheshire East and
South Gloucestershire) reviewed by parent carers, young people, education,
health and social care; every statement tagged; the same rewording of "We will
be transparent" given by five people and near-identical ones by others;
comments, some given by several people in the same words; notes on each
charter; What's missing cards with support; and the draft made from the room's
results under Kent's five themes. Then it writes the Word document with the
parts asked for (the defaults unless told, as the download's include=),
converts it to PDF with LibreOffice (headless) and counts the pages with
pdfinfo.

    .venv/bin/python bench/document_pages.py
    .venv/bin/python bench/document_pages.py --keep kent.docx
    .venv/bin/python bench/document_pages.py --include cut_out,picture,counts,words,notes,cards,provenance

The last line printed is one JSON object.
"""

import argparse
import itertools
import json
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from workshop.charters.seeding import seed_library  # noqa: E402
from workshop.database import make_engine, upgrade  # noqa: E402
from workshop.draft.drafting import load_draft, start_draft  # noqa: E402
from workshop.draft.from_results import draft_from_results  # noqa: E402
from workshop.export.docx import draft_document  # noqa: E402
from workshop.live.operations import apply_operation  # noqa: E402
from workshop.live.participants import join_workshop  # noqa: E402
from workshop.live.workshops import create_workshop, open_board, set_stage  # noqa: E402
from workshop.models import DEFAULT_DOCUMENT_PARTS, DOCUMENT_PARTS, Facilitator, Workshop  # noqa: E402

TODAY = date(2026, 11, 23)
CHARTERS = ["stockport", "cheshire-east", "south-gloucestershire"]
GROUPS = ["parent_carer"] * 10 + ["young_person"] * 6 + ["education"] * 5 + ["health"] * 5 + ["social_care"] * 4
TRANSPARENT = "We will be transparent"
REWORDING = "We will be open and honest about what we are doing and why"
NEAR_REWORDINGS = (
    "We will be open and honest about what we're doing and why.",
    "we will be open and honest about what we are doing, and why",
)
OTHER_REWORDINGS = ("We will be clear", "We will explain our decisions and share what we know")
COMMENTS = (
    "Who is 'we' here? Say which services.",
    "This needs a date by when it will happen.",
    "Good, but how will families know it has been done?",
    "Plain English please: not everyone knows what this means.",
    "Young people should be asked about this too.",
)
NOTES = {
    "borrow": ("The action plan", "Short statements, easy to read", "The pictures made it welcoming"),
    "adapt": ("Add the age range of children and young people", "Say who signed it"),
    "ignore": ("Very plain visually", "Too long: a one-page version would help"),
    "missing": ("What happens when things go wrong", "A named contact for every family"),
}
CARDS = (
    "A one-page 'cut out and keep' version for families",
    "Paying parent carers for their time",
    "Meetings at times working parents can come to",
    "Interpreters and translated copies",
)


def parse_arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, help="also save the .docx here, and the .pdf beside it")
    parser.add_argument(
        "--include",
        type=lambda value: frozenset(part for part in value.split(",") if part),
        default=DEFAULT_DOCUMENT_PARTS,
        help=f"the parts, separated by commas, from: {', '.join(DOCUMENT_PARTS)} (default: the download's)",
    )
    arguments = parser.parse_args(argv)
    if unknown := arguments.include - set(DOCUMENT_PARTS):
        parser.error(f"no such part: {', '.join(sorted(unknown))}")
    return arguments


def choice(slug: str, position: int, text: str, person: int) -> str:
    """Stockport mostly borrowed (its transparency statement adapted); the others mostly ignored."""
    if slug == "stockport" and text == TRANSPARENT:
        return "adapt" if person % 4 else "borrow"
    spread = (person * (position % 4 + 1) + position) % 10
    if slug == "stockport":
        return "borrow" if spread < 6 else "adapt" if spread < 8 else "ignore"
    return "borrow" if spread < 3 else "adapt" if spread < 4 else "ignore"


def build_kent(session: Session) -> Workshop:
    seed_library(session, REPO / "seed_charters")
    owner = Facilitator(email="lead@example.org", password_hash="unused")
    session.add(owner)
    workshop = create_workshop(session, owner, title="Refreshing Kent's charter", area="Kent", charter_slugs=CHARTERS)
    workshop.held_on = TODAY
    set_stage(workshop, "review")
    open_board(workshop, None)
    people = [join_workshop(session, workshop, group=group)[0] for group in GROUPS]
    session.commit()
    ids = itertools.count()

    def act(person, kind, **fields):
        result = apply_operation(session, person.id, {"id": f"kent-{next(ids):06d}", "kind": kind, **fields}).result
        session.commit()
        return result

    for board in workshop.boards:
        slug = board.charter.slug
        for position, statement in enumerate(board.charter.current_statements):
            on = {"board_id": board.id, "statement_id": statement.id}
            for number, person in enumerate(people):
                act(person, "tag", value=choice(slug, position, statement.text, number), **on)
            if statement.text == TRANSPARENT:
                wordings = [REWORDING] * 5 + list(NEAR_REWORDINGS) + list(OTHER_REWORDINGS)
                for person, wording in zip(people[1:], wordings, strict=False):
                    act(person, "reword", text=wording, **on)
            if position % 3 == 0:
                # A comment from a few people, two of them in the same words.
                for number in range(3):
                    person = people[(position + number * 7) % len(people)]
                    act(person, "comment", text=COMMENTS[(position + min(number, 1)) % len(COMMENTS)], **on)
        for number, person in enumerate(people):
            column = list(NOTES)[number % len(NOTES)]
            act(person, "note", board_id=board.id, column=column, text=NOTES[column][number % len(NOTES[column])])
    set_stage(workshop, "missing")
    session.commit()
    cards = [act(people[number], "add_card", text=text)["card_id"] for number, text in enumerate(CARDS)]
    for number, person in enumerate(people):
        for card in cards[: 1 + number % len(cards)]:
            act(person, "support", card_id=card, supported=True)
    set_stage(workshop, "merge")
    draft = start_draft(session, workshop, "kent")
    draft_from_results(session, workshop, draft, None)
    session.commit()
    return workshop


def pages_of(document: bytes, folder: Path) -> tuple[int, Path]:
    (folder / "kent.docx").write_bytes(document)
    subprocess.run(
        [
            "libreoffice",
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(folder / "kent.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    pdf = folder / "kent.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:"))), pdf


def main(argv=None) -> None:
    arguments = parse_arguments(argv)
    with tempfile.TemporaryDirectory(prefix="document-pages-") as name:
        folder = Path(name)
        engine = make_engine(f"sqlite:///{folder / 'workshop.sqlite3'}")
        upgrade(engine)
        with Session(engine) as session:
            workshop = build_kent(session)
            draft = load_draft(session, workshop.id)
            document = draft_document(session, workshop, draft, TODAY, arguments.include)
        engine.dispose()
        pages, pdf = pages_of(document, folder)
        if arguments.keep:
            arguments.keep.write_bytes(document)
            shutil.copy(pdf, arguments.keep.with_suffix(".pdf"))
    parts = sorted(arguments.include, key=DOCUMENT_PARTS.index)
    print(f"Kent, 30 phones, with {', '.join(parts) or 'no optional part'}: {pages} pages, {len(document):,} bytes")
    print(json.dumps({"people": len(GROUPS), "parts": parts, "pages": pages, "docx_bytes": len(document)}))


if __name__ == "__main__":
    main()
