"""The charter library: the example charters, how they are seeded, and how they are shown.

Statement ids are a contract: workshops tag statements by id, so re-seeding
must keep them, and a statement removed from its file is retired, not deleted.
"""

import html
import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from workshop import create_app
from workshop.charters.library import get_charter, store_charter
from workshop.charters.seeding import seed_library
from workshop.charters.structure import ParsedCharter, ParsedTheme
from workshop.extensions import db
from workshop.models import Charter, Statement, Theme

SEED_DIR = Path(__file__).resolve().parent.parent / "seed_charters"

# slug: (status, area, number of themes, number of statements)
EXAMPLES = {
    "cheshire-east": ("illustrative", "Cheshire East", 4, 19),
    "south-gloucestershire": ("illustrative", "South Gloucestershire", 4, 18),
    "stockport": ("published", "Stockport", 5, 18),
    "warwickshire": ("published", "Warwickshire", 4, 26),
}

# The Stockport wording Kent's 2023 workshop chose, under Kent's five themes (seed 004).
STOCKPORT = {
    "Ambition": [
        "We will focus on solutions with a 'can do' approach",
        "We will agree desired outcomes together and work towards them together",
    ],
    "Collaboration": [
        "We will agree together who are the right people to be involved and how it is best to work together",
        "We will be timely and allow sufficient time for what we need to do together",
    ],
    "Inclusivity": [
        "We will remember that we are all human beings",
        "We will be flexible to the needs of those involved",
        "We will seek views from relevant parties",
        "We will value contributions equally from all involved",
        "We will hold meetings virtually where it is more convenient and is likely to increase opportunities "
        "to be involved",
    ],
    "Communication": [
        "We will listen to each other's views",
        "We will be transparent",
        "We will communicate with each other clearly and accurately in plain English",
        "We will provide relevant information in a timely and appropriate way",
    ],
    "Accountability": [
        "We will do what we say we will do or explain clearly why we cannot",
        "We will learn from each other and share our learning widely",
        "We will take responsibility for what we agree to do",
        "We will let people know how we have acted upon what is heard",
        "We will respond promptly and follow up on actions",
    ],
}


# --- Helpers ----------------------------------------------------------------


def statement_ids(session, slug: str) -> dict[str, int]:
    """Every statement of a charter, retired or not, by its text."""
    charter = session.scalar(select(Charter).where(Charter.slug == slug))
    rows = session.execute(select(Statement.text, Statement.id).where(Statement.charter_id == charter.id))
    return dict(rows.all())


def all_ids(session) -> dict[tuple[str, str], int]:
    rows = session.execute(select(Charter.slug, Statement.text, Statement.id).join(Statement.charter))
    return {(slug, text): id_ for slug, text, id_ in rows}


def copy_seeds(tmp_path: Path) -> Path:
    directory = tmp_path / "seeds"
    shutil.copytree(SEED_DIR, directory)
    return directory


def edit(path: Path, old: str, new: str) -> None:
    content = path.read_text(encoding="utf-8")
    assert content.count(old) == 1, f"{old!r} should appear exactly once in {path.name}"
    path.write_text(content.replace(old, new), encoding="utf-8")


def statement_lines(path: Path, text: str) -> str:
    """A one-line statement's line in a seed file, with its easy-read line."""
    found = re.search(rf"^- {re.escape(text)}\n(  Easy read: .*\n)?", path.read_text(encoding="utf-8"), re.M)
    assert found, f"{text!r} should be a one-line statement in {path.name}"
    return found[0]


def page_text(response) -> str:
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def api_statements(client, slug: str) -> dict[str, int]:
    body = client.get(f"/api/charters/{slug}").json
    return {s["text"]: s["id"] for theme in body["themes"] for s in theme["statements"]}


# --- The shipped example charters ---------------------------------------------


