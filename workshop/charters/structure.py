"""A charter as parsed from a seed file, an upload or pasted text, before it is stored."""

from dataclasses import dataclass, field

# The longest easy-read version of a statement: a sentence or two in plain words.
EASY_READ_LENGTH = 400


@dataclass
class ParsedTheme:
    title: str
    statements: list[str] = field(default_factory=list)
    # Each statement's easy-read version, by its place in `statements`; "" or missing when it has none.
    easy_read: list[str] = field(default_factory=list)

    def easy_read_for(self, index: int) -> str:
        return self.easy_read[index] if index < len(self.easy_read) else ""


@dataclass
class ParsedCharter:
    title: str
    area: str = ""
    introduction: str = ""
    themes: list[ParsedTheme] = field(default_factory=list)

    @property
    def statement_count(self) -> int:
        return sum(len(theme.statements) for theme in self.themes)
