"""The numbers of a report written in English, each with the noun it counts.

English puts the noun after the number ("build 120 affordable homes": 120, unit homes) and a
measure's name before it ("reduce response time to under 8 minutes"). The words around a
number say its direction: under, below, no more than, or less set a ceiling (at most); at
least, or greater, more than a floor. Money is written with its sign and magnitude in front
or behind ("$59.2 million"), which becomes a unit that parses back (59.2 million dollars).
Years, ordinals (1st, Phase 2), times and dates are not indicators.
"""

from __future__ import annotations

import re
from decimal import Decimal

from kpitrack.frozen import frozen

WORD_NUMBERS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "hundred": 100,
}  # fmt: skip
CURRENCIES = {"US$": "dollars", "$": "dollars", "€": "euros", "£": "pounds", "¥": "yuan"}
CURRENCY_WORDS = {
    "dollars": "dollars", "dollar": "dollars", "usd": "dollars", "euros": "euros",
    "euro": "euros", "pounds": "pounds", "yuan": "yuan", "rmb": "yuan",
}  # fmt: skip
MAGNITUDE_WORDS = ("thousand", "million", "billion", "trillion")
MEASURE_WORDS = {
    "percent": "%", "per cent": "%", "percentage points": "%", "minutes": "minutes",
    "minute": "minutes", "hours": "hours", "hour": "hours", "days": "days", "day": "days",
    "km": "km", "kilometres": "km", "kilometers": "km", "miles": "miles", "hectares": "hectares",
    "acres": "acres", "tons": "tons", "tonnes": "tons", "square kilometres": "square km",
    "square kilometers": "square km", "square metres": "square metres",
    "square meters": "square metres", "metres": "metres", "meters": "metres",
}  # fmt: skip
# words that end the noun phrase after a number
STOP = frozenset(
    [
        "to",
        "for",
        "by",
        "in",
        "on",
        "at",
        "from",
        "with",
        "and",
        "or",
        "but",
        "per",
        "that",
        "which",
        "who",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "this",
        "these",
        "those",
        "its",
        "their",
        "our",
        "across",
        "over",
        "under",
        "within",
        "through",
        "into",
        "during",
        "before",
        "after",
        "than",
        "as",
        "so",
        "while",
        "since",
        "each",
        "every",
        "a",
        "an",
        "the",
        "of",
    ]
)
# what may stand between a verb and its number: qualifiers, articles
QUALIFIER_BEFORE = re.compile(
    r"(?:\b(?:at least|at most|no more than|no less than|not more than|more than|fewer than|"
    r"less than|up to|over|under|below|above|about|around|approximately|nearly|almost|some|"
    r"another|a further|an additional|a total of|a|an|the|to|by|of|at|reach|reaching)\s+)+$",
    re.IGNORECASE,
)
CEILING_BEFORE = re.compile(
    r"\b(?:under|below|less than|fewer than|no more than|not more than|at most|up to|"
    r"not (?:to )?exceed(?:ing)?|a maximum of|within)\s+$",
    re.IGNORECASE,
)
CEILING_AFTER = re.compile(r"^\s*(?:or (?:less|fewer|lower|below)|at most|at the most)\b", re.I)
FLOOR_BEFORE = re.compile(
    r"\b(?:at least|no less than|not less than|more than|over|above)\s+$", re.I
)
FLOOR_AFTER = re.compile(r"^\s*(?:or (?:greater|more|higher|above)|at least|and above)\b", re.I)
REDUCE_TO = re.compile(
    r"\b(?:reduce|reducing|cut|cutting|lower|lowering|bring|bringing|decrease|decreasing|"
    r"keep|keeping|hold|holding)\b[^,;]*\bto\s+(?:under\s+|below\s+)?$",
    re.IGNORECASE,
)
NOT_A_COUNT_BEFORE = re.compile(
    r"\b(?:phase|route|line|ward|district|section|chapter|page|no\.?|number|item|goal|level|"
    r"grade|stage|version|article|room|building|floor|zone|area|line|bus|highway|road|"
    r"january|february|march|april|may|june|july|august|september|october|november|december)"
    r"\s+$",
    re.IGNORECASE,
)
NUMBER = re.compile(
    r"(?P<cur>US\$|[$€£¥])?\s?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\b(?:" + "|".join(WORD_NUMBERS) + r")\b)"
    r"(?P<pct>\s?%)?"
)
TARGET_WORDS = re.compile(
    r"\b(?:will|shall|plan(?:s|ned)? to|aims? to|target(?:s|ed)?|goals?|strive|ensure|commit|"
    r"next year|by (?:the end of )?20\d\d|we are going to|is to|are to)\b",
    re.IGNORECASE,
)
RESULT_WORDS = re.compile(
    r"\b(?:was|were|has been|have been|had been|completed|achieved|reached|delivered|built|"
    r"opened|invested|increased|rose|fell|grew|added|created|last year|so far|in 20\d\d,)\b",
    re.IGNORECASE,
)


