# Shared by deploy/setup, upgrade, restore and manage (sourced, not run).
# Paths of an installation; the same in every script and in the unit files.
PT_USER=praktijktafel
PT_HOME=/opt/praktijktafel
PT_REPO=$PT_HOME/repo
PT_RELEASES=$PT_HOME/releases
PT_CURRENT=$PT_HOME/current
PT_ETC=/etc/praktijktafel
PT_ENV=$PT_ETC/env
PT_LIB=/usr/local/lib/praktijktafel
PT_DATA=/var/lib/praktijktafel
PT_BACKUPS=/var/backups/praktijktafel
PT_SOCKET=/run/praktijktafel/gunicorn.sock

say() { printf '==> %s\n' "$*"; }
die() { printf 'FOUT: %s\n' "$*" >&2; exit 1; }

need_root() { [[ $(id -u) == 0 ]] || die "run this as root (sudo $0 $*)"; }

# Export the variables of the env file the way systemd reads it (NAME=value, no shell syntax).
load_env() {
  local line
  [[ -r $PT_ENV ]] || die "$PT_ENV is missing: run deploy/setup first"
  while IFS= read -r line || [[ -n $line ]]; do
    [[ $line =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] && export "$line"
  done <"$PT_ENV"
}

env_value() {  # env_value NAME DEFAULT: one value from the env file
  local value
  value=$(sed -n "s/^$1=//p" "$PT_ENV" 2>/dev/null | tail -n 1)
  printf '%s' "${value:-$2}"
}

# manage.py of a release, as the app's user, with the app's environment.
manage_in() {
  local release=$1; shift
  ( load_env; cd "$release" && runuser -u "$PT_USER" -- "$release/.venv/bin/python" manage.py "$@" )
}

# Workers enabled on this machine (praktijktafel-worker@1.service ...).
enabled_workers() {
  local link
  for link in /etc/systemd/system/multi-user.target.wants/praktijktafel-worker@*.service; do
    [[ -e $link || -L $link ]] && basename "$link"
  done
  return 0
}
