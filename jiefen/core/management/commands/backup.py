from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from jiefen.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database and the uploaded files of a running installation into one archive."

    def add_arguments(self, parser):
        parser.add_argument("--out", default=str(Path(settings.VAR_DIR) / "backups"))

    def handle(self, *args, out: str, **options):
        try:
            archive = backup_create(out_dir=Path(out))
        except BackupError as e:
            raise CommandError(str(e)) from e
        self.stdout.write(f"backup written: {archive}")
