"""Makers of the sales automation module's authorization matrix (plugins/sales_automation/authorization.toml).

Each maker is `maker(requests, user_key)` -> {parameter: value}. Leads, deals,
quotes, contracts and to-dos are rep_s1's, on rep_s1's customer s1_shared, in
sight of every role the matrix checks; rep_s1 and South are in manager_south's remit.
"""
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from plugins.sales_automation.models import CollectionReminder, Payment, QuoteLine
from plugins.sales_automation.pipelines import service as pipelines

from payments_support import make_contract
from sales_comptodos_support import make_competitor, make_deal
from sales_documents_support import quote_for

OWNER, CUSTOMER = "rep_s1", "s1_shared"


def _acme(requests):
    return requests.world.acme


def people(requests, user_key):
    """rep_s1 and South: a rep and a unit in every checked role's remit."""
    acme = _acme(requests)
    return {"user_id": acme.users[OWNER].id, "unit_id": acme.units["south"].id}


def lead(requests, user_key):
    """rep_s1's worked lead."""
    def make():
        rep = requests.api_client("acme", OWNER)
        made = rep.post("/api/v1/sales/leads", json={"name": "Wang Fang", "company": "Matrix Co"})
        assert made.status_code == 201, made.get_json()
        assert rep.post(f"/api/v1/sales/leads/{made.get_json()['id']}/work").status_code == 200
        return made.get_json()["id"]
    return {"lead_id": requests.once("lead", make)}


def fresh_lead(requests, user_key):
    """rep_s1's new lead, not worked yet."""
    def make():
        made = requests.api_client("acme", OWNER).post("/api/v1/sales/leads", json={"name": "Li Na"})
        assert made.status_code == 201, made.get_json()
        return made.get_json()["id"]
    return {"lead_id": requests.once("fresh_lead", make)}


def lead_setup(requests, user_key):
    """A lead assignee (rep_s1) and a web form, made by the admin."""
    def make():
        admin = requests.api_client("acme", "admin")
        assignee = admin.post("/api/v1/sales/lead-assignees", json={"user_id": _acme(requests).users[OWNER].id})
        form = admin.post("/api/v1/sales/lead-forms", json={"name": "Matrix form"})
        assert assignee.status_code == form.status_code == 201, (assignee.get_json(), form.get_json())
        return {"assignee_id": assignee.get_json()["id"], "form_id": form.get_json()["id"],
                "token": form.get_json()["token"]}
    return requests.once("lead_setup", make)


def deal(requests, user_key):
    """rep_s1's open deal on s1_shared, in the default pipeline; its stages."""
    def make():
        deal_id = make_deal(requests.world, requests.tenant_session, customer=CUSTOMER, owner=OWNER)
        with requests.tenant_session("acme"):
            pipeline = pipelines.default_pipeline()
            stages = pipelines.stages_of(pipeline.id)
            return {"opportunity_id": deal_id, "pipeline_id": pipeline.id, "stage_id": stages[1].id,
                    "first_stage_id": stages[0].id}
    return requests.once("deal", make)


def pipeline(requests, user_key):
    """A second pipeline (so it may be deleted) with its stages."""
    def make():
        made = requests.api_client("acme", "admin").post("/api/v1/sales/pipelines", json={"name": "Projects"})
        assert made.status_code == 201, made.get_json()
        stages = made.get_json()["stages"]
        return {"pipeline_id": made.get_json()["id"], "stage_id": stages[1]["id"], "first_stage_id": stages[0]["id"]}
    return requests.once("pipeline", make)


def competitor(requests, user_key):
    """A competitor bidding for rep_s1's deal."""
    ids = deal(requests, user_key)
    return {**ids, "competitor_id": requests.once("competitor", lambda: make_competitor(
        requests.tenant_session, "acme", bids=[ids["opportunity_id"]]))}


def rival(requests, user_key):
    """A competitor not bidding yet, and rep_s1's deal."""
    ids = deal(requests, user_key)
    return {**ids, "competitor_id": requests.once("rival", lambda: make_competitor(
        requests.tenant_session, "acme", name="Rival Inc"))}


def todo(requests, user_key):
    """rep_s1's to-do about s1_shared."""
    def make():
        made = requests.api_client("acme", OWNER).post("/api/v1/sales/todos", json={
            "title": "Call back", "due_date": "2026-05-01", "customer_id": _acme(requests).customers[CUSTOMER].id})
        assert made.status_code == 201, made.get_json()
        return made.get_json()["id"]
    return {"todo_id": requests.once("todo", make)}


def quote(requests, user_key):
    """rep_s1's draft quote for s1_shared with two lines."""
    def make():
        with requests.tenant_session("acme") as session:
            made = quote_for(session, _acme(requests), customer=CUSTOMER, owner=OWNER, lines=[
                {"description": "A", "quantity": 1, "unit_price": 5}, {"description": "B", "quantity": 2,
                                                                     "unit_price": 7}])
            session.commit()
            line = session.scalars(select(QuoteLine).where(QuoteLine.quote_id == made.id)
                                   .order_by(QuoteLine.position)).all()[-1]
            return {"quote_id": made.id, "line_id": line.id}
    return requests.once("quote", make)


def sent_quote(requests, user_key):
    """rep_s1's quote for s1_shared, sent to the customer."""
    def make():
        with requests.tenant_session("acme") as session:
            made = quote_for(session, _acme(requests), customer=CUSTOMER, owner=OWNER, status="sent")
            session.commit()
            return made.id
    return {"quote_id": requests.once("sent_quote", make)}


def contract(requests, user_key):
    """rep_s1's contract with s1_shared, one instalment, a payment on it and an open collection reminder."""
    def make():
        acme = _acme(requests)
        with requests.tenant_session("acme") as session:
            contract_id, (instalment_id,) = make_contract(acme, customer=CUSTOMER,
                                                          plan=(("100.00", date(2026, 1, 31)),))
            payment = Payment(contract_id=contract_id, instalment_id=instalment_id, amount=Decimal("10.00"),
                              received_on=date(2026, 1, 2), recorded_by_id=acme.users["admin"].id)
            reminder = CollectionReminder(instalment_id=instalment_id, owner_id=acme.users[OWNER].id, stage="overdue",
                                          due_date=date(2026, 1, 31), created_on=date(2026, 2, 1))
            session.add_all([payment, reminder])
            session.commit()
            return {"contract_id": contract_id, "instalment_id": instalment_id, "payment_id": payment.id,
                    "reminder_id": reminder.id}
    return requests.once("contract", make)


def static(requests, user_key):
    """A file of the module's static folder."""
    return {"filename": "sales_automation/board.js"}


MAKERS = {"people": people, "lead": lead, "fresh_lead": fresh_lead, "lead_setup": lead_setup, "deal": deal,
          "pipeline": pipeline, "competitor": competitor, "rival": rival, "todo": todo, "quote": quote,
          "sent_quote": sent_quote, "contract": contract, "static": static}
