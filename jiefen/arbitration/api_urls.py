from django.urls import path

from jiefen.arbitration import apis

urlpatterns = [
    path("", apis.ApplicationListApi.as_view(), name="api-arbitration-list"),
    path("file/", apis.ApplicationFileApi.as_view(), name="api-arbitration-file"),
    path("<int:pk>/", apis.ApplicationDetailApi.as_view(), name="api-arbitration-detail"),
    path(
        "<int:pk>/<slug:action>/",
        apis.ApplicationActionApi.as_view(),
        name="api-arbitration-action",
    ),
]