@frozen
class EnglishNumber:
    start: int
    end: int
    value: Decimal
    unit: str
    name: str
    numeral: str
    direction: str | None  # at_most / at_least where the report says so


def is_english(text: str) -> bool:
    """More Latin letters than Chinese characters: read as English."""
    latin = sum(1 for c in text if c.isascii() and c.isalpha())
    chinese = sum(1 for c in text if "\u4e00" <= c <= "\u9fff")
    return latin > chinese * 2 and latin >= 8


def kind_of(sentence: str) -> str | None:
    """'target' or 'result' from the sentence's own words."""
    if TARGET_WORDS.search(sentence):
        return "target"
    if RESULT_WORDS.search(sentence):
        return "result"
    return None


def numbers(sentence: str) -> list[EnglishNumber]:
    found = []
    for match in NUMBER.finditer(sentence):
        item = _read(sentence, match)
        if item is not None:
            found.append(item)
    return found


def _read(sentence: str, match: re.Match[str]) -> EnglishNumber | None:
    numeral = match["num"]
    start, end = match.start("cur") if match["cur"] else match.start("num"), match.end()
    before, after = sentence[:start], sentence[end:]
    if re.match(r"[A-Za-z]", after) or re.search(r"[A-Za-z]$", sentence[: match.start("num")]):
        return None  # 1st, A3, COVID19
    if re.match(r"[:/\-]\d", after) or re.search(r"\d[:/\-]$", before):
        return None  # 8:30, 2024-25, 1/2
    if NOT_A_COUNT_BEFORE.search(before):
        return None  # Phase 2, Route 3, July 15
    word = numeral.lower() in WORD_NUMBERS
    value = Decimal(WORD_NUMBERS[numeral.lower()]) if word else Decimal(numeral.replace(",", ""))
    currency = CURRENCIES.get(match["cur"] or "")
    if not currency and not word and re.fullmatch(r"(?:19|20)\d\d", numeral):
        return None  # a year
    words = after.split()
    magnitude = ""
    if words and words[0].lower().strip(",.;") in MAGNITUDE_WORDS:
        magnitude = words[0].lower().strip(",.;")
        consumed = after.index(words[0]) + len(words[0])
        end += consumed
        after = sentence[end:]
        words = after.split()
    unit, noun_phrase, used = _unit_after(after, match["pct"] is not None, currency)
    if unit is None:
        return None
    end += used
    if magnitude:
        unit = f"{magnitude} {unit}".strip()
    name = _name(before, noun_phrase, unit) or _name_after(sentence[end:])
    if not name:
        return None
    return EnglishNumber(start, end, value, unit, name, numeral, _direction(before, sentence[end:]))


