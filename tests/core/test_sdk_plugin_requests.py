"""SDK pieces for modules: asking other plugins (ask_plugins), public pages, rate limits, role scopes,
and customers made inside a plugin's own transaction."""
import pytest
from flask import request
from marshmallow import ValidationError
from sqlalchemy import func, select

from crm_platform import sdk
from crm_platform.models import User
from crm_platform.testing import free_port


class Specs:
    @sdk.hookspec
    def asker_answer(self):
        """Return an answer, or None."""


class Asker:
    """Declares asker_answer, answers it after writing a contact, and offers a public page."""

    def __init__(self):
        self.public = sdk.Blueprint("asker_public", __name__, url_prefix="/asker-public")

        @self.public.route("/<name>", methods=["GET", "POST"])
        @sdk.public_view
        def hello(name):
            """A page anyone may open or post to, counted per address."""
            allowed = sdk.rate_limit("2/hour", "asker", request.remote_addr).allowed
            return (f"hello {name}", 200) if allowed else ("slow down", 429)

    @sdk.hookimpl
    def crm_hookspecs(self):
        return Specs

    @sdk.hookimpl
    def crm_blueprints(self):
        return [self.public]

    @sdk.hookimpl
    def asker_answer(self):
        return "fine"


class Raiser:
    """Writes, then fails, answering asker_answer."""

    @sdk.hookimpl
    def asker_answer(self):
        sdk.db.session.add(sdk.OrgUnit(name="Left behind"))
        sdk.db.session.flush()
        raise RuntimeError("no answer")


@pytest.mark.app_config(CRM_PLUGINS={"asker": Asker(), "raiser": Raiser()})
def test_a_failing_answer_is_undone_and_the_callers_work_stays(world, enable_plugin, tenant_session, caplog):
    enable_plugin("acme", "asker")
    enable_plugin("acme", "raiser")
    with tenant_session("acme") as session:
        units = session.scalar(select(func.count()).select_from(sdk.OrgUnit))
        session.add(sdk.OrgUnit(name="Caller's own"))
        session.flush()
        assert sdk.ask_plugins("asker_answer") == ["fine"]
        session.commit()
        names = session.scalars(select(sdk.OrgUnit.name)).all()
        assert "Caller's own" in names and "Left behind" not in names and len(names) == units + 1
    assert "plugin raiser failed answering asker_answer" in caplog.text


class Listener:
    """Answers asker_answer, a request of a plugin that may not be installed (optionalhook)."""

    @sdk.hookimpl(optionalhook=True)
    def asker_answer(self):
        return "heard"


class Typo:
    """Implements a hook nobody declares, without saying it is optional."""

    @sdk.hookimpl
    def asker_answr(self):
        return "lost"


@pytest.mark.app_config(CRM_PLUGINS={"listener": Listener(), "typo": Typo()})
def test_an_optional_answer_to_an_absent_plugin_keeps_the_plugin_working(app, world, enable_plugin, tenant_session):
    records = app.extensions["crm_plugins"].records
    assert records["listener"].ok
    assert "unknown hook(s): asker_answr" in records["typo"].error
    enable_plugin("acme", "listener")
    with tenant_session("acme"):
        assert sdk.ask_plugins("asker_answer") == [] and not sdk.can_ask("asker_answer")


@pytest.mark.app_config(CRM_PLUGINS={"asker": Asker(), "listener": Listener()})
def test_an_optional_answer_is_asked_when_the_declaring_plugin_is_there(world, enable_plugin, tenant_session):
    enable_plugin("acme", "asker")
    enable_plugin("acme", "listener")
    with tenant_session("acme"):
        assert sorted(sdk.ask_plugins("asker_answer")) == ["fine", "heard"]


@pytest.mark.app_config(CRM_PLUGINS={"asker": Asker()})
def test_can_ask_follows_whether_an_enabled_plugin_answers(world, enable_plugin, tenant_session):
    with tenant_session("acme"):
        assert not sdk.can_ask("asker_answer") and not sdk.can_ask("nobody_declares_this")
    enable_plugin("acme", "asker")
    with tenant_session("acme"):
        assert sdk.can_ask("asker_answer") and not sdk.can_ask("nobody_declares_this")
    with tenant_session("globex"):
        assert not sdk.can_ask("asker_answer")
    enable_plugin("acme", "asker", enabled=False)
    with tenant_session("acme"):
        assert not sdk.can_ask("asker_answer")


@pytest.mark.app_config(CRM_PLUGINS={"asker": Asker()})
def test_public_views_need_no_sign_in_nor_csrf_and_can_be_throttled(world, enable_plugin, app):
    client = app.test_client()
    assert client.post("/asker-public/world").get_data(as_text=True) == "hello world"
    assert client.get("/asker-public/again").status_code == 200
    assert client.get("/asker-public/third").status_code == 429


def test_role_scope(world, tenant_session):
    with tenant_session("acme") as session:
        users = {key: session.get(User, person.id) for key, person in world.acme.users.items()}
        assert [sdk.role_scope(users[k]) for k in ("admin", "manager_north", "rep_n1")] == ["all", "unit", "own"]
        users["rep_n1"].active = False
        assert sdk.role_scope(users["rep_n1"]) is None


def test_customers_and_contacts_wait_for_the_callers_commit(world, tenant_session):
    with tenant_session("acme") as session:
        rep = session.get(User, world.acme.users["rep_n1"].id)
        before = session.scalar(select(func.count()).select_from(sdk.Customer))
        customer = sdk.add_customer(rep, {"name": "Staged Co", "email": "hi@staged.test"})
        contact = sdk.add_contact(rep, customer, {"name": "Staged Person"})
        assert customer.id and contact.customer_id == customer.id and customer.email_key == "hi@staged.test"
        assert [m["fields"] for m in sdk.customer_duplicates(rep, {"email": "HI@staged.test"})] == [["email"]]
        session.rollback()
        assert session.scalar(select(func.count()).select_from(sdk.Customer)) == before
        with pytest.raises(ValidationError):
            sdk.add_customer(rep, {"name": "Bad", "email": "not-an-email"})
        assert sdk.sales_region_names() == ["North", "South"] and "website" in sdk.customer_sources()


@pytest.mark.app_config(CRM_PLUGINS={"asker": Asker()}, CRM_THROTTLE_STORAGE_URL=f"redis://127.0.0.1:{free_port()}")
def test_a_rate_limit_that_cannot_be_counted_refuses(world, app):
    answer = app.test_client().post("/asker-public/world")
    assert answer.status_code == 503 and "cannot take posts" in answer.get_data(as_text=True)


def test_the_time_helpers_are_the_cores(app):
    from crm_platform.calendar.business_time import merge_intervals
    from crm_platform.customers.forms import local_to_utc

    assert sdk.merge_intervals is merge_intervals and sdk.local_to_utc is local_to_utc
    assert sdk.merge_intervals([(3, 5), (1, 2), (2, 4), (6, 6)]) == [(1, 5)]
    with app.test_request_context():
        assert sdk.local_to_utc("not a time") == "not a time"
