"""What pyproject.toml declares is what the code imports: no package used through another's
dependency, none declared and never used. Compares the top-level imports of jiefen/, config/,
tests/, bench/ and scripts/ (and the dotted paths the settings name) with the declared
distributions, through the installed packages' own list of the modules they provide."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ["jiefen", "config", "tests", "bench", "scripts", "conftest.py", "manage.py"]
FIRST_PARTY = {"jiefen", "config", "tests", "bench", "conftest", "manage"}

# Declared and used, but never by an import statement: why each is there.
USED_WITHOUT_IMPORT = {
    "argon2-cffi": "Django's Argon2PasswordHasher (PASSWORD_HASHERS)",
    "psycopg": "Django's PostgreSQL backend (DATABASE_URL=postgres://…)",
    "gunicorn": "the web server serve starts (make run, deploy/jiefen-web.service)",
    "waitress": "the app server bench/load.py starts (waitress-serve)",
    "openapi-python-client": "the generator tests/api runs (a command)",
    "pytest-django": "a pytest plugin (the django_db marker, client fixtures)",
    "pytest-xdist": "a pytest plugin (make test runs -n auto)",
    "ruff": "the linter (make test)",
    "mypy": "the type checker (make test)",
    "import-linter": "the layer contracts (make test: lint-imports)",
    "django-stubs": "mypy's Django plugin",
    "djangorestframework-stubs": "mypy's DRF plugin",
}


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        requirements += extra
    return {normalize(re.match(r"[A-Za-z0-9._-]+", r).group(0)) for r in requirements}


def _files():
    for source in SOURCES:
        path = ROOT / source
        yield from [path] if path.is_file() else sorted(path.rglob("*.py"))


def imported() -> set[str]:
    """Top-level modules imported anywhere, and those named by dotted paths in the settings."""
    found: set[str] = set()
    for path in _files():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    for path in sorted((ROOT / "config" / "settings").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            dotted = isinstance(node, ast.Constant) and isinstance(node.value, str)
            if dotted and re.fullmatch(r"[a-z_][a-z0-9_]*(\.[A-Za-z_]\w*)*", node.value):
                found.add(node.value.split(".")[0])
    return found - FIRST_PARTY - set(sys.stdlib_module_names)


def providers() -> dict[str, set[str]]:
    return {
        module: {normalize(d) for d in dists} for module, dists in packages_distributions().items()
    }


def test_every_third_party_import_is_declared():
    names, provided = declared(), providers()

    undeclared = sorted(
        module for module in imported() if module in provided and not (provided[module] & names)
    )

    assert undeclared == []


def test_every_declared_package_is_used():
    modules, provided = imported(), providers()
    used = {dist for module in modules for dist in provided.get(module, ())}

    unused = sorted(declared() - used - set(USED_WITHOUT_IMPORT))

    assert unused == []


def test_the_comparison_finds_a_package_used_only_through_another():
    # jsonschema's own dependency; importing it directly would need it declared.
    provided = providers()

    assert "referencing" in provided
    assert not provided["referencing"] & declared()
