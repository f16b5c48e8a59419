"""The signed, expiring link of a return-visit survey (no login: the party opens it from an SMS)."""

from __future__ import annotations

import datetime as dt

from django.core import signing
from django.utils.translation import gettext as _

from jiefen.centre.models import ReturnVisit
from jiefen.core.exceptions import ApplicationError

SURVEY_SALT = "jiefen.centre.survey"


class SurveyLinkInvalid(ApplicationError):
    code = "survey_link_invalid"


def survey_token(visit: ReturnVisit) -> str:
    return signing.dumps({"v": visit.pk, "n": visit.link_nonce}, salt=SURVEY_SALT, compress=True)


def survey_visit(token: str) -> ReturnVisit:
    """The visit a survey link is for; refused when forged, expired or replaced by a newer link."""
    from jiefen.centre.services.config import centre_settings

    max_age = dt.timedelta(days=centre_settings().survey_valid_days)
    try:
        data = signing.loads(token, salt=SURVEY_SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise SurveyLinkInvalid(_("该回访链接已过期。")) from None
    except signing.BadSignature:
        raise SurveyLinkInvalid(_("该回访链接无效。")) from None
    visit = (
        ReturnVisit.objects.select_related("case").filter(pk=data.get("v")).first()
        if isinstance(data, dict)
        else None
    )
    if visit is None or not visit.link_nonce or visit.link_nonce != data.get("n"):
        raise SurveyLinkInvalid(_("该回访链接无效。"))
    return visit
