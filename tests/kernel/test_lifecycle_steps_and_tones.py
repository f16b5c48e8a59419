"""A lifecycle's steps (work that keeps the state) and tones (how a state looks) are data of its
table; pages read them through the kernel, and a filter's options come prepared."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import models
from django.template import Context, Template

from jiefen.centre.choices import MajorStatus, MeetingStatus
from jiefen.centre.models import MajorCase, Meeting
from jiefen.centre.transitions import MAJOR_LIFECYCLE, MEETING_LIFECYCLE
from jiefen.core.choices import choice_options
from jiefen.core.lifecycle import DEFAULT_TONE, LIFECYCLES, Lifecycle, lifecycle_of
from jiefen.mediation.choices import PaymentStatus
from jiefen.mediation.models import AgreementItem
from jiefen.portal.choices import ApplicationStatus
from jiefen.portal.models import Application
from jiefen.portal.transitions import APPLICATION_LIFECYCLE

ROOT = Path(__file__).resolve().parents[2] / "jiefen"
FRESH = (
    "import django; django.setup(); "
    "from jiefen.core.lifecycle import LIFECYCLES; print(len(LIFECYCLES))"
)


def test_a_draft_meetings_agenda_may_be_rebuilt_and_a_held_ones_may_not():
    assert MEETING_LIFECYCLE.allows_step("build_agenda", Meeting(status=MeetingStatus.DRAFT))
    assert not MEETING_LIFECYCLE.allows_step("build_agenda", Meeting(status=MeetingStatus.HELD))


def test_a_cancelled_meeting_records_nothing_more():
    assert MEETING_LIFECYCLE.allows_step("record", Meeting(status=MeetingStatus.HELD))
    assert not MEETING_LIFECYCLE.allows_step("record", Meeting(status=MeetingStatus.CANCELLED))


def test_only_a_major_case_in_charge_is_owed_a_weekly_note():
    owed = {
        s for s in MajorStatus.values if MAJOR_LIFECYCLE.allows_step("note", MajorCase(status=s))
    }
    assert owed == {MajorStatus.IN_CHARGE}


def test_an_undeclared_step_is_an_error_not_a_refusal():
    with pytest.raises(ValueError, match="unknown step"):
        MEETING_LIFECYCLE.allows_step("rebuild", Meeting(status=MeetingStatus.DRAFT))


def test_a_table_cannot_declare_a_step_or_a_tone_for_an_unknown_state():
    class Light(models.TextChoices):
        ON = "on", "on"

    table = {"name": "test.light", "model": Meeting, "states": Light, "subject": "light"}
    with pytest.raises(ValueError, match="unknown state 'off'"):
        Lifecycle(**table, transitions=[], record=print, steps={"dim": {"off"}})
    with pytest.raises(ValueError, match="unknown state 'off'"):
        Lifecycle(**table, transitions=[], record=print, tones={"off": "text-bg-dark"})
    assert "test.light" not in LIFECYCLES


def test_the_badge_filter_shows_each_state_as_its_table_declares():
    page = Template("{% load lifecycle %}{{ a|state_tone }}")
    shown = {
        state: page.render(Context({"a": Application(status=state)}))
        for state in ApplicationStatus.values
    }
    assert shown == {s: APPLICATION_LIFECYCLE.tones[s] for s in ApplicationStatus.values}


def test_a_state_without_a_declared_tone_looks_neutral():
    assert MEETING_LIFECYCLE.tone(Meeting(status=MeetingStatus.HELD)) == DEFAULT_TONE


def test_the_kernel_finds_an_apps_table_by_its_model():
    assert lifecycle_of(AgreementItem(status=PaymentStatus.UNPAID)).name == "mediation.payment"


def test_every_table_is_loaded_when_the_apps_are_ready():
    """A fresh process that imports no app's views still knows every lifecycle, so a page's
    `state_tone` never depends on what the process happened to import first."""
    declared = sum(
        len(re.findall(r"\bLifecycle\(", path.read_text(encoding="utf-8")))
        for path in ROOT.glob("*/transitions.py")
    )
    loaded = subprocess.run(
        [sys.executable, "-c", FRESH],
        cwd=ROOT.parent,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert int(loaded.stdout) == declared


def test_a_filters_options_mark_the_chosen_one():
    options = choice_options([("open", "未结"), ("", "全部"), *ApplicationStatus.choices], "")
    assert [v for v, _, chosen in options if chosen] == [""]
    assert [v for v, _, chosen in choice_options(ApplicationStatus.choices, None) if chosen] == []
    marked = choice_options(ApplicationStatus.choices, ApplicationStatus.MORE_INFO)
    assert [v for v, _, chosen in marked if chosen] == ["more_info"]
