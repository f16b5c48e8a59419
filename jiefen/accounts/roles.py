"""The groups of roles that policies name: who works at the window, who handles cases, who sits
on the tribunal. Each app's `policies.py` builds its policies from these."""

from jiefen.accounts.choices import Role as R

ADMINS = frozenset({R.ADMINISTRATOR})
LEADERS = frozenset({R.LEADER, R.ADMINISTRATOR})
# Who receives, registers and accepts: the window, mediators, and the inspection squad, which
# takes labour-inspection complaints at its own desk.
FRONT_DESK = frozenset({R.RECEPTION_CLERK, R.MEDIATOR, R.LABOR_INSPECTOR}) | LEADERS
# Who handles a dispute on one of its tracks: everyone in the centre but the police liaison,
# whose work is 110 dispatch.
HANDLERS = FRONT_DESK | {R.ARBITRATOR, R.TRIBUNAL_CLERK}
MEDIATORS = frozenset({R.MEDIATOR}) | LEADERS
# The tribunal's own steps: arbitrators, tribunal clerks, and the commission's leaders.
TRIBUNAL = frozenset({R.ARBITRATOR, R.TRIBUNAL_CLERK}) | LEADERS
INSPECTORS = frozenset({R.LABOR_INSPECTOR}) | LEADERS
# The centre's dispatchers of 110 linkage, and the units they send.
DISPATCHERS = frozenset({R.RECEPTION_CLERK}) | LEADERS
UNITS = frozenset({R.POLICE_LIAISON, R.LABOR_INSPECTOR})
EVERYONE = frozenset(R.values)
