"""Start-up warnings, each logged once per process however many apps the process builds."""
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
