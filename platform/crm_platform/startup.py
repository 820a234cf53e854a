"""Process start-up: warnings logged once however many apps a process builds, and settling memory for serving."""
import gc

_given = set()


def in_development(app):
    """True for `make run` and other local runs (CRM_ENV=development), where production's warnings are noise."""
    return app.config.get("CRM_ENV") == "development"


def warn_once(logger, message, *args):
    """Log `message % args` as a WARNING on `logger`, unless this process already did."""
    key = (logger.name, message % args if args else message)
    if key not in _given:
        _given.add(key)
        logger.warning(message, *args)


def settle_for_serving():
    """Keep what start-up loaded (modules, catalogues, dictionaries) out of the cyclic garbage collector.

    A serving process keeps those objects for its whole life, yet every full
    collection walks them all again: with the scientific libraries and the
    pinyin dictionaries loaded that is a pause of about half a second, landing
    on whichever request happens to allocate at the time. Call it once the app
    is built, in processes that serve (wsgi.py, the worker), not in tests, which
    build many apps and should see theirs collected.
    """
    gc.collect()
    gc.freeze()
