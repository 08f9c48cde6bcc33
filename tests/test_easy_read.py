"""Easy-read versions of statements: the seed files, the library, the API and the workshop file."""

import copy
import io
import re
import shutil
from pathlib import Path

import pytest
from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from test_export_data import EDITED, FROM_CARD, KENT_THEMES, api_headers, build_kent_workshop
from test_export_docx import kent_document, paragraphs, sections
from test_forms import signed_in
from test_fuzz import FUZZ, HOSTILE_TEXT

from workshop.auth.permissions import may_change_charter
from workshop.charters.importing import store_imported
from workshop.charters.seeding import read_seed_file, seed_library
from workshop.charters.structure import ParsedCharter, ParsedTheme
from workshop.draft.drafting import load_draft
from workshop.export.archive import export_workshop
from workshop.live.workshops import create_workshop
from workshop.models import Charter, Facilitator, Statement
from workshop.text import clean_text

SEED_DIR = Path(__file__).resolve().parent.parent / "seed_charters"
# The Word drafts made here, to open and look at.
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "docx"

FRONT_MATTER = """---
slug: plain
title: A plain charter
area: Somewhere
status: illustrative
source: A test file.
---
"""


def write_seed(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "plain.md"
    path.write_text(FRONT_MATTER + body, encoding="utf-8")
    return path


# --- The shipped example charters ---------------------------------------------


def test_every_example_statement_has_a_short_plain_easy_read_version(session, seeded):
    statements = session.scalars(select(Statement).where(Statement.retired.is_(False))).all()
    assert len(statements) == 81
    for statement in statements:
        easy = statement.easy_read
        assert easy, statement.text
        assert easy != statement.text
        assert easy.endswith("."), easy
        sentences = [s for s in re.split(r"(?<=\.)\s+", easy) if s]
        # One idea a sentence, and at most two sentences.
        assert 1 <= len(sentences) <= 2, easy
        for sentence in sentences:
            assert len(sentence.split()) <= 20, sentence
        assert "  " not in easy


def test_each_example_charter_says_its_easy_read_versions_were_written_for_this_project(session, seeded):
    for charter in session.scalars(select(Charter)):
        assert "easy-read version of each statement was written for Charter Workshop" in charter.source, charter.slug


def test_the_api_gives_each_statement_its_easy_read_version(session, client, seeded):
    body = client.get("/api/charters/stockport").json
    first = body["themes"][0]["statements"][0]
    assert first["text"] == "We will focus on solutions with a 'can do' approach"
    assert first["easy_read"] == "We will look for ways to make things work."
    assert all(s["easy_read"] for theme in body["themes"] for s in theme["statements"])


# --- The seed file format ---------------------------------------------------------


def test_an_easy_read_line_follows_its_statement_and_may_continue(tmp_path):
    path = write_seed(
        tmp_path,
        "## Together\n"
        "- We will agree desired outcomes together\n"
        "  Easy read: We will agree what we want.\n"
        "  Then we will work on it.\n"
        "- We will be transparent about what we do and why\n"
        "- We will respond promptly\n"
        "  easy read:   We will answer quickly.\n",
    )
    theme = read_seed_file(path).charter.themes[0]
    assert theme.statements == [
        "We will agree desired outcomes together",
        "We will be transparent about what we do and why",
        "We will respond promptly",
    ]
    assert [theme.easy_read_for(i) for i in range(3)] == [
        "We will agree what we want. Then we will work on it.",
        "",
        "We will answer quickly.",
    ]


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ("## Together\nEasy read: We will agree.\n- We will agree\n", 9, "must follow the statement it is for"),
        ("Easy read: We will agree.\n## Together\n- We will agree\n", 8, "must follow the statement it is for"),
        (
            "## Together\n- We will agree\n  Easy read: We will agree.\n  Easy read: Again.\n",
            11,
            "a second 'Easy read:' line",
        ),
        ("## Together\n- We will agree\n  Easy read:   \n", 10, "the 'Easy read:' line is empty"),
    ],
)
def test_a_misplaced_easy_read_line_names_its_line(session, tmp_path, body, line, message):
    directory = tmp_path / "seeds"
    directory.mkdir()
    write_seed(directory, body)
    report = seed_library(session, directory)
    assert report.loaded == []
    assert len(report.errors) == 1
    assert report.errors[0].startswith(f"plain.md, line {line}: "), report.errors[0]
    assert message in report.errors[0]


