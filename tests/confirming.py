"""Going through a confirm step in tests (councils/confirmation.py), as a person does: the
action answers with its summary, and the confirm form posts back with the token it carries."""

from __future__ import annotations

from html.parser import HTMLParser

from councils.confirmation import CONFIRM_FIELD


class _ConfirmForm(HTMLParser):
    """The hidden fields of the form that carries the confirmation token."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict[str, str]] = []
        self._current: dict[str, str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._current = {}
        elif tag == "input" and self._current is not None and attrs.get("type") == "hidden":
            self._current[attrs.get("name", "")] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form" and self._current is not None:
            self.forms.append(self._current)
            self._current = None


def confirm_fields(response) -> dict[str, str]:
    """The token and the carried values of the confirm form in a page (without the CSRF token)."""
    parser = _ConfirmForm()
    parser.feed(response.content.decode())
    for fields in parser.forms:
        if CONFIRM_FIELD in fields:
            fields.pop("csrfmiddlewaretoken", None)
            return fields
    raise AssertionError("The page has no confirm form")


def post_confirmed(client, url: str, data: dict | None = None, **kwargs):
    """Post the action, then confirm what its summary says: the response of the confirmation."""
    summary = client.post(url, data or {}, **kwargs)
    assert summary.status_code == 200, f"expected the confirm step, got {summary.status_code}"
    return client.post(url, {**(data or {}), **confirm_fields(summary)}, **kwargs)


def import_confirmed(client, url: str, data: dict, **kwargs):
    """Upload a file, read its preview, and confirm it when it may be confirmed: the response of
    the confirmation, or the page that names the bad rows, or the form that refused the file."""
    response = client.post(url, data, **kwargs)
    if response.status_code != 302:
        return response
    preview = client.get(response["Location"], **kwargs)
    if f'name="{CONFIRM_FIELD}"' not in preview.content.decode():
        return preview
    return client.post(response["Location"], confirm_fields(preview), **kwargs)
