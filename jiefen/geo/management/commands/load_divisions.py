from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jiefen.geo.services import XIHU_DIVISIONS, DivisionsFileError, divisions_load


class Command(BaseCommand):
    help = (
        "Load districts' streets and villages from divisions JSON files (default: Xihu); "
        "a folder loads every .json in it (e.g. the other districts of a city)."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", default=[str(XIHU_DIVISIONS)])

    def handle(self, *args, paths: list[str], **options):
        files: list[Path] = []
        for name in paths:
            path = Path(name)
            files.extend(sorted(path.glob("*.json")) if path.is_dir() else [path])
        for path in files:
            try:
                text = path.read_text(encoding="utf-8")
            except OSError as e:
                raise CommandError(f"cannot read {path}: {e}") from e
            try:
                result = divisions_load(text=text)
            except DivisionsFileError as e:
                raise CommandError(f"{path}: {e.message}; nothing of it was loaded") from e
            self.stdout.write(
                f"{result.district.name} ({result.district.code}): "
                f"{result.streets} streets, {result.villages} villages"
            )
