"""The forms of a review: adopting the draft, opening a review, and a person's answers."""

from datetime import UTC, datetime, time, timedelta

from flask import request
from wtforms import DateField
from wtforms.validators import Optional

from ..forms import IdField, PageForm, text_field
from ..live.forms import YesNoField

# Longer than any answer's value: anything longer is not one.
ANSWER_MAX = 20


class ButtonForm(PageForm):
    """A button and the form's token, nothing more: adopting, closing, deleting, taking answers back."""


class OpenReviewForm(PageForm):
    title = text_field()
    closes_on = DateField(
        validators=[Optional()], invalid_value_message="Enter the closing date as a real date, for example 2027-01-31"
    )

    def closes_at(self) -> datetime | None:
        """The end of the closing day (UK time is never more than an hour from UTC: midnight UTC after it)."""
        if self.closes_on.data is None:
            return None
        return datetime.combine(self.closes_on.data + timedelta(days=1), time(0), UTC)


class HideExampleForm(PageForm):
    item_id = IdField()
    hidden = YesNoField()


class AnswerForm(PageForm):
    """A person's answers: `answer-<statement id>` and `example-<statement id>` for each question, and a group."""

    group = text_field()

    def answers(self, question_ids: list[int]) -> dict[int, tuple[str, str]]:
        sent = request.form
        return {
            statement_id: (sent.get(f"answer-{statement_id}", "")[:ANSWER_MAX], sent.get(f"example-{statement_id}", ""))
            for statement_id in question_ids
            if f"answer-{statement_id}" in sent
        }
