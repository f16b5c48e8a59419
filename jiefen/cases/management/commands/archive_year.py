"""jiefen archive_year 2015 [--out DIR] [--purge]: archive the cases closed in a year; with
--purge, then delete from the database those whose retention period has passed."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from jiefen.cases.services.archive import ArchiveError, closed_year_archive, closed_year_purge


class Command(BaseCommand):
    help = "Archive the cases closed in YEAR; --purge also destroys those past their retention."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--out", default=str(Path(settings.VAR_DIR) / "archive"))
        parser.add_argument("--purge", action="store_true")

    def handle(self, *args, year: int, out: str, purge: bool, **options):
        if not 1990 <= year <= 2100:
            raise CommandError(f"年份 {year} 不在 1990–2100 之间。")
        archive = closed_year_archive(year=year, out_dir=Path(out))
        self.stdout.write(f"archived {archive.cases} cases closed in {year}: {archive.path}")
        if not purge:
            return
        try:
            result = closed_year_purge(archive=archive.path)
        except ArchiveError as e:
            raise CommandError(str(e)) from e
        self.stdout.write(
            f"destroyed {len(result.destroyed)}; kept {len(result.within_retention)} still "
            f"within retention, {len(result.held)} still referred to by other records"
        )
