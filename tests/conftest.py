"""Suite-wide setup: pygame, whenever a test imports it, runs headless and silent; every test
has a time limit."""

import os

# set before anything imports pygame (DESIGN §3: headless pygame in tests)
os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"

# compiled scenarios go to a private folder of this run, not the user's own cache (a test of
# the cache sets its own); the commands the tests start inherit it
if not os.environ.get("SIM_CACHE_DIR"):
    import atexit
    import shutil
    import tempfile

    _cache = tempfile.mkdtemp(prefix="nar-tests-")
    atexit.register(shutil.rmtree, _cache, ignore_errors=True)
    os.environ["SIM_CACHE_DIR"] = os.path.join(_cache, "scenarios")


# Every test has a time limit (pytest-timeout, in the test extra): a scene or a replay that
# hangs fails its test instead of hanging the suite. The default is generous for the slowest
# test on a shared two-core machine; a test may set its own with @pytest.mark.timeout(N).
SUITE_TIMEOUT = 300


def pytest_collection_modifyitems(config, items):
    if not config.pluginmanager.hasplugin("timeout"):
        return
    import pytest

    for item in items:
        if item.get_closest_marker("timeout") is None:
            item.add_marker(pytest.mark.timeout(SUITE_TIMEOUT))
