"""Pages of the tickets feature under /service/tickets: the queues, a new ticket, the ticket page and its form.

The ticket's actions (status, replies, files) are in actions.py, on the same blueprint.
"""
from flask import flash, redirect, render_template, request, url_for
from marshmallow import ValidationError
from sqlalchemy import select

from crm_platform.sdk import (
    Contact, Customer, OrgUnit, User, current_user, customer_criterion, db, field_errors, gettext as _, list_page,
    local_next, page_login_required, query_input,
)

from plugins.service_support.blueprints import page_blueprint
from plugins.service_support.ids import query_id
from plugins.service_support.sections import reply_prefill
from plugins.service_support.tickets import service
from plugins.service_support.tickets.labels import all_labels
from plugins.service_support.tickets.pages import ticket_page_context
from plugins.service_support.tickets.schemas import (
    ServiceTicketQuerySchema, ServiceTicketSchema, ServiceTicketUpdateSchema,
)

bp = page_blueprint("tickets", __name__)

FILTERS = ("view", "status", "category", "priority", "channel", "assignee_id", "team_unit_id", "customer_id", "q",
           "sort")
FORM_FIELDS = ("customer_id", "contact_id", "channel", "category", "priority", "subject", "description",
               "assignee_id", "team_unit_id")
EDIT_FIELDS = FORM_FIELDS[1:]
CHOICES = 500
"""At most this many customers or contacts in a form's choice."""


@bp.app_template_global("service_ticket_labels")
def labels():
    """The label maps of tickets (channel, category, priority, status, action, view, sort, kind)."""
    return all_labels()


def user_names(ids=None):
    """{id: name} of the workspace's users (of `ids` when given)."""
    stmt = select(User.id, User.name)
    if ids is not None:
        stmt = stmt.where(User.id.in_({i for i in ids if i is not None}))
    return dict(db.session.execute(stmt).all())


def active_users():
    """[(id, name)] of the active users, by name, for the assignee choice."""
    return db.session.execute(select(User.id, User.name).where(User.active.is_(True))
                              .order_by(User.name, User.id)).all()


def teams():
    """[(id, name)] of the workspace's org units, by name, for the team choice."""
    return db.session.execute(select(OrgUnit.id, OrgUnit.name).order_by(OrgUnit.name, OrgUnit.id)).all()


def visible_customers():
    """[(id, name)] of customers the user may see, by name, for the customer choice."""
    return db.session.execute(select(Customer.id, Customer.name).where(customer_criterion(current_user))
                              .order_by(Customer.name, Customer.id).limit(CHOICES)).all()


def contacts_of(customer_id):
    """[(id, name)] of the contacts of `customer_id`, by name (the caller has checked the customer may be seen)."""
    return db.session.execute(select(Contact.id, Contact.name).where(Contact.customer_id == customer_id)
                              .order_by(Contact.name, Contact.id)).all()


def contact_choices(customer_id):
    """[(id, label)] of the contacts of `customer_id` if the user may see it, or of every customer they may see."""
    if customer_id is not None:
        # A customer the user may not see gives what a missing one does: no contacts.
        visible = db.session.scalar(select(Customer.id).where(Customer.id == customer_id,
                                                              customer_criterion(current_user)))
        return contacts_of(customer_id) if visible is not None else []
    rows = db.session.execute(select(Contact.id, Contact.name, Customer.name)
                              .join(Customer, Customer.id == Contact.customer_id)
                              .where(customer_criterion(current_user))
                              .order_by(Customer.name, Contact.name, Contact.id).limit(CHOICES))
    return [(i, f"{customer} · {name}") for i, name, customer in rows]


def names_for(tickets):
    """{"users", "customers", "teams"}: names of the people, customers and units the tickets name."""
    customer_ids = {ticket.customer_id for ticket in tickets}
    return {"users": user_names([ticket.assignee_id for ticket in tickets]),
            "customers": dict(db.session.execute(select(Customer.id, Customer.name)
                                                 .where(Customer.id.in_(customer_ids))).all()),
            "teams": dict(teams())}


