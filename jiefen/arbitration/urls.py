from django.urls import path

from jiefen.arbitration import views

app_name = "arbitration"
urlpatterns = [
    path("", views.application_list_view, name="list"),
    path("hearings/", views.hearings_week_view, name="hearings_week"),
    path("file/<int:case_pk>/", views.application_file_view, name="file"),
    path("<int:pk>/", views.application_detail_view, name="detail"),
    path("<int:pk>/<slug:action>/", views.application_action_view, name="action"),
    path(
        "<int:pk>/documents/<slug:kind>.<str:fmt>",
        views.application_document_view,
        name="document",
    ),
]
