"""A large request body read in turns, so that the server goes on answering the room while it is parsed.

Under gevent, reading a body that has already arrived never waits, so
Werkzeug would parse a 10 MB upload in one go, holding up every phone for as
long. Wrapped, each read of a large body first lets whatever else is waiting
run (`time.sleep(0)` is gevent's switch once monkey-patched, and a mere
yield of the GIL with threads). Werkzeug's form parser reads in 64 KB chunks.
"""

import time

# Bodies larger than this are read in turns; a tap or a form is far smaller.
LARGE_BODY = 256 * 1024


class UploadsInTurns:
    """WSGI middleware: a large body's reads each let other work run first."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        try:
            large = int(environ.get("CONTENT_LENGTH") or 0) > LARGE_BODY
        except ValueError:
            large = False
        if large:
            environ["wsgi.input"] = _InTurns(environ["wsgi.input"])
        return self.app(environ, start_response)


class _InTurns:
    def __init__(self, stream):
        self._stream = stream

    def read(self, *size):
        time.sleep(0)
        return self._stream.read(*size)

    def readline(self, *size):
        time.sleep(0)
        return self._stream.readline(*size)

    def __iter__(self):
        return iter(self.readline, b"")
