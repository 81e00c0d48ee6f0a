from django.urls import path, re_path

from roles.catalogue import views as catalogue
from roles.compare import views as compare
from roles.discover import views as discover
from roles.seo import views as seo

app_name = "roles"

urlpatterns = [
    path("", catalogue.home, name="home"),
    path("roles/", discover.role_list, name="role_list"),
    path("roles/<slug:slug>/", catalogue.role_detail, name="role_detail"),
    path("occupations/<slug:slug>/", catalogue.occupation_detail, name="occupation_detail"),
    path(
        "occupations/<slug:slug>/titles/",
        catalogue.occupation_titles,
        name="occupation_titles",
    ),
    # The stable address by O*NET-SOC code (a code holds a "." no slug has); anything else
    # with a dot gets the styled 404 from the view.
    re_path(
        r"^occupations/(?P<code>[^/]+)/$", catalogue.occupation_by_code, name="occupation_by_code"
    ),
    path("compare/", compare.compare_picker, name="compare_picker"),
    path("compare/suggest/", compare.suggest, name="compare_suggest"),
    path("compare/<slug:slugs>/", compare.compare, name="compare"),
    path("comparisons/<slug:slug>/", compare.comparison_by_slug, name="comparison_by_slug"),
    path("sources/", catalogue.sources, name="sources"),
    path("next-moves/", catalogue.next_moves_finder, name="next_moves_finder"),
    path("next-moves/<slug:slug>/", catalogue.next_moves_page, name="next_moves"),
    path("fit/", discover.fit, name="fit"),
    path("fields/<slug:slug>/", catalogue.field_detail, name="field_detail"),
    path("search/", discover.search, name="search"),
    # Data out; a slug cannot hold ".", so these never clash with the page addresses above.
    path("roles/<slug:slug>.json", catalogue.role_json, name="role_json"),
    path("compare/<slug:slugs>.csv", compare.compare_csv, name="compare_csv"),
    path("compare/<slug:slugs>.json", compare.compare_json, name="compare_json"),
    # For search engines and browsers, at the addresses they ask for.
    path("robots.txt", seo.robots_txt, name="robots_txt"),
    path("sitemap.xml", seo.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", seo.sitemap_section, name="sitemap_section"),
    path("favicon.ico", seo.favicon, name="favicon"),
]
