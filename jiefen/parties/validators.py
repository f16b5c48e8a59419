"""Validators, normalizers and display masks for PRC party identifiers.

Pure functions (no models, no database) so forms, serializers and imports can share them.
"""

from __future__ import annotations

import datetime
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# China Standard Time. A fixed UTC+8 offset instead of ZoneInfo("Asia/Shanghai"): the PRC has not
# observed daylight saving since 1991, and this avoids needing tzdata on Windows hosts.
_CHINA_TZ = datetime.timezone(datetime.timedelta(hours=8), "CST")


def _compact(value: str) -> str:
    """Return ``value`` in NFKC form with all whitespace removed."""
    # NFKC folds full-width input from Chinese IMEs ("１１０１…Ｘ", "（0571）") to ASCII;
    # str.split() with no argument also splits on U+3000 IDEOGRAPHIC SPACE.
    return "".join(unicodedata.normalize("NFKC", value).split())


def _china_today() -> datetime.date:
    """Return today's date in China Standard Time."""
    return datetime.datetime.now(_CHINA_TZ).date()


# ---------------------------------------------------------------------------
# Resident identity number, GB 11643-1999 公民身份号码
# ---------------------------------------------------------------------------

ID_NUMBER_LENGTH = 18

# GB 11643-1999 check character, ISO 7064:1983 MOD 11-2: weight W_i = 2^(i-1) mod 11 where i
# counts positions from the right (check character = 1), i.e. these weights for characters 1..17.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
# Check character indexed by (weighted sum mod 11); "X" stands for the value 10.
_ID_CHECK_CHARS = "10X98765432"

# GB 11643-1999 takes the address code (characters 1-6) from GB/T 2260. Only its province part
# is checked: county codes get renumbered or abolished (e.g. 330103 下城区, merged 2021) yet
# numbers issued under them stay valid for life, so a county list would reject real people.
# 71 台湾, 81 香港, 82 澳门; 83 is used in residence permits for Hong Kong, Macao and
# Taiwan residents (港澳台居民居住证).
_ID_PROVINCE_CODES = frozenset(
    {
        *range(11, 16),  # 北京 天津 河北 山西 内蒙古
        *range(21, 24),  # 辽宁 吉林 黑龙江
        *range(31, 38),  # 上海 江苏 浙江 安徽 福建 江西 山东
        *range(41, 47),  # 河南 湖北 湖南 广东 广西 海南
        *range(50, 55),  # 重庆 四川 贵州 云南 西藏
        *range(61, 66),  # 陕西 甘肃 青海 宁夏 新疆
        71,
        81,
        82,
        83,
    }
)

# Earliest accepted birth date: nobody alive was born earlier, and a real birth date cannot be
# rejected by this bound, while typos such as "18900101" are.
_ID_MIN_BIRTH_DATE = datetime.date(1900, 1, 1)

_ID_BODY_RE = re.compile(r"[0-9]{17}[0-9X]")


def normalize_id_number(value: str) -> str:
    """Strip whitespace, fold full-width characters and upper-case the check character."""
    # GB 11643-1999 writes the check value 10 as Roman numeral "X"; users often type "x".
    return _compact(value).upper()


