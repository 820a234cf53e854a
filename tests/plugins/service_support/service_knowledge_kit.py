"""Test data of the knowledge base tests: articles and canned replies written straight to the tables."""
from plugins.service_support.models import Article, CannedReply


def make_article(tenant_session, tenant="acme", title="Resetting the cold store alarm", body="Hold the button.",
                 **fields):
    """A new article's id in `tenant` (published unless `published=False`), committed."""
    with tenant_session(tenant) as session:
        article = Article(title=title, body=body, **fields)
        session.add(article)
        session.commit()
        return article.id


def make_reply(world, tenant_session, tenant="acme", owner=None, title="Thanks", body="Dear {contact}, thank you.",
               **fields):
    """A new canned reply's id in `tenant`: shared, or `owner`'s (a world user key), committed."""
    with tenant_session(tenant) as session:
        reply = CannedReply(title=title, body=body, owner_id=world[tenant].users[owner].id if owner else None,
                            **fields)
        session.add(reply)
        session.commit()
        return reply.id
