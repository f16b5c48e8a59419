"""Form helpers every app's pages share."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.renderers import DjangoTemplates


class FormRenderer(DjangoTemplates):
    """Forms rendered whole (`{{ form }}`, `{{ field.as_field_group }}`) get the shared templates:
    an error summary on top, help text and errors under the ids aria-describedby names."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


class StyledForm(forms.Form):
    """Bootstrap classes on every widget, so the templates stay plain."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select form-select-sm"
            else:
                css = "form-control form-control-sm"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
