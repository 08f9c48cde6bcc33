"""Every label and default text the product shows, in one place.

Python reads them from here; the templates as `labels` (with `counted` for
phrases that depend on a number), which `init_app` makes Jinja globals; the
browser scripts from the JSON data block that every page carries,
`<script type="application/json" id="app-labels">`, made once from
`FOR_SCRIPTS`. The keys of each mapping are the values stored in the database
(see models.py).
"""

import json
import sys
from dataclasses import dataclass

from jinja2.utils import htmlsafe_json_dumps

TAGS = {"borrow": "Borrow", "adapt": "Adapt", "ignore": "Ignore"}
# What a person can choose for a statement: a tag, or "Not sure" to pass on it
# (models.SKIP), which is counted apart from the tags.
CHOICES = {**TAGS, "skip": "Not sure"}
# Said with each choice on the phone's buttons.
CHOICE_HINTS = {"borrow": "use as it is", "adapt": "change it", "ignore": "leave it out", "skip": "skip for now"}
# The columns of the notes on a charter as a whole.
NOTE_COLUMNS = {**TAGS, "missing": "What's missing"}
GROUPS = {
    "parent_carer": "Parent carer",
    "young_person": "Young person",
    "education": "Education",
    "health": "Health",
    "social_care": "Social care",
    "voluntary": "Voluntary or community sector",
    "other": "Other",
}
# Asked when joining and when answering a review; choosing no group is always offered.
GROUP_QUESTION = "I am a … (optional)"
NO_GROUP = "I would rather not say"
STAGES = {
    "lobby": "Lobby",
    "review": "Review",
    "missing": "What's missing",
    "priorities": "Priorities",
    "merge": "Merge",
    "closed": "Closed",
}
# The priorities board: the two columns of each outcome, and its two phases.
PRIORITY_COLUMNS = {"barrier": "Barriers", "help": "How co-production could help"}
# What the phone's box for a new card in each column is called.
PRIORITY_CARD_PROMPTS = {"barrier": "Add a barrier", "help": "Add an idea"}
PRIORITY_PHASES = {"cards": "Adding cards", "voting": "Voting"}
# The outcomes the facilitator can start the board from, besides their own.
OUTCOME_SETS = {
    "kent": (
        "Kent's strategic outcomes for children and young people with SEND",
        (
            "My quality of life",
            "Being listened to and understood",
            "My future",
            "My health",
            "Being the best I can be at school, college or work",
            "My safety",
            "My community",
        ),
    ),
}
# The answers to a "Did we ...?" question in a review of the adopted charter.
REVIEW_ANSWERS = {"yes": "Yes", "partly": "Partly", "not_yet": "Not yet", "dont_know": "Don't know"}
RESPONSES = {"none": "Nobody has answered yet", "one": "1 person has answered", "many": "{count} people have answered"}
# The row of a breakdown that counts everyone.
EVERYONE = "Everyone"
# A review question's share of Yes and Partly, of those who answered Yes, Partly or Not yet.
REVIEW_SHARE = {"some": "Yes or partly: {share}%", "none": "No answers yet"}
CHARTER_STATUSES = {
    "published": "Published wording",
    "illustrative": "Illustrative example",
    "imported": "Imported",
}
# Why the merge page parks a statement. One that nobody tagged says so with its counts.
PARKED_REASONS = {"ignored": "Mostly ignored", "split": "The room was split"}
# The big screen's summary of where the room agrees and disagrees (live/results.py, agreement).
AGREEMENT = {"borrow": "Most borrowed", "adapt": "Most adapted", "ignore": "Most ignored", "split": "Most split"}
TAGGED_AS = {"borrow": "borrowed", "adapt": "adapted", "ignore": "ignored"}

