"""The language of a text, from the frequent words the conventions list for each language.

Short letters are the hard case for statistical detectors trained on the web (and the well-kept ones either
download models or carry tens of megabytes); a letter of a few lines still has a dozen function words, and the
conventions already name the languages a project reads. A text is assigned a language only when that language
has clearly more of its frequent words than any other; otherwise it stays undetermined.
"""

from __future__ import annotations

import re
from collections import Counter

from teitools.conventions import Conventions

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
MIN_HITS = 3
MARGIN = 1.3
PIECE = 600  # characters read at a time
DECISIVE, LEAD = 30, 1.5  # 30 hits, 1.5 times the next language's (past MARGIN): a lead a letter does not overturn


def detect_language(text: str, conv: Conventions) -> str | None:
    """The ISO 639-1 code of the conventions' language whose frequent words dominate ``text``, or None.

    The text is read a piece at a time, and no further once one language is far ahead (``DECISIVE``): a long
    letter's first pages decide as well as its whole text, and counting words is most of the cost."""
    table = conv.word_languages
    counts: Counter[str] = Counter()
    start = 0
    while start < len(text):
        end = text.find(" ", start + PIECE)
        end = len(text) if end < 0 else end
        for w, n in Counter(_frequent_words(text[start:end].lower(), table)).items():
            for lang in table[w]:
                counts[lang] += n
        start = end
        ranked = counts.most_common(2)
        if ranked and ranked[0][1] >= DECISIVE and (len(ranked) == 1 or ranked[0][1] >= ranked[1][1] * LEAD):
            break
    scores = sorted(((n, lang) for lang, n in counts.items()), reverse=True)
    if not scores or scores[0][0] < MIN_HITS:
        return None
    if len(scores) > 1 and scores[0][0] < scores[1][0] * MARGIN:
        return None
    return scores[0][1]


_PUNCTUATION = ".,;:!?()[]{}«»\"“”„‘’'‚‹›-—–…*/"


def _frequent_words(text: str, table: dict[str, tuple[str, ...]]) -> list[str]:
    """The words of ``text`` (``_WORD``'s) that are in ``table``. Most words are letters alone, maybe with
    punctuation around them: those are taken as they are, and only the rest are left to the regular expression,
    which costs three times as much for every character it reads."""
    out = []
    for tok in text.split():  # white space is never part of a word
        if not tok.isalpha():
            tok = tok.strip(_PUNCTUATION)  # none of it a letter, so no word begins or ends with it
            if not tok.isalpha():
                out += [w for w in _WORD.findall(tok) if w in table]
                continue
        if tok in table:
            out.append(tok)
    return out