def test_seeding_loads_the_four_example_charters(session, seeded):
    assert sorted(seeded.loaded) == sorted(EXAMPLES)
    assert seeded.unchanged == []
    assert seeded.errors == []

    charters = {c.slug: c for c in session.scalars(select(Charter))}
    assert set(charters) == set(EXAMPLES)
    for slug, (status, area, theme_count, statement_count) in EXAMPLES.items():
        charter = charters[slug]
        assert (charter.status, charter.area) == (status, area), slug
        assert len(charter.current_themes) == theme_count, slug
        assert len(charter.current_statements) == statement_count, slug
        assert not any(s.retired for s in charter.statements), slug
        assert charter.seed_fingerprint, slug
        assert charter.source, slug


def test_every_example_statement_is_one_whole_we_will_sentence(session, seeded):
    for statement in session.scalars(select(Statement)):
        text = statement.text
        assert text.startswith("We will "), text
        # Two statements run together (as the seed's columns were) would say "We will" twice.
        assert text.count("We will") == 1, text
        assert "  " not in text and not text.endswith((".", ",", ";")), text


def test_stockport_is_the_wording_kent_chose_under_kents_themes(session, seeded):
    charter = session.scalar(select(Charter).where(Charter.slug == "stockport"))
    assert charter.status == "published"
    layout = {theme.title: [s.text for s in theme.current_statements] for theme in charter.current_themes}
    assert list(layout) == list(STOCKPORT)
    assert layout == STOCKPORT
    # Position runs through the whole charter, in the file's order.
    assert [s.position for s in charter.current_statements] == list(range(18))

    assert charter.source.startswith("Stockport wording as adopted in Kent's 2023 charter workshop")
    assert charter.source_url is None
    for fact in ("2019", "over 1,000 people", "November 2020", "Parents and Carers Together Stockport (PACTS)"):
        assert fact in charter.source + charter.introduction, fact
    for value in (
        "be open and honest",
        "listen actively",
        "value the lived experiences",
        "do what matters",
        "be accountable and respond to feedback",
        "work together as partners",
        "be respectful",
    ):
        assert value in charter.introduction, value


@pytest.mark.parametrize(
    ("slug", "facts"),
    [
        ("cheshire-east", ["TOGETHER", "all-age", "individuals, community, commissioning and strategic", "HAPI"]),
        (
            "south-gloucestershire",
            [
                "the South Glos Way",
                "from the start",
                "any group",
                "South Gloucestershire Council",
                "South Glos Parent Carers",
                "NHS Integrated Care Board",
                "0 to 25",
            ],
        ),
    ],
)
def test_illustrative_examples_say_plainly_they_are_not_the_councils_wording(session, seeded, slug, facts):
    charter = session.scalar(select(Charter).where(Charter.slug == slug))
    assert charter.status == "illustrative"
    assert "illustrative" in charter.title.lower()
    assert charter.source.startswith("An illustrative example written for Charter Workshop")
    assert "It is NOT the wording of" in charter.source
    assert "the facilitator should import" in charter.source
    assert charter.source_url is None
    for fact in facts:
        assert fact in charter.source + charter.introduction, fact
    assert 3 <= len(charter.current_themes) <= 5
    for theme in charter.current_themes:
        assert 4 <= len(theme.current_statements) <= 7, theme.title


# --- Re-seeding is idempotent -------------------------------------------------


def test_seeding_twice_changes_nothing(app, session, seeded):
    before = all_ids(session)
    charter_ids = dict(session.execute(select(Charter.slug, Charter.id)).all())

    again = seed_library(session, app.config["SEED_CHARTERS_DIR"])
    session.commit()

    assert again.loaded == []
    assert sorted(again.unchanged) == sorted(EXAMPLES)
    assert all_ids(session) == before
    assert dict(session.execute(select(Charter.slug, Charter.id)).all()) == charter_ids
    assert session.scalar(select(func.count(Charter.id))) == 4
    assert session.scalar(select(func.count(Statement.id))) == sum(e[3] for e in EXAMPLES.values())


def test_seeding_a_changed_file_again_keeps_every_id(app, session, tmp_path):
    """A file whose fingerprint changed but whose wording did not is stored again with the same ids."""
    directory = copy_seeds(tmp_path)
    seed_library(session, directory)
    session.commit()
    before = all_ids(session)
    theme_ids = dict(session.execute(select(Theme.title, Theme.id)).all())

    path = directory / "stockport.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    report = seed_library(session, directory)
    session.commit()

    assert report.loaded == ["stockport"]
    assert all_ids(session) == before
    assert dict(session.execute(select(Theme.title, Theme.id)).all()) == theme_ids
    assert not session.scalar(select(func.count(Statement.id)).where(Statement.retired.is_(True)))


