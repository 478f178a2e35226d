"""The portal's own settings for the load test's server (bench/load.py), with two changes.

- The URL map adds the bare view the portal is measured against (bench/load_urls.py).
- Sessions are signed cookies: the load test logs its personas in without writing a session row
  into the database it reads (bench_national is shared and read-only to it).
"""

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.load_urls"
SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
