"""The `dispatch_skills` setting: which skills, at which level, each ticket category needs.

One entry per category, `category: skill level, skill level`, the entries
separated by semicolons or new lines (the Modules page has a one-line input), e.g.

    fault: repair 3, electrical 2; complaint: communication 2

Full-width punctuation (：，；) counts as its ASCII twin. A skill's name may
have spaces; its level is a whole number from 1 to 5. Empty entries are
skipped; a category given twice or unknown, or a skill without a level, makes
the whole setting invalid (the settings page says which entry).
"""
import re

from marshmallow import ValidationError

from crm_platform.sdk import gettext as _

from plugins.service_support.models.tickets import CATEGORIES

SKILL = re.compile(r"^(?P<skill>\S.*?)\s+(?P<level>\d+)$")
LEVELS = range(1, 6)
FULL_WIDTH = str.maketrans({"：": ":", "，": ",", "；": ";"})


class SkillsError(ValueError):
    """The setting's text has an entry that is not `category: skill level, ...`."""


def _skills(number, text):
    """[{"skill", "level"}] of one entry's list `text` (entry `number`, for the error)."""
    needed = []
    for part in filter(None, (piece.strip() for piece in text.split(","))):
        found = SKILL.match(part)
        if found is None or int(found["level"]) not in LEVELS:
            raise SkillsError(_("Entry %(number)d: write each skill as a name and a level from 1 to 5, "
                                "e.g. \"repair 3\".", number=number))
        needed.append({"skill": found["skill"], "level": int(found["level"])})
    return needed


def parse_skills(text):
    """{category: [{"skill": name, "level": 1-5}]} from the setting's text; SkillsError on a bad entry."""
    table = {}
    text = (text or "").translate(FULL_WIDTH)
    for number, entry in enumerate(re.split(r"[;\n]", text), start=1):
        if not entry.strip():
            continue
        category, colon, rest = entry.partition(":")
        category = category.strip().lower()
        if not colon or category not in CATEGORIES:
            raise SkillsError(_("Entry %(number)d: start with a ticket category (%(categories)s) and a colon.",
                                number=number, categories=", ".join(CATEGORIES)))
        if category in table:
            raise SkillsError(_("Entry %(number)d: %(category)s is given twice.", number=number, category=category))
        table[category] = _skills(number, rest)
    return table


def validate_skills(text):
    """The settings schema's validator of `dispatch_skills`: a marshmallow ValidationError naming the bad entry."""
    try:
        parse_skills(text)
    except SkillsError as error:
        raise ValidationError(str(error)) from error
