from django.apps import apps
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Load the reference data a new installation needs: the district grid, the calendar, the bodies."

    def handle(self, *args, **options):
        # Apps that ship reference data declare its loader on their AppConfig
        # (`reference_data = "dotted.path"`, idempotent), and where it must come before others'
        # (`reference_data_order`: the grid before the bodies that serve its streets). Core
        # imports none of them. A loader returns what it added: a count, a list, or a sentence.
        configs = [c for c in apps.get_app_configs() if getattr(c, "reference_data", None)]
        configs.sort(key=lambda c: getattr(c, "reference_data_order", 100))
        for config in configs:
            added = import_string(config.reference_data)()
            if not added:
                continue
            if isinstance(added, str):
                self.stdout.write(added)
            elif isinstance(added, list | tuple):
                self.stdout.write(f"{config.label}: {', '.join(map(str, added))} loaded")
            else:
                self.stdout.write(f"{config.label}: {added} reference rows added")
