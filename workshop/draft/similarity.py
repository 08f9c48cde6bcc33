"""How alike the wordings of statements and themes are, with scikit-learn's TF-IDF.

Each text becomes a vector of its character n-grams (3 to 5 letters, within
words), weighted by how rare each is among the texts compared, so that
"communicate" and "Communication" meet, and the words every statement shares
("We will", "children", "families") count for little. The likeness of two
texts is the cosine of their vectors: 1 for the same wording, near 0 for
nothing in common. Nothing is downloaded: the weights come from the texts
compared each time.
"""

import re

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
