"""API of the requirement records feature, under /api/v1/service/requirements (documented in OpenAPI)."""
from flask.views import MethodView

from crm_platform.sdk import api_login_required, current_user

from plugins.service_support.blueprints import api_blueprint
from plugins.service_support.requirements import review, service
from plugins.service_support.requirements.schemas import (
    ServiceRequirementAnswerPageSchema, ServiceRequirementAnswerQuerySchema, ServiceRequirementAnswerSchema, ServiceRequirementPageSchema,
    ServiceRequirementQuerySchema, ServiceRequirementReviewSchema, ServiceRequirementSchema,
    ServiceRequirementUpdateSchema, ServiceRequirementVoteSchema,
)

blp = api_blueprint("requirements", __name__, "Customer requirements, their votes, answers and the daily review.")


def with_votes(requirement):
    """`requirement` with the votes of the customers the caller may see, for its schema."""
    requirement.votes = [_named(vote, name) for vote, name in service.visible_votes(current_user, requirement)]
    return requirement


def _named(vote, name):
    """`vote` carrying its customer's name, for its schema."""
    vote.customer_name = name
    return vote


@blp.route("/service/requirements")
class Requirements(MethodView):
    """The requirements the caller may see."""

    decorators = [api_login_required]

    @blp.arguments(ServiceRequirementQuerySchema, location="query")
    @blp.response(200, ServiceRequirementPageSchema)
    def get(self, args):
        """List requirements, newest first or most votes first, by status, responsible person, customer, words."""
        items, next_cursor = service.requirement_page(current_user, args)
        return {"items": items, "next_cursor": next_cursor}

    @blp.arguments(ServiceRequirementSchema)
    @blp.response(201, ServiceRequirementSchema)
    def post(self, data):
        """Record a requirement with its first vote: `customer_id`, or `ticket_id` (its customer)."""
        return with_votes(service.create_requirement(current_user, data))


@blp.route("/service/requirements/review")
class Review(MethodView):
    """The caller's daily review list."""

    decorators = [api_login_required]

    @blp.response(200, ServiceRequirementReviewSchema)
    def get(self):
        """The requirements the caller is responsible for that are new since their last review, or waiting."""
        return review.review_list(current_user)


@blp.route("/service/requirements/<int:requirement_id>")
class RequirementItem(MethodView):
    """One requirement."""

    decorators = [api_login_required]

    @blp.response(200, ServiceRequirementSchema)
    def get(self, requirement_id):
        """Read a requirement with the votes of the customers the caller may see."""
        return with_votes(service.requirement_or_404(current_user, requirement_id))

    @blp.arguments(ServiceRequirementUpdateSchema)
    @blp.response(200, ServiceRequirementSchema)
    def patch(self, data, requirement_id):
        """Change the title, description, responsible person or status (with an optional `comment`)."""
        requirement = service.requirement_or_404(current_user, requirement_id)
        return with_votes(service.update_requirement(current_user, requirement, data))


@blp.route("/service/requirements/<int:requirement_id>/reviewed")
class Reviewed(MethodView):
    """The responsible person's review of a requirement."""

    decorators = [api_login_required]

    @blp.response(200, ServiceRequirementSchema)
    def post(self, requirement_id):
        """Mark the requirement reviewed now (its responsible person only)."""
        requirement = service.requirement_or_404(current_user, requirement_id)
        return with_votes(review.mark_reviewed(current_user, requirement))


@blp.route("/service/requirements/<int:requirement_id>/votes")
class Votes(MethodView):
    """The customers asking for a requirement."""

    decorators = [api_login_required]

    @blp.arguments(ServiceRequirementVoteSchema)
    @blp.response(201, ServiceRequirementVoteSchema)
    def post(self, data, requirement_id):
        """Add a customer's vote (one per customer), optionally from a ticket."""
        requirement = service.requirement_or_404(current_user, requirement_id)
        vote = service.add_vote(current_user, requirement, data)
        return _named(vote, service.customer_name(vote.customer_id))


@blp.route("/service/requirements/<int:requirement_id>/votes/<int:vote_id>")
class VoteItem(MethodView):
    """One vote."""

    decorators = [api_login_required]

    @blp.response(204)
    def delete(self, requirement_id, vote_id):
        """Take a vote back (who added it, or who may change the requirement)."""
        requirement = service.requirement_or_404(current_user, requirement_id)
        service.remove_vote(current_user, requirement, service.vote_or_404(current_user, requirement, vote_id))


@blp.route("/service/requirements/<int:requirement_id>/answers")
class Answers(MethodView):
    """The answers and status changes of a requirement."""

    decorators = [api_login_required]

    @blp.arguments(ServiceRequirementAnswerQuerySchema, location="query")
    @blp.response(200, ServiceRequirementAnswerPageSchema)
    def get(self, args, requirement_id):
        """List the answers and status changes, oldest first."""
        requirement = service.requirement_or_404(current_user, requirement_id)
        items, next_cursor = service.answer_page(requirement, args)
        return {"items": items, "next_cursor": next_cursor}

    @blp.arguments(ServiceRequirementAnswerSchema)
    @blp.response(201, ServiceRequirementAnswerSchema)
    def post(self, data, requirement_id):
        """Answer the requirement (anyone who may see it)."""
        requirement = service.requirement_or_404(current_user, requirement_id)
        return service.add_answer(current_user, requirement, data["body"])
