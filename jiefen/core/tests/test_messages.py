"""Messages stored as data are rendered in the reader's language (jiefen.core.messages)."""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_noop as N_

from jiefen.accounts.choices import DepartmentKind
from jiefen.cases.choices import Channel, Track
from jiefen.cases.messages import RECEIVED, ROUTED
from jiefen.core.messages import Amount, Plural, message_text, money, phrase, source_text


def _in(language: str, message, *, html: bool = False) -> str:
    return message_text(message.code, message.params, html=html, language=language)


def test_an_amount_reads_as_each_language_writes_money():
    with translation.override("zh-hans"):
        chinese = money(Decimal("48700"))
    with translation.override("en"):
        english = money(Decimal("48700"))

    assert chinese == "48,700.00 元"
    assert english == "CNY 48,700.00"


def test_a_count_takes_the_plural_form_of_the_reader():
    assert (
        _in("en", RECEIVED(channel=Channel.ONLINE, claimants=1)) == "Received: Online, 1 applicant"
    )
    assert _in("en", RECEIVED(channel=Channel.ONLINE, claimants=3)).endswith("3 applicants")
    assert (
        _in("zh-hans", RECEIVED(channel=Channel.ONLINE, claimants=1)) == "接待：网上申请，1名申请人"
    )


def test_a_list_of_choice_codes_is_joined_with_the_readers_separator():
    routed = ROUTED(
        lead=DepartmentKind.MEDIATION_COMMITTEE, tracks=[Track.MEDIATION, Track.INSPECTION]
    )

    assert (
        _in("en", routed)
        == "Routed: led by Mediation committee; tracks: Mediation, Labor inspection"
    )
    assert _in("zh-hans", routed) == "分流：调解委员会牵头；途径：调解、劳动监察"


def test_a_phrase_keeps_its_choice_amount_and_count_parameters_as_data():
    said = phrase(
        N_("追发工资%(amount)s：%(whom)s"),
        amount=Amount(Decimal("1200.5")),
        whom=Plural(N_("%(n)s名工人"), N_("%(n)s名工人"), 2),
    )

    assert _in("en", said) == "Wages recovered, CNY 1,200.50: 2 workers"
    assert _in("zh-hans", said) == "追发工资1,200.50 元：2名工人"


def test_chinese_free_text_inside_an_english_message_is_marked_chinese():
    said = phrase(N_("领导包案：%(leader)s"), leader="王<强>")

    assert _in("en", said, html=True) == 'Leader in charge: <span lang="zh">王&lt;强&gt;</span>'
    assert _in("zh-hans", said, html=True) == "领导包案：王&lt;强&gt;"


def test_a_phrase_written_in_english_is_kept_in_the_source_language():
    with translation.override("en"):
        written = str(gettext_lazy("申请调解"))

    assert written == "Apply for mediation"
    assert source_text(written) == "申请调解"
    assert source_text(gettext_lazy("申请调解")) == "申请调解"


def test_an_unknown_code_shows_its_text_rather_than_failing():
    assert message_text("gone.code", {"text": "旧记录"}, language="en") == "旧记录"
