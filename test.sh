#!/usr/bin/env bash
# The test command: makes sure what the tests need is there, then runs every test
# (./mvnw -B verify). On a Debian machine as root it starts the local PostgreSQL and RabbitMQ
# when they are installed but stopped, and installs the Debian packages the browser and C#
# tests need; elsewhere it says what is missing. PostgreSQL and RabbitMQ may also come from
# Docker: without local ones the integration tests start containers (Testcontainers).
# Arguments go to Maven: ./test.sh -pl label-api -am
set -euo pipefail
cd "$(dirname "$0")"

answers() { # port
	timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

wait_for() { # name port seconds
	for _ in $(seq "$3"); do
		answers "$2" && { echo "test: $1 answers on 127.0.0.1:$2"; return 0; }
		sleep 1
	done
	echo "test: $1 does not answer on 127.0.0.1:$2 after $3 s" >&2
	return 1
}

root=false
[[ $(id -u) == 0 ]] && root=true

if ! answers 5432 && $root && [[ -d /etc/postgresql ]]; then
	echo "test: starting the local PostgreSQL"
	pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start || true
	wait_for PostgreSQL 5432 60
fi
if ! answers 5672 && $root && command -v rabbitmq-server >/dev/null; then
	echo "test: starting the local RabbitMQ"
	rabbitmq-server -detached || true
	wait_for RabbitMQ 5672 120
fi

# chromium and its driver run the demo pages' browser test; Mono builds and tests the C#
# desktop client (desktop-client)
packages=()
command -v chromium >/dev/null || packages+=(chromium)
command -v chromedriver >/dev/null || packages+=(chromium-driver)
command -v mcs >/dev/null || packages+=(mono-devel)
command -v nunit-console >/dev/null || packages+=(nunit-console)
[[ -f /usr/lib/cli/nunit.framework-2.6.3/nunit.framework.dll ]] || packages+=(libnunit-cil-dev)
[[ -f /usr/lib/cli/Newtonsoft.Json-5.0/Newtonsoft.Json.dll ]] || packages+=(libnewtonsoft-json-cil-dev)
command -v psql >/dev/null || packages+=(postgresql-client)
if ((${#packages[@]})); then
	if $root && command -v apt-get >/dev/null; then
		echo "test: installing ${packages[*]} (about 2 minutes)"
		export DEBIAN_FRONTEND=noninteractive
		apt-get install -y -q "${packages[@]}" >/dev/null \
			|| { apt-get update -q >/dev/null && apt-get install -y -q "${packages[@]}" >/dev/null; }
	else
		echo "test: missing ${packages[*]}: install them (Debian: sudo apt-get install ${packages[*]}) and run again" >&2
		exit 1
	fi
fi

exec ./mvnw -B verify "$@"
