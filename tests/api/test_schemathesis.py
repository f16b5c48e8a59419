"""Property-based run of the whole API from its OpenAPI schema: whatever the input, no answer is
a server error, and every answer the schema documents matches its documented body (schemathesis's
response-schema conformance check). Bounded (a few examples per operation) so that it fits in CI."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.specs.openapi.checks import response_schema_conformance

from jiefen.accounts.choices import DepartmentKind, Role

pytestmark = pytest.mark.django_db
MAX_EXAMPLES = 5


@pytest.fixture
def token(make_staff):
    user = make_staff(
        Role.ADMINISTRATOR, department_kind=DepartmentKind.GOVERNANCE_SECTION, is_superuser=True
    )
    return Token.objects.create(user=user).key


@pytest.fixture
def keep_test_connection():
    """Requests through raw WSGI would close the database connection when they finish, as in
    production; the test's transaction lives on that connection, so keep it open (as Django's
    test client does)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_no_generated_request_makes_the_api_fail_or_answer_outside_its_schema(
    token, keep_test_connection
):
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
    headers = {"Authorization": f"Token {token}"}
    failures: list[str] = []
    # Revoking the run's own token would leave every later operation a 401 (tested apart).
    operations = [
        op
        for op in (result.ok() for result in schema.get_all_operations())
        if (op.method.upper(), op.path) != ("DELETE", "/api/v1/auth/token/")
    ]
    assert len(operations) > 20

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def call(case):
            response = case.call(headers=headers)
            if response.status_code >= 500:
                failures.append(
                    f"{case.operation.label} -> {response.status_code}: {case.as_curl_command()[:300]}"
                )
                return
            try:
                case.validate_response(response, checks=[response_schema_conformance])
            except (AssertionError, BaseExceptionGroup) as e:  # the body is not what it says
                failures.append(f"{case.operation.label} -> {response.status_code}: {e}"[:600])

        call()

    assert failures == [], "\n\n".join(failures)