def _unit_after(after: str, percent: bool, currency: str | None) -> tuple[str | None, str, int]:
    """The unit after a number, the noun phrase it heads, and how many characters it took."""
    if percent:
        return "%", "", 0
    lowered = after.lower()
    for words, unit in sorted(MEASURE_WORDS.items(), key=lambda p: -len(p[0])):
        hit = re.match(rf"\s*{re.escape(words)}\b", lowered)
        if hit:
            of = re.match(r"\s+of\s+((?:[A-Za-z][A-Za-z'-]*\s*){1,4})", after[hit.end() :])
            if of and unit not in ("%", "minutes", "hours", "days"):
                named: list[str] = []
                for token in of.group(1).split():
                    if token.lower() in STOP:
                        break
                    named.append(token)
                return unit, " ".join(named), hit.end()
            return unit, "", hit.end()
    money = re.match(r"\s*(dollars?|usd|euros?|pounds|yuan|rmb)\b", lowered)
    if money:
        return CURRENCY_WORDS[money.group(1)], "", money.end()
    if currency:
        return currency, "", 0
    # a noun phrase: up to four words, ended by a stop word or punctuation
    phrase = re.match(r"\s+((?:[A-Za-z][A-Za-z'-]*\s*){1,4})", after)
    if not phrase:
        return None, "", 0
    taken: list[str] = []
    for token in phrase.group(1).split():
        if token.lower() in STOP:
            break
        taken.append(token)
    if not taken:
        return None, "", 0
    if len(taken) > 1 and taken[-1].lower() in ("new", "more", "additional"):
        taken.pop()
    head = taken[-1]
    if not re.fullmatch(r"[A-Za-z]{2,}", head):
        return None, "", 0
    used = after.index(head, after.index(taken[0])) + len(head)
    of = re.match(r"\s+of\s+((?:[A-Za-z][A-Za-z'-]*\s*){1,3})", after[used:])
    if of and len(taken) == 1:  # 120 units of affordable housing
        rest = [w for w in of.group(1).split() if w.lower() not in STOP][:3]
        if rest:
            tail = " ".join(rest)
            return head.lower(), f"{tail} {head}", used
    return head.lower(), " ".join(taken), used


def _name(before: str, noun_phrase: str, unit: str) -> str:
    """A count: the verb that leads it and its noun phrase (build affordable homes). A
    measure: what the clause says before it (reduce response time)."""
    clause = re.split(r"[,;:()]|\band\b|\bwhile\b", before)[-1]
    clause = QUALIFIER_BEFORE.sub("", clause.rstrip() + " ").strip()
    clause = re.sub(
        r"^(?:(?:we|the \w+|our \w+|it|they)\s+)?(?:will|shall|plans? to|aims? to|is to|"
        r"are to|has|have|had|was|were)?\s*(?:to\s+)?",
        "",
        clause,
        flags=re.IGNORECASE,
    ).strip()
    clause = re.sub(r"\s+(?:will|shall|would)\b", "", clause)
    if noun_phrase:
        last = clause.split()[-1] if clause.split() else ""
        verb = last.isalpha() and last.lower() not in STOP and last.lower() not in MAGNITUDE_WORDS
        return (f"{last} {noun_phrase}" if verb else noun_phrase)[:60]
    clause = re.sub(r"(?:\s+(?:of|at|to|by|in|for|is|was|reached|reaching))+$", "", clause)
    return " ".join(clause.split()[-8:])[:60]


def _name_after(after: str) -> str:
    """$59.2 million invested in 17 projects: what follows, to the next number or stop."""
    words: list[str] = []
    for token in re.split(r"\s+", re.split(r"[,;:.()]|\d", after)[0].strip()):
        if not token or (words and token.lower() in STOP):
            break
        words.append(token)
    return " ".join(w for w in words if w.lower() not in STOP)[:60]


def _direction(before: str, after: str) -> str | None:
    if CEILING_BEFORE.search(before) or CEILING_AFTER.match(after) or REDUCE_TO.search(before):
        return "at_most"
    if FLOOR_BEFORE.search(before) or FLOOR_AFTER.match(after):
        return "at_least"
    return None