# Results by group that would single someone out (live/breakdowns.py).
OTHER_GROUPS = "Other groups"
# Said for a statement whose results cannot be shown by group.
NOT_SHOWN_BY_GROUP = "Not shown by group"
GROUP_NOTE = (
    "Groups of fewer than {minimum} people are not shown on their own: they are counted together as Other "
    "groups, with anyone who did not say their group. Where that could still single someone out, a "
    "statement's results are not shown by group."
)
# The same in one short line on the big screen, above every page (a statement whose results cannot be shown by
# group says so itself, NOT_SHOWN_BY_GROUP).
GROUP_NOTE_SHORT = "Groups under {minimum} people count as Other groups."

# The parts of the Word draft the facilitator can put in or leave out (models.DOCUMENT_PARTS).
DOCUMENT_PARTS = {
    "easy_read_summary": "Easy read summary: what the charter is and what happens next, in plain words",
    "cut_out": "Cut out and keep: the statements on one page, for families",
    "cut_out_easy_read": "Cut out and keep in easy read: each statement's easy-read version, on a page of its own",
    "picture": "The results as a picture: each statement's Borrow, Adapt and Ignore as a bar",
    "counts": "How many chose each, by group: one table per charter",
    "words": "Rewordings and comments, the same words given once with how many gave them",
    "notes": "Notes on each charter as a whole",
    "cards": "What's missing cards, most supported first",
    "provenance": "Where each statement came from and how it changed",
}
# Said in the Word draft's appendix for words given by one person or more (export/docx.py).
GAVE = {
    "Rewording": {"one": "1 person suggested", "many": "{count} people suggested"},
    "Comment": {"one": "1 person commented", "many": "{count} people commented"},
    "Note": {"one": "1 person", "many": "{count} people"},
}

# Phrases that depend on a number: for one, for more ({count} is the number), and
# for none when it is said differently from "0 ...".
SUPPORT = {"none": "No support yet", "one": "Supported by 1 person", "many": "Supported by {count} people"}
# The same on the phone, beside the button to support a card.
SUPPORTS_THIS = {"one": "1 person supports this", "many": "{count} people support this"}
JOINED = {"none": "Nobody has joined yet", "one": "1 person has joined", "many": "{count} people have joined"}
PEOPLE = {"one": "1 person", "many": "{count} people"}
# Someone using a phone with the person it counts for (live/participants.py): chosen on joining, changeable on
# the phone, and shown only as how many (live/breakdowns.py, supported_figure).
SUPPORTER = {
    "choice": "I am helping someone to take part",
    "hint": "For a supporter using this phone with someone, such as a young person: the choices count as theirs. "
    "Only how many people took part with a supporter is shown, never who.",
    "group_hint": "Choose their group above, not yours.",
    "on": "You are helping someone to take part: the choices made on this phone count as theirs.",
    "off": "This phone is used by the person taking part.",
    "start": "I am helping someone to take part",
    "stop": "I am taking part myself",
}
SUPPORTED = {
    "none": "Nobody took part with a supporter",
    "one": "1 person took part with a supporter",
    "many": "{count} people took part with a supporter",
}
SUPPORTED_FEWER = "Fewer than {minimum} people took part with a supporter"
# Tags made on paper sheets, entered as totals by the facilitator (live/paper.py) and counted alongside the phones';
# how many is shown as live/breakdowns.py's paper_figure allows.
FROM_PAPER = {"one": "Includes 1 from paper", "many": "Includes {count} from paper"}
FROM_PAPER_FEWER = "Includes fewer than {minimum} from paper"
# The results CSV's row, and the Word appendix's column, of how many of a statement's counts came from paper.
FROM_PAPER_ROW = "From paper"
# The console's form for the totals counted from the paper sheets (live/paper.py).
PAPER_FORM = {
    "heading": "Tags on paper",
    "lead": "For people who would rather not use a phone. Count the ticks on the paper sheets for one statement "
    "and one group, and enter the totals: they are counted with the phones' tags everywhere.",
    "correcting": "Saving totals for the same statement and group again replaces them, to correct a mistake. "
    "Save 0, 0 and 0 to remove them.",
    "statement": "Statement",
    "choose_statement": "Choose a statement",
    "group": "Group",
    "group_hint": "The group ticked on the sheets.",
    "no_group": "No group given",
    "counts": "How many chose each",
    "counts_hint": "Leave a box empty for none.",
    "save": "Save the totals",
    "saved": "Totals from paper saved for “{statement}”, {group}: {borrow} borrow, {adapt} adapt, {ignore} ignore.",
    "removed": "Totals from paper removed for “{statement}”, {group}.",
    "entered": "Totals entered so far",
    "none_entered": "No totals from paper yet.",
    "correct": "Correct",
    "no_statement": "Choose the statement the totals are for.",
    "not_a_count": "Enter {choice} as a whole number, such as 3, or leave it empty for none.",
}
CARDS = {"none": "No cards yet", "one": "1 card", "many": "{count} cards"}
VOTES = {"none": "No votes", "one": "1 vote", "many": "{count} votes"}
VOTES_LEFT = {
    "none": "You have used all your votes",
    "one": "You have 1 vote left",
    "many": "You have {count} votes left",
}

