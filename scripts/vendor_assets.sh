#!/usr/bin/env bash
# Re-vendor NPGov's front-end assets from the npm registry.
#
# NPGov runs on a government intranet with no internet access, so every
# front-end asset is served from src/npgov/static/vendor/ (never a CDN).
# This script fetches the pinned versions below with `npm pack` (npm registry
# only), extracts them in a temporary directory, and copies just the needed
# dist files plus each package's licence file(s).
#
# To upgrade: edit a version below, run this script (machine with npm and
# registry access), update the table in src/npgov/static/vendor/README.md,
# review `git diff --stat`, and commit.
#
# Usage: scripts/vendor_assets.sh

set -euo pipefail
shopt -s inherit_errexit

# ---- Pinned versions -------------------------------------------------------
BOOTSTRAP_VERSION="5.3.9"
BOOTSTRAP_ICONS_VERSION="1.13.2"
HTMX_VERSION="2.0.11"
ECHARTS_VERSION="5.6.0"
LEAFLET_VERSION="1.9.4"
# -----------------------------------------------------------------------------

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "${SCRIPT_DIR}/.." && pwd)"
VENDOR_DIR="${REPO_ROOT}/src/npgov/static/vendor"

command -v npm >/dev/null 2>&1 || { echo "error: npm is required" >&2; exit 1; }
command -v tar >/dev/null 2>&1 || { echo "error: tar is required" >&2; exit 1; }
command -v node >/dev/null 2>&1 || { echo "error: node is required" >&2; exit 1; }

WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/npgov-vendor.XXXXXX")"
trap 'rm -rf "${WORK_DIR}"' EXIT

# fetch NAME VERSION -> prints the path of the extracted package directory.
# npm pack verifies the tarball against the registry's published integrity.
fetch() {
    local name="$1" version="$2"
    local dir="${WORK_DIR}/${name}"
    mkdir -p "${dir}"
    (cd "${dir}" && npm pack --loglevel=error --ignore-scripts "${name}@${version}" >/dev/null)
    local tarball
    tarball="$(find "${dir}" -maxdepth 1 -name '*.tgz' -print -quit)"
    [[ -n "${tarball}" ]] || { echo "error: npm pack produced no tarball for ${name}@${version}" >&2; exit 1; }
    tar -xzf "${tarball}" -C "${dir}"
    local got
    got="$(node -p "require('${dir}/package/package.json').version" 2>/dev/null || true)"
    echo "  ${name}@${got:-${version}}  sha512-$(openssl dgst -sha512 -binary "${tarball}" 2>/dev/null | base64 | tr -d '\n' || echo '?')" >&2
    # Guard against fetching something other than what was asked for.
    if [[ "${version}" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ && -n "${got}" && "${got}" != "${version}" ]]; then
        echo "error: ${name}: expected ${version}, got ${got}" >&2
        exit 1
    fi
    echo "${dir}/package"
}

# dep_version PKG_DIR FIELD NAME -> version/range of NAME declared in
# PKG_DIR/package.json under FIELD (e.g. dependencies, devDependencies).
dep_version() {
    node -p "require('$1/package.json')['$2']['$3']"
}

# Everything is assembled in a staging copy first; the real vendor folders are
# only replaced once every package has been fetched and checked, so a failed
# run leaves the repository untouched.
STAGE_DIR="${WORK_DIR}/stage"
PACKAGE_DIRS=(bootstrap bootstrap-icons htmx echarts leaflet)

# fresh_dir SUBDIR -> creates an empty staging folder for vendor/SUBDIR.
fresh_dir() {
    local dest="${STAGE_DIR}/$1"
    rm -rf "${dest}"
    mkdir -p "${dest}"
    echo "${dest}"
}

echo "Fetching packages from the npm registry into ${WORK_DIR}:"

# --- Bootstrap ---------------------------------------------------------------
pkg="$(fetch bootstrap "${BOOTSTRAP_VERSION}")"
dest="$(fresh_dir bootstrap)"
cp "${pkg}/dist/css/bootstrap.min.css" \
   "${pkg}/dist/css/bootstrap.min.css.map" \
   "${pkg}/dist/js/bootstrap.bundle.min.js" \
   "${pkg}/dist/js/bootstrap.bundle.min.js.map" \
   "${pkg}/LICENSE" \
   "${dest}/"
