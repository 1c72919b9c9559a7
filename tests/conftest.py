"""Suite-wide setup: pygame, whenever a test imports it, runs headless and silent."""

import os

# set before anything imports pygame (DESIGN §3: headless pygame in tests)
os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
