"""Results by group that single nobody out: the minimum group size.

A group with fewer people than the workshop's minimum (3 unless the
facilitator sets another, never below 2) is not shown on its own. Every
breakdown anyone sees goes through `fold_groups`: the projector, the phones,
the console, the merge page, the results API, the CSVs, the Word appendix and
the JSON export. How many tags came from paper is shown by `paper_figure`,
by the same rule.

What is shown must not let a small group be worked out either. The total is
always exact, so whatever is not shown group by group (the small groups, and
the people who did not say) can be had by subtraction: that remainder must be
nobody or at least the minimum too. When it is not (one young person among
four parent carers: the total less the parent carers is the young person),
the smallest groups shown are folded in with it, one at a time, until it is;
when no group is left to show, the breakdown is withheld.
"""

from .. import labels
from ..errors import DomainError
from ..models import GROUPS, HIGHEST_MIN_GROUP_SIZE, LOWEST_MIN_GROUP_SIZE


def checked_min_group_size(value) -> int:
    """A minimum group size as a whole number in range; refused otherwise."""
    if isinstance(value, str):
        typed = value.strip()
        # Only digits 0 to 9, and few enough of them: int() takes other scripts' digits, and
        # refuses more than 4,300 of them with an error of its own.
        value = int(typed) if typed.isascii() and typed.isdigit() and len(typed) <= 9 else None
    if (
        not isinstance(value, int)
        or isinstance(value, bool)
        or not LOWEST_MIN_GROUP_SIZE <= value <= HIGHEST_MIN_GROUP_SIZE
    ):
        raise DomainError(
            "invalid_min_group_size",
            f"The smallest group shown on its own must be a whole number from {LOWEST_MIN_GROUP_SIZE} "
            f"to {HIGHEST_MIN_GROUP_SIZE}.",
        )
    return value


def fold_groups(by_group: dict[str, dict[str, int]], total: dict[str, int], minimum: int) -> dict:
    """What may be shown of a breakdown by group.

    `by_group` maps a group to its counts (borrow / adapt / ignore, or people,
    or supports); `total` is everyone's, including people who gave no group.
    The answer: `by_group`, the groups shown on their own (each of at least
    `minimum` people); `other_groups`, everyone else's counts when a group was
    folded in with them (None otherwise); `groups_withheld`, True when people
    gave groups but no group can be shown.
    """
    size = {group: sum(counts.values()) for group, counts in by_group.items()}
    shown = [group for group in GROUPS if size.get(group, 0) >= minimum]
    everyone = sum(total.values())
    while shown:
        rest = everyone - sum(size[group] for group in shown)
        if rest == 0 or rest >= minimum:
            break
        # Fold the smallest group shown (the later in the list, of two the same size) in with the rest.
        shown.remove(min(reversed(shown), key=lambda group: size[group]))
    folded = any(size[group] for group in by_group if group not in shown)
    if not shown:
        return {"by_group": {}, "other_groups": None, "groups_withheld": folded}
    other = None
    if folded:
        other = {key: total[key] - sum(by_group[group].get(key, 0) for group in shown) for key in total}
    return {
        "by_group": {group: dict(by_group[group]) for group in shown},
        "other_groups": other,
        "groups_withheld": False,
    }


def protected_counts(counts: dict[int, dict], minimum: int, *, real: bool = False) -> dict[int, dict]:
    """A board's counts (results.board_counts) with every statement's groups folded.

    With `real`, for the facilitator's console only, each statement also keeps
    its real figures by group as `real_by_group`, shown only if they choose.
    """
    return {statement_id: protected_entry(entry, minimum, real=real) for statement_id, entry in counts.items()}


def protected_entry(entry: dict, minimum: int, *, real: bool = False) -> dict:
    """One statement's counts with its groups folded (see `protected_counts`)."""
    shown = {key: value for key, value in entry.items() if key not in ("by_group", "paper")}
    shown.update(fold_groups(entry["by_group"], entry["total"], minimum))
    if "paper" in entry:
        shown["paper"] = paper_figure(entry["paper"], entry["total"], minimum)
    if real:
        shown["real_by_group"] = entry["by_group"]
    return shown


def fold_numbers(by_group: dict[str, int], everyone: int, minimum: int) -> dict:
    """A breakdown of one number (people in the room, supports of a card) folded as `fold_groups` does.

    `everyone` counts people who gave no group too. The answer has the same keys, with numbers.
    """
    folded = fold_groups({group: {"n": n} for group, n in by_group.items() if n}, {"n": everyone}, minimum)
    return {
        "by_group": {group: counts["n"] for group, counts in folded["by_group"].items()},
        "other_groups": folded["other_groups"]["n"] if folded["other_groups"] else None,
        "groups_withheld": folded["groups_withheld"],
    }


def group_note(folded: dict, minimum: int) -> str | None:
    """Why a breakdown shows less than everything; None when it hides nothing."""
    if folded["groups_withheld"] or folded["other_groups"] is not None:
        return labels.GROUP_NOTE.format(minimum=minimum)
    return None


def groups_shown_in_room(people: dict[str | None, int], minimum: int) -> set[str]:
    """The groups that may be written against a person (their number) in a file: each is of at least
    `minimum` people, and everyone else together is nobody or at least `minimum` too. `people` counts the
    people behind the file by group, None for those who did not say."""
    everyone = sum(people.values())
    return set(fold_numbers({group: n for group, n in people.items() if group}, everyone, minimum)["by_group"])


def supported_figure(supported: int, minimum: int) -> dict:
    """How many took part with a supporter, as it may be shown: never who, never by group, and a number
    below the minimum group size only as "fewer than": `{"people": n or None, "fewer_than": the minimum or
    None, "text": "3 people took part with a supporter"}`."""
    if 0 < supported < minimum:
        return {"people": None, "fewer_than": minimum, "text": labels.SUPPORTED_FEWER.format(minimum=minimum)}
    return {"people": supported, "fewer_than": None, "text": labels.counted(labels.SUPPORTED, supported)}


def paper_figure(paper: dict[str, int], total: dict[str, int], minimum: int) -> dict:
    """How many of a statement's tags came from paper (live/paper.py), as it may be shown.

    How many, below the minimum group size, only as "fewer than"; and how they chose (`counts`) only when
    those on paper and those on phones are each nobody or at least the minimum, since the total less either
    is the other's choices. `{"people": n or None, "fewer_than": the minimum or None, "counts": {"borrow",
    "adapt", "ignore"} or None, "text": "Includes 4 from paper"}`.
    """
    people = sum(paper.values())
    if people < minimum:
        fewer = labels.FROM_PAPER_FEWER.format(minimum=minimum)
        return {"people": None, "fewer_than": minimum, "counts": None, "text": fewer}
    phones = sum(total.values()) - people
    shown = dict(paper) if phones == 0 or phones >= minimum else None
    return {"people": people, "fewer_than": None, "counts": shown, "text": labels.counted(labels.FROM_PAPER, people)}
