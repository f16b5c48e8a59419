"""我本周的开庭 over the working week: on a Sunday it shows the coming week, and says so."""

from __future__ import annotations

import datetime as dt

from jiefen.arbitration.services import hearing_book
from jiefen.arbitration.tests.conftest import at


def test_on_a_sunday_my_hearings_this_week_lists_mondays_and_says_which_week(
    tclerk, client, arbitrators, make_accepted, room, time_machine
):
    time_machine.move_to(at(2026, 11, 2, 9), tick=False)
    application = make_accepted(arbitrator=arbitrators[0])
    hearing_book(
        application=application,
        actor=tclerk,
        room=room,
        starts_at=at(2026, 11, 9, 9),
        ends_at=at(2026, 11, 9, 11),
        notice_on=dt.date(2026, 11, 2),
    )
    time_machine.move_to(at(2026, 11, 8, 15), tick=False)  # Sunday
    client.force_login(arbitrators[0])

    page = client.get("/arbitration/hearings/").content.decode()

    assert application.case.number in page.split("未来两周庭室排期")[0]
    assert "11月9日" in page
    assert "显示下一个工作周" in page
