#!/usr/bin/env bash
# One command to run the whole system on a developer's machine: builds the jars, then starts
# label-api and two push-gateway replicas (profile 'local') against the local PostgreSQL and
# RabbitMQ, or embedded ones when those do not answer. Ctrl-C stops everything.
# Options: --embedded (embedded database and broker even when local ones answer),
#          --base-port=N (label-api on N, gateways on N+1 and N+2; default 8080).
set -euo pipefail
cd "$(dirname "$0")"
# only what the run needs (the C# client in desktop-client needs Mono to build)
./mvnw -B -q -DskipTests -pl local-run -am package
exec java -jar local-run/target/local-run-0.1.0-SNAPSHOT-exec.jar "$@"
