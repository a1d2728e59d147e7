"""Public pages of the bulletins app, under /<language>/bulletins/."""

from django.urls import path

from . import views

app_name = "bulletins"

urlpatterns = [
    path("", views.archive, name="archive"),
    path("subscribe/", views.subscribe, name="subscribe"),
    path("subscribe/sent/", views.subscribe_sent, name="subscribe_sent"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("preferences/<str:token>/", views.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("<int:year>/", views.bulletin_detail, name="detail"),
    path("<int:year>/ricomi-<str:language>.pdf", views.bulletin_pdf, name="pdf"),
]
