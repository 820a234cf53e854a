"""Helpers of the search and duplicate tests: creating customers through the API and searching the list."""


def create(client, **fields):
    """Create a customer through the API (past the duplicate warning); returns its JSON."""
    response = client.post("/api/v1/customers", json={"allow_duplicate": True, **fields})
    assert response.status_code == 201, response.json
    return response.json


def found(client, q, limit=50, **params):
    """The names of the customers the list's search finds for `q`, every page, in order."""
    items, cursor = [], None
    while True:
        query = {"q": q, "limit": limit, **params, **({"cursor": cursor} if cursor else {})}
        response = client.get("/api/v1/customers", query_string=query)
        assert response.status_code == 200, response.json
        items += response.json["items"]
        cursor = response.json["next_cursor"]
        if cursor is None:
            count = client.get("/api/v1/customers/count", query_string={"q": q, **params}).json["count"]
            assert count == len(items)
            return [item["name"] for item in items]
