from django.urls import path

from jiefen.cases import apis

urlpatterns = [
    path("", apis.CaseListCreateApi.as_view(), name="api-cases"),
    path("clock-rules/", apis.ClockRuleListApi.as_view(), name="api-clock-rules"),
    path("<int:pk>/", apis.CaseDetailApi.as_view(), name="api-case"),
    path("<int:pk>/actions/<str:action>/", apis.CaseActionApi.as_view(), name="api-case-action"),
    path("<int:pk>/timeline/", apis.CaseTimelineApi.as_view(), name="api-case-timeline"),
]
