// Shared by jest.config.js (which runs as plain Node) and the browser tests.
const { existsSync } = require('node:fs');

/** Browser test files: they drive Chromium and run only where one is installed (always in CI). */
const BROWSER_TESTS = '/test/admin-';

/** Debian's chromium (apt-get install -y chromium), or CHROMIUM_PATH. */
function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((p) => !!p && existsSync(p));
}

/** Outside CI without a Chromium the browser tests are left out of the run, and the run says so loudly; in CI they run (and fail without one). */
function leaveOutBrowserTests() {
  return !findChromium() && !process.env.CI;
}

module.exports = { BROWSER_TESTS, findChromium, leaveOutBrowserTests };
