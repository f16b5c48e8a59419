from django.urls import path

from jiefen.geo import views

app_name = "geo"
urlpatterns = [path("", views.grid_view, name="grid")]
