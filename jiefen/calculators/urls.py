from django.urls import path

from jiefen.calculators import views

app_name = "calculators"
urlpatterns = [
    path("", views.calculator_view, name="index"),
    path("parameters/", views.parameters_view, name="parameters"),
    path("cases/<int:pk>/save/", views.calculation_save_view, name="save"),
    path("calculations/<int:pk>/", views.calculation_detail_view, name="calculation"),
]
