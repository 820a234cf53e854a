"""Languages and time zones: Flask-Babel's selectors, the language switcher, catalogues, formatting."""
import os

from flask import Blueprint

bp = Blueprint("i18n", __name__)

CORE_TRANSLATIONS = os.path.join(os.path.dirname(os.path.dirname(__file__)), "translations")


def init_app(app):
    """Set up Flask-Babel with our selectors, the switcher route and the Jinja helpers."""
    from crm_platform.extensions import babel, login_manager
    from crm_platform.i18n.callers import install_template_callables
    from crm_platform.i18n.catalogues import CatalogueDomain
    from crm_platform.i18n import routes  # noqa: F401  (registers the switcher on bp)
    from crm_platform.i18n.formatting import current_language, format_iso_datetime, format_money, html_lang
    from crm_platform.i18n.library_messages import translate_message
    from crm_platform.i18n.selection import LANGUAGES, select_locale, select_timezone

    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", CORE_TRANSLATIONS)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    babel.domain_instance = CatalogueDomain()
    install_template_callables(app)  # after Flask-Babel's, which they replace
    login_manager.localize_callback = translate_message  # its "Please log in" flash
    app.register_blueprint(bp)
    app.after_request(_vary_by_language)
    app.jinja_env.globals.update(html_lang=html_lang, languages=LANGUAGES, current_language=current_language)
    app.jinja_env.filters.update(money=format_money, iso_datetimeformat=format_iso_datetime,
                                 library_text=translate_message)


def add_translation_directory(app, path):
    """Add a plugin's translations folder before the core's: the core's wins a clash unless the plugin's code asks.

    The catalogue of the code that asks for a translation is merged last (i18n.catalogues).
    """
    directories = app.extensions["babel"].translation_directories
    if path and os.path.isdir(path) and path not in directories:
        directories.insert(len(directories) - 1, path)


def _vary_by_language(response):
    """Caches must not hand one reader's language to another: the answer depends on Accept-Language."""
    response.vary.add("Accept-Language")
    return response
