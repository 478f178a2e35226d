"""The lock files pin, with hashes, exactly the versions pyproject.toml asks for, so `make run`,
`make test` and CI install what was reviewed (run `make lock` after changing a dependency)."""

import re
import tomllib
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PIN = re.compile(r"^([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?==([^\s;]+)")


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared(*groups: str) -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = list(project["dependencies"])
    for group in groups:
        requirements += project["optional-dependencies"][group]
    pins = {}
    for requirement in requirements:
        match = PIN.match(requirement)
        assert match, f"{requirement!r} is not pinned with =="
        pins[normalized(match.group(1))] = match.group(2)
    return pins


def locked(path: Path) -> dict[str, str]:
    pins, hashed = {}, set()
    current = None
    for line in path.read_text().splitlines():
        if match := PIN.match(line):
            current = normalized(match.group(1))
            pins[current] = match.group(2)
        elif line.strip().startswith("--hash=sha256:") and current:
            hashed.add(current)
    assert set(pins) == hashed, f"without a hash: {sorted(set(pins) - hashed)}"
    return pins


def test_the_runtime_lock_has_every_dependency_at_its_version():
    lock = locked(ROOT / "requirements" / "base.txt")
    for name, version in declared().items():
        assert lock.get(name) == version, f"{name}: pyproject {version}, lock {lock.get(name)}"


def test_the_development_lock_has_every_dependency_at_its_version():
    lock = locked(ROOT / "requirements" / "dev.txt")
    for name, version in declared("dev").items():
        assert lock.get(name) == version, f"{name}: pyproject {version}, lock {lock.get(name)}"
