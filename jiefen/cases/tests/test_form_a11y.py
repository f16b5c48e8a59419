"""The intake form's errors are linked to their fields by id, and summarised at the top."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jiefen.core.tests.test_form_rendering import dangling_descriptions, summary_links

pytestmark = pytest.mark.django_db


def test_the_intake_form_with_errors_names_only_ids_that_exist(client, clerk):
    client.force_login(clerk)

    html = client.post(reverse("cases:intake"), {"summary": ""}).content.decode()

    assert dangling_descriptions(html) == set()
    assert summary_links(html)