# The phone's reading aids (static/js/phone/reading.js), remembered on the person's own phone.
READING = {
    "read_aloud": "Read aloud",
    "stop_reading": "Stop reading",
    "settings": "Text size and colours",
    "text_size": "Text size",
    "contrast": "Colours",
    "rate": "Reading speed",
    # The switch between the phone's usual words and easy read.
    "easy_read": "Easy read",
    # Beneath a statement's easy-read version on the big screen.
    "original": "The original words",
}
TEXT_SIZES = {"standard": "Standard", "large": "Large", "larger": "Larger"}

# The phone's status line in easy read (static/js/live/status.js).
STATUS_EASY = {
    "saved": "Your answers are saved",
    "sending": "Sending your answers",
    "unsent": "Not sent yet. What you type is kept on this phone",
    "offline": "No internet. Your answers are kept on this phone. They will be sent later",
    "connecting": "Connecting. Please wait",
}
# What the phone's scripts write: when the room moves on (phone/room-notice.js), when phones follow
# the big screen (phone/follow.js), the person's choice (phone/statements.js) and what is saved.
# "{stage}" is the stage's name (STAGES, or STAGES_EASY in easy read), "{words}" a statement's.
PHONE_NOTICES = {
    "moved_on": ("The workshop has moved on to: {stage}.", "The workshop is at a new part now: {stage}."),
    "opened_one": (
        "The facilitator has opened another charter to review.",
        "There is another charter to look at now.",
    ),
    "opened_more": ("The facilitator has opened more charters to review.", "There are more charters to look at now."),
    "closed_this": ("The facilitator has closed this charter.", "This charter is finished now."),
    "closed_one": ("The facilitator has closed a charter.", "One charter is finished now."),
    "results_shown": ("The facilitator has shown the room's results.", "Now you can see what everyone chose."),
    "results_hidden": ("The facilitator has hidden the results.", "The results are hidden now."),
    "go_there": ("Go there", "Go there"),
    "go_to_it": ("Go to it", "Go to it"),
    "go_to_them": ("Go to them", "Go to them"),
    "go_on": ("Go on", "Go on"),
    "show_them": ("Show them", "Show me"),
    "update_page": ("Update the page", "Update the page"),
    "big_screen": (
        "The big screen now shows: \u201c{words}\u201d",
        "The big screen shows a new promise: \u201c{words}\u201d",
    ),
    "your_choice": ("Your choice:", "You chose:"),
    "not_chosen": ("Not chosen yet", "You have not chosen yet"),
    "wording_saved": ("Saved", "Your words are saved"),
    "all_saved": ("Saved", STATUS_EASY["saved"]),
}
# The stages' names in easy read, for the phone's notice that the room has moved on.
STAGES_EASY = {
    "lobby": "Waiting to start",
    "review": "Look at the charters",
    "missing": "Say what is missing",
    "priorities": "Choose what matters most",
    "merge": "Writing the new charter",
    "closed": "The end",
}
# The phone's own words, as usual and in easy read (plain words, short sentences, one idea
# each), the phone's "Easy read" switch choosing which are shown (participant.html, `words`).
# "{number}" is the person's number.
PHONE_WORDS = {
    "joined": ("You have joined", "You are in the workshop"),
    "wait_to_start": (
        "Wait for the facilitator to start.",
        "Please wait. The person running the workshop will start soon.",
    ),
    "number_why": (
        "Your number is not your name: it keeps what you say anonymous. If you want a copy of what you say, "
        "or want it erased, give the facilitator this number.",
        "Keep this number. It is only for you. Tell the person running the workshop your number if you "
        "want a copy of what you said.",
    ),
    "what_you_will_do": ("What you will do", "What you will do"),
    "paused": (
        "The facilitator has paused tagging. Wait for them to start it again.",
        "Stop for now. The person running the workshop will tell you when to carry on.",
    ),
    "wait_for_charter": (
        "Wait for the facilitator to open a charter.",
        "Please wait. The person running the workshop will show you a charter soon.",
    ),
    "original": ("The original words", "See the original words"),
    "reword_label": ("Your suggested wording", "Your new words"),
    "reword_hint": ("Change the words to how you would like them to read.", "Change the words. Write it your way."),
    "reword_save": ("Save my wording", "Save my words"),
    "comment_open": ("Add a comment", "Say something about this"),
    "comment_label": ("Your comment on this statement", "What do you want to say about it?"),
    "comment_add": ("Add comment", "Send it"),
    "your_comments": ("Your comments", "What you said"),
    "notes_title": ("Notes on the whole charter", "About the whole charter"),
    "notes_intro": (
        "What do you think of this charter as a whole? For example, how it looks, who it is for, or the words it uses.",
        "What do you think of this whole charter? You can say how it looks. You can say if the words are easy.",
    ),
    "note_kind": (
        "Is your note about something to borrow, adapt or ignore, or about something missing?",
        "What is your note about? Choose one.",
    ),
    "your_note": ("Your note", "Write your note"),
    "add_note": ("Add note", "Send note"),
    "your_notes": ("Your notes", "Your notes"),
    "missing_title": ("What's missing?", "What is missing?"),
    "missing_intro": (
        "Is something that matters to you missing from these charters? Add it as a card. Support the cards "
        "you agree with.",
        "Is something important missing? Write it on a card. If you agree with a card, press Support.",
    ),
    "card_label": ("Your card", "Your card"),
    "card_hint": ("One idea per card, in a few words.", "Write one idea. Use a few words."),
    "add_card": ("Add card", "Add card"),
    "merge_thanks": (
        "Thank you for taking part. The facilitator is now putting together a draft charter from what "
        "everyone said. You can read it here as it grows.",
        "Thank you for taking part. Now the new charter is being written from what everyone said. You can "
        "read it here.",
    ),
    "closed_thanks": (
        "This workshop has finished. Thank you for taking part.",
        "The workshop has ended. Thank you for taking part.",
    ),
    "next_title": ("What happens next", "What happens next"),
    "next_text": (
        "The partners will share the draft charter for public consultation, so you will be able to comment "
        "on it again. The results of this workshop do not include your name.",
        "Soon everyone can read the new charter and say what they think. Your name is not in the results.",
    ),
    "participant": ("You are participant {number}.", "Your number is {number}."),
    "privacy_link": (
        "How what you say is kept, and how to have it erased",
        "How we keep what you say, and how to delete it",
    ),
    **PHONE_NOTICES,
}
# What each column of the notes on a whole charter is for, beside its name.
NOTE_COLUMN_HINTS = {
    "borrow": ("something to use as it is", "something we should use"),
    "adapt": ("something to change", "something we should change"),
    "ignore": ("something to leave out", "something we should not use"),
    "missing": ("something the charter does not have", "something that is not there"),
}
# Said with each choice on the phone's buttons, in easy read.
CHOICE_HINTS_EASY = {
    "borrow": "we should use it",
    "adapt": "change the words",
    "ignore": "do not use it",
    "skip": "I do not know",
}
# What the phone asks of the person before the review, in easy read: one sentence a line.
INSTRUCTIONS_EASY = (
    "You will see promises from other areas. Each one starts with 'We will'.",
    "You see one promise at a time.",
    "For each one, press a button:",
    "Borrow if we should use it.",
    "Adapt if we should change the words.",
    "Ignore if we should not use it.",
    "You can change your mind.",
    "At the end, you can say what is missing.",
)
# The paper tag sheet of a charter (export/paper_sheet.py), for people who would rather tick boxes on paper, as
# usual and in easy read. The choices are explained with CHOICE_HINTS and CHOICE_HINTS_EASY.
PAPER_SHEET = {
    "name": ("Paper tag sheet", "Paper tag sheet in easy read"),
    "tick": (
        "Tick one box for each statement: Borrow, Adapt or Ignore.",
        "Read each promise. Tick one box for each promise.",
    ),
    "not_sure": ("Not sure about a statement? Leave its boxes empty.", "If you do not know, do not tick a box."),
    "change": (
        "If you would change a statement, write how on the lines under it.",
        "Do you want to change the words? Write your words on the lines.",
    ),
    "group": (
        "Which group are you in? Tick one box, if you want to.",
        "Who are you? Tick one box. You do not have to.",
    ),
    "change_lines": ("How would you change it?", "How would you change the words?"),
    "missing": (
        "Is something that matters to you missing from this charter? Write it here.",
        "Is something important missing? Write it here.",
    ),
    "hand_in": (
        "Thank you. Please give this sheet to the facilitator.",
        "Thank you. Please give this paper to the person running the workshop.",
    ),
    # In the easy-read sheet, when some statements have no easy-read version.
    "own_words": (
        "Some statements have no easy-read version: they are in the charter's own words.",
        "Some promises are not in easy read. They are in the charter's own words.",
    ),
}
CONTRASTS = {"standard": "Standard", "high": "High contrast: white and yellow on black"}
READING_RATES = {"slower": "Slower", "normal": "Normal", "faster": "Faster"}

