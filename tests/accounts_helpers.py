"""Logging staff into the admin in tests: a password session plus a passed second factor."""

from django.conf import settings
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice


def enrol(user) -> TOTPDevice:
    """The user's confirmed authenticator app (made once)."""
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, name="test app", defaults={"confirmed": True}
    )
    return device


def verify(client: Client, user) -> Client:
    """Mark a logged-in client's session as having passed the second factor, as
    django_otp.login does after a right code."""
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = enrol(user).persistent_id
    session.save()
    return client


def verified_client(user, language: str = "") -> Client:
    """A client of a staff member who logged in and entered their code: the admin opens."""
    client = Client()
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(user)
    return verify(client, user)
