#!/usr/bin/env bash
# Runs the C# tests in Mono (nunit-console, Debian's nunit-console package) against label-api
# and real gateways, which the tests start from the jars named by LABELPUSH_LABEL_API_JAR and
# LABELPUSH_GATEWAY_JAR (Maven sets them; ./mvnw -B verify builds the jars first):
# once on ClientWebSocket, with the unit tests, then on WebSocketSharp 1.0.3-rc11 and current.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p target/nunit
bin=target/bin

nunit() { # name assembly [options]
	local name=$1 assembly=$2
	shift 2
	echo "run-tests.sh: $name"
	nunit-console -nologo -noshadow -labels "$assembly" -xml="target/nunit/$name.xml" "$@"
}

nunit client-websocket "$bin/LabelPush.Client.Tests.dll"
# What does not depend on the socket ran above; here what WebSocketSharp changes.
for version in 1.0.3-rc11 head; do
	nunit "websocket-sharp-$version" "$bin/websocket-sharp-$version/LabelPush.Client.WebSocketSharp.Tests.dll" -exclude:SocketIndependent
done
