"""Run the provincial stand-in (jiefen/exchange/standin.py) until stopped; `make run` starts it
beside `serve`, and the development settings point JIEFEN_EXCHANGE_PEERS at it.

    jiefen exchange_standin --port 8765 [--peer zj-province]
"""

from __future__ import annotations

import os
import signal
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from jiefen.exchange.standin import ProvinceStandin


class Command(BaseCommand):
    help = "Serve a stand-in of the provincial network's inbound endpoint on 127.0.0.1."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--peer", default="zj-province", help="whose secret signs messages")

    def handle(self, *args, port: int, peer: str, **options):
        secret = (settings.JIEFEN_WEBHOOK_SECRETS or {}).get(peer)
        if not secret:
            raise CommandError(f"JIEFEN_WEBHOOK_SECRETS has no secret for {peer!r}")
        try:
            standin = ProvinceStandin(secret=secret, port=port).start()
        except OSError as e:
            raise CommandError(f"cannot listen on 127.0.0.1:{port}: {e}") from None
        self.stdout.write(f"provincial stand-in for {peer} at {standin.url}")
        parent = os.getppid()
        signal.signal(signal.SIGTERM, lambda *_a: sys.exit(0))
        try:
            # Started in the background by `make run`: it stops with the shell that started it
            # (a background job ignores Ctrl-C), or on SIGTERM.
            while os.getppid() == parent:
                time.sleep(1)
        except KeyboardInterrupt:
            pass
        finally:
            standin.stop()
            self.stdout.write(f"stand-in stopped: {len(standin.accepted)} messages accepted")
