import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from jiefen.core.backup import BackupError, RestoreTarget, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup archive into this (empty) installation: its database and uploaded files."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")

    def handle(self, *args, archive: str, **options):
        db = settings.DATABASES["default"]
        if db["ENGINE"].endswith("sqlite3"):
            target = RestoreTarget(
                media_root=Path(settings.MEDIA_ROOT), sqlite_path=Path(db["NAME"])
            )
        else:
            # pg_restore connects by URL: the one this installation was configured with.
            target = RestoreTarget(
                media_root=Path(settings.MEDIA_ROOT), postgres_url=os.environ["DATABASE_URL"]
            )
        try:
            manifest = backup_restore(archive=Path(archive), target=target)
        except BackupError as e:
            raise CommandError(str(e)) from e
        self.stdout.write(
            f"restored {len(manifest['files'])} files from a backup of {manifest['created_at']}"
        )
