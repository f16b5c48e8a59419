"""Fill the installation with the demo district as it would look after a year of use.

Each app that has demo data keeps it in its own `demo.py` with `ORDER` and `seed(out)`; this
command runs them in order. Every seed checks what exists first, so running it again adds nothing."""

import importlib
import random

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from jiefen.core.demo_progress import demo_progress_clear, demo_progress_write
from jiefen.core.senders import senders_suppressed


def demo_modules():
    modules = []
    for config in apps.get_app_configs():
        if not config.name.startswith("jiefen.") or config.name == "jiefen.core":
            continue
        try:
            modules.append(importlib.import_module(f"{config.name}.demo"))
        except ModuleNotFoundError as e:
            if e.name != f"{config.name}.demo":
                raise
    return sorted(modules, key=lambda m: m.ORDER)


class Command(BaseCommand):
    help = "Load the demo district (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026, help="random seed for the demo data")
        parser.add_argument(
            "--progress",
            action="store_true",
            help="write each step to var/demo-progress.json (the login page shows it)",
        )
        parser.add_argument(
            "--city",
            action="store_true",
            help="then load all of Hangzhou's districts, a city leader (city_leader) and a second "
            "district (上城区) with its staff and cases: the city view",
        )

    def handle(self, *args, seed: int, progress: bool, city: bool = False, **options):
        modules = demo_modules()
        report = demo_progress_write if progress else (lambda **kwargs: None)
        rng = random.Random(seed)
        try:
            report(step=0, steps=len(modules) + 1, name=str(_("基础数据")))
            call_command("bootstrap", stdout=self.stdout._out)
            # A year of demo history must not send a year of SMS to the console.
            with senders_suppressed():
                for step, module in enumerate(modules, start=1):
                    app = apps.get_containing_app_config(module.__name__)
                    name = str(app.verbose_name) if app else module.__name__
                    report(step=step, steps=len(modules) + 1, name=name)
                    with transaction.atomic():
                        module.seed(out=self.stdout, rng=rng)
                # The city view: the demo modules that add to it (jiefen/geo/demo.py's).
                for module in modules if city else []:
                    if hasattr(module, "seed_city"):
                        with transaction.atomic():
                            module.seed_city(out=self.stdout, rng=rng)
        finally:
            if progress:
                demo_progress_clear()
