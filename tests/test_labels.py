"""Labels and default texts live in workshop/labels.py, and reach the scripts as one JSON block per page."""

import json
import re

from workshop import labels
from workshop.live.workshops import create_workshop
from workshop.models import (
    CHARTER_STATUSES,
    DOCUMENT_PARTS,
    GROUPS,
    NOTE_COLUMNS,
    SKIP,
    STAGES,
    TAG_CHOICES,
    TAG_VALUES,
)

LABELS_BLOCK = re.compile(r'<script type="application/json" id="app-labels">(.*?)</script>', re.S)


def test_every_stored_value_has_its_label():
    assert tuple(labels.TAGS) == TAG_VALUES
    assert tuple(labels.CHOICES) == tuple(labels.CHOICE_HINTS) == TAG_CHOICES
    assert tuple(labels.NOTE_COLUMNS) == NOTE_COLUMNS
    assert tuple(labels.GROUPS) == GROUPS
    assert tuple(labels.STAGES) == STAGES
    assert tuple(labels.CHARTER_STATUSES) == CHARTER_STATUSES
    assert tuple(labels.DOCUMENT_PARTS) == DOCUMENT_PARTS
    assert labels.CHOICES[SKIP] == "Not sure"


def test_counted_phrases_say_none_one_and_many():
    assert [labels.counted(labels.SUPPORT, n) for n in (0, 1, 3)] == [
        "No support yet",
        "Supported by 1 person",
        "Supported by 3 people",
    ]
    assert [labels.counted(labels.PEOPLE, n) for n in (0, 1, 12)] == ["0 people", "1 person", "12 people"]


def labels_on(page: str) -> dict:
    blocks = LABELS_BLOCK.findall(page)
    assert len(blocks) == 1
    return json.loads(blocks[0])


# As the scripts read them: JSON, where a pair of words is a list.
FOR_SCRIPTS = json.loads(json.dumps(labels.FOR_SCRIPTS))


def test_pages_carry_the_labels_for_scripts_once(client):
    assert labels_on(client.get("/").get_data(as_text=True)) == FOR_SCRIPTS
    # Escaped for a <script> element: the apostrophe of "What's missing" is not there as itself.
    block = LABELS_BLOCK.search(client.get("/charters").get_data(as_text=True))[1]
    assert "What\\u0027s missing" in block and "<" not in block


def test_the_projector_page_of_its_own_carries_them_too(client, session, seeded, facilitator):
    workshop = create_workshop(session, facilitator, title="Kent refresh", charter_slugs=["stockport"])
    session.commit()
    page = client.get(f"/projector/{workshop.code}/{workshop.projector_key}").get_data(as_text=True)
    assert labels_on(page) == FOR_SCRIPTS
    assert "Nobody has joined yet" in page
