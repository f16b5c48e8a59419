from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jiefen.geo.services import GazetteerFileError, gazetteer_load


class Command(BaseCommand):
    help = (
        "Load gazetteer entries (roads, road sections, compounds, industrial parks, markets, "
        "landmarks and the villages they lie in) from CSV files; see docs/gazetteer.md. "
        "A file with any bad row loads nothing and every bad row is listed by line."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+")
        parser.add_argument("--source", default="", help="the source of rows that name none")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="also remove entries of the same source that the file no longer lists",
        )

    def handle(self, *args, paths: list[str], source: str, replace: bool, **options):
        for name in paths:
            path = Path(name)
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as e:
                raise CommandError(f"cannot read {path}: {e}") from e
            try:
                result = gazetteer_load(text=text, source=source, replace=replace)
            except GazetteerFileError as e:
                for line, reason in e.errors:
                    self.stderr.write(f"{path}:{line}: {reason}")
                raise CommandError(
                    f"{path}: {len(e.errors)} bad row(s); nothing of it was loaded"
                ) from e
            self.stdout.write(
                f"{path}: {result.created} new, {result.updated} updated, {result.removed} removed"
            )
