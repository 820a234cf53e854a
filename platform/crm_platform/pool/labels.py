"""Labels of the customer pool's settings, moves and reasons, for pages."""
from flask_babel import lazy_gettext as _l

POOL_SCOPE_LABELS = [("unit", _l("One pool per org unit")), ("company", _l("One pool for the whole company"))]
MOVE_LABELS = {"to_pool": _l("Moved to the pool"), "claim": _l("Claimed from the pool"),
               "assign": _l("Assigned from the pool")}
REASON_LABELS = {"inactive": _l("no activity by the owner"), "unsigned": _l("not signed in time"),
                 "manual": _l("moved by hand")}
