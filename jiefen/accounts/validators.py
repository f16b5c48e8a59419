"""Password rules beside Django's (length, common, numeric, like the username)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class NotBlankPasswordValidator:
    """Refuse a password of spaces (or with fewer than 4 other characters): eight spaces pass
    the length rule and are in no list of common passwords, yet anyone would guess them."""

    min_visible = 4

    def validate(self, password: str, user=None) -> None:
        if len("".join(password.split())) < self.min_visible:
            raise ValidationError(
                _("密码不能只由空格组成，至少要有 %(n)d 个非空白字符。") % {"n": self.min_visible},
                code="password_blank",
            )

    def get_help_text(self) -> str:
        return _("密码至少要有 %(n)d 个非空白字符。") % {"n": self.min_visible}
