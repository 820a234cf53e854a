"""Bad input to the batch page is a 400 with the problem shown, never a server error."""
from dispatch_batch_kit import batch_world


def test_a_posted_id_too_large_for_an_id_is_refused_like_any_bad_choice(dispatch, tenant_session, page_client):
    ids = batch_world(dispatch, tenant_session, tasks=1)
    answer = page_client("acme", "admin").post("/dispatch/batch/", data={"task_ids": [str(ids[0]), "9" * 23]})
    assert answer.status_code == 400 and "Choose tasks from the list." in answer.get_data(as_text=True)
