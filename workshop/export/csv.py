"""The room's results as CSV, for the council's report.

`results_csv`, the default: per statement, the totals and the totals by group,
small groups folded as everywhere else (live/breakdowns.py), and how many of
them came from paper. No row is a person's.

`priorities_csv`: the priorities board, card by card under each outcome, with
its supports and votes and whether it was chosen; `actions_csv`: the action
plan. Neither says who wrote a card or placed a vote.

`tags_csv`, only when the facilitator chooses it knowing what it holds: one
row per tag, with the participant's number, so that anyone who knows who sat
where could read one person's every choice. A group is written against a
number only when it is large enough to be shown on its own.
"""

import csv
import io
from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import labels
from ..live.actions import action_plan
from ..live.breakdowns import group_note, groups_shown_in_room, protected_counts, supported_figure
from ..live.participants import supported_count
from ..live.priorities import priorities_board
from ..live.results import board_counts
from ..models import GROUPS, TAG_VALUES, Board, Charter, Participant, Statement, Tag, Theme, Workshop
from ..text import clean_text
from . import iso_time

RESULTS_HEADERS = ("board", "charter", "theme", "statement", "group", *TAG_VALUES, "not_sure", "note")
EVERYONE = "Everyone"
PRIORITY_HEADERS = ("outcome", "column", "card", "supports", "votes", "chosen")
ACTION_HEADERS = ("action", "who", "by_when", "for")
HEADERS = ("participant", "group", "board", "charter", "theme", "statement", "tag", "time", "counted")
# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@")


def results_csv(session: Session, workshop: Workshop) -> bytes:
    """Per statement, board by board: everyone's counts, then each group's. UTF-8 with a byte order mark."""
    minimum = workshop.min_group_size
    boards = session.scalars(select(Board).where(Board.workshop_id == workshop.id).order_by(Board.position))
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(RESULTS_HEADERS)
    for board in boards:
        counts = protected_counts(board_counts(session, board.id), minimum)
        charter = board.charter
        for theme in charter.current_themes:
            for statement in theme.current_statements:
                place = [board.position + 1, _cell(charter.title), _cell(theme.title), _cell(statement.text)]
                entry = counts.get(statement.id)
                if entry is None:
                    writer.writerow([*place, EVERYONE, 0, 0, 0, 0, ""])
                    continue
                writer.writerow(
                    [*place, EVERYONE, *_tallies(entry["total"]), entry["skipped"], group_note(entry, minimum) or ""]
                )
                for group in GROUPS:
                    if group in entry["by_group"]:
                        writer.writerow([*place, labels.GROUPS[group], *_tallies(entry["by_group"][group]), "", ""])
                if entry["other_groups"]:
                    writer.writerow([*place, labels.OTHER_GROUPS, *_tallies(entry["other_groups"]), "", ""])
                if "paper" in entry:
                    # How many of the counts above came from paper; how they chose only where that singles nobody out.
                    paper = entry["paper"]
                    tallies = _tallies(paper["counts"]) if paper["counts"] else ["", "", ""]
                    writer.writerow([*place, labels.FROM_PAPER_ROW, *tallies, "", paper["text"]])
    # Last, how many took part with a supporter: a number for the room, never who or in which group.
    supported = supported_figure(supported_count(session, workshop.id), minimum)
    writer.writerow(["", "", "", "", EVERYONE, "", "", "", "", supported["text"]])
    return output.getvalue().encode("utf-8-sig")


def _tallies(counts: dict) -> list[int]:
    return [counts[value] for value in TAG_VALUES]


def priorities_csv(session: Session, workshop: Workshop) -> bytes:
    """Each outcome's cards, barriers first, in the order they were added. UTF-8 with a byte order mark."""
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(PRIORITY_HEADERS)
    for outcome in priorities_board(session, workshop)["outcomes"]:
        for column, label in labels.PRIORITY_COLUMNS.items():
            for card in outcome["cards"]:
                if card["column"] == column:
                    chosen = "yes" if card["chosen"] else "no"
                    writer.writerow(
                        [_cell(outcome["title"]), label, _cell(card["text"]), card["supports"], card["votes"], chosen]
                    )
    return output.getvalue().encode("utf-8-sig")


def actions_csv(session: Session, workshop: Workshop) -> bytes:
    """The action plan in its order: what, who, by when, and the priority or statement it is for."""
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(ACTION_HEADERS)
    for action in action_plan(session, workshop):
        linked = action["linked"]
        for_what = f"{linked['kind'].capitalize()}: {linked['text']}" if linked else ""
        writer.writerow([_cell(action["what"]), _cell(action["who"]), _cell(action["due"]), _cell(for_what)])
    return output.getvalue().encode("utf-8-sig")


def tags_csv(session: Session, workshop: Workshop) -> bytes:
    """One row per tag, board by board in statement order. UTF-8 with a byte order mark, for spreadsheets.

    `counted` is "no" for the tags of people the facilitator removed: the results leave them out.
    """
    people = Counter(session.scalars(select(Participant.group_name).where(Participant.workshop_id == workshop.id)))
    written = groups_shown_in_room(people, workshop.min_group_size)
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
                labels.GROUPS[group] if group in written else "",
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
