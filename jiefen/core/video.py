"""Video rooms on the service the district runs, behind one small interface.

A service names fresh rooms and builds each participant's link into one. The deployment chooses
the adapter in `JIEFEN_VIDEO_SERVICE` (a dotted class path); the default is a self-hosted Jitsi
Meet at `JIEFEN_JITSI_URL`. With no URL there is no service (`video_service()` is None), and
callers say so instead of handing out a link that leads nowhere.

Jitsi Meet: a room is `<JIEFEN_JITSI_URL>/<room>`, the room name unguessable
(`secrets.token_urlsafe`). When the server uses token authentication (prosody's `token`
module, `app_id` / `app_secret`), set `JIEFEN_JITSI_APP_ID` and `JIEFEN_JITSI_APP_SECRET`:
each link then carries `?jwt=` an HS256 token with the claims the token module checks — `iss`
(the app id), `aud` (`JIEFEN_JITSI_AUDIENCE`, "jitsi" by default), `sub` (the server's domain,
or `JIEFEN_JITSI_SUBJECT`), `room`, `exp` — and `context.user` (id, name) for display, plus
`moderator` for the mediator."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Participant:
    """Who a link is for: a stable id (for the service's records), the name shown, and whether
    they run the room."""

    id: str
    name: str
    moderator: bool = False


class VideoService(Protocol):
    name: str

    def room_new(self) -> str:
        """A fresh, unguessable room name."""
        ...

    def join_url(self, *, room: str, participant: Participant, expires_at: dt.datetime) -> str:
        """The link that puts `participant` in `room` (good until `expires_at`)."""
        ...


class JitsiMeet:
    """A self-hosted Jitsi Meet; optional JWT (HS256) when an app id and secret are set."""

    name = "jitsi"

    def __init__(
        self,
        *,
        base_url: str,
        app_id: str = "",
        app_secret: str = "",
        audience: str = "jitsi",
        subject: str = "",
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.app_id = app_id
        self.app_secret = app_secret
        self.audience = audience or "jitsi"
        # The token module compares `sub` with the domain the room lives on (or its tenant).
        self.subject = (subject or urlsplit(self.base_url).hostname or "").lower()

    @classmethod
    def from_settings(cls) -> JitsiMeet | None:
        base = getattr(settings, "JIEFEN_JITSI_URL", "")
        if not base:
            return None
        return cls(
            base_url=base,
            app_id=getattr(settings, "JIEFEN_JITSI_APP_ID", ""),
            app_secret=getattr(settings, "JIEFEN_JITSI_APP_SECRET", ""),
            audience=getattr(settings, "JIEFEN_JITSI_AUDIENCE", "jitsi"),
            subject=getattr(settings, "JIEFEN_JITSI_SUBJECT", ""),
        )

    @property
    def uses_tokens(self) -> bool:
        return bool(self.app_id and self.app_secret)

    def room_new(self) -> str:
        # Jitsi folds room names to lower case (and the token's `room` must match), so the name
        # is drawn lower-case from the start: 24 characters, about 120 bits.
        return "jf-" + secrets.token_urlsafe(24).lower().replace("_", "-")[:24]

    def token(self, *, room: str, participant: Participant, expires_at: dt.datetime) -> str:
        """The HS256 JWT the server's token module accepts for this room and person."""
        import jwt

        claims = {
            "aud": self.audience,
            "iss": self.app_id,
            "sub": self.subject,
            "room": room,
            "exp": int(expires_at.timestamp()),
            "context": {"user": {"id": participant.id, "name": participant.name}},
            "moderator": participant.moderator,
        }
        return jwt.encode(claims, self.app_secret, algorithm="HS256")

    def join_url(self, *, room: str, participant: Participant, expires_at: dt.datetime) -> str:
        url = f"{self.base_url}/{room}"
        if self.uses_tokens:
            url += "?jwt=" + self.token(room=room, participant=participant, expires_at=expires_at)
        # Jitsi reads its settings from the fragment: the name shown in the room.
        return url + "#userInfo.displayName=" + quote(f'"{participant.name}"')


def video_service() -> VideoService | None:
    """The district's video service, or None when none is configured."""
    cls = import_string(getattr(settings, "JIEFEN_VIDEO_SERVICE", "jiefen.core.video.JitsiMeet"))
    return cls.from_settings()