def test_a_restarted_app_on_the_same_database_seeds_without_duplicates(app, session, seeded, database_url):
    before = all_ids(session)
    first_engine = db.engine
    db.session.remove()

    # What happens when the server restarts: a new app seeds on start.
    second = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "DATABASE_URL": database_url,
            "MIGRATE_ON_START": False,
            "SEED_ON_START": True,
        }
    )
    first_engine.dispose()
    with second.app_context():
        assert all_ids(db.session) == before
        assert db.session.scalar(select(func.count(Charter.id))) == 4
        assert db.session.scalar(select(func.count(Theme.id))) == sum(e[2] for e in EXAMPLES.values())
        duplicates = db.session.execute(
            select(Statement.charter_id, Statement.text)
            .group_by(Statement.charter_id, Statement.text)
            .having(func.count(Statement.id) > 1)
        ).all()
        assert duplicates == []
    with second.test_client() as client:
        listed = client.get("/api/charters").json["charters"]
    assert sorted(c["slug"] for c in listed) == sorted(EXAMPLES)


# --- Editing a seed file ------------------------------------------------------


@pytest.fixture
def seed_dir(session, tmp_path):
    """A copy of seed_charters/, seeded, that a test may edit."""
    directory = copy_seeds(tmp_path)
    report = seed_library(session, directory)
    session.commit()
    assert not report.errors, report.errors
    return directory


def test_an_edited_wording_keeps_its_statement_id(session, client, seed_dir):
    before = statement_ids(session, "stockport")

    edit(seed_dir / "stockport.md", "- We will be transparent\n", "- We will be open and transparent\n")
    report = seed_library(session, seed_dir)
    session.commit()

    assert report.loaded == ["stockport"]
    assert sorted(report.unchanged) == ["cheshire-east", "south-gloucestershire", "warwickshire"]
    after = statement_ids(session, "stockport")
    assert after["We will be open and transparent"] == before["We will be transparent"]
    assert "We will be transparent" not in after
    assert len(after) == len(before)
    edited = session.get(Statement, after["We will be open and transparent"])
    assert edited.theme.title == "Communication" and not edited.retired

    assert api_statements(client, "stockport")["We will be open and transparent"] == edited.id
    page = page_text(client.get("/charters/stockport"))
    assert f'<li id="statement-{edited.id}">We will be open and transparent</li>' in page
    assert "We will be transparent<" not in page


def test_a_moved_statement_keeps_its_id_and_takes_its_new_theme(session, client, seed_dir):
    moved = "We will remember that we are all human beings"
    before = statement_ids(session, "stockport")

    path = seed_dir / "stockport.md"
    lines = statement_lines(path, moved)
    edit(path, lines, "")
    edit(path, "## Accountability\n", f"## Accountability\n{lines}")
    seed_library(session, seed_dir)
    session.commit()

    after = statement_ids(session, "stockport")
    assert after == before
    statement = session.get(Statement, before[moved])
    assert statement.theme.title == "Accountability"
    assert not statement.retired

    themes = {
        t["title"]: [s["text"] for s in t["statements"]] for t in client.get("/api/charters/stockport").json["themes"]
    }
    assert themes["Accountability"][0] == moved
    assert moved not in themes["Inclusivity"]
    assert len(themes["Inclusivity"]) == 4


def test_a_removed_statement_is_retired_and_hidden_but_kept(session, client, seed_dir):
    removed = "We will respond promptly and follow up on actions"
    removed_id = statement_ids(session, "stockport")[removed]

    edit(seed_dir / "stockport.md", statement_lines(seed_dir / "stockport.md", removed), "")
    seed_library(session, seed_dir)
    session.commit()

    statement = session.get(Statement, removed_id)
    assert statement is not None, "a removed statement must stay in the database for past workshops"
    assert statement.retired is True
    assert statement.text == removed

    assert removed not in api_statements(client, "stockport")
    listed = {c["slug"]: c for c in client.get("/api/charters").json["charters"]}
    assert listed["stockport"]["statement_count"] == 17
    page = page_text(client.get("/charters/stockport"))
    assert removed not in page
    assert f"statement-{removed_id}" not in page
    assert "We will take responsibility for what we agree to do" in page


