"""Customer API: list, search, count, create, read, update, reassign, delete."""
from flask import jsonify, request
from flask.views import MethodView
from flask_login import current_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from crm_platform.api import ErrorSchema
from crm_platform.api.auth import login_required
from crm_platform.api.row_dump import dumped_response
from crm_platform.custom_fields.filters import filter_params, parse_filters
from crm_platform.customers import service
from crm_platform.customers.duplicate_check import duplicate_matches, duplicate_message, matched_fields
from crm_platform.customers.module_filters import module_filters, module_params, parse_module_filters
from crm_platform.customers.list_rows import customer_rows
from crm_platform.customers.queries import count_customers
from crm_platform.customers.schemas import (
    CountSchema, CustomerPageSchema, CustomerQuerySchema, CustomerSchema, ReassignSchema,
)
from crm_platform.visibility import visible_customer_or_404

blp = Blueprint("customers_api", __name__, description="Customers (accounts) the caller may see")
# One instance for every request: given the class, webargs would build the schema (copying its fields) each time.
LIST_QUERY = CustomerQuerySchema()


class DuplicateMatchSchema(Schema):
    """An existing customer a new one would duplicate."""

    id = fields.Int(allow_none=True, metadata={"description": "null when the caller may not see that customer"})
    fields_ = fields.List(fields.Str(), data_key="fields",
                          metadata={"description": "what it shares: credit_code, email, phone, name"})


class DuplicateErrorDetailSchema(Schema):
    """The 409 of a customer that duplicates existing ones."""

    message = fields.Str()
    fields_ = fields.Dict(data_key="fields", keys=fields.Str(), values=fields.List(fields.Str()))
    duplicates = fields.List(fields.Nested(DuplicateMatchSchema))


class DuplicateErrorSchema(Schema):
    """The API's error shape with the matching customers; send "allow_duplicate": true to create anyway."""

    error = fields.Nested(DuplicateErrorDetailSchema)


def list_filters(args):
    """`args` with the query string's custom field (cf_…) and module filters parsed; a ValidationError per bad one."""
    args["custom_filters"] = parse_filters("customer", filter_params(request.args))
    offered = module_filters(current_user)
    args["module_criteria"] = parse_module_filters(offered, module_params(offered, request.args))
    return args


def duplicate_response(matches):
    """409: which fields match, and the ids of the matching customers the caller may see."""
    message = duplicate_message(matches)
    body = {"error": {"message": message, "fields": {field: [message] for field in matched_fields(matches)},
                      "duplicates": [{"id": m["id"], "fields": m["fields"]} for m in matches]}}
    response = jsonify(body)
    response.status_code = 409
    return response


@blp.route("/customers")
class Customers(MethodView):
    """The customers the caller may see."""

    decorators = [login_required]

    @blp.arguments(LIST_QUERY, location="query")
    @blp.response(200, CustomerPageSchema)
    def get(self, args):
        """List customers: search, filters (cf_<key>[_min|_max]; modules' <key>=<value>), sort, cursor."""
        items, next_cursor = customer_rows(current_user, list_filters(args), CustomerSchema)
        # Dumped by the lean path already (customers/list_rows.py); the schema above documents it.
        return dumped_response({"items": items, "next_cursor": next_cursor})

    @blp.arguments(CustomerSchema)
    @blp.response(201, CustomerSchema)
    @blp.alt_response(409, schema=DuplicateErrorSchema, description="an existing customer has the same credit "
                      "code, email, phone or name; repeat with allow_duplicate to create it anyway")
    def post(self, data):
        """Create a customer; the owner defaults to the caller. Duplicates are refused unless allowed."""
        if not data.pop("allow_duplicate", False):
            matches = duplicate_matches(current_user, data)
            if matches:
                return duplicate_response(matches)
        return service.create_customer(current_user, data)


@blp.route("/customers/count")
@login_required
@blp.arguments(LIST_QUERY, location="query")
@blp.response(200, CountSchema)
def customers_count(args):
    """Count the customers the caller may see that match the filters (custom fields' and modules' as in the list)."""
    return {"count": count_customers(current_user, list_filters(args))}


@blp.route("/customers/<int:customer_id>")
class CustomerItem(MethodView):
    """One customer, if the caller may see it."""

    decorators = [login_required]

    @blp.response(200, CustomerSchema)
    def get(self, customer_id):
        """Read a customer."""
        return visible_customer_or_404(current_user, customer_id)

    @blp.arguments(CustomerSchema(partial=True))
    @blp.response(200, CustomerSchema)
    def patch(self, data, customer_id):
        """Change some fields of a customer (owner_id reassigns it)."""
        return service.update_customer(current_user, visible_customer_or_404(current_user, customer_id), data)

    @blp.response(204)
    @blp.alt_response(409, schema=ErrorSchema, description="a module keeps records of the customer (e.g. contracts)")
    def delete(self, customer_id):
        """Delete a customer with its contacts and timeline (refused while a module keeps records of it)."""
        service.delete_customer(current_user, visible_customer_or_404(current_user, customer_id))


@blp.route("/customers/<int:customer_id>/reassign", methods=["POST"])
@login_required
@blp.arguments(ReassignSchema)
@blp.response(200, CustomerSchema)
def reassign(data, customer_id):
    """Give a customer to another owner."""
    customer = visible_customer_or_404(current_user, customer_id)
    return service.reassign_customer(current_user, customer, data["owner_id"])
