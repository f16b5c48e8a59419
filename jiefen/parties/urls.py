from django.urls import path

from jiefen.parties import views

app_name = "parties"
urlpatterns = [
    path("lookup/worker/", views.worker_lookup_view, name="worker_lookup"),
    path("lookup/employer/", views.employer_lookup_view, name="employer_lookup"),
    path("<str:kind>/<int:pk>/reveal/<str:field>/", views.party_reveal_view, name="reveal"),
]
