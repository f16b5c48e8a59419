import json

from django.core.management.base import BaseCommand

from jiefen.cases.models import Case
from jiefen.exchange.services import batch_export


class Command(BaseCommand):
    help = "Export cases as a jiefen.case-batch file (format version 1)."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="file to write ('-' for stdout)")
        parser.add_argument("--number", action="append", default=[], help="case number (repeat)")
        parser.add_argument("--exchanged", action="store_true", help="only exchanged cases")

    def handle(self, *args, out: str, number: list[str], exchanged: bool, **options):
        cases = Case.objects.all()
        if number:
            cases = cases.filter(number__in=number)
        if exchanged:
            cases = cases.filter(exchange_link__isnull=False)
        body = batch_export(cases=cases)
        text = json.dumps(body, ensure_ascii=False, indent=1)
        if out == "-":
            self.stdout.write(text)
        else:
            with open(out, "w", encoding="utf-8") as f:
                f.write(text)
            self.stdout.write(f"exported {len(body['messages'])} cases to {out}")
