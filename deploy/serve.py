"""`make serve`: the portal in production on one machine, gunicorn and db_worker processes together.

    DATABASE_URL=postgres://... SECRET_KEY=... ALLOWED_HOSTS=portal.example.org make serve

Refuses SQLite and DEBUG. Migrates, collects the static files, creates the cache table (when
CACHE_BACKEND is the database cache), then starts gunicorn with deploy/gunicorn.conf.py and
DB_WORKERS `manage.py db_worker` processes (default: one per core). Ctrl-C (or SIGTERM) stops them
all gracefully: gunicorn finishes the requests it is serving, each worker the task it is running
(a second Ctrl-C kills them). When one of them dies the others are stopped too, and this exits
non-zero: a supervisor (systemd, see deploy/*.service) restarts the whole. SERVE_SETUP=0 skips
the migrations and collectstatic (the smoke test collects once for all its runs).
"""

import ctypes
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
POSTGRES_SCHEMES = ("postgres://", "postgresql://", "pgsql://")
TRUTHY = {"1", "true", "yes", "on"}


def refusal(environment: dict[str, str]) -> str:
    """Why this environment may not be served in production, or ""."""
    url = environment.get("DATABASE_URL", "")
    if not url:
        return (
            "make serve needs PostgreSQL: set DATABASE_URL=postgres://USER@HOST:5432/NAME "
            "(SQLite, the default without it, is for development: make run)."
        )
    if not url.startswith(POSTGRES_SCHEMES):
        return (
            f"make serve runs on PostgreSQL only, not {url.split(':', 1)[0]}: several web and "
            "worker processes write at once, which SQLite cannot take. Set "
            "DATABASE_URL=postgres://USER@HOST:5432/NAME."
        )
    if environment.get("DEBUG", "").strip().lower() in TRUTHY:
        return "make serve is for production: unset DEBUG (DEBUG=1 is for make run)."
    if not environment.get("SECRET_KEY"):
        return "make serve needs SECRET_KEY (a long random string, the same on every machine)."
    return ""


def manage(*args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, check=True)  # noqa: S603


def _die_with_parent() -> None:
    # Linux: a child whose parent (this script) is killed, even by SIGKILL, gets SIGTERM.
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def start(command: list[str], group: int) -> subprocess.Popen:
    # Their own process group: the terminal's Ctrl-C reaches only this script, which then asks
    # each child once to stop gracefully (db_worker takes a second signal as "kill the task").
    return subprocess.Popen(  # noqa: S603 - our own commands
        command,
        cwd=ROOT,
        process_group=group,
        preexec_fn=_die_with_parent if sys.platform == "linux" else None,  # noqa: PLW1509
    )


def main() -> int:
    problem = refusal(dict(os.environ))
    if problem:
        print(problem, file=sys.stderr)
        return 2
    if os.environ.get("SERVE_SETUP", "1").strip().lower() in TRUTHY:
        manage("migrate", "--no-input")
        manage("collectstatic", "--no-input", "--verbosity", "0")
        manage("createcachetable")
    workers = int(os.environ.get("DB_WORKERS", multiprocessing.cpu_count()))

    web = start([GUNICORN, "--config", str(ROOT / "deploy" / "gunicorn.conf.py")], group=0)
    children = [web]
    for _ in range(workers):
        command = [PYTHON, "manage.py", "db_worker", "--queue-name", "*", "--no-reload"]
        children.append(start(command, group=web.pid))

    stopping = []

    def stop(signum, frame):
        if stopping:  # asked twice: stop now
            for child in children:
                if child.poll() is None:
                    child.kill()
            return
        stopping.append(signum)
        print("Stopping the web server and the workers...", file=sys.stderr)
        for child in children:
            if child.poll() is None:
                child.terminate()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    print(
        f"Serving with gunicorn (pid {web.pid}) and {workers} db_worker processes; "
        "Ctrl-C stops them all.",
        file=sys.stderr,
    )
    crashed = False
    while True:
        running = [child for child in children if child.poll() is None]
        if not running:
            break
        if not stopping and len(running) < len(children):
            print("A process stopped on its own: stopping the others.", file=sys.stderr)
            crashed = True
            stop(signal.SIGTERM, None)
        time.sleep(0.5)
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main())
