"""Form rendering every page shares: the error summary at the top of a form.

Each field's own template gives its help text the id `<auto_id>_helptext` and its errors the id
`<auto_id>_error`, the ids Django 5.2 already names in the widget's aria-describedby; the
summary lists every error with a link to its field, takes focus on load (core/app.js) and is a
live region, so a failed submit is announced and reachable from the keyboard."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.core.exceptions import NON_FIELD_ERRORS

register = template.Library()


def _first_input_id(bound: forms.BoundField) -> str:
    """The id of the element a link to the field should focus: a radio or checkbox group's
    first choice, otherwise the widget itself."""
    if bound.id_for_label:
        return bound.id_for_label
    subwidgets = bound.subwidgets if bound.auto_id else []
    if subwidgets and subwidgets[0].id_for_label:
        return subwidgets[0].id_for_label
    return bound.auto_id or ""


@register.inclusion_tag("core/forms/error_summary.html")
def error_summary(*forms_: forms.BaseForm | None, testid: str = "form-errors") -> dict[str, Any]:
    """The errors of one or more forms: non-field errors first, then each field's in form order."""
    general: list[str] = []
    fields: list[dict[str, Any]] = []
    for form in forms_:
        if form is None or not form.is_bound or not form.errors:
            continue
        general += [str(e) for e in form.non_field_errors()]
        for bound in form:
            if bound.errors and not bound.is_hidden:
                fields.append(
                    {
                        "id": _first_input_id(bound),
                        "label": bound.label,
                        "errors": [str(e) for e in bound.errors],
                    }
                )
        for name in form.errors:  # errors a view added for an input outside the form (files)
            if name != NON_FIELD_ERRORS and name not in form.fields:
                fields.append(
                    {"id": f"id_{name}", "label": "", "errors": [str(e) for e in form.errors[name]]}
                )
    count = len(general) + len(fields)
    return {"general": general, "fields": fields, "count": count, "testid": testid}
