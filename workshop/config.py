"""Settings, read from the environment once at start."""

import os
import secrets
from pathlib import Path

from .jobs import Limits
from .models import DEFAULT_MIN_GROUP_SIZE, HIGHEST_MIN_GROUP_SIZE, LOWEST_MIN_GROUP_SIZE


def _instance_secret(instance_path: Path) -> str:
    """Keep a generated secret in the instance folder so sessions survive restarts."""
    secret_file = instance_path / "secret_key"
    if secret_file.exists():
        return secret_file.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_hex(32)
    secret_file.write_text(secret)
    secret_file.chmod(0o600)
    return secret


def _whole_number(env, name: str, default: int, lowest: int, highest: int) -> int:
    """A setting that is a whole number, refused at start when it is not one or is out of range."""
    value = env.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or not lowest <= int(value) <= highest:
        raise ValueError(f"{name} must be a whole number from {lowest} to {highest}, not {value!r}.")
    return int(value)


def load_config(instance_path: Path, overrides: dict | None = None) -> dict:
    overrides = overrides or {}
    env = os.environ
    config = {
        "DATABASE_URL": env.get("DATABASE_URL") or f"sqlite:///{instance_path / 'workshop.sqlite3'}",
        "REDIS_URL": env.get("REDIS_URL") or None,
        # The Redis channel that the processes of one installation share.
        "SOCKETIO_CHANNEL": env.get("SOCKETIO_CHANNEL") or "charter-workshop",
        # How Socket.IO waits for the network. `python -m workshop` serves with gevent
        # and sets this itself; in-process uses (tests, commands) stay with threads.
        "ASYNC_MODE": "threading",
        "PORT": int(env.get("PORT", "5000")),
        # How many proxies in front of the app set X-Forwarded-For and X-Forwarded-Proto
        # (1 behind deploy/nginx.conf). None are trusted unless told: anyone could send them.
        "TRUSTED_PROXIES": _whole_number(env, "TRUSTED_PROXIES", 0, 0, 5),
        # Uploads of a council's own charter: Word and PDF files are small.
        "MAX_CONTENT_LENGTH": 10 * 1024 * 1024,
        # Pasted charter text can be 200,000 characters, more bytes than that when not ASCII.
        "MAX_FORM_MEMORY_SIZE": 2 * 1024 * 1024,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": env.get("SESSION_COOKIE_SECURE", "").lower() in ("1", "true", "yes"),
        "SEED_CHARTERS_DIR": str(Path(__file__).resolve().parent.parent / "seed_charters"),
        "MIGRATE_ON_START": True,
        "SEED_ON_START": True,
        "WTF_CSRF_TIME_LIMIT": None,
        # The background task that sends coalesced counts; handler tests send by hand.
        "LIVE_UPDATES": True,
        # A new workshop's smallest group shown on its own in results by group (the facilitator can change it).
        "MIN_GROUP_SIZE": _whole_number(
            env, "MIN_GROUP_SIZE", DEFAULT_MIN_GROUP_SIZE, LOWEST_MIN_GROUP_SIZE, HIGHEST_MIN_GROUP_SIZE
        ),
        # Days after a workshop closes before the names people gave and their phones' tokens are erased.
        "RETENTION_NAMES_DAYS": _whole_number(env, "RETENTION_NAMES_DAYS", 30, 0, 3650),
        # Days after a workshop is created before it is listed for its facilitators to export and delete.
        "RETENTION_WORKSHOPS_DAYS": _whole_number(env, "RETENTION_WORKSHOPS_DAYS", 365, 1, 3650),
        # A phone shows its copy of a workshop's page (static/js/service-worker.js), when the
        # network is down, for at most this many hours after it last heard from the room.
        "PHONE_COPY_HOURS": 12,
        # What a job in a worker process (workshop/jobs.py: reading an upload, preparing a download) may
        # take before it is stopped and refused: seconds by the clock, seconds of CPU time, memory.
        "JOB_LIMITS": Limits(
            seconds=_whole_number(env, "JOB_SECONDS", Limits.seconds, 1, 600),
            cpu_seconds=_whole_number(env, "JOB_CPU_SECONDS", Limits.cpu_seconds, 1, 600),
            memory_bytes=_whole_number(env, "JOB_MEMORY_MB", Limits.memory_bytes // 2**20, 256, 65_536) * 2**20,
            idle=env.get("JOB_SCHED_IDLE", "").lower() in ("1", "true", "yes"),
        ),
    }
    config.update(overrides)
    # The limits on guessing (workshop/limits.py) are kept where the live events go, so
    # that every process counts together, under the installation's own name.
    config.setdefault("RATELIMIT_STORAGE_URI", config["REDIS_URL"] or "memory://")
    config.setdefault("RATELIMIT_KEY_PREFIX", config["SOCKETIO_CHANNEL"])
    if "SECRET_KEY" not in config:
        config["SECRET_KEY"] = env.get("SECRET_KEY") or _instance_secret(instance_path)
    return config
