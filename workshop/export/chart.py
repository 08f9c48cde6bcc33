"""The room's results as a picture for the Word draft: a PNG drawn with matplotlib.

For each charter, every statement's Borrow, Adapt and Ignore as one bar of
shares (of the people who tagged it), stacked left to right in that order.
The segments differ in lightness as well as colour, a key names them, and the
numbers are written beside each bar with the choice's initial, so nothing is
said by colour alone. The picture is sized to fill at most one page; more
statements make its bars and text smaller. With more statements than can be
named legibly on a page (NAMED_MOST), each is shown by its number in its
charter instead of its words, and the numbers beside the bars are left to the
tables: text too small to read would only cost time (every letter is drawn on
its own, a second or more for hundreds of statements).

matplotlib is imported when a picture is first drawn: it takes a moment to
load, and only the Word export uses it. The process that jobs are forked from
(workshop/jobs.py) draws one first, with `warm_up`, so that no job waits for
matplotlib and its fonts to load.
"""

from io import BytesIO

from .. import labels

# The picture's width (the page's text) and the most height it may take, in centimetres: what the first page
# of the appendix leaves below its introduction.
WIDTH_CM, MOST_HEIGHT_CM = 16.0, 15.5
# Dots per inch of the PNG: sharp in print, small enough to keep the document light.
DPI = 150
LABEL_CHARACTERS = 46
# The most statements named in words: their text is then at least 5.5 points.
NAMED_MOST = 64
# Colours that differ in lightness too (borrow dark, adapt mid, ignore light), so that they differ in
# greyscale. Patterns would say it once more, but drawing them takes seconds for a large workshop.
SEGMENTS = (("borrow", "#1d4f91"), ("adapt", "#f2a900"), ("ignore", "#d9d9d9"))
INK = "#1a1a1a"


def warm_up() -> None:
    results_chart([("A charter", [("We will listen", {"borrow": 1, "adapt": 1, "ignore": 1})])])


def results_chart(charters: list[tuple[str, list[tuple[str, dict]]]]) -> bytes:
    """The PNG of the results: `charters` are (name, [(statement, {"borrow": n, "adapt": n, "ignore": n})])."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.collections import PolyCollection
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    rows = sum(len(statements) for _name, statements in charters)
    named = rows <= NAMED_MOST
    # Heights in centimetres: the key at the top, each charter's name, then a row per statement.
    key_cm = 0.8
    name_cm = 0.7 if named else 0.5
    row_cm = min(0.55, (MOST_HEIGHT_CM - key_cm - name_cm * len(charters)) / max(rows, 1))
    height_cm = key_cm + name_cm * len(charters) + row_cm * rows
    # Named, the text is as large as the rows allow; numbered, it is 6 points, on every row or every few.
    font = max(5.5, min(8.0, row_cm / 2.54 * 72 * 0.75)) if named else 6.0
    every = 1 if named else next(n for n in (1, 2, 5, 10, 20, 50) if n * row_cm >= 0.3)
    label_width = 0.42 if named else 0.06
    numbers_width = 0.13 if named else 0.02
    figure = Figure(figsize=(WIDTH_CM / 2.54, height_cm / 2.54), dpi=DPI)
    bars_width = 1 - label_width - numbers_width
    axes = figure.add_axes((label_width, 0.0, bars_width, 1 - key_cm / height_cm))
    axes.set_xlim(0, 100)
    axes.set_ylim(height_cm - key_cm, 0)
    axes.axis("off")

    # Each choice's rectangles in one collection, drawn at once.
    segments: dict[str, list] = {value: [] for value, _colour in SEGMENTS}
    y = 0.0
    for name, statements in charters:
        y += name_cm
        axes.text(
            -label_width / bars_width * 100,
            y - 0.08,
            name,
            fontsize=font * 1.15,
            fontweight="bold",
            color=INK,
            va="bottom",
            ha="left",
        )
        for number, (text, counts) in enumerate(statements, start=1):
            tagged = sum(counts.get(value, 0) for value in segments)
            # A white gap between rows while they are wide enough to have one.
            gap = row_cm * 0.14 if named else 0
            left, top, bottom = 0.0, y + gap, y + row_cm - gap
            for value, rectangles in segments.items():
                share = counts.get(value, 0) * 100 / tagged if tagged else 0
                if share:
                    rectangles.append(((left, top), (left + share, top), (left + share, bottom), (left, bottom)))
                left += share
            middle = y + row_cm / 2
            if named or number % every == 0 or number == 1:
                label = _label(text) if named else str(number)
                axes.text(-1.5, middle, label, fontsize=font, color=INK, va="center", ha="right")
            if named:
                beside = _numbers(counts) if tagged else "Not tagged"
                axes.text(101.5, middle, beside, fontsize=font, color=INK, va="center")
            y += row_cm
    for value, colour in SEGMENTS:
        lines = {"edgecolors": "#ffffff", "linewidths": 0.4} if named else {"linewidths": 0}
        axes.add_collection(PolyCollection(segments[value], facecolors=colour, **lines))
    key = [Patch(facecolor=colour, label=labels.TAGS[value]) for value, colour in SEGMENTS]
    figure.legend(
        handles=key,
        loc="upper center",
        ncols=3,
        fontsize=font * 1.1,
        frameon=False,
        bbox_to_anchor=(label_width + bars_width / 2, 1.0),
        handlelength=2.2,
    )
    buffer = BytesIO()
    # FreeType's hinting of each glyph is most of the time a large workshop's picture takes; unhinted text is
    # as sharp at this resolution.
    with matplotlib.rc_context({"text.hinting": "no_hinting"}):
        figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def chart_description(charters: list[tuple[str, list[tuple[str, dict]]]]) -> str:
    """The picture's alternative text: what it shows, and what it says for each charter."""
    said = []
    for name, statements in charters:
        mostly = {value: 0 for value in labels.TAGS}
        for _text, counts in statements:
            if sum(counts.values()):
                mostly[max(labels.TAGS, key=lambda value: counts.get(value, 0))] += 1
        parts = [f"{labels.TAGS[value].lower()} {number}" for value, number in mostly.items() if number]
        said.append(f"{name}: {len(statements)} statements; most often chosen: {', '.join(parts) or 'none tagged'}.")
    if sum(len(statements) for _name, statements in charters) <= NAMED_MOST:
        how = "with the numbers written beside each bar."
    else:
        how = "each statement shown by its number in its charter."
    return (
        "Bar chart of how the room tagged each statement of each charter: one bar per statement, split into "
        f"the shares of people who chose Borrow, Adapt and Ignore, in that order, {how} " + " ".join(said)
    )


def _label(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= LABEL_CHARACTERS:
        return text
    return text[: LABEL_CHARACTERS - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "\u2026"


def _numbers(counts: dict) -> str:
    return "  ".join(f"{labels.TAGS[value][0]} {counts.get(value, 0)}" for value, _colour in SEGMENTS)
