"""The facilitator's forms for creating a workshop and moving the room through it, and the phone's plain form."""

from flask import current_app
from wtforms import DateField, Field, SelectMultipleField, StringField
from wtforms.validators import Optional

from .. import labels
from ..forms import NOT_ON_THE_PAGE, AnchorField, IdField, PageForm, text_field


class YesNoField(Field):
    """A pair of radios valued "yes" and "no", read as True or False; left out, its default."""

    def __init__(self, default: bool = True, **kwargs):
        super().__init__(default=default, **kwargs)

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        if valuelist[0] not in ("yes", "no"):
            raise ValueError(NOT_ON_THE_PAGE)
        self.data = valuelist[0] == "yes"


class NewWorkshopForm(PageForm):
    # The title and the charters are checked by create_workshop, for the API too.
    title = text_field()
    area = text_field()
    held_on = DateField(
        validators=[Optional()], invalid_value_message="Enter the date as a real date, for example 2026-12-01"
    )
    charters = SelectMultipleField(validate_choice=False, default=[])
    ask_groups = YesNoField()
    results_hidden = YesNoField()
    # Typed by the facilitator: the domain says what it must be. Left out, the installation's own.
    min_group_size = StringField(default=lambda: current_app.config["MIN_GROUP_SIZE"])


class BoardField(IdField):
    """A board's id, or None for every board: the console's "all", or nothing."""

    def process_formdata(self, valuelist):
        if valuelist and valuelist[0] == "all":
            self.data = None
            return
        super().process_formdata(valuelist)


class ControlForm(PageForm):
    """Every console button: the action, and the values that action needs (see live/control.py)."""

    action = text_field()
    stage = text_field()
    board_id = BoardField()
    kind = text_field()
    item_id = IdField()
    participant_id = IdField()
    email = text_field()
    min_group_size = text_field()
    statement_id = IdField()
    title = text_field()
    votes = text_field()
    what = text_field()
    who = text_field()
    due = text_field()
    link = text_field()
    return_to = AnchorField(default="")

    def values(self) -> dict:
        """The values for live.control.apply_control."""
        names = ("stage", "board_id", "kind", "item_id", "participant_id", "email", "min_group_size", "statement_id")
        names += ("title", "votes")
        names += ("what", "who", "due", "link")
        return {name: self[name].data for name in names}


def _sent_text() -> StringField:
    """Text as sent, or None when the form leaves it out (not every operation has it)."""
    return StringField(default=None)


class OperationForm(PageForm):
    """The phone's plain forms, used when scripts cannot run: one operation each (live/messages.py)."""

    operation_id = text_field()
    kind = text_field()
    board_id = IdField()
    statement_id = IdField()
    card_id = IdField()
    comment_id = IdField()
    note_id = IdField()
    outcome_id = IdField()
    value = _sent_text()
    column = _sent_text()
    text = _sent_text()
    supported = YesNoField()
    return_to = AnchorField(default="")

    def operation(self) -> dict:
        """The operation as the phone's script would send it, for live.messages.checked_operation."""
        names = ("kind", "board_id", "statement_id", "card_id", "comment_id", "note_id", "outcome_id")
        names += ("value", "column", "text")
        return {"id": self.operation_id.data, "supported": self.supported.data} | {
            name: self[name].data for name in names
        }


class CountField(Field):
    """A count typed by the facilitator: a whole number, nought when left empty; how large is the domain's to say."""

    def __init__(self, choice: str, **kwargs):
        super().__init__(default=0, **kwargs)
        self.choice = choice

    def process_formdata(self, valuelist):
        typed = valuelist[0].strip() if valuelist else ""
        if not typed:
            self.data = 0
            return
        # Only digits 0 to 9, and few enough of them (int() takes other scripts' digits too).
        if not (typed.isascii() and typed.isdigit() and len(typed) <= 9):
            self.data = None
            raise ValueError(labels.PAPER_FORM["not_a_count"].format(choice=labels.TAGS[self.choice]))
        self.data = int(typed)


class PaperTotalsForm(PageForm):
    """The console's form for one statement and group's totals from paper (live/paper.py)."""

    statement_id = IdField()
    group = text_field()
    borrow = CountField("borrow")
    adapt = CountField("adapt")
    ignore = CountField("ignore")