def test_a_statement_put_back_gets_its_old_id_again(session, seed_dir):
    removed = "We will respond promptly and follow up on actions"
    path = seed_dir / "stockport.md"
    original = path.read_text(encoding="utf-8")
    removed_id = statement_ids(session, "stockport")[removed]

    edit(path, statement_lines(path, removed), "")
    seed_library(session, seed_dir)
    session.commit()
    path.write_text(original, encoding="utf-8")
    seed_library(session, seed_dir)
    session.commit()

    statement = session.get(Statement, removed_id)
    assert statement.retired is False
    assert session.scalar(select(func.count(Statement.id)).where(Statement.text == removed)) == 1


def test_an_added_statement_gets_a_new_id(session, client, seed_dir):
    added = "We will celebrate what we achieve together"
    before = statement_ids(session, "stockport")
    every_id_before = set(all_ids(session).values())

    edit(seed_dir / "stockport.md", "## Collaboration\n", f"## Collaboration\n- {added}\n")
    seed_library(session, seed_dir)
    session.commit()

    after = statement_ids(session, "stockport")
    assert set(after) == set(before) | {added}
    assert after[added] not in every_id_before
    assert {text: after[text] for text in before} == before

    body = client.get("/api/charters/stockport").json
    collaboration = next(t for t in body["themes"] if t["title"] == "Collaboration")
    assert collaboration["statements"][0] == {"id": after[added], "text": added, "easy_read": None}
    assert body["statement_count"] == 19


def test_a_renamed_theme_keeps_its_statements_ids(session, client, seed_dir):
    before = statement_ids(session, "stockport")
    old_theme_id = session.scalar(
        select(Theme.id).join(Charter).where(Charter.slug == "stockport", Theme.title == "Ambition")
    )

    edit(seed_dir / "stockport.md", "## Ambition\n", "## Our ambition\n")
    seed_library(session, seed_dir)
    session.commit()
    session.close()  # The pages read with a session of their own, as after a restart.

    assert statement_ids(session, "stockport") == before
    for text in STOCKPORT["Ambition"]:
        statement = session.get(Statement, before[text])
        assert statement.theme.title == "Our ambition"
        assert not statement.retired

    body = client.get("/api/charters/stockport").json
    assert [t["title"] for t in body["themes"]] == ["Our ambition", *list(STOCKPORT)[1:]]
    assert [s["text"] for s in body["themes"][0]["statements"]] == STOCKPORT["Ambition"]
    page = page_text(client.get("/charters/stockport"))
    assert '<h2 class="govuk-heading-m">Our ambition</h2>' in page
    assert '<h2 class="govuk-heading-m">Ambition</h2>' not in page
    # The old theme is retired, not deleted, and holds no current statements.
    old = session.get(Theme, old_theme_id)
    assert old is not None and old.retired
    assert old.current_statements == []


def test_a_charter_read_in_the_seeding_session_is_in_file_order(session, client, seed_dir):
    path = seed_dir / "stockport.md"
    edit(path, "## Ambition\n", "## Our ambition\n")
    moved = "We will remember that we are all human beings"
    lines = statement_lines(path, moved)
    edit(path, lines, "")
    edit(path, "## Accountability\n", f"## Accountability\n{lines}")
    seed_library(session, seed_dir)
    session.commit()

    charter = get_charter(session, "stockport")
    assert [t.title for t in charter.current_themes] == ["Our ambition", *list(STOCKPORT)[1:]]
    accountability = charter.current_themes[-1]
    assert [s.text for s in accountability.current_statements] == [moved, *STOCKPORT["Accountability"]]
    assert charter.current_statements == sorted(charter.current_statements, key=lambda s: s.position)


