"""The one rule for a contract's status from its plan: shared by payments and changes to the contract."""
from sqlalchemy import func, select

from crm_platform.sdk import db

from plugins.sales_automation.models import Instalment


def settle_status(contract):
    """Completed when every instalment is settled, active again when one no longer is (cancelled stays)."""
    db.session.flush()
    unsettled = db.session.scalar(select(func.count(Instalment.id)).where(Instalment.contract_id == contract.id,
                                                                         Instalment.settled.is_(False)))
    if contract.status == "active" and unsettled == 0:
        contract.status = "completed"
    elif contract.status == "completed" and unsettled:
        contract.status = "active"
