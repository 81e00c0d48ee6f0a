from django.urls import path

from roles import views

app_name = "roles"

urlpatterns = [
    path("", views.home, name="home"),
    path("roles/", views.role_list, name="role_list"),
    path("roles/<slug:slug>/", views.role_detail, name="role_detail"),
    path("compare/<slug:slugs>/", views.compare, name="compare"),
    path("comparisons/<slug:slug>/", views.comparison_by_slug, name="comparison_by_slug"),
]
