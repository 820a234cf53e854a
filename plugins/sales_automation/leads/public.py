"""The public web-to-lead form at /forms/lead/<token>: no sign-in, embedded on the workspace's website.

The token finds the form and its workspace; the page then works inside that
workspace's scope. Unknown, inactive and disabled-module forms are all the same 404.
"""
from flask import render_template, request
from marshmallow import ValidationError

from crm_platform.sdk import Blueprint, embeddable, public_view, tenant_scope

from plugins.sales_automation.blueprints import TEMPLATES
from plugins.sales_automation.leads import web_forms
from plugins.sales_automation.leads.schemas import SalesLeadFormPostSchema

bp = Blueprint("sales_leads_public", __name__, url_prefix="/forms/lead", template_folder=TEMPLATES)

FIELDS = ("name", "company", "email", "phone", "region", "notes")


@bp.route("/<token>", methods=["GET", "POST"])
@public_view
@embeddable
def form(token):
    """Show the form; a visitor's post becomes a lead of the form's workspace."""
    with tenant_scope(web_forms.public_form_tenant(token)):
        lead_form = web_forms.public_form(token)
        values, errors = {}, {}
        if request.method == "POST":
            if web_forms.throttled(lead_form, request.remote_addr):
                return render_template("sales_automation/leads/public_form.html", form=lead_form,
                                       values={}, errors={}, throttled=True), 429
            values = {key: request.form.get(key, "").strip() for key in FIELDS}
            if request.form.get(web_forms.HONEYPOT):
                # A robot filled the hidden field: it sees the thank-you page, nothing is stored.
                return render_template("sales_automation/leads/public_thanks.html", form=lead_form)
            try:
                data = SalesLeadFormPostSchema().load({k: v for k, v in values.items() if v})
            except ValidationError as err:
                errors = {name: " ".join(map(str, problems)) for name, problems in err.messages.items()}
            else:
                web_forms.submit(lead_form, data)
                return render_template("sales_automation/leads/public_thanks.html", form=lead_form)
        return (render_template("sales_automation/leads/public_form.html", form=lead_form,
                                values=values, errors=errors, throttled=False),
                422 if errors else 200)
