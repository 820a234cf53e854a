"""`crm demo`: the demo workspace, its users, its customer book and its logins."""
from sqlalchemy import func, select

from crm_platform.extensions import db
from crm_platform.models import Activity, Contact, Customer, OrgUnit, Tenant, User
from crm_platform.tenancy import tenant_scope, unscoped
from tenants.demo import create_demo


def _demo(app, **kwargs):
    lines = []
    with app.app_context():
        logins = create_demo(customers=60, echo=lines.append, **kwargs)
    return logins, lines


def _counts(app):
    with app.app_context():
        with unscoped("test reads the demo tenant"):
            tenant_id = db.session.scalar(select(Tenant.id).where(Tenant.slug == "demo"))
        with tenant_scope(tenant_id):
            return {model.__name__: db.session.scalar(select(func.count()).select_from(model))
                    for model in (OrgUnit, User, Customer, Contact, Activity)}


def test_demo_creates_org_chart_users_and_customers(app):
    """Company, two branches with a team each, eight users, customers with contacts and records."""
    logins, lines = _demo(app)
    assert [role for role, _, _ in logins] == ["admin", "executive", "manager", "manager",
                                               "rep", "rep", "rep", "rep"]
    assert all(len(password) >= 8 for _, _, password in logins)
    counts = _counts(app)
    assert counts["OrgUnit"] == 5 and counts["User"] == 8 and counts["Customer"] == 60
    assert 60 <= counts["Contact"] <= 180 and 60 <= counts["Activity"] <= 300
    assert any("60 customers" in line for line in lines)
    with app.app_context(), unscoped("test reads the demo users"):
        names = set(db.session.scalars(select(OrgUnit.name)))
        owners = set(db.session.scalars(select(User.role).join(Customer, Customer.owner_id == User.id)))
    assert {"East branch", "North branch"} <= names
    assert "rep" in owners


def test_demo_logins_sign_in(app, client):
    """Every printed login gets an API token."""
    logins, _ = _demo(app)
    for role, email, password in logins:
        response = client.post("/api/v1/tokens", json={"workspace": "demo", "email": email, "password": password})
        assert response.status_code == 201, (role, email, response.get_json())


def test_demo_roles_see_their_remit(app, client):
    """A rep sees fewer customers than their manager, who sees fewer than the executive."""
    logins, _ = _demo(app)
    seen = {}
    for role, email, password in logins:
        token = client.post("/api/v1/tokens", json={"workspace": "demo", "email": email,
                                                     "password": password}).get_json()["token"]
        response = client.get("/api/v1/customers/count", headers={"Authorization": f"Bearer {token}"})
        seen[email] = response.get_json()["count"]
        if email == "ceo@demo.example.com":  # the demo's pool holds a few: not in the customer list
            pooled = client.get("/api/v1/pool/count", headers={"Authorization": f"Bearer {token}"}).get_json()["count"]
    assert pooled > 0 and seen["ceo@demo.example.com"] == 60 - pooled
    assert 0 < seen["east.rep1@demo.example.com"] < seen["east.manager@demo.example.com"] < 60 - pooled


def _pooled(app):
    """The names of the demo's customers in the pool."""
    with app.app_context():
        with unscoped("test reads the demo tenant"):
            tenant_id = db.session.scalar(select(Tenant.id).where(Tenant.slug == "demo"))
        with tenant_scope(tenant_id):
            return sorted(db.session.scalars(select(Customer.name).where(Customer.pooled_at.is_not(None))))


def test_demo_is_idempotent_and_resets(app):
    """A second run keeps the workspace; --reset rebuilds it with the same data (the same customers pooled)."""
    first, _ = _demo(app)
    before, pooled = _counts(app), _pooled(app)
    again, lines = _demo(app)
    assert again == first and any("already exists" in line for line in lines)
    assert _counts(app) == before
    _demo(app, reset=True)
    assert _counts(app) == before
    assert pooled and _pooled(app) == pooled


def test_seed_workspace_builds_many_workspaces_with_the_demo_logins(app, client):
    """bench/load.py's workspaces: the demo's org chart, users and customers under any slug, side by side."""
    import random

    from tenants.demo import demo_texts, logins, seed_workspace

    with app.app_context():
        built = [seed_workspace(slug, 10, random.Random(n), lambda *_: None, demo_texts("zh_CN"))
                 for n, slug in enumerate(["load-001", "load-002"])]
        for tenant_id, users in built:
            with tenant_scope(tenant_id):
                assert db.session.scalar(select(func.count()).select_from(User)) == len(users) == 8
                assert db.session.scalar(select(func.count()).select_from(Customer)) == 10
    role, email, password = logins()[-1]
    response = client.post("/api/v1/tokens", json={"workspace": "load-002", "email": email, "password": password})
    assert response.status_code == 201, response.get_json()