# Drafting from the room's results: the rule ({majority} is the percentage), and what it did.
RULE = (
    "Into the draft goes every statement that more than {majority}% of the people who tagged it borrowed "
    "or adapted. Not sure is not a tag: it counts neither way."
)
PLACED = {"none": "No statement placed", "one": "1 statement placed", "many": "{count} statements placed"}
WAITING = {"one": "1 statement waits", "many": "{count} statements wait"}
CANDIDATES = {"one": "1 candidate statement waits", "many": "{count} candidate statements wait"}
# Each change to the draft in words, for its Undo button ("Undo placing the statement").
CHANGES = {
    "place": "placing the statement",
    "from_results": "drafting from the room's results",
    "rule": "the change of rule",
    "edit": "the change of wording",
    "question": "the change of question",
    "move": "the move",
    "remove": "taking the statement out",
    "discard": "discarding the statement",
    "add_theme": "adding the theme",
    "rename_theme": "renaming the theme",
    "move_theme": "moving the theme",
    "remove_theme": "removing the theme",
    "details": "the change to the charter's details",
    "change_theme": "the change to the theme",
    "change_statement": "the change to the statement",
}
NOT_YET_PLACED = {
    "one": "1 statement the rule takes is not in the draft yet",
    "many": "{count} statements the rule takes are not in the draft yet",
}


