"""How long the Word export of a large workshop's draft takes.

Builds, in an SQLite file in a temporary folder, a workshop as large as the
app expects: --participants people (1,000 by default) in groups, a few of
them removed, who reviewed --statements statements (300) on four charters.
Every one of them tagged every statement; each suggested new wording for 2%
of the statements and commented on 1%, wrote a note on one charter, and
supported three What's missing cards, which one person in seven wrote. A few
of the words are hidden by the facilitator. The draft has --statements
statements under ten themes: most from the charters (borrowed, or adapted with
a rewording chosen and edited), some from the cards, some the facilitator's
own, and a few more parked. The rows go in as bulk inserts, so the building
takes seconds.

Then it times the export as the API's download does it (load_draft, then
draft_document) in a fresh database session, --runs times, and prints the
median, and the median of the CPU time it took, which a busy machine changes
less. The last line printed is one JSON object.

    .venv/bin/python bench/export_speed.py
    .venv/bin/python bench/export_speed.py --statements 30 --participants 50 --runs 1
"""

import argparse
import json
import random
import secrets
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from workshop.database import make_engine, upgrade  # noqa: E402
from workshop.draft.drafting import load_draft  # noqa: E402
from workshop.draft.questions import did_we  # noqa: E402
from workshop.export.docx import draft_document  # noqa: E402
from workshop.models import (  # noqa: E402
    GROUPS,
    NOTE_COLUMNS,
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
    Participant,
    Rewording,
    Statement,
    Tag,
    Theme,
    Workshop,
)

CHARTERS = 4
THEMES_PER_CHARTER = 5
DRAFT_THEMES = 10
TODAY = date(2026, 11, 23)
EXTRA_CLAUSES = ("from the start", "with families", "across the partnership", "in every setting", "every year")
COMMENTS = (
    "Who is 'we' here? Say which services.",
    "This needs a date by when it will happen.",
    "Good, but how will families know it has been done?",
    "Plain English please: not everyone knows what this means.",
    "Young people should be asked about this too.",
)
NOTES = (
    "Easy to read, with short statements.",
    "Too long: a one-page version would help.",
    "The pictures made it welcoming.",
    "It does not say who signed it.",
)
# Of every ten draft statements.
DRAFT_SOURCES = ("borrowed",) * 6 + ("adapted",) * 2 + ("missing_card", "facilitator")
CARDS = (
    "Paying parent carers for their time",
    "Meetings at times working parents can come to",
    "Interpreters and translated copies",
    "What happens when things go wrong",
    "A named contact for every family",
    "Feedback to the people who took part",
    "Support for young people moving to adult services",
)


def parse_arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--statements", type=int, default=300, help="statements reviewed and in the draft (300)")
    parser.add_argument("--participants", type=int, default=1000, help="people in the room (default 1,000)")
    parser.add_argument("--runs", type=int, default=5, help="exports to time (default 5)")
    return parser.parse_args(argv)


def example_wordings() -> list[str]:
    """The statements of the example charters, for text of a realistic length."""
    wordings = []
    for path in sorted((REPO / "seed_charters").glob("*.md")):
        wordings += [line[2:].strip() for line in path.read_text().splitlines() if line.startswith("- We ")]
    return wordings


