"""A start-up warning when two schema classes share an OpenAPI name.

apispec keeps names unique by renaming the later schema (`Item` becomes `Item1`),
so two plugins' `ItemSchema`s silently produce a document where one plugin's
endpoints point at a name nobody chose. Plugins prefix their schema class names
(docs/plugins.md, "Schemas"); this says which ones did not.
"""
import logging
from collections import defaultdict

from apispec.ext.marshmallow import MarshmallowPlugin

from crm_platform.startup import warn_once

log = logging.getLogger("crm.plugins")


def schema_name_clashes(spec):
    """{OpenAPI name: sorted "module.Class -> given name"} for each name wanted by more than one schema class."""
    from crm_platform.api import schema_name

    plugin = next(p for p in spec.plugins if isinstance(p, MarshmallowPlugin))
    wanted = defaultdict(dict)
    for key, given in plugin.converter.refs.items():
        schema_cls, partial = key[0], key[-1]
        name = schema_name(schema_cls(partial=partial))
        wanted[name].setdefault(schema_cls, given)
    return {name: sorted(f"{cls.__module__}.{cls.__qualname__} -> {given}" for cls, given in classes.items())
            for name, classes in wanted.items() if len(classes) > 1}


def warn_about_schema_clashes(spec):
    """Log a WARNING (once per process) for every OpenAPI schema name two schema classes want."""
    for name, schemas in sorted(schema_name_clashes(spec).items()):
        warn_once(log, "OpenAPI: %d schema classes are all named %r, so apispec renamed some (%s); "
                       "prefix schema class names with the plugin's name (docs/plugins.md, \"Schemas\").",
                  len(schemas), name, "; ".join(schemas))
