"""The rights mailbox: each employer's link and QR code, letters, the grid-area staff queue."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from jiefen.cases.choices import Channel
from jiefen.geo.models import Village
from jiefen.parties.services import employer_find_or_create
from jiefen.portal import services
from jiefen.portal.choices import LetterStatus
from jiefen.portal.models import Letter, Mailbox

pytestmark = pytest.mark.django_db


@pytest.fixture
def employer(xihu):
    return employer_find_or_create(
        name="杭州转塘制衣有限公司", village=Village.objects.get(code="330106010002")
    )


@pytest.fixture
def mailbox(employer):
    return services.mailbox_ensure(employer=employer)


def write(mailbox, **kw):
    data = {
        "mailbox": mailbox,
        "anonymous": True,
        "name": "",
        "phone": "",
        "category": "wage_arrears",
        "body": "本月工资推迟发放，车间约30人",
        "client_ip": "10.1.1.1",
    }
    data.update(kw)
    return services.letter_submit(**data)


def test_every_employer_gets_one_mailbox_with_an_unguessable_token(employer, clerk):
    other = employer_find_or_create(name="杭州三墩机械厂", village=None)

    assert services.mailboxes_ensure_all(actor=clerk) == 2
    assert services.mailboxes_ensure_all(actor=clerk) == 0
    tokens = list(Mailbox.objects.values_list("token", flat=True))
    assert len(set(tokens)) == 2 and all(len(t) >= 32 for t in tokens)
    assert other.mailbox.employer == other


def test_a_letter_through_the_public_form_lands_named_or_anonymous(client, mailbox):
    url = reverse("portal:mailbox_letter", args=[mailbox.token])

    client.post(
        url,
        {
            "anonymous": "on",
            "name": "张三",
            "phone": "13905713333",
            "category": "wage_arrears",
            "body": "欠薪",
        },
    )
    client.post(
        url,
        {
            "name": "李四",
            "phone": "13905714444",
            "category": "working_hours",
            "body": "加班无加班费",
        },
    )

    anonymous, named = Letter.objects.order_by("id")
    assert (anonymous.anonymous, anonymous.name, anonymous.phone_cipher) == (True, "", "")
    assert (named.anonymous, named.name, named.phone_masked) == (False, "李四", "139****4444")


def test_an_unknown_token_is_not_found(client, mailbox):
    assert client.get(reverse("portal:mailbox_letter", args=["x" * 32])).status_code == 404


def test_letters_from_one_address_are_limited_per_day(mailbox):
    for _i in range(5):
        write(mailbox)

    with pytest.raises(services.RateLimited):
        write(mailbox)


def test_the_letter_queue_shows_letters_of_the_grid_area_only(
    client, mailbox, clerk, clerk_elsewhere
):
    write(mailbox, body="转塘的来信")

    client.force_login(clerk_elsewhere)
    assert "转塘的来信" not in client.get(reverse("portal:staff_letters")).content.decode()
    client.force_login(clerk)
    assert "转塘的来信" in client.get(reverse("portal:staff_letters")).content.decode()
    letter = Letter.objects.get()
    client.force_login(clerk_elsewhere)
    assert client.get(reverse("portal:staff_letter", args=[letter.pk])).status_code == 404


def test_answering_a_named_letter_texts_the_answer(
    mailbox, clerk, django_capture_on_commit_callbacks
):
    from jiefen.core.senders import ConsoleSender

    letter = write(mailbox, anonymous=False, name="李四", phone="13905714444")
    with django_capture_on_commit_callbacks(execute=True):
        services.letter_answer(letter=letter, actor=clerk, answer="已约谈单位，本周五前发放")

    assert letter.status == LetterStatus.ANSWERED
    assert ConsoleSender.sent[-1].to == "13905714444"
    assert "本周五前发放" in ConsoleSender.sent[-1].body


def test_a_letter_written_in_english_is_answered_in_english_whoever_answers(
    mailbox, clerk, django_capture_on_commit_callbacks
):
    from django.utils import translation

    from jiefen.core.senders import ConsoleSender

    with translation.override("en"):  # the writer reads the portal in English
        letter = write(mailbox, anonymous=False, name="Li Si", phone="13905714444")
    with django_capture_on_commit_callbacks(execute=True):
        services.letter_answer(letter=letter, actor=clerk, answer="已约谈单位")

    assert ConsoleSender.sent[-1].body.startswith("Your letter to")


def test_a_letter_becomes_a_mailbox_case_at_the_employers_village(mailbox, clerk):
    letter = write(mailbox)

    case = services.letter_convert(letter=letter, actor=clerk)

    assert case.channel == Channel.MAILBOX
    assert case.village == mailbox.employer.village
    assert case.employer == mailbox.employer
    assert case.claimants.get().worker.name == "匿名来信人"
    letter.refresh_from_db()
    assert (letter.status, letter.case) == (LetterStatus.CONVERTED, case)


def test_closing_needs_a_reason_and_a_handled_letter_cannot_be_handled_again(mailbox, clerk):
    letter = write(mailbox)
    with pytest.raises(services.ValidationError):
        services.letter_close(letter=letter, actor=clerk, reason=" ")

    services.letter_close(letter=letter, actor=clerk, reason="重复来信")

    assert letter.status == LetterStatus.CLOSED
    with pytest.raises(services.ConflictError):
        services.letter_answer(letter=letter, actor=clerk, answer="x")


def test_the_qr_code_is_a_png_of_the_mailbox_link_and_the_poster_shows_it(client, mailbox, clerk):
    client.force_login(clerk)

    png = client.get(reverse("portal:staff_mailbox_qr", args=[mailbox.pk]))
    poster = client.get(reverse("portal:staff_mailbox_poster", args=[mailbox.pk]))

    assert png["Content-Type"] == "image/png"
    assert png.content.startswith(b"\x89PNG")
    assert mailbox.token in poster.content.decode()
    assert "杭州转塘制衣有限公司" in poster.content.decode()


def test_the_mailbox_list_sorts_by_open_letters(client, mailbox, clerk, xihu):
    quiet = services.mailbox_ensure(
        employer=employer_find_or_create(
            name="杭州安静有限公司", village=Village.objects.get(code="330106010002")
        )
    )
    write(mailbox)
    client.force_login(clerk)

    page = client.get(reverse("portal:staff_mailboxes") + "?sort=-open").content.decode()

    assert page.index("杭州转塘制衣有限公司") < page.index(quiet.employer.name)
    page = client.get(reverse("portal:staff_mailboxes") + "?sort=name").content.decode()
    assert page.index(quiet.employer.name) < page.index("杭州转塘制衣有限公司")


def test_three_letters_in_a_month_raise_an_early_warning_against_the_employer(mailbox):
    from jiefen.outreach import rules

    for _i in range(3):
        write(mailbox)

    findings = rules.rule_repeated_complaints(now=timezone.now())

    finding = next(f for f in findings if f.employer_id == mailbox.employer_id)
    assert [e.kind for e in finding.evidence] == ["letter", "letter", "letter"]
    assert "近30日内被投诉、来信或立案3次" in finding.reason


def test_a_letter_turned_into_a_case_counts_once(mailbox, clerk):
    from jiefen.portal.early_signs import letter_signals

    letter = write(mailbox)
    services.letter_convert(letter=letter, actor=clerk)

    assert letter_signals(since=timezone.now() - dt.timedelta(days=30)) == []
