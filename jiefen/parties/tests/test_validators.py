"""Tests for jiefen.parties.validators (pure functions, no database)."""

import datetime
import os
import random

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from jiefen.parties.validators import (
    CREDIT_CODE_ALPHABET,
    id_number_birth_date,
    mask_id_number,
    mask_phone,
    normalize_id_number,
    normalize_phone,
    validate_credit_code,
    validate_id_number,
    validate_phone,
    validate_registration_number,
)

if not settings.configured and not os.environ.get("DJANGO_SETTINGS_MODULE"):
    # Standalone run (pytest -p no:django): gettext needs settings; without i18n it returns the
    # Chinese source messages unchanged.
    settings.configure(USE_I18N=False)


# ---------------------------------------------------------------------------
# Independent reference formulas. These restate each standard's *verification* rule over the
# whole code, rather than the "compute the check character from the body" form the module
# uses, so a shared mistake in a weight table or lookup string cannot make both agree.
# ---------------------------------------------------------------------------


def _id_number_satisfies_mod_11_2(number: str) -> bool:
    """ISO 7064 MOD 11-2: sum of a_i * 2^(i-1) over all 18 positions (from the right) ≡ 1 mod 11."""
    values = [10 if char == "X" else int(char) for char in number]
    total = sum(value * pow(2, 17 - index, 11) for index, value in enumerate(values))
    return total % 11 == 1


def _with_id_check_char(body: str) -> str:
    """Append the only check character that satisfies the independent MOD 11-2 rule."""
    (number,) = [body + c for c in "0123456789X" if _id_number_satisfies_mod_11_2(body + c)]
    return number


def _credit_code_satisfies_mod_31(code: str) -> bool:
    """GB 32100-2015: sum of value_i * 3^(i-1) over characters 1-17, plus value_18, ≡ 0 mod 31."""
    values = [CREDIT_CODE_ALPHABET.index(char) for char in code]
    weighted = sum(value * pow(3, index, 31) for index, value in enumerate(values[:17]))
    return (weighted + values[17]) % 31 == 0


def _with_credit_code_check_char(body: str) -> str:
    """Append the only check character that satisfies the independent modulus-31 rule."""
    (code,) = [body + c for c in CREDIT_CODE_ALPHABET if _credit_code_satisfies_mod_31(body + c)]
    return code


def _registration_number_satisfies_mod_11_10(number: str) -> bool:
    """ISO 7064 MOD 11,10 run over all 15 digits must finish with S_15 ≡ 1 (mod 10)."""
    product = 10
    for index, char in enumerate(number):
        total = product + int(char)
        if index == len(number) - 1:
            return total % 10 == 1
        # ||x||_10: x mod 10, except that 0 counts as 10.
        product = (2 * (total % 10 if total % 10 else 10)) % 11
    return False


def _with_registration_check_digit(body: str) -> str:
    """Append the only check digit that satisfies the independent MOD 11,10 rule."""
    (number,) = [
        body + d for d in "0123456789" if _registration_number_satisfies_mod_11_10(body + d)
    ]
    return number


def _is_valid_registration(number: str) -> bool:
    """Return whether validate_registration_number accepts ``number``."""
    try:
        validate_registration_number(number)
    except ValidationError:
        return False
    return True


def _error_code(func, value: str) -> str:
    """Call ``func(value)`` expecting a ValidationError and return its code."""
    with pytest.raises(ValidationError) as excinfo:
        func(value)
    return excinfo.value.code


# ---------------------------------------------------------------------------
# Resident identity number (GB 11643-1999)
# ---------------------------------------------------------------------------

TODAY = datetime.date(2025, 6, 15)


def test_the_published_gb_11643_example_number_is_valid():
    # 11010519491231002X, the standard's own example: 110105 北京朝阳, born 1949-12-31,
    # sequence 002. Weighted sum 1*7+1*9+0*10+1*5+0*8+5*4+1*2+9*1+4*6+9*3+1*7+2*9+3*10+1*5
    # +0*8+0*4+2*2 = 167, 167 mod 11 = 2, "10X98765432"[2] = "X".
    assert validate_id_number("11010519491231002X") == "11010519491231002X"


@pytest.mark.parametrize(
    "number",
    [
        # 33010619900101123X: 330106 杭州西湖, 1990-01-01, seq 123. Sum = 178, 178 mod 11 = 2 -> X.
        "33010619900101123X",
        # 330106199001012347: seq 234. Sum = 192, 192 mod 11 = 5 -> "7".
        "330106199001012347",
        # 330106198512310018: 1985-12-31, seq 001. Sum = 213, 213 mod 11 = 4 -> "8".
        "330106198512310018",
    ],
)
def test_hand_computed_hangzhou_numbers_are_valid_under_both_formulas(number):
    assert _id_number_satisfies_mod_11_2(number)
    assert validate_id_number(number) == number


