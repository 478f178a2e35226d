"""Accounts: wrong passwords lock the account and the address; staff need a second factor before
the admin opens, and their sessions end when idle. Coordinators need no second factor."""

import time

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from councils.middleware import StaffIdleTimeoutMiddleware
from tests.accounts_helpers import enrol, verified_client

PASSWORD = "correct horse battery"
LOCKED_TH = "ใส่รหัสผ่านผิดหลายครั้งเกินไป"


def log_in(client: Client, username: str, password: str, address: str = "10.0.0.1"):
    data = {"username": username, "password": password}
    return client.post(reverse("login"), data, REMOTE_ADDR=address)


def is_logged_in(client: Client) -> bool:
    return SESSION_KEY in client.session


def code_of(device: TOTPDevice) -> str:
    return str(totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)).zfill(
        device.digits
    )


def test_a_right_password_logs_in(tambon_coordinator, client):
    assert log_in(client, "alice", PASSWORD).status_code == 302
    assert is_logged_in(client)


def test_five_wrong_passwords_lock_the_account_even_from_another_address(
    tambon_coordinator, client
):
    for attempt in range(4):
        assert log_in(client, "alice", f"guess {attempt}").status_code == 200
    assert log_in(client, "alice", "guess 4").status_code == 429  # the fifth locks
    response = log_in(client, "alice", PASSWORD, address="10.9.9.9")
    assert response.status_code == 429
    assert LOCKED_TH in response.content.decode()
    assert not is_logged_in(client)


def test_four_wrong_passwords_do_not_lock(tambon_coordinator, client):
    for attempt in range(4):
        log_in(client, "alice", f"guess {attempt}")
    assert log_in(client, "alice", PASSWORD).status_code == 302


def test_five_wrong_passwords_from_one_address_lock_the_address(
    tambon_coordinator, other_tambon_coordinator, client
):
    for attempt in range(5):
        log_in(client, f"nobody{attempt}", "guess", address="10.0.0.7")
    response = log_in(client, "bob", PASSWORD, address="10.0.0.7")
    assert response.status_code == 429
    assert not is_logged_in(client)
    elsewhere = Client()
    assert log_in(elsewhere, "bob", PASSWORD, address="10.0.0.8").status_code == 302


def test_the_lockout_page_is_in_english_when_chosen(tambon_coordinator, client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for attempt in range(5):
        log_in(client, "alice", f"guess {attempt}")
    page = log_in(client, "alice", PASSWORD).content.decode()
    assert "Too many wrong passwords" in page
    assert '<html lang="en">' in page


def test_the_lock_ends_after_the_cool_off(tambon_coordinator, client, settings):
    settings.AXES_COOLOFF_TIME = 0.0001  # hours: a third of a second
    for attempt in range(5):
        log_in(client, "alice", f"guess {attempt}")
    time.sleep(0.5)
    assert log_in(client, "alice", PASSWORD).status_code == 302


# The second factor of staff.


@pytest.fixture
def charlie(codi_staff, client_for):
    """Charlie logged in with his password only."""
    return client_for(codi_staff)


def test_staff_without_a_device_are_sent_to_enrol(charlie):
    response = charlie.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("two_factor_enrol"))
    page = response.content.decode()
    assert "<svg" in page  # the QR code, drawn inline
    assert "<img" not in page
    assert "ยืนยันตัวตนขั้นที่สอง" in page


def test_staff_without_a_device_cannot_open_an_admin_page(charlie):
    response = charlie.get(reverse("admin:councils_council_changelist"), follow=True)
    assert [url for url, _status in response.redirect_chain][-1] == reverse("two_factor_enrol") + (
        "?next=%2Fadmin%2Fcouncils%2Fcouncil%2F"
    )


