from django.urls import path

from jiefen.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("monthly/", views.monthly_view, name="monthly"),
    path("wall/<str:token>/", views.kiosk_view, name="kiosk"),
    path("kiosks/", views.kiosk_list_view, name="kiosks"),
    path("kiosks/<int:pk>/revoke/", views.kiosk_revoke_view, name="kiosk_revoke"),
    path("monthly/runs/", views.run_start_view, name="run_start"),
    path("monthly/runs/<int:pk>/", views.run_view, name="run"),
    path("monthly/runs/<int:pk>/<str:fmt>/", views.run_download_view, name="run_download"),
]
