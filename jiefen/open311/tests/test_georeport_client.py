"""A real GeoReport v2 client library against the door, over HTTP on the loopback.

`georeport` 0.3.1 (PyPI, 2025) is the one Open311 client that runs on Python 3.11; it reads
services, service definitions and requests, but files nothing and sends no api_key. So it
proves discovery in JSON and XML, and that its unkeyed reads of requests are refused; filing
and following a request are played against the specification in test_round_trip.py."""

from __future__ import annotations

import georeport
import pytest

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def city(live_server):
    def make(fmt: str):
        return georeport.GeoReport(
            f"{live_server.url}/open311/v2",
            jurisdiction="xihu.hangzhou.gov.cn",
            output_format=fmt,
        )

    return make


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_the_georeport_library_lists_the_services_and_reads_a_definition(city, fmt):
    client = city(fmt)

    services = client.get_service_list()
    definition = client.get_service_definition("wage_arrears")

    assert [s["service_code"] for s in services][:2] == ["wage_arrears", "labor_contract"]
    assert services[0]["service_name"] == "拖欠工资"
    assert definition["service_code"] == "wage_arrears"
    attributes = definition["attributes"]
    if fmt == "xml":  # xmltodict keeps the element level: attributes → attribute
        attributes = attributes["attribute"]
    codes = [a["code"] for a in attributes]
    assert "employer_name" in codes and "claim_item" in codes


def test_the_georeport_librarys_unkeyed_read_of_requests_is_refused_403(city):
    # requests' HTTPError, an OSError, carrying the response.
    with pytest.raises(OSError, match="403") as refused:
        city("json").get_service_requests(status="open")

    assert refused.value.response.status_code == 403
    assert refused.value.response.json()[0]["code"] == 403
