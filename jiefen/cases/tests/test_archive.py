"""Closed years are archived whole; only what has passed its retention leaves the database."""

from __future__ import annotations

import datetime as dt
import gzip
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from jiefen.cases.choices import CaseStatus, Track
from jiefen.cases.models import Case, CaseEvent
from jiefen.cases.services.archive import (
    ArchiveError,
    case_retention_until,
    closed_year_archive,
    closed_year_purge,
)
from jiefen.cases.tests.factories import make_case

pytestmark = pytest.mark.django_db


def closed(actor, *, year: int, tracks: list[str]) -> Case:
    case = make_case(actor=actor, status=CaseStatus.CLOSED)
    at = dt.datetime(year, 6, 30, 10, tzinfo=timezone.get_default_timezone())
    Case.objects.filter(pk=case.pk).update(closed_at=at, tracks=tracks)
    case.refresh_from_db()
    return case


def test_an_arbitrated_case_is_kept_ten_years_a_mediated_one_five(clerk):
    arbitrated = closed(clerk, year=2015, tracks=[Track.MEDIATION, Track.ARBITRATION])
    mediated = closed(clerk, year=2015, tracks=[Track.MEDIATION])

    assert case_retention_until(arbitrated) == dt.date(2025, 6, 30)
    assert case_retention_until(mediated) == dt.date(2020, 6, 30)


def test_the_archive_holds_every_case_closed_that_year_with_its_timeline(clerk, tmp_path):
    in_year = closed(clerk, year=2015, tracks=[Track.MEDIATION])
    closed(clerk, year=2016, tracks=[Track.MEDIATION])
    events = CaseEvent.objects.filter(case=in_year).count()

    archive = closed_year_archive(year=2015, out_dir=tmp_path)

    with gzip.open(archive.path, "rt", encoding="utf-8") as f:
        lines = [json.loads(line) for line in f]
    assert [line["case"] for line in lines] == [in_year.number]
    models = [row["model"] for row in lines[0]["rows"]]
    assert models.count("cases.caseevent") == events > 0
    assert "cases.case" in models


def test_purging_destroys_only_what_has_passed_its_retention(clerk, tmp_path):
    mediated = closed(clerk, year=2015, tracks=[Track.MEDIATION])
    arbitrated = closed(clerk, year=2015, tracks=[Track.ARBITRATION])
    archive = closed_year_archive(year=2015, out_dir=tmp_path)

    result = closed_year_purge(archive=archive.path, today=dt.date(2024, 1, 1))

    assert result.destroyed == [mediated.number]
    assert result.within_retention == [arbitrated.number]
    assert not Case.objects.filter(pk=mediated.pk).exists()
    assert not CaseEvent.objects.filter(case_id=mediated.pk).exists()
    assert Case.objects.filter(pk=arbitrated.pk).exists()


def test_an_archive_that_does_not_match_its_manifest_destroys_nothing(clerk, tmp_path):
    case = closed(clerk, year=2015, tracks=[Track.MEDIATION])
    archive = closed_year_archive(year=2015, out_dir=tmp_path)
    with gzip.open(archive.path, "at", encoding="utf-8") as f:
        f.write("{}\n")

    with pytest.raises(ArchiveError):
        closed_year_purge(archive=archive.path, today=dt.date(2030, 1, 1))
    assert Case.objects.filter(pk=case.pk).exists()


def test_the_command_archives_then_purges(clerk, tmp_path, time_machine):
    case = closed(clerk, year=2015, tracks=[Track.MEDIATION])
    time_machine.move_to(dt.datetime(2026, 1, 1, tzinfo=dt.UTC))

    call_command("archive_year", "2015", "--out", str(tmp_path), "--purge")

    assert (tmp_path / "cases-closed-2015.jsonl.gz").exists()
    assert not Case.objects.filter(pk=case.pk).exists()
