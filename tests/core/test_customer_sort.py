"""Issue 8 bug 7: an unknown `?sort=` is a field error in the API and ignored on the list page."""
import re

import pytest

BAD_SORTS = ["evil", "--name", "id", "-", "name,created_at", "owner.name", "name\x00", "x" * 500]


@pytest.mark.parametrize("sort", BAD_SORTS)
@pytest.mark.parametrize("path", ["/api/v1/customers", "/api/v1/customers/count"])
def test_api_unknown_sort_is_one_readable_field_error(world, api_client, path, sort):
    """422 in the error shape, with the sort field's message as whole sentences (not letters)."""
    response = api_client("acme", "admin").get(path, query_string={"sort": sort})
    assert response.status_code == 422
    error = response.json["error"]
    assert error["message"]
    assert list(error["fields"]) == ["sort"]
    assert all(len(message) > 1 for message in error["fields"]["sort"]), error["fields"]["sort"]


def _names(body):
    return re.findall(r'href="/customers/\d+">([^<]+)</a>', body)


@pytest.mark.parametrize("sort", BAD_SORTS)
def test_page_ignores_unknown_sort_and_keeps_the_filters(world, page_client, sort):
    """The list is shown in the default order, other filters still apply, and no field is marked invalid."""
    client = page_client("acme", "admin")
    default = client.get("/customers/", query_string={"status": "following"}).get_data(as_text=True)
    response = client.get("/customers/", query_string={"status": "following", "sort": sort})
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert 'role="alert"' not in body and "aria-invalid" not in body and "field-error" not in body
    assert _names(body) == _names(default) and _names(body)
    assert re.search(r'<option value="following"\s+selected>', body)
    sort_select = re.search(r'<select name="sort".*?</select>', body, re.S).group(0)
    assert "selected" not in sort_select  # the default order, not the unknown value


def test_page_still_reports_other_bad_filters(world, page_client):
    """Only the sort is forgiven: a bad status is still a message on the page."""
    response = page_client("acme", "admin").get("/customers/?status=bogus&sort=evil")
    assert response.status_code == 400
    assert 'role="alert"' in response.get_data(as_text=True)
