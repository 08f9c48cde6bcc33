"""The sign-in and first-account forms."""

from wtforms import PasswordField, StringField, ValidationError
from wtforms.validators import DataRequired, InputRequired

from ..forms import PageForm
from .accounts import email_problem, password_problem


class SignInForm(PageForm):
    email = StringField(default="", validators=[DataRequired("Enter your email address")])
    password = PasswordField(default="", validators=[InputRequired("Enter your password")])


def _checked_by(problem_of):
    """A validator that says what the accounts' own check finds wrong."""

    def check(_form, field):
        problem = problem_of(field.data or "")
        if problem:
            raise ValidationError(problem)

    return check


class SetupForm(PageForm):
    email = StringField(default="", validators=[_checked_by(email_problem)])
    password = PasswordField(default="", validators=[_checked_by(password_problem)])
    confirm_password = PasswordField(default="")

    def validate_confirm_password(self, field):
        if not self.password.data:
            return
        if not field.data:
            raise ValidationError("Enter the password again")
        if field.data != self.password.data:
            raise ValidationError("Enter the same password in both fields")
