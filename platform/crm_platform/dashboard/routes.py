"""The dashboard pages: the widgets a user shows, and the page where they choose and order them."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from crm_platform.dashboard.layout import arranged, moved, reset_layout, save_layout, shown_widgets
from crm_platform.dashboard.widgets import available_widgets, rendered

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")

STEPS = {"up": -1, "down": 1}


@bp.route("/")
@login_required
def index():
    """The signed-in user's widgets, top to bottom, each rendered on its own (a failing one says so alone)."""
    boxes = [(widget, rendered(widget)) for widget in shown_widgets(current_user, available_widgets(current_user))]
    return render_template("dashboard/index.html", boxes=boxes)


@bp.route("/customize", methods=["GET", "POST"])
@login_required
def customize():
    """Choose which widgets show and in what order; each button saves the whole form."""
    widgets = available_widgets(current_user)
    if request.method == "GET":
        return render_template("dashboard/customize.html", placed=arranged(current_user, widgets))
    offered = [widget.key for widget in widgets]
    # The page lists every widget once; keys no longer offered (a module switched off meanwhile) drop out.
    order = [key for key in dict.fromkeys(request.form.getlist("order")) if key in offered]
    chosen = set(request.form.getlist("shown"))
    keys = [key for key in order + [key for key in offered if key not in order] if key in chosen]
    direction, _sep, key = (request.form.get("move") or "").partition(":")
    if direction in STEPS and key in offered:
        save_layout(current_user, moved(keys, key, STEPS[direction]), widgets)
        return redirect(url_for(".customize", _anchor=f"choose-{key}"))
    save_layout(current_user, keys, widgets)
    flash(_("Your dashboard is saved."), "success")
    return redirect(url_for(".index"))


@bp.route("/customize/reset", methods=["POST"])
@login_required
def reset():
    """Forget the user's choice: the default widgets in the default order."""
    reset_layout(current_user)
    flash(_("Your dashboard shows the default widgets again."), "success")
    return redirect(url_for(".index"))
