#!/usr/bin/env bash
# Builds the C# client library, its WebSocketSharp adapter, the tests and the console sample
# with Mono's mcs (Debian: mono-devel, libnunit-cil-dev, libnewtonsoft-json-cil-dev), into
# target/. On Windows, open LabelPush.Client.sln in Visual Studio instead.
set -euo pipefail
cd "$(dirname "$0")"

vendor=${WEBSOCKET_SHARP_DIR:-vendor/websocket-sharp}
newtonsoft=${NEWTONSOFT_JSON_DLL:-/usr/lib/cli/Newtonsoft.Json-5.0/Newtonsoft.Json.dll}
nunit=${NUNIT_FRAMEWORK_DLL:-/usr/lib/cli/nunit.framework-2.6.3/nunit.framework.dll}
for file in "$newtonsoft" "$nunit"; do
	[[ -f $file ]] || { echo "build.sh: $file is missing: apt-get install mono-devel libnunit-cil-dev libnewtonsoft-json-cil-dev" >&2; exit 1; }
done

out=target/bin
mkdir -p "$out"
csc() { mcs -sdk:4.8 -langversion:6 -nowarn:1702 -warnaserror+ -debug "$@"; }

csc -target:library -out:"$out/LabelPush.Client.dll" -doc:"$out/LabelPush.Client.xml" \
	-r:"$newtonsoft" -r:System.Net.Http.dll src/LabelPush.Client/*.cs
cp "$newtonsoft" "$out/"

csc -target:library -out:"$out/LabelPush.Client.Tests.dll" -r:"$out/LabelPush.Client.dll" -r:"$nunit" \
	-r:"$newtonsoft" -r:System.Net.Http.dll tests/LabelPush.Client.Tests/*.cs tests/LabelPush.Client.Tests/Support/*.cs tests/LabelPush.Client.Tests/Unit/*.cs

csc -target:exe -out:"$out/LabelPush.Sample.exe" -r:"$out/LabelPush.Client.dll" -r:"$newtonsoft" \
	-r:System.Net.Http.dll samples/LabelPush.Sample.Console/*.cs

# The adapter and its tests once per WebSocketSharp version desktop apps ship: the NuGet
# release 1.0.3-rc11 and current source. Each in a folder of its own (same assembly name).
for version in 1.0.3-rc11 head; do
	dir="$out/websocket-sharp-$version"
	mkdir -p "$dir"
	cp "$vendor/$version/websocket-sharp.dll" "$out/LabelPush.Client.dll" "$newtonsoft" "$dir/"
	csc -target:library -out:"$dir/LabelPush.Client.WebSocketSharp.dll" -r:"$dir/LabelPush.Client.dll" \
		-r:"$dir/websocket-sharp.dll" src/LabelPush.Client.WebSocketSharp/*.cs
	csc -target:library -out:"$dir/LabelPush.Client.WebSocketSharp.Tests.dll" -r:"$dir/LabelPush.Client.dll" \
		-r:"$dir/LabelPush.Client.WebSocketSharp.dll" -r:"$dir/websocket-sharp.dll" -r:"$nunit" -r:"$newtonsoft" \
		-r:System.Net.Http.dll tests/LabelPush.Client.WebSocketSharp.Tests/*.cs tests/LabelPush.Client.Tests/Support/*.cs \
		tests/LabelPush.Client.Tests/LabelFeedTests.cs
done
echo "build.sh: built into $out"