def counted(phrases: dict[str, str], count: int) -> str:
    """The phrase for this number: counted(SUPPORT, 3) is "Supported by 3 people"."""
    if count == 1:
        return phrases["one"]
    return phrases["none"] if count == 0 and "none" in phrases else phrases["many"].format(count=count)


@dataclass(frozen=True)
class ThemeSet:
    label: str
    themes: tuple[str, ...]


# The theme sets the facilitator can start from, besides any library charter's
# themes ("charter:<slug>") and their own ("own").
THEME_SETS = {
    "kent": ThemeSet(
        "Kent's five themes",
        ("Ambition", "Collaboration", "Inclusivity", "Communication", "Accountability"),
    ),
    "warwickshire": ThemeSet(
        "Warwickshire's four cornerstones",
        ("Welcome and Care", "Value and Include", "Communicate", "Work in Partnership"),
    ),
}

# From the Warwickshire Working Together Charter (seed 000), for the facilitator to make their own.
# Plain text: "## " starts a subheading, "- " a list item (the Word export reads it so).
DEFAULT_COMMITMENT = "\n".join(
    [
        "Participation involves children, young people and their families, education, health and care "
        "services, decision makers and partner organisations working together.",
        "We are committed to the principles of effective participation, guiding the design, development and "
        "experience of services.",
        "This is underpinned by the Children and Families Act 2014, the SEND Code of Practice 2015, the United "
        "Nations Convention on the Rights of the Child 1989, the Care Act 2014 and the NHS Act 2006, which all "
        "champion the participation of families in decision making.",
    ]
)
DEFAULT_DEFINITIONS = "\n".join(
    [
        "## Spectrum of participation",
        "- Co-production: everyone works together, using their skills, knowledge and experience to create "
        "better outcomes through shared decision making.",
        "- Co-design: working together with children, young people and their families to share their "
        "experience and include their ideas in the outcomes.",
        "- Engagement: asking children, young people and their families about their experiences and discussing ideas.",
        "- Consultation: asking the opinions of children, young people and their families about changes being "
        "considered.",
        "- Information: giving children, young people and their families the information they need about "
        "services and changes.",
        "## Levels of involvement",
        "- Strategic level: policy (rules), strategy (how) and service design (what). Budgets and policy "
        "decisions are the legal responsibility of the responsible authority. The parent carer forum and the "
        "young people's forum are involved directly as strategic partners, and other groups are invited as "
        "and when agreed (who).",
        "- Service level: working with those who are using or have recent experience of a service (what). "
        "Decisions are informed by legislation, strategy and policy. Service users and experts by experience "
        "are involved, with the parent carer forum and the young people's forum (who).",
        "- Individual level: children, young people and their families having an influence on their own "
        "plans (what). Statutory decisions remain the duty of the responsible authority. They are informed by "
        "the children, young people and families themselves (who).",
    ]
)
DEFAULT_SIGNATORIES = (
    "The council",
    "The NHS Integrated Care Board",
    "The parent carer forum",
    "The young people's forum",
)


