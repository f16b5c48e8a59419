"""Write a month's report as xlsx and docx files: `monthly_report --month 2026-10 --out var/reports/`."""

from pathlib import Path
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from jiefen.accounts.choices import ScopeLevel
from jiefen.accounts.models import User
from jiefen.reports.exports import report_docx, report_xlsx
from jiefen.reports.selectors import Period, monthly_report

# The whole district, for a report that no one person's scope narrows.
DISTRICT = SimpleNamespace(is_superuser=True, scope_level=ScopeLevel.DISTRICT, scope_code="")


class Command(BaseCommand):
    help = (
        "Write the monthly report (xlsx and docx) of a month, for the district or a user's scope."
    )

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--out", default="var/reports/", help="directory for the files")
        parser.add_argument("--street", default="", help="9-digit street code")
        parser.add_argument("--user", default="", help="username whose scope the report covers")

    def handle(self, *args, month: str, out: str, street: str, user: str, **options):
        try:
            period = Period.parse_month(month)
        except ValidationError as exc:
            raise CommandError(exc.message_dict["period"][0]) from exc
        reader = DISTRICT
        if user:
            reader = User.objects.filter(username=user, is_active=True).first()
            if reader is None:
                raise CommandError(f"no active user {user}")
        report = monthly_report(
            user=reader,
            period=period,
            street=street,
            progress=lambda percent, message: self.stdout.write(f"{percent:3d}% {message}"),
        )
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        stem = f"monthly-report-{month}{'-' + street if street else ''}"
        for suffix, build in (("xlsx", report_xlsx), ("docx", report_docx)):
            path = folder / f"{stem}.{suffix}"
            path.write_bytes(build(report))
            self.stdout.write(f"wrote {path}")
