import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jiefen.consultations.services import LIBRARY_FILE, answers_load


class Command(BaseCommand):
    help = "Add the answer library's entries from FILE (default: the first 40 the project ships); entries already present are kept."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(LIBRARY_FILE))

    def handle(self, *args, file: str, **options):
        try:
            data = json.loads(Path(file).read_text(encoding="utf-8"))
            added = answers_load(data=data)
        except (OSError, ValueError) as e:
            raise CommandError(str(e)) from e
        self.stdout.write(f"answers added: {added}")
