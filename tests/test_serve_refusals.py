"""`make serve` (deploy/serve.py) refuses, before it starts anything, what production cannot use."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

KEY = "k3y-" + "x7Q9mZ2vL8pR4tW6yB1nC5dF0gH3jK" * 2


def serve(**env: str) -> subprocess.CompletedProcess:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DEBUG", "SECRET_KEY", "SERVE_SETUP"}
    }
    # Were a refusal missing, the server would start (tests/test_production_serving.py shows the
    # same script serving when nothing is refused); the timeout would then fail the test.
    environment.update(SERVE_SETUP="0", DB_WORKERS="0", **env)
    return subprocess.run(
        [sys.executable, "deploy/serve.py"],
        cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True, timeout=30,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("env", "reason"),
    [
        ({"SECRET_KEY": KEY}, "needs PostgreSQL: set DATABASE_URL"),
        ({"SECRET_KEY": KEY, "DATABASE_URL": "sqlite:///db.sqlite3"}, "not sqlite"),
        (
            {"SECRET_KEY": KEY, "DATABASE_URL": "postgres://x@127.0.0.1:9/x", "DEBUG": "1"},
            "unset DEBUG",
        ),
        ({"DATABASE_URL": "postgres://x@127.0.0.1:9/x"}, "needs SECRET_KEY"),
    ],
)
def test_serve_refuses(env, reason):
    result = serve(**env)
    assert result.returncode == 2
    assert reason in result.stderr
    assert "Serving with gunicorn" not in result.stderr
