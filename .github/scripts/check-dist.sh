#!/usr/bin/env bash
# Build the sdist and the wheel, check them as PyPI will, then install the wheel alone in a clean venv and publish
# the sample show with it: a wheel missing a module or a data file fails here, not on a podcaster's runner.
#
# Usage: check-dist.sh OUTDIR [EXPECTED_VERSION]
#   OUTDIR            where the sdist and wheel are written (created; must hold no other distribution)
#   EXPECTED_VERSION  the release tag without its "v": the built version must be exactly it
# Run from the repository root by .ci/run (before the tests) and by .github/workflows/release.yml.
set -euo pipefail

out="${1:?usage: check-dist.sh OUTDIR [EXPECTED_VERSION]}"
expected="${2:-}"
# A tag that is not the source's version fails before anything is built.
source_version="$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' src/edtfeed/__init__.py)"
if [ -z "$source_version" ]; then
  echo "::error::no __version__ = \"X.Y.Z\" line in src/edtfeed/__init__.py" >&2
  exit 1
fi
if [ -n "$expected" ] && [ "$expected" != "$source_version" ]; then
  echo "::error::the tag asks for version $expected but src/edtfeed/__init__.py says $source_version: bump __version__ first" >&2
  exit 1
fi

mkdir -p "$out"
out="$(cd "$out" && pwd)"
work="$(mktemp -d)"
# setuptools leaves src/edtfeed.egg-info behind; the tests that follow would read it as an installed edtfeed.
leftovers=()
for path in src/edtfeed.egg-info build; do [ -e "$path" ] || leftovers+=("$path"); done
trap 'rm -rf "$work" ${leftovers[@]+"${leftovers[@]}"}' EXIT

# The tools get a venv of their own, so nothing of the caller's environment leaks into the build or the check.
python3 -m venv "$work/tools"
"$work/tools/bin/pip" install --quiet --disable-pip-version-check build twine
"$work/tools/bin/python" -m build --outdir "$out" .
"$work/tools/bin/twine" check --strict "$out"/*

shopt -s nullglob
wheels=("$out"/edtfeed-*.whl)
sdists=("$out"/edtfeed-*.tar.gz)
if [ "${#wheels[@]}" -ne 1 ] || [ "${#sdists[@]}" -ne 1 ]; then
  echo "::error::expected one wheel and one sdist in $out, found ${#wheels[@]} and ${#sdists[@]}" >&2
  exit 1
fi
built="$(basename "${wheels[0]}" | cut -d- -f2)"
if [ "$built" != "$source_version" ]; then
  echo "::error::the wheel is version $built but src/edtfeed/__init__.py says $source_version" >&2
  exit 1
fi

# The wheel alone, in a venv that never saw the source tree; run from outside it so nothing imports src/.
python3 -m venv "$work/clean"
"$work/clean/bin/pip" install --quiet --disable-pip-version-check "${wheels[0]}"
reported="$("$work/clean/bin/edtfeed" --version)"
if [ "$reported" != "edtfeed, version $built" ]; then
  echo "::error::the installed wheel reports '$reported', not version $built" >&2
  exit 1
fi
root="$(pwd)"
(cd "$work" && "$work/clean/bin/edtfeed" --config "$root/edtfeed.toml" publish --offline --no-cache \
  --out "$work/feeds" >/dev/null)
for file in feed.xsl en/feed.xml en/index.html; do
  if [ ! -s "$work/feeds/$file" ]; then
    echo "::error::the installed wheel did not write $file for the sample show" >&2
    exit 1
  fi
done
# init renders its workflow from a template in the package data: write one for a one-page site.
mkdir -p "$work/site/episodes/ep-1"
printf 'title: Smoke\ndescription: A check.\nauthor: CI\nemail: ci@example.org\nurl: https://example.org\nlogo: /c.png\n' \
  > "$work/site/_config.yml"
printf -- '---\ntitle: One\ndate: 2024-05-14\n---\n\n{%% include transistor.html id="a1b2c3d4" %%}\n' \
  > "$work/site/episodes/ep-1/episode.md"
"$work/clean/bin/edtfeed" init "$work/site" --yes --feed-url https://feeds.example.org/smoke \
  --install "edtfeed==$built" >/dev/null
if ! grep -q "pip install \"edtfeed==$built\"" "$work/site/.github/workflows/publish-feeds.yml"; then
  echo "::error::the installed wheel's init did not write the workflow" >&2
  exit 1
fi
echo "Checked $(basename "${wheels[0]}") and $(basename "${sdists[0]}") (version $built)."
