from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jiefen.audit.selectors import audit_chain_verify, audit_checkpoints_read
from jiefen.audit.services import checkpoint_file


class Command(BaseCommand):
    help = (
        "Check the audit trail's keyed hash chain and its signed checkpoints; exits non-zero and "
        "lists each entry altered or removed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--checkpoints",
            help="file of checkpoints to check against (our own file, or a syslog server's); "
            "default JIEFEN_AUDIT_CHECKPOINT_FILE",
        )

    def handle(self, *args, checkpoints: str | None, **options):
        found = audit_checkpoints_read(Path(checkpoints) if checkpoints else checkpoint_file())
        problems = audit_chain_verify(checkpoints=found)
        if found.checkpoints:
            newest = found.checkpoints[-1][1]
            self.stdout.write(
                f"checked against {len(found.checkpoints)} checkpoint(s) in {found.path}, "
                f"the newest of {newest.at} ({newest.count} entries)"
            )
        else:
            self.stderr.write(
                f"no checkpoint in {found.path}: entries removed and the chain recomputed with "
                "the key could not be detected"
            )
        if problems:
            for p in problems:
                self.stdout.write(
                    f"entry {p.entry_id if p.entry_id is not None else '-'}: {p.reason}"
                )
            raise CommandError(f"audit chain broken: {len(problems)} problem(s)")
        self.stdout.write("audit chain intact")
