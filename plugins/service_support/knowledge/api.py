"""API of the knowledge base and canned replies under /api/v1/service/: articles, replies, filling a reply."""
from flask.views import MethodView

from crm_platform.sdk import allowed_first, api_login_required, api_permission_required, current_user

from plugins.service_support.blueprints import api_blueprint
from plugins.service_support.knowledge import articles, service
from plugins.service_support.knowledge.placeholders import render_reply
from plugins.service_support.knowledge.schemas import (
    ServiceArticlePageSchema, ServiceArticleQuerySchema, ServiceArticleSchema, ServiceCannedReplyPageSchema,
    ServiceCannedReplyQuerySchema, ServiceCannedReplySchema, ServiceRenderSchema, ServiceRenderedReplySchema,
    dump_reply,
)
from plugins.service_support.permissions import KNOWLEDGE
from plugins.service_support.tickets.visibility import ticket_or_404

blp = api_blueprint("knowledge", __name__, "Knowledge base articles and canned replies.")


@blp.route("/service/articles")
class Articles(MethodView):
    """The knowledge base: everyone reads the published articles, `service.knowledge` writes (and sees drafts)."""

    @api_login_required
    @blp.arguments(ServiceArticleQuerySchema, location="query")
    @blp.response(200, ServiceArticlePageSchema)
    def get(self, args):
        """List articles, last changed first, optionally matching `q` (title, text, keywords, category)."""
        items, next_cursor = articles.article_page(current_user, args)
        return {"items": items, "next_cursor": next_cursor}

    @api_permission_required(KNOWLEDGE)
    @blp.arguments(ServiceArticleSchema)
    @blp.response(201, ServiceArticleSchema)
    def post(self, data):
        """Write an article (published unless `published` is false)."""
        return articles.save_article(current_user, data)


@blp.route("/service/articles/<int:article_id>")
class ArticleItem(MethodView):
    """One article; a draft is a 404 to those who do not write the knowledge base."""

    @api_login_required
    @blp.response(200, ServiceArticleSchema)
    def get(self, article_id):
        """Read an article."""
        return articles.article_or_404(current_user, article_id)

    @api_permission_required(KNOWLEDGE)
    @blp.arguments(ServiceArticleSchema(partial=True))
    @blp.response(200, ServiceArticleSchema)
    def patch(self, data, article_id):
        """Change an article, or publish a draft."""
        return articles.save_article(current_user, data, articles.article_or_404(current_user, article_id))

    @api_permission_required(KNOWLEDGE)
    @blp.response(204)
    def delete(self, article_id):
        """Delete an article."""
        articles.delete_article(articles.article_or_404(current_user, article_id))


@blp.route("/service/canned-replies")
class CannedReplies(MethodView):
    """The canned replies the caller may use: the workspace's shared ones and their own."""

    decorators = [api_login_required]

    @blp.arguments(ServiceCannedReplyQuerySchema, location="query")
    @blp.response(200, ServiceCannedReplyPageSchema)
    def get(self, args):
        """List the replies by title, optionally matching `q` or only the shared (or only the caller's own)."""
        items, next_cursor = service.reply_page(current_user, args)
        return {"items": [dump_reply(reply) for reply in items], "next_cursor": next_cursor}

    @blp.arguments(ServiceCannedReplySchema)
    @blp.response(201, ServiceCannedReplySchema)
    def post(self, data):
        """Write a reply: the caller's own, or shared with `"shared": true` (403 without service.knowledge)."""
        return dump_reply(service.save_reply(current_user, data))


@blp.route("/service/canned-replies/<int:reply_id>")
class CannedReplyItem(MethodView):
    """One canned reply the caller may use; a colleague's personal reply is a 404."""

    decorators = [api_login_required]

    @blp.response(200, ServiceCannedReplySchema)
    def get(self, reply_id):
        """Read a reply."""
        return dump_reply(service.reply_or_404(current_user, reply_id))

    @allowed_first(lambda reply_id: service.require_change(current_user, service.reply_or_404(current_user, reply_id)),
                   into="reply")
    @blp.arguments(ServiceCannedReplySchema(partial=True))
    @blp.response(200, ServiceCannedReplySchema)
    def patch(self, data, reply_id, reply):
        """Change a reply: the caller's own, or a shared one with service.knowledge (403 otherwise)."""
        return dump_reply(service.save_reply(current_user, data, reply))

    @blp.response(204)
    def delete(self, reply_id):
        """Delete a reply: the caller's own, or a shared one with service.knowledge (403 otherwise)."""
        service.delete_reply(current_user, service.reply_or_404(current_user, reply_id))


@blp.route("/service/canned-replies/<int:reply_id>/render")
class RenderCannedReply(MethodView):
    """A canned reply filled for a ticket the caller may see."""

    decorators = [api_login_required]

    @blp.arguments(ServiceRenderSchema)
    @blp.response(200, ServiceRenderedReplySchema)
    def post(self, data, reply_id):
        """The reply's text with its placeholders filled; unknown ones stay as typed and are listed."""
        reply = service.reply_or_404(current_user, reply_id)
        ticket = ticket_or_404(current_user, data["ticket_id"])
        return render_reply(reply, ticket, current_user)._asdict()
