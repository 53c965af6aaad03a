"""French typography, as SPIP applied it: a no-break space before : ; ! ? and inside « », and after n°, without
editors typing it."""

import re

NBSP = "\u00a0"
SPACE_BEFORE = re.compile(r"[ \t]+([:;!?»])")
SPACE_AFTER_GUILLEMET = re.compile(r"«[ \t]*")
NO_SPACE_BEFORE_CLOSING = re.compile(r"(?<=[^\s\u00a0])»")
# "loi n° 2005-102": the number stays on the line of its n°.
SPACE_AFTER_NUMERO = re.compile(r"(?<!\w)([nN]°)[ \t]+(?=\S)")


def french(text):
    """`text` with the no-break spaces of French typography; other characters are left as typed."""
    if not text:
        return text
    text = SPACE_BEFORE.sub(NBSP + r"\1", text)
    text = SPACE_AFTER_GUILLEMET.sub("«" + NBSP, text)
    text = SPACE_AFTER_NUMERO.sub(r"\1" + NBSP, text)
    return NO_SPACE_BEFORE_CLOSING.sub(NBSP + "»", text)
