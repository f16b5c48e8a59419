import pytest

from jiefen.accounts.choices import Role, ScopeLevel

pytestmark = pytest.mark.django_db


def test_grid_page_lists_villages_and_their_mediators(client, clerk, make_staff):
    from jiefen.geo.models import Village

    village = Village.objects.get(code="330106010002")
    mediator = make_staff(
        Role.MEDIATOR,
        scope_level=ScopeLevel.VILLAGE,
        scope_code=village.code,
        full_name="测试调解员",
    )
    village.mediators.add(mediator)
    client.force_login(clerk)

    html = client.get("/grid/").content.decode()

    assert village.name in html and "测试调解员" in html


def test_village_scoped_user_sees_only_their_village_on_the_grid_page(client, make_staff):
    user = make_staff(Role.MEDIATOR, scope_level=ScopeLevel.VILLAGE, scope_code="330106010002")
    client.force_login(user)
    html = client.get("/grid/").content.decode()
    assert "330106010002" in html
    assert "330106010003" not in html
