"""Every template and script fits the Content-Security-Policy, including pages no other test renders.

Templates of the core, of every bundled module, of the example plugin and of the module
scaffold hold no inline script, <style> block, style attribute, on…= handler or
javascript: URL; the product's own scripts use no eval, string timers or HTML handlers.
"""
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_FOLDERS = [ROOT / "platform/crm_platform/templates", ROOT / "platform/crm_platform/modules/scaffold",
                    *ROOT.glob("plugins/*/templates"), *ROOT.glob("examples/*/*/templates")]
# An HTML email is read by mail programs, which drop linked stylesheets: inline styles are its only styles,
# and no browser loads it as a page of ours (no policy applies to it).
EMAILS = {"sales_automation/report_email/mail.html"}
SCRIPT_FOLDERS = [ROOT / "platform/crm_platform/static", *ROOT.glob("plugins/*/static")]

COMMENT = re.compile(r"\{#.*?#\}", re.S)
# A tag with its attributes; quoted values may hold ">" (and Jinja expressions).
TAG = re.compile(r"""<([a-zA-Z][\w-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>""")
HANDLER = re.compile(r"""(?:^|[\s"'}])on[a-z]+\s*=""", re.I)
STYLE_ATTRIBUTE = re.compile(r"""(?:^|[\s"'}])style\s*=""", re.I)
JAVASCRIPT_URL = re.compile(r"javascript:", re.I)
SCRIPT_PATTERNS = {
    "eval()": re.compile(r"\beval\s*\("),
    "new Function()": re.compile(r"\bnew\s+Function\s*\("),
    "a timer given a string": re.compile(r"\bset(?:Timeout|Interval)\s*\(\s*['\"`]"),
    "a handler or style attribute": re.compile(r"setAttribute\s*\(\s*['\"](?:on\w+|style)['\"]", re.I),
    "HTML written into the page": re.compile(r"\.(?:outerHTML|innerHTML)\s*=\s*(?!\s*['\"]['\"])|insertAdjacentHTML|"
                                             r"document\.write"),
    "a javascript: URL": JAVASCRIPT_URL,
}


def templates():
    """(name relative to its folder, path) of every HTML template."""
    for folder in TEMPLATE_FOLDERS:
        for path in sorted(folder.rglob("*.html*")):
            yield path.relative_to(folder).as_posix(), path


def scripts():
    """The product's own scripts: every static .js but the vendored libraries'."""
    return [path for folder in SCRIPT_FOLDERS for path in sorted(folder.rglob("*.js")) if "vendor" not in path.parts]


def template_problems(text):
    """What a policy without 'unsafe-inline' refuses in one template's source."""
    problems = []
    for tag in TAG.finditer(COMMENT.sub("", text)):
        name, attributes = tag.group(1).lower(), tag.group(2)
        if name == "style":
            problems.append("a <style> block")
        if name == "script" and "src=" not in attributes:
            problems.append("an inline <script>")
        if HANDLER.search(attributes):
            problems.append(f"an event handler in <{name}{attributes[:60]}>")
        if STYLE_ATTRIBUTE.search(attributes):
            problems.append(f"a style attribute in <{name}{attributes[:60]}>")
        if JAVASCRIPT_URL.search(attributes):
            problems.append(f"a javascript: URL in <{name}{attributes[:60]}>")
    return problems


def test_the_scan_finds_what_it_looks_for():
    assert template_problems('<form method="post"{% if c %} onsubmit=\'return confirm(1)\'{% endif %}>') != []
    assert template_problems('<p style="white-space: pre-line">{{ x }}</p>') != []
    assert template_problems("<script>\nvar x = 1;\n</script>") != []
    assert template_problems("<style>.trap { left: -1px }</style>") != []
    assert template_problems('<a href="javascript:void(0)">x</a>') != []
    assert template_problems('<a href="#" data-print>Print</a><script src="/s.js" defer></script>') == []
    # Text that shows markup (an embed snippet to copy) is not markup.
    assert template_problems('<textarea>&lt;iframe style="border:0"&gt;</textarea>') == []


@pytest.mark.parametrize("name,path", [pytest.param(name, path, id=name) for name, path in templates()
                                       if name not in EMAILS])
def test_no_template_holds_inline_script_or_style(name, path):
    assert template_problems(path.read_text(encoding="utf-8")) == []


def test_the_scan_covers_every_module():
    names = {name for name, _ in templates()}
    for folder in ("sales_automation/", "service_support/", "task_dispatch/", "customer_insights/", "crm_feedback/",
                   "customers/", "__NAME__/"):
        assert any(name.startswith(folder) for name in names), folder
    assert EMAILS <= names


@pytest.mark.parametrize("path", scripts(), ids=lambda path: path.name)
def test_no_script_evaluates_strings_or_writes_html(path):
    text = path.read_text(encoding="utf-8")
    assert [what for what, pattern in SCRIPT_PATTERNS.items() if pattern.search(text)] == []


def test_the_scripts_scan_sees_each_modules_scripts():
    names = {path.name for path in scripts()}
    assert {"charts.js", "board.js", "batch.js", "reply_tools.js"} <= names
