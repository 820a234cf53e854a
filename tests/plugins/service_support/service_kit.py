"""Test data every feature of the service module's tests needs: tickets written straight to the database.

The tickets feature's own service (plugins/service_support/tickets/service.py) is
what users go through; these rows skip it so that each feature's tests need only
the tables, and set exactly the state a test wants.
"""
from itertools import count

from plugins.service_support.models import Ticket

_numbers = count(1)


def make_ticket(world, tenant_session, tenant="acme", customer="n1_alpha", assignee="rep_n1", team=None,
                category="complaint", priority="normal", status="open", subject="The cold store is warm",
                contact=None, **fields):
    """A new ticket's id on `customer` (world keys), assigned to `assignee` (None: nobody), committed.

    `team` is a world unit key (e.g. "north1"); `contact` a world contact key;
    `fields` sets any other column (due times, created_at...).
    """
    place = world[tenant]
    with tenant_session(tenant) as session:
        ticket = Ticket(number=f"T-{next(_numbers):05d}", customer_id=place.customers[customer].id,
                        contact_id=place.contacts[contact].id if contact else None, channel="phone",
                        category=category, priority=priority, status=status, subject=subject,
                        assignee_id=place.users[assignee].id if assignee else None,
                        team_unit_id=place.units[team].id if team else None,
                        created_by_id=place.users["admin"].id, **fields)
        session.add(ticket)
        session.commit()
        return ticket.id