def test_a_theme_title_changed_only_in_case_keeps_its_id(session, seed_dir):
    theme_id = session.scalar(
        select(Theme.id).join(Charter).where(Charter.slug == "warwickshire", Theme.title == "Welcome and Care")
    )

    edit(seed_dir / "warwickshire.md", "## Welcome and Care\n", "## Welcome and care\n")
    seed_library(session, seed_dir)
    session.commit()

    theme = session.get(Theme, theme_id)
    assert theme.title == "Welcome and care"
    assert not theme.retired
    assert len(theme.current_statements) == 7


def test_a_changed_status_and_source_are_stored(session, seed_dir):
    edit(seed_dir / "cheshire-east.md", "area: Cheshire East\n", "area: Cheshire East (all ages)\n")
    seed_library(session, seed_dir)
    session.commit()

    charter = session.scalar(select(Charter).where(Charter.slug == "cheshire-east"))
    assert charter.area == "Cheshire East (all ages)"
    assert charter.status == "illustrative"


# --- Broken seed files ----------------------------------------------------------

GOOD_FRONT_MATTER = """---
slug: broken
title: A broken charter
area: Nowhere
status: published
source: A test file.
---
"""


@pytest.mark.parametrize(
    ("name", "content", "where", "message"),
    [
        ("no-front-matter.md", "## A theme\n- We will do one thing\n", "line 1", "must start with a '---' line"),
        (
            "unclosed-front-matter.md",
            "---\nslug: broken\ntitle: A broken charter\n",
            None,
            "the front matter has no closing '---' line",
        ),
        (
            "bad-status.md",
            GOOD_FRONT_MATTER.replace("status: published", "status: draft") + "## A theme\n- We will do it\n",
            None,
            "status must be 'published'",
        ),
        (
            "missing-source.md",
            GOOD_FRONT_MATTER.replace("source: A test file.\n", "") + "## A theme\n- We will do it\n",
            None,
            "the front matter is missing source",
        ),
        (
            "bad-slug.md",
            GOOD_FRONT_MATTER.replace("slug: broken", "slug: Not A Slug") + "## A theme\n- We will do it\n",
            None,
            "slug must be lower-case",
        ),
        (
            "statement-before-theme.md",
            GOOD_FRONT_MATTER + "An introduction.\n- We will do one thing\n## A theme\n- We will do another\n",
            "line 9",
            "a statement comes before any '## ' theme heading",
        ),
        (
            "stray-text.md",
            GOOD_FRONT_MATTER + "## A theme\n- We will do one thing\nA stray paragraph.\n",
            "line 10",
            "expected a '## ' theme heading or a '- ' statement",
        ),
        ("no-statements.md", GOOD_FRONT_MATTER + "An introduction.\n\n## A theme\n", None, "has no statements"),
        (
            "bad-yaml.md",
            GOOD_FRONT_MATTER.replace("title: A broken charter", "title: [A broken charter"),
            None,
            "the front matter is not valid YAML",
        ),
        ("latin-1.md", GOOD_FRONT_MATTER + "## Caf\xe9\n- We will do it\n", None, "not UTF-8"),
    ],
)
def test_a_broken_seed_file_is_reported_and_the_others_still_load(session, tmp_path, name, content, where, message):
    directory = copy_seeds(tmp_path)
    encoding = "latin-1" if name == "latin-1.md" else "utf-8"
    (directory / name).write_text(content, encoding=encoding)

    report = seed_library(session, directory)
    session.commit()

    assert sorted(report.loaded) == sorted(EXAMPLES)
    assert len(report.errors) == 1
    error = report.errors[0]
    if where:
        assert error.startswith(f"{name}, {where}: "), error
    else:
        assert re.match(rf"{re.escape(name)}(, line \d+)?: ", error), error
    assert message in error
    assert session.scalar(select(Charter).where(Charter.slug == "broken")) is None
    assert session.scalar(select(func.count(Charter.id))) == 4


