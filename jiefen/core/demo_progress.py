"""How far `seed_demo --progress` has come, for the login page while `make run` loads the demo.

`make run` serves its first page at once and loads the demo district beside it (a year of
history takes about a minute); the seeder writes its step here and the login page shows it, so a
newcomer sees a progress bar instead of a page that does not answer."""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings


def _path() -> Path:
    return Path(settings.VAR_DIR) / "demo-progress.json"


@dataclass(frozen=True)
class DemoProgress:
    step: int
    steps: int
    name: str

    @property
    def percent(self) -> int:
        return round(100 * self.step / self.steps) if self.steps else 0


def demo_progress_write(*, step: int, steps: int, name: str) -> None:
    path = _path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"step": step, "steps": steps, "name": name, "pid": os.getpid()}))
    tmp.replace(path)  # readers never see half a file


def demo_progress_clear() -> None:
    _path().unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def demo_progress_read() -> DemoProgress | None:
    """The seeder's step while it runs; None when no demo is loading (a seeder that died leaves
    its file behind: its process is gone, so it is not loading)."""
    try:
        data = json.loads(_path().read_text())
    except (OSError, ValueError):
        return None
    with contextlib.suppress(KeyError, TypeError, ValueError):
        if _alive(int(data["pid"])):
            return DemoProgress(
                step=int(data["step"]), steps=int(data["steps"]), name=str(data["name"])
            )
    return None
