"""`make test` runs import-linter and mypy; these show that each of them fails the build on what
it is there to catch (a planted backward import, a planted type error), not only that it passes."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


@pytest.fixture
def planted_tree(tmp_path):
    """A copy of the project's Python sources and configuration, to plant faults in."""
    shutil.copytree(
        ROOT / "jiefen",
        tmp_path / "jiefen",
        ignore=shutil.ignore_patterns("templates", "static", "locale", "__pycache__", "*.json"),
    )
    shutil.copytree(ROOT / "config", tmp_path / "config")
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [BIN / "lint-imports", "--no-cache"],
        cwd=cwd,
        env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_a_backward_import_from_core_to_cases_fails_the_layers_contract(planted_tree):
    (planted_tree / "jiefen/core/planted.py").write_text(
        "def planted():\n    from jiefen.cases.models import Case\n\n    return Case\n"
    )

    result = lint_imports(planted_tree)

    assert result.returncode != 0
    assert "jiefen.core.planted -> jiefen.cases.models" in result.stdout


def test_a_type_error_in_a_kernel_caller_fails_mypy():
    from mypy import api

    planted = "from jiefen.core.policy import policy\n\npolicy(123, 'label', set())\n"

    out, _err, status = api.run(
        ["--config-file", str(ROOT / "pyproject.toml"), "--no-incremental", "-c", planted]
    )

    assert status != 0
    assert 'Argument 1 to "policy" has incompatible type "int"' in out
