"""The request the module answers for others: each customer's open complaints (service_support_open_complaints)."""
from crm_platform.sdk import ask_plugins
from service_kit import make_ticket

HOOK = "service_support_open_complaints"


def ask(tenant_session, tenant="acme"):
    """The answers of `tenant`'s enabled plugins, as another module asks."""
    with tenant_session(tenant):
        return ask_plugins(HOOK)


def test_only_complaints_not_resolved_or_closed_count_per_customer(service, tenant_session):
    for status in ("new", "open", "pending", "resolved", "closed"):
        make_ticket(service, tenant_session, customer="n1_alpha", status=status)
    make_ticket(service, tenant_session, customer="n1_alpha", category="inquiry", status="open")
    make_ticket(service, tenant_session, customer="n1_alpha", category="fault", status="new")
    make_ticket(service, tenant_session, customer="s1", status="pending", assignee=None)
    make_ticket(service, tenant_session, customer="n2", status="closed")
    make_ticket(service, tenant_session, tenant="globex", customer="n1_alpha", status="open")
    customers = service.acme.customers

    answers = ask(tenant_session)

    # new, open and pending of Alpha; the pending one of Delta (whoever works it); nothing resolved or closed.
    assert answers == [{customers["n1_alpha"].id: 3, customers["s1"].id: 1}]
    assert ask(tenant_session, "globex") == [{service.globex.customers["n1_alpha"].id: 1}]


def test_a_workspace_without_complaints_answers_an_empty_count(service, tenant_session):
    make_ticket(service, tenant_session, category="requirement")

    assert ask(tenant_session) == [{}]


def test_with_the_module_off_nobody_answers(service, tenant_session, enable_plugin):
    make_ticket(service, tenant_session)
    enable_plugin("acme", "service_support", enabled=False)

    assert ask(tenant_session) == []
    assert ask(tenant_session, "globex") == [{}]
