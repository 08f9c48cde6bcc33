"""Limits on guessing: failed sign-ins, and join codes that name no workshop.

Flask-Limiter keeps the counts in a moving window: in the installation's
Redis when it has one (`RATELIMIT_STORAGE_URI`, `REDIS_URL` unless set), so
that every process counts together, and in the process's memory otherwise.
Only failures are counted: a room of phones joining at once from one venue's
address is never held up, nor a facilitator who signs in. Once a limit is
reached, the attempt is refused before it is tried, so a guesser learns
nothing more, not even from the right answer, until the window moves on.
The address is the client's as `TRUSTED_PROXIES` has it (README.md).
If Redis cannot be reached, each process counts in its own memory until it
can again, rather than turning away a room that is joining.
"""

import logging
import time

from flask import current_app, request
from flask_limiter import Limiter
from limits import parse
from limits.errors import StorageError
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from redis.exceptions import RedisError

log = logging.getLogger(__name__)


class FailureLimit:
    """At most `rate` failures (say "10 per 15 minutes") for each key of one kind."""

    def __init__(self, kind: str, rate: str):
        self.kind = kind
        self.item = parse(rate)

    def reached(self, key: str) -> bool:
        return not _counted("test", self.item, *self._identifiers(key))

    def wait(self, key: str) -> float:
        """Seconds until one more attempt is allowed: 0 while the limit is not reached."""
        stats = _counted("get_window_stats", self.item, *self._identifiers(key))
        return 0.0 if stats.remaining > 0 else max(0.0, stats.reset_time - time.time())

    def count(self, key: str) -> None:
        _counted("hit", self.item, *self._identifiers(key))

    def forget(self, key: str) -> None:
        _counted("clear", self.item, *self._identifiers(key))

    def _identifiers(self, key: str) -> tuple[str, ...]:
        # The installation's prefix keeps two installations that share a Redis apart.
        return current_app.config["RATELIMIT_KEY_PREFIX"], self.kind, key


# Signing in. Ten wrong passwords for one account from one address stop that
# account at that address only: its owner can still sign in from elsewhere, and
# colleagues in the same office to their own accounts. Many accounts tried from
# one address (spraying) stop at thirty; one account tried from many addresses
# at a hundred an hour.
SIGN_IN_ACCOUNT_AT_ADDRESS = FailureLimit("sign-in-account-at-address", "10 per 15 minutes")
SIGN_IN_FROM_ADDRESS = FailureLimit("sign-in-from-address", "30 per 15 minutes")
SIGN_IN_TO_ACCOUNT = FailureLimit("sign-in-to-account", "100 per hour")

# Join codes that name no workshop, from one address: people mistype a code
# now and then; twenty a minute is under 30,000 a day against 148 million codes.
JOIN_CODE_GUESSES = FailureLimit("join-code-guesses", "20 per minute")


def client_address() -> str:
    return request.remote_addr or "unknown"


def _counted(action: str, *arguments):
    limiters = current_app.extensions["failure_limiter"]
    try:
        return getattr(limiters.shared.limiter, action)(*arguments)
    except (RedisError, StorageError) as error:
        log.warning("The store of failed attempts cannot be reached (%s): counting in this process", error)
        return getattr(limiters.local, action)(*arguments)


class _Limiters:
    def __init__(self, shared: Limiter):
        self.shared = shared
        self.local = MovingWindowRateLimiter(MemoryStorage())


def init_app(app) -> None:
    # No route is limited as such: the limits above are checked where the attempts are made.
    limiter = Limiter(client_address, strategy="moving-window", storage_uri=app.config["RATELIMIT_STORAGE_URI"])
    limiter.init_app(app)
    app.extensions["failure_limiter"] = _Limiters(limiter)
