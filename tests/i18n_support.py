"""Chinese in tests: English left on pages meant to be Chinese, and catalogues made for a test."""
import html
import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from sqlalchemy import JSON, String, select

from crm_platform.extensions import db
from crm_platform.tenancy import unscoped

REPO = Path(__file__).resolve().parent.parent
# The core's, the example plugin's and every bundled module's catalogue.
CATALOGUES = [REPO / "platform/crm_platform/translations/zh_CN/LC_MESSAGES/messages.po",
              REPO / "examples/crm-feedback/crm_feedback/translations/zh_CN/LC_MESSAGES/messages.po",
              *sorted(REPO.glob("plugins/*/translations/zh_CN/LC_MESSAGES/messages.po"))]
PLACEHOLDER = re.compile(r"%\(\w+\)[-+ #0]*\d*(?:\.\d+)?[sdfr]|\{\w+\}|<[^>]+>")


def english_phrases():
    """The English fragments of every msgid (the text between placeholders), longest first."""
    phrases = set()
    for path in CATALOGUES:
        with path.open("rb") as handle:
            for message in read_po(handle):
                for msgid in (message.id if isinstance(message.id, (list, tuple)) else [message.id]):
                    for fragment in PLACEHOLDER.split(msgid or ""):
                        fragment = fragment.strip(" .,:;()\"'!?-–")
                        # Abbreviations (MB, CSV, API) are the same in Chinese text.
                        if re.search(r"[A-Za-z]{2}", fragment) and not re.fullmatch(r"[A-Z0-9.-]+", fragment):
                            phrases.add(fragment)
    return sorted(phrases, key=len, reverse=True)


def strings_in(value):
    """Every string in a column value, JSON documents included (an import's column headers)."""
    if isinstance(value, str):
        return {value} if value.strip() else set()
    if isinstance(value, dict):
        return set().union(*map(strings_in, value.keys()), *map(strings_in, value.values()))
    if isinstance(value, (list, tuple)):
        return set().union(*map(strings_in, value))
    return set()


def user_data(app):
    """Every string stored in the database (names, emails, subjects ...): data, not interface text."""
    values = set()
    # Every tenant's rows: the escape hatch, or row-level security shows none of them (PostgreSQL).
    with app.app_context(), unscoped("test: every string stored"), db.engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, (String, JSON))]
            if columns:
                for row in conn.execute(select(*columns)):
                    values |= strings_in(list(row))
    return sorted(values, key=len, reverse=True)


def visible_text(page, data):
    """What a reader sees: text nodes and the title, without user data, codes and the language switcher."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r'<form[^>]*id="language-switcher".*?</form>', " ", page, flags=re.S)
    # Options that are codes (time zone names, currencies), and code samples.
    page = re.sub(r'<option value="([^"]*)"[^>]*>\s*\1\s*</option>', " ", page)
    page = re.sub(r"<(code|pre)\b.*?</\1>", " ", page, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    text = re.sub(r"[\w.+-]+@[\w.-]+", " ", text)
    for value in data:
        text = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", " ", text)
    return re.sub(r"\s+", " ", text)


def english_in(text, phrases):
    """The catalogue's English phrases found in `text`."""
    return [p for p in phrases if re.search(rf"(?<![\w-]){re.escape(p)}(?![\w-])", text)]


def compiled_catalogue(folder, messages):
    """A zh_CN messages.mo under `folder` holding `messages`."""
    catalog = Catalog(locale="zh_CN")
    for msgid, text in messages.items():
        catalog.add(msgid, text)
    target = folder / "zh_CN" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "messages.mo").open("wb") as handle:
        write_mo(handle, catalog)
