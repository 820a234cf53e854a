"""The authorization matrix kit (crm_platform.testing.authorization): reading rows, cases, judging answers."""
import pytest
from werkzeug.wrappers import Response

from crm_platform.testing.authorization import ROLES, cases, filled, judge, read_matrix


def row(text):
    """The one entry of a matrix file holding `text`."""
    (entry,) = read_matrix(text, "test")
    return entry


def answer(status, location=None):
    """A response with `status` (and a Location)."""
    response = Response(status=status)
    if location:
        response.headers["Location"] = location
    return response


@pytest.mark.parametrize("text, problem", [
    ('"GET" = { allow = "anyone" }', "the key must be"),
    ('"FETCH /x" = { allow = "anyone" }', "the key must be"),
    ('"GET /x" = { permission = "x" }', "at least `allow`"),
    ('"GET /x" = { allow = "everyone" }', "`allow` is"),
    ('"GET /x" = { allow = ["rep", "boss"] }', "`allow` lists roles"),
    ('"GET /x" = { allow = "anyone", owner = "me" }', "unknown keys"),
    ('"GET /x" = { allow = ["admin"], denied = 401 }', "`denied` is"),
    ('"GET /x" = { allow = ["admin"], denied = { anonymous = 404 } }', "`denied` is"),
    ('"POST /x" = { allow = "anyone", files = { file = "virus.exe" } }', "`files` names samples"),
    ('"GET /x" = { allow = "anyone", ok = ["maybe"] }', "`ok` lists statuses"),
    ('"POST /x" = { allow = ["admin"], by_body = "yes" }', "`by_body` is true or false"),
])
def test_a_malformed_row_is_refused_with_its_key(text, problem):
    with pytest.raises(ValueError, match=problem) as refused:
        read_matrix(text, "test")
    assert "test:" in str(refused.value)


def test_words_and_lists_of_roles():
    assert row('"GET /x" = { allow = "anyone" }').allow == set(ROLES)
    assert row('"GET /x" = { allow = "signed-in" }').allow == set(ROLES) - {"anonymous"}
    entry = row('"DELETE /api/v1/x/<int:x_id>" = { allow = ["admin"], denied = { rep = 404 } }')
    assert (entry.denial("rep"), entry.denial("manager"), entry.denial("anonymous")) == (404, 403, 401)
    assert row('"GET /x" = { allow = ["admin"] }').denial("anonymous") == "login"


def test_a_read_is_one_case_and_a_write_one_per_allowed_role_after_the_denied():
    read, write = read_matrix('"GET /x" = { allow = ["admin"] }\n"POST /x" = { allow = ["manager", "admin"] }', "test")
    assert [param.values[1] for param in cases([read])] == [ROLES]
    assert [param.values[1] for param in cases([write])] == [("anonymous", "rep", "executive"), ("manager",),
                                                             ("admin",)]


def test_placeholders_take_the_ids_and_their_types():
    assert filled({"owner_id": "{user_id}", "ids": ["{user_id}"], "note": "{not an id}"}, {"user_id": 7}) == {
        "owner_id": 7, "ids": [7], "note": "{not an id}"}


@pytest.mark.parametrize("status, location, wrong", [
    (200, None, False), (201, None, False), (302, "/customers/", False),
    (403, None, True), (404, None, True), (401, None, True), (422, None, True), (500, None, True),
    (302, "/login?next=%2Fx", True),
])
def test_an_allowed_role_needs_a_success(status, location, wrong):
    entry = row('"POST /customers/new" = { allow = "signed-in" }')
    assert bool(judge(entry, "rep", answer(status, location))) == wrong


def test_what_the_row_lists_in_ok_counts_as_allowed():
    entry = row('"POST /logout" = { allow = "signed-in", ok = ["login", 409] }')
    assert judge(entry, "rep", answer(302, "/login")) is None
    assert judge(entry, "rep", answer(409)) is None
    assert judge(entry, "rep", answer(422))


def test_a_denied_role_needs_exactly_its_denial():
    entry = row('"GET /api/v1/x" = { allow = ["admin"], denied = { manager = 404, executive = 302 } }')
    assert judge(entry, "rep", answer(403)) is None
    assert judge(entry, "rep", answer(404))
    assert judge(entry, "manager", answer(404)) is None
    assert judge(entry, "manager", answer(403))
    assert judge(entry, "anonymous", answer(401)) is None
    assert judge(entry, "anonymous", answer(200))
    assert judge(entry, "executive", answer(302, "/x")) is None
    assert judge(entry, "executive", answer(302, "/login"))


def test_a_stranger_on_a_page_is_sent_to_sign_in():
    entry = row('"GET /customers/" = { allow = "signed-in" }')
    assert judge(entry, "anonymous", answer(302, "/login?next=%2Fcustomers%2F")) is None
    assert judge(entry, "anonymous", answer(401))
    assert judge(entry, "anonymous", answer(200))
