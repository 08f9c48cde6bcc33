"""Turning a "We will ..." statement into its "Did we ...?" question.

Kent's workshop agreed that the charter's statements should be the
foundation of accountability: after each piece of work, partners are asked
"Did we ...?". The rules below handle the forms charters commonly use:

- "We will be transparent" -> "Were we transparent?"
- "We will do what we say we will do" -> "Did we do what we said we would do?"
- "We will always listen" -> "Did we always listen?"
- "We will never judge" and "We will not judge" -> "Were we careful never (not) to judge?"
- "We listen to families" -> "Did we listen to families?"

Inside the statement, verbs move into the past with it ("we agree" ->
"we agreed", "it is" -> "it was", "can" -> "could"); anything in quotation
marks is left as it was said. A statement in none of these forms is asked
about as it stands: "Did we keep to this: ...?". The facilitator can always
edit the question.
"""

import re

# Words that mean "we will" at the start of a statement.
_WILL = r"(?:will|shall|must|should|'ll|’ll)"
_LEADING_WILL = re.compile(rf"^we\s*{_WILL}\b[\s:–—-]*(?P<rest>.+)$", re.IGNORECASE)
_LEADING_NOT = re.compile(r"^we\s+(?:(?:will|shall|must|should)\s+not|won't|won’t)\s+(?P<rest>.+)$", re.IGNORECASE)
_LEADING_NEVER = re.compile(rf"^we(?:\s*{_WILL})?\s+never\s+(?P<rest>.+)$", re.IGNORECASE)
_LEADING_ARE = re.compile(r"^we(?:\s+are|['’]re)\s+(?P<rest>.+)$", re.IGNORECASE)
_LEADING_VERB = re.compile(r"^we\s+(?P<verb>[a-z][a-z-]*)(?=\s|$)(?P<rest>.*)$", re.IGNORECASE)

# "We <word> ..." is only read as a present-tense verb when the word is not one
# of these, which would need a different question ("We can", "We have agreed").
_NOT_A_PRESENT_VERB = {
    "am", "are", "is", "was", "were", "be", "been", "being",
    "have", "has", "had", "can", "could", "would", "may", "might", "ought",
    "did", "does", "need", "will", "shall", "must", "should", "not",
    "the", "a", "an", "as", "and", "or", "who", "which", "that", "in", "at", "on", "of", "to",
}  # fmt: skip

# After "We will be ...", a word after "and" that is one of these starts a
# second action: "We will be timely and allow time" -> "Were we timely and did
# we allow time?". Anything else is taken as part of the description ("open
# and honest").
_COMMON_VERBS = {
    "accept", "acknowledge", "act", "agree", "allow", "ask", "build", "celebrate", "challenge", "check",
    "choose", "communicate", "consider", "create", "deliver", "do", "embrace", "encourage", "ensure",
    "explain", "find", "focus", "follow", "give", "hear", "help", "hold", "include", "inform", "involve",
    "keep", "learn", "let", "listen", "make", "meet", "offer", "plan", "promote", "provide", "put",
    "recognise", "remember", "respect", "respond", "review", "seek", "share", "show", "speak", "start",
    "support", "take", "talk", "tell", "treat", "try", "understand", "use", "value", "welcome", "work",
    "write",
}  # fmt: skip

# Present to past for verbs whose subject is "we" inside the statement.
_PAST_AFTER_WE = {
    "agree": "agreed",
    "ask": "asked",
    "decide": "decided",
    "do": "did",
    "feel": "felt",
    "hear": "heard",
    "know": "knew",
    "make": "made",
    "mean": "meant",
    "need": "needed",
    "plan": "planned",
    "say": "said",
    "start": "started",
    "think": "thought",
    "use": "used",
    "want": "wanted",
}

# Words that keep the verb after them in its plain form: "would have", "to be".
_KEEPS_PLAIN_FORM = {"will", "would", "can", "could", "shall", "should", "must", "may", "might", "to", "not"}

# Auxiliaries, whatever their subject: "it is" -> "it was", "what can change" -> "what could change".
_PAST_AUXILIARY = {
    "is": "was",
    "are": "were",
    "am": "was",
    "has": "had",
    "have": "had",
    "will": "would",
    "shall": "should",
    "can": "could",
    "cannot": "could not",
    "can't": "couldn't",
    "can’t": "couldn’t",
    "won't": "wouldn't",
    "won’t": "wouldn’t",
    "don't": "didn't",
    "don’t": "didn’t",
    "doesn't": "didn't",
    "doesn’t": "didn’t",
    "does": "did",
}

# Words that start a clause with a subject of its own.
_SOMEONE_ELSE = re.compile(r"\b(?:whether|that|who|which|so|if|when|where|how|what|they|to)\b", re.IGNORECASE)

# A quotation: an opening mark not inside a word, up to the matching closing mark
# not followed by a letter, so that the apostrophe in "each other's" is not one.
_QUOTATION = re.compile(r"(?<!\w)(?:'[^']*'(?!\w)|‘[^’]*’(?!\w)|\"[^\"]*\"|“[^”]*”)")
_WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")
_TRAILING = re.compile(r"[\s.;:,!?]+$")


