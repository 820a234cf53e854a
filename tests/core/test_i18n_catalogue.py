"""The zh_CN catalogues are complete: every message in the source has a real translation.

The messages are extracted from the source in the test (babel.cfg, as scripts/translations
does), so a new string anywhere fails here until `make translations` merged it and
someone translated it. Also: the build compiles the catalogues (never by hand).
"""
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

REPO = Path(__file__).resolve().parents[2]
PLUGIN = REPO / "examples" / "crm-feedback"
CATALOGUES = {
    "core": (REPO / "babel.cfg", REPO, REPO / "platform/crm_platform/translations/zh_CN/LC_MESSAGES/messages.po"),
    "crm_feedback": (PLUGIN / "babel.cfg", PLUGIN,
                     PLUGIN / "crm_feedback/translations/zh_CN/LC_MESSAGES/messages.po"),
    **{folder.name: (folder / "babel.cfg", folder, folder / "translations/zh_CN/LC_MESSAGES/messages.po")
       for folder in sorted((REPO / "plugins").glob("*/")) if (folder / "babel.cfg").exists()},
}
PLACEHOLDERS = re.compile(r"%\(\w+\)[-+ #0]*\d*(?:\.\d+)?[sdfr]|\{\w+\}")


def extracted(mapping, folder, tmp_path):
    """The msgids found in `folder`'s source, as scripts/translations extracts them."""
    pot = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "-q", "extract", "-F", str(mapping),
                    "-k", "_l", "-k", "lazy_gettext", "-k", "N_", "-o", str(pot), str(folder)],
                   check=True, cwd=folder)
    with pot.open("rb") as handle:
        return {message.id for message in read_po(handle) if message.id}


def catalogue(path):
    """The .po file at `path`, by msgid."""
    with path.open("rb") as handle:
        return {message.id: message for message in read_po(handle, locale="zh_CN") if message.id}


def strings(message):
    """(msgid, msgstr) pairs of a message, one per plural form."""
    if isinstance(message.id, (list, tuple)):
        return [(message.id[-1], text) for text in message.string]
    return [(message.id, message.string)]


@pytest.mark.parametrize("name", sorted(CATALOGUES))
def test_every_extracted_message_has_a_translation(name, tmp_path):
    mapping, folder, po = CATALOGUES[name]
    messages = catalogue(po)
    missing = sorted(str(msgid) for msgid in extracted(mapping, folder, tmp_path) - set(messages))
    assert not missing, (f"{len(missing)} message(s) are not in {po.relative_to(REPO)}; run `make translations` "
                         f"and translate them: {missing[:20]}")
    untranslated = sorted(str(m.id) for m in messages.values() if not all(text.strip() for _, text in strings(m)))
    assert not untranslated, f"{len(untranslated)} message(s) have no zh_CN translation: {untranslated[:20]}"
    fuzzy = sorted(str(m.id) for m in messages.values() if m.fuzzy)
    assert not fuzzy, f"fuzzy translations must be checked and the flag removed: {fuzzy[:20]}"


@pytest.mark.parametrize("name", sorted(CATALOGUES))
def test_translations_keep_every_placeholder(name):
    wrong = []
    for message in catalogue(CATALOGUES[name][2]).values():
        for msgid, text in strings(message):
            if sorted(PLACEHOLDERS.findall(msgid)) != sorted(PLACEHOLDERS.findall(text)):
                wrong.append(msgid)
    assert not wrong, f"placeholders differ between msgid and translation: {wrong}"


@pytest.mark.parametrize("name", sorted(CATALOGUES))
def test_translations_are_chinese(name):
    """A translation that is the English text again is no translation (codes and names aside)."""
    copied = [msgid for message in catalogue(CATALOGUES[name][2]).values() for msgid, text in strings(message)
              if text == msgid and re.search(r"[A-Za-z]{3}", PLACEHOLDERS.sub("", msgid))]
    assert not copied, f"translations identical to the English: {copied}"


def test_no_compiled_catalogue_is_committed():
    tracked = subprocess.run(["git", "ls-files", "*.mo"], cwd=REPO, capture_output=True, text=True, check=True)
    assert tracked.stdout == ""
    assert "*.mo" in (REPO / ".gitignore").read_text().splitlines()


def test_building_the_plugin_compiles_its_catalogue(tmp_path):
    """What `pip install ./examples/crm-feedback` does: the build hook turns the .po into the .mo in the wheel."""
    source = tmp_path / "crm-feedback"
    shutil.copytree(PLUGIN, source, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__", "*.mo"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check", "--no-deps",
                    "--no-build-isolation", "-w", str(tmp_path / "dist"), str(source)], check=True)
    wheel = next((tmp_path / "dist").glob("crm_feedback-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "crm_feedback/translations/zh_CN/LC_MESSAGES/messages.mo" in names
    assert "crm_feedback/translations/zh_CN/LC_MESSAGES/messages.po" in names


def test_the_installed_core_has_its_compiled_catalogue():
    """`pip install -e .` (scripts/lib.sh) compiled the core's catalogue next to its source."""
    import crm_platform

    mo = Path(crm_platform.__file__).parent / "translations" / "zh_CN" / "LC_MESSAGES" / "messages.mo"
    assert mo.is_file()
