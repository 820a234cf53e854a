"""The surveys API under /api/v1/service/surveys: the satisfaction surveys and their answers, read-only."""
from flask.views import MethodView

from crm_platform.sdk import api_login_required, current_user

from plugins.service_support.blueprints import api_blueprint
from plugins.service_support.surveys import service
from plugins.service_support.surveys.schemas import (
    ServiceSurveyPageSchema, ServiceSurveyQuerySchema, ServiceSurveySchema,
)

blp = api_blueprint("surveys", __name__, "Service support: satisfaction surveys and their answers")


@blp.route("/service/surveys")
class Surveys(MethodView):
    """The surveys the caller may see: those of the tickets they may see."""

    decorators = [api_login_required]

    @blp.arguments(ServiceSurveyQuerySchema, location="query")
    @blp.response(200, ServiceSurveyPageSchema)
    def get(self, args):
        """List surveys, newest first (filter by ticket, customer, answered, or a score at most `max_score`)."""
        items, next_cursor = service.survey_page(current_user, args)
        return {"items": items, "next_cursor": next_cursor}


@blp.route("/service/surveys/<int:survey_id>")
class SurveyItem(MethodView):
    """One survey (its link's token is never shown: only the contact's mail has it)."""

    decorators = [api_login_required]

    @blp.response(200, ServiceSurveySchema)
    def get(self, survey_id):
        """Read a survey and its answer."""
        return service.survey_or_404(current_user, survey_id)