def test_enrolment_refuses_a_wrong_code_in_thai(charlie, codi_staff):
    charlie.get(reverse("two_factor_enrol"))
    device = TOTPDevice.objects.get(user=codi_staff)
    wrong = str((int(code_of(device)) + 1) % 1_000_000).zfill(6)
    response = charlie.post(reverse("two_factor_enrol"), {"code": wrong})
    assert response.status_code == 200
    assert "รหัสไม่ถูกต้อง" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert charlie.get(reverse("admin:index")).status_code == 302


def test_enrolment_with_the_right_code_opens_the_admin_and_shows_ten_recovery_codes(
    charlie, codi_staff
):
    charlie.get(reverse("two_factor_enrol"))
    device = TOTPDevice.objects.get(user=codi_staff)
    response = charlie.post(
        reverse("two_factor_enrol"), {"code": code_of(device), "next": "/admin/"}
    )
    assert response.status_code == 200
    codes = StaticDevice.objects.get(user=codi_staff).token_set.values_list("token", flat=True)
    assert len(codes) == 10
    page = response.content.decode()
    assert all(code in page for code in codes)
    assert "no-store" in response["Cache-Control"]
    assert charlie.get(reverse("admin:index")).status_code == 200
    # Enrolled: the enrolment page is closed and sends him to the code page instead.
    assert charlie.get(reverse("two_factor_enrol"))["Location"].startswith(
        reverse("two_factor_verify")
    )


def test_enrolled_staff_enter_their_code_after_login(codi_staff, charlie):
    device = enrol(codi_staff)
    response = charlie.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("two_factor_verify"))
    response = charlie.post(
        reverse("two_factor_verify"), {"code": code_of(device), "next": "/admin/"}
    )
    assert response["Location"] == "/admin/"
    assert charlie.get(reverse("admin:index")).status_code == 200


def test_a_wrong_code_is_refused(codi_staff, charlie):
    enrol(codi_staff)
    response = charlie.post(reverse("two_factor_verify"), {"code": "12345x"})
    assert response.status_code == 200
    assert "รหัสไม่ถูกต้อง" in response.content.decode()
    assert charlie.get(reverse("admin:index")).status_code == 302


def test_the_next_address_must_be_ours(codi_staff, charlie):
    device = enrol(codi_staff)
    data = {"code": code_of(device), "next": "https://evil.example/"}
    assert charlie.post(reverse("two_factor_verify"), data)["Location"] == "/admin/"


def test_a_recovery_code_works_once(codi_staff, charlie):
    enrol(codi_staff)
    recovery = StaticDevice.objects.create(user=codi_staff, name="recovery")
    recovery.token_set.create(token="abcd2345ef")
    response = charlie.post(reverse("two_factor_verify"), {"code": "ABCD 2345 EF"})
    assert response.status_code == 302
    assert charlie.get(reverse("admin:index")).status_code == 200
    again = Client()
    again.force_login(codi_staff)
    response = again.post(reverse("two_factor_verify"), {"code": "abcd2345ef"})
    assert response.status_code == 200
    assert again.get(reverse("admin:index")).status_code == 302


def test_a_staff_session_ends_after_thirty_idle_minutes(codi_staff):
    client = verified_client(codi_staff)
    assert client.get(reverse("admin:index")).status_code == 200
    session = client.session
    session[StaffIdleTimeoutMiddleware.LAST_SEEN] = int(time.time()) - 31 * 60
    session.save()
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not is_logged_in(client)


def test_a_staff_session_in_use_stays_open(codi_staff):
    client = verified_client(codi_staff)
    session = client.session
    session[StaffIdleTimeoutMiddleware.LAST_SEEN] = int(time.time()) - 29 * 60
    session.save()
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.session.get_expiry_age() == 30 * 60


def test_tambon_coordinators_need_no_second_factor(tambon_coordinator, council, client):
    log_in(client, "alice", PASSWORD)
    assert client.get(council.get_absolute_url()).status_code == 200
    assert client.get(reverse("two_factor_enrol")).status_code == 403
    # Their sessions keep Django's age: the staff idle limit is not theirs.
    assert StaffIdleTimeoutMiddleware.LAST_SEEN not in client.session
