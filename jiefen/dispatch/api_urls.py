from django.urls import path

from jiefen.dispatch import apis

urlpatterns = [
    path("incidents/", apis.IncidentReceiveApi.as_view(), name="api-dispatch-incident-receive"),
    path("sms/replies/", apis.SmsReplyApi.as_view(), name="api-dispatch-sms-replies"),
    path(
        "orders/<int:pk>/acknowledge/",
        apis.OrderAcknowledgeApi.as_view(),
        name="api-dispatch-order-acknowledge",
    ),
    path(
        "orders/<int:pk>/depart/", apis.OrderDepartApi.as_view(), name="api-dispatch-order-depart"
    ),
    path(
        "orders/<int:pk>/arrive/", apis.OrderArriveApi.as_view(), name="api-dispatch-order-arrive"
    ),
    path(
        "orders/<int:pk>/report/", apis.OrderReportApi.as_view(), name="api-dispatch-order-report"
    ),
    path(
        "orders/<int:pk>/reassign/",
        apis.OrderReassignApi.as_view(),
        name="api-dispatch-order-reassign",
    ),
    path(
        "orders/<int:pk>/cancel/", apis.OrderCancelApi.as_view(), name="api-dispatch-order-cancel"
    ),
    path("figures/arrivals/", apis.ArrivalFiguresApi.as_view(), name="api-dispatch-figures"),
]