def test_an_edited_easy_read_version_is_stored_on_the_same_statement(session, tmp_path):
    directory = tmp_path / "seeds"
    shutil.copytree(SEED_DIR, directory)
    seed_library(session, directory)
    session.commit()
    statement = session.scalar(select(Statement).where(Statement.text == "We will be transparent"))
    assert statement.easy_read == "We will be open about what we are doing."
    before = statement.id

    path = directory / "stockport.md"
    content = path.read_text(encoding="utf-8")
    old = "  Easy read: We will be open about what we are doing.\n"
    assert content.count(old) == 1
    path.write_text(content.replace(old, "  Easy read: We will say what we are doing.\n"), encoding="utf-8")
    report = seed_library(session, directory)
    session.commit()
    assert report.loaded == ["stockport"]
    session.expire_all()
    statement = session.get(Statement, before)
    assert statement.easy_read == "We will say what we are doing."

    # Taken out of the file, the easy-read version goes.
    content = path.read_text(encoding="utf-8")
    path.write_text(content.replace("  Easy read: We will say what we are doing.\n", ""), encoding="utf-8")
    seed_library(session, directory)
    session.commit()
    session.expire_all()
    assert session.get(Statement, before).easy_read is None


# --- The workshop file ---------------------------------------------------------


def test_the_workshop_file_keeps_the_easy_read_versions_through_a_restore(session, seeded, restore_elsewhere):
    kent = build_kent_workshop(session)
    export = export_workshop(session, kent)
    exported = {s["text"]: s["easy_read"] for c in export["charters"] for t in c["themes"] for s in t["statements"]}
    assert exported["We will be transparent"] == "We will be open about what we are doing."
    assert all(exported.values())

    restored = restore_elsewhere(export)
    stored = dict(
        restored.session.execute(
            select(Statement.text, Statement.easy_read)
            .join(Statement.charter)
            .where(Charter.id.in_([board.charter_id for board in restored.workshop.boards]))
        ).all()
    )
    assert stored == exported


def test_a_workshop_file_without_easy_read_versions_still_restores(session, seeded, restore_elsewhere):
    kent = build_kent_workshop(session)
    export = copy.deepcopy(export_workshop(session, kent))
    for charter in export["charters"]:
        for theme in charter["themes"]:
            for statement in theme["statements"]:
                del statement["easy_read"]
    restored = restore_elsewhere(export)
    charter_ids = [board.charter_id for board in restored.workshop.boards]
    easy = restored.session.scalars(select(Statement.easy_read).where(Statement.charter_id.in_(charter_ids))).all()
    assert easy and all(value is None for value in easy)


# --- The Word document ------------------------------------------------------------


def test_the_word_draft_can_have_an_easy_read_summary_and_cut_out_page(client, session, seeded):
    kent = build_kent_workshop(session)
    headers = api_headers(session, kent)
    address = f"/api/workshops/{kent.id}/draft.docx"
    # Made in the worker process, with the parts asked for.
    response = client.get(f"{address}?include=easy_read_summary,cut_out,cut_out_easy_read", headers=headers)
    assert response.status_code == 200, response.get_json()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"easy-read-{session.get_bind().dialect.name}.docx").write_bytes(response.data)
    document = Document(io.BytesIO(response.data))
    found = sections(document)
    assert list(found)[:2] == ["Easy read summary", "Our commitment"]
    assert list(found)[-3:] == ["Cut out and keep", "Cut out and keep, in easy read", "Appendix: What you said"]

    # The summary: what it is, who made it, its parts and what happens next, a sentence or two a line.
    summary = [block.text for block in found["Easy read summary"]]
    assert summary[0] == "This is Kent Co-production Charter."
    assert "We are Kent County Council, NHS Kent and Medway Integrated Care Board and Kent PACT." in summary
    assert "8 people helped to write it at a workshop on 23 November 2026." in summary
    assert "The charter has 5 parts:" in summary
    assert paragraphs(found["Easy read summary"], "List Bullet") == list(KENT_THEMES)
    draft = load_draft(session, kent.id)
    promises = sum(len(theme.statements) for theme in draft.themes)
    assert f"There are {promises} promises. Each one starts with \u201cWe will\u201d." in summary
    for line in summary:
        assert len(re.split(r"(?<=[.?:])\s+", line)) <= 2, line

    # The easy-read cut-out page: each statement kept in its example's words in that example's easy-read
    # version; one reworded at the workshop, or from a missing card, in its own words, and the page says so.
    easy = paragraphs(found["Cut out and keep, in easy read"], "List Bullet")
    usual = paragraphs(found["Cut out and keep"], "List Bullet")
    assert len(easy) == len(usual) == promises
    kept = {s.text: s.easy_read for s in session.scalars(select(Statement).where(Statement.easy_read.is_not(None)))}
    assert [kept.get(text, text) for text in usual] == easy
    assert EDITED in easy and FROM_CARD in easy
    assert "We will look for ways to make things work." not in easy  # the statement the room reworded
    assert kept["We will be transparent"] in easy and "We will be transparent" not in easy
    closing = [block.text for block in found["Cut out and keep, in easy read"]][-2:]
    assert closing == [
        "After each piece of work, ask us: did we do what we said?",
        "Some promises were changed at the workshop. They are in the workshop's own words.",
    ]

    # Neither is in the document unless asked for.
    plain = sections(Document(io.BytesIO(kent_document(session, kent))))
    assert "Easy read summary" not in plain and "Cut out and keep, in easy read" not in plain
    assert "Cut out and keep" in plain


