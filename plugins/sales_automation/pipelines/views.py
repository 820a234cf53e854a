"""Pipelines pages: the Kanban board, its list view, and moving a card by a plain form (keyboard, no script).

The opportunity pages are in opportunity_views.py and the settings in
settings_views.py; importing them here registers their routes on the same blueprint.
"""
from flask import flash, redirect, render_template, request, url_for
from marshmallow import ValidationError
from werkzeug.exceptions import BadRequest

from crm_platform.sdk import current_user, field_errors, gettext as _, has_permission, page_login_required
from crm_platform.sdk import local_next

from plugins.sales_automation.permissions import CONFIGURE
from plugins.sales_automation.pipelines import board, opportunities
from plugins.sales_automation.pipelines import opportunity_views, settings_views  # noqa: F401  (routes)
from plugins.sales_automation.pipelines.config import pipeline_or_404
from plugins.sales_automation.pipelines.endpoints import bp
from plugins.sales_automation.pipelines.forms import (
    LIST_FILTERS, SORT_LABELS, read_filters, unit_choices, user_choices,
)
from plugins.sales_automation.pipelines.schemas import SalesMoveSchema
from plugins.sales_automation.pipelines.service import default_pipeline, opportunity_or_404, pipelines, stages_of

__all__ = ["bp"]


def _page_context(pipeline, raw):
    """What the board and the list both show: the pipeline tabs, the filters and their choices."""
    return {"pipeline": pipeline, "pipelines": pipelines(), "stages": stages_of(pipeline.id), "filters": raw,
            "owners": user_choices(), "units": unit_choices(), "may_configure": has_permission(current_user, CONFIGURE),
            "competitors": opportunities.competitors()}


@bp.route("/")
@page_login_required
def index():
    """The default pipeline's board."""
    pipelines()  # the first visit to the module makes the default pipeline
    return redirect(url_for(".board_page", pipeline_id=default_pipeline().id))


@bp.route("/<int:pipeline_id>/")
@page_login_required
def board_page(pipeline_id):
    """One column per stage with its count and total, the first cards of each, and "Load more"."""
    pipeline = pipeline_or_404(pipeline_id)
    filters, raw, problem = read_filters(request.args)
    columns = board.board(current_user, pipeline.id, filters)
    shown = {card["id"]: card for card in board.cards([o for column in columns for o in column["cards"]])}
    page = render_template("sales_automation/pipelines/board.html", columns=columns, cards=shown, problem=problem,
                           **_page_context(pipeline, raw))
    return page, 400 if problem else 200


@bp.route("/<int:pipeline_id>/list")
@page_login_required
def list_page(pipeline_id):
    """The same opportunities as the board, as a sortable table of cursor pages."""
    pipeline = pipeline_or_404(pipeline_id)
    filters, raw, problem = read_filters(request.args, LIST_FILTERS)
    items, next_cursor = [], None
    try:
        items, next_cursor = board.list_page(current_user, pipeline.id, filters, filters["sort"],
                                             request.args.get("cursor"), filters["limit"])
    except BadRequest:
        problem = _("This page link is no longer valid; start again from the first page.")
    page = render_template("sales_automation/pipelines/list.html", rows=board.cards(items), next_cursor=next_cursor,
                           on_later_page="cursor" in request.args, problem=problem, sort_labels=SORT_LABELS,
                           **_page_context(pipeline, raw))
    return page, 400 if problem else 200


def _back(opportunity):
    """Where a move form returns: the page it came from (this site's only), else the opportunity."""
    return local_next(request.form.get("next"), url_for(".detail", opportunity_id=opportunity.id))


@bp.route("/opportunities/<int:opportunity_id>/move", methods=["POST"])
@page_login_required
def move(opportunity_id):
    """Move a card by form ("Move to…"); won and lost first ask the reason (and for lost, who won)."""
    opportunity = opportunity_or_404(current_user, opportunity_id)
    opportunities.require_change(current_user, opportunity)
    values = {key: request.form.get(key, "").strip() for key in ("stage_id", "close_reason", "winner_competitor_id")}
    stage = next((s for s in stages_of(opportunity.pipeline_id) if str(s.id) == values["stage_id"]), None)
    if stage is not None and stage.kind != "open" and not values["close_reason"]:
        if "close_reason" not in request.form:
            return _close_form(opportunity, stage, values, {}, 200)
        return _close_form(opportunity, stage, values, {"close_reason": _("Say why the opportunity was won or lost.")},
                           422)
    try:
        winner = SalesMoveSchema(only=("winner_competitor_id",)).load(
            {"winner_competitor_id": values["winner_competitor_id"]}).get("winner_competitor_id")
        opportunities.move(current_user, opportunity, stage.id if stage else None, values["close_reason"] or None,
                           winner)
    except ValidationError as error:
        if stage is None:
            flash(_("Choose a stage of this opportunity's pipeline."), "error")
            return redirect(_back(opportunity))
        return _close_form(opportunity, stage, values, field_errors(error), 422)
    flash(_("%(name)s moved to %(stage)s.", name=opportunity.name, stage=stage.name), "success")
    return redirect(_back(opportunity))


def _close_form(opportunity, stage, values, errors, status):
    """The page asking why a deal was won or lost (the plain-form version of the board's dialog)."""
    page = render_template("sales_automation/pipelines/close.html", opportunity=opportunity, stage=stage,
                           values=values, errors=errors,
                           competitor_options=[(c.id, c.name) for c in opportunities.competitors()],
                           next=_back(opportunity))
    return page, status
