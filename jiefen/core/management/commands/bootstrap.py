from django.apps import apps
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

from jiefen.accounts.services import departments_ensure
from jiefen.geo.models import District
from jiefen.geo.services import XIHU_DIVISIONS, divisions_load
from jiefen.workdays.services import calendar_load_default


class Command(BaseCommand):
    help = "Load the reference data a new installation needs: the district grid, the calendar, the bodies."

    def handle(self, *args, **options):
        if not District.objects.exists():
            result = divisions_load(text=XIHU_DIVISIONS.read_text(encoding="utf-8"))
            self.stdout.write(
                f"district {result.district.name}: {result.streets} streets, {result.villages} villages"
            )
        years = calendar_load_default()
        if years:
            self.stdout.write(f"calendar years loaded: {', '.join(map(str, years))}")
        created = departments_ensure()
        if created:
            self.stdout.write(f"departments created: {created}")
        # Apps that ship reference data declare its loader on their AppConfig
        # (`reference_data = "dotted.path"`, idempotent, returning how many rows it added).
        for config in apps.get_app_configs():
            loader = getattr(config, "reference_data", None)
            if loader:
                added = import_string(loader)()
                if added:
                    self.stdout.write(f"{config.label}: {added} reference rows added")