class Builder:
    """Puts a large workshop into the database with bulk inserts; random but the same every run."""

    def __init__(self, session: Session, statements: int, participants: int):
        self.session = session
        self.statement_count = statements
        self.participant_count = participants
        self.random = random.Random(2026)

    def insert(self, model, rows: list[dict]) -> list[int]:
        """Insert the rows; their ids, in order."""
        return list(self.session.scalars(insert(model).returning(model.id, sort_by_parameter_order=True), rows))

    def build(self) -> int:
        """The workshop's id."""
        facilitator = self.insert(Facilitator, [{"email": "lead@example.org", "password_hash": "unused"}])[0]
        self.workshop_id = self.insert(
            Workshop,
            [
                {
                    "title": "Refreshing our co-production charter",
                    "area": "Kent",
                    "held_on": TODAY,
                    "code": "BENCH1",
                    "projector_key": secrets.token_urlsafe(32),
                    "stage": "merge",
                    "owner_id": facilitator,
                }
            ],
        )[0]
        boards = self.charters_and_boards()
        people = self.participants()
        self.tags(boards, people)
        rewordings = self.words(boards, people)
        cards = self.cards(people)
        self.draft(boards, rewordings, cards, facilitator)
        self.session.commit()
        return self.workshop_id

    def charters_and_boards(self) -> list[tuple[int, str, list[tuple[int, str]]]]:
        """(board id, charter title, [(statement id, text)]) for each board."""
        wordings = example_wordings()
        boards = []
        number = 0
        for position in range(CHARTERS):
            title = f"Area {position + 1} Co-production Charter"
            charter = self.insert(
                Charter,
                [
                    {
                        "slug": f"area-{position + 1}",
                        "title": title,
                        "area": f"Area {position + 1}",
                        "status": "imported",
                    }
                ],
            )[0]
            themes = self.insert(
                Theme,
                [{"charter_id": charter, "position": p, "title": f"Theme {p + 1}"} for p in range(THEMES_PER_CHARTER)],
            )
            count = self.statement_count // CHARTERS + (position < self.statement_count % CHARTERS)
            rows, texts = [], []
            for index in range(count):
                text = wordings[number % len(wordings)]
                if number >= len(wordings):
                    text += " " + EXTRA_CLAUSES[number // len(wordings) % len(EXTRA_CLAUSES)]
                number += 1
                texts.append(text)
                rows.append(
                    {
                        "charter_id": charter,
                        "theme_id": themes[index % THEMES_PER_CHARTER],
                        "position": index // THEMES_PER_CHARTER,
                        "text": text,
                    }
                )
            statements = self.insert(Statement, rows)
            board = self.insert(
                Board,
                [{"workshop_id": self.workshop_id, "charter_id": charter, "position": position, "is_open": False}],
            )[0]
            boards.append((board, title, list(zip(statements, texts, strict=True))))
        return boards

    def participants(self) -> list[int]:
        groups = (*GROUPS, None)
        return self.insert(
            Participant,
            [
                {
                    "workshop_id": self.workshop_id,
                    "token_hash": secrets.token_hex(32),
                    "number": number,
                    "group_name": groups[number % len(groups)],
                    "removed": number % 100 == 0,
                }
                for number in range(1, self.participant_count + 1)
            ],
        )

    def tags(self, boards, people: list[int]) -> None:
        """Every person tags every statement; each statement leans its own way."""
        values = ("borrow", "adapt", "ignore")
        for board, _, statements in boards:
            rows = []
            for statement, _ in statements:
                weights = [self.random.random() + 0.2 for _ in values]
                chosen = self.random.choices(values, weights, k=len(people))
                rows += [
                    {"board_id": board, "statement_id": statement, "participant_id": person, "value": value}
                    for person, value in zip(people, chosen, strict=True)
                ]
            self.session.execute(insert(Tag), rows)

    def words(self, boards, people: list[int]) -> dict[int, tuple[int, str]]:
        """Rewordings, comments and notes; one rewording of each statement that has any: {statement: (id, text)}."""
        everything = [(board, statement, text) for board, _, statements in boards for statement, text in statements]
        rewordings, comments, notes = [], [], []
        for person in people:
            for board, statement, text in self.random.sample(everything, max(1, len(everything) // 50)):
                reworded = text.replace("We will", "Together, we will", 1)
                rewordings.append(self.contribution(board, statement, person, reworded))
            for board, statement, _ in self.random.sample(everything, max(1, len(everything) // 100)):
                comments.append(self.contribution(board, statement, person, self.random.choice(COMMENTS)))
            board = self.random.choice(boards)[0]
            column = self.random.choice(NOTE_COLUMNS)
            text = self.random.choice(NOTES)
            notes.append({"board_id": board, "participant_id": person, "column_name": column, "text": text})
        ids = self.insert(Rewording, rewordings)
        self.session.execute(insert(Comment), comments)
        self.session.execute(insert(BoardNote), notes)
        return {row["statement_id"]: (id_, row["text"]) for id_, row in zip(ids, rewordings, strict=True)}

    def contribution(self, board: int, statement: int, person: int, text: str) -> dict:
        return {
            "board_id": board,
            "statement_id": statement,
            "participant_id": person,
            "text": text,
            "hidden": self.random.random() < 0.02,
        }

    def cards(self, people: list[int]) -> list[tuple[int, str]]:
        """What's missing cards, from one person in seven, each supported by some: [(id, text)]."""
        writers = people[::7]
        rows = [
            {
                "workshop_id": self.workshop_id,
                "participant_id": person,
                "text": f"{CARDS[number % len(CARDS)]} ({number + 1})",
                "hidden": number % 50 == 49,
            }
            for number, person in enumerate(writers)
        ]
        ids = self.insert(MissingCard, rows)
        supports = [
            {"card_id": card, "participant_id": person}
            for person in people
            for card in self.random.sample(ids, min(3, len(ids)))
        ]
        self.session.execute(insert(CardSupport), supports)
        return [(card, row["text"]) for card, row in zip(ids, rows, strict=True) if not row["hidden"]]

    def draft(self, boards, rewordings: dict[int, tuple[int, str]], cards: list[tuple[int, str]], facilitator) -> None:
        """Ten themes; of every ten statements six borrowed, two adapted, one from a card, one the facilitator's."""
        draft = self.insert(
            Draft,
            [
                {
                    "workshop_id": self.workshop_id,
                    "title": "Kent Co-production Charter",
                    "area": "Kent",
                    "signatories": ["Kent County Council", "NHS Kent and Medway", "Kent PACT"],
                }
            ],
        )[0]
        themes = self.insert(
            DraftTheme, [{"draft_id": draft, "position": p, "title": f"Our theme {p + 1}"} for p in range(DRAFT_THEMES)]
        )
        sources = [(statement, text, title) for _, title, statements in boards for statement, text in statements]
        rows, edits = [], []
        for index, (statement, text, charter_title) in enumerate(sources):
            row = {
                "theme_id": themes[index % DRAFT_THEMES],
                "position": index // DRAFT_THEMES,
                "text": text,
                "source_kind": DRAFT_SOURCES[index % len(DRAFT_SOURCES)],
            }
            if row["source_kind"] in ("borrowed", "adapted"):
                row.update(source_statement_id=statement, source_charter_title=charter_title, original_text=text)
            if row["source_kind"] == "adapted" and statement in rewordings:
                chosen, reworded = rewordings[statement]
                row.update(chosen_rewording_id=chosen, chosen_rewording_text=reworded, text=reworded + ", together")
                edits.append((len(rows), reworded, row["text"]))
            elif row["source_kind"] == "missing_card":
                card, card_text = cards[index % len(cards)]
                row.update(source_card_id=card, original_text=card_text, text=f"We will talk about: {card_text}")
            elif row["source_kind"] == "facilitator":
                row["text"] = f"We will check this charter with the room again ({index + 1})"
            row["did_we_question"] = did_we(row["text"])
            rows.append(row)
        for position, (statement, text, charter_title) in enumerate(sources[: max(1, len(sources) // 30)]):
            rows.append(
                {
                    "parked_draft_id": draft,
                    "position": position,
                    "text": text,
                    "did_we_question": did_we(text),
                    "source_kind": "borrowed",
                    "source_statement_id": statement,
                    "source_charter_title": charter_title,
                    "original_text": text,
                }
            )
        ids = self.insert(DraftStatement, rows)
        self.session.execute(
            insert(DraftStatementEdit),
            [
                {
                    "draft_statement_id": ids[row],
                    "previous_text": before,
                    "new_text": after,
                    "facilitator_id": facilitator,
                }
                for row, before, after in edits
            ],
        )


def time_export(engine, workshop_id: int) -> tuple[float, float, int]:
    """One export as the API does it: its seconds, the CPU seconds it took and the document's size in bytes."""
    with Session(engine) as session:
        started, cpu_started = time.perf_counter(), time.process_time()
        workshop = session.get(Workshop, workshop_id)
        document = draft_document(session, workshop, load_draft(session, workshop_id), TODAY)
        return time.perf_counter() - started, time.process_time() - cpu_started, len(document)


def main(argv=None) -> None:
    arguments = parse_arguments(argv)
    with tempfile.TemporaryDirectory(prefix="export-speed-") as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'workshop.sqlite3'}")
        upgrade(engine)
        started = time.perf_counter()
        with Session(engine) as session:
            workshop_id = Builder(session, arguments.statements, arguments.participants).build()
            tags = session.scalar(select(func.count()).select_from(Tag))
        print(
            f"Built {arguments.statements} statements, {arguments.participants} people and {tags:,} tags "
            f"in {time.perf_counter() - started:.1f} s"
        )
        seconds, cpu_seconds = [], []
        for run in range(1, arguments.runs + 1):
            wall, cpu, size = time_export(engine, workshop_id)
            seconds.append(wall)
            cpu_seconds.append(cpu)
            print(f"run {run}: {wall:.2f} s ({cpu:.2f} s of CPU), {size:,} bytes")
        engine.dispose()
    print(
        json.dumps(
            {
                "statements": arguments.statements,
                "participants": arguments.participants,
                "tags": tags,
                "runs": arguments.runs,
                "docx_s_median": round(statistics.median(seconds), 2),
                "docx_s_max": round(max(seconds), 2),
                "docx_cpu_s_median": round(statistics.median(cpu_seconds), 2),
                "docx_bytes": size,
            }
        )
    )


if __name__ == "__main__":
    main()
