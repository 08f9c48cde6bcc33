"""Every tag as CSV, for the council's report: participant numbers, never names."""

import csv
import io

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import labels
from ..models import Board, Charter, Participant, Statement, Tag, Theme, Workshop
from ..text import clean_text
from . import iso_time

HEADERS = ("participant", "group", "board", "charter", "theme", "statement", "tag", "time", "counted")
# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@")


def tags_csv(session: Session, workshop: Workshop) -> bytes:
    """One row per tag, board by board in statement order. UTF-8 with a byte order mark, for spreadsheets.

    `counted` is "no" for the tags of people the facilitator removed: the results leave them out.
    """
    rows = session.execute(
        select(
            Participant.number,
            Participant.group_name,
            Participant.removed,
            Board.position,
            Charter.title,
            Theme.title,
            Statement.text,
            Tag.value,
            Tag.updated_at,
        )
        .join(Participant, Participant.id == Tag.participant_id)
        .join(Board, Board.id == Tag.board_id)
        .join(Charter, Charter.id == Board.charter_id)
        .join(Statement, Statement.id == Tag.statement_id)
        .join(Theme, Theme.id == Statement.theme_id)
        .where(Board.workshop_id == workshop.id)
        .order_by(Board.position, Statement.position, Participant.number)
    )
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(HEADERS)
    for number, group, removed, position, charter, theme, statement, value, updated_at in rows:
        writer.writerow(
            [
                number,
                labels.GROUPS.get(group, ""),
                position + 1,
                _cell(charter),
                _cell(theme),
                _cell(statement),
                value,
                iso_time(updated_at),
                "no" if removed else "yes",
            ]
        )
    return output.getvalue().encode("utf-8-sig")


def _cell(text: str) -> str:
    """Cleaned text on one line, kept from being read as a formula."""
    text = clean_text(text, single_line=True)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
