from django.urls import path

from newsapp.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.preferences, name="preferences"),
    path("language/", views.language_set, name="language"),
]
