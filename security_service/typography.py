"""French typography, as SPIP applied it: a no-break space before : ; ! ? and inside « », without editors typing it."""

import re

NBSP = "\u00a0"
SPACE_BEFORE = re.compile(r"[ \t]+([:;!?»])")
SPACE_AFTER_GUILLEMET = re.compile(r"«[ \t]*")
NO_SPACE_BEFORE_CLOSING = re.compile(r"(?<=[^\s\u00a0])»")


def french(text):
    """`text` with the no-break spaces of French typography; other characters are left as typed."""
    if not text:
        return text
    text = SPACE_BEFORE.sub(NBSP + r"\1", text)
    text = SPACE_AFTER_GUILLEMET.sub("«" + NBSP, text)
    return NO_SPACE_BEFORE_CLOSING.sub(NBSP + "»", text)
