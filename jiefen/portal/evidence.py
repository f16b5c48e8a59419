"""Evidence files: the type read from the content, a size limit, a virus-scanner hook, storage
under MEDIA_ROOT/evidence (outside the web root) with random names, and no file left behind when
an upload is refused or its transaction rolls back."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

MAX_BYTES_DEFAULT = 10 * 1024 * 1024
MAX_FILES = 10

# The file's first bytes decide its type; the name and the browser's Content-Type are ignored.
SIGNATURES: list[tuple[bytes, str, str]] = [
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
]


@dataclass(frozen=True)
class ScanResult:
    clean: bool
    note: str


def scan_noop(path: Path) -> ScanResult:
    """The default scanner: scans nothing and says so on the record."""
    return ScanResult(clean=True, note=_("未配置病毒扫描，文件未经扫描"))


def max_bytes() -> int:
    return int(getattr(settings, "JIEFEN_EVIDENCE_MAX_BYTES", MAX_BYTES_DEFAULT))


def evidence_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "evidence"


def sniff(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) for a PDF, PNG or JPEG, else None."""
    for magic, content_type, ext in SIGNATURES:
        if head.startswith(magic):
            return content_type, ext
    return None


@dataclass
class CheckedFile:
    upload: object  # an UploadedFile
    name: str
    content_type: str
    ext: str
    size: int


def evidence_check(files) -> list[CheckedFile]:
    """Refuse the whole batch if any file is not PDF/JPEG/PNG by content or is too large."""
    limit = max_bytes()
    errors = []
    checked = []
    if len(files) > MAX_FILES:
        raise ValidationError({"evidence": [_("一次最多上传%(n)d个文件") % {"n": MAX_FILES}]})
    for upload in files:
        name = Path(upload.name or "file").name[:200]
        if upload.size > limit:
            errors.append(
                _("“%(name)s”超过%(mb)d MB，请压缩或分开上传")
                % {"name": name, "mb": limit // (1024 * 1024)}
            )
            continue
        upload.seek(0)
        kind = sniff(upload.read(16))
        upload.seek(0)
        if kind is None:
            errors.append(_("“%(name)s”不是PDF、JPEG或PNG文件") % {"name": name})
            continue
        checked.append(
            CheckedFile(
                upload=upload, name=name, content_type=kind[0], ext=kind[1], size=upload.size
            )
        )
    if errors:
        raise ValidationError({"evidence": errors})
    return checked


def evidence_write(checked: CheckedFile, written: list[Path]) -> tuple[str, str, ScanResult]:
    """Write the file under a random name and scan it; return (stored name, sha256, scan result).

    The path is appended to `written` before the first byte, so the caller can delete every file
    of a refused or rolled-back upload. A file the scanner rejects is refused."""
    root = evidence_root()
    root.mkdir(parents=True, exist_ok=True)
    stored_name = f"{secrets.token_hex(16)}.{checked.ext}"
    path = root / stored_name
    written.append(path)
    digest = hashlib.sha256()
    checked.upload.seek(0)
    with open(path, "xb") as out:
        for chunk in checked.upload.chunks():
            digest.update(chunk)
            out.write(chunk)
    scanner = import_string(
        getattr(settings, "JIEFEN_EVIDENCE_SCANNER", "jiefen.portal.evidence.scan_noop")
    )
    result = scanner(path)
    if not result.clean:
        raise ValidationError(
            {
                "evidence": [
                    _("“%(name)s”未通过病毒扫描：%(note)s")
                    % {"name": checked.name, "note": result.note}
                ]
            }
        )
    return stored_name, digest.hexdigest(), result


def evidence_remove(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


def evidence_path(stored_name: str) -> Path:
    return evidence_root() / stored_name
