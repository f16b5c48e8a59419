"""The case page asks, with the case, which of its panels' tables have rows for it
(`jiefen.cases.panels`); a panel reads a table only when it has."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.http import Http404

from jiefen.accounts.models import User
from jiefen.cases.choices import CaseStatus, Category, Channel
from jiefen.cases.models import CaseLink
from jiefen.cases.panels import case_has_rows, panel_row_probes
from jiefen.cases.selectors import (
    case_detail_parts,
    case_get_for_user,
    case_page_get_for_user,
    case_visible,
)
from jiefen.cases.services import ClaimantInput, case_intake, case_merge
from jiefen.cases.tests.factories import id_number, make_case
from jiefen.geo.models import Village

pytestmark = pytest.mark.django_db


def test_a_case_in_hand_fetched_for_its_page_has_rows_in_no_panel(clerk, leader):
    case = make_case(actor=clerk, status=CaseStatus.HANDLING)

    fetched = case_page_get_for_user(user=leader, pk=case.pk)

    assert [name for name in panel_row_probes() if case_has_rows(fetched, name)] == []


def test_a_case_fetched_elsewhere_lets_every_panel_read_its_tables(clerk, leader):
    case = make_case(actor=clerk, status=CaseStatus.HANDLING)

    fetched = case_get_for_user(user=leader, pk=case.pk)

    assert all(case_has_rows(fetched, name) for name in panel_row_probes())


def test_the_page_finds_the_case_merged_into_this_one_and_shows_its_timeline(clerk):
    def intake():  # the same worker twice: intake suggests the second as a duplicate
        return case_intake(
            actor=clerk,
            channel=Channel.WALK_IN,
            category=Category.WAGE_ARREARS,
            summary="拖欠工资",
            village=Village.objects.get(code="330106010002"),
            claimants=[
                ClaimantInput(
                    name="张三", id_number=id_number(1), phone="13812340001", representative=True
                )
            ],
            claims=[("工资", Decimal("8000"))],
        )

    first, second = intake(), intake()
    case_merge(link=CaseLink.objects.get(), actor=clerk)

    fetched = case_page_get_for_user(user=clerk, pk=first.pk)

    shown = {e.pk for e in case_detail_parts(case=fetched)["events"]}
    assert set(second.events.values_list("pk", flat=True)) <= shown


def test_the_page_fetch_is_refused_outside_the_readers_scope(clerk, clerk_elsewhere):
    case = make_case(actor=clerk, status=CaseStatus.HANDLING)

    with pytest.raises(Http404):
        case_page_get_for_user(user=clerk_elsewhere, pk=case.pk)


def test_a_case_fetched_in_scope_needs_no_query_for_the_policies_scope_test(
    clerk, django_assert_num_queries
):
    case = make_case(actor=clerk, status=CaseStatus.HANDLING)
    reader = User.objects.get(pk=clerk.pk)  # as a request loads them: nothing remembered yet
    fetched = case_get_for_user(user=reader, pk=case.pk)

    with django_assert_num_queries(0):
        assert case_visible(user=reader, case=fetched)


def extra_rows():
    from django.db.models import Exists, OuterRef

    from jiefen.cases.models import Case

    return {"extra_probe": Exists(Case.objects.filter(pk=OuterRef("pk")))}


def test_a_probe_registered_after_the_first_page_is_asked_on_the_next(clerk, leader, monkeypatch):
    # The probes' SQL is compiled once a process for a set of sources: a new source is a new set.
    from django.apps import apps

    case = make_case(actor=clerk, status=CaseStatus.HANDLING)
    case_page_get_for_user(user=leader, pk=case.pk)
    monkeypatch.setattr(
        apps.get_app_config("calculators"),
        "case_panel_rows",
        "jiefen.cases.tests.test_panels.extra_rows",
    )

    fetched = case_page_get_for_user(user=leader, pk=case.pk)

    assert case_has_rows(fetched, "extra_probe")
