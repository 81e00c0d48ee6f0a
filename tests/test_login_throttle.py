"""Admin sign-in throttling (django-axes): after a handful of wrong passwords for an account, or from
one address, sign-ins are refused for a while with a clear page, and the right password does not
get in meanwhile. Every test goes through the real admin login form."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.db.models import F
from django.urls import reverse

PASSWORD = "a-long-editor-password"  # the `editor` fixture's
HOME = "203.0.113.7"
ELSEWHERE = "198.51.100.9"


def sign_in(client, username, password, address=HOME, **headers):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        **headers,
    )


def is_signed_in(client):
    return client.get(reverse("admin:index")).status_code == 200


def is_refused_as_locked(response):
    return response.status_code == 429 and "Too many failed sign-ins" in response.content.decode()


def wind_clock_back(minutes):
    """Make every recorded failure `minutes` older, as if that much time had passed."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=minutes))


def lock_account(client, username="editor", address=HOME):
    responses = [sign_in(client, username, "wrong-password", address) for _ in range(5)]
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]
    return responses


def test_four_wrong_passwords_show_the_form_again_and_the_fifth_locks_the_account(client, editor):
    responses = [sign_in(client, "editor", "wrong-password") for _ in range(5)]

    for response in responses[:4]:
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.content.decode()
    assert is_refused_as_locked(responses[4])


def test_the_right_password_does_not_get_into_a_locked_account(client, editor):
    lock_account(client)

    response = sign_in(client, "editor", PASSWORD)

    assert is_refused_as_locked(response)
    assert not is_signed_in(client)


def test_a_locked_account_stays_locked_from_another_address(client, editor):
    lock_account(client, address=HOME)

    assert is_refused_as_locked(sign_in(client, "editor", PASSWORD, address=ELSEWHERE))
    assert not is_signed_in(client)


def test_the_locked_page_says_what_happened_and_how_long_to_wait_in_plain_words(
    client, editor, settings
):
    lock_account(client)

    html = sign_in(client, "editor", PASSWORD).content.decode()

    assert "<h1>Too many failed sign-ins</h1>" in html
    assert "the wrong password was entered 5 times" in html
    assert "Please wait 15 minutes, then try again." in html
    assert "ask a site administrator to unlock it" in html
    assert 'href="/admin/login/"' in html
    # The admin's look, and nothing of axes' own wording or jargon.
    assert "admin/css/base.css" in html and "Career Guide editors" in html
    assert "lockout" not in html.lower() and "cool" not in html.lower()


def test_the_wait_on_the_locked_page_comes_from_the_settings(client, editor, settings):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=40)
    lock_account(client)

    html = sign_in(client, "editor", PASSWORD).content.decode()

    assert "Please wait 40 minutes, then try again." in html


def test_five_wrong_passwords_from_one_address_lock_it_whatever_the_account(client, editor):
    responses = [sign_in(client, name, "wrong-password") for name in "abcde"]
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]

    # An account nobody guessed at, with its right password, is refused from that address too.
    assert is_refused_as_locked(sign_in(client, "editor", PASSWORD, address=HOME))
    assert not is_signed_in(client)


def test_another_address_still_signs_in_when_only_the_address_is_locked(client, editor):
    for name in "abcde":
        sign_in(client, name, "wrong-password", address=HOME)

    response = sign_in(client, "editor", PASSWORD, address=ELSEWHERE)

    assert response.status_code == 302 and response.url == "/admin/"
    assert is_signed_in(client)
    # Signing in elsewhere cleared nothing for the locked address.
    client.logout()
    assert is_refused_as_locked(sign_in(client, "editor", PASSWORD, address=HOME))


def test_after_the_wait_the_right_password_gets_in_and_the_count_starts_afresh(
    client, editor, settings
):
    lock_account(client)
    wind_clock_back(settings.AXES_COOLOFF_TIME.total_seconds() / 60 + 1)

    response = sign_in(client, "editor", PASSWORD)

    assert response.status_code == 302 and response.url == "/admin/"
    assert is_signed_in(client)
    assert not AccessAttempt.objects.exists()


def test_the_wait_is_not_over_a_moment_before_it_ends(client, editor, settings):
    lock_account(client)
    wind_clock_back(settings.AXES_COOLOFF_TIME.total_seconds() / 60 - 1)

    assert is_refused_as_locked(sign_in(client, "editor", PASSWORD))


def test_a_try_during_the_wait_starts_the_wait_again(client, editor):
    lock_account(client)
    wind_clock_back(10)
    assert is_refused_as_locked(sign_in(client, "editor", PASSWORD))

    # 20 minutes after the fifth failure, but only 10 after the last try: still refused.
    wind_clock_back(10)
    assert is_refused_as_locked(sign_in(client, "editor", PASSWORD))

    wind_clock_back(16)
    assert sign_in(client, "editor", PASSWORD).status_code == 302


@pytest.mark.parametrize("first_entries", [[], ["6.6.6.6"], ["6.6.6.6", "7.7.7.7"]])
def test_behind_one_trusted_proxy_the_address_is_the_last_forwarded_one(
    client, editor, settings, first_entries
):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.1"

    def forwarded(address, forged=()):
        return {"HTTP_X_FORWARDED_FOR": ", ".join([*forged, address])}

    # A client forging different first entries is still counted as the address the proxy saw.
    for n, name in enumerate("abcde"):
        forged = [*first_entries, f"192.0.2.{n}"]
        sign_in(client, name, "wrong-password", proxy, **forwarded(HOME, forged))
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {HOME}

    assert is_refused_as_locked(sign_in(client, "editor", PASSWORD, proxy, **forwarded(HOME)))
    # Another reader behind the same proxy is not locked out.
    response = sign_in(client, "editor", PASSWORD, proxy, **forwarded(ELSEWHERE))
    assert response.status_code == 302


def test_without_a_trusted_proxy_a_forged_forwarded_for_is_ignored(client, editor, settings):
    settings.TRUSTED_PROXY_COUNT = 0

    for n, name in enumerate("abcde"):
        sign_in(client, name, "wrong-password", HOME, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {HOME}

    # Claiming another address in the header does not get round the lock.
    response = sign_in(client, "editor", PASSWORD, HOME, HTTP_X_FORWARDED_FOR=ELSEWHERE)
    assert is_refused_as_locked(response)
