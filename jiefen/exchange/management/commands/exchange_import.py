import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from jiefen.exchange.services import batch_import


class Command(BaseCommand):
    help = "Import a jiefen.case-batch file; all or nothing, messages already taken are skipped."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file: str, **options):
        with open(file, encoding="utf-8") as f:
            body = json.load(f)
        try:
            with transaction.atomic():
                results = batch_import(body=body)
        except ValidationError as e:
            raise CommandError(f"import refused: {e.message_dict}") from None
        new = [r.case.number for r in results if r.created]
        self.stdout.write(
            f"imported {len(new)} cases, {len(results) - len(new)} already present: "
            + ", ".join(new)
        )
