"""A charter as parsed from a seed file, an upload or pasted text, before it is stored."""

from dataclasses import dataclass, field


@dataclass
class ParsedTheme:
    title: str
    statements: list[str] = field(default_factory=list)


@dataclass
class ParsedCharter:
    title: str
    area: str = ""
    introduction: str = ""
    themes: list[ParsedTheme] = field(default_factory=list)

    @property
    def statement_count(self) -> int:
        return sum(len(theme.statements) for theme in self.themes)
