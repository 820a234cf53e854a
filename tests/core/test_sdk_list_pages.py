"""For plugin authors: the SDK reads a list page's filters and turns bad filters or cursors into a message."""
from flask_babel import force_locale
from marshmallow import fields
from sqlalchemy import select

from crm_platform import sdk
from crm_platform.models import User


class UserQuery(sdk.QuerySchema):
    """A filter of the test list."""

    active = fields.Bool()


def users(args):
    """A keyset page of the workspace's users, by id."""
    return sdk.keyset_page(select(User).where(User.active.is_(args.get("active", True))), [User.id], False,
                           args.get("cursor"), args["limit"])


def test_query_input_keeps_the_named_non_blank_arguments(app):
    with app.test_request_context("/?q=+Alpha+&status=&other=1&cursor=x"):
        from flask import request

        assert sdk.query_input(request.args, ("q", "status", "cursor", "missing")) == {"q": "Alpha", "cursor": "x"}


def test_list_page_gives_the_page_or_the_problem(world, app, tenant_session):
    with app.test_request_context(), tenant_session(world.acme):
        items, next_cursor, problem = sdk.list_page(UserQuery(), {"limit": "2"}, users)
        assert len(items) == 2 and next_cursor and problem is None
        rest, last, problem = sdk.list_page(UserQuery(), {"cursor": next_cursor}, users)
        assert len(rest) == 5 and last is None and problem is None
        assert sdk.list_page(UserQuery(), {"active": "perhaps"}, users) == (
            [], None, "Some filters are not valid; correct them and try again.")
        with force_locale("zh_CN"):
            empty, none, problem = sdk.list_page(UserQuery(), {"cursor": "garbage"}, users)
        assert (empty, none) == ([], None) and "第一页" in problem
