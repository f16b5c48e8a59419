from django.core.management.base import BaseCommand, CommandError

from jiefen.audit.selectors import audit_chain_verify


class Command(BaseCommand):
    help = "Check the audit trail's hash chain; exits non-zero and lists each entry that was altered or removed."

    def handle(self, *args, **options):
        problems = audit_chain_verify()
        if problems:
            for p in problems:
                self.stdout.write(
                    f"entry {p.entry_id if p.entry_id is not None else '-'}: {p.reason}"
                )
            raise CommandError(f"audit chain broken: {len(problems)} problem(s)")
        self.stdout.write("audit chain intact")
