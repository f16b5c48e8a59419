from django.urls import path

from jiefen.geo import apis

urlpatterns = [
    path("streets/", apis.StreetListApi.as_view(), name="api-streets"),
    path("villages/", apis.VillageListApi.as_view(), name="api-villages"),
]
