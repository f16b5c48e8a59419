from django.core.management.base import BaseCommand, CommandError

from jiefen.geo.services import XIHU_DIVISIONS, DivisionsFileError, divisions_load


class Command(BaseCommand):
    help = "Load a district's streets and villages from a divisions JSON file (default: Xihu)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(XIHU_DIVISIONS))

    def handle(self, *args, path: str, **options):
        try:
            with open(path, encoding="utf-8") as f:
                text = f.read()
        except OSError as e:
            raise CommandError(f"cannot read {path}: {e}") from e
        try:
            result = divisions_load(text=text)
        except DivisionsFileError as e:
            raise CommandError(f"{path}: {e.message}; nothing was loaded") from e
        self.stdout.write(
            f"{result.district.name} ({result.district.code}): "
            f"{result.streets} streets, {result.villages} villages"
        )
