from django.urls import path

from jiefen.calculators import apis

urlpatterns = [
    path("calculate/", apis.CalculateApi.as_view(), name="api-calculate"),
    path(
        "cases/<int:pk>/calculations/",
        apis.CaseCalculationsApi.as_view(),
        name="api-case-calculations",
    ),
]
