"""Facilitator accounts and personal API tokens: plain arguments in, plain results out."""

import hashlib
import re
import secrets
from datetime import UTC, datetime, timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..errors import Conflict, DomainError
from ..models import ApiToken, Facilitator, utcnow

MIN_PASSWORD_LENGTH = 12
MAX_EMAIL_LENGTH = 254
# Shape only: whether the address really works is for the mail server to say.
EMAIL_SHAPE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
# Writing last_used_at on every request would turn each API read into a write.
TOKEN_USE_RESOLUTION = timedelta(minutes=1)
DUPLICATE_EMAIL = "There is already a facilitator account with this email address"

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


def issue_api_token(session: Session, facilitator: Facilitator) -> str:
    """A new personal API token; only its hash is stored, so show it once."""
    token = secrets.token_urlsafe(32)
    session.add(ApiToken(facilitator=facilitator, token_hash=hash_token(token)))
    return token


def facilitator_for_token(session: Session, token: str) -> Facilitator | None:
    """The owner of an API token, or None. Its time of use is updated at most once a minute, to commit."""
    if not token:
        return None
    api_token = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    if api_token is None:
        return None
    now = utcnow()
    if api_token.last_used_at is None or now - _as_utc(api_token.last_used_at) >= TOKEN_USE_RESOLUTION:
        api_token.last_used_at = now
    return api_token.facilitator


def _as_utc(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; every time stored here is UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
