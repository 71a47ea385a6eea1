#!/usr/bin/env bash
# Mica dependency installer (Debian hosts).
#
#   tools/deps.sh PKG...              install missing Debian binary packages
#   tools/deps.sh --source SRCPKG...  fetch + unpack Debian source packages into
#                                     ${MICA_CACHE:-$HOME/.cache/mica}/src/ and
#                                     print the unpacked directories on stdout
#
# Fast no-op when everything is already present. Progress messages go to
# stderr, so `dir=$(tools/deps.sh --source musl)` captures only the path(s).
# Uses sudo for privileged steps when not run as root.
set -euo pipefail

prog="mica"
say()  { printf '%s: %s\n' "$prog" "$*" >&2; }
die()  { printf '%s: error: %s\n' "$prog" "$*" >&2; exit 1; }

usage() {
	cat >&2 <<'EOF'
usage: tools/deps.sh PKG...              install Debian packages if missing
       tools/deps.sh --source SRCPKG...  fetch Debian source packages into
                                         ${MICA_CACHE:-$HOME/.cache/mica}/src/
EOF
}

SUDO=()
need_root() {
	if [[ ${EUID:-$(id -u)} -eq 0 ]]; then
		SUDO=()
	elif command -v sudo >/dev/null 2>&1; then
		SUDO=(sudo)
	else
		die "need root to $1, and sudo is not available; re-run as root"
	fi
}

APT_OPTS=(-o DPkg::Lock::Timeout=300 -o Acquire::Retries=3)
# As root, apt's download sandbox user (_apt) cannot write to the cache dir.
SRC_OPTS=()
[[ ${EUID:-$(id -u)} -eq 0 ]] && SRC_OPTS=(-o APT::Sandbox::User=root)
UPDATED=0
apt_update() {
	[[ $UPDATED -eq 1 ]] && return 0
	need_root "run apt-get update"
	say "apt-get update"
	if ! "${SUDO[@]}" apt-get "${APT_OPTS[@]}" update >&2; then
		die "apt-get update failed (network or mirror problem?)"
	fi
	UPDATED=1
}

is_installed() {
	local st
	st=$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) || return 1
	[[ $st == "install ok installed" ]]
}

