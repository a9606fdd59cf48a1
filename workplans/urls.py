from django.urls import path

from workplans import views

app_name = "workplans"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
]
