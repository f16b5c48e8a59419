"""Messages kept as data and rendered in the reader's language.

A timeline entry, a receipt or an SMS is stored as a message code and its parameters, never as a
sentence in the language of whoever wrote it. Each app declares its templates once
(`message_template("case.received", _("接待：{channel}，{claimants}"), choices=...)`); a page
renders the stored code through the translation catalogue at display time, so a Chinese page
reads all Chinese and an English page all English, whoever wrote the event and in which language.

Parameters are rendered by kind: a choice code through its label, a list of choice codes joined
with the language's list separator, an amount as the language writes money, a date through
Django's formats, a count through the language's plural forms, a nested message recursively.
Everything else (names, places, free text) is shown as given and, on a page that is not Chinese,
marked `lang="zh"` when it is Chinese, so that a reader (and a screen reader) knows why.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from django.db import models
from django.utils import formats, numberformat, timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.functional import Promise
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, npgettext, pgettext

SOURCE_LANGUAGE = "zh-hans"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")


@dataclass(frozen=True)
class MessageTemplate:
    """One stored message's shape: a `str.format` string marked for translation, and how each
    of its parameters is rendered."""

    code: str
    text: Promise | str
    # Parameters that hold a choice's code (or a list of codes), rendered through its label.
    choices: Mapping[str, type[models.Choices]] = field(default_factory=dict)
    # Parameters that hold an amount of money (a decimal string), in yuan.
    money: frozenset[str] = frozenset()
    # Parameters that hold a date or a moment (ISO), shown through the language's formats.
    dates: frozenset[str] = frozenset()
    datetimes: frozenset[str] = frozenset()
    # Parameters that hold a count, each with its (singular, plural) phrase: "{n}名申请人".
    counts: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    # Parameters that hold a nested message ({"code": ..., "params": ...}).
    nested: frozenset[str] = frozenset()
    # Parameters that hold source text from the catalogue (a rule's article, a fixed phrase).
    catalogue: frozenset[str] = frozenset()
    # Parameters whose label another table gives: name -> f(value, all params) -> label.
    labels: Mapping[str, Callable[[Any, Mapping[str, Any]], str]] = field(default_factory=dict)

    def __call__(self, **params: Any) -> Message:
        return Message(self.code, params)


@dataclass(frozen=True)
class Message:
    """A message ready to be stored: its code and JSON-able parameters."""

    code: str
    params: Mapping[str, Any]

    def as_data(self) -> dict[str, Any]:
        return {"code": self.code, "params": dict(self.params)}

    def source(self) -> str:
        """The message in the source language (what `summary` columns keep for search)."""
        return message_text(self.code, self.params, language=SOURCE_LANGUAGE)


REGISTRY: dict[str, MessageTemplate] = {}


def message_template(code: str, text: Promise | str, **kinds: Any) -> MessageTemplate:
    """Declare (once) the template stored under `code`."""
    for key in ("money", "dates", "datetimes", "nested", "catalogue"):
        if key in kinds:
            kinds[key] = frozenset(kinds[key])
    template = MessageTemplate(code=code, text=text, **kinds)
    if code in REGISTRY and REGISTRY[code] != template:
        raise ValueError(f"message code {code!r} declared twice")
    REGISTRY[code] = template
    return template


# ---------------------------------------------------------------- rendering of one value


def list_separator() -> str:
    return pgettext("list separator", "、")


def money(amount: Any, *, html: bool = False) -> str:
    """An amount in yuan as the reader's language writes it: 48,700.00 元 / CNY 48,700.00."""
    try:
        value = Decimal(str(amount))
    except (InvalidOperation, ValueError):
        return str(amount)
    number = numberformat.format(
        value,
        formats.get_format("DECIMAL_SEPARATOR"),
        2,
        grouping=3,
        # Chinese writes amounts of money with a comma every three digits too (48,700.00 元).
        thousand_sep=formats.get_format("THOUSAND_SEPARATOR") or ",",
        force_grouping=True,
    )
    return gettext("{amount} 元").format(amount=number)


def local_date(value: Any) -> str:
    """A date through the language's short date format."""
    if isinstance(value, str):
        day = parse_date(value) if len(value) == 10 else None
        moment = None if day else parse_datetime(value)
        if moment is not None and timezone.is_aware(moment):
            day = timezone.localtime(moment).date()
        elif moment is not None:
            day = moment.date()
        value = day or value
    elif isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, dt.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def local_datetime(value: Any) -> str:
    if isinstance(value, str):
        value = parse_datetime(value) or value
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return formats.date_format(value, "SHORT_DATETIME_FORMAT")
    return str(value)


