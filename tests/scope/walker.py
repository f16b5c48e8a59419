"""Walk every URL the project routes and report any response that shows a marker it must not.

The walk discovers URLs from the URL resolver itself, so a page or API added later is walked
without anyone listing it. Path parameters are filled from small vocabularies: integers with
object ids, strings with the words the project's routes use."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

INT_VALUES = ["1", "2", "40"]
STR_VALUES = ["worker", "employer", "id_number", "phone", "xlsx", "docx", "print", "pdf", "1"]
SKIP_PREFIXES = ("/admin/", "/static/", "/i18n/", "/api/schema/", "/api/docs/", "/accounts/logout/")
PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")
QUERY_VARIANTS = ["", "?export=xlsx", "?q=XH"]


@dataclass(frozen=True)
class Leak:
    url: str
    marker: str
    status: int


def _routes(resolver: URLResolver, prefix: str = "") -> list[str]:
    routes = []
    for pattern in resolver.url_patterns:
        route = str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            routes += _routes(pattern, prefix + route)
        elif isinstance(pattern, URLPattern):
            routes.append(prefix + route)
    return routes


def _expand(route: str) -> list[str]:
    route = route.lstrip("^").rstrip("$").replace("\\Z", "").replace("\\", "")
    params = list(PARAM.finditer(route))
    if not params:
        return ["/" + route]
    urls = []
    values = {
        m.group("name"): INT_VALUES if m.group("conv") == "int" else STR_VALUES for m in params
    }
    # Vary one parameter at a time over its vocabulary, the others fixed at their first value.
    for varying in values:
        for value in values[varying]:
            url = route
            for m in params:
                url = url.replace(
                    m.group(0),
                    value if m.group("name") == varying else values[m.group("name")][0],
                    1,
                )
            urls.append("/" + url)
    return sorted(set(urls))


def discover_routes(*, with_parameters: bool = True) -> list[str]:
    """One URL per route: every parameter at the first value of its vocabulary (or, without
    parameters, only the routes that take none: the lists, boards and forms)."""
    urls = []
    for route in _routes(get_resolver()):
        if "(?P<" in route or "(?:" in route:
            continue
        route = route.lstrip("^").rstrip("$").replace("\\Z", "").replace("\\", "")
        if not with_parameters and PARAM.search(route):
            continue
        url = "/" + PARAM.sub(
            lambda m: INT_VALUES[0] if m.group("conv") == "int" else STR_VALUES[0], route
        )
        if not url.startswith(SKIP_PREFIXES):
            urls.append(url)
    return sorted(set(urls))


def discover_urls() -> list[str]:
    urls = []
    for route in _routes(get_resolver()):
        if "(?P<" in route or "(?:" in route:  # regex routes: the admin, static files
            continue
        for url in _expand(route):
            if not url.startswith(SKIP_PREFIXES):
                urls.append(url)
    return sorted(set(urls))


def _text(response) -> str:
    content = (
        b"".join(response.streaming_content)
        if getattr(response, "streaming", False)
        else response.content
    )
    kind = response.get("Content-Type", "")
    if "openxmlformats" in kind or content[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as z:
                return " ".join(
                    z.read(n).decode("utf-8", "ignore") for n in z.namelist() if n.endswith(".xml")
                )
        except zipfile.BadZipFile:
            pass
    return content.decode("utf-8", "ignore")


def walk(
    client, markers: list[str], urls: list[str] | None = None
) -> tuple[list[Leak], list[tuple[str, int]]]:
    """GET every URL (and its list variants) as `client`; return leaks and server errors."""
    leaks: list[Leak] = []
    errors: list[tuple[str, int]] = []
    for url in urls or discover_urls():
        for variant in QUERY_VARIANTS if "<" not in url else [""]:
            response = client.get(url + variant)
            if response.status_code >= 500:
                errors.append((url + variant, response.status_code))
                continue
            if response.status_code != 200:
                continue
            body = _text(response)
            leaks += [Leak(url + variant, m, response.status_code) for m in markers if m in body]
    return leaks, errors
