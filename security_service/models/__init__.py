"""The content model: a service's page as staff edit it (the draft), its publication, and the site's own records."""

from .base import (
    MARKDOWN_HELP,
    Illustrated,
    OrderedByPosition,
    TranslatedContent,
    discard_unused_images,
    illustration_path,
    slug_lookup,
    translate_permission,
)
from .publications import PageVersion, Publication, live_version
from .services import (
    PART_ACCESSORS,
    PART_MODELS,
    ContactPoint,
    Directorate,
    Link,
    LinkGroup,
    Mission,
    PhoneNumber,
    Service,
    StaffRole,
    format_e164,
    format_national,
    touch_services,
)
from .site import AccessibilityStatement, AuditEvent

__all__ = [
    "MARKDOWN_HELP",
    "PART_ACCESSORS",
    "PART_MODELS",
    "AccessibilityStatement",
    "AuditEvent",
    "ContactPoint",
    "Directorate",
    "Illustrated",
    "Link",
    "LinkGroup",
    "Mission",
    "OrderedByPosition",
    "PageVersion",
    "PhoneNumber",
    "Publication",
    "Service",
    "StaffRole",
    "TranslatedContent",
    "discard_unused_images",
    "format_e164",
    "format_national",
    "illustration_path",
    "live_version",
    "slug_lookup",
    "touch_services",
    "translate_permission",
]
