"""Staff, the seven bodies of the centre (at district and street level), and each person's scope."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from jiefen.accounts.choices import DepartmentKind, Level, Role, ScopeLevel


class Department(models.Model):
    kind = models.CharField(_("部门类型"), max_length=32, choices=DepartmentKind.choices)
    level = models.CharField(_("层级"), max_length=16, choices=Level.choices)
    # Each district has its own bodies: a district-level one names its district, a street-level
    # one its street (whose district it is).
    district = models.ForeignKey(
        "geo.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="departments",
        verbose_name=_("区"),
    )
    street = models.ForeignKey(
        "geo.Street",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="departments",
        verbose_name=_("街道"),
    )
    name = models.CharField(_("名称"), max_length=80)

    class Meta:
        ordering = ["level", "street__code", "kind"]
        verbose_name = _("部门")
        verbose_name_plural = _("部门")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "street"], name="department_kind_street_unique"
            ),
            models.UniqueConstraint(
                fields=["kind", "district"],
                condition=models.Q(street__isnull=True),
                name="department_kind_district_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(level="district", street__isnull=True)
                | models.Q(level="street", street__isnull=False),
                name="department_level_matches_street",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("电话"), max_length=20, blank=True)
    role = models.CharField(_("角色"), max_length=32, choices=Role.choices, blank=True)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("部门"),
    )
    scope_level = models.CharField(
        _("范围层级"), max_length=16, choices=ScopeLevel.choices, default=ScopeLevel.DISTRICT
    )
    # The code of the province, city, district, street, grid area or village the person serves.
    scope_code = models.CharField(_("范围代码"), max_length=16, blank=True)

    class Meta:
        verbose_name = _("工作人员")
        verbose_name_plural = _("工作人员")
        constraints = [
            # `ADMIN` beside `admin` would be two accounts a person cannot tell apart.
            models.UniqueConstraint(
                Lower("username"),
                name="user_username_ci_unique",
                violation_error_message=_("用户名已存在（不区分大小写）。"),
            )
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    @property
    def is_administrator(self) -> bool:
        return self.is_superuser or self.role == Role.ADMINISTRATOR


class Notification(models.Model):
    """An in-app message to a staff member (SMS and email copies go through the senders)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # In the source language; `code` and `params` keep it as data (jiefen.core.messages), shown
    # in the reader's language.
    message = models.CharField(_("内容"), max_length=300)
    code = models.CharField(max_length=48, blank=True)
    params = models.JSONField(default=dict, blank=True)
    link = models.CharField(_("链接"), max_length=200, blank=True)
    read_at = models.DateTimeField(_("已读"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        indexes = [
            models.Index(
                fields=["user"],
                name="notification_unread_idx",
                condition=models.Q(read_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return self.message

    @property
    def text(self) -> str:
        """The notification in the reader's language (safe HTML)."""
        from jiefen.core.messages import rendered

        return rendered(self.code, self.params, self.message)


class TokenState(models.Model):
    """Beside each API token (DRF's `authtoken.Token`): when it was last used, and a mark of the
    password it was issued under, so that it expires when idle or old and dies with a password
    change (jiefen/accounts/authentication.py)."""

    token = models.OneToOneField(
        "authtoken.Token", on_delete=models.CASCADE, primary_key=True, related_name="state"
    )
    last_used_at = models.DateTimeField(_("最近使用"))
    # User.get_session_auth_hash() when issued: an HMAC of the password hash, so it changes
    # whenever the password does, however it was changed (admin, command, service).
    password_mark = models.CharField(max_length=128)

    class Meta:
        verbose_name = _("接口令牌状态")
        verbose_name_plural = _("接口令牌状态")

    def __str__(self) -> str:
        return f"token of user {self.token.user_id}"