def test_a_yaml_error_names_its_line(session, tmp_path):
    directory = tmp_path / "seeds"
    directory.mkdir()
    (directory / "bad-yaml.md").write_text(
        GOOD_FRONT_MATTER.replace("title: A broken charter", "title: [A broken charter"), encoding="utf-8"
    )
    report = seed_library(session, directory)
    session.commit()
    assert re.match(r"bad-yaml\.md, line [34]: ", report.errors[0]), report.errors[0]


def test_a_file_saved_with_a_byte_order_mark_loads(session, tmp_path):
    """Windows editors often save UTF-8 with a byte-order mark."""
    directory = tmp_path / "seeds"
    directory.mkdir()
    (directory / "bom.md").write_text(GOOD_FRONT_MATTER + "## A theme\n- We will do it\n", encoding="utf-8-sig")
    report = seed_library(session, directory)
    session.commit()
    assert report.errors == []
    assert report.loaded == ["broken"]


def test_a_broken_edit_leaves_the_stored_charter_as_it_was(session, seed_dir):
    before = statement_ids(session, "stockport")

    edit(seed_dir / "stockport.md", "status: published\n", "status: final\n")
    report = seed_library(session, seed_dir)
    session.commit()

    assert report.errors and report.errors[0].startswith("stockport.md: ")
    charter = session.scalar(select(Charter).where(Charter.slug == "stockport"))
    assert charter.status == "published"
    assert statement_ids(session, "stockport") == before


# --- The command line -----------------------------------------------------------


def test_the_seed_command_loads_then_reports_unchanged(runner, session):
    result = runner.invoke(args=["charters", "seed"])
    assert result.exit_code == 0, result.output
    assert "Loaded or updated: cheshire-east, south-gloucestershire, stockport, warwickshire" in result.output
    assert "Unchanged: none" in result.output
    assert session.scalar(select(func.count(Charter.id))) == 4

    again = runner.invoke(args=["charters", "seed"])
    assert again.exit_code == 0, again.output
    assert "Loaded or updated: none" in again.output
    assert "Unchanged: cheshire-east, south-gloucestershire, stockport, warwickshire" in again.output
    assert session.scalar(select(func.count(Charter.id))) == 4


def test_the_seed_command_fails_and_names_a_broken_file(runner, session, tmp_path):
    directory = copy_seeds(tmp_path)
    (directory / "broken.md").write_text("no front matter\n", encoding="utf-8")

    result = runner.invoke(args=["charters", "seed", "--directory", str(directory)])

    assert result.exit_code == 1
    assert "Not loaded: broken.md, line 1: " in result.stderr
    assert "Loaded or updated: cheshire-east, south-gloucestershire, stockport, warwickshire" in result.stdout
    assert session.scalar(select(func.count(Charter.id))) == 4


# --- Pages ----------------------------------------------------------------------


def library_rows(page: str) -> dict[str, str]:
    """The library list's items, by charter link."""
    rows = re.findall(r'<li class="app-charter-list__item">(.*?)</li>', page, re.S)
    found = {}
    for row in rows:
        link = re.search(r'href="/charters/([a-z0-9-]+)"', row)
        if link:
            found[link.group(1)] = row
    return found


def test_the_library_page_lists_the_four_with_their_status(client, seeded):
    page = page_text(client.get("/charters"))
    rows = library_rows(page)
    assert set(rows) == set(EXAMPLES)
    status_words = {"published": "Published wording", "illustrative": "Illustrative example"}
    for slug, (status, area, _themes, statements) in EXAMPLES.items():
        row = rows[slug]
        assert status_words[status] in row, slug
        other = status_words["illustrative" if status == "published" else "published"]
        assert other not in row, slug
        assert f">{area}<" in row
        assert f">{statements} statements<" in row, slug


def test_the_library_page_without_charters_says_how_to_add_one(client):
    page = page_text(client.get("/charters"))
    assert "There are no charters in the library yet" in page
    assert "app-charter-list" not in page


def test_a_published_charter_page_shows_themes_statements_and_source(session, client, seeded):
    page = page_text(client.get("/charters/stockport"))
    ids = statement_ids(session, "stockport")

    headings = re.findall(r'<h2 class="govuk-heading-m">(.*?)</h2>', page)
    assert headings == list(STOCKPORT)
    for statements in STOCKPORT.values():
        for text in statements:
            assert f'<li id="statement-{ids[text]}">{text}</li>' in page
    assert "Source:</strong> Stockport wording as adopted in Kent's 2023 charter workshop" in page
    assert "Published wording" in page
    assert "It is not the council's own wording" not in page
    assert "Parents and Carers Together Stockport (PACTS)" in page


