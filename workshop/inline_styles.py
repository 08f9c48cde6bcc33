"""Styles a page carries inline, so that it is drawn as soon as it arrives.

`scripts/build-critical-styles.mjs` writes, at set-up, the rules of the built
stylesheet that a page needs before its scripts run (static/build/critical/
<page>.css). The page puts them in a `<style>` element in its head and loads
the whole stylesheet after (docs/performance.md). The Content-Security-Policy
allows exactly those styles, by their SHA-256 hashes, and no other inline style.
"""

import base64
import hashlib
from functools import lru_cache
from pathlib import Path

from flask import Flask, current_app
from markupsafe import Markup

FOLDER = "build/critical"
# The pages that carry critical styles (scripts/build-critical-styles.mjs builds them).
PAGES = ("participant",)


def critical_styles(page: str) -> Markup:
    """The page's critical styles, or nothing when they have not been built."""
    found = _built(page)
    return Markup(found[0]) if found else Markup("")


def style_hashes() -> list[str]:
    """The CSP source of each page's critical styles, as `'sha256-...'`."""
    return [found[1] for found in map(_built, PAGES) if found]


def _built(page: str) -> tuple[str, str] | None:
    path = Path(current_app.static_folder) / FOLDER / f"{page}.css"
    try:
        stat = path.stat()
    except OSError:
        return None
    return _read(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=16)
def _read(path: Path, modified: int, size: int) -> tuple[str, str]:
    """The styles and their hash; read again only when the file changes (the styles built again)."""
    text = path.read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
    return text, f"'sha256-{digest}'"


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(critical_styles=critical_styles)
