"""GeoReport v2 on the wire: JSON and XML of the same documents, and the error list.

The XML is schemaless and without a namespace, as the specification asks; JSON follows from it
(the "Spark convention"): a list of <request> elements is a JSON array, an empty element is
null, true/false are booleans. Both are UTF-8."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any
from xml.etree import ElementTree as ET

from django.http import HttpResponse
from django.utils import timezone

FORMATS = ("json", "xml")
CONTENT_TYPES = {
    "json": "application/json; charset=utf-8",
    "xml": "text/xml; charset=utf-8",
}
# A list under this key is wrapped in it, one child element of the given name per item.
ITEM_TAGS = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
}


def w3(moment: dt.datetime | None) -> str | None:
    """A moment in the W3C profile of ISO 8601 with the centre's offset: 2026-12-07T09:30:00+08:00."""
    if moment is None:
        return None
    return timezone.localtime(moment).replace(microsecond=0).isoformat()


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _fill(element: ET.Element, value: Any) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            _fill(ET.SubElement(element, key), child)
    elif isinstance(value, (list, tuple)):
        tag = ITEM_TAGS[element.tag]
        for item in value:
            _fill(ET.SubElement(element, tag), item)
    else:
        text = _text(value)
        if text is not None:
            element.text = text


def to_xml(root: str, value: Any) -> bytes:
    """`value` (a list, for the list documents) as the document `<root>`."""
    element = ET.Element(root)
    _fill(element, value)
    body = ET.tostring(element, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body).encode("utf-8")


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"not JSON: {type(value).__name__}")


def respond(fmt: str, root: str, value: Any, *, status: int = 200) -> HttpResponse:
    if fmt == "xml":
        body = to_xml(root, value)
    else:
        body = json.dumps(value, ensure_ascii=False, default=_json_default).encode()
    return HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])


def errors(fmt: str, status: int, found: list[tuple[int | str, str]]) -> HttpResponse:
    """The specification's error document: a list of {code, description}."""
    return respond(
        fmt,
        "errors",
        [{"code": code, "description": str(description)} for code, description in found],
        status=status,
    )
