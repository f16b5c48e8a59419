"""The party reads plain public states and timeline sentences, never the staff's internal
states or transition summaries (issue 17 item 2)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jiefen.cases.choices import CaseStatus, Track
from jiefen.cases.public import PublicState, public_state
from jiefen.core.senders import ConsoleSender
from jiefen.portal import services
from jiefen.portal.tests.test_apply import submit
from jiefen.portal.tests.test_track_and_staff import track_in

pytestmark = pytest.mark.django_db


def test_an_accepted_application_shows_the_public_state_and_a_plain_timeline(
    client, xihu, clerk, django_capture_on_commit_callbacks
):
    application = submit()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_accept(application=application, actor=clerk)
    number = application.case.number

    track_in(client, number, "13905710001", django_capture_on_commit_callbacks)
    page = client.get(reverse("portal:track_case", args=[number])).content.decode()

    assert 'data-testid="case-status">已受理<' in page
    assert "申请已受理。" in page
    # The staff's transition summaries ("登记：接待 → 登记") never reach the party.
    assert "→" not in page
    assert "接待" not in page


def test_the_acceptance_text_message_says_the_public_state(
    xihu, clerk, django_capture_on_commit_callbacks
):
    application = submit()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_accept(application=application, actor=clerk)

    body = ConsoleSender.sent[-1].body
    assert f"您的申请（{application.case.number}）已受理" in body


def test_a_case_in_handling_reads_as_the_track_that_handles_it():
    assert public_state(CaseStatus.HANDLING, [Track.MEDIATION]) == PublicState.MEDIATING
    assert (
        public_state(CaseStatus.HANDLING, [Track.MEDIATION, Track.ARBITRATION])
        == PublicState.ARBITRATING
    )
    assert public_state(CaseStatus.HANDLING, [Track.GOVERNANCE]) == PublicState.HANDLING
