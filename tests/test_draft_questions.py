"""Every "We will ..." statement also reads as a "Did we ...?" question."""

from pathlib import Path

import pytest

from workshop.charters.seeding import read_seed_file
from workshop.draft.questions import did_we

SEED_CHARTERS = sorted(
    path for path in (Path(__file__).parent.parent / "seed_charters").glob("*.md") if path.name != "README.md"
)


def seed_statements() -> list:
    return [
        pytest.param(statement, id=f"{path.stem}: {statement[:50]}")
        for path in SEED_CHARTERS
        for theme in read_seed_file(path).charter.themes
        for statement in theme.statements
    ]


@pytest.mark.parametrize(
    ("statement", "question"),
    [
        # The two from the issue.
        ("We will be transparent", "Were we transparent?"),
        ("We will do what we say we will do", "Did we do what we said we would do?"),
        # Kent's Accountability statements, in Stockport's wording (seed 004).
        (
            "We will do what we say we will do or explain clearly why we cannot",
            "Did we do what we said we would do or explain clearly why we could not?",
        ),
        (
            "We will learn from each other and share our learning widely",
            "Did we learn from each other and share our learning widely?",
        ),
        ("We will take responsibility for what we agree to do", "Did we take responsibility for what we agreed to do?"),
        (
            "We will let people know how we have acted upon what is heard",
            "Did we let people know how we had acted upon what was heard?",
        ),
        ("We will respond promptly and follow up on actions", "Did we respond promptly and follow up on actions?"),
        # Kent's other themes.
        ("We will focus on solutions with a 'can do' approach", "Did we focus on solutions with a 'can do' approach?"),
        (
            "We will be timely and allow sufficient time for what we need to do together",
            "Were we timely and did we allow sufficient time for what we needed to do together?",
        ),
        ("We will remember that we are all human beings", "Did we remember that we were all human beings?"),
        ("We will be flexible to the needs of those involved", "Were we flexible to the needs of those involved?"),
        (
            "We will agree together who are the right people to be involved and how it is best to work together",
            "Did we agree together who were the right people to be involved and how it was best to work together?",
        ),
        # Other common forms.
        (
            "We will be clear from the start about what can and cannot change",
            "Were we clear from the start about what could and could not change?",
        ),
        (
            'We will have a "can do" approach that focuses on understanding and finding solutions',
            'Did we have a "can do" approach that focuses on understanding and finding solutions?',
        ),
        (
            'We will ask "who have we missed?" and give them the opportunity to be heard',
            'Did we ask "who have we missed?" and give them the opportunity to be heard?',
        ),
        ("We will always be open and honest", "Were we always open and honest?"),
        ("We will always listen to understand.", "Did we always listen to understand?"),
        ("We will never make promises we cannot keep", "Were we careful never to make promises we could not keep?"),
        ("We will not use jargon", "Were we careful not to use jargon?"),
        ("We'll share what we know", "Did we share what we knew?"),
        ("We will: listen", "Did we listen?"),
        ("We are open and honest", "Were we open and honest?"),
        ("We listen to families", "Did we listen to families?"),
        (
            "We will maintain confidentiality as agreed and be clear about what can be shared",
            "Did we maintain confidentiality as agreed and were we clear about what could be shared?",
        ),
        (
            "We will keep children, young people and their families central to everything we do",
            "Did we keep children, young people and their families central to everything we did?",
        ),
        ("Families first.", "Did we keep to this: Families first?"),
        ("We don't have all the answers", "Did we keep to this: We don't have all the answers?"),
    ],
)
def test_common_forms_become_questions(statement, question):
    assert did_we(statement) == question


@pytest.mark.parametrize("statement", seed_statements())
def test_every_seed_statement_becomes_a_question(statement):
    question = did_we(statement)
    assert question.endswith("?")
    assert question.startswith(("Did we ", "Were we "))
    assert "keep to this" not in question, "every seed statement is in a form the rules handle"
