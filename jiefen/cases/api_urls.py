from django.urls import path

from jiefen.cases import apis, related_apis

urlpatterns = [
    path("", apis.CaseListCreateApi.as_view(), name="api-cases"),
    path("clock-rules/", apis.ClockRuleListApi.as_view(), name="api-clock-rules"),
    path("<int:pk>/", apis.CaseDetailApi.as_view(), name="api-case"),
    path("<int:pk>/actions/<str:action>/", apis.CaseActionApi.as_view(), name="api-case-action"),
    path("<int:pk>/timeline/", apis.CaseTimelineApi.as_view(), name="api-case-timeline"),
    path("<int:pk>/related/", related_apis.CaseRelatedApi.as_view(), name="api-case-related"),
    path(
        "links/<int:pk>/<str:action>/",
        related_apis.CaseLinkActionApi.as_view(),
        name="api-case-link-action",
    ),
    path(
        "collective/<int:pk>/",
        related_apis.CollectiveProposalApi.as_view(),
        name="api-collective-proposal",
    ),
    path(
        "collective/<int:pk>/confirm/",
        related_apis.CollectiveConfirmApi.as_view(),
        name="api-collective-confirm",
    ),
    path(
        "collective/<int:pk>/dismiss/",
        related_apis.CollectiveDismissApi.as_view(),
        name="api-collective-dismiss",
    ),
]
