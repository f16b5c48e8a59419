"""Every write of the 110 linkage: intake, dispatch, the units' reports, reassignment, a case.

The package's parts, along its sections: common, incidents, orders, sms (the units' SMS replies). Everything is
re-exported here, as it was one module."""

from jiefen.dispatch.services.common import (  # noqa: F401
    CLOCK_SKEW,
    MAX_BACKDATE,
    OrderActionNotAllowed,
)
from jiefen.dispatch.services.incidents import (  # noqa: F401
    IncidentNumberReused,
    incident_case_create,
    incident_close,
    incident_dispatch,
    incident_no_generate,
    incident_receive,
    incident_set_village,
)
from jiefen.dispatch.services.orders import (  # noqa: F401
    order_acknowledge,
    order_arrive,
    order_cancel,
    order_depart,
    order_help_request,
    order_reassign,
    order_report,
)
from jiefen.dispatch.services.sms import (  # noqa: F401
    ReplyResult,
    sms_reply_receive,
)
