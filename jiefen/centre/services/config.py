"""The centre's settings row: when return visits fall due, which cases count as major."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from jiefen.centre import policies as P
from jiefen.centre.models import CentreSettings
from jiefen.core.exceptions import ConflictError
from jiefen.core.policy import guarded, internal

EDITABLE = (
    "visit_workdays",
    "survey_valid_days",
    "major_collective",
    "major_amount",
    "major_repeat_cases",
    "major_repeat_days",
    "major_media",
    "major_district",
)


@internal
def centre_settings() -> CentreSettings:
    """The one settings row (made with the defaults when first asked)."""
    row, _created = CentreSettings.objects.get_or_create(pk=1)
    return row


@guarded(P.SETTINGS)
@transaction.atomic
def centre_settings_update(*, actor, version: int, **values) -> CentreSettings:
    """Change the settings; refused if someone changed them since `version` was read."""
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise ValidationError({name: [_("未知设置")] for name in unknown})
    if "visit_workdays" in values and not 1 <= int(values["visit_workdays"]) <= 60:
        raise ValidationError({"visit_workdays": [_("回访时间须在结案后1至60个工作日之间")]})
    if "survey_valid_days" in values and not 1 <= int(values["survey_valid_days"]) <= 90:
        raise ValidationError({"survey_valid_days": [_("问卷链接有效期须在1至90天之间")]})
    row = centre_settings()
    moved = CentreSettings.objects.filter(pk=row.pk, version=version).update(
        version=F("version") + 1, updated_at=timezone.now(), updated_by=actor, **values
    )
    if moved != 1:
        raise ConflictError(_("设置已被他人修改，请刷新后重试。"))
    row.refresh_from_db()
    return row
