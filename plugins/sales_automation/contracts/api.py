"""The contracts API under /api/v1/sales/contracts: contracts and their payment plans (documented in OpenAPI)."""
from flask.views import MethodView
from flask_smorest import abort

from crm_platform.sdk import api_login_required, current_user, db

from plugins.sales_automation.blueprints import api_blueprint
from plugins.sales_automation.contracts import service
from plugins.sales_automation.contracts.instalments import instalments_of
from plugins.sales_automation.contracts.plan import PlanError
from plugins.sales_automation.contracts.schemas import (
    SalesContractPageSchema, SalesContractQuerySchema, SalesContractSchema, SalesContractUpdateSchema,
)

blp = api_blueprint("contracts", __name__, "Sales automation: contracts and their payment plans")


def answered(contract):
    """Commit and answer the contract with its instalments."""
    db.session.commit()
    contract.instalments = instalments_of(contract)
    return contract


def refused(error):
    """A PlanError as a 422 naming the problem (nothing is written)."""
    db.session.rollback()
    abort(422, message=str(error), messages={"json": {"instalments": [str(error)]}})


@blp.route("/sales/contracts")
class Contracts(MethodView):
    """The contracts the caller may see."""

    decorators = [api_login_required]

    @blp.arguments(SalesContractQuerySchema, location="query")
    @blp.response(200, SalesContractPageSchema)
    def get(self, args):
        """List contracts, newest first, by status, owner, customer and signing period (no instalments)."""
        items, next_cursor = service.contract_page(current_user, args)
        return {"items": items, "next_cursor": next_cursor}

    @blp.arguments(SalesContractSchema)
    @blp.response(201, SalesContractSchema)
    def post(self, data):
        """Make a contract: from a won opportunity or an accepted quote (prefilled), or for a customer."""
        try:
            return answered(service.new_contract(current_user, data))
        except PlanError as error:
            refused(error)


@blp.route("/sales/contracts/<int:contract_id>")
class ContractItem(MethodView):
    """One contract."""

    decorators = [api_login_required]

    @blp.response(200, SalesContractSchema)
    def get(self, contract_id):
        """Read a contract with its payment plan."""
        contract = service.contract_or_404(current_user, contract_id)
        contract.instalments = instalments_of(contract)
        return contract

    @blp.arguments(SalesContractUpdateSchema(partial=True))
    @blp.response(200, SalesContractSchema)
    def patch(self, data, contract_id):
        """Change a contract, its plan with `instalments` or `split`; the plan must add up to the amount."""
        try:
            return answered(service.update_contract(current_user, service.contract_or_404(current_user, contract_id),
                                                    data))
        except PlanError as error:
            refused(error)
