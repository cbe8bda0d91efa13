"""BM25, the classic term-based retriever, in a few lines a reader can follow.

BM25 (Robertson & Zaragoza, 2009) scores a document for a query by the query words it
contains: a word counts more when it is rare in the collection (inverse document frequency)
and when it occurs often in the document, with diminishing returns (``k1``) and a correction
for long documents (``b``). Our documents are catalogue lines of a few words, so a package
(``rank-bm25``, ``bm25s``) would add a dependency for no gain; this is the same formula.
"""

from __future__ import annotations

import math
from collections import Counter


class BM25:
    """An index over ``documents`` (strings of space-separated words)."""

    def __init__(self, documents: list[str], *, k1: float = 1.5, b: float = 0.75):
        if not documents:
            raise ValueError("BM25 needs at least one document to index")
        self.documents = list(documents)
        self.k1, self.b = k1, b
        self.words = [Counter(doc.split()) for doc in self.documents]
        self.lengths = [sum(words.values()) for words in self.words]
        self.mean_length = sum(self.lengths) / len(self.lengths)
        containing = Counter(word for words in self.words for word in words)  # documents per word
        n = len(self.documents)
        self.idf = {word: math.log(1 + (n - df + 0.5) / (df + 0.5)) for word, df in containing.items()}

    def score(self, query: str, index: int) -> float:
        words, length = self.words[index], self.lengths[index]
        total = 0.0
        for word in query.split():
            tf = words.get(word, 0)
            if tf:
                norm = self.k1 * (1 - self.b + self.b * length / self.mean_length)
                total += self.idf[word] * tf * (self.k1 + 1) / (tf + norm)
        return total

    def top(self, query: str, k: int = 1) -> list[str]:
        """The ``k`` best documents for ``query``, best first (ties keep collection order)."""
        order = sorted(range(len(self.documents)), key=lambda i: -self.score(query, i))
        return [self.documents[i] for i in order[:k]]
