"""Which of the draft's themes a statement fits, and why, in words the facilitator can check.

In this order:

1. A statement whose charter has a theme of the same title goes under it:
   "from Stockport's Communication" (Stockport's statements are filed under
   Kent's five themes, so in a Kent draft they all go home).
2. Otherwise the likeness of its wording (similarity.py) to what is
   known of each theme decides: the statements under a theme of that title in
   any charter of the library (Kent's themes in Stockport's charter,
   Warwickshire's cornerstones in its own), the statements already under the
   theme in the draft, and the theme's title, as the source theme's title and
   as the statement's words. The reason names what it is most like:
   "from Warwickshire's Communicate, like Communication", "like Stockport's
   “We will be transparent”" or "its words are like Accountability".
3. Nothing alike at all: the first theme, saying so.
"""

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Charter, Draft, Statement, Theme
from ..similarity import likeness

# A source theme's title at least this like a draft theme's is taken as the same theme ("Communicate",
# "Communication"); below it, only the statements' words count.
SAME_THEME_TITLE = 0.5
# Below this, nothing in the draft is like the statement.
SOMETHING_ALIKE = 0.05


def suggest_themes(session: Session, draft: Draft, items: list[dict]) -> list[dict | None]:
    """For each item, the draft theme it fits: {"theme_id", "theme", "reason"}; None when there are no themes.

    An item is {"text", and when it comes from a charter: "theme", "source" (the charter's name in
    short), "statement_id"}.
    """
    themes = list(draft.themes)
    if not themes:
        return [None for _item in items]
    titles = [theme.title for theme in themes]
    by_title = {theme.title.casefold(): theme for theme in themes}
    examples = _examples(session, draft, by_title)
    texts = [item["text"] for item in items]
    like_examples = likeness(texts, [text for _theme, text, _where, _id in examples])
    like_titles = likeness(texts, titles)
    source_titles = sorted({item["theme"] for item in items if item.get("theme")})
    like_source_titles = dict(zip(source_titles, likeness(source_titles, titles), strict=True))

    suggested = []
    for index, item in enumerate(items):
        source_theme = item.get("theme")
        same = by_title.get(source_theme.casefold()) if source_theme else None
        if same is not None:
            suggested.append(_suggestion(same, f"from {item['source']}'s {source_theme}"))
            continue
        # (likeness, order among the signals, theme, reason): the likest wins; of two as like, the first.
        signals = []
        for theme, score in zip(themes, like_source_titles.get(source_theme, []), strict=False):
            if score >= SAME_THEME_TITLE:
                signals.append((score, theme, f"from {item['source']}'s {source_theme}, like {theme.title}"))
        for (theme, text, where, statement_id), score in zip(examples, like_examples[index], strict=True):
            if statement_id is None or statement_id != item.get("statement_id"):
                signals.append((score, theme, f"like {where} “{text}”"))
        for theme, score in zip(themes, like_titles[index], strict=True):
            signals.append((score, theme, f"its words are like {theme.title}"))
        score, theme, reason = max(signals, key=lambda signal: signal[0])
        if score < SOMETHING_ALIKE:
            theme, reason = themes[0], "nothing in the draft is like it yet"
        suggested.append(_suggestion(theme, reason))
    return suggested


def _suggestion(theme, reason: str) -> dict:
    return {"theme_id": theme.id, "theme": theme.title, "reason": reason}


def _examples(session: Session, draft: Draft, by_title: dict) -> list[tuple]:
    """What is known of each draft theme: (theme, text, where it is, the charter statement's id or None)."""
    examples = []
    rows = session.execute(
        select(Statement.id, Statement.text, Theme.title, Charter.area, Charter.title)
        .join(Theme, Theme.id == Statement.theme_id)
        .join(Charter, Charter.id == Statement.charter_id)
        .where(Statement.retired.is_(False), Theme.retired.is_(False))
        .order_by(Charter.title, Statement.position)
    )
    for statement_id, text, theme_title, area, charter_title in rows:
        theme = by_title.get(theme_title.casefold())
        if theme is not None:
            examples.append((theme, text, f"{area or charter_title}'s", statement_id))
    for theme in draft.themes:
        for statement in theme.statements:
            examples.append((theme, statement.text, "the draft's", statement.source_statement_id))
    return examples
