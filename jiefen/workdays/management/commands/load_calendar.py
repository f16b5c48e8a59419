import json

from django.core.management.base import BaseCommand, CommandError

from jiefen.workdays.services import CN_HOLIDAYS, calendar_load


class Command(BaseCommand):
    help = "Load the holiday schedule from a file in the format of cn_holidays.json (replaces those years)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(CN_HOLIDAYS))

    def handle(self, *args, path: str, **options):
        try:
            with open(path, encoding="utf-8") as f:
                data = json.load(f)
            years = calendar_load(data=data)
        except (OSError, ValueError, KeyError) as e:
            raise CommandError(f"{path}: {e}; nothing was loaded") from e
        self.stdout.write(f"loaded years: {', '.join(map(str, years))}")
