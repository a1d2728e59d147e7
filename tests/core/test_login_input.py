"""Odd usernames on both login pages: the usual error or a 400, never a server error."""

import pytest
from axes.models import AccessAttempt

from tests.factories import PASSWORD, UserFactory

LOGIN_PAGES = ["/en/accounts/login/", "/admin/login/"]


@pytest.mark.parametrize(
    ("page", "message"),
    [
        ("/en/accounts/login/", "Your username and password did not match"),
        ("/admin/login/", "Please enter the correct username and password for a staff account"),
    ],
)
def test_a_username_over_255_characters_gets_the_usual_login_error(client, db, page, message):
    username = "a" * 300

    response = client.post(page, {"username": username, "password": "wrong"}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert message in response.content.decode()
    assert list(AccessAttempt.objects.values_list("username", "failures_since_start")) == [("a" * 255, 1)]


@pytest.mark.parametrize("page", LOGIN_PAGES)
def test_a_nul_in_the_username_is_refused_with_a_clear_message(client, db, page):
    # The admin's address has no language prefix: the page follows the browser's language.
    response = client.post(
        page, {"username": "focal\x00mx", "password": "wrong"}, headers={"accept-language": "en"}
    )

    assert response.status_code == 400
    assert "null character" in response.content.decode()
    assert AccessAttempt.objects.count() == 0


def test_repeated_long_usernames_lock_out_like_any_other(client, db, settings):
    username = "b" * 1000
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post("/en/accounts/login/", {"username": username, "password": "wrong"})

    response = client.post("/en/accounts/login/", {"username": username, "password": "wrong"})

    assert response.status_code == 429


def test_a_password_with_a_control_character_is_used_as_typed(client, db):
    user = UserFactory()
    user.set_password(PASSWORD + "\x0b")
    user.save()

    response = client.post("/en/accounts/login/", {"username": user.username, "password": PASSWORD + "\x0b"})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