@pytest.mark.parametrize("seed", range(5))
def test_validator_agrees_with_the_independent_check_formula_on_random_bodies(seed):
    rng = random.Random(seed)
    for _ in range(200):
        birth = datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randrange(25_000))
        body = f"3301{rng.randrange(100):02d}{birth:%Y%m%d}{rng.randrange(1000):03d}"
        number = _with_id_check_char(body)
        assert validate_id_number(number, today=TODAY) == number
        for wrong in "0123456789X".replace(number[-1], ""):
            assert _error_code(validate_id_number, body + wrong) == "id_number_checksum"


def test_a_lower_case_x_check_character_is_accepted_and_upper_cased():
    assert validate_id_number("11010519491231002x") == "11010519491231002X"


def test_spaces_and_full_width_characters_are_normalized():
    assert normalize_id_number(" 110105 19491231 002x ") == "11010519491231002X"
    assert normalize_id_number("１１０１０５１９４９１２３１００２Ｘ") == "11010519491231002X"


def test_a_wrong_check_character_is_rejected():
    assert _error_code(validate_id_number, "110105194912310021") == "id_number_checksum"


@pytest.mark.parametrize("number", ["11010519491231002", "11010519491231002X1", ""])
def test_a_number_that_is_not_18_characters_long_is_rejected(number):
    assert _error_code(validate_id_number, number) == "id_number_length"


@pytest.mark.parametrize(
    "number", ["1101051949123100XX", "11010519491231A02X", "X10105194912310020"]
)
def test_letters_anywhere_but_the_last_position_are_rejected(number):
    assert _error_code(validate_id_number, number) == "id_number_format"


def test_february_30th_is_not_a_valid_birth_date():
    number = _with_id_check_char("33010619900230123")
    assert _error_code(validate_id_number, number) == "id_number_birth_date"


def test_february_29th_of_a_leap_year_is_a_valid_birth_date():
    number = _with_id_check_char("33010620000229123")
    assert validate_id_number(number) == number


def test_february_29th_1900_is_rejected_because_1900_was_not_a_leap_year():
    number = _with_id_check_char("33010619000229123")
    assert _error_code(validate_id_number, number) == "id_number_birth_date"


def test_a_birth_date_before_1900_is_rejected():
    number = _with_id_check_char("33010618991231123")
    assert _error_code(validate_id_number, number) == "id_number_birth_date"


def test_a_birth_date_after_today_is_rejected():
    number = _with_id_check_char("33010620250616123")
    with pytest.raises(ValidationError) as excinfo:
        validate_id_number(number, today=TODAY)
    assert excinfo.value.code == "id_number_birth_date_future"


def test_a_birth_date_next_year_is_rejected_against_the_real_clock():
    # A whole year ahead is in the future whatever the time zone.
    next_year = datetime.datetime.now(datetime.UTC).year + 1
    number = _with_id_check_char(f"330106{next_year}0101123")
    assert _error_code(validate_id_number, number) == "id_number_birth_date_future"


def test_a_baby_born_today_is_accepted():
    number = _with_id_check_char("33010620250615123")
    assert validate_id_number(number, today=TODAY) == number


@pytest.mark.parametrize(
    "province",
    ["00", "10", "16", "20", "24", "30", "38", "40", "47", "49", "55", "60", "66", "70", "72"]
    + ["80", "84", "90", "99"],
)
def test_a_number_outside_any_province_is_rejected(province):
    number = _with_id_check_char(f"{province}010619900101123")
    assert _error_code(validate_id_number, number) == "id_number_region"


@pytest.mark.parametrize(
    "province",
    [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46]
    + [50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83],
)
def test_every_province_level_code_is_accepted(province):
    number = _with_id_check_char(f"{province}010619900101123")
    assert validate_id_number(number) == number


@pytest.mark.parametrize("county", ["330103", "110103", "110104", "119999"])
def test_county_codes_are_not_checked_so_abolished_ones_stay_valid(county):
    # 330103 杭州下城区 (abolished 2021), 110103 崇文区 and 110104 宣武区 (abolished 2010).
    number = _with_id_check_char(f"{county}19900101123")
    assert validate_id_number(number) == number


