"""What the module keeps: a customer with contracts cannot be deleted (their payments are the company's books)."""
from sqlalchemy import func, select

from crm_platform.sdk import db, ngettext

from plugins.sales_automation.models import Contract


def delete_blockers(customer):
    """Why `customer` may not be deleted: its contracts, whatever their status (crm_customer_delete_blockers)."""
    count = db.session.scalar(select(func.count()).select_from(Contract).where(Contract.customer_id == customer.id))
    if not count:
        return []
    return [ngettext("It has %(num)d contract; contracts and their payments are kept.",
                     "It has %(num)d contracts; contracts and their payments are kept.", count)]
