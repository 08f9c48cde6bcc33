"""Cleaning what people type: nothing invisible may change how a text reads on the big screen."""

import pytest

from workshop.text import clean_text


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        # A right-to-left override would show "wollob" on screen as "bollow".
        ("Borrow \u202ewollob\u202c this", "Borrow wollob this"),
        ("\u2067isolated\u2069 \u200fmarked\u200e", "isolated marked"),
        ("zero\u200bwidth\u2060 join\ufeffed", "zerowidth joined"),
        ("non\u200cjoiner and\u200d joiner", "nonjoiner and joiner"),
        # A joiner that makes one emoji of several stays: a family, a rainbow flag.
        ("\U0001f468\u200d\U0001f469\u200d\U0001f467 \U0001f3f3\ufe0f\u200d\U0001f308", None),
        # Right-to-left scripts read in their own direction without any of them.
        ("\u0645\u0631\u062d\u0628\u0627 hello", None),
        ("tab\tand\x07 bell\x00", "tab and bell"),
    ],
)
def test_invisible_and_control_characters_are_taken_out(typed, kept):
    assert clean_text(typed) == (typed if kept is None else kept)
