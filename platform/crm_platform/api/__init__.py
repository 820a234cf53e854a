"""The REST API under /api/v1: flask-smorest, marshmallow schemas, JSON errors.

Every error, from validation to a missing record, is `{"error": {"message",
"fields"}}` with a 4xx status; pages get HTML error pages from the same handler.
"""
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.ext.marshmallow.common import resolve_schema_cls
from flask import jsonify, render_template, request
from flask_babel import gettext as _, lazy_gettext as _l
from marshmallow import Schema, fields
from marshmallow import ValidationError
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import BadRequest, Conflict, HTTPException

from crm_platform.extensions import api, csrf, db
from crm_platform.i18n.library_messages import translate_message, translate_messages

API_PREFIX = "/api/v1"


def _fields_of(messages):
    """Flatten webargs' {location: {field: [msg]}} into {field: [msg]}."""
    fields = {}
    for location, errors in (messages or {}).items():
        if isinstance(errors, dict):
            fields.update(errors)
        else:
            fields[location] = errors
    return fields


def error_response(status, message, fields=None, headers=None):
    """A JSON error in the API's one shape, in the caller's language; `message` may be a lazy translation.

    Werkzeug's and marshmallow's own English texts are translated here (i18n/library_messages.py).
    """
    response = jsonify({"error": {"message": translate_message(str(message)),
                                  "fields": translate_messages(fields or {})}})
    response.status_code = status
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


# The OpenAPI description of the header `no_store` sets, for answers that carry a secret.
NO_STORE_HEADER = {"Cache-Control": {"description": "`no-store`: the answer holds a secret; no cache may keep it",
                                     "schema": {"type": "string"}}}


def no_store(response):
    """Keep `response` out of every cache (an after_request hook for blueprints whose answers carry secrets)."""
    response.headers["Cache-Control"] = "no-store"
    return response


def handle_http_exception(error):
    """Render any HTTP error as API JSON under /api, as an HTML page elsewhere."""
    if error.code >= 500:
        # The failed statement may have left the transaction unusable; the error
        # page itself needs the session (current_user, the menu).
        db.session.rollback()
    if not request.path.startswith("/api"):
        if error.code in (401,):
            from crm_platform.extensions import login_manager

            return login_manager.unauthorized()
        return render_template("errors.html", error=error), error.code
    data = getattr(error, "data", None) or {}
    fields = _fields_of(data.get("messages"))
    message = data.get("message") or (_VALIDATION if fields else error.description)
    # The exception's own headers (Allow on a 405, Retry-After on a 429, WWW-Authenticate)
    # are part of the answer; only its HTML content type is replaced.
    headers = {key: value for key, value in error.get_headers() if key.lower() != "content-type"}
    headers.update(data.get("headers") or {})
    return error_response(error.code, message, fields, headers)


_VALIDATION = _l("The input is not valid; see the fields.")


class ErrorDetailSchema(Schema):
    """What went wrong, in words and per field."""

    message = fields.Str(metadata={"description": "a sentence for people"})
    fields_ = fields.Dict(data_key="fields", keys=fields.Str(), values=fields.Raw(),
                          metadata={"description": "messages per input field"})
    duplicates = fields.List(fields.Dict(), metadata={
        "description": "on the 409 of a new customer that duplicates others: each one's id and the fields alike"})


class ErrorSchema(Schema):
    """The one shape of every API error."""

    error = fields.Nested(ErrorDetailSchema)


def schema_name(schema):
    """OpenAPI component name: the class name without "Schema", "Patch" for partial ones."""
    name = resolve_schema_cls(schema).__name__.removesuffix("Schema")
    return f"{name}Patch" if getattr(schema, "partial", False) else name


def init_api(app):
    """Initialise flask-smorest and register every core API blueprint."""
    from crm_platform.announcements.api import blp as announcements_api
    from crm_platform.attachments.api import blp as attachments_api
    from crm_platform.audit.api import blp as audit_api
    from crm_platform.auth.api import blp as tokens_api
    from crm_platform.calendar.api import blp as calendar_api
    from crm_platform.auth.password_reset_api import blp as password_reset_api
    from crm_platform.custom_fields.api import blp as custom_fields_api
    from crm_platform.customers.api import blp as customers_api
    from crm_platform.customers.bulk_api import blp as bulk_api  # also registers the customer_bulk kind
    from crm_platform.customers.export_api import blp as exports_api  # also registers the customer_export kind
    from crm_platform.customers.related_api import blp as related_api
    from crm_platform.dashboard.api import blp as dashboard_api
    from crm_platform.follow_ups.api import blp as follow_ups_api
    from crm_platform.history.api import blp as history_api
    from crm_platform.imports.api import blp as imports_api  # also registers the customer_import kind
    from crm_platform.jobs.api import blp as jobs_api
    from crm_platform.merge.api import blp as merge_api
    from crm_platform.modules.api import blp as modules_api
    from crm_platform.org.api import blp as org_api
    from crm_platform.regions.api import blp as regions_api
    from crm_platform.pool.api import blp as pool_api  # also registers the customer_pool kind
    from crm_platform.reminders.api import blp as reminders_api  # also registers the care_reminders kind
    from crm_platform.work_logs.api import blp as work_logs_api
    from crm_platform.workspace.api import blp as workspace_api
    from tenants.api import blp as signup_api
    from crm_platform.api.contract import DeclaredErrors, null_means_null, number_bounds, require_documented_body

    app.config.setdefault("API_SPEC_OPTIONS", {
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        "security": [{"bearer": []}],
    })
    api.ERROR_SCHEMA = ErrorSchema
    # No catch-all `default` answer: each operation declares its errors (api/contract.py).
    api.DEFAULT_ERROR_RESPONSE_NAME = None
    declared_errors = DeclaredErrors()
    marshmallow_plugin = MarshmallowPlugin(schema_name_resolver=schema_name)
    api.init_app(app, spec_kwargs={"marshmallow_plugin": marshmallow_plugin, "extra_plugins": [declared_errors]})
    marshmallow_plugin.converter.add_attribute_function(number_bounds)
    marshmallow_plugin.converter.add_attribute_function(null_means_null)
    app.before_request(require_documented_body)
    for blp in (signup_api, tokens_api, org_api, customers_api, related_api, audit_api, modules_api,
                jobs_api, exports_api, imports_api, password_reset_api, reminders_api, workspace_api,
                regions_api, pool_api, bulk_api, custom_fields_api, follow_ups_api, merge_api,
                attachments_api, history_api, calendar_api, announcements_api, work_logs_api,
                dashboard_api):
        declared_errors.core_tags.add(blp.name)
        api.register_blueprint(blp, url_prefix=API_PREFIX)
        # Bearer tokens are not sent by browsers on their own, so CSRF does not apply.
        csrf.exempt(blp)
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(ValidationError, handle_validation_error)
    app.register_error_handler(IntegrityError, handle_integrity_error)


def handle_validation_error(error):
    """A field problem found past the schema (a taken email, an unknown owner): 422."""
    db.session.rollback()
    if request.path.startswith("/api"):
        return error_response(422, _VALIDATION, error.normalized_messages())
    return render_template("errors.html", error=BadRequest(str(error.normalized_messages()))), 400


def handle_integrity_error(error):
    """Two requests raced for the same unique value: 409, and nothing written."""
    db.session.rollback()
    message = _("This conflicts with data that already exists; reload and try again.")
    if request.path.startswith("/api"):
        return error_response(409, message)
    return render_template("errors.html", error=Conflict(message)), 409
