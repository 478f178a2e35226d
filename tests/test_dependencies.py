"""Dependencies point one way: councils <- plans <- welfare <- reports (DESIGN.md, section 3),
and no module of ours imports itself back through another, not even inside a function."""

import ast
from pathlib import Path

from django.conf import settings

APPS = ("councils", "plans", "welfare", "reports")  # each may import only from those before it
ROOT = Path(settings.BASE_DIR)


def project_modules() -> dict[str, Path]:
    modules = {}
    for app in (*APPS, "portal"):
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


def imports_of(path: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules a file imports, anywhere in it (a function-level import is still a
    dependency, and a cycle hidden in a function is still a cycle)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        found.update(name for name in names if name in modules)
    return found


def graph() -> dict[str, set[str]]:
    modules = project_modules()
    edges = {name: imports_of(path, modules) for name, path in modules.items()}
    for name in edges:
        # Importing a.b.c runs a and a.b first; the packages' own imports count, not the reverse.
        edges[name].discard(name)
    return edges


def test_no_app_imports_from_an_app_to_its_right():
    wrong = []
    for module, imported in graph().items():
        app = module.split(".")[0]
        if app not in APPS:
            continue
        allowed = APPS[: APPS.index(app) + 1]
        wrong += [f"{module} -> {name}" for name in imported if name.split(".")[0] not in allowed]
    assert not wrong, wrong


def test_no_module_imports_itself_through_others():
    edges = graph()
    cycles = []

    def visit(module: str, path: list[str], on_path: set[str], done: set[str]) -> None:
        for name in sorted(edges.get(module, ())):
            if name in on_path:
                # A package's __init__ importing its own submodules is how packages work.
                cycle = path[path.index(name) :] + [name]
                if not all(later.startswith(cycle[0] + ".") for later in cycle[1:-1]):
                    cycles.append(" -> ".join(cycle))
            elif name not in done:
                visit(name, [*path, name], on_path | {name}, done)
        done.add(module)

    done: set[str] = set()
    for module in sorted(edges):
        if module not in done:
            visit(module, [module], {module}, done)
    assert not cycles, cycles
