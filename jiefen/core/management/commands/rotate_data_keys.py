"""Re-encrypt personal data under the newest key of JIEFEN_DATA_KEYS.

Key rotation, step by step (README, "Personal data and keys"):
1. generate a key: `python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"`;
2. put it FIRST in JIEFEN_DATA_KEYS, keep the old key after it, restart: new data uses the new key,
   old data still decrypts with the old one;
3. run `jiefen rotate_data_keys`: every encrypted value is rewritten under the new key;
4. remove the old key from JIEFEN_DATA_KEYS and restart.
With `--rehash`, the lookup hashes are recomputed too (after changing JIEFEN_LOOKUP_KEY).

Every model field named `<x>_cipher` is encrypted data; a `<x>_hash` beside it is its lookup hash."""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from jiefen.core import crypto

BATCH = 500


def encrypted_models():
    for model in apps.get_models():
        ciphers = [f.name for f in model._meta.fields if f.name.endswith("_cipher")]
        if ciphers:
            names = {f.name for f in model._meta.fields}
            yield model, [(c, c.removesuffix("_cipher") + "_hash") for c in ciphers], names


class Command(BaseCommand):
    help = "Re-encrypt every encrypted value under the newest data key (and optionally recompute lookup hashes)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--rehash",
            action="store_true",
            help="recompute lookup hashes with the current lookup key",
        )

    def handle(self, *args, rehash: bool, **options):
        for model, pairs, names in encrypted_models():
            updated = 0
            last = 0
            while True:
                rows = list(model.objects.filter(pk__gt=last).order_by("pk")[:BATCH])
                if not rows:
                    break
                fields = set()
                for row in rows:
                    for cipher, hash_field in pairs:
                        token = getattr(row, cipher)
                        if not token:
                            continue
                        setattr(row, cipher, crypto.rotate(token))
                        fields.add(cipher)
                        if rehash and hash_field in names:
                            setattr(
                                row,
                                hash_field,
                                crypto.lookup_hash(crypto.decrypt(getattr(row, cipher))),
                            )
                            fields.add(hash_field)
                if fields:
                    with transaction.atomic():
                        model.objects.bulk_update(rows, sorted(fields))
                updated += len(rows)
                last = rows[-1].pk
            self.stdout.write(f"{model._meta.label}: {updated} rows re-encrypted")
