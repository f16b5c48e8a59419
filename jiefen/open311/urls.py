from django.urls import path

from jiefen.open311 import views

app_name = "open311"

# GeoReport v2: every resource ends in .json or .xml (the view refuses any other format).
urlpatterns = [
    path("discovery.<str:format>", views.DiscoveryView.as_view(), name="discovery"),
    path("services.<str:format>", views.ServiceListView.as_view(), name="services"),
    path(
        "services/<str:service_code>.<str:format>",
        views.ServiceDefinitionView.as_view(),
        name="service",
    ),
    path("requests.<str:format>", views.RequestsView.as_view(), name="requests"),
    path(
        "requests/<str:service_request_id>.<str:format>",
        views.RequestView.as_view(),
        name="request",
    ),
    path("tokens/<str:token>.<str:format>", views.TokenView.as_view(), name="token"),
]
