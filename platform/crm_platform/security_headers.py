"""The security headers of every response: the Content-Security-Policy and its companions (docs/security.md)."""
from functools import wraps

from flask import make_response

# Pages load only what the package serves (the vendored Pico and ECharts, the core's and the modules' own
# scripts and styles): no inline script, style attribute or <style> block, no eval, nothing from another site.
# `data:` images are Pico's icons (a select's arrow, a ticked box), drawn from its stylesheet.
POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def content_security_policy(**changes):
    """The policy as a header value; `changes` replace directives by name (frame_ancestors="*")."""
    directives = {**POLICY, **{name.replace("_", "-"): value for name, value in changes.items()}}
    return "; ".join(f"{name} {value}" for name, value in directives.items())


CONTENT_SECURITY_POLICY = content_security_policy()
EMBEDDABLE_POLICY = content_security_policy(frame_ancestors="*")


def embeddable(view):
    """Let any site frame the view's page (a public form made to be embedded); the rest of the policy holds."""

    @wraps(view)
    def framed(*args, **kwargs):
        response = make_response(view(*args, **kwargs))
        response.headers["Content-Security-Policy"] = EMBEDDABLE_POLICY
        return response

    return framed


def _security_headers(response):
    """The policy and conservative defaults on every response; a view that set its own keeps it (downloads)."""
    policy = response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    if policy != EMBEDDABLE_POLICY:
        # frame-ancestors says the same to current browsers; older ones read only this.
        response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response


def init_app(app):
    """Add the headers to every response of `app`, pages, errors, API and static files alike."""
    app.after_request(_security_headers)
