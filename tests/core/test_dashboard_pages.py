"""The home dashboard's pages: where people land, choosing and ordering widgets, resetting, each user's own."""
import re

from crm_platform.testing import PASSWORD, sign_in

ANNOUNCEMENTS, REMINDERS, RECENT = "core.announcements", "core.reminders", "core.recent_customers"
CORE = [ANNOUNCEMENTS, REMINDERS, RECENT]


def widget_order(html):
    """The keys of the widgets the dashboard shows, top to bottom."""
    return re.findall(r'<article class="widget" id="[^"]+" data-widget="([^"]+)"', html)


def choices(html):
    """(key, ticked) of each row of the Customize page, in order."""
    rows = re.findall(r'<li id="choose-([^"]+)".*?name="shown" value="[^"]+"( checked)?', html, re.S)
    return [(key, bool(ticked)) for key, ticked in rows]


def test_signing_in_lands_on_the_dashboard(world, client):
    response = sign_in(client, "acme", world.acme.users["rep_n1"].email)
    assert response.status_code == 302 and response.headers["Location"] == "/dashboard/"
    assert client.get("/").headers["Location"] == "/dashboard/"
    page = client.get("/dashboard/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and widget_order(html) == CORE
    assert re.search(r'<a href="/dashboard/" aria-current="page">\s*Dashboard\s*</a>', html)
    # A "next" target still wins over the dashboard.
    other = client.application.test_client()
    assert sign_in(other, "acme", world.acme.users["rep_n1"].email, query_string={"next": "/customers/"}) \
        .headers["Location"] == "/customers/"


def test_signed_out_visitors_are_sent_to_sign_in(client):
    assert client.get("/").headers["Location"].startswith("/login")
    assert "/login" in client.get("/dashboard/").headers["Location"]
    assert "/login" in client.get("/dashboard/customize").headers["Location"]


def test_the_customize_page_lists_every_widget_with_the_shown_ones_ticked(world, page_client):
    html = page_client("acme", "rep_n1").get("/dashboard/customize").get_data(as_text=True)
    assert choices(html) == [(key, True) for key in CORE]
    assert 'value="down:core.announcements"' in html and 'value="up:core.announcements"' not in html
    assert 'value="up:core.reminders"' in html and 'value="down:core.reminders"' in html
    assert 'value="up:core.recent_customers"' in html and 'value="down:core.recent_customers"' not in html
    assert 'name="csrf_token"' in html and "dashboard.js" in html and "<script>" not in html


def test_moving_a_widget_up_saves_the_order(world, page_client):
    client = page_client("acme", "rep_n1")
    form = {"order": CORE, "shown": CORE, "move": "up:core.recent_customers"}
    response = client.post("/dashboard/customize", data=form)
    assert response.status_code == 302 and response.headers["Location"].endswith("/dashboard/customize#choose-"
                                                                               "core.recent_customers")
    assert widget_order(client.get("/dashboard/").get_data(as_text=True)) == [ANNOUNCEMENTS, RECENT, REMINDERS]
    client.post("/dashboard/customize", data={"order": [ANNOUNCEMENTS, RECENT, REMINDERS], "shown": CORE,
                                             "move": "down:core.announcements"})
    assert widget_order(client.get("/dashboard/").get_data(as_text=True)) == [RECENT, ANNOUNCEMENTS, REMINDERS]
    # At the top already: nothing moves.
    client.post("/dashboard/customize", data={"order": [RECENT, ANNOUNCEMENTS, REMINDERS], "shown": CORE,
                                             "move": "up:core.recent_customers"})
    assert widget_order(client.get("/dashboard/").get_data(as_text=True)) == [RECENT, ANNOUNCEMENTS, REMINDERS]


def test_hiding_a_widget_and_resetting(world, page_client):
    client = page_client("acme", "rep_n1")
    saved = client.post("/dashboard/customize", data={"order": CORE, "shown": [RECENT]})
    assert saved.headers["Location"].endswith("/dashboard/")
    html = client.get("/dashboard/").get_data(as_text=True)
    assert widget_order(html) == [RECENT] and "Your dashboard is saved." in html
    assert choices(client.get("/dashboard/customize").get_data(as_text=True)) == [
        (RECENT, True), (ANNOUNCEMENTS, False), (REMINDERS, False)]
    client.post("/dashboard/customize", data={"order": CORE})
    html = client.get("/dashboard/").get_data(as_text=True)
    assert widget_order(html) == [] and "Your dashboard shows no widgets." in html
    page = client.get("/dashboard/customize").get_data(as_text=True)
    assert "Show the default widgets in the default order again?" in page  # the reset button asks first
    client.post("/dashboard/customize/reset")
    html = client.get("/dashboard/").get_data(as_text=True)
    assert widget_order(html) == CORE and "default widgets again" in html


def test_keys_the_form_did_not_offer_are_ignored(world, page_client):
    client = page_client("acme", "rep_n1")
    client.post("/dashboard/customize", data={"order": ["nope.widget", *CORE[::-1]],
                                             "shown": ["nope.widget", *CORE]})
    assert widget_order(client.get("/dashboard/").get_data(as_text=True)) == CORE[::-1]


def test_a_users_layout_is_theirs_alone(world, page_client):
    page_client("acme", "rep_n1").post("/dashboard/customize", data={"order": CORE, "shown": [REMINDERS]})
    assert widget_order(page_client("acme", "rep_n1").get("/dashboard/").get_data(as_text=True)) == [REMINDERS]
    for tenant, user in (("acme", "rep_n2"), ("acme", "admin"), ("globex", "rep_n1")):
        assert widget_order(page_client(tenant, user).get("/dashboard/").get_data(as_text=True)) == CORE


def test_the_dashboard_speaks_chinese(world, page_client):
    client = page_client("acme", "rep_n1")
    client.post("/language", data={"locale": "zh_CN"})
    html = client.get("/dashboard/").get_data(as_text=True)
    assert "<h1>工作台</h1>" in html and "自定义" in html
    assert "自定义" in client.get("/dashboard/customize").get_data(as_text=True)


def test_the_sign_in_form_lands_on_the_dashboard_with_csrf_on(app, world):
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").get_data(as_text=True)).group(1)
    response = client.post("/login", data={"workspace": "acme", "email": world.acme.users["rep_n1"].email,
                                           "password": PASSWORD, "csrf_token": token})
    assert response.headers["Location"] == "/dashboard/"
    # Without its token a customize post is refused, like every form.
    assert client.post("/dashboard/customize", data={"order": CORE}).status_code == 400
