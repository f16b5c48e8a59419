"""The daily follow-up of agreements' payments: one reminder per overdue item."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop as N_

from jiefen.accounts.notifications import notify
from jiefen.cases.clocks import (
    local_date,
)
from jiefen.core.lifecycle import ChangedMeanwhile
from jiefen.core.messages import Amount, phrase
from jiefen.core.policy import system
from jiefen.mediation.choices import (
    PaymentStatus,
)
from jiefen.mediation.models import AgreementItem
from jiefen.mediation.transitions import (
    PAYMENT_LIFECYCLE,
)


@system
def agreement_overdue_check_one(*, today: dt.date | None = None) -> bool:
    """Flag the oldest item not paid by its due date, remind its mediator; False when none is left.

    Compare-and-swap on `reminded_at`: two sweeps running at once remind once. The items of a case
    merged into another wait until it is split off."""
    today = today or local_date(timezone.now())
    item = (
        AgreementItem.objects.filter(
            status__in=[PaymentStatus.PENDING, PaymentStatus.PARTLY_PAID],
            due_on__lt=today,
            reminded_at__isnull=True,
            # A case merged into another is followed up under that number (its items are held
            # until it is split off, `PAYMENT_LIFECYCLE`).
            agreement__mediation__case__merged_into__isnull=True,
        )
        .select_related("agreement__mediation__case", "agreement__mediation__mediator")
        .order_by("due_on", "id")
        .first()
    )
    if item is None:
        return False
    with transaction.atomic():
        try:
            PAYMENT_LIFECYCLE.move(
                item,
                action="mark_overdue",
                actor=None,
                fields={"reminded_at": timezone.now()},
                data={
                    "summary": phrase(
                        N_("逾期未履行：%(item)s，尚欠%(owed)s，已提醒调解员"),
                        item=item.item,
                        owed=Amount(item.outstanding),
                    ),
                    "mediation": item.agreement.mediation_id,
                },
            )
        except ChangedMeanwhile:
            return True  # another sweep took it
        mediation = item.agreement.mediation
        case = mediation.case
        message = phrase(
            N_(
                "案件 %(number)s 调解协议“%(item)s”应于%(due)s前履行%(amount)s，尚欠%(owed)s，请督促履行。"
            ),
            number=case.number,
            item=item.item,
            due=item.due_on,
            amount=Amount(item.amount),
            owed=Amount(item.outstanding),
        )
        notify(users=[mediation.mediator], message=message, link=mediation.get_absolute_url())
    return True


@system
def agreement_overdue_sweep(*, today: dt.date | None = None) -> int:
    """Every item past its due date and not paid: one reminder each."""
    count = 0
    while agreement_overdue_check_one(today=today):
        count += 1
    return count