# What the browser scripts read from the page's #app-labels block.
FOR_SCRIPTS = {
    "tags": TAGS,
    "choices": CHOICES,
    "choice_hints": CHOICE_HINTS,
    "note_columns": NOTE_COLUMNS,
    "groups": GROUPS,
    "breakdown": {"other_groups": OTHER_GROUPS, "not_shown": NOT_SHOWN_BY_GROUP},
    "stages": STAGES,
    "support": SUPPORT,
    "supports_this": SUPPORTS_THIS,
    "joined": JOINED,
    "people": PEOPLE,
    "supporter": SUPPORTER,
    "gave": {"rewording": GAVE["Rewording"], "comment": GAVE["Comment"]},
    "cards": CARDS,
    "reading": READING,
    "status_easy": STATUS_EASY,
    # Each pair as the list JSON makes of it, so that what the page carries is this, as it is.
    "phone_notices": {key: list(words) for key, words in PHONE_NOTICES.items()},
    "stages_easy": STAGES_EASY,
    "priority_columns": PRIORITY_COLUMNS,
    "priority_prompts": PRIORITY_CARD_PROMPTS,
    "votes": VOTES,
    "votes_left": VOTES_LEFT,
    "everyone": EVERYONE,
    "responses": RESPONSES,
    "review_answers": REVIEW_ANSWERS,
    "review_share": REVIEW_SHARE,
}
# Made once, as the tojson filter would: safe inside a <script> element.
_SCRIPT_JSON = htmlsafe_json_dumps(FOR_SCRIPTS, dumps=json.dumps, ensure_ascii=False, separators=(",", ":"))


def init_app(app) -> None:
    # Globals rather than a context processor's values, so that imported macros see them too.
    app.jinja_env.globals.update(labels=sys.modules[__name__], counted=counted, labels_json=_SCRIPT_JSON)
