"""Cleaning text that people type or upload before it is stored or exported."""

import re
import unicodedata

# C0 and C1 control characters other than tab and newline, and lone surrogates:
# python-docx refuses them, and they have no place in a charter.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_SPACES = re.compile(r"[ \t\u00a0]+")


def clean_text(value: str, max_length: int | None = None, single_line: bool = False) -> str:
    """Normalise, strip control characters and surplus spaces, and cap the length."""
    value = unicodedata.normalize("NFC", value or "")
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _CONTROL.sub("", value)
    if single_line:
        value = " ".join(value.split())
    else:
        value = "\n".join(_SPACES.sub(" ", line).strip() for line in value.split("\n")).strip()
    if max_length is not None:
        value = value[:max_length].rstrip()
    return value


def has_control_characters(value: str) -> bool:
    return bool(_CONTROL.search(value))
