from django.conf import settings


def site(request):
    """The public address of the site, for absolute links (canonical, hreflang, sharing)."""
    return {"site_url": settings.SITE_URL}
