"""Opening a page in a walk over many routes."""

from __future__ import annotations


def answers_html(context, url: str) -> bool:
    """Whether `url` answers a GET with a 200 HTML page, asked with the context's cookies outside
    its tabs. A walk opens only such pages: a route that answers a GET with no body (405 on a
    POST-only route) puts Chromium's error page in the tab, and a `goto` soon after one has been
    seen to wait for good, the driver pairing each later navigation with the one before it and
    never answering the last (the axe walk's hangs, issue 22)."""
    answer = context.request.get(url, max_redirects=0, fail_on_status_code=False)
    try:
        return answer.status == 200 and "text/html" in answer.headers.get("content-type", "")
    finally:
        answer.dispose()