@pytest.mark.parametrize("slug", ["cheshire-east", "south-gloucestershire"])
def test_an_illustrative_charter_page_carries_the_notice(session, client, seeded, slug):
    charter = session.scalar(select(Charter).where(Charter.slug == slug))
    page = page_text(client.get(f"/charters/{slug}"))

    assert "Illustrative example" in page
    assert "It is not the council's own wording" in page
    assert "import it to review the real text" in page
    assert f"<strong>Source:</strong> {charter.source}" in page
    assert re.findall(r'<h2 class="govuk-heading-m">(.*?)</h2>', page) == [t.title for t in charter.current_themes]
    assert page.count('<li id="statement-') == EXAMPLES[slug][3]


def test_an_unknown_charter_page_is_not_found(client, seeded):
    response = client.get("/charters/nowhere")
    assert response.status_code == 404
    assert "Check the address" in response.get_data(as_text=True)


# --- API ------------------------------------------------------------------------


def test_the_api_lists_the_charters(client, seeded):
    response = client.get("/api/charters")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    charters = response.json["charters"]
    assert [c["title"] for c in charters] == sorted(c["title"] for c in charters)
    by_slug = {c["slug"]: c for c in charters}
    assert set(by_slug) == set(EXAMPLES)
    for slug, (status, area, _themes, statements) in EXAMPLES.items():
        entry = by_slug[slug]
        assert entry["status"] == status
        assert entry["area"] == area
        assert entry["statement_count"] == statements
        assert entry["title"]
        assert entry["source"]


def test_the_api_gives_a_charter_with_theme_and_statement_ids(session, client, seeded):
    body = client.get("/api/charters/stockport").json
    charter = session.scalar(select(Charter).where(Charter.slug == "stockport"))

    assert body["slug"] == "stockport"
    assert body["status"] == "published"
    assert body["statement_count"] == 18
    assert body["source"] == charter.source
    assert body["introduction"] == charter.introduction
    assert [t["id"] for t in body["themes"]] == [t.id for t in charter.current_themes]
    assert {t["title"]: [s["text"] for s in t["statements"]] for t in body["themes"]} == STOCKPORT
    returned = [s["id"] for t in body["themes"] for s in t["statements"]]
    assert returned == [s.id for s in charter.current_statements]
    assert len(set(returned)) == 18
    assert all(isinstance(i, int) for i in returned)


def test_the_api_says_an_unknown_charter_is_not_found(client, seeded):
    response = client.get("/api/charters/nowhere")
    assert response.status_code == 404
    assert response.mimetype == "application/json"
    assert response.json["error"] == "not_found"
    assert "nowhere" in response.json["message"]


# --- User text is escaped -------------------------------------------------------


def test_charter_text_is_shown_as_text_not_markup(session, client):
    parsed = ParsedCharter(
        title="Our <b>bold</b> charter",
        area="<i>Area</i>",
        introduction='<img src=x onerror="alert(1)">',
        themes=[ParsedTheme("<em>Theme</em>", ["We will <script>alert('x')</script> listen"])],
    )
    store_charter(session, parsed, slug="imported-one", status="imported", source="<a href='x'>upload</a>")
    session.commit()

    library = client.get("/charters").get_data(as_text=True)
    assert "Our &lt;b&gt;bold&lt;/b&gt; charter" in library
    assert "<b>bold</b>" not in library

    page = client.get("/charters/imported-one").get_data(as_text=True)
    assert "<script>alert" not in page
    assert "We will &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; listen" in page
    assert "<img src=x" not in page
    assert "&lt;em&gt;Theme&lt;/em&gt;" in page
    assert "<a href='x'>" not in page

    body = client.get("/api/charters/imported-one").json
    assert body["themes"][0]["statements"][0]["text"] == "We will <script>alert('x')</script> listen"
