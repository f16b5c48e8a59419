"""Daily: remind the mediator of every agreement item not paid by its due date (the scheduler runs
it as a task every day; this command runs it by hand)."""

from django.core.management.base import BaseCommand

from jiefen.mediation.services import agreement_overdue_sweep


class Command(BaseCommand):
    help = "Flag agreement items not paid by their due date and remind their mediators."

    def handle(self, *args, **options):
        count = agreement_overdue_sweep()
        self.stdout.write(f"reminded: {count}")
