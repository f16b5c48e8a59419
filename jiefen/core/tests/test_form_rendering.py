"""Form errors are linked to their fields: every id a control's aria-describedby names exists on
the page, and the error summary at the top links to each field in error."""

from __future__ import annotations

import re

import pytest
from django import forms

pytestmark = pytest.mark.django_db


def dangling_descriptions(html: str) -> set[str]:
    """Ids named by aria-describedby that no element on the page carries."""
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    named = {t for v in re.findall(r'aria-describedby="([^"]*)"', html) for t in v.split()}
    return named - ids


def summary_links(html: str) -> list[str]:
    match = re.search(r"<div[^>]*data-jf-error-summary.*?</div>", html, re.S)
    assert match, "no error summary"
    return re.findall(r'href="#([^"]+)"', match.group(0))


class Sample(forms.Form):
    name = forms.CharField(label="姓名", help_text="与身份证一致")
    agree = forms.BooleanField(label="同意")


def test_a_form_rendered_whole_links_its_errors_and_help_to_its_fields():
    html = str(Sample(data={}))

    assert dangling_descriptions(html) == set()
    assert 'id="id_name_error"' in html and 'id="id_name_helptext"' in html
    assert summary_links(html) == ["id_name", "id_agree"]
