"""The hooks, their documentation and their tests stay in step (the Datasette pattern).

Adding a hookspec to crm_platform.hookspecs makes these tests fail until it has a
one-line docstring, a `### <hook>` section in docs/plugins.md whose example has the
hook's arguments, and a `test_hook_<hook>` test under tests/.
"""
import inspect
import re
from pathlib import Path

import pytest

from crm_platform import hookspecs

TESTS = Path(__file__).resolve().parents[1]
DOCS = TESTS.parent / "docs" / "plugins.md"


def hookspec_functions():
    """{name: function} of every hookspec the core defines."""
    marker = f"{hookspecs.PROJECT}_spec"
    return {name: fn for name, fn in vars(hookspecs).items() if callable(fn) and hasattr(fn, marker)}


HOOKS = hookspec_functions()


def doc_sections():
    """{hook name: text of its `### crm_...` section} in docs/plugins.md (headings inside code blocks do not count)."""
    sections, current, fenced = {}, None, False
    for line in DOCS.read_text().splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and re.match(r"#{1,3} ", line):
            current = line.removeprefix("### ").strip() if line.startswith("### crm_") else None
            if current:
                sections[current] = []
            continue
        if current:
            sections[current].append(line)
    return {name: "\n".join(lines) for name, lines in sections.items()}


def hook_tests():
    """Names of every `test_hook_...` function under tests/."""
    found = set()
    for path in TESTS.rglob("test_*.py"):
        found.update(re.findall(r"^def (test_hook_\w+)\(", path.read_text(), re.M))
    return found


def test_there_are_hooks():
    assert {"crm_plugin_info", "crm_blueprints", "crm_customer_created"} <= set(HOOKS)


@pytest.mark.parametrize("name", sorted(HOOKS))
def test_hookspec_has_a_one_line_docstring(name):
    doc = inspect.getdoc(HOOKS[name])
    assert doc, f"{name} in crm_platform/hookspecs.py needs a docstring"
    assert "\n" not in doc.strip(), f"{name}'s docstring must be one line"


@pytest.mark.parametrize("name", sorted(HOOKS))
def test_hookspec_is_documented_with_its_arguments_and_an_example(name):
    sections = doc_sections()
    assert name in sections, f"docs/plugins.md needs a section '### {name}'"
    text = sections[name]
    arguments = ", ".join(inspect.signature(HOOKS[name]).parameters)
    assert f"`{name}({arguments})`" in text, f"the section of {name} must open with `{name}({arguments})`"
    assert "start-up hook" in text or "tenant hook" in text, f"say when {name} is called"
    assert re.search(rf"```python\n.*?@hookimpl\ndef {name}\({re.escape(arguments)}\):", text, re.S), (
        f"the section of {name} needs a ```python example implementing def {name}({arguments}):")


@pytest.mark.parametrize("name", sorted(HOOKS))
def test_hookspec_has_a_test(name):
    assert f"test_hook_{name}" in hook_tests(), f"add a test named test_hook_{name} under tests/"


def test_every_documented_hook_exists():
    unknown = set(doc_sections()) - set(HOOKS)
    assert not unknown, f"docs/plugins.md documents hooks that crm_platform.hookspecs does not define: {unknown}"


def test_every_hook_test_names_a_hook():
    unknown = {name.removeprefix("test_hook_") for name in hook_tests()} - set(HOOKS)
    assert not unknown, f"test_hook_<name> tests for hooks that do not exist: {unknown}"
