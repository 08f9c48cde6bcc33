"""How alike the wordings of statements and themes are, with scikit-learn's TF-IDF.

Each text becomes a vector of its character n-grams (3 to 5 letters, within
words), weighted by how rare each is among the texts compared, so that
"communicate" and "Communication" meet, and the words every statement shares
("We will", "children", "families") count for little. The likeness of two
texts is the cosine of their vectors: 1 for the same wording, near 0 for
nothing in common. Wordings that are near-identical rather than merely alike
are told apart with a higher bar (`same_wordings`), which the Word draft, the merge page and the
facilitator's console all use, so that the same words are counted the same way everywhere. Nothing is
downloaded: the weights come from the texts compared each time.

Below every area, so that the live console and the draft can both use it. A process that serves the room
never imports scikit-learn: it asks a worker (`same_wordings_in_worker`, workshop/jobs.py), whose fork
server has it loaded already.
"""

import functools
import re

from .jobs import Refusal, run_job
from .text import wording_key

# Two wordings of the same statement or comment this alike are near-identical: the same words, give or take
# a contraction, a comma or a "please" ("what we're doing and why" and "what we are doing, and why" are 0.7
# to 0.9 alike; "be open about what we do" and "be open and honest about what we are doing" 0.5).
NEAR_IDENTICAL = 0.65
# Said at the start of nearly every statement, so it tells nothing about what a statement says.
_WE_WILL = re.compile(r"^\s*we\s+(?:will|shall)\s+", re.IGNORECASE)


def likeness(texts: list[str], others: list[str]) -> list[list[float]]:
    """How alike each of `texts` is to each of `others`, from 0 to 1: one row per text."""
    if not texts or not others:
        return [[] for _text in texts]
    # Imported here, when first needed: scikit-learn takes a second or two to load, and only the
    # merge stage uses it, so the processes that serve the phones never pay for it.
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    vectoriser = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    vectors = vectoriser.fit_transform([_WE_WILL.sub("", text) for text in [*texts, *others]])
    return cosine_similarity(vectors[: len(texts)], vectors[len(texts) :]).tolist()


# When grouping the words in a worker took longer or needed more memory than it should.
TOO_MUCH_TO_GROUP = Refusal(
    "cannot_group_words", "Putting the same words together", "Load the page again in a minute.", 503
)


def _keyed(groups: list[list[str]]) -> list[list[list[int]]]:
    """Per group, the positions of its texts with the same wording key, in the order of their first."""
    keyed = []
    for texts in groups:
        same: dict[str, list[int]] = {}
        for position, text in enumerate(texts):
            same.setdefault(wording_key(text), []).append(position)
        keyed.append(list(same.values()))
    return keyed


def same_wordings(groups: list[list[str]]) -> list[list[list[int]]]:
    """The texts of each group that say the same thing in near enough the same words, together.

    For each group, lists of the positions of its texts: the same wording (charters/library.py's
    wording_key: case, spaces, quotes and a closing full stop aside) is one, and so is a wording at least
    NEAR_IDENTICAL alike to the first of a list ("what we're doing" and "what we are doing"). Each list is in
    the order its texts were given, and the lists are in the order of their first text. Texts in different
    groups are never together; one vectoriser weighs them all, so that many small groups cost one fit.
    """
    keyed = _keyed(groups)
    compared = [(number, lists) for number, lists in enumerate(keyed) if len(lists) > 1]
    if not compared:
        return keyed
    from sklearn.feature_extraction.text import TfidfVectorizer

    firsts = [_WE_WILL.sub("", groups[number][lists[0]]) for number, group in compared for lists in group]
    vectors = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True).fit_transform(firsts)
    start = 0
    for number, lists in compared:
        # The vectors are normalised: their products are the cosines.
        alike = (vectors[start : start + len(lists)] @ vectors[start : start + len(lists)].T).toarray()
        start += len(lists)
        joined: list[list[int]] = []
        leaders: list[int] = []
        for index, positions in enumerate(lists):
            leader = next((n for n, first in enumerate(leaders) if alike[first, index] >= NEAR_IDENTICAL), None)
            if leader is None:
                leaders.append(index)
                joined.append(list(positions))
            else:
                joined[leader].extend(positions)
        keyed[number] = [sorted(positions) for positions in joined]
    return keyed


def same_wordings_in_worker(groups: list[list[str]]) -> list[list[list[int]]]:
    """`same_wordings`, with its scikit-learn work in a worker process, off the event loop that answers the
    phones; done here only when no group has two different wordings to compare. The same texts are not
    compared twice: the consoles ask again whenever the room's counts move, and the words rarely have."""
    keyed = _keyed(groups)
    if all(len(lists) < 2 for lists in keyed):
        return keyed
    return [[list(positions) for positions in lists] for lists in _compared(tuple(map(tuple, groups)))]


@functools.lru_cache(maxsize=64)
def _compared(groups: tuple[tuple[str, ...], ...]) -> tuple[tuple[tuple[int, ...], ...], ...]:
    together = run_job(same_wordings, [list(texts) for texts in groups], refusal=TOO_MUCH_TO_GROUP)
    return tuple(tuple(tuple(positions) for positions in lists) for lists in together)
