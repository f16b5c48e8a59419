"""The village picker: a searchable text box in place of the 222-entry dropdown.

Progressive enhancement: with the script (static/geo/village-picker.js) it is an ARIA 1.2
combobox over a JSON endpoint (name, pinyin initials, street, a road or place of the village's
gazetteer); without it the text box is matched on submit (jiefen.geo.gazetteer.village_resolve),
and an ambiguous text comes back with the candidates to choose from."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiefen.geo.gazetteer import Candidate, normalize, village_resolve
from jiefen.geo.models import Village

MAX_CHOICES = 8


def village_label(village: Village) -> str:
    """The official name as the picker shows and confirms it."""
    return f"{village.street.name} · {village.name}"


class VillagePicker(forms.Widget):
    """A text box (`<name>_q`) with the chosen village's id in `<name>`."""

    template_name = "geo/widgets/village_picker.html"

    def __init__(self, attrs=None, *, search_url: str = "geo:village_search") -> None:
        super().__init__(attrs)
        self.search_url = search_url
        self.candidates: list[Candidate] = []
        self.choices: Any = ()  # ModelChoiceField sets these; the picker never lists them all

    def value_from_datadict(self, data, files, name) -> tuple[str, str, str]:
        """(the chosen id, the text in the box, the text the candidates were offered for)."""
        return tuple(  # type: ignore[return-value]
            str(data.get(key) or "").strip() for key in (name, f"{name}_q", f"{name}_asked")
        )

    def value_omitted_from_data(self, data, files, name) -> bool:
        return name not in data and f"{name}_q" not in data

    def get_context(self, name, value, attrs) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        pk, text = value[:2] if isinstance(value, tuple) else (value, "")
        if isinstance(pk, Village):
            pk = pk.pk
        chosen = None
        if pk and not self.candidates:
            chosen = Village.objects.select_related("street").filter(pk=pk).first()
        if chosen is not None and not text:
            text = village_label(chosen)
        widget = context["widget"]
        widget.update(
            {
                "pk": chosen.pk if chosen else "",
                "text": text,
                "chosen": village_label(chosen) if chosen else "",
                "source": reverse(self.search_url),
                "candidates": self.candidates,
                "text_name": f"{name}_q",
                "asked_name": f"{name}_asked",
            }
        )
        return context


class VillageField(forms.ModelChoiceField):
    """A village from `queryset`, picked by typing; the value is the Village, as before."""

    widget = VillagePicker
    default_error_messages = {
        "invalid_choice": gettext_lazy("所选村/社区不在可选范围内，请重新选择。"),
        "not_found": gettext_lazy(
            "没有找到“%(text)s”对应的村/社区，请输入村/社区名称、拼音首字母、街道或附近的路名、小区名。"
        ),
        "confirm": gettext_lazy("“%(text)s”可能是以下几个村/社区之一，请确认："),
    }

    def __init__(self, *, queryset=None, search_url: str = "geo:village_search", **kwargs):
        kwargs.setdefault("widget", VillagePicker(search_url=search_url))
        super().__init__(queryset=queryset, **kwargs)

    def label_from_instance(self, obj) -> str:
        return village_label(obj)

    def to_python(self, value):
        pk, text, asked = value if isinstance(value, tuple) else (value, "", "")
        self.widget.candidates = []
        if not pk and not text:
            return None
        queryset = self.queryset.select_related("street")
        if pk:
            village = queryset.filter(pk=pk).first() if str(pk).isdigit() else None
            if village is None:
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
            # The box still shows what was chosen, was left empty, or still holds the text the
            # candidates were offered for (one was ticked): the id stands.
            if not text or normalize(text) in (
                normalize(village_label(village)),
                normalize(village.name),
                normalize(asked),
            ):
                return village
        ids = set(queryset.values_list("pk", flat=True))
        result = village_resolve(text, village_ids=ids)
        if result.village is not None and result.village.pk in ids:
            return result.village
        if not result.candidates:
            raise ValidationError(
                self.error_messages["not_found"], code="not_found", params={"text": text}
            )
        self.widget.candidates = result.candidates[:MAX_CHOICES]
        message = self.error_messages["confirm"]
        if result.conflict:
            message = f"{result.conflict}。{message}"
        raise ValidationError(message, code="confirm", params={"text": text})

    def has_changed(self, initial, data) -> bool:
        pk = data[0] if isinstance(data, tuple) else data
        initial_pk = initial.pk if isinstance(initial, Village) else initial
        return str(initial_pk or "") != str(pk or "")


def candidates_json(candidates: list[Candidate], *, with_reason: bool) -> list[dict[str, Any]]:
    """The picker's options: the id and the official name (and, for staff, why it was found)."""
    return [
        {"id": c.village_id, "label": c.label, **({"reason": c.reason} if with_reason else {})}
        for c in candidates
    ]


def search_hint() -> str:
    return _("可输入村/社区名称、拼音首字母（如 ztsq）、街道，或附近的路名、小区名、地标。")