def is_chinese_reader() -> bool:
    return (translation.get_language() or SOURCE_LANGUAGE).lower().startswith("zh")


def foreign(text: Any, *, html: bool = True) -> str:
    """Free text as given: marked `lang="zh"` on a page that is not Chinese when it is Chinese."""
    text = "" if text is None else str(text)
    if not html:
        return text
    if text and not is_chinese_reader() and CJK.search(text):
        return format_html('<span lang="zh">{}</span>', text)
    return conditional_escape(text)


@cache
def _reverse_catalogue(language: str) -> dict[str, str]:
    """Each translation of `language` mapped back to its source text (its msgid)."""
    from django.utils.translation import trans_real

    catalog = trans_real.translation(language)._catalog  # type: ignore[attr-defined]
    reverse: dict[str, str] = {}
    for key, value in catalog.items():
        if (
            isinstance(key, str)
            and "\x04" not in key  # a phrase with a context: its msgid alone is ambiguous
            and isinstance(value, str)
            and value
            and key != value
        ):
            reverse.setdefault(value, key)
    return reverse


def source_text(text: Any) -> str:
    """The source-language (catalogue msgid) form of a phrase, whichever language produced it:
    a lazy phrase is evaluated in the source language, and a phrase already translated into
    another language is found back in the catalogue. Anything else is kept as it is."""
    if isinstance(text, Promise):
        with translation.override(SOURCE_LANGUAGE):
            return str(text)
    text = "" if text is None else str(text)
    if text and not CJK.search(text):
        for language in _other_languages():
            found = _reverse_catalogue(language).get(text)
            if found is not None:
                return found
    return text


def _other_languages() -> Iterable[str]:
    from django.conf import settings

    return [code for code, _name in settings.LANGUAGES if not code.startswith("zh")]


def catalogue(text: Any, *, html: bool = True) -> str:
    """Stored source text (a msgid such as a rule's article) in the reader's language; free text
    that the catalogue does not know is shown as given (marked `lang="zh"` when it is Chinese)."""
    text = "" if text is None else str(text)
    translated = gettext(text) if text else text
    return foreign(translated, html=html)


def _label(choices: type[models.Choices], value: Any) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def _render_param(
    template: MessageTemplate, name: str, value: Any, params: Mapping[str, Any], html: bool
) -> str:
    escape: Callable[[str], str] = conditional_escape if html else str
    if name in template.labels:
        return escape(template.labels[name](value, params))
    if name in template.choices:
        choices = template.choices[name]
        if isinstance(value, list | tuple):
            return escape(list_separator().join(_label(choices, v) for v in value))
        return escape(_label(choices, value))
    if name in template.money:
        return escape(money(value))
    if name in template.dates:
        return escape(local_date(value))
    if name in template.datetimes:
        return escape(local_datetime(value))
    if name in template.counts:
        singular, plural = template.counts[name]
        count = int(value)
        return escape(npgettext("count", singular, plural, count).format(n=formats.localize(count)))
    if name in template.nested:
        if isinstance(value, Mapping) and "code" in value:
            return message_text(value["code"], value.get("params", {}), html=html)
        return foreign(value, html=html)
    if name in template.catalogue:
        return catalogue(value, html=html)
    if isinstance(value, list | tuple):
        return list_separator().join(foreign(v, html=html) for v in value)
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return escape(formats.localize(value))
    return foreign(value, html=html)


def message_text(
    code: str, params: Mapping[str, Any] | None, *, html: bool = False, language: str | None = None
) -> str:
    """The stored message `code` with `params`, in the reader's language (or `language`).

    With `html`, the result is safe HTML: parameters escaped, Chinese free text inside another
    language marked `lang="zh"`. An unknown code shows its parameters' free text, never fails."""
    if language is not None:
        with translation.override(language):
            return message_text(code, params, html=html)
    params = dict(params or {})
    if code == PHRASE:
        text = _phrase_text(params, html)
        return mark_safe(text) if html else text  # noqa: S308 - every parameter escaped
    template = REGISTRY.get(code)
    if template is None:
        text = str(params.get("text", code))
        return foreign(text, html=html)
    rendered = {
        name: _render_param(template, name, value, params, html) for name, value in params.items()
    }
    pattern = gettext(str(template.text)) if isinstance(template.text, str) else str(template.text)
    try:
        text = pattern.format(**rendered)
    except (KeyError, IndexError, ValueError):  # a catalogue entry that lost a field
        with translation.override(SOURCE_LANGUAGE):
            text = str(template.text).format(**rendered)
    return mark_safe(text) if html else text  # noqa: S308 - every parameter escaped above


