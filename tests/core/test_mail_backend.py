"""The mail backend: SMTP with checked certificates, the console, a server that is down, start-up warnings.

Real components as in tests/test_mail.py: aiosmtpd (with TLS where it matters),
Redis and a burst RQ worker.
"""
import logging

import pytest

import mail_support
from crm_platform import create_app, startup
from crm_platform.config import DEFAULT_BASE_URL, load_config
from crm_platform.testing import dispose
from mail_support import BASE_URL, ask_reset, free_port, jobs_of_kind, run_worker

smtp, app_config = mail_support.smtp, mail_support.app_config


def reset_job(app):
    """The newest password reset job."""
    return jobs_of_kind(app, "password_reset_request")[-1]


@pytest.mark.parametrize("smtp", [
    pytest.param("starttls", marks=pytest.mark.app_config(CRM_SMTP_TLS=True)),
    pytest.param("ssl", marks=pytest.mark.app_config(CRM_SMTP_SSL=True)),
], indirect=True)
def test_the_smtp_servers_certificate_is_checked_against_the_system_cas_or_crm_smtp_ca_file(
        app, world, client, smtp, redis_db):
    rep = world.acme.users["rep_n1"]
    ask_reset(client, "acme", rep.email)
    run_worker(app, redis_db)

    # Self-signed: no system CA vouches for it, so nothing is sent over that connection.
    job = reset_job(app)
    assert job.status == "failed" and "CERTIFICATE_VERIFY_FAILED" in job.error
    assert smtp.messages == []

    # The server's own certificate as the CA file (a private CA): verified, and sent encrypted.
    app.config["CRM_SMTP_CA_FILE"] = str(smtp.cert)
    ask_reset(client, "acme", rep.email)
    run_worker(app, redis_db)
    assert reset_job(app).status == "finished"
    assert len(smtp.to(rep.email)) == 1 and smtp.encrypted == [True]


# The certificate is for 127.0.0.1; "localhost" reaches the same server under another name.
@pytest.mark.parametrize("smtp", [
    pytest.param("starttls", marks=pytest.mark.app_config(CRM_SMTP_TLS=True, CRM_SMTP_HOST="localhost")),
], indirect=True)
def test_the_certificate_must_name_the_host_connected_to(app, world, client, smtp, redis_db):
    app.config["CRM_SMTP_CA_FILE"] = str(smtp.cert)
    ask_reset(client, "acme", world.acme.users["rep_n1"].email)
    run_worker(app, redis_db)

    job = reset_job(app)
    assert job.status == "failed" and "CERTIFICATE_VERIFY_FAILED" in job.error
    assert smtp.messages == []


def test_an_unreadable_ca_file_stops_the_app_at_start_up(tmp_path):
    config = {"TESTING": True, "SECRET_KEY": "x", "CRM_SMTP_CA_FILE": str(tmp_path / "missing.pem"),
              "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite'}"}
    with pytest.raises(ValueError, match="CRM_SMTP_CA_FILE"):
        create_app(config, instance_path=str(tmp_path / "instance"))


@pytest.mark.app_config(CRM_SMTP_PORT=free_port())
def test_smtp_down_fails_the_job_with_the_error_visible(app, world, client, api_client, redis_db):
    rep = world.acme.users["rep_n1"]
    ask_reset(client, "acme", rep.email)
    run_worker(app, redis_db)

    job = reset_job(app)
    shown = api_client("acme", "admin").get(f"/api/v1/jobs/{job.id}").get_json()
    assert shown["status"] == "failed" and shown["kind"] == "password_reset_request"
    assert "ConnectionRefusedError" in shown["error"]


@pytest.mark.app_config(CRM_MAIL_BACKEND="console")
def test_the_console_backend_is_the_default_and_prints_the_mail(app, world, client, smtp, redis_db, capsys,
                                                                monkeypatch, tmp_path):
    for name in ("CRM_MAIL_BACKEND", "CRM_SMTP_HOST"):
        monkeypatch.delenv(name, raising=False)
    assert load_config(tmp_path)["CRM_MAIL_BACKEND"] == "console"
    monkeypatch.setenv("CRM_SMTP_HOST", "smtp.example.test")
    assert load_config(tmp_path)["CRM_MAIL_BACKEND"] == "smtp"  # configuring SMTP is enough to use it

    rep = world.acme.users["rep_n1"]
    ask_reset(client, "acme", rep.email)
    capsys.readouterr()
    run_worker(app, redis_db)

    printed = capsys.readouterr().out
    assert f"To: {rep.email}" in printed and f"Subject: Reset your {world.acme.name} password" in printed
    assert f"{BASE_URL}/reset/" in printed
    assert smtp.messages == []


@pytest.mark.parametrize("settings, warned", [
    ({}, ["CRM_MAIL_BACKEND is console", f"CRM_BASE_URL is left at {DEFAULT_BASE_URL}"]),
    ({"CRM_SMTP_HOST": "smtp.example.test"}, [f"CRM_BASE_URL is left at {DEFAULT_BASE_URL}"]),
    ({"CRM_SMTP_HOST": "smtp.example.test", "CRM_BASE_URL": "https://crm.example.com"}, []),
    ({"TESTING": True}, []),
])
def test_start_up_warns_loudly_about_defaults_production_must_not_keep(tmp_path, monkeypatch, caplog,
                                                                     settings, warned):
    for name in ("CRM_MAIL_BACKEND", "CRM_SMTP_HOST", "CRM_BASE_URL", "FLASK_DEBUG", "CRM_ENV"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(startup, "_given", set())  # each case is a fresh process
    for name, value in settings.items():
        if name.startswith("CRM_"):
            monkeypatch.setenv(name, value)
    config = {"SECRET_KEY": "x", "TESTING": settings.get("TESTING", False), "CRM_THROTTLE_STORAGE_URL": "memory://",
              "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite'}"}
    with caplog.at_level(logging.WARNING, logger="crm.mail"):
        app = create_app(config, instance_path=str(tmp_path / "instance"))
    dispose(app)

    records = [r for r in caplog.records if r.name == "crm.mail"]
    assert [r.levelno for r in records] == [logging.WARNING] * len(warned)
    assert [any(text in r.getMessage() for r in records) for text in warned] == [True] * len(warned)
