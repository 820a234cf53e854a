"""Finding our gettext catalogues for Babel's locale names.

Babel names Chinese locales with their script (`zh_Hans_CN`), while gettext folders,
ours and every plugin's, use `zh_CN`; gettext's own fallbacks never reach `zh_CN` from
`zh_Hans_CN`. This domain looks under both names, and caches per set of translation
folders, since apps with different plugins share the one Babel extension object.
"""
from babel import support
from flask_babel import Domain, get_locale


def catalogue_name(locale):
    """The gettext folder name of a Babel locale: language and territory, no script (zh_CN)."""
    return "_".join(part for part in (locale.language, locale.territory) if part)


class CatalogueDomain(Domain):
    """Flask-Babel's default domain, reading `zh_CN` folders for `zh_Hans_CN`."""

    def get_translations(self):
        """The merged translations of every folder for the current locale (plugins first, the core last)."""
        locale = get_locale()
        if locale is None:
            return support.NullTranslations()
        directories = tuple(self.translation_directories)
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
