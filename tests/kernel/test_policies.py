"""Every service that writes, reveals or exports declares who may call it."""

import types

import pytest

from jiefen.core.policy import (
    Forbidden,
    guarded,
    policy,
    service_modules,
    system,
    undeclared_services,
)


def test_every_service_declares_who_may_call_it():
    missing = {module.__name__: undeclared_services(module) for module in service_modules()}
    assert {name: found for name, found in missing.items() if found} == {}


def test_a_planted_unguarded_service_is_found():
    module = types.ModuleType("jiefen.planted.services")
    exec(
        "def planted_write(*, actor):\n    return 'written'\ndef _helper():\n    return None\n",
        module.__dict__,
    )

    assert undeclared_services(module) == ["planted_write"]


def test_a_declared_service_is_not_reported():
    module = types.ModuleType("jiefen.declared.services")
    exec("def sweep():\n    return 0\n", module.__dict__)
    module.sweep = system(module.sweep)

    assert undeclared_services(module) == []


def test_a_guarded_service_refuses_a_role_outside_its_policy(make_staff):
    from jiefen.accounts.choices import Role

    rule = policy("tests.planted", "种植操作", {Role.LEADER})

    @guarded(rule)
    def planted(*, actor):
        return "done"

    assert planted(actor=make_staff(Role.LEADER)) == "done"
    with pytest.raises(Forbidden, match="种植操作"):
        planted(actor=make_staff(Role.POLICE_LIAISON))


def test_a_guarded_service_refuses_no_actor_unless_its_policy_allows_it():
    rule = policy("tests.staff_only", "仅限工作人员", ())

    @guarded(rule)
    def planted(*, actor):
        return "done"

    with pytest.raises(Forbidden):
        planted(actor=None)
