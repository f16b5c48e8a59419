"""The login page shows how far `make run` has come loading the demo district."""

import json
import subprocess
import sys

import pytest

from jiefen.core.demo_progress import demo_progress_clear, demo_progress_read, demo_progress_write


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    yield tmp_path
    demo_progress_clear()


def test_the_login_page_shows_the_seeders_step_while_it_runs(client):
    demo_progress_write(step=3, steps=15, name="案件")

    page = client.get("/accounts/login/").content.decode()

    assert 'data-testid="demo-loading"' in page
    assert "第 3/15 步（案件）" in page
    assert 'http-equiv="refresh"' in page


def test_a_seeder_that_died_leaves_no_progress_behind_on_the_login_page(client, var_dir):
    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    (var_dir / "demo-progress.json").write_text(
        json.dumps({"step": 3, "steps": 15, "name": "案件", "pid": int(ended.stdout)})
    )

    assert demo_progress_read() is None
    assert 'data-testid="demo-loading"' not in client.get("/accounts/login/").content.decode()


def test_no_progress_file_means_no_banner(client):
    assert 'data-testid="demo-loading"' not in client.get("/accounts/login/").content.decode()
