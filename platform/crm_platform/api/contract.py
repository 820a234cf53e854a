"""Keeping /api/openapi.json exact: every error an operation can answer is declared, and what it declares is enforced.

The error answers are added here, in one place, rather than on each of some 300 views
(docs/api.md, Errors): the table there is the rule this plugin writes into the document.
tests/core/test_api_contract.py runs Schemathesis against the document to hold it to that.
"""
from decimal import Decimal

from apispec import BasePlugin
from flask import current_app, request
from flask_babel import lazy_gettext as _l
from marshmallow import fields, validate

from crm_platform.api import error_response
from crm_platform.schemas import Places

WRITES = {"post", "put", "patch", "delete"}


def is_public(operation):
    """True when the operation may be called without credentials (`security` lists none, or `{}`)."""
    security = operation.get("security")
    return security is not None and (not security or {} in security)


class DeclaredErrors(BasePlugin):
    """An apispec plugin: adds the API's common error answers to every operation (docs/api.md, Errors).

    The document has no catch-all `default` answer (Api.DEFAULT_ERROR_RESPONSE_NAME is None),
    so a status an operation does not declare is a contract violation the test finds.
    """

    def __init__(self):
        self.core_tags = set()

    def operation_helper(self, path=None, operations=None, **kwargs):
        """Declare 400, 401/403, 404, 409, 422 and 429/503 (public operations and writes) where the API can answer them."""
        for method, operation in (operations or {}).items():
            responses = operation.setdefault("responses", {})
            codes = ["400", "422"]
            if is_public(operation):
                # Public operations are throttled, and refuse rather than count nothing when Redis is down.
                codes += ["429", "503"]
            if not is_public(operation) or operation.get("security"):
                codes += ["401", "403"]
            tags = set(operation.get("tags") or ())
            names = [p.get("name", "") for p in operation.get("parameters", []) if isinstance(p, dict)]
            if "{" in (path or "") or any(name.endswith("_id") for name in names) or not tags <= self.core_tags:
                # A missing or invisible id; a module's operations are 404s where it is not enabled.
                codes.append("404")
            if method in WRITES:
                codes.append("409")
                if not is_public(operation):
                    # A write may queue a background job (its own, or a module's on an event): past the
                    # workspace's job cap that is a 429, with the queue unreachable a 503 (docs/jobs.md).
                    codes += ["429", "503"]
            for code in codes:
                responses.setdefault(code, _RESPONSE_NAMES[code])


_RESPONSE_NAMES = {"400": "BAD_REQUEST", "401": "UNAUTHORIZED", "403": "FORBIDDEN", "404": "NOT_FOUND",
                   "409": "CONFLICT", "422": "UNPROCESSABLE_ENTITY", "429": "TOO_MANY_REQUESTS",
                   "503": "SERVICE_UNAVAILABLE"}


def number_bounds(self, field, **kwargs):
    """Numbers' documented ranges and steps as the API checks them.

    A read-only Decimal sent as a string (as_string=True) is documented as a string. Other
    numbers keep their Range, with three things apispec leaves out: a bound that excludes itself
    ("more than 0": exclusiveMinimum), Decimal bounds as numbers (JSON wrote "100.00"), and
    the decimal places a Places validator allows (multipleOf 0.01 for two).
    """
    if not isinstance(field, fields.Number):
        return {}
    if isinstance(field, fields.Decimal) and field.as_string and field.dump_only:
        return {"type": "string", "format": "decimal"}
    ranges = [v for v in field.validators if isinstance(v, validate.Range)]
    # The tightest bound of each side wins (a field may have several Ranges: schemas.StorableValues).
    lows = [(v.min, not v.min_inclusive) for v in ranges if v.min is not None]
    highs = [(v.max, v.max_inclusive) for v in ranges if v.max is not None]
    bounds = {}
    for key, chosen in (("minimum", max(lows, default=None)), ("maximum", min(highs, default=None))):
        if chosen is not None:
            value, flag = chosen
            bounds[key] = float(value) if isinstance(field, fields.Decimal) else value
            if flag if key == "minimum" else not flag:
                bounds[f"exclusive{key.capitalize()}"] = True
    steps = [v.places for v in field.validators if isinstance(v, Places)]
    if steps:
        bounds["multipleOf"] = float(Decimal(1).scaleb(-min(steps)))
    return bounds


def documented_body(view_function, method):
    """The JSON body argument flask-smorest documented for this view and method, or None."""
    view = getattr(getattr(view_function, "view_class", None), method.lower(), view_function)
    parameters = getattr(view, "_apidoc", {}).get("arguments", {}).get("parameters", [])
    return next((p for p in parameters if isinstance(p, dict) and p.get("in") == "json"), None)


def require_documented_body():
    """Refuse a request without a JSON body where the document says the body is required (400).

    webargs reads a missing body as `{}`, which an all-optional schema accepts: a
    PATCH without a body changed nothing and answered 200, and a POST created a record
    from defaults, while the document promised a required body.
    """
    if request.method not in ("POST", "PUT", "PATCH") or request.endpoint is None:
        return None
    body = documented_body(current_app.view_functions[request.endpoint], request.method)
    if body is None or not body.get("required") or (request.is_json and request.get_data(cache=True)):
        return None
    return error_response(400, _NEEDS_BODY)


_NEEDS_BODY = _l("This request needs a JSON body (Content-Type: application/json).")


def null_means_null(self, field, ret, **kwargs):
    """A nullable nested object's second branch takes null only.

    For OpenAPI 3.0 apispec writes a nullable reference as anyOf [{type: object, nullable: true},
    the reference], whose first branch takes any object at all; the API refuses objects that
    are not the referenced schema's.
    """
    branches = ret.get("anyOf")
    if not branches:
        return {}
    return {"anyOf": [{**branch, "enum": [None]} if branch == {"type": "object", "nullable": True} else branch
                      for branch in branches]}
