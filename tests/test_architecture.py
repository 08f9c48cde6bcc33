"""The house's rules about the code's shape, checked on its source (see docs/architecture.md)."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "workshop"

# The area packages, each depending only on those after it: so never in a cycle.
# The modules at the top of the package (models, errors, text, ...) are below them all.
LAYERS = ("api", "export", "reviews", "draft", "live", "charters", "auth", "site")
# create_app, and the server that starts it, wire every area together.
COMPOSITION = {"__init__.py", "__main__.py"}
# Modules that are entry points (pages, events, commands), not libraries for other packages.
ENTRY_POINTS = ("views", "import_views", "events", "cli")

# Adapters: they call the domain, then commit (or roll back a refusal) and announce.
ADAPTERS = {
    "__init__.py",  # create_app: seeding at start
    "answers.py",  # rolls back a refused change
    "auth/__init__.py",  # signing a request in by its API token
    "database.py",  # a driver transaction's own commit, for recording.py to call, as a Session has its own
    "live/broadcast.py",
    "live/recording.py",  # a participant's operation, from the Socket.IO handler or the plain form
}
ADAPTER_NAMES = {"views.py", "import_views.py", "events.py", "cli.py"}


def modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path.relative_to(PACKAGE).as_posix(), ast.parse(path.read_text(), str(path))


def imports(name: str, tree: ast.Module):
    """(line, the module imported from as a dotted path, the names imported) for every import, even in functions."""
    package = ["workshop", *name.split("/")[:-1]]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, []
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            yield node.lineno, module, [alias.name for alias in node.names]


def area_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "workshop" and len(parts) > 1 and parts[1] in LAYERS else None


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


def test_area_packages_depend_downwards_only():
    """Each area imports only the areas after it in LAYERS, which rules out any cycle between them."""
    upward = []
    for name, tree in modules():
        if name in COMPOSITION:
            continue
        own = area_of("workshop." + name.replace("/", ".").removesuffix(".py"))
        allowed = set(LAYERS[LAYERS.index(own) + 1 :]) if own else set()
        for line, module, _names in imports(name, tree):
            area = area_of(module)
            if area is not None and area != own and area not in allowed:
                upward.append(f"{name}:{line} imports {module}")
    assert upward == []


def test_no_module_reaches_into_another_packages_pages_or_private_names():
    found = []
    for name, tree in modules():
        own_package = ".".join(["workshop", *name.split("/")[:-1]])
        for line, module, names in imports(name, tree):
            if not module.startswith("workshop") or name in COMPOSITION:
                continue
            private = [n for n in names if n.startswith("_") and not n.startswith("__")]
            if private:
                found.append(f"{name}:{line} imports {', '.join(private)} from {module}")
            package, _, last = module.rpartition(".")
            if last in ENTRY_POINTS and package != own_package:
                found.append(f"{name}:{line} imports from {module}")
    assert found == []
