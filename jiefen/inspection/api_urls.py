from django.urls import path

from jiefen.inspection import apis

urlpatterns = [
    path("inspections/", apis.InspectionListApi.as_view(), name="api-inspection-list"),
    path(
        "inspections/near-limit/",
        apis.InspectionNearLimitApi.as_view(),
        name="api-inspection-near-limit",
    ),
    path("complaints/", apis.ComplaintDirectApi.as_view(), name="api-inspection-complaint"),
    path(
        "cases/<int:case_id>/complaint/",
        apis.ComplaintFromCaseApi.as_view(),
        name="api-inspection-from-case",
    ),
    path("inspections/<int:pk>/", apis.InspectionDetailApi.as_view(), name="api-inspection"),
    path("inspections/<int:pk>/open/", apis.InspectionOpenApi.as_view()),
    path("inspections/<int:pk>/decline/", apis.InspectionDeclineApi.as_view()),
    path("inspections/<int:pk>/extend/", apis.InspectionExtendApi.as_view()),
    path("inspections/<int:pk>/suspend/", apis.InspectionSuspendApi.as_view()),
    path("inspections/<int:pk>/resume/", apis.InspectionResumeApi.as_view()),
    path("inspections/<int:pk>/conclude/", apis.InspectionConcludeApi.as_view()),
    path("inspections/<int:pk>/conclude-case/", apis.InspectionConcludeCaseApi.as_view()),
    path("inspections/<int:pk>/site-inspections/", apis.SiteInspectionCreateApi.as_view()),
    path("inspections/<int:pk>/rectification-orders/", apis.RectificationOrderCreateApi.as_view()),
    path("inspections/<int:pk>/penalties/", apis.PenaltyCreateApi.as_view()),
    path("inspections/<int:pk>/wage-recoveries/", apis.WageRecoveryCreateApi.as_view()),
    path(
        "rectification-orders/overdue/",
        apis.RectificationOrdersOverdueApi.as_view(),
        name="api-inspection-orders-overdue",
    ),
    path("rectification-orders/<int:pk>/follow-up/", apis.RectificationOrderFollowUpApi.as_view()),
    path(
        "rectification-orders/<int:pk>/additional-compensation/",
        apis.AdditionalCompensationApi.as_view(),
    ),
    path("notices/<int:pk>/send/", apis.NoticeSendApi.as_view()),
]
