from django.urls import path

from jiefen.centre import views

app_name = "centre"

urlpatterns = [
    path("visits/", views.visits_view, name="visits"),
    path("visits/<int:pk>/", views.visit_view, name="visit"),
    path("visits/<int:pk>/act/", views.visit_act_view, name="visit_act"),
    path("satisfaction/", views.satisfaction_view, name="satisfaction"),
    path("survey/<str:token>/", views.survey_view, name="survey"),
    path("majors/", views.majors_view, name="majors"),
    path("majors/<int:pk>/", views.major_view, name="major"),
    path("majors/<int:pk>/act/", views.major_act_view, name="major_act"),
    path("majors/propose/<int:case_pk>/", views.major_propose_view, name="major_propose"),
    path("board/", views.board_view, name="board"),
    path("board/meetings/new/", views.meeting_create_view, name="meeting_create"),
    path("board/meetings/<int:pk>/", views.meeting_view, name="meeting"),
    path("board/meetings/<int:pk>/act/", views.meeting_act_view, name="meeting_act"),
    path("board/meetings/<int:pk>/minutes.docx", views.meeting_minutes_view, name="minutes"),
    path("board/tasks/<int:pk>/", views.task_view, name="task"),
    path("board/tasks/<int:pk>/act/", views.task_act_view, name="task_act"),
    path("settings/", views.settings_view, name="settings"),
]
