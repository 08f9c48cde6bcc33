"""What a phone downloads: text responses compressed, static files cached for a year.

Flask-Compress compresses pages, JSON and the static styles and scripts with
brotli where the browser takes it (every current browser does over HTTPS, and
to 127.0.0.1), otherwise zstd, gzip or deflate. Brotli's quality 5 makes the
participant's page and its scripts a tenth smaller than its default of 4, for
a millisecond or two more each. Socket.IO's requests never reach Flask's
response hooks: Flask-SocketIO answers them in a WSGI middleware in front of
the app, and Engine.IO compresses long-polling answers itself.

`url_for("static", ...)` adds the file's version, a hash of its contents, as
`?v=`; a request carrying the current version is cached by the browser for a
year, since a changed file gets a new address. A request without it (or with
an old one) is answered as Flask answers it, to be checked again each time.
"""

import hashlib
from functools import lru_cache
from pathlib import Path

from flask import Flask, current_app, request
from flask_compress import Compress
from werkzeug.security import safe_join

A_YEAR = 365 * 24 * 60 * 60
# Best first, for browsers that take several equally. Flask-Compress leaves gzip out for
# streamed responses, which static files are, but browsers offer only gzip and deflate
# over plain HTTP.
ALGORITHMS = ["br", "zstd", "gzip", "deflate"]

compress = Compress()


def init_app(app: Flask) -> None:
    app.config.setdefault("COMPRESS_ALGORITHM", ALGORITHMS)
    app.config.setdefault("COMPRESS_ALGORITHM_STREAMING", ALGORITHMS)
    app.config.setdefault("COMPRESS_BR_LEVEL", 5)
    compress.init_app(app)

    @app.url_defaults
    def add_static_version(endpoint, values):
        if endpoint == "static" and "filename" in values:
            version = static_version(values["filename"])
            if version:
                values.setdefault("v", version)

    @app.after_request
    def cache_versioned_static_files(response):
        filename = (request.view_args or {}).get("filename")
        if request.endpoint == "static" and response.status_code == 200 and filename:
            version = request.args.get("v")
            if version and version == static_version(filename):
                response.cache_control.no_cache = None
                response.cache_control.public = True
                response.cache_control.max_age = A_YEAR
                response.cache_control.immutable = True
                # Never asked about again: its validators and download name would be bytes a
                # phone on a slow network pays for nothing.
                for header in ("ETag", "Last-Modified", "Content-Disposition"):
                    response.headers.pop(header, None)
        return response


def static_version(filename: str) -> str | None:
    """A short hash of a static file's contents, or None when there is no such file."""
    joined = safe_join(current_app.static_folder, filename)
    if joined is None:
        return None
    path = Path(joined)
    try:
        stat = path.stat()
    except OSError:
        return None
    return _file_hash(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=256)
def _file_hash(path: Path, modified: int, size: int) -> str:
    """Read again only when the file changes (its time or size), as when the styles are built again."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]
