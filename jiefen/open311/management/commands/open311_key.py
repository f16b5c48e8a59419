from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from jiefen.open311.choices import ClientScope
from jiefen.open311.models import Client
from jiefen.open311.services import open311_client_issue, open311_client_revoke


class Command(BaseCommand):
    help = (
        "Issue an Open311 client key (printed once, kept only hashed), or revoke one. "
        "Example: jiefen open311_key issue '杭州城市大脑APP' --scope own"
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["issue", "revoke"])
        parser.add_argument("name", help="the client's name")
        parser.add_argument("--scope", choices=ClientScope.values, default=ClientScope.OWN)
        parser.add_argument("--read-only", action="store_true", help="may not file requests")
        parser.add_argument("--batch", action="store_true", help="POST answers with a token")
        parser.add_argument("--per-minute", type=int, default=60)
        parser.add_argument("--per-day", type=int, default=5000)
        parser.add_argument("--contact", default="")

    def handle(self, *args, action: str, name: str, **o):
        if action == "revoke":
            client = Client.objects.filter(name=name).first()
            if client is None:
                raise CommandError(f"no Open311 client named {name!r}")
            open311_client_revoke(actor=None, client=client)
            self.stdout.write(f"revoked the key of {client.name}")
            return
        try:
            client, key = open311_client_issue(
                actor=None,
                name=name,
                scope=o["scope"],
                can_file=not o["read_only"],
                batch=o["batch"],
                per_minute=o["per_minute"],
                per_day=o["per_day"],
                contact=o["contact"],
            )
        except ValidationError as e:
            raise CommandError("; ".join(e.messages)) from None
        self.stdout.write(f"client: {client.name} (scope {client.scope})")
        self.stdout.write(f"api_key: {key}")
        self.stdout.write("The key is shown this once; only its hash is kept.")
