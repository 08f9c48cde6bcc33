"""Cleaning text that people type or upload before it is stored or exported."""

import re
import unicodedata

# C0 and C1 control characters other than tab and newline, and lone surrogates:
# python-docx refuses them, and they have no place in a charter.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_SPACES = re.compile(r"[ \t\u00a0]+")
# Invisible characters that change how text reads without being seen: the
# bidirectional embeddings, overrides, isolates and marks (an override can make
# "ban" display as "nab"), and the zero-width spaces, non-joiner, word joiner
# and invisible operators (a word that looks like another but is not). Text in
# right-to-left scripts still shows in its own direction without them.
_INVISIBLE = re.compile(r"[\u061c\u180e\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_JOINER = "\u200d"
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-"})


def clean_text(value: str, max_length: int | None = None, single_line: bool = False) -> str:
    """Normalise, strip control and invisible characters and surplus spaces, and cap the length."""
    value = unicodedata.normalize("NFC", value or "")
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _CONTROL.sub("", value)
    value = _INVISIBLE.sub("", value)
    if _JOINER in value:
        value = _emoji_joiners_only(value)
    if single_line:
        value = " ".join(value.split())
    else:
        value = "\n".join(_SPACES.sub(" ", line).strip() for line in value.split("\n")).strip()
    if max_length is not None:
        value = value[:max_length].rstrip()
    return value


def _emoji_joiners_only(value: str) -> str:
    """The zero-width joiner kept only where it joins two symbols into one emoji (a family, a rainbow flag)."""
    kept = []
    for index, char in enumerate(value):
        if char == _JOINER and not (
            0 < index < len(value) - 1 and _is_symbol(value[index - 1]) and _is_symbol(value[index + 1])
        ):
            continue
        kept.append(char)
    return "".join(kept)


def _is_symbol(char: str) -> bool:
    # An emoji, a skin tone (a modifier symbol) or the variation selector that asks for emoji style.
    return unicodedata.category(char) in ("So", "Sk") or char == "\ufe0f"


def wording_key(text: str) -> str:
    """What two wordings must share to count as the same statement (or the same words given twice)."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    text = re.sub(r"\s+", " ", text).strip()
    return text.rstrip(" .;:,")


def has_hidden_characters(value: str) -> bool:
    """Whether the text holds control characters (other than tab and line breaks) or invisible ones that change
    how it reads: what clean_text would take out unseen."""
    value = value.replace("\r", "")
    return bool(_CONTROL.search(value) or _INVISIBLE.search(value))
