from django.urls import path

from jiefen.outreach import apis

urlpatterns = [
    path("enterprises/", apis.EnterpriseListApi.as_view(), name="api-outreach-enterprises"),
    path("enterprises/import/", apis.EnterpriseImportApi.as_view(), name="api-outreach-import"),
    path(
        "enterprises/<int:pk>/", apis.EnterpriseDetailApi.as_view(), name="api-outreach-enterprise"
    ),
    path("unvisited/", apis.UnvisitedApi.as_view(), name="api-outreach-unvisited"),
    path("plans/", apis.PlanListApi.as_view(), name="api-outreach-plans"),
    path("visits/", apis.VisitListApi.as_view(), name="api-outreach-visits"),
    path("visits/<int:pk>/", apis.VisitDetailApi.as_view(), name="api-outreach-visit"),
    path("visits/<int:pk>/photos/", apis.VisitPhotoApi.as_view(), name="api-outreach-visit-photos"),
    path(
        "visits/<int:pk>/follow-ups/",
        apis.FollowUpCreateApi.as_view(),
        name="api-outreach-follow-ups",
    ),
    path(
        "follow-ups/<int:pk>/done/",
        apis.FollowUpDoneApi.as_view(),
        name="api-outreach-follow-up-done",
    ),
    path("warnings/", apis.WarningListApi.as_view(), name="api-outreach-warnings"),
    path("warnings/board/", apis.WarningBoardApi.as_view(), name="api-outreach-board"),
    path("warnings/<int:pk>/", apis.WarningDetailApi.as_view(), name="api-outreach-warning"),
    path("warnings/<int:pk>/act/", apis.WarningActApi.as_view(), name="api-outreach-warning-act"),
    path(
        "warnings/<int:pk>/convert/",
        apis.WarningConvertApi.as_view(),
        name="api-outreach-warning-convert",
    ),
]
