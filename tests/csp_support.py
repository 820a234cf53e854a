"""The Content-Security-Policy as the tests check it: the header on every page, and nothing inline in the page.

`page_problems(response)` says what is wrong with one answer; the fixture
`every_page_keeps_the_policy` (autouse, from tests/conftest.py) checks every HTML
page that any test's request renders, the browser tests' live servers included.
"""
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from flask import request, request_finished

# The policy spelled out, so that loosening it (an 'unsafe-inline', another site) fails a test (docs/security.md).
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                           "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
# A page made to be embedded on other sites (the public lead form): the same, framed by anyone.
EMBEDDABLE_POLICY = CONTENT_SECURITY_POLICY.replace("frame-ancestors 'none'", "frame-ancestors *")
# A <script> with one of these types runs; others (application/json, a <template>'s) are data, which CSP allows.
SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster"}
# What a page loads (rather than links to) must be the package's own: no CDN, no other site.
LOADED = {("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"), ("source", "src"),
          ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data")}


class _InlineFinder(HTMLParser):
    """Collects what a strict policy refuses: inline script and style, handlers, javascript: URLs, other origins."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>: an inline event handler")
            elif name == "style":
                self.problems.append(f"<{tag} style=…>: an inline style attribute")
            elif name in URL_ATTRIBUTES and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}={value!r}>: a javascript: URL")
            if (tag, name) in LOADED and value and (urlsplit(value).netloc or value.startswith("//")):
                self.problems.append(f"<{tag} {name}={value!r}>: loaded from another site")
        if tag == "style":
            self.problems.append("<style>: an inline style block")
        if tag == "script" and not values.get("src") and (values.get("type") or "").lower() in SCRIPT_TYPES:
            self._in_script = True

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.problems.append(f"<script>{data.strip()[:40]}…: an inline script")


def inline_problems(html):
    """What in `html` a policy without 'unsafe-inline' would refuse, one line each."""
    finder = _InlineFinder()
    finder.feed(html)
    finder.close()
    return finder.problems


def page_problems(response):
    """What is wrong with an HTML answer under the policy: the header missing or different, or inline parts."""
    if response.mimetype != "text/html" or response.direct_passthrough:
        return []
    problems = []
    policy = response.headers.get("Content-Security-Policy")
    if policy not in (CONTENT_SECURITY_POLICY, EMBEDDABLE_POLICY):
        problems.append(f"Content-Security-Policy is {policy!r}")
    return problems + inline_problems(response.get_data(as_text=True))


@pytest.fixture(autouse=True)
def every_page_keeps_the_policy():
    """Fail the test if any HTML page served while it ran lacks the policy or holds inline script or style."""
    problems = []

    def check(sender, response, **extra):
        if response.is_streamed:
            return  # reading a generator here would take the body from the client
        problems.extend(f"{request.method} {request.path} ({response.status_code}): {problem}"
                        for problem in page_problems(response))

    request_finished.connect(check, weak=False)
    try:
        yield
    finally:
        request_finished.disconnect(check)
    assert not problems, "pages break the Content-Security-Policy:\n" + "\n".join(problems)
