"""Each user's layout: which of their available widgets show, top to bottom; choosing, ordering, resetting.

A user without a DashboardLayout row sees every default widget in the order the
widgets are offered. A saved layout lists the keys shown, in order. Keys of widgets
not offered now (their module is off, or no longer offers it to this user) stay in
the row where they were, so the widget comes back in its place when it returns.
"""
from dataclasses import dataclass

from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import select

from crm_platform.extensions import db
from crm_platform.models import DashboardLayout
from crm_platform.modules.contributions import DashboardWidget


@dataclass(frozen=True)
class Placed:
    """An available widget as the user has placed it: shown at `position` (1 = top), or hidden (None)."""

    widget: DashboardWidget
    position: int | None

    @property
    def shown(self):
        """True when the widget is on the user's dashboard."""
        return self.position is not None


def stored_layout(user):
    """`user`'s DashboardLayout row, or None while they keep the default."""
    return db.session.scalar(select(DashboardLayout).where(DashboardLayout.user_id == user.id))


def arranged(user, widgets):
    """Every widget of `widgets` placed for `user`: the shown ones in their order, then the hidden in offered order."""
    row = stored_layout(user)
    by_key = {widget.key: widget for widget in widgets}
    if row is None:
        keys = [widget.key for widget in widgets if widget.default]
    else:
        keys = list(dict.fromkeys(key for key in row.widgets or () if key in by_key))
    shown = [Placed(by_key[key], position) for position, key in enumerate(keys, start=1)]
    hidden = [Placed(widget, None) for widget in widgets if widget.key not in keys]
    return shown + hidden


def shown_widgets(user, widgets):
    """The widgets on `user`'s dashboard, top to bottom."""
    return [placed.widget for placed in arranged(user, widgets) if placed.shown]


def unknown_keys(keys, widgets):
    """The keys of `keys` that name none of `widgets`, in the order given."""
    offered = {widget.key for widget in widgets}
    return [key for key in keys if key not in offered]


def _kept_in_place(keys, old_keys, offered):
    """`keys` with the old layout's keys of widgets not offered now put back after the key they followed."""
    result = list(keys)
    for index, key in enumerate(old_keys):
        if key in offered or key in result:
            continue
        anchor = next((earlier for earlier in reversed(old_keys[:index]) if earlier in result), None)
        result.insert(result.index(anchor) + 1 if anchor is not None else 0, key)
    return result


def save_layout(user, keys, widgets):
    """Show exactly `keys` (in this order) of `widgets` on `user`'s dashboard; a key not offered or repeated: 422."""
    unknown = unknown_keys(keys, widgets)
    if unknown:
        raise ValidationError({"widgets": [_("No widget %(keys)s is available to you.", keys=", ".join(unknown))]})
    repeated = [key for key in dict.fromkeys(keys) if keys.count(key) > 1]
    if repeated:
        raise ValidationError({"widgets": [_("Each widget may be listed once: %(keys)s is listed more than once.",
                                             keys=", ".join(repeated))]})
    row = stored_layout(user) or DashboardLayout(user_id=user.id, widgets=[])
    offered = {widget.key for widget in widgets}
    row.widgets = _kept_in_place(keys, list(row.widgets or ()), offered)
    db.session.add(row)
    db.session.commit()
    return row


def reset_layout(user):
    """Go back to the default widgets in the default order (the saved layout is forgotten)."""
    row = stored_layout(user)
    if row is not None:
        db.session.delete(row)
        db.session.commit()


def moved(keys, key, step):
    """`keys` with `key` moved one place up (step -1) or down (+1); unchanged at either end or when absent."""
    if key not in keys:
        return list(keys)
    index = keys.index(key)
    target = index + step
    if not 0 <= target < len(keys):
        return list(keys)
    result = list(keys)
    result[index], result[target] = result[target], result[index]
    return result
