import time

from django.core.management.base import BaseCommand

from jiefen.exchange.services import exchange_sweep, outbox_deliver_due


class Command(BaseCommand):
    help = "Sweep state changes of exchanged cases into the outbox and deliver what is due."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="keep running, every --every s")
        parser.add_argument("--every", type=int, default=30)

    def handle(self, *args, loop: bool, every: int, **options):
        while True:
            written = exchange_sweep()
            delivered, failed = outbox_deliver_due()
            self.stdout.write(f"outbox: {written} new, {delivered} delivered, {failed} failed")
            if not loop:
                return
            time.sleep(every)