@bp.route("/")
@page_login_required
def index():
    """The ticket queues (mine, my team's, all I can see, unassigned), filtered, newest or soonest due first."""
    raw = query_input(request.args, (*FILTERS, "cursor"))
    raw.setdefault("view", "mine")
    items, next_cursor, problem = list_page(ServiceTicketQuerySchema(), raw,
                                            lambda args: service.ticket_page(current_user, args))
    filters = {key: value for key, value in raw.items() if key != "cursor"}
    page = render_template("service_support/tickets/index.html", tickets=items, next_cursor=next_cursor,
                           filters=filters, on_later_page="cursor" in raw, problem=problem, names=names_for(items),
                           users=active_users(), teams=teams(), customers=visible_customers())
    return page, 400 if problem else 200


def form_page(ticket, values, errors, customer_id=None):
    """The new-ticket or edit form, with its choices."""
    page = render_template("service_support/tickets/form.html", ticket=ticket, values=values, errors=errors,
                           customers=[] if ticket else visible_customers(),
                           contacts=contacts_of(ticket.customer_id) if ticket else contact_choices(customer_id),
                           users=active_users(), teams=teams(), next=local_next(request.values.get("next")))
    return page, 422 if errors else 200


def blanks_to_none(values):
    """The form's values with empty choices as None (no contact, nobody, no team)."""
    return {key: (value if value != "" else None) for key, value in values.items()}


@bp.route("/new", methods=["GET", "POST"])
@page_login_required
def new():
    """Open a ticket: a customer the user may see (preset from the customer page), contact, channel, category..."""
    customer_id = query_id(request.values.get("customer_id"))
    values = {"customer_id": customer_id, "channel": "phone", "category": "inquiry", "priority": "normal",
              "assignee_id": current_user.id}
    errors = {}
    if request.method == "POST":
        values = {key: request.form.get(key, "").strip() for key in FORM_FIELDS}
        try:
            ticket = service.create_ticket(current_user, ServiceTicketSchema().load(blanks_to_none(values)))
        except ValidationError as err:
            db.session.rollback()
            errors = field_errors(err)
        else:
            flash(_("Ticket %(number)s opened.", number=ticket.number), "success")
            return redirect(url_for(".detail", ticket_id=ticket.id))
    return form_page(None, values, errors, customer_id)


@bp.route("/<int:ticket_id>")
@page_login_required
def detail(ticket_id):
    """The ticket: its header and actions, conversation with files, timeline, the features' sections, the reply box."""
    ticket = service.ticket_or_404(current_user, ticket_id)
    # The canned reply picker without JavaScript reloads the page with ?canned=<id> to start the reply box.
    text = reply_prefill(ticket, current_user, request.args)
    values = {"kind": "reply", "body": text} if text is not None else None
    return render_template("service_support/tickets/detail.html", **ticket_page_context(ticket, values))


@bp.route("/<int:ticket_id>/edit", methods=["GET", "POST"])
@page_login_required
def edit(ticket_id):
    """Change a ticket's contact, channel, category, priority, subject, description, assignee or team."""
    ticket = service.ticket_or_404(current_user, ticket_id)
    values, errors = {key: getattr(ticket, key) for key in EDIT_FIELDS}, {}
    if request.method == "POST":
        values = {key: request.form.get(key, "").strip() for key in EDIT_FIELDS}
        try:
            service.update_ticket(current_user, ticket, ServiceTicketUpdateSchema().load(blanks_to_none(values)))
        except ValidationError as err:
            db.session.rollback()
            errors = field_errors(err)
        else:
            flash(_("Ticket %(number)s saved.", number=ticket.number), "success")
            return redirect(url_for(".detail", ticket_id=ticket.id))
    return form_page(ticket, values, errors)


from plugins.service_support.tickets import actions  # noqa: E402,F401  (registers the ticket's action views)
