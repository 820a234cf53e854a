"""Finding and merging our gettext catalogues: the calling code's own catalogue wins.

Every catalogue, the core's and each plugin's, shares Flask-Babel's `messages` domain,
and plugins reuse the core's English with other meanings ("Unit" is a quote line's
单位 in sales, an org unit, 组织单元, in the core). So the merge has an order: the
*active* catalogue, the one of the code that asks for a translation, is merged last and
wins; the core's comes before it, other plugins' first. Nothing active means the core
wins, as for the core's own code. `crm_platform.i18n.callers` makes the caller's
catalogue active.

Babel names Chinese locales with their script (`zh_Hans_CN`), while gettext folders,
ours and every plugin's, use `zh_CN`; gettext's own fallbacks never reach `zh_CN` from
`zh_Hans_CN`. This domain looks under both names, and caches per locale and order of
folders, since apps with different plugins share the one Babel extension object.
"""
import os
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

from babel import support
from flask import current_app, has_app_context
from flask_babel import Domain, get_locale

# The translations folder whose entries win for now; None: the core's (last of the app's folders).
_active = ContextVar("crm_active_catalogue", default=None)


def catalogue_name(locale):
    """The gettext folder name of a Babel locale: language and territory, no script (zh_CN)."""
    return "_".join(part for part in (locale.language, locale.territory) if part)


@contextmanager
def translating_for(folder):
    """Within the block, the catalogue in `folder` (a translations folder of the app) wins every clash."""
    token = _active.set(folder)
    try:
        yield
    finally:
        _active.reset(token)


def catalogue_holding(filename):
    """The app's translations folder that belongs with the code in `filename`, or None.

    A catalogue belongs with the package that holds its folder (`plugins/sales_automation/
    translations` with everything under `plugins/sales_automation/`, templates included);
    the innermost such package wins, so the core's code stays the core's.
    """
    if not filename or not has_app_context():
        return None
    return _holder(filename, tuple(current_app.extensions["babel"].translation_directories))


@lru_cache(maxsize=4096)
def _holder(filename, directories):
    path, best, depth = os.path.realpath(filename), None, -1
    for folder in directories:
        package = os.path.dirname(os.path.realpath(folder))
        if path.startswith(package + os.sep) and len(package) > depth:
            best, depth = folder, len(package)
    return best


class CatalogueDomain(Domain):
    """Flask-Babel's default domain, merging the active catalogue last and reading `zh_CN` folders for `zh_Hans_CN`."""

    def get_translations(self):
        """The merged translations for the current locale: other plugins' first, the core's, the active one last."""
        locale = get_locale()
        if locale is None:
            return support.NullTranslations()
        directories = tuple(self.translation_directories)
        active = _active.get()
        if active in directories:
            directories = tuple(d for d in directories if d != active) + (active,)
        key = (str(locale), self.domain[0], directories)
        if key not in self.cache:
            translations = support.Translations()
            for dirname in directories:
                catalog = support.Translations.load(dirname, [str(locale), catalogue_name(locale)], self.domain[0])
                translations.merge(catalog)
                if hasattr(catalog, "plural"):  # merge() keeps only the messages
                    translations.plural = catalog.plural
            self.cache[key] = translations
        return self.cache[key]
