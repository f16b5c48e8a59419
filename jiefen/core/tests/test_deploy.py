"""The systemd units in deploy/ run commands that exist and restart what dies."""

import configparser
import shlex

import pytest
from django.core.management import get_commands

from jiefen.core.tests.processes import ROOT

UNITS = sorted((ROOT / "deploy").glob("*.service"))


def unit(path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str
    parser.read(path)
    return parser


def test_there_is_a_web_a_worker_and_a_scheduler_unit():
    assert [p.name for p in UNITS] == [
        "jiefen-scheduler.service",
        "jiefen-web.service",
        "jiefen-worker@.service",
    ]


@pytest.mark.parametrize("path", UNITS, ids=lambda p: p.name)
def test_each_unit_restarts_its_process_whenever_it_ends(path):
    assert unit(path)["Service"]["Restart"] == "always"


@pytest.mark.parametrize(
    ("name", "command"),
    [("jiefen-worker@.service", "worker"), ("jiefen-scheduler.service", "scheduler")],
)
def test_the_background_units_run_jiefens_own_commands(name, command):
    argv = shlex.split(unit(ROOT / "deploy" / name)["Service"]["ExecStart"])
    assert argv[0].endswith("/jiefen") and argv[1] == command
    assert get_commands()[command] == "jiefen.core"
