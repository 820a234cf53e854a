"""The managers the SLA escalation and the low-score mail write to: the nearest unit up the tree that has some."""
from plugins.service_support.managers import nearest_managers


def test_the_nearest_unit_with_managers_and_the_person_passed_over(service, app, tenant_session):
    units, users = service.acme.units, service.acme.users
    with app.test_request_context(), tenant_session("acme"):
        assert [user.id for user in nearest_managers(units["north1"].id)] == [users["manager_north"].id]
        assert [user.id for user in nearest_managers(units["north"].id)] == [users["manager_north"].id]
        # The manager's own: North has no other, and the company has no unit-scope managers.
        assert nearest_managers(units["north"].id, exclude_id=users["manager_north"].id) == []
        assert nearest_managers(None) == []
