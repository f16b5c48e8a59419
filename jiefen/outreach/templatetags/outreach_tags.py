from django import template
from django.forms import CheckboxInput, RadioSelect, Select

register = template.Library()


@register.inclusion_tag("outreach/_field.html")
def bs(field):
    """A form field with its label and errors, dressed for Bootstrap."""
    widget = field.field.widget
    css = "form-check-input"
    if isinstance(widget, Select):
        css = "form-select form-select-sm"
    elif not isinstance(widget, CheckboxInput | RadioSelect):
        css = "form-control form-control-sm"
    if field.errors and css != "form-check-input":
        css += " is-invalid"
    widget.attrs.setdefault("class", css)
    if field.name == "kind":
        widget.attrs["data-enterprise-kind"] = ""
    return {"field": field}


@register.simple_tag
def label_of(choices, value):
    return dict(choices).get(value, value)


@register.filter
def get(mapping, key):
    return mapping.get(key, 0) if mapping else 0
