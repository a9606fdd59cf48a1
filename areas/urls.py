from django.urls import path

from areas import views

app_name = "areas"

urlpatterns = [
    path("boroughs/", views.BoroughListView.as_view(), name="borough-list"),
    path("boroughs/<str:ons_code>/", views.BoroughDetailView.as_view(), name="borough-detail"),
    path("wards/", views.WardListView.as_view(), name="ward-list"),
    path("wards/<str:ons_code>/", views.WardDetailView.as_view(), name="ward-detail"),
]
