"""Security headers on every response."""

from flask import Flask, request

from .inline_styles import style_hashes

HSTS_SECONDS = 365 * 24 * 3600
# A static file (a stylesheet, a script, the icon) is never a page: nothing it could run or load is
# allowed. Browsers apply a policy only to pages and workers, so this is for a file opened on its
# own, and it is a third of the size: each of the phone's files carries it on a slow network.
STATIC_FILE_POLICY = "default-src 'none'; frame-ancestors 'none'"

# style-src is completed for each response with the hashes of the pages' critical styles
# (workshop/inline_styles.py): inline styles are allowed only when they are exactly those.
DIRECTIVES = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
]


def content_security_policy(frame_ancestors: str = "'none'") -> str:
    """The policy; `frame_ancestors` "'self'" for the one page the app shows in a frame of its own (the
    big screen, previewed on the console)."""
    return "; ".join(
        " ".join([directive, *style_hashes()])
        if directive.startswith("style-src ")
        else f"frame-ancestors {frame_ancestors}"
        if directive.startswith("frame-ancestors ")
        else directive
        for directive in DIRECTIVES
    )


def framed_by_this_site() -> dict:
    """The headers that let this site's own pages, and no other, show a page in a frame."""
    return {"Content-Security-Policy": content_security_policy("'self'"), "X-Frame-Options": "SAMEORIGIN"}


def init_app(app: Flask) -> None:
    @app.after_request
    def set_security_headers(response):
        policy = STATIC_FILE_POLICY if request.endpoint == "static" else content_security_policy()
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if request.is_secure:
            # Served over HTTPS (behind a proxy, as TRUSTED_PROXIES says): browsers keep to it for a year.
            response.headers.setdefault("Strict-Transport-Security", f"max-age={HSTS_SECONDS}")
        return response
