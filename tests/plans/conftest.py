"""Clients for the plan tests, in English so that messages can be checked word for word.

The portal speaks Thai first, and the Thai catalog is generated after the code is written; the
English cookie keeps these tests independent of how a message is translated.
"""

import pytest
from django.conf import settings


@pytest.fixture
def english_client(client_for):
    def make(user):
        client = client_for(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make
