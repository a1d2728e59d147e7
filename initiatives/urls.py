from django.urls import path

from . import exports, views

app_name = "initiatives"

urlpatterns = [
    path("", views.initiative_list, name="list"),
    path("export.csv", exports.export_csv, name="export_csv"),
    path("export.xlsx", exports.export_xlsx, name="export_xlsx"),
    path("mine/", views.my_initiatives, name="mine"),
    path("new/", views.initiative_create, name="create"),
    path("translations/", views.translation_desk, name="translations"),
    path("<int:pk>/translate/<str:code>/", views.translate, name="translate"),
    path("<int:pk>-<str:slug>/", views.initiative_detail, name="detail"),
    path("<int:pk>/edit/", views.initiative_edit, name="edit"),
    path("<int:pk>/manage/", views.initiative_manage, name="manage"),
    path("<int:pk>/actions/<slug:action>/", views.initiative_action, name="action"),
    path("<int:pk>/documents/", views.document_upload, name="document_upload"),
    path("<int:pk>/documents/<int:document_pk>/", views.document_download, name="document"),
]