def test_the_birth_date_is_read_from_a_valid_number():
    assert id_number_birth_date("11010519491231002x") == datetime.date(1949, 12, 31)


def test_reading_the_birth_date_of_an_invalid_number_raises():
    assert _error_code(id_number_birth_date, "110105194912310021") == "id_number_checksum"


# ---------------------------------------------------------------------------
# Unified Social Credit Code (GB 32100-2015)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    [
        # Widely published example; checksum verified with both formulas below.
        "91110000802100433B",
        # Letters in the organization code part ("MA27U1QE3"); verified the same way.
        "91330000MA27U1QE3X",
        # Published next to registration number 440301108548379 (深圳市市场监督管理局).
        "91440300085948158H",
    ],
)
def test_published_credit_codes_are_valid_under_both_formulas(code):
    assert _credit_code_satisfies_mod_31(code)
    assert validate_credit_code(code) == code


@pytest.mark.parametrize(
    "body",
    [
        "Y1330106MA2H2B5X1",  # Y: 其他 registration management department
        "A1330106MA2H2B5X1",  # A-G: departments assigned letters
        "N2110105MA01ABCD0",
    ],
)
def test_codes_beginning_with_a_letter_are_accepted(body):
    code = _with_credit_code_check_char(body)
    assert validate_credit_code(code) == code


@pytest.mark.parametrize("seed", range(5))
def test_credit_code_validator_agrees_with_the_independent_formula(seed):
    rng = random.Random(seed)
    for _ in range(200):
        code = _with_credit_code_check_char("".join(rng.choices(CREDIT_CODE_ALPHABET, k=17)))
        assert validate_credit_code(code) == code


def test_credit_codes_are_upper_cased_and_stripped():
    assert validate_credit_code(" 91330000ma27u1qe3x ") == "91330000MA27U1QE3X"


@pytest.mark.parametrize("code", ["91110000802100433A", "91330106MA2H2B5X1L"])
def test_a_credit_code_with_a_wrong_check_character_is_rejected(code):
    # 91330106MA2H2B5X1L looks plausible but its check character should be "P".
    assert _error_code(validate_credit_code, code) == "credit_code_checksum"


@pytest.mark.parametrize("letter", ["I", "O", "Z", "S", "V"])
def test_a_credit_code_containing_a_forbidden_letter_is_rejected(letter):
    code = "91330000" + letter + "A27U1QE3X"
    assert _error_code(validate_credit_code, code) == "credit_code_characters"


def test_a_forbidden_letter_in_the_check_position_is_rejected():
    assert _error_code(validate_credit_code, "91110000802100433I") == "credit_code_characters"


@pytest.mark.parametrize("code", ["91110000802100433", "91110000802100433BB", ""])
def test_a_credit_code_that_is_not_18_characters_long_is_rejected(code):
    assert _error_code(validate_credit_code, code) == "credit_code_length"


# ---------------------------------------------------------------------------
# 15-digit business registration number (GB/T 17710 MOD 11,10)
# ---------------------------------------------------------------------------


def test_a_published_registration_number_is_valid_under_both_formulas():
    # 440301108548379: real number from a public company record (深圳, credit code
    # 91440300085948158H), so it checks the algorithm against the outside world too.
    assert _registration_number_satisfies_mod_11_10("440301108548379")
    assert validate_registration_number("440301108548379") == "440301108548379"


def test_a_hand_computed_registration_number_is_valid():
    # Body 33010600000001: P starts at 10; for each digit S = ||P + d||_10, P = 2S mod 11:
    # 3: S=3,P=6  3: S=9,P=7  0: S=7,P=3  1: S=4,P=8  0: S=8,P=5  6: S=1,P=2
    # 0: S=2,P=4  0: S=4,P=8  0: S=8,P=5  0: S=5,P=10 0: S=10,P=9 0: S=9,P=7
    # 0: S=7,P=3  1: S=4,P=8. Check digit = (11 - 8) mod 10 = 3.
    assert validate_registration_number("330106000000013") == "330106000000013"


@pytest.mark.parametrize("seed", range(5))
def test_every_14_digit_prefix_has_exactly_one_valid_check_digit(seed):
    rng = random.Random(seed)
    for _ in range(200):
        body = "".join(rng.choices("0123456789", k=14))
        valid = [body + digit for digit in "0123456789" if _is_valid_registration(body + digit)]
        assert valid == [_with_registration_check_digit(body)]


def test_a_registration_number_with_a_wrong_check_digit_is_rejected():
    code = _error_code(validate_registration_number, "440301108548378")
    assert code == "registration_number_checksum"


