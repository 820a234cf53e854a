"""Knowledge base articles: search, drafts for writers only, and saving; shared by the API, the pages and the reply box.

Everyone signed in reads the published articles; `service.knowledge` writes them
and also sees the drafts. A draft is as missing as a lost id to everyone else.
"""
from datetime import datetime

from flask import abort
from sqlalchemy import or_, select

from crm_platform.sdk import db, has_permission, keyset_page

from plugins.service_support.models import Article
from plugins.service_support.permissions import KNOWLEDGE

ARTICLE_FIELDS = ("title", "body", "category", "keywords", "published")
"""What an article holds (validated by ServiceArticleSchema)."""
SUMMARY_LENGTH = 200
"""Characters of an article's body its summary keeps (the reply box inserts it)."""


def may_write(user):
    """True when `user` writes the knowledge base (and so also sees its drafts)."""
    return has_permission(user, KNOWLEDGE)


def readable(user, stmt):
    """`stmt` on articles narrowed to what `user` may read: published ones, and drafts for writers."""
    return stmt if may_write(user) else stmt.where(Article.published.is_(True))


def article_or_404(user, article_id):
    """The article `article_id` if `user` may read it, else a 404 (a draft, another workspace's or a lost id alike)."""
    article = db.session.scalar(readable(user, select(Article).where(Article.id == article_id)))
    if article is None:
        abort(404)
    return article


def matching(stmt, query):
    """`stmt` narrowed to articles holding `query` in the title, body, keywords or category.

    Case-insensitive for Latin letters; Chinese matches as a substring (LIKE with
    `%` and `_` taken literally), which is how people search Chinese text.
    """
    columns = (Article.title, Article.body, Article.keywords, Article.category)
    return stmt.where(or_(*(column.icontains(query, autoescape=True) for column in columns)))


def article_page(user, args):
    """A cursor page of the articles `user` may read, last changed first; filtered by `q`, `category`, `published`."""
    stmt = readable(user, select(Article))
    if args.get("q"):
        stmt = matching(stmt, args["q"])
    if args.get("category"):
        stmt = stmt.where(Article.category == args["category"])
    if args.get("published") is not None:
        stmt = stmt.where(Article.published.is_(args["published"]))
    return keyset(stmt, args)


def keyset(stmt, args):
    """(articles, next cursor) of `stmt`, last changed first (id breaks ties: ids are random, not an order)."""
    return keyset_page(stmt, [Article.updated_at, Article.id], True, args.get("cursor"), args["limit"],
                       types=[datetime, int])


def categories(user):
    """The categories in use among the articles `user` may read, sorted, for the filter and the form's suggestions."""
    stmt = readable(user, select(Article.category).where(Article.category.is_not(None)).distinct())
    return sorted(db.session.scalars(stmt))


def save_article(user, data, article=None):
    """Create an article by `user` from validated `data`, or change `article`; committed."""
    if article is None:
        article = Article(author_id=user.id)
    for key in ARTICLE_FIELDS:
        if key in data:
            setattr(article, key, data[key])
    db.session.add(article)
    db.session.commit()
    return article


def delete_article(article):
    """Delete an article (canned replies never point at articles, so nothing else changes)."""
    db.session.delete(article)
    db.session.commit()


def summary(article):
    """The start of the article's body on one line, cut at a word where it can be, for the reply box."""
    text = " ".join(article.body.split())
    if len(text) <= SUMMARY_LENGTH:
        return text
    cut = text[:SUMMARY_LENGTH]
    return (cut.rsplit(" ", 1)[0] if " " in cut[SUMMARY_LENGTH // 2:] else cut) + "…"
