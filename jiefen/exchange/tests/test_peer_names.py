"""A person chooses and reads the province's platform by its name, never by its code
(`zj-province`): issue 17 item 2."""

import pytest

from jiefen.cases.tests.factories import make_case

pytestmark = pytest.mark.django_db


def test_the_case_page_offers_the_peer_by_name_with_its_code_as_the_value(client, clerk, settings):
    settings.JIEFEN_EXCHANGE_PEERS = {"zj-province": "http://127.0.0.1:9/"}
    case = make_case(actor=clerk)
    client.force_login(clerk)

    page = client.get(case.get_absolute_url()).content.decode()

    assert '<option value="zj-province">浙江省矛盾纠纷调处平台</option>' in page
    assert ">zj-province<" not in page
