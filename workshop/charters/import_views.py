"""Importing a council's own charter: upload or paste, check the preview, save.

The preview form carries the whole charter in its fields, so nothing is kept
on the server, and nothing reaches the database, until the facilitator saves.
Every correction is a submit button: the page works without JavaScript.
"""

import re

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..answers import refusal_message
from ..errors import DomainError
from ..extensions import db
from ..jobs import installation_limits
from ..text import clean_text
from . import bp
from .importing import (
    AREA_LENGTH,
    INTRODUCTION_LENGTH,
    PASTED_TEXT,
    TITLE_LENGTH,
    add_theme,
    delete_statement,
    merge_with_previous,
    move_statement,
    read_pasted_text,
    read_upload,
    save_problems,
    split_at_line_breaks,
    store_imported,
)
from .structure import ParsedCharter, ParsedTheme

_THEME_FIELD = re.compile(r"^theme-(\d+)-title$")
_STATEMENT_FIELD = re.compile(r"^theme-(\d+)-statement-(\d+)$")
_STATEMENT_CORRECTIONS = ("merge", "split", "move", "delete")


@bp.get("/charters/import")
@login_required
def import_start():
    return _start_page({}, {})


@bp.post("/charters/import")
@login_required
def import_upload():
    title, area = request.form.get("title", ""), request.form.get("area", "")
    text = request.form.get("text", "")
    upload = request.files.get("file")
    has_file = bool(upload and upload.filename)
    errors = {}
    if has_file and text.strip():
        errors["file"] = "Choose a file or paste text, not both. Clear the text box to use the file."
    elif not has_file and not text.strip():
        errors["file"] = "Choose a Word document or PDF, or paste the text of your charter"
    else:
        try:
            if has_file:
                charter = read_upload(upload.read(), title=title, area=area)
                # Only the name, even where an old browser sends the whole path.
                name = upload.filename.replace("\\", "/").rsplit("/", 1)[-1]
                source_name = clean_text(name, 200, single_line=True)
            else:
                charter = read_pasted_text(text, title=title, area=area)
                source_name = PASTED_TEXT
        except DomainError as refused:
            errors["file" if has_file else "text"] = refusal_message(refused)
    if errors:
        return _start_page(request.form, errors), 400
    return _preview(charter, source_name)


@bp.post("/charters/import/preview")
@login_required
def import_preview():
    form = request.form
    charter = _charter_from_form(form)
    source_name = clean_text(form.get("source_name", ""), 200, single_line=True) or PASTED_TEXT
    action, _, where = form.get("action", "update").partition(":")
    errors = {}
    if action in _STATEMENT_CORRECTIONS:
        errors = _correct_statement(charter, action, where, form)
    elif action == "add_theme":
        title = clean_text(form.get("new-theme-title", ""), TITLE_LENGTH, single_line=True)
        if title:
            add_theme(charter, title)
        else:
            errors["new-theme-title"] = "Enter a title for the new theme"
    elif action == "save":
        _drop_empty_statements(charter)
        errors = save_problems(charter)
        if not errors:
            return _save(charter, source_name)
    elif action != "update":
        abort(400)
    _drop_empty_statements(charter)
    return _preview(charter, source_name, errors)


def _start_page(form, errors: dict):
    return render_template(
        "charters/import_start.html", form=form, errors=errors, reading_seconds=installation_limits().seconds
    )


def _preview(charter: ParsedCharter, source_name: str, errors: dict | None = None):
    page = render_template(
        "charters/import_preview.html", charter=charter, source_name=source_name, errors=errors or {}
    )
    return page, 400 if errors else 200


def _charter_from_form(form) -> ParsedCharter:
    """The charter as the preview form holds it, statements in their form order."""
    charter = ParsedCharter(
        title=clean_text(form.get("title", ""), TITLE_LENGTH, single_line=True),
        area=clean_text(form.get("area", ""), AREA_LENGTH, single_line=True),
        introduction=clean_text(form.get("introduction", ""), INTRODUCTION_LENGTH),
    )
    themes: dict[int, ParsedTheme] = {}
    statements: dict[int, list[tuple[int, str]]] = {}
    for name, value in form.items():
        if match := _THEME_FIELD.match(name):
            themes[int(match[1])] = ParsedTheme(clean_text(value, TITLE_LENGTH, single_line=True))
        elif match := _STATEMENT_FIELD.match(name):
            # Line breaks stay until saving: they mark where to split.
            statements.setdefault(int(match[1]), []).append((int(match[2]), clean_text(value)))
    for index in sorted(themes):
        themes[index].statements = [text for _position, text in sorted(statements.get(index, []))]
        charter.themes.append(themes[index])
    return charter


def _correct_statement(charter: ParsedCharter, action: str, where: str, form) -> dict:
    try:
        theme_index, statement_index = (int(number) for number in where.split(":"))
        statement = charter.themes[theme_index].statements[statement_index]
        if action == "merge":
            merge_with_previous(charter, theme_index, statement_index)
        elif action == "split":
            if "\n" not in statement:
                return {
                    f"theme-{theme_index}-statement-{statement_index}": (
                        f"To split statement {statement_index + 1}, put each part on its own line first, "
                        "then choose Split at line breaks"
                    )
                }
            split_at_line_breaks(charter, theme_index, statement_index)
        elif action == "move":
            to_theme = int(form.get(f"move-{theme_index}-{statement_index}", theme_index))
            move_statement(charter, theme_index, statement_index, to_theme)
        else:
            delete_statement(charter, theme_index, statement_index)
    except (ValueError, IndexError):
        # Only a tampered form names a statement or theme that is not there.
        abort(400)
    return {}


def _drop_empty_statements(charter: ParsedCharter) -> None:
    for theme in charter.themes:
        theme.statements = [statement for statement in theme.statements if statement]


def _save(charter: ParsedCharter, source_name: str):
    stored = store_imported(db.session, charter, source_name, current_user.id)
    db.session.commit()
    flash(
        f"{charter.title} is saved to the library, with {_count(charter.statement_count, 'statement')} "
        f"in {_count(len(charter.themes), 'theme')}.",
        "success",
    )
    return redirect(url_for("charters.charter", slug=stored.slug))


def _count(number: int, word: str) -> str:
    return f"{number} {word}" if number == 1 else f"{number} {word}s"
