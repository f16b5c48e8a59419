"""Property-based run of the whole API from its OpenAPI schema: whatever the input, no answer is
a server error. Bounded (a few examples per operation) so that it fits in CI."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error

from jiefen.accounts.choices import DepartmentKind, Role

MAX_EXAMPLES = 6


@pytest.fixture
def api_schema(db):
    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture
def token(make_staff):
    user = make_staff(Role.ADMINISTRATOR, department_kind=DepartmentKind.GOVERNANCE_SECTION, is_superuser=True)
    return Token.objects.create(user=user).key


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
def test_no_input_makes_the_api_fail(case, token):
    response = case.call(headers={"Authorization": f"Token {token}"})
    case.validate_response(response, checks=[not_a_server_error])
