"""A client generated from /api/schema/ by openapi-python-client works against the live server:
it lists, reads and creates a case, runs an action and reads the summary.

The client is generated at test time (into a temporary directory) rather than committed: it
must be generated from the schema the code serves now, so a committed copy would only be a stale
second truth; the generator is pinned in the dev extra."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from rest_framework.authtoken.models import Token

PACKAGE = "jiefen_generated_client"


@pytest.fixture
def generated(live_server, tmp_path):
    with urllib.request.urlopen(f"{live_server.url}/api/schema/?format=json") as response:
        (tmp_path / "schema.json").write_bytes(response.read())
    bin_dir = Path(sys.executable).parent
    result = subprocess.run(
        [
            str(bin_dir / "openapi-python-client"),
            "generate",
            "--path",
            str(tmp_path / "schema.json"),
            "--output-path",
            str(tmp_path / PACKAGE),
            "--meta",
            "none",
        ],
        cwd=tmp_path,
        # Its post-generation step formats with ruff, found on PATH.
        env={**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Warning" not in result.stdout, result.stdout
    sys.path.insert(0, str(tmp_path))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m.split(".")[0] == PACKAGE]:
            del sys.modules[name]


@pytest.mark.django_db(transaction=True)
def test_the_generated_client_lists_reads_creates_acts_and_reads_the_summary(
    generated, live_server, clerk
):
    v1 = importlib.import_module(f"{PACKAGE}.api.v1")
    models = importlib.import_module(f"{PACKAGE}.models")

    def op(name):
        return importlib.import_module(f"{v1.__name__}.{name}")

    client = generated.AuthenticatedClient(
        base_url=live_server.url,
        token=Token.objects.create(user=clerk).key,
        prefix="Token",
        raise_on_unexpected_status=True,
    )
    body = models.CaseListCreateInputRequest(
        village_code="330106010002",
        category=models.CategoryEnum.WAGE_ARREARS,
        channel=models.ChannelEnum.WALK_IN,
        summary="工地拖欠两个月工资",
        claimants=[models.ClaimantInputRequest(name="张三", phone="13812345678")],
        claims=[models.ClaimInputRequest(item="工资", amount="16000.00")],
    )

    created = op("v1_cases_create").sync(client=client, body=body)
    listed = op("v1_cases_list").sync(client=client)
    read = op("v1_cases_retrieve").sync(created.id, client=client)
    declined = op("v1_cases_actions_create").sync(
        created.id,
        "decline",
        client=client,
        body=models.CaseActionInputRequest(note="不属于劳动争议受理范围"),
    )
    summary = op("v1_reports_summary_retrieve").sync(client=client)

    assert created.status == "registered"  # a person's intake registers at once
    assert listed.count == 1 and listed.results[0].number == created.number
    assert read.claimants[0].to_dict()["phone"] == "138****5678"  # masked
    assert declined.status == "declined"
    assert summary.received >= 1
