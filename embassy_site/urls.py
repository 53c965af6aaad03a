from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from security_service.health import health
from security_service.seo import robots_txt, sitemap
from security_service.views import admin_language, remember_language

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("language/<str:language>/", remember_language, name="remember_language"),
    path("admin-language/", admin_language, name="admin_language"),
    path("health/", health, name="health"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
]
# A database fault outside a view (while showing "page not found") gets the 503 page, not a server error.
handler500 = "security_service.middleware.server_error"

urlpatterns += i18n_patterns(
    path("", include("security_service.urls")),
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
