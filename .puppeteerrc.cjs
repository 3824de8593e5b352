// Chromium comes from the system (Debian's /usr/bin/chromium); never download a browser.
module.exports = { skipDownload: true };