def did_we(statement: str) -> str:
    """The "Did we ...?" (or "Were we ...?") question for one statement."""
    text = _TRAILING.sub("", " ".join((statement or "").split()))
    if not text:
        return ""
    if match := _LEADING_NOT.match(text):
        return _question("Were we careful not to", _in_the_past(match["rest"], plain_first=True))
    if match := _LEADING_NEVER.match(text):
        return _question("Were we careful never to", _in_the_past(match["rest"], plain_first=True))
    if match := _LEADING_WILL.match(text):
        return _will_question(match["rest"])
    if match := _LEADING_ARE.match(text):
        return _be_question(match["rest"], adverb="")
    match = _LEADING_VERB.match(text)
    if match and match["verb"].lower() not in _NOT_A_PRESENT_VERB and not match["verb"].lower().endswith("ed"):
        return _question("Did we", match["verb"] + _in_the_past(match["rest"]))
    return f"Did we keep to this: {text}?"


def _will_question(rest: str) -> str:
    first, _, after = rest.partition(" ")
    word = first.lower()
    if word == "always" and after:
        second, _, description = after.partition(" ")
        if second.lower() == "be" and description:
            return _be_question(description, adverb="always")
        return _question("Did we always", _in_the_past(after, plain_first=True))
    if word == "be" and after:
        return _be_question(after, adverb="")
    return _question("Did we", _in_the_past(rest, plain_first=True))


def _be_question(description: str, adverb: str) -> str:
    """ "be timely and allow time" -> "Were we timely and did we allow time?"."""
    opening = f"Were we {adverb}".rstrip()
    match = re.search(r"\band (\w+)\b", description)
    if match and match[1].lower() in _COMMON_VERBS:
        first, second = description[: match.start()].rstrip(" ,"), description[match.start(1) :]
        return _question(opening, f"{_in_the_past(first)} and did we {_in_the_past(second, plain_first=True)}")
    return _question(opening, _in_the_past(description))


def _question(opening: str, rest: str) -> str:
    # "Did we listen and be open" reads as "Did we listen and were we open", unless
    # the "be" belongs to someone else: "whether they help children ... and be".
    match = re.search(r"\band be\b", rest) if opening.startswith("Did we") else None
    if match and not _SOMEONE_ELSE.search(rest[: match.start()]):
        rest = f"{rest[: match.start()]}and were we{rest[match.end() :]}"
    return f"{opening} {rest}?"


def _in_the_past(clause: str, plain_first: bool = False) -> str:
    """Shift the verbs of a clause into the past, leaving quotations as they were said.

    With plain_first, the clause starts with the verb that follows "did we" or
    "to", which keeps its plain form: "Did we have", not "Did we had".
    """
    pieces, last = [], 0
    if plain_first and (first := _WORD.match(clause)):
        pieces.append(first.group())
        last = first.end()
    for quotation in _QUOTATION.finditer(clause, last):
        pieces.append(_shift_words(clause[last : quotation.start()]))
        pieces.append(quotation.group())
        last = quotation.end()
    pieces.append(_shift_words(clause[last:]))
    return "".join(pieces)


def _shift_words(text: str) -> str:
    words = list(_WORD.finditer(text))
    out, last = [], 0
    for index, match in enumerate(words):
        before = words[index - 1].group().lower() if index else ""
        out.append(text[last : match.start()])
        out.append(_shifted(match.group(), before, text[match.end() : match.end() + 1]))
        last = match.end()
    out.append(text[last:])
    return "".join(out)


def _shifted(word: str, before: str, next_character: str) -> str:
    lower = word.lower()
    # "a can-do approach" names an attitude: it is not a verb.
    if lower == "can" and next_character == "-":
        return word
    if before == "we" and lower in _PAST_AFTER_WE:
        return _same_case(word, _PAST_AFTER_WE[lower])
    if lower in _PAST_AUXILIARY and before not in _KEEPS_PLAIN_FORM:
        return _same_case(word, _PAST_AUXILIARY[lower])
    return word


def _same_case(original: str, replacement: str) -> str:
    return replacement[0].upper() + replacement[1:] if original[0].isupper() else replacement


# Besides _COMMON_VERBS, verbs a What's missing card may start with when it asks for something to be done.
_ASKING_VERBS = {
    "add", "arrange", "avoid", "bring", "invite", "pay", "publish", "reply", "say", "send", "stop", "translate",
}  # fmt: skip


def we_will(card: str) -> str:
    """A What's missing card as a "We will ..." statement, for the facilitator to confirm or reword.

    - "We should say who 'we' is" -> "We will say who 'we' is" (and "We will ..." as it is);
    - "We listen to dads" -> "We will listen to dads";
    - "Say the age range: 0 to 25" (a verb statements start with) -> "We will say the age range: 0 to 25";
    - anything else is something to have: "A one-page 'cut out and keep' version for families" ->
      "We will provide a one-page 'cut out and keep' version for families".
    """
    text = _TRAILING.sub("", " ".join((card or "").split()))
    if not text:
        return ""
    if match := _LEADING_WILL.match(text):
        return f"We will {match['rest']}"
    match = _LEADING_VERB.match(text)
    if match and match["verb"].lower() not in _NOT_A_PRESENT_VERB:
        return f"We will {match['verb']}{match['rest']}"
    first = text.split()[0]
    if first.lower() == "we":
        # "We need ...", "We can ...": already the room's own sentence; the facilitator rewords it.
        return text
    # Lower-cased to follow "We will", unless it is a name or an acronym ("SENCOs", "EHCPs").
    opening = first.lower() if first[1:] == first[1:].lower() else first
    rest = opening + text[len(first) :]
    if opening.lower() in _COMMON_VERBS | _ASKING_VERBS:
        return f"We will {rest}"
    return f"We will provide {rest}"
