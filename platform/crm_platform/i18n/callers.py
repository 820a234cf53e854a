"""gettext that translates with the calling code's own catalogue first.

A plugin's Python code (the SDK's `gettext`, `ngettext`, `lazy_gettext`) and its
templates (`_()`, `gettext`, `ngettext`, `{% trans %}`) get their plugin's translation
of a msgid, else the core's; the core's code and templates get the core's. Whose code
it is comes from the file of the calling frame (catalogues.catalogue_holding): for a
template, the template file whose code says `_()`, so a plugin page's blocks are the
plugin's while base.html's menu around them stays the core's. A lazy string keeps the
file it was made in and translates with that catalogue when shown, even by a core
template (a plugin's menu item, role or setting label).
"""
import os
import sys

import flask_babel
import jinja2
from flask_babel import LazyString, get_translations

from crm_platform.i18n.catalogues import catalogue_holding, translating_for

_JINJA = os.path.dirname(jinja2.__file__) + os.sep


def _translated(_file, _translate, *args, **variables):
    """`_translate(*args, **variables)` with the catalogue of the code in `_file` winning clashes."""
    with translating_for(catalogue_holding(_file)):
        return _translate(*args, **variables)


def gettext(string, **variables):
    """Flask-Babel's gettext, the calling plugin's catalogue first."""
    return _translated(sys._getframe(1).f_code.co_filename, flask_babel.gettext, string, **variables)


def ngettext(singular, plural, num, **variables):
    """Flask-Babel's ngettext, the calling plugin's catalogue first."""
    return _translated(sys._getframe(1).f_code.co_filename, flask_babel.ngettext, singular, plural, num, **variables)


def lazy_gettext(string, **variables):
    """A string translated when shown, by the catalogue of the plugin that made it first."""
    return LazyString(_translated, sys._getframe(1).f_code.co_filename, flask_babel.gettext, string, **variables)


def _template_file():
    """The file of the template code that called `_()`: the first frame outside Jinja's runtime."""
    frame = sys._getframe(2)
    while frame is not None and frame.f_code.co_filename.startswith(_JINJA):
        frame = frame.f_back
    return frame and frame.f_code.co_filename


def _template_gettext(string):
    with translating_for(catalogue_holding(_template_file())):
        return get_translations().ugettext(string)


def _template_ngettext(singular, plural, num):
    with translating_for(catalogue_holding(_template_file())):
        return get_translations().ungettext(singular, plural, num)


def install_template_callables(app):
    """Replace Flask-Babel's Jinja gettext callables with ones that use the template's own catalogue first."""
    app.jinja_env.install_gettext_callables(gettext=_template_gettext, ngettext=_template_ngettext, newstyle=True)
