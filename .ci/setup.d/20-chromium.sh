# Chromium for the tuning page's browser test
# (examples/tune-weights/browsertest). Sourced by .ci/run as root; safe to
# run twice: it installs Debian's chromium package only when no chromium is
# on the PATH.
if ! command -v chromium >/dev/null 2>&1; then
	echo "installing chromium (Debian package)"
	DEBIAN_FRONTEND=noninteractive apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
if command -v chromium >/dev/null 2>&1; then
	CHROMIUM_BIN=$(command -v chromium)
	export CHROMIUM_BIN
	echo "chromium: $("$CHROMIUM_BIN" --version 2>/dev/null | head -1)"
fi
