"""Pages of the knowledge base (/service/knowledge/) and of the canned replies (/service/knowledge/replies/)."""
import os

from flask import flash, redirect, render_template, request, url_for
from marshmallow import ValidationError
from werkzeug.exceptions import Forbidden

from crm_platform.sdk import (
    Blueprint, current_user, field_errors, gettext as _, list_page, page_login_required, page_permission_required,
    query_input,
)

from plugins.service_support.blueprints import TEMPLATES
from plugins.service_support.knowledge import articles, service
from plugins.service_support.knowledge.placeholders import ALIASES, PLACEHOLDERS
from plugins.service_support.knowledge.schemas import (
    ServiceArticleQuerySchema, ServiceArticleSchema, ServiceCannedReplyQuerySchema, ServiceCannedReplySchema,
)
from plugins.service_support.permissions import KNOWLEDGE

STATIC = os.path.join(os.path.dirname(os.path.dirname(__file__)), "static")

# Made like page_blueprint's, plus the module's static folder for the reply box's script (no CDN).
bp = Blueprint("service_knowledge", __name__, url_prefix="/service/knowledge", template_folder=TEMPLATES,
               static_folder=STATIC, static_url_path="/static")


def category_choices():
    """(value, label) pairs of the categories in use, for the filter and the form's suggestions."""
    return [(category, category) for category in articles.categories(current_user)]


@bp.route("/")
@page_login_required
def index():
    """The knowledge base: search, a category, drafts (for writers); last changed first."""
    raw = query_input(request.args, ("q", "category", "published", "cursor"))
    items, next_cursor, problem = list_page(ServiceArticleQuerySchema(), raw,
                                            lambda args: articles.article_page(current_user, args))
    page = render_template("service_support/knowledge/index.html", articles=items, next_cursor=next_cursor,
                           filters={k: v for k, v in raw.items() if k != "cursor"}, on_later_page="cursor" in raw,
                           problem=problem, categories=category_choices(),
                           may_write=articles.may_write(current_user))
    return page, 400 if problem else 200


@bp.route("/articles/<int:article_id>")
@page_login_required
def article(article_id):
    """An article, its text as typed (line breaks kept, never read as HTML)."""
    return render_template("service_support/knowledge/article.html",
                           article=articles.article_or_404(current_user, article_id),
                           may_write=articles.may_write(current_user))


def article_form(article=None):
    """Show and save the article form: new, or for `article`."""
    fields = ("title", "body", "category", "keywords")
    values = {key: getattr(article, key) for key in (*fields, "published")} if article else {"published": True}
    errors = {}
    if request.method == "POST":
        values = {key: request.form.get(key, "") for key in fields}
        values["published"] = request.form.get("published") == "1"
        try:
            saved = articles.save_article(current_user, ServiceArticleSchema().load(values), article)
        except ValidationError as err:
            errors = field_errors(err)
        else:
            flash(_("Article %(title)s saved.", title=saved.title), "success")
            return redirect(url_for(".article", article_id=saved.id))
    page = render_template("service_support/knowledge/article_form.html", article=article, values=values,
                           errors=errors, categories=category_choices())
    return page, 422 if errors else 200


@bp.route("/articles/new", methods=["GET", "POST"])
@page_permission_required(KNOWLEDGE)
def new_article():
    """Write an article."""
    return article_form()


@bp.route("/articles/<int:article_id>/edit", methods=["GET", "POST"])
@page_permission_required(KNOWLEDGE)
def edit_article(article_id):
    """Change an article, or publish a draft."""
    return article_form(articles.article_or_404(current_user, article_id))


@bp.route("/articles/<int:article_id>/delete", methods=["POST"])
@page_permission_required(KNOWLEDGE)
def delete_article(article_id):
    """Delete an article."""
    found = articles.article_or_404(current_user, article_id)
    articles.delete_article(found)
    flash(_("Article %(title)s deleted.", title=found.title), "success")
    return redirect(url_for(".index"))


@bp.route("/replies/")
@page_login_required
def replies():
    """The canned replies the user may use: the shared ones and their own, by title."""
    raw = query_input(request.args, ("q", "shared", "cursor"))
    items, next_cursor, problem = list_page(ServiceCannedReplyQuerySchema(), raw,
                                            lambda args: service.reply_page(current_user, args))
    page = render_template("service_support/knowledge/replies.html", replies=items, next_cursor=next_cursor,
                           filters={k: v for k, v in raw.items() if k != "cursor"}, on_later_page="cursor" in raw,
                           problem=problem, may_change=lambda reply: service.may_change(current_user, reply))
    return page, 400 if problem else 200


def reply_form(reply=None):
    """Show and save the canned reply form: new, or for `reply` (which the user may change)."""
    values = {"title": reply.title, "body": reply.body, "shared": reply.owner_id is None} if reply else {}
    errors = {}
    if request.method == "POST":
        values = {key: request.form.get(key, "") for key in ("title", "body")}
        values["shared"] = request.form.get("shared") == "1"
        try:
            saved = service.save_reply(current_user, ServiceCannedReplySchema().load(values), reply)
        except ValidationError as err:
            errors = field_errors(err)
        else:
            flash(_("Canned reply %(title)s saved.", title=saved.title), "success")
            return redirect(url_for(".replies"))
    elif reply is not None and not service.may_change(current_user, reply):
        raise Forbidden(_("Only those who keep the knowledge base change shared replies."))
    page = render_template("service_support/knowledge/reply_form.html", reply=reply, values=values, errors=errors,
                           placeholders=PLACEHOLDERS, aliases=ALIASES, may_share=articles.may_write(current_user))
    return page, 422 if errors else 200


@bp.route("/replies/new", methods=["GET", "POST"])
@page_login_required
def new_reply():
    """Write a canned reply: one's own, or shared with everyone (service.knowledge)."""
    return reply_form()


@bp.route("/replies/<int:reply_id>/edit", methods=["GET", "POST"])
@page_login_required
def edit_reply(reply_id):
    """Change a canned reply: one's own, or a shared one (service.knowledge)."""
    return reply_form(service.reply_or_404(current_user, reply_id))


@bp.route("/replies/<int:reply_id>/delete", methods=["POST"])
@page_login_required
def delete_reply(reply_id):
    """Delete a canned reply: one's own, or a shared one (service.knowledge)."""
    reply = service.reply_or_404(current_user, reply_id)
    service.delete_reply(current_user, reply)
    flash(_("Canned reply %(title)s deleted.", title=reply.title), "success")
    return redirect(url_for(".replies"))