# bootstrap.bundle.min.js embeds Popper (MIT) without its licence text, so
# ship Popper's licence too (version = the one Bootstrap builds against).
popper_pkg="$(fetch @popperjs/core "$(dep_version "${pkg}" devDependencies @popperjs/core)")"
mkdir -p "${dest}/licenses"
cp "${popper_pkg}/LICENSE.md" "${dest}/licenses/LICENSE-popper.md"

# --- Bootstrap Icons (CSS expects fonts/ next to it) ---------------------------
pkg="$(fetch bootstrap-icons "${BOOTSTRAP_ICONS_VERSION}")"
dest="$(fresh_dir bootstrap-icons)"
mkdir -p "${dest}/fonts"
cp "${pkg}/font/bootstrap-icons.min.css" "${pkg}/LICENSE" "${dest}/"
cp "${pkg}/font/fonts/"*.woff2 "${pkg}/font/fonts/"*.woff "${dest}/fonts/"

# --- htmx ----------------------------------------------------------------------
pkg="$(fetch htmx.org "${HTMX_VERSION}")"
dest="$(fresh_dir htmx)"
cp "${pkg}/dist/htmx.min.js" "${pkg}/LICENSE" "${dest}/"

# --- Apache ECharts (Apache-2.0: ship NOTICE alongside LICENSE) ----------------
pkg="$(fetch echarts "${ECHARTS_VERSION}")"
dest="$(fresh_dir echarts)"
cp "${pkg}/dist/echarts.min.js" "${pkg}/LICENSE" "${dest}/"
if [[ -f "${pkg}/NOTICE" ]]; then cp "${pkg}/NOTICE" "${dest}/"; fi
# LICENSE points to licenses/LICENSE-d3 for embedded d3 code (BSD-3-Clause).
mkdir -p "${dest}/licenses"
cp "${pkg}/licenses/"* "${dest}/licenses/"
# echarts.min.js also embeds ZRender (BSD-3-Clause), whose header only links
# to its licence online; ship the text (version = echarts' exact dependency).
zrender_pkg="$(fetch zrender "$(dep_version "${pkg}" dependencies zrender)")"
cp "${zrender_pkg}/LICENSE" "${dest}/licenses/LICENSE-zrender"

# --- Leaflet (CSS expects images/ next to it) ---------------------------------
# leaflet.js.map is kept because leaflet.js ends with a sourceMappingURL
# comment; Django's ManifestStaticFilesStorage (and WhiteNoise's subclass)
# fails collectstatic if that referenced file is missing.
pkg="$(fetch leaflet "${LEAFLET_VERSION}")"
dest="$(fresh_dir leaflet)"
mkdir -p "${dest}/images"
cp "${pkg}/dist/leaflet.js" \
   "${pkg}/dist/leaflet.js.map" \
   "${pkg}/dist/leaflet.css" \
   "${pkg}/LICENSE" \
   "${dest}/"
cp "${pkg}/dist/images/"* "${dest}/images/"

# --- Sanity checks -----------------------------------------------------------
# Every url(...) in the vendored CSS must resolve to a file beside it.
status=0
for css in "${STAGE_DIR}/bootstrap-icons/bootstrap-icons.min.css" \
           "${STAGE_DIR}/leaflet/leaflet.css"; do
    css_dir="$(dirname "${css}")"
    while IFS= read -r ref; do
        case "${ref}" in data:*|http:*|https:*|//*|'#'*) continue ;; esac
        path="${ref%%[?#]*}"
        if [[ ! -f "${css_dir}/${path}" ]]; then
            echo "error: ${css#"${STAGE_DIR}/"} references missing ${path}" >&2
            status=1
        fi
    done < <(grep -o 'url([^)]*)' "${css}" | sed -E 's/^url\(["'\'']?//; s/["'\'']?\)$//')
done
[[ "${status}" -eq 0 ]] || exit 1

# --- Install: replace only the five package folders (README.md etc. kept) -----
mkdir -p "${VENDOR_DIR}"
for sub in "${PACKAGE_DIRS[@]}"; do
    rm -rf "${VENDOR_DIR:?}/${sub}"
    cp -R "${STAGE_DIR}/${sub}" "${VENDOR_DIR}/${sub}"
done

echo
echo "Vendored files:"
(cd "${VENDOR_DIR}" && find "${PACKAGE_DIRS[@]}" -type f | sort | xargs du -b)
echo
echo "Total: $(du -sh "${VENDOR_DIR}" | cut -f1)"
echo "Now update the version table in ${VENDOR_DIR#"${REPO_ROOT}/"}/README.md if versions changed."
