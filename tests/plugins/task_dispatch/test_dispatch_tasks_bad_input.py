"""Bad input to the task list and forms is a field error (4xx), never a server error."""


def test_a_due_day_beyond_the_calendar_is_a_field_error(dispatch, api_client, page_client):
    """The list's due_to is the day after which tasks drop out: a day with no next day cannot be a 500."""
    answer = api_client("acme", "admin").get("/api/v1/dispatch/tasks", query_string={"due_to": "9999-12-31"})
    assert answer.status_code == 422 and "due_to" in answer.get_json()["error"]["fields"]
    assert page_client("acme", "admin").get("/dispatch/tasks/", query_string={"due_to": "9999-12-31"}).status_code == 400
    assert api_client("acme", "admin").get("/api/v1/dispatch/tasks", query_string={"due_to": "2999-12-31"}).status_code == 200


def test_a_skill_row_whose_number_is_not_ascii_digits_is_left_out(dispatch, page_client):
    """"²" is a digit to str.isdigit() but not to int(): such a field is not a skill row of the form."""
    answer = page_client("acme", "admin").post("/dispatch/tasks/new", data={"title": "Odd form", "skill_\u00b2": "x"})
    assert answer.status_code == 302
