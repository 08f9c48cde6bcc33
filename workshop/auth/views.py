"""Sign in, sign out, and the first-run page that asks for the first account."""

import math

from flask import flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from ..answers import refusal_message
from ..errors import DomainError
from ..extensions import db
from ..limits import SIGN_IN_ACCOUNT_AT_ADDRESS, SIGN_IN_FROM_ADDRESS, SIGN_IN_TO_ACCOUNT, client_address
from ..models import Facilitator, utcnow
from . import bp
from .accounts import (
    DEFAULT_TOKEN_LIFETIME,
    MAX_EMAIL_LENGTH,
    api_tokens_of,
    authenticate,
    create_facilitator,
    has_any_facilitator,
    normalise_email,
    revoke_api_tokens,
    token_state,
)
from .forms import SetupForm, SignInForm

# The same words for an unknown address and a wrong password, so the page
# does not tell anyone which addresses have an account.
WRONG_CREDENTIALS = "Enter a correct email address and password"
TOO_MANY_ATTEMPTS = "Too many attempts"


def too_many_attempts(seconds: float) -> str:
    """How long to wait, as long as the limit that was reached says: a quarter of an hour, or up to an hour."""
    minutes = max(1, math.ceil(seconds / 60))
    return f"{TOO_MANY_ATTEMPTS}: wait {minutes} minute{'' if minutes == 1 else 's'} and try again"


def sign_in_limits(email: str) -> list:
    """Each limit on failed sign-ins (workshop/limits.py) with what it counts for this attempt."""
    account, address = normalise_email(email)[:MAX_EMAIL_LENGTH], client_address()
    return [
        (SIGN_IN_ACCOUNT_AT_ADDRESS, f"{account} at {address}"),
        (SIGN_IN_FROM_ADDRESS, address),
        (SIGN_IN_TO_ACCOUNT, account),
    ]


def safe_next(target: str | None) -> str | None:
    """The page to go to after signing in, only if it is a path on this site."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    # Browsers read a backslash as a slash and skip tabs and newlines, so
    # "/\evil.example" or "/\t/evil.example" would leave the site.
    if "\\" in target or any(ord(char) <= 0x20 or ord(char) == 0x7F for char in target):
        return None
    return target


def start_session(facilitator: Facilitator) -> None:
    # A new session on sign-in, so that one planted beforehand (fixation) is worthless.
    session.clear()
    login_user(facilitator, remember=False)


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in():
    next_path = safe_next(request.values.get("next"))
    if not has_any_facilitator(db.session):
        return redirect(url_for("auth.setup", next=next_path))
    if current_user.is_authenticated:
        return redirect(next_path or url_for("site.home"))

    email = request.form.get("email", "")
    errors = {}
    status, headers = 200, {}
    if request.method == "POST":
        form = SignInForm()
        password = form.password.data
        errors = {} if form.validate() else form.problems()
        if not errors:
            limits = sign_in_limits(email)
            wait = max(limit.wait(key) for limit, key in limits)
            if wait:
                errors["email"] = too_many_attempts(wait)
                status, headers = 429, {"Retry-After": str(math.ceil(wait))}
            elif (facilitator := authenticate(db.session, email, password)) is None:
                for limit, key in limits:
                    limit.count(key)
                errors["email"] = WRONG_CREDENTIALS
            else:
                # A password hash made stronger on the way in is kept.
                db.session.commit()
                # Someone who mistyped and then got it right starts afresh at this address.
                limit, key = limits[0]
                limit.forget(key)
                start_session(facilitator)
                return redirect(next_path or url_for("site.home"))
    return render_template("auth/sign_in.html", email=email, errors=errors, next_path=next_path), status, headers


@bp.route("/setup", methods=["GET", "POST"])
def setup():
    # Only the first account is made here; later ones come from the command line.
    if has_any_facilitator(db.session):
        return redirect(url_for("auth.sign_in"))
    next_path = safe_next(request.values.get("next"))

    email = request.form.get("email", "")
    errors = {}
    if request.method == "POST":
        form = SetupForm()
        errors = {} if form.validate() else form.problems()
        if not errors:
            try:
                facilitator = create_facilitator(db.session, email, form.password.data)
                db.session.commit()
            except DomainError as refused:
                errors["password" if refused.code == "invalid_password" else "email"] = refusal_message(refused)
            else:
                start_session(facilitator)
                flash("Your facilitator account is ready", "success")
                return redirect(next_path or url_for("site.home"))
    return render_template("auth/setup.html", email=email, errors=errors, next_path=next_path)


@bp.post("/sign-out")
def sign_out():
    logout_user()
    flash("You have signed out", "success")
    return redirect(url_for("site.home"))


@bp.get("/account")
@login_required
def account():
    """The facilitator's account: their email address and every API token they have had."""
    now = utcnow()
    tokens = [(api_token, token_state(api_token, now)) for api_token in api_tokens_of(db.session, current_user)]
    return render_template("auth/account.html", tokens=tokens, default_days=DEFAULT_TOKEN_LIFETIME.days)


@bp.post("/account/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id):
    # Only the facilitator's own tokens: another's number is not found.
    revoke_api_tokens(db.session, current_user, token_id)
    db.session.commit()
    flash(f"API token {token_id} is revoked: a script that sends it is refused from now on.", "success")
    return redirect(url_for("auth.account"))
