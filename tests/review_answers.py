"""Nine people's answers to three "Did we ...?" questions in two reviews of an adopted charter, two
months apart, in three groups: shared by the reviews' domain tests and the Kent day's browser test."""

GROUPS = ["parent_carer"] * 3 + ["young_person"] * 3 + ["education"] * 3
# Each person's answers to the three questions, in the first review and in the second.
JANUARY_ANSWERS = [
    ("yes", "not_yet", "dont_know"),
    ("partly", "not_yet", "yes"),
    ("not_yet", "not_yet", "yes"),
    ("yes", "partly", "yes"),
    ("not_yet", "not_yet", "partly"),
    ("not_yet", "yes", "dont_know"),
    ("yes", "not_yet", "yes"),
    ("partly", "not_yet", "yes"),
    ("not_yet", "partly", "yes"),
]
MARCH_ANSWERS = [
    ("yes", "yes", "yes"),
    ("yes", "partly", "yes"),
    ("partly", "yes", "yes"),
    ("yes", "yes", "yes"),
    ("yes", "partly", "not_yet"),
    ("partly", "yes", "dont_know"),
    ("yes", "yes", "yes"),
    ("yes", "not_yet", "yes"),
    ("not_yet", "yes", "yes"),
]
