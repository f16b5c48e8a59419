import re

import pytest

from jiefen.core.senders import ConsoleSender

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
PHONE = "13905710001"
ID_NUMBER = "330106199003071017"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    ConsoleSender.sent.clear()
    return settings.MEDIA_ROOT


def evidence_files(media_root):
    root = media_root / "evidence"
    return sorted(root.iterdir()) if root.exists() else []


def last_code(phone: str) -> str:
    for message in reversed(ConsoleSender.sent):
        if message.to == phone:
            match = re.search(r"验证码为(\d{6})", message.body)
            if match:
                return match.group(1)
    raise AssertionError(f"no code sent to {phone}")
