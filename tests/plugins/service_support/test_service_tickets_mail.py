"""A public reply reaches the contact by email through the module's mail job, on a real worker and SMTP server."""
import mail_support
from mail_support import body, jobs_of_kind
from service_kit import make_ticket

smtp, app_config = mail_support.smtp, mail_support.app_config

URL = "/api/v1/service/tickets"
KIND = "service_support_reply_mail"


def test_a_reply_is_mailed_to_the_contact_with_the_ticket_number(service, app, tenant_session, api_client, smtp,
                                                                  jobs):
    ticket_id = make_ticket(service, tenant_session, contact="n1_alpha", status="new", subject="Warm cold store")
    rep = api_client("acme", "rep_n1")
    reply = rep.post(f"{URL}/{ticket_id}/messages", json={"kind": "reply", "body": "A technician comes at 3 pm."})
    assert reply.status_code == 201 and reply.json["mailed_to"] == "contact@n1_alpha.test"
    assert reply.json["mail_job_id"]
    rep.post(f"{URL}/{ticket_id}/messages", json={"kind": "note", "body": "Internal: bring the spare fan"})
    assert jobs.work()
    [job] = jobs_of_kind(app, KIND)
    assert job.status == "finished" and job.result == {"sent": 1, "to": "contact@n1_alpha.test"}
    [mail] = smtp.to("contact@n1_alpha.test")
    number = rep.get(f"{URL}/{ticket_id}").json["number"]
    assert mail["Subject"] == f"[{number}] Warm cold store"
    assert "A technician comes at 3 pm." in body(mail) and "spare fan" not in body(mail)
    assert number in body(mail)


def test_the_mail_is_in_the_workspaces_language(service, app, tenant_session, api_client, smtp, jobs):
    assert api_client("acme", "admin").patch("/api/v1/workspace", json={"locale": "zh_CN"}).status_code == 200
    ticket_id = make_ticket(service, tenant_session, contact="n1_alpha")
    api_client("acme", "rep_n1").post(f"{URL}/{ticket_id}/messages", json={"kind": "reply", "body": "已安排"})
    jobs.work()
    [mail] = smtp.to("contact@n1_alpha.test")
    assert "工单" in body(mail)


def test_no_contact_email_means_no_mail_and_the_page_says_so(service, app, tenant_session, api_client, page_client,
                                                              smtp, jobs):
    ticket_id = make_ticket(service, tenant_session, contact=None)
    browser = page_client("acme", "rep_n1")
    answer = browser.post(f"/service/tickets/{ticket_id}/messages", data={"kind": "reply", "body": "Noted"},
                          follow_redirects=True)
    assert "The contact has no email address, so it was not mailed." in answer.get_data(as_text=True)
    assert "not mailed: the contact has no email address" in answer.get_data(as_text=True)
    jobs.work()
    assert jobs_of_kind(app, KIND) == [] and smtp.messages == []


def test_a_reply_written_while_redis_is_down_keeps_its_mail_job_for_the_recovery(service, app, tenant_session,
                                                                                  api_client, smtp, jobs):
    ticket_id = make_ticket(service, tenant_session, contact="n1_alpha")
    app.config["CRM_REDIS_URL"] = "redis://127.0.0.1:1/0"  # nothing listens there
    app.extensions.pop("crm_redis", None)
    reply = api_client("acme", "rep_n1").post(f"{URL}/{ticket_id}/messages", json={"kind": "reply", "body": "Soon"})
    assert reply.status_code == 201 and reply.json["mail_job_id"]
    [job] = jobs_of_kind(app, KIND)
    assert (job.id, job.status, job.params) == (reply.json["mail_job_id"], "queued", {"message_id": reply.json["id"]})