def test_the_console_offers_the_easy_read_parts_of_the_word_draft(client, session, seeded):
    kent = build_kent_workshop(session)
    with client.session_transaction() as flask_session:
        flask_session["_user_id"] = str(kent.owner_id)
        flask_session["_fresh"] = True
    page = client.get(f"/workshops/{kent.id}").get_data(as_text=True)
    for part in ("easy_read_summary", "cut_out_easy_read"):
        box = re.search(rf'<input[^>]*id="document-part-{part}"[^>]*>', page)
        assert box and "checked" not in box[0], part


# --- Imported charters ---------------------------------------------------------------

OURS = ParsedCharter(
    title="Our own charter",
    area="Kent",
    themes=[ParsedTheme("Together", ["We will listen to each other", "We will act on what we hear and say so"])],
)


@pytest.fixture
def imported(session, facilitator):
    charter = store_imported(session, copy.deepcopy(OURS), "pasted text", facilitator.id)
    session.commit()
    return charter


def easy_read_of(session, charter) -> list:
    session.expire_all()
    return [s.easy_read for s in session.get(Charter, charter.id).current_statements]


def test_an_imported_charter_gets_easy_read_versions_on_its_page(client, session, facilitator, imported):
    page = client.get(f"/charters/{imported.slug}").get_data(as_text=True)
    assert "0 of the 2 statements have an easy-read version" in page
    assert "Add or change the easy-read versions" not in page  # only for a facilitator
    signed_in(client, facilitator)
    page = client.get(f"/charters/{imported.slug}").get_data(as_text=True)
    assert f'href="/charters/{imported.slug}/easy-read">Add or change the easy-read versions</a>' in page
    form = client.get(f"/charters/{imported.slug}/easy-read").get_data(as_text=True)
    first, second = (s.id for s in imported.current_statements)
    assert f'<textarea class="govuk-textarea" id="easy-read-{first}" name="easy-read-{first}"' in form
    assert "Statement 1: We will listen to each other" in form

    response = client.post(
        f"/charters/{imported.slug}/easy-read",
        data={f"easy-read-{first}": "  We will  listen.\n", f"easy-read-{second}": "We will do it. We will tell you."},
    )
    assert response.status_code == 302
    assert easy_read_of(session, imported) == ["We will listen.", "We will do it. We will tell you."]
    assert client.get(f"/api/charters/{imported.slug}").json["themes"][0]["statements"][0]["easy_read"] == (
        "We will listen."
    )
    page = client.get(f"/charters/{imported.slug}").get_data(as_text=True)
    assert "Easy-read versions saved: 2 of the 2 statements have one (2 changed)." in page
    # An empty box takes it away.
    client.post(f"/charters/{imported.slug}/easy-read", data={f"easy-read-{first}": " "})
    assert easy_read_of(session, imported) == [None, "We will do it. We will tell you."]


def test_an_example_charters_easy_read_versions_are_not_changed_on_a_page(client, session, seeded, facilitator):
    signed_in(client, facilitator)
    statement = get_charter_statement(session, "stockport")
    assert client.get("/charters/stockport/easy-read").status_code == 404
    response = client.post("/charters/stockport/easy-read", data={f"easy-read-{statement.id}": "Changed."})
    assert response.status_code == 404
    assert "Add or change the easy-read versions" not in client.get("/charters/stockport").get_data(as_text=True)
    session.expire_all()
    assert session.get(Statement, statement.id).easy_read != "Changed."