@pytest.mark.parametrize("number", ["44030110854837", "4403011085483791"])
def test_a_registration_number_that_is_not_15_digits_long_is_rejected(number):
    assert _error_code(validate_registration_number, number) == "registration_number_length"


def test_a_registration_number_containing_a_letter_is_rejected():
    code = _error_code(validate_registration_number, "44030110854837A")
    assert code == "registration_number_format"


# ---------------------------------------------------------------------------
# Telephone numbers
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("13812345678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("+8613812345678", "13812345678"),
        ("86-138-1234-5678", "13812345678"),
        ("0086 13812345678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("19912345678", "19912345678"),
        ("14712345678", "14712345678"),
    ],
)
def test_mobile_numbers_are_normalized_to_11_digits(raw, expected):
    assert validate_phone(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0571-87654321", "0571-87654321"),
        ("057187654321", "0571-87654321"),
        ("0571 87654321", "0571-87654321"),
        ("(0571)87654321", "0571-87654321"),
        ("010-62345678", "010-62345678"),
        ("01062345678", "010-62345678"),
        ("02187654321", "021-87654321"),
        ("0898-6123456", "0898-6123456"),
    ],
)
def test_landline_numbers_are_normalized_with_a_hyphen_after_the_area_code(raw, expected):
    assert validate_phone(raw) == expected


@pytest.mark.parametrize("raw", ["0571-87654321-1234", "0571-87654321转1234", "057187654321#1234"])
def test_a_landline_extension_is_kept_after_a_hyphen(raw):
    assert validate_phone(raw) == "0571-87654321-1234"


@pytest.mark.parametrize(
    "raw",
    [
        "12345678901",  # mobile numbers start 13-19
        "1381234567",  # one digit short
        "138123456789",  # one digit too many
        "+86 12345678901",
        "0571-0765432",  # local numbers never start with 0
        "0571-1234567",  # or 1
        "011-62345678",  # no such area code
        "010-12345678",  # local numbers never start with 1 (special services)
        "0571-876543210",  # 9-digit local number
        "0571876543211234",  # extension without a separator
        "abc",
        "",
    ],
)
def test_invalid_phone_numbers_are_rejected(raw):
    assert _error_code(validate_phone, raw) == "phone_invalid"


def test_normalizing_an_unrecognised_phone_only_strips_whitespace():
    assert normalize_phone("  12345  ") == "12345"


# ---------------------------------------------------------------------------
# Error messages
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("func", "value", "message"),
    [
        (validate_id_number, "1101051949123100", "身份证号应为18位"),
        (validate_id_number, "110105194912310021", "身份证号校验位不正确"),
        (validate_id_number, "990105194912310021", "身份证号的地区码不正确"),
        (validate_id_number, "110105194902300021", "身份证号中的出生日期无效"),
        (validate_credit_code, "91110000802100433A", "统一社会信用代码校验位不正确"),
        (validate_registration_number, "440301108548378", "工商注册号校验位不正确"),
        (validate_phone, "12345678901", "请输入有效的手机号或固定电话"),
    ],
)
def test_errors_carry_a_chinese_message_naming_the_problem(func, value, message):
    with pytest.raises(ValidationError) as excinfo:
        func(value)
    assert excinfo.value.messages == [message]


# ---------------------------------------------------------------------------
# Masking
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("330106199001011234", "330106********1234"),
        ("33010619900101123X", "330106********123X"),
        ("33010619900101123x", "330106********123X"),
    ],
)
def test_an_id_number_shows_only_the_first_6_and_last_4_characters(raw, expected):
    assert mask_id_number(raw) == expected


@pytest.mark.parametrize("raw", ["3301061990", "330106900101123", "33010619900101123X0", "", "X"])
def test_an_id_number_of_unexpected_length_is_fully_starred(raw):
    assert mask_id_number(raw) == "*" * len(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("13812345678", "138****5678"),
        ("+86 138 1234 5678", "138****5678"),
        ("0571-87654321", "0571-****4321"),
        ("057187654321", "0571-****4321"),
        ("010-62345678", "010-****5678"),
        ("0898-6123456", "0898-***3456"),
        ("0571-87654321转1234", "0571-****4321-****"),
    ],
)
def test_a_phone_number_shows_only_its_prefix_and_last_4_digits(raw, expected):
    assert mask_phone(raw) == expected


@pytest.mark.parametrize("raw", ["1381234567", "12345", "12345678901", ""])
def test_an_unrecognised_phone_number_is_fully_starred(raw):
    assert mask_phone(raw) == "*" * len(raw)