def _id_check_char(body: str) -> str:
    """Return the ISO 7064 MOD 11-2 check character for the first 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(body, _ID_WEIGHTS, strict=True))
    return _ID_CHECK_CHARS[total % 11]


def _id_birth_date(number: str) -> datetime.date | None:
    """Return the calendar date in characters 7-14, or None if there is no such date."""
    # GB 11643-1999: the birth date code is YYYYMMDD per GB/T 7408.
    try:
        return datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def _check_id_number(value: str, today: datetime.date | None) -> tuple[str, datetime.date]:
    """Validate an ID number and return it normalized together with its birth date."""
    number = normalize_id_number(value)
    if len(number) != ID_NUMBER_LENGTH:
        raise ValidationError(_("身份证号应为18位"), code="id_number_length")
    # GB 11643-1999: 17-digit body code followed by one check character (0-9 or X).
    if not _ID_BODY_RE.fullmatch(number):
        raise ValidationError(
            _("身份证号前17位应为数字，最后一位应为数字或X"), code="id_number_format"
        )
    if int(number[:2]) not in _ID_PROVINCE_CODES:
        raise ValidationError(_("身份证号的地区码不正确"), code="id_number_region")
    birth_date = _id_birth_date(number)
    if birth_date is None or birth_date < _ID_MIN_BIRTH_DATE:
        raise ValidationError(_("身份证号中的出生日期无效"), code="id_number_birth_date")
    # Compare with the date in China, where the numbers are issued, not the server's local date.
    if birth_date > (today or _china_today()):
        raise ValidationError(
            _("身份证号中的出生日期不能晚于今天"), code="id_number_birth_date_future"
        )
    if number[-1] != _id_check_char(number[:17]):
        raise ValidationError(_("身份证号校验位不正确"), code="id_number_checksum")
    return number, birth_date


def validate_id_number(value: str, *, today: datetime.date | None = None) -> str:
    """Validate a PRC resident identity number and return it normalized."""
    # ``today`` only exists so tests can pin the clock; callers leave it unset.
    return _check_id_number(value, today)[0]


def id_number_birth_date(value: str) -> datetime.date:
    """Return the birth date encoded in a valid resident identity number."""
    return _check_id_number(value, None)[1]


# ---------------------------------------------------------------------------
# Unified Social Credit Code, GB 32100-2015 统一社会信用代码
# ---------------------------------------------------------------------------

CREDIT_CODE_LENGTH = 18

# GB 32100-2015: Arabic numerals and upper-case Latin letters except I, O, Z, S and V
# (excluded because they are easily confused with 1, 0, 2, 5 and U). A character's value is
# its index in this string.
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# GB 32100-2015 check character (modulus 31): weight W_i = 3^(i-1) mod 31 for positions 1..17.
_CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_CREDIT_CODE_VALUES = {char: index for index, char in enumerate(CREDIT_CODE_ALPHABET)}


def normalize_credit_code(value: str) -> str:
    """Strip whitespace, fold full-width characters and upper-case a credit code."""
    return _compact(value).upper()


def _credit_code_check_char(body: str) -> str:
    """Return the GB 32100-2015 check character for the first 17 characters."""
    total = sum(
        _CREDIT_CODE_VALUES[char] * weight
        for char, weight in zip(body, _CREDIT_CODE_WEIGHTS, strict=True)
    )
    # GB 32100-2015: C18 = 31 - MOD(sum, 31); a result of 31 is written as 0.
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def credit_code_complete(body: str) -> str:
    """A credit code from its first 17 characters, with its check character (demo and bench
    data)."""
    return body + _credit_code_check_char(body)


def validate_credit_code(value: str) -> str:
    """Validate a Unified Social Credit Code and return it normalized."""
    code = normalize_credit_code(value)
    if len(code) != CREDIT_CODE_LENGTH:
        raise ValidationError(_("统一社会信用代码应为18位"), code="credit_code_length")
    # Only the alphabet is checked per position: the registration department code (1-9, A-G, Y),
    # category code and the GB 11714 organization code part may all be letters, e.g. "91330106MA…".
    if any(char not in _CREDIT_CODE_VALUES for char in code):
        raise ValidationError(
            _("统一社会信用代码只能包含数字和大写字母（不含I、O、Z、S、V）"),
            code="credit_code_characters",
        )
    if code[-1] != _credit_code_check_char(code[:17]):
        raise ValidationError(_("统一社会信用代码校验位不正确"), code="credit_code_checksum")
    return code


# ---------------------------------------------------------------------------
# 15-digit business registration number (工商注册号), GB/T 17710 MOD 11,10
# ---------------------------------------------------------------------------

REGISTRATION_NUMBER_LENGTH = 15

_REGISTRATION_NUMBER_RE = re.compile(r"[0-9]{15}")


def _registration_number_check_digit(body: str) -> int:
    """Return the ISO 7064 MOD 11,10 check digit for the first 14 digits."""
    # GB/T 17710-1999 (ISO 7064:1983) hybrid system, as used by 工商行政管理市场主体注册号编制规则
    # (GS 15-2006): P1 = 10; S_j = ||P_j + a_j||_10 where ||x||_10 is x mod 10 but 0 becomes 10;
    # P_j+1 = (2 * S_j) mod 11. The check digit a_15 must make S_15 mod 10 == 1.
    product = 10
    for digit in body:
        remainder = (product + int(digit)) % 10 or 10
        product = (remainder * 2) % 11
    return (11 - product) % 10


def validate_registration_number(value: str) -> str:
    """Validate a 15-digit business registration number and return it normalized."""
    number = _compact(value)
    if len(number) != REGISTRATION_NUMBER_LENGTH:
        raise ValidationError(_("工商注册号应为15位"), code="registration_number_length")
    if not _REGISTRATION_NUMBER_RE.fullmatch(number):
        raise ValidationError(_("工商注册号应全部为数字"), code="registration_number_format")
    if int(number[-1]) != _registration_number_check_digit(number[:14]):
        raise ValidationError(_("工商注册号校验位不正确"), code="registration_number_checksum")
    return number


# ---------------------------------------------------------------------------
# Telephone numbers, 《电信网编号计划（2017年版）》
# ---------------------------------------------------------------------------

# Mobile numbers are 11 digits starting 13-19; the country code may be written +86, 86 or 0086
# (00 is the international prefix dialled from China).
_MOBILE_RE = re.compile(r"(?:\+?86|0086)?(1[3-9][0-9]{9})")
# Area codes: 010 and 02X are the only three-digit ones, all others are 0 + three digits
# starting 3-9, which makes "057187654321" unambiguous without a hyphen. Local numbers are
# 7-8 digits and never start with 0 (trunk prefix) or 1 (special services such as 110).
# An extension follows "-", "转" (transfer) or "#".
_LANDLINE_RE = re.compile(
    r"\(?(010|02[0-9]|0[3-9][0-9]{2})\)?-?([2-9][0-9]{6,7})(?:(?:-|转|#)([0-9]{1,6}))?"
)

_PHONE_MOBILE = "mobile"
_PHONE_LANDLINE = "landline"


def _parse_phone(value: str) -> tuple[str, str, str, str] | None:
    """Return (kind, area code, number, extension) for a recognised phone number, else None."""
    compact = _compact(value)
    # Hyphens in mobiles are free-form grouping ("138-1234-5678", "+86-138…"), so drop them.
    mobile = _MOBILE_RE.fullmatch(compact.replace("-", ""))
    if mobile:
        return _PHONE_MOBILE, "", mobile.group(1), ""
    landline = _LANDLINE_RE.fullmatch(compact)
    if landline:
        area_code, number, extension = landline.groups()
        return _PHONE_LANDLINE, area_code, number, extension or ""
    return None


def _format_landline(area_code: str, number: str, extension: str) -> str:
    """Join landline parts as "0571-87654321" or "0571-87654321-1234"."""
    return "-".join(part for part in (area_code, number, extension) if part)


def normalize_phone(value: str) -> str:
    """Return the canonical phone form, or the whitespace-stripped input if not recognised."""
    parsed = _parse_phone(value)
    if parsed is None:
        return value.strip()
    kind, area_code, number, extension = parsed
    if kind == _PHONE_MOBILE:
        return number
    return _format_landline(area_code, number, extension)


def validate_phone(value: str) -> str:
    """Validate a mainland mobile or landline number and return it normalized."""
    if _parse_phone(value) is None:
        raise ValidationError(_("请输入有效的手机号或固定电话"), code="phone_invalid")
    return normalize_phone(value)


# ---------------------------------------------------------------------------
# Display masking (GB/T 35273-2020: ID numbers and phone numbers are personal information;
# show only what staff need to recognise a record). Credit codes are public company
# identifiers and are deliberately not masked.
# ---------------------------------------------------------------------------

_MASK_CHAR = "*"


def _fully_masked(value: str) -> str:
    """Return a string of stars as long as ``value``."""
    # Input that does not have the expected shape reveals nothing: we cannot know which part
    # is safe to show.
    return _MASK_CHAR * len(value)


def mask_id_number(value: str) -> str:
    """Mask an ID number as "330106********1234", keeping the first 6 and last 4 characters."""
    number = normalize_id_number(value)
    if len(number) != ID_NUMBER_LENGTH:
        return _fully_masked(number)
    return number[:6] + _MASK_CHAR * 8 + number[-4:]


def mask_phone(value: str) -> str:
    """Mask a phone as "138****5678" (mobile) or "0571-****4321" (landline)."""
    parsed = _parse_phone(value)
    if parsed is None:
        return _fully_masked(value.strip())
    kind, area_code, number, extension = parsed
    if kind == _PHONE_MOBILE:
        return number[:3] + _MASK_CHAR * 4 + number[-4:]
    masked_number = _MASK_CHAR * (len(number) - 4) + number[-4:]
    return _format_landline(area_code, masked_number, _fully_masked(extension))
