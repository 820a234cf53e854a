"""Bad input to the board's pages is a 4xx like a missing record, never a server error."""


def test_a_chosen_task_id_too_large_for_an_id_is_the_404_of_a_missing_one(dispatch, page_client):
    page = page_client("acme", "admin")
    assert page.get("/dispatch/board/", query_string={"task": "9" * 23}).status_code == 404
    assert page.get("/dispatch/board/", query_string={"task": "12345"}).status_code == 404