def test_only_the_facilitator_who_imported_a_charter_changes_its_easy_read_versions(
    client, session, facilitator, imported
):
    another = Facilitator(email="another@example.org", password_hash="unused")
    session.add(another)
    session.commit()
    first = imported.current_statements[0].id
    signed_in(client, another)
    page = client.get(f"/charters/{imported.slug}").get_data(as_text=True)
    assert "0 of the 2 statements have an easy-read version" in page
    assert "Add or change the easy-read versions" not in page
    form = client.get(f"/charters/{imported.slug}/easy-read")
    assert form.status_code == 403
    refusal = client.post(f"/charters/{imported.slug}/easy-read", data={f"easy-read-{first}": "Not mine."})
    assert refusal.status_code == 403
    assert "Only the facilitator who imported this charter can change it." in refusal.get_data(as_text=True)
    assert easy_read_of(session, imported) == [None, None]
    answer = client.post(
        f"/charters/{imported.slug}/easy-read",
        data={f"easy-read-{first}": "Not mine."},
        headers={"Accept": "application/json"},
    )
    assert answer.status_code == 403 and answer.get_json()["error"] == "not_yours"


def test_an_imported_charter_restored_from_a_workshop_file_is_changed_by_who_restored_it(
    session, seeded, facilitator, imported, restore_elsewhere
):
    workshop = create_workshop(session, facilitator, title="Ours", charter_slugs=[imported.slug])
    session.commit()
    restored = restore_elsewhere(export_workshop(session, workshop))
    charter = restored.session.get(Charter, restored.workshop.boards[0].charter_id)
    assert charter.status == "imported"
    assert may_change_charter(charter, restored.owner)


def get_charter_statement(session, slug):
    return session.scalar(select(Statement).join(Statement.charter).where(Charter.slug == slug))


def test_a_signed_out_visitor_cannot_change_easy_read_versions(client, session, imported):
    statement = imported.current_statements[0]
    response = client.post(f"/charters/{imported.slug}/easy-read", data={f"easy-read-{statement.id}": "Mine."})
    assert response.status_code in (302, 401)
    assert easy_read_of(session, imported) == [None, None]


@pytest.mark.parametrize(
    ("sent", "message"),
    [
        ("x" * 401, "The easy-read version of statement 1 is 401 characters long. Make it 400 characters or fewer"),
        ("We will\x00 listen.", "The easy-read version of statement 1 has control or invisible characters"),
        ("We will \u202elisten.", "The easy-read version of statement 1 has control or invisible characters"),
    ],
)
def test_hostile_easy_read_is_refused_with_a_clear_message_and_nothing_is_saved(
    client, session, facilitator, imported, sent, message
):
    signed_in(client, facilitator)
    first, second = (s.id for s in imported.current_statements)
    response = client.post(
        f"/charters/{imported.slug}/easy-read", data={f"easy-read-{first}": sent, f"easy-read-{second}": "Fine."}
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "There is a problem" in page and message in page
    assert f'href="#easy-read-{first}"' in page
    assert easy_read_of(session, imported) == [None, None]


@settings(FUZZ, max_examples=30)
@given(
    st.lists(
        st.sampled_from(HOSTILE_TEXT) | st.text(st.characters(exclude_categories=("Cs",)), max_size=450),
        min_size=2,
        max_size=2,
    )
)
def test_any_easy_read_text_is_stored_clean_or_refused_with_nothing_saved(client, session, facilitator, imported, sent):
    signed_in(client, facilitator)
    before = easy_read_of(session, imported)
    ids = [s.id for s in imported.current_statements]
    response = client.post(
        f"/charters/{imported.slug}/easy-read", data={f"easy-read-{i}": text for i, text in zip(ids, sent, strict=True)}
    )
    assert response.status_code in (302, 400), response.status_code
    after = easy_read_of(session, imported)
    if response.status_code == 400:
        assert after == before
        assert "The easy-read version of statement" in response.get_data(as_text=True)
    else:
        for text, stored in zip(sent, after, strict=True):
            assert stored == (clean_text(text, single_line=True) or None)
            assert stored is None or len(stored) <= 400
