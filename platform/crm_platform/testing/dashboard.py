"""Checking a module's dashboard widgets in its plugin meta-tests (docs/dashboard.md)."""
from markupsafe import Markup

ROLES = ("admin", "manager_north", "rep_n1")
"""World users of three roles: an admin, a manager and a rep."""


def rendered_widgets(app, tenant_world, hookimpl, prefix, users=ROLES):
    """{user key: [widget keys]}: `hookimpl(user)`'s widgets, checked for each of `users` inside a request.

    Asserts that the keys are unique and start with `prefix` (e.g. "service."),
    and that every widget renders to Markup as the signed-in user, with the
    tenant in scope, as the dashboard calls it.
    """
    from flask_login import login_user

    from crm_platform.extensions import db
    from crm_platform.models import User
    from crm_platform.tenancy import tenant_scope

    found = {}
    for user_key in users:
        user_id = tenant_world.users[user_key].id
        with app.test_request_context("/dashboard/"), tenant_scope(tenant_world.id, user_id):
            user = db.session.get(User, user_id)
            login_user(user)
            widgets = list(hookimpl(user) or ())
            keys = [widget.key for widget in widgets]
            assert len(set(keys)) == len(keys), f"repeated widget keys for {user_key}: {keys}"
            assert all(key.startswith(prefix) for key in keys), f"widget keys must start with {prefix!r}: {keys}"
            for widget in widgets:
                assert isinstance(widget.render(), Markup), f"{widget.key} did not render to Markup for {user_key}"
            found[user_key] = keys
    return found
