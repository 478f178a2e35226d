"""The public privacy notice: Thai first, English when chosen, linked from every page."""

from django.conf import settings
from django.test import Client
from django.urls import reverse


def test_the_notice_is_thai_and_linked_from_the_footer(db):
    client = Client()
    response = client.get(reverse("privacy_notice"))
    assert response.status_code == 200
    body = response.content.decode()
    for thai in ("ประกาศความเป็นส่วนตัว", "สิทธิของท่าน", "วิธียื่นคำขอ", "1-2345-xxxxx-xx-1"):
        assert thai in body, thai
    assert f'href="{reverse("privacy_notice")}"' in client.get(reverse("home")).content.decode()


def test_the_notice_in_english(db):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get(reverse("privacy_notice")).content.decode()
    for english in ("Privacy notice", "Your rights", "(erasure)", "(objection)", "How long"):
        assert english in body, english
