"""The facilitator's page forms: WTForms, through Flask-WTF, reads, converts and checks what a form sent.

Each area keeps its pages' forms in its own forms.py, on the base here. What
is the domain's to decide (a workshop needs a title, a draft its themes)
stays in the domain; the page shows its refusal against the same field.
"""

import re

from flask_wtf import FlaskForm
from wtforms import Field, IntegerField, StringField
from wtforms.validators import NumberRange, Optional

from .validation import INT_MAX

# Only a changed page can send an id or a position that is not one of its own.
NOT_ON_THE_PAGE = "That is not one of the page's choices. Reload the page and try again."


class PageForm(FlaskForm):
    class Meta:
        # CSRFProtect (extensions.csrf) already checks the token of every form the app receives.
        csrf = False

    def problems(self) -> dict[str, str]:
        """The first problem with each field, in the form's order: what the page's error summary lists."""
        return {field.name: field.errors[0] for field in self if field.errors}

    def first_problem(self) -> str:
        """For a page that shows one message in a banner."""
        return next(iter(self.problems().values()))


def text_field() -> StringField:
    """Text as sent, "" when the form leaves it out: the domain cleans and checks it."""
    return StringField(default="")


class AnchorField(StringField):
    """Where to go back to on the page after a change: an element's id as "#id", or "" for anything else."""

    ANCHOR = re.compile(r"^#[A-Za-z][\w-]{0,80}$")

    def process_formdata(self, valuelist):
        self.data = valuelist[0] if valuelist and self.ANCHOR.match(valuelist[0]) else ""


class IdField(IntegerField):
    """The id of something on the page, or None when the form leaves it out."""

    def __init__(self, label=None, **kwargs):
        validators = [Optional(), NumberRange(1, INT_MAX, message=NOT_ON_THE_PAGE)]
        super().__init__(label, validators, invalid_value_message=NOT_ON_THE_PAGE, **kwargs)


class NumberField(IntegerField):
    """A position or a count on the page, from 0, or None when the form leaves it out."""

    def __init__(self, label=None, **kwargs):
        validators = [Optional(), NumberRange(0, INT_MAX, message=NOT_ON_THE_PAGE)]
        super().__init__(label, validators, invalid_value_message=NOT_ON_THE_PAGE, **kwargs)


class IdListField(Field):
    """The ids of things on the page, one for each ticked checkbox (or hidden field) of the name; [] for none."""

    def process_formdata(self, valuelist):
        self.data = []
        for value in valuelist:
            if not value.isdigit() or not 1 <= int(value) <= INT_MAX:
                raise ValueError(NOT_ON_THE_PAGE)
            self.data.append(int(value))

    def _value(self):
        return ""
