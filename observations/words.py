"""The one way the portal counts words (P 37, P 38): on screen (static/js/wordcount.js mirrors this
function character for character), on save and in the rendered document.

The rule (docs/outcomes.md):
- the text is cut at spaces (the separators below, the same set in JavaScript);
- each Chinese or Japanese character (Han ideographs, kana) counts as one word, since those scripts
  write no spaces between words;
- every other piece counts as one word when it holds at least one letter or digit, so "well-known",
  "e.g." and "2027" are one word each and a lone dash or bullet is none.
Arabic, Cyrillic and Latin text count their space-separated words; Arabic vowel marks never split a word.
"""

import re

# the separators: the same list as SEPARATORS in static/js/wordcount.js
SEPARATORS = "[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+"
# a character that is a word by itself: the same ranges as CJK in static/js/wordcount.js
CJK = "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]"

_separators = re.compile(SEPARATORS)
_cjk = re.compile(CJK)


def _has_letter_or_digit(piece: str) -> bool:
    return any(ch.isalpha() or ch.isnumeric() for ch in piece)


def words(text: str) -> list[str]:
    """The words of `text`, in order, as counted (a CJK character is a word of its own)."""
    found = []
    for token in _separators.split(text or ""):
        start = 0
        for match in _cjk.finditer(token):
            piece = token[start : match.start()]
            if _has_letter_or_digit(piece):
                found.append(piece)
            found.append(match.group())
            start = match.end()
        piece = token[start:]
        if _has_letter_or_digit(piece):
            found.append(piece)
    return found


def count_words(text: str) -> int:
    return len(words(text))


def normalised(word: str) -> str:
    """A word as compared when looking for repeated text: lower case, without surrounding punctuation."""
    return "".join(ch for ch in word.casefold() if ch.isalnum())


SHINGLE = 8  # words in common that mark a paragraph as repeating a list of observations (P 38)
MIN_REPEAT = 4  # a shorter item (4 to 7 words) repeated whole is marked too


def shingles(text: str, size: int = SHINGLE) -> set[tuple[str, ...]]:
    seq = [w for w in (normalised(w) for w in words(text)) if w]
    return {tuple(seq[i : i + size]) for i in range(len(seq) - size + 1)}
