from django.urls import path

from jiefen.geo import views

app_name = "geo"
urlpatterns = [
    path("", views.grid_view, name="grid"),
    path("villages/search/", views.village_search_view, name="village_search"),
]
