"""Facilitator accounts and personal API tokens: plain arguments in, plain results out."""

import hashlib
import re
import secrets
from datetime import datetime, timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..errors import Conflict, DomainError, NotFound, Unauthorised
from ..models import DEFAULT_API_TOKEN_DAYS, ApiToken, Facilitator, as_utc, utcnow

MIN_PASSWORD_LENGTH = 12
MAX_EMAIL_LENGTH = 254
# Shape only: whether the address really works is for the mail server to say.
# No spaces and no control characters (PostgreSQL cannot even compare text holding a NUL).
EMAIL_SHAPE = re.compile(r"[^@\s\x00-\x1f\x7f]+@[^@\s\x00-\x1f\x7f]+\.[^@\s\x00-\x1f\x7f]+")
# Writing last_used_at on every request would turn each API read into a write.
TOKEN_USE_RESOLUTION = timedelta(minutes=1)
# How long a personal API token works unless it is made to last another time, and the longest it may.
DEFAULT_TOKEN_LIFETIME = timedelta(days=DEFAULT_API_TOKEN_DAYS)
LONGEST_TOKEN_LIFETIME = timedelta(days=366)
TOKEN_LIFETIME_UNITS = {"h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1)}
TOKEN_LIFETIME = re.compile(r"(\d{1,5})([hdw])")
DUPLICATE_EMAIL = "There is already a facilitator account with this email address"
# Why a token no longer works, and what to do.
TOKEN_REFUSED = {
    state: f"This API token {said}. Make a new one: flask --app workshop facilitator token EMAIL --expires-in 90d"
    for state, said in (("expired", "has expired"), ("revoked", "was revoked"))
}

_hasher = PasswordHasher()


def normalise_email(email: str) -> str:
    return email.strip().lower()


def email_problem(email: str) -> str | None:
    """What is wrong with an email address, in words to show, or None."""
    email = normalise_email(email)
    if not email:
        return "Enter an email address"
    if len(email) > MAX_EMAIL_LENGTH:
        return f"Email address must be {MAX_EMAIL_LENGTH} characters or fewer"
    if not EMAIL_SHAPE.fullmatch(email):
        return "Enter an email address in the correct format, like name@example.com"
    return None


def password_problem(password: str) -> str | None:
    if not password:
        return "Enter a password"
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Password must be {MIN_PASSWORD_LENGTH} characters or more"
    return None


def find_facilitator(session: Session, email: str) -> Facilitator | None:
    if email_problem(email):
        # No account has an address like this: accounts are made only with well-formed ones.
        return None
    return session.scalar(select(Facilitator).where(Facilitator.email == normalise_email(email)))


def has_any_facilitator(session: Session) -> bool:
    return session.scalar(select(Facilitator.id).limit(1)) is not None


def create_facilitator(session: Session, email: str, password: str) -> Facilitator:
    """A new account; refused for bad input ("invalid_email", "invalid_password") or a taken address."""
    for code, problem in (("invalid_email", email_problem(email)), ("invalid_password", password_problem(password))):
        if problem:
            raise DomainError(code, problem)
    if find_facilitator(session, email) is not None:
        raise Conflict("duplicate_email", DUPLICATE_EMAIL)
    facilitator = Facilitator(email=normalise_email(email), password_hash=_hasher.hash(password))
    try:
        with session.begin_nested():
            session.add(facilitator)
    except IntegrityError:
        # Someone else took the address between the check and the insert.
        raise Conflict("duplicate_email", DUPLICATE_EMAIL) from None
    return facilitator


@cache
def _dummy_hash() -> str:
    return _hasher.hash(secrets.token_urlsafe(16))


def authenticate(session: Session, email: str, password: str) -> Facilitator | None:
    """The account these credentials belong to, or None. A stronger hash may be left to commit."""
    facilitator = find_facilitator(session, email)
    if facilitator is None:
        # Spend the same time as for a real account, so that response times
        # do not tell which addresses have one.
        _verify(_dummy_hash(), password)
        return None
    if not _verify(facilitator.password_hash, password):
        return None
    if _hasher.check_needs_rehash(facilitator.password_hash):
        # The hashing parameters have been raised since this password was set.
        facilitator.password_hash = _hasher.hash(password)
    return facilitator


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_lifetime(written: str) -> timedelta:
    """How long a token is to work, written as hours, days or weeks: "24h", "90d", "12w"."""
    found = TOKEN_LIFETIME.fullmatch((written or "").strip().lower())
    lifetime = int(found[1]) * TOKEN_LIFETIME_UNITS[found[2]] if found else None
    if lifetime is None or not TOKEN_LIFETIME_UNITS["h"] <= lifetime <= LONGEST_TOKEN_LIFETIME:
        raise DomainError(
            "invalid_lifetime",
            f"Say how long the token works in hours, days or weeks, such as 24h, 90d or 12w, "
            f"from 1 hour to {LONGEST_TOKEN_LIFETIME.days} days.",
        )
    return lifetime


def issue_api_token(session: Session, facilitator: Facilitator, lifetime: timedelta = DEFAULT_TOKEN_LIFETIME) -> str:
    """A new personal API token, working for `lifetime`; only its hash is stored, so show it once."""
    token = secrets.token_urlsafe(32)
    session.add(ApiToken(facilitator=facilitator, token_hash=hash_token(token), expires_at=utcnow() + lifetime))
    return token


def api_tokens_of(session: Session, facilitator: Facilitator) -> list[ApiToken]:
    """Every API token the facilitator has had, newest first."""
    return list(
        session.scalars(select(ApiToken).where(ApiToken.facilitator_id == facilitator.id).order_by(ApiToken.id.desc()))
    )


def token_state(api_token: ApiToken, now: datetime) -> str:
    """Whether a token works now: "working", "expired" or "revoked"."""
    if api_token.revoked_at is not None:
        return "revoked"
    return "expired" if as_utc(api_token.expires_at) <= now else "working"


def revoke_api_tokens(session: Session, facilitator: Facilitator, token_id: int | None = None) -> int:
    """Revoke one of the facilitator's tokens (by its id), or every one still working; how many were."""
    now = utcnow()
    tokens = api_tokens_of(session, facilitator)
    if token_id is not None:
        tokens = [api_token for api_token in tokens if api_token.id == token_id]
        if not tokens:
            raise NotFound("unknown_token", f"{facilitator.email} has no API token numbered {token_id}.")
    revoked = [api_token for api_token in tokens if token_state(api_token, now) == "working"]
    for api_token in revoked:
        api_token.revoked_at = now
    return len(revoked)


def facilitator_for_token(session: Session, token: str) -> Facilitator | None:
    """The owner of an API token, or None for no such token; refused (401) when it has expired or was revoked.

    Its time of use is updated at most once a minute, to commit.
    """
    api_token = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(token))) if token else None
    if api_token is None:
        return None
    now = utcnow()
    state = token_state(api_token, now)
    if state != "working":
        raise Unauthorised(f"token_{state}", TOKEN_REFUSED[state])
    if api_token.last_used_at is None or now - as_utc(api_token.last_used_at) >= TOKEN_USE_RESOLUTION:
        api_token.last_used_at = now
    return api_token.facilitator
