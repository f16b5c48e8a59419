from django.urls import path

from jiefen.outreach import views

app_name = "outreach"
urlpatterns = [
    path("", views.index_view, name="index"),
    path("enterprises/", views.enterprise_list_view, name="enterprises"),
    path("enterprises/new/", views.enterprise_create_view, name="enterprise_create"),
    path("enterprises/import/", views.enterprise_import_view, name="enterprise_import"),
    path("enterprises/template.xlsx", views.enterprise_template_view, name="enterprise_template"),
    path("enterprises/<int:pk>/", views.enterprise_detail_view, name="enterprise"),
    path("enterprises/<int:pk>/edit/", views.enterprise_edit_view, name="enterprise_edit"),
    path("enterprises/<int:pk>/reveal/", views.enterprise_reveal_view, name="enterprise_reveal"),
    path("enterprises/<int:pk>/plan/", views.plan_create_view, name="plan_create"),
    path("enterprises/<int:pk>/visit/", views.visit_record_view, name="visit_record"),
    path("plans/", views.plan_list_view, name="plans"),
    path("plans/<int:pk>/cancel/", views.plan_cancel_view, name="plan_cancel"),
    path("visits/", views.visit_list_view, name="visits"),
    path("visits/<int:pk>/", views.visit_detail_view, name="visit"),
    path("visits/<int:pk>/photos/", views.visit_photo_add_view, name="visit_photo_add"),
    path("visits/<int:pk>/follow-ups/", views.follow_up_create_view, name="follow_up_create"),
    path("follow-ups/<int:pk>/done/", views.follow_up_done_view, name="follow_up_done"),
    path("photos/<int:pk>/", views.photo_view, name="photo"),
    path("unvisited/", views.unvisited_view, name="unvisited"),
    path("warnings/", views.board_view, name="board"),
    path("warnings/<int:pk>/", views.warning_detail_view, name="warning"),
    path("warnings/<int:pk>/act/", views.warning_act_view, name="warning_act"),
    path("warnings/<int:pk>/convert/", views.warning_convert_view, name="warning_convert"),
]
