"""A stand-in for the provincial network's inbound endpoint, for the demo and a local run.

It does what the real peer promises (docs/exchange/README.md): it checks the signature under the
peer's shared secret and the message against case-v1.schema.json, answers 200 and applies each
message id once. It keeps only message ids and case numbers, never a payload's personal data."""

from __future__ import annotations

import hmac
import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from jiefen.core.webhooks import SIGNATURE_HEADER, TIMESTAMP_HEADER, sign
from jiefen.exchange import format as fmt

logger = logging.getLogger("jiefen.exchange.standin")


class ProvinceStandin:
    """`with ProvinceStandin(secret=…) as province: …` serves on 127.0.0.1 in a thread;
    `province.url` is what JIEFEN_EXCHANGE_PEERS names."""

    def __init__(self, *, secret: str, host: str = "127.0.0.1", port: int = 0) -> None:
        self.secret = secret
        self.accepted: dict[str, str] = {}  # message id → case number
        self.refused = 0
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the http.server name
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(min(length, 5 * 1024 * 1024))
                status, answer = standin.receive(headers=self.headers, raw=raw)
                body = json.dumps(answer, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer((host, port), Handler)
        self.url = f"http://{host}:{self.server.server_port}/exchange/cases/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def receive(self, *, headers, raw: bytes) -> tuple[int, dict]:
        expected = sign(secret=self.secret, timestamp=headers.get(TIMESTAMP_HEADER, ""), body=raw)
        if not hmac.compare_digest(headers.get(SIGNATURE_HEADER, ""), expected):
            self.refused += 1
            return 401, {"detail": "bad signature"}
        try:
            body = json.loads(raw)
        except ValueError:
            self.refused += 1
            return 400, {"body": ["not JSON"]}
        errors = fmt.schema_errors(body)
        if errors:
            self.refused += 1
            return 400, errors
        created = body["message_id"] not in self.accepted
        self.accepted.setdefault(body["message_id"], body["case"]["number"])
        logger.info("province: %s (%s) %s", body["message_id"], body["case"]["number"], created)
        return 200, {"message_id": body["message_id"], "created": created}

    def start(self) -> ProvinceStandin:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> ProvinceStandin:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
