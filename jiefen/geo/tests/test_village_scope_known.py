"""A village found with whether it lies in the person's scope, remembered for the request."""

import pytest

from conftest import SANDUN, ZHUANTANG
from jiefen.accounts.choices import Role, ScopeLevel
from jiefen.geo.models import Village
from jiefen.geo.selectors import village_get_with_scope, village_in_scope_known

pytestmark = pytest.mark.django_db


@pytest.fixture
def street_clerk(make_staff):
    return make_staff(Role.RECEPTION_CLERK, scope_level=ScopeLevel.STREET, scope_code=ZHUANTANG)


def test_a_village_in_the_persons_scope_is_known_in_scope(street_clerk):
    code = Village.objects.filter(street__code=ZHUANTANG).values_list("code", flat=True)[0]
    village = village_get_with_scope(user=street_clerk, code=code)
    assert village_in_scope_known(user=street_clerk, village=village)


def test_a_village_outside_the_persons_scope_is_not_known_in_scope(street_clerk):
    code = Village.objects.filter(street__code=SANDUN).values_list("code", flat=True)[0]
    village = village_get_with_scope(user=street_clerk, code=code)
    assert village is not None
    assert not village_in_scope_known(user=street_clerk, village=village)


def test_what_one_person_was_found_to_see_says_nothing_for_another(street_clerk, make_staff):
    other = make_staff(Role.RECEPTION_CLERK, scope_level=ScopeLevel.STREET, scope_code=SANDUN)
    code = Village.objects.filter(street__code=ZHUANTANG).values_list("code", flat=True)[0]
    village = village_get_with_scope(user=street_clerk, code=code)
    assert not village_in_scope_known(user=other, village=village)
