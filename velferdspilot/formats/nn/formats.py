# Nynorsk writes dates and numbers as bokmål does: 23.11.2026, 1 234,5.
from velferdspilot.formats.nb.formats import *  # noqa: F403