install_pkgs() {
	local missing=() p
	for p in "$@"; do
		is_installed "$p" || missing+=("$p")
	done
	[[ ${#missing[@]} -eq 0 ]] && return 0
	command -v apt-get >/dev/null 2>&1 ||
		die "missing packages (${missing[*]}) and apt-get is not available; install them by hand"
	need_root "install ${missing[*]} (apt-get install ${missing[*]})"
	say "installing ${missing[*]} (apt-get)"
	apt_update
	if ! "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
		apt-get "${APT_OPTS[@]}" install -y --no-install-recommends "${missing[@]}" >&2; then
		die "apt-get install failed for: ${missing[*]}"
	fi
	for p in "${missing[@]}"; do
		is_installed "$p" || die "package $p still not installed after apt-get install"
	done
	say "installed ${missing[*]}"
}

# --- deb-src handling -------------------------------------------------------

# Active apt source files (apt ignores other extensions).
source_files() {
	local f
	[[ -f /etc/apt/sources.list ]] && echo /etc/apt/sources.list
	for f in /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
		[[ -f $f ]] && echo "$f"
	done
	return 0
}

have_deb_src() {
	local f
	while IFS= read -r f; do
		case $f in
		*.sources)
			# deb822: a "Types:" field listing deb-src (and not disabled).
			awk 'BEGIN{IGNORECASE=1; found=0; en=1; ty=0}
			     function flush(){ if (ty && en) found=1; ty=0; en=1 }
			     /^[ \t]*$/ {flush(); next}
			     /^[ \t]*#/ {next}
			     tolower($1)=="types:" { for(i=2;i<=NF;i++) if($i=="deb-src") ty=1 }
			     tolower($1)=="enabled:" && tolower($2)=="no" {en=0}
			     END{flush(); exit found?0:1}' "$f" && return 0 ;;
		*)
			grep -Eq '^[[:space:]]*deb-src[[:space:]]' "$f" && return 0 ;;
		esac
	done < <(source_files)
	return 1
}

# Print deb822 stanzas that are deb-src copies of the enabled "deb" stanzas.
deb822_to_src() {
	awk '
	function flush(   i) {
		if (n > 0 && isdeb && en) {
			if (out) print ""
			print "Types: deb-src"
			for (i = 1; i <= n; i++) if (tolower(f[i]) !~ /^types:/) print l[i]
			out = 1
		}
		n = 0; isdeb = 0; en = 1
	}
	BEGIN { n = 0; isdeb = 0; en = 1; out = 0 }
	/^[ \t]*$/ { flush(); next }
	/^[ \t]*#/ { next }
	{
		n++; l[n] = $0; f[n] = $1
		if (tolower($1) == "types:") for (i = 2; i <= NF; i++) if ($i == "deb") isdeb = 1
		if (tolower($1) == "enabled:" && tolower($2) == "no") en = 0
	}
	END { flush() }' "$@"
}

ensure_deb_src() {
	have_deb_src && return 0
	local deb822=() classic=() f tmp content=""
	while IFS= read -r f; do
		case $f in
		*.sources) deb822+=("$f") ;;
		*) classic+=("$f") ;;
		esac
	done < <(source_files)
	need_root "add a deb-src entry to apt's sources"
	tmp=$(mktemp)
	if [[ ${#deb822[@]} -gt 0 ]]; then
		deb822_to_src "${deb822[@]}" >"$tmp"
	fi
	if [[ -s $tmp ]]; then
		say "no deb-src configured; adding /etc/apt/sources.list.d/mica-src.sources"
		"${SUDO[@]}" install -m 0644 "$tmp" /etc/apt/sources.list.d/mica-src.sources ||
			{ rm -f "$tmp"; die "cannot write /etc/apt/sources.list.d/mica-src.sources"; }
	else
		if [[ ${#classic[@]} -gt 0 ]]; then
			sed -nE 's/^[[:space:]]*deb([[:space:]]+)/deb-src\1/p' "${classic[@]}" | sort -u >"$tmp"
		fi
		[[ -s $tmp ]] || { rm -f "$tmp"; die "no Debian mirror configured in /etc/apt; cannot add a deb-src entry"; }
		say "no deb-src configured; adding /etc/apt/sources.list.d/mica-src.list"
		"${SUDO[@]}" install -m 0644 "$tmp" /etc/apt/sources.list.d/mica-src.list ||
			{ rm -f "$tmp"; die "cannot write /etc/apt/sources.list.d/mica-src.list"; }
	fi
	rm -f "$tmp"
	UPDATED=0
	apt_update
}

# --- source packages --------------------------------------------------------

CACHE="${MICA_CACHE:-$HOME/.cache/mica}/src"
MARKS="$CACHE/.unpacked"

# Print the unpacked directory of $1 if it is already in the cache.
cached_dir() {
	local pkg=$1 d ctl best
	if [[ -f $MARKS/$pkg ]]; then
		d=$(<"$MARKS/$pkg")
		if [[ -d $d/debian ]]; then
			echo "$d"
			return 0
		fi
	fi
	# Fallback: the newest PKG-* directory whose debian/control names source PKG.
	best=$(for ctl in "$CACHE/$pkg"-*/debian/control; do
		[[ -f $ctl ]] || continue
		grep -Eqx "Source:[[:space:]]*$pkg[[:space:]]*" "$ctl" && echo "${ctl%/debian/control}"
	done | sort -V | tail -n1 || true)
	[[ -n $best ]] || return 1
	echo "$best"
}

fetch_sources() {
	local pkg d before after new todo=()
	for pkg in "$@"; do
		cached_dir "$pkg" >/dev/null || todo+=("$pkg")
	done
	if [[ ${#todo[@]} -gt 0 ]]; then
		# apt-get source needs dpkg-source (dpkg-dev) to unpack.
		install_pkgs dpkg-dev
		ensure_deb_src
		mkdir -p "$CACHE" "$MARKS" || die "cannot create cache directory $CACHE"
		for pkg in "${todo[@]}"; do
			say "fetching source package $pkg into $CACHE (apt-get source)"
			before=$(cd "$CACHE" && find . -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort)
			if ! (cd "$CACHE" && apt-get "${APT_OPTS[@]}" "${SRC_OPTS[@]}" source "$pkg" >&2); then
				# Perhaps the package lists predate the deb-src entry.
				if [[ $UPDATED -eq 0 ]]; then
					apt_update
					(cd "$CACHE" && apt-get "${APT_OPTS[@]}" "${SRC_OPTS[@]}" source "$pkg" >&2) ||
						die "apt-get source $pkg failed"
				else
					die "apt-get source $pkg failed"
				fi
			fi
			after=$(cd "$CACHE" && find . -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort)
			new=$(comm -13 <(echo "$before") <(echo "$after") | grep -v '^\.' | head -n1 || true)
			if [[ -n $new && -d $CACHE/$new/debian ]]; then
				echo "$CACHE/$new" >"$MARKS/$pkg"
			fi
			cached_dir "$pkg" >/dev/null ||
				die "apt-get source $pkg succeeded but no unpacked directory found in $CACHE"
		done
	fi
	for pkg in "$@"; do
		cached_dir "$pkg"
	done
}

# --- main -------------------------------------------------------------------

[[ $# -gt 0 ]] || { usage; exit 2; }
case $1 in
-h | --help)
	usage
	exit 0 ;;
--source)
	shift
	[[ $# -gt 0 ]] || { usage; exit 2; }
	fetch_sources "$@" ;;
-*)
	usage
	die "unknown option $1" ;;
*)
	install_pkgs "$@" ;;
esac
