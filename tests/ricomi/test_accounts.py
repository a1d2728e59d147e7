import re

from django.contrib.auth import get_user_model

from tests.conftest import current_token
from tests.factories import PASSWORD, StaffFactory, TOTPDeviceFactory, UserFactory


def test_user_logs_in_and_out_on_the_site(client, db):
    user = UserFactory()

    login = client.post("/es/accounts/login/", {"username": user.username, "password": PASSWORD})
    logout = client.post("/es/accounts/logout/")

    assert login.status_code == 302
    assert login["Location"] == "/es/"
    assert logout.status_code == 302
    assert "_auth_user_id" not in client.session


def test_wrong_password_shows_a_clear_message(client, db):
    user = UserFactory()

    response = client.post("/en/accounts/login/", {"username": user.username, "password": "wrong"})

    assert response.status_code == 200
    assert "Your username and password did not match" in response.content.decode()


def test_repeated_failed_logins_lock_the_account_out_with_a_clear_message(client, db, settings):
    user = UserFactory()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post("/en/accounts/login/", {"username": user.username, "password": "wrong"})

    response = client.post("/en/accounts/login/", {"username": user.username, "password": PASSWORD})

    assert response.status_code == 429
    assert "Too many failed log-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_link_over_smtp_that_sets_a_new_password(client, db, smtp_outbox):
    user = UserFactory(email="focal@example.org")

    client.post("/en/accounts/password-reset/", {"email": "focal@example.org"})
    [message] = smtp_outbox
    link = re.search(r"http://testserver(/en/accounts/password-reset/\S+/)", message.get_content()).group(1)
    form_page = client.get(link, follow=True)
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-brand-new-passphrase-42", "new_password2": "a-brand-new-passphrase-42"},
    )

    assert message["To"] == "focal@example.org"
    assert message["Subject"] == "RICOMI: choose a new password"
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-brand-new-passphrase-42")


def test_password_reset_for_an_unknown_address_sends_nothing_and_reveals_nothing(client, db, smtp_outbox):
    response = client.post("/en/accounts/password-reset/", {"email": "nobody@example.org"}, follow=True)

    assert smtp_outbox == []
    assert "Check your email" in response.content.decode()


def test_admin_refuses_staff_without_a_second_factor(client, db):
    staff = StaffFactory(is_superuser=True)
    client.force_login(staff)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_admin_login_form_refuses_a_wrong_one_time_code(client, db):
    device = TOTPDeviceFactory(user=StaffFactory(is_superuser=True))
    wrong = f"{(int(current_token(device)) + 1) % 1_000_000:06d}"

    response = client.post(
        "/admin/login/",
        {"username": device.user.username, "password": PASSWORD, "otp_device": device.persistent_id,
         "otp_token": wrong, "next": "/admin/"},
    )  # fmt: skip

    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


def test_admin_admits_staff_after_password_and_totp(admin_client_for, db):
    staff = StaffFactory(is_superuser=True)

    response = admin_client_for(staff).get("/admin/")

    assert response.status_code == 200
    assert get_user_model().objects.get(pk=staff.pk).last_login is not None
