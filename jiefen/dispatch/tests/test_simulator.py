"""The simulator against a live server over HTTP: incidents in, units' reports back, no error."""

import io

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token

from jiefen.dispatch.choices import OrderStatus
from jiefen.dispatch.management.commands.simulate_110 import parse_rate
from jiefen.dispatch.models import DispatchOrder, Incident


def test_rates_are_read_per_second_minute_or_hour():
    assert parse_rate("6/min") == 0.1
    assert parse_rate("2/s") == 2
    assert parse_rate("36/h") == 0.01


@pytest.mark.django_db(transaction=True)
def test_the_simulator_plays_incidents_and_arrivals_against_a_live_server(
    live_server, leader, police, inspector
):
    token = Token.objects.create(user=leader)
    out = io.StringIO()

    call_command(
        "simulate_110",
        url=live_server.url,
        rate="30/min",
        duration=8,
        secret="test-secret-110",
        token=token.key,
        time_scale=600,  # a unit's minute passes in 0.1 s
        seed=7,
        stdout=out,
    )

    summary = out.getvalue().strip().splitlines()[-1]
    assert "errors 0" in summary
    assert Incident.objects.filter(sender="police110").count() >= 2
    assert DispatchOrder.objects.filter(arrived_at__isnull=False).exists()
    assert DispatchOrder.objects.filter(status=OrderStatus.REPORTED).exists()
