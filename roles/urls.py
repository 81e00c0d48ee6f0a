from django.urls import path

from roles import views

app_name = "roles"

urlpatterns = [
    path("", views.home, name="home"),
    path("roles/", views.role_list, name="role_list"),
    path("roles/<slug:slug>/", views.role_detail, name="role_detail"),
    path("compare/", views.compare_picker, name="compare_picker"),
    path("compare/<slug:slugs>/", views.compare, name="compare"),
    path("comparisons/<slug:slug>/", views.comparison_by_slug, name="comparison_by_slug"),
    path("sources/", views.sources, name="sources"),
    path("fit/", views.fit, name="fit"),
    path("fields/<slug:slug>/", views.field_detail, name="field_detail"),
    path("search/", views.search, name="search"),
    # Data out; a slug cannot hold ".", so these never clash with the page addresses above.
    path("roles/<slug:slug>.json", views.role_json, name="role_json"),
    path("compare/<slug:slugs>.csv", views.compare_csv, name="compare_csv"),
    path("compare/<slug:slugs>.json", views.compare_json, name="compare_json"),
]
