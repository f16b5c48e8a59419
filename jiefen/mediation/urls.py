from django.urls import path

from jiefen.mediation import views

app_name = "mediation"
urlpatterns = [
    path("", views.mediation_list_view, name="list"),
    path("due/", views.mediation_due_view, name="due"),
    path("start/<int:case_pk>/", views.mediation_start_view, name="start"),
    path("<int:pk>/", views.mediation_detail_view, name="detail"),
    path("<int:pk>/<slug:action>/", views.mediation_action_view, name="action"),
    path(
        "<int:pk>/agreement.<str:fmt>",
        views.agreement_document_view,
        name="agreement_document",
    ),
]
