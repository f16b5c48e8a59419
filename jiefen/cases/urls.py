from django.urls import path

from jiefen.cases import views

app_name = "cases"
urlpatterns = [path("<int:pk>/", views.case_detail_view, name="detail")]
