"""The house's rules about the code's shape, checked on its source (see docs/architecture.md)."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "workshop"

# Adapters: they call the domain, then commit (or roll back a refusal) and announce.
ADAPTERS = {
    "__init__.py",  # create_app: seeding at start
    "answers.py",  # rolls back a refused change
    "auth/__init__.py",  # signing a request in by its API token
    "live/broadcast.py",
}
ADAPTER_NAMES = {"views.py", "import_views.py", "events.py", "cli.py"}


def modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path.relative_to(PACKAGE).as_posix(), ast.parse(path.read_text(), str(path))


def is_adapter(name: str) -> bool:
    return name in ADAPTERS or name.startswith("api/") or name.rsplit("/", 1)[-1] in ADAPTER_NAMES


def calls_to(tree: ast.Module, names: set[str]) -> list[int]:
    """The lines that call a function or method with one of these names."""
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and (
            (isinstance(node.func, ast.Attribute) and node.func.attr in names)
            or (isinstance(node.func, ast.Name) and node.func.id in names)
        )
    ]


def test_domain_modules_never_commit_or_roll_back():
    found = {
        name: lines
        for name, tree in modules()
        if not is_adapter(name) and (lines := calls_to(tree, {"commit", "rollback"}))
    }
    assert found == {}


def test_only_the_broadcaster_emits():
    found = {
        name: lines for name, tree in modules() if name != "live/broadcast.py" and (lines := calls_to(tree, {"emit"}))
    }
    assert found == {}
