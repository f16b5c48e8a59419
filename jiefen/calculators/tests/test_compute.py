"""The calculator against cases worked out by hand. Each row says what the law gives and why;
the expected amounts were computed on paper before the code ran.

The figures used throughout: the local average monthly wage 10,000.00 (so the 3× cap of
《劳动合同法》第四十七条第二款 is 30,000.00), the monthly minimum wage 2,490.00, and the area's
average monthly wage for work injury 9,000.00 (60 % = 5,400.00, 300 % = 27,000.00)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from jiefen.calculators.choices import Item, Reason
from jiefen.calculators.compute import Figure, Figures, Inputs, calculate, span

D = dt.date
AS_OF = D(2025, 3, 1)


def fig(kind: str, value: str, *, confirmed: bool = True, grade: int | None = None) -> Figure:
    return Figure(
        kind=kind,
        label=kind,
        value=Decimal(value),
        effective_from=D(2024, 1, 1),
        source="测试",
        confirmed=confirmed,
        grade=grade,
    )


def figures(**extra) -> Figures:
    return Figures(
        average_wage=fig("average_wage", "10000"),
        minimum_wage=fig("minimum_wage", "2490"),
        injury_average_wage=fig("injury_average_wage", "9000"),
        **extra,
    )


def line(result, key):
    found = [x for x in result.lines if x.key == key]
    assert found, f"no {key} in {[x.key for x in result.lines]}"
    return found[0]


def amount(inputs: Inputs, key: str, *, figs: Figures | None = None, as_of: dt.date = AS_OF):
    return line(calculate(inputs, figs or figures(), as_of=as_of), key).amount


# ---------------------------------------------------------------- years of service


@pytest.mark.parametrize(
    ("start", "last", "expected"),
    [
        (D(2020, 3, 1), D(2023, 8, 31), (3, 6, 0)),
        (D(2020, 3, 1), D(2023, 8, 30), (3, 5, 30)),
        (D(2024, 1, 15), D(2024, 4, 30), (0, 3, 16)),
        (D(2024, 1, 31), D(2024, 2, 29), (0, 1, 1)),  # 31 Jan + 1 month = 29 Feb
        (D(2005, 3, 1), D(2007, 12, 31), (2, 10, 0)),
    ],
)
def test_service_is_counted_in_whole_years_months_then_days_both_ends_included(
    start, last, expected
):
    s = span(start, last)
    assert (s.years, s.months, s.days) == expected


# ---------------------------------------------------------------- economic compensation N


N_CASES = [
    # 第四十七条第一款: under six months, half a month's wage: 3 months 16 days → 0.5 × 6,000.
    ("short service", D(2024, 1, 15), D(2024, 4, 30), "6000", "3000.00"),
    # "六个月以上" includes six: exactly six months counts as a year → 1 × 6,000.
    ("exactly six months", D(2024, 1, 1), D(2024, 6, 30), "6000", "6000.00"),
    # The half-year boundary: 3 years 6 months → 4 months; one day short → 3.5 months.
    ("3y6m: the half year counts as a year", D(2020, 3, 1), D(2023, 8, 31), "8000", "32000.00"),
    ("3y5m30d: half a month", D(2020, 3, 1), D(2023, 8, 30), "8000", "28000.00"),
    ("5 whole years", D(2019, 7, 1), D(2024, 6, 30), "8000", "40000.00"),
    # 第四十七条第二款: 40,000 > 3 × 10,000, so 30,000 a month; 5 years is under the 12-year cap.
    ("3x cap, 5 years", D(2018, 7, 1), D(2023, 6, 30), "40000", "150000.00"),
    # Capped wage and 15 years 3 months (15.5): the years stop at 12 → 12 × 30,000.
    ("3x cap and 12-year cap", D(2009, 1, 1), D(2024, 3, 31), "40000", "360000.00"),
    # Not above three times: no cap on the years either → 15.5 × 20,000.
    ("under the cap: no 12-year cap", D(2009, 1, 1), D(2024, 3, 31), "20000", "310000.00"),
    # Exactly three times is not "高于": 15.5 × 30,000.
    ("exactly 3x: not capped", D(2009, 1, 1), D(2024, 3, 31), "30000", "465000.00"),
    # 实施条例第二十七条: 2,000 is below the minimum wage 2,490, which is used: 2 × 2,490.
    ("minimum wage floor", D(2022, 1, 1), D(2023, 12, 31), "2000", "4980.00"),
]


@pytest.mark.parametrize(
    ("name", "start", "end", "wage", "expected"), N_CASES, ids=[c[0] for c in N_CASES]
)
def test_economic_compensation_under_articles_46_and_47(name, start, end, wage, expected):
    inputs = Inputs(
        monthly_wage=Decimal(wage), start_date=start, end_date=end, reason=Reason.MUTUAL
    )
    assert amount(inputs, Item.COMPENSATION) == Decimal(expected)


SPANNING_2008 = [
    # 第九十七条第三款: the years before 2008 as the rules then gave them (a part year as a
    # year; 协商解除 at most 12 months, 《违反和解除劳动合同的经济补偿办法》第五条), the years
    # since under 第四十七条. 2005-03-01 to 2007-12-31 = 2y10m → 3; 2008-01-01 to 2012-08-31
    # = 4y8m → 5; 8 × 6,000.
    ("mutual: both periods", Reason.MUTUAL, D(2005, 3, 1), D(2012, 8, 31), "48000.00"),
    # Expiry gave no compensation before 2008: only the 5 months since → 5 × 6,000.
    ("expiry: from 2008 only", Reason.EXPIRY, D(2005, 3, 1), D(2012, 8, 31), "30000.00"),
    # 18 years before 2008 capped at 12 months by the old rule, plus 5 years since: 17 × 6,000.
    ("mutual: old 12-month cap", Reason.MUTUAL, D(1990, 1, 1), D(2012, 12, 31), "102000.00"),
    # 经济性裁员 had no such cap (办法第九条): 18 + 5 = 23 × 6,000.
    ("layoff: no old cap", Reason.LAYOFF, D(1990, 1, 1), D(2012, 12, 31), "138000.00"),
]


@pytest.mark.parametrize(
    ("name", "reason", "start", "end", "expected"), SPANNING_2008, ids=[c[0] for c in SPANNING_2008]
)
def test_service_before_2008_is_counted_under_the_rules_then_in_force(
    name, reason, start, end, expected
):
    inputs = Inputs(monthly_wage=Decimal(6000), start_date=start, end_date=end, reason=reason)
    assert amount(inputs, Item.COMPENSATION) == Decimal(expected)


def test_the_3x_cap_applies_only_to_the_years_since_2008():
    # Wage 40,000: before 2008 (2005-03-01 to 2007-12-31, 3 months) at the full 40,000 = 120,000;
    # since (4y8m, 5 months) at the cap 30,000 = 150,000.
    inputs = Inputs(
        monthly_wage=Decimal(40000),
        start_date=D(2005, 3, 1),
        end_date=D(2012, 8, 31),
        reason=Reason.MUTUAL,
    )
    assert amount(inputs, Item.COMPENSATION) == Decimal("270000.00")


# ---------------------------------------------------------------- 2N, notice pay


TWO_N = [
    # 第八十七条 and 实施条例第二十五条: twice N, years from the first day of work, 2008 or not.
    # 2005-03-01 to 2012-08-31 = 7y6m → 8 months; 2 × 8 × 6,000.
    ("spanning 2008", D(2005, 3, 1), D(2012, 8, 31), "6000", "96000.00"),
    # 15y3m at a capped wage: 12 × 30,000 × 2.
    ("capped", D(2009, 1, 1), D(2024, 3, 31), "40000", "720000.00"),
    # 2 months 10 days: half a month, doubled = one month's wage.
    ("short", D(2024, 1, 1), D(2024, 3, 10), "6000", "6000.00"),
]


@pytest.mark.parametrize(
    ("name", "start", "end", "wage", "expected"), TWO_N, ids=[c[0] for c in TWO_N]
)
def test_unlawful_termination_pays_twice_the_compensation(name, start, end, wage, expected):
    inputs = Inputs(
        monthly_wage=Decimal(wage), start_date=start, end_date=end, reason=Reason.UNLAWFUL
    )
    result = calculate(inputs, figures(), as_of=AS_OF)

    assert line(result, Item.UNLAWFUL_TERMINATION).amount == Decimal(expected)
    # 实施条例第二十五条: no N beside 2N.
    assert Item.COMPENSATION not in [x.key for x in result.lines]


def test_article_40_without_notice_adds_last_months_wage():
    # 第四十条, 实施条例第二十条: one month at the previous month's wage, 7,500; N beside it:
    # 2020-03-01 to 2023-08-31 = 3y6m → 4 × 8,000.
    inputs = Inputs(
        monthly_wage=Decimal(8000),
        last_month_wage=Decimal(7500),
        start_date=D(2020, 3, 1),
        end_date=D(2023, 8, 31),
        reason=Reason.INCOMPETENCE,
        notice_given=False,
    )
    result = calculate(inputs, figures(), as_of=AS_OF)

    assert line(result, Item.NOTICE_PAY).amount == Decimal("7500.00")
    assert result.total == Decimal("39500.00")


def test_no_notice_pay_when_thirty_days_notice_was_given():
    inputs = Inputs(
        monthly_wage=Decimal(8000),
        start_date=D(2020, 3, 1),
        end_date=D(2023, 8, 31),
        reason=Reason.INCOMPETENCE,
        notice_given=True,
    )
    keys = [x.key for x in calculate(inputs, figures(), as_of=AS_OF).lines]
    assert Item.NOTICE_PAY not in keys


def test_a_worker_who_resigned_gets_no_compensation():
    inputs = Inputs(
        monthly_wage=Decimal(8000),
        start_date=D(2020, 3, 1),
        end_date=D(2023, 8, 31),
        reason=Reason.NO_COMPENSATION,
    )
    assert calculate(inputs, figures(), as_of=AS_OF).lines == []


# ---------------------------------------------------------------- double wages (Art. 82)


DOUBLE_WAGES = [
    # Work began 2024-03-01; the second month begins 2024-04-01 and the twelfth ends
    # 2025-02-28 (实施条例第六条、第七条). Signed on day X: double wages up to X − 1, at
    # 6,000 a month for the second wage.
    (D(2024, 3, 20), "0.00"),  # within the first month
    (D(2024, 4, 1), "0.00"),  # on the first day of the second month
    (D(2024, 4, 16), "3000.00"),  # 1–15 April: 15 of April's 30 days
    (D(2024, 5, 1), "6000.00"),
    (D(2024, 6, 1), "12000.00"),
    (D(2024, 7, 1), "18000.00"),
    (D(2024, 8, 1), "24000.00"),
    (D(2024, 9, 1), "30000.00"),
    (D(2024, 10, 1), "36000.00"),
    (D(2024, 11, 1), "42000.00"),
    (D(2024, 12, 1), "48000.00"),
    (D(2025, 1, 1), "54000.00"),
    (D(2025, 2, 1), "60000.00"),
    (D(2025, 3, 1), "66000.00"),  # the eleven months, second to twelfth
    (D(2025, 6, 1), "66000.00"),  # no more after the first year (第十四条第三款)
    (None, "66000.00"),  # never signed
]


@pytest.mark.parametrize(
    ("signed", "expected"), DOUBLE_WAGES, ids=[str(r[0]) for r in DOUBLE_WAGES]
)
def test_double_wages_run_from_the_second_month_to_the_twelfth(signed, expected):
    inputs = Inputs(
        monthly_wage=Decimal(6000),
        start_date=D(2024, 3, 1),
        no_written_contract=True,
        contract_signed_on=signed,
    )
    assert amount(inputs, Item.DOUBLE_WAGES, as_of=D(2026, 1, 1)) == Decimal(expected)


def test_double_wages_stop_when_the_employment_ends():
    # Left on 2024-09-30 without a contract: April to September, 6 × 6,000.
    inputs = Inputs(
        monthly_wage=Decimal(6000),
        start_date=D(2024, 3, 1),
        end_date=D(2024, 9, 30),
        reason=Reason.NO_COMPENSATION,
        no_written_contract=True,
    )
    assert amount(inputs, Item.DOUBLE_WAGES) == Decimal("36000.00")


# ---------------------------------------------------------------- overtime (劳动法 Art. 44)


def test_overtime_at_150_200_and_300_percent_less_what_was_paid():
    # 8,700 ÷ 21.75 ÷ 8 = 50.00 an hour. 10 h × 150 % = 750; 8 h × 200 % = 800;
    # 8 h × 300 % = 1,200; 2,750 − 500 paid = 2,250.
    inputs = Inputs(
        monthly_wage=Decimal(8700),
        overtime_weekday_hours=Decimal(10),
        overtime_restday_hours=Decimal(8),
        overtime_holiday_hours=Decimal(8),
        overtime_paid=Decimal(500),
    )
    assert amount(inputs, Item.OVERTIME) == Decimal("2250.00")


# ---------------------------------------------------------------- annual leave


LEAVE = [
    # 《职工带薪年休假条例》第三条: 满1年不满10年 5 days, 满10年不满20年 10, 满20年 15. Daily wage
    # 8,700 ÷ 21.75 = 400; unused days at 200 % (300 % less the 100 % paid, 实施办法第十条).
    (9, "4000.00"),  # 5 days
    (10, "8000.00"),  # 10 days
    (19, "8000.00"),  # 10 days
    (20, "12000.00"),  # 15 days
]


@pytest.mark.parametrize(("years", "expected"), LEAVE, ids=[f"{r[0]} years" for r in LEAVE])
def test_unused_annual_leave_by_cumulative_service(years, expected):
    # Still employed on 2025-03-01: last year, 2024, worked in full, no leave taken.
    inputs = Inputs(monthly_wage=Decimal(8700), start_date=D(2015, 1, 1), leave_service_years=years)
    assert amount(inputs, Item.ANNUAL_LEAVE) == Decimal(expected)


def test_leave_taken_is_deducted():
    # 10 years: 10 days − 3 taken = 7 × 400 × 2.
    inputs = Inputs(
        monthly_wage=Decimal(8700),
        start_date=D(2015, 1, 1),
        leave_service_years=10,
        leave_days_taken=Decimal(3),
    )
    assert amount(inputs, Item.ANNUAL_LEAVE) == Decimal("5600.00")


def test_leave_in_the_year_of_leaving_is_prorated_and_part_days_dropped():
    # 实施办法第十二条: left 2024-06-30, 182 days of 2024 with the employer; 182 ÷ 365 × 10
    # = 4.99 → 4 whole days × 400 × 2.
    inputs = Inputs(
        monthly_wage=Decimal(8700),
        start_date=D(2015, 1, 1),
        end_date=D(2024, 6, 30),
        reason=Reason.NO_COMPENSATION,
        leave_service_years=10,
    )
    assert amount(inputs, Item.ANNUAL_LEAVE) == Decimal("3200.00")


# ---------------------------------------------------------------- Art. 85, work injury


def test_additional_compensation_is_a_share_of_wages_overtime_and_compensation_owed():
    # 第八十五条: 10,000 unpaid + 2,250 overtime (as above) = 12,250; at 50 % = 6,125.
    inputs = Inputs(
        monthly_wage=Decimal(8700),
        unpaid_wages=Decimal(10000),
        overtime_weekday_hours=Decimal(10),
        overtime_restday_hours=Decimal(8),
        overtime_holiday_hours=Decimal(8),
        overtime_paid=Decimal(500),
        administration_ordered=True,
        additional_rate=50,
    )
    assert amount(inputs, Item.ADDITIONAL) == Decimal("6125.00")


INJURY = [
    # 《工伤保险条例》第三十七条: grade 7 is 13 months of 本人工资 6,000.
    (7, "6000", "78000.00"),
    # 第三十五条: grade 1 is 27 months; 4,000 is below 60 % of 9,000, so 5,400 (第六十四条).
    (1, "4000", "145800.00"),
    # 第三十七条: grade 10 is 7 months; 30,000 is above 300 %, so 27,000.
    (10, "30000", "189000.00"),
    # 第三十六条: grade 5 is 18 months.
    (5, "6000", "108000.00"),
]


@pytest.mark.parametrize(
    ("grade", "wage", "expected"), INJURY, ids=[f"grade {r[0]}" for r in INJURY]
)
def test_one_off_disability_benefit_by_grade(grade, wage, expected):
    inputs = Inputs(monthly_wage=Decimal(wage), injury_grade=grade)
    assert amount(inputs, Item.INJURY_DISABILITY) == Decimal(expected)


def test_zhejiang_subsidies_use_the_table_and_say_when_it_is_unconfirmed():
    figs = figures(
        injury_medical={8: fig("injury_medical", "5", confirmed=False, grade=8)},
        injury_employment={8: fig("injury_employment", "8", grade=8)},
    )
    inputs = Inputs(
        monthly_wage=Decimal(6000),
        start_date=D(2020, 1, 1),
        end_date=D(2024, 12, 31),
        reason=Reason.NO_COMPENSATION,
        injury_grade=8,
    )
    result = calculate(inputs, figs, as_of=AS_OF)

    medical = line(result, Item.INJURY_MEDICAL)
    assert medical.amount == Decimal("45000.00")  # 5 months × 9,000
    assert medical.unconfirmed
    assert line(result, Item.INJURY_EMPLOYMENT).amount == Decimal("72000.00")  # 8 × 9,000


def test_a_missing_zhejiang_subsidy_is_not_computed_and_says_why():
    inputs = Inputs(
        monthly_wage=Decimal(6000),
        start_date=D(2020, 1, 1),
        end_date=D(2024, 12, 31),
        reason=Reason.NO_COMPENSATION,
        injury_grade=8,
    )
    medical = line(calculate(inputs, figures(), as_of=AS_OF), Item.INJURY_MEDICAL)

    assert medical.amount is None
    assert "未设置" in medical.unconfirmed[0]


# ---------------------------------------------------------------- parameters, limitation


def test_an_unconfirmed_average_wage_is_flagged_on_the_compensation():
    figs = figures()
    figs.average_wage = fig("average_wage", "10000", confirmed=False)
    inputs = Inputs(
        monthly_wage=Decimal(8000),
        start_date=D(2020, 3, 1),
        end_date=D(2023, 8, 31),
        reason=Reason.MUTUAL,
    )
    result = calculate(inputs, figs, as_of=AS_OF)

    assert line(result, Item.COMPENSATION).unconfirmed
    assert result.unconfirmed is True


def test_without_the_average_wage_the_cap_is_not_checked_and_says_so():
    figs = figures()
    figs.average_wage = None
    inputs = Inputs(
        monthly_wage=Decimal(40000),
        start_date=D(2018, 7, 1),
        end_date=D(2023, 6, 30),
        reason=Reason.MUTUAL,
    )
    n = line(calculate(inputs, figs, as_of=AS_OF), Item.COMPENSATION)

    assert n.amount == Decimal("200000.00")  # 5 × 40,000, uncapped
    assert "三倍封顶" in n.unconfirmed[0]


@pytest.mark.parametrize(
    ("as_of", "warned"),
    [
        # 调解仲裁法第二十七条: left 2023-01-10, one year ends 2024-01-10.
        (D(2024, 1, 10), False),
        (D(2024, 1, 11), True),
    ],
)
def test_a_claim_after_one_year_is_warned_not_refused(as_of, warned):
    inputs = Inputs(
        monthly_wage=Decimal(6000),
        start_date=D(2020, 1, 1),
        end_date=D(2023, 1, 10),
        reason=Reason.MUTUAL,
    )
    result = calculate(inputs, figures(), as_of=as_of)

    assert any("一年仲裁时效" in w for w in result.warnings) is warned
    # 2020-01-01 to 2023-01-10 is 3 years 10 days: 3.5 × 6,000, warned or not.
    assert line(result, Item.COMPENSATION).amount == Decimal("21000.00")


def test_a_last_day_on_a_holiday_rolls_to_the_next_working_day():
    inputs = Inputs(
        monthly_wage=Decimal(6000),
        start_date=D(2020, 1, 1),
        end_date=D(2023, 1, 10),
        reason=Reason.MUTUAL,
    )
    result = calculate(
        inputs, figures(), as_of=D(2024, 1, 11), roll=lambda day: day + dt.timedelta(days=2)
    )
    assert not any("一年仲裁时效" in w for w in result.warnings)


def test_wages_owed_during_employment_are_not_time_barred():
    # 第二十七条第四款: still employed, wages from long ago carry no limitation warning.
    inputs = Inputs(monthly_wage=Decimal(6000), unpaid_wages=Decimal(12000))
    result = calculate(inputs, figures(), as_of=AS_OF)

    assert result.warnings
    assert all("第四款" in w for w in result.warnings)
    assert not any("可能已超过" in w for w in result.warnings)


def test_every_line_names_its_article_and_shows_its_formula():
    inputs = Inputs(
        monthly_wage=Decimal(8700),
        start_date=D(2015, 1, 1),
        end_date=D(2024, 6, 30),
        reason=Reason.CHANGED_CIRCUMSTANCES,
        notice_given=False,
        unpaid_wages=Decimal(1000),
        no_written_contract=True,
        overtime_weekday_hours=Decimal(2),
        leave_service_years=12,
        administration_ordered=True,
        injury_grade=9,
    )
    lines = calculate(inputs, figures(), as_of=AS_OF).lines

    assert len(lines) >= 8
    for x in lines:
        assert "第" in x.basis and "条" in x.basis, x.key
        assert x.formula, x.key