def rendered(code: str, params: Mapping[str, Any] | None, fallback: str = "") -> SafeString:
    """For pages: the message as safe HTML, or the stored fallback through the catalogue."""
    if code:
        return mark_safe(message_text(code, params, html=True))  # noqa: S308
    return mark_safe(catalogue(fallback))  # noqa: S308


def event_text_fields(summary: Message | Promise | str) -> dict[str, Any]:
    """The columns an event row keeps for what it says: the message code and parameters when it
    is a message, and the text in the source language (for search, and as the fallback)."""
    if isinstance(summary, Message):
        return {
            "summary": summary.source()[:300],
            "message": summary.code,
            "params": dict(summary.params),
        }
    return {"summary": source_text(summary)[:300], "message": "", "params": {}}


# ---------------------------------------------------------------- phrases: the msgid as the code
#
# A service whose words are one catalogue phrase with named fields (`"%(dept)s反馈联排交办事项"`)
# stores the phrase itself (its msgid, in the source language) with typed parameters: a choice
# member keeps its class and value, an amount its digits, a date its ISO form, a lazy phrase its
# msgid, a count its plural forms. It is shown through the catalogue like any template.

PHRASE = "phrase"


@dataclass(frozen=True)
class Amount:
    """An amount of money in yuan, as a phrase's parameter."""

    value: Any


@dataclass(frozen=True)
class Plural:
    """A count with its (singular, plural) phrases ("%(n)s人"), as a phrase's parameter; the
    catalogue keeps them under the context "count"."""

    singular: str
    plural: str
    n: int


def _typed(value: Any) -> Any:
    if isinstance(value, Message):
        return value.as_data()
    if isinstance(value, models.Choices):
        cls = type(value)
        return {"choice": f"{cls.__module__}.{cls.__qualname__}", "value": value.value}
    if isinstance(value, Amount):
        return {"money": str(value.value)}
    if isinstance(value, Plural):
        return {"plural": [value.singular, value.plural], "n": value.n}
    if isinstance(value, Promise):
        return {"msgid": source_text(value)}
    if isinstance(value, dt.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    if isinstance(value, Decimal):
        return {"number": str(value)}
    if isinstance(value, list | tuple):
        return [_typed(v) for v in value]
    return value


def phrase(text: str | Promise, **params: Any) -> Message:
    """A message whose code is its own catalogue phrase (mark the literal with gettext_noop)."""
    return Message(PHRASE, {"text": source_text(text), **{k: _typed(v) for k, v in params.items()}})


@cache
def _choices_class(path: str) -> type[models.Choices] | None:
    from django.utils.module_loading import import_string

    try:
        cls = import_string(path)
    except ImportError:
        return None
    return cls if isinstance(cls, type) and issubclass(cls, models.Choices) else None


def _typed_text(value: Any, html: bool) -> str:
    """One typed phrase parameter, in the reader's language."""
    escape: Callable[[str], str] = conditional_escape if html else str
    if isinstance(value, list):
        return list_separator().join(_typed_text(v, html) for v in value)
    if isinstance(value, Mapping):
        if "code" in value:
            return message_text(value["code"], value.get("params", {}), html=html)
        if "choice" in value:
            cls = _choices_class(str(value["choice"]))
            return escape(_label(cls, value.get("value")) if cls else str(value.get("value")))
        if "money" in value:
            return escape(money(value["money"]))
        if "plural" in value:
            singular, plural = value["plural"]
            n = int(value.get("n", 0))
            return escape(npgettext("count", singular, plural, n) % {"n": formats.localize(n)})
        if "msgid" in value:
            return catalogue(value["msgid"], html=html)
        if "datetime" in value:
            return escape(local_datetime(value["datetime"]))
        if "date" in value:
            return escape(local_date(value["date"]))
        if "number" in value:
            return escape(formats.localize(Decimal(str(value["number"]))))
    if isinstance(value, int | float) and not isinstance(value, bool):
        return escape(formats.localize(value))
    return foreign(value, html=html)


def _phrase_text(params: Mapping[str, Any], html: bool) -> str:
    source = str(params.get("text", ""))
    values = {k: _typed_text(v, html) for k, v in params.items() if k != "text"}
    pattern = gettext(source)
    if not values:
        return foreign(pattern, html=html)
    if html:
        pattern, source = str(conditional_escape(pattern)), str(conditional_escape(source))
    try:
        return pattern % values
    except (KeyError, TypeError, ValueError):  # a catalogue entry that lost a field
        return source % values
