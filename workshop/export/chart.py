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
load, and only the Word export uses it.
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


def results_chart(charters: list[tuple[str, list[tuple[str, dict]]]]) -> bytes:
    """The PNG of the results: `charters` are (name, [(statement, {"borrow": n, "adapt": n, "ignore": n})])."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.collections import PolyCollection
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    rows = sum(len(statements) for _name, statements in charters)
    named = rows <= NAMED_MOST
    # A row per statement, a row and a quarter for each charter's name, one and a half for the key at the top.
    units = rows + 1.25 * len(charters) + 1.5
    unit_cm = min(0.55, MOST_HEIGHT_CM / units)
    height_cm = units * unit_cm
    font = max(4.0, min(8.0, unit_cm / 2.54 * 72 * 0.75))
    figure = Figure(figsize=(WIDTH_CM / 2.54, height_cm / 2.54), dpi=DPI)
    label_width, numbers_width = 0.42, 0.13
    axes = figure.add_axes((label_width, 0.0, 1 - label_width - numbers_width, 1 - 1.5 * unit_cm / height_cm))
    axes.set_xlim(0, 100)
    axes.set_ylim(units - 1.5, 0)
    axes.axis("off")

    # Each segment's rectangles in one collection, drawn at once; the texts of a charter in a column each.
    segments: dict[str, list] = {value: [] for value, _colour in SEGMENTS}
    y = 0.0
    for name, statements in charters:
        y += 0.85
        axes.text(
            -label_width / (1 - label_width - numbers_width) * 100,
            y,
            name,
            fontsize=font * 1.15,
            fontweight="bold",
            color=INK,
            va="bottom",
            ha="left",
        )
        y += 0.4
        for number, (text, counts) in enumerate(statements, start=1):
            tagged = sum(counts.get(value, 0) for value in segments)
            left, top, bottom = 0.0, y + 0.14, y + 0.86
            for value, rectangles in segments.items():
                share = counts.get(value, 0) * 100 / tagged if tagged else 0
                if share:
                    rectangles.append(((left, top), (left + share, top), (left + share, bottom), (left, bottom)))
                left += share
            label = _label(text) if named else str(number)
            axes.text(-1.5, y + 0.5, label, fontsize=font, color=INK, va="center", ha="right")
            if named or not tagged:
                beside = _numbers(counts) if tagged else "Not tagged"
                axes.text(101.5, y + 0.5, beside, fontsize=font, color=INK, va="center")
            y += 1.0
    for value, colour in SEGMENTS:
        axes.add_collection(PolyCollection(segments[value], facecolors=colour, edgecolors="#ffffff", linewidths=0.4))
    key = [Patch(facecolor=colour, label=labels.TAGS[value]) for value, colour in SEGMENTS]
    figure.legend(
        handles=key,
        loc="upper center",
        ncols=3,
        fontsize=font * 1.1,
        frameon=False,
        bbox_to_anchor=(0.5 + label_width / 2 - numbers_width / 2, 1.0),
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
