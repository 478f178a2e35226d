"""Thai first: the browser's language does not switch the portal; the language switch does."""

from django.urls import reverse


def test_thai_even_for_an_english_browser(client, db):
    page = client.get(reverse("login"), headers={"Accept-Language": "en-US,en;q=0.9"})
    assert '<html lang="th">' in page.content.decode()


def test_the_switch_chooses_english(client, db):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("login"))
    assert '<html lang="en">' in page.content.decode()
