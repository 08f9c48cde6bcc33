"""How alike the wordings of statements and themes are, with scikit-learn's TF-IDF.

Each text becomes a vector of its character n-grams (3 to 5 letters, within
words), weighted by how rare each is among the texts compared, so that
"communicate" and "Communication" meet, and the words every statement shares
("We will", "children", "families") count for little. The likeness of two
texts is the cosine of their vectors: 1 for the same wording, near 0 for
nothing in common. Wordings that are near-identical rather than merely alike
are told apart with a higher bar (`same_wordings`). Nothing is downloaded: the weights come from the texts
compared each time.
"""

import re

from ..charters.library import wording_key

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


def same_wordings(groups: list[list[str]]) -> list[list[list[int]]]:
    """The texts of each group that say the same thing in near enough the same words, together.

    For each group, lists of the positions of its texts: the same wording (charters/library.py's
    wording_key: case, spaces, quotes and a closing full stop aside) is one, and so is a wording at least
    NEAR_IDENTICAL alike to the first of a list ("what we're doing" and "what we are doing"). Each list is in
    the order its texts were given, and the lists are in the order of their first text. Texts in different
    groups are never together; one vectoriser weighs them all, so that many small groups cost one fit.
    """
    keyed = []  # per group: wording key -> positions
    for texts in groups:
        same: dict[str, list[int]] = {}
        for position, text in enumerate(texts):
            same.setdefault(wording_key(text), []).append(position)
        keyed.append(list(same.values()))
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
