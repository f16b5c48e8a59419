from django.urls import path

from jiefen.dispatch import views

app_name = "dispatch"
urlpatterns = [
    path("", views.home_view, name="home"),
    path("incidents/", views.incident_list_view, name="incident_list"),
    path("board/", views.board_view, name="board"),
    path("board/rows/", views.board_partial_view, name="board_rows"),
    path("incidents/new/", views.incident_create_view, name="incident_create"),
    path("incidents/<int:pk>/", views.incident_detail_view, name="incident_detail"),
    path("incidents/<int:pk>/<slug:action>/", views.incident_action_view, name="incident_action"),
    path("orders/<int:pk>/<slug:action>/", views.order_action_view, name="order_action"),
]
