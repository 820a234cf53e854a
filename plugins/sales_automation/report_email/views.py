"""The report email pages under /sales/report-email/: the signed-in user subscribes or unsubscribes."""
from flask import flash, redirect, render_template, request, url_for

from crm_platform.sdk import current_user, gettext as _, page_login_required

from plugins.sales_automation.blueprints import page_blueprint
from plugins.sales_automation.report_email import service
from plugins.sales_automation.report_email.timing import month_label

bp = page_blueprint("report_email", __name__)


@bp.route("/", methods=["GET", "POST"])
@page_login_required
def index():
    """The user's subscription to the monthly team report, with a button that turns it on or off."""
    if request.method == "POST":
        subscribed = request.form.get("subscribed") == "1"
        service.set_subscribed(current_user, subscribed)
        flash(_("You will get the monthly team report by email.") if subscribed
              else _("You will no longer get the monthly team report by email."), "success")
        return redirect(url_for(".index"))
    return render_template("sales_automation/report_email/index.html", month_label=month_label,
                           **service.subscription(current_user))
